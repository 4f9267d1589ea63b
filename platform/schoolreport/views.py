"""Pages of the final analytic report: the years, one year's report with the curator's conclusions,
its build status (polled by the page) and its files — served only here, after the right is checked.

Who: the holders of Capability.REPORT_BUILD (the director and the curator); anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from formats.dates import AcademicYear
from people.access import capability_required
from people.capabilities import Capability
from people.requests import acting_person, request_membership_or_none, request_school
from schoolreport import selectors, services
from schoolreport.content import report_sections
from schoolreport.models import SchoolReport
from service_errors import form_action, show_on_form


class YearForm(forms.Form):
    year = forms.CharField(label=_lazy("Academic year"), max_length=20, help_text=_lazy("For example, 2025/2026."))


class ConclusionsForm(forms.Form):
    conclusions = forms.CharField(
        label=_lazy("The curator's conclusions"), required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_lazy("Printed in the report's last section; one paragraph per line."))


def _year_from_slug(slug: str) -> AcademicYear:
    try:
        return selectors.year_parse(slug)
    except ValidationError:
        raise Http404 from None


def _status(report: SchoolReport) -> dict[str, Any]:
    ready = report.is_ready
    return {
        "id": str(report.pk), "year": str(report.academic_year), "status": report.status,
        "status_display": str(report.get_status_display()), "progress": report.progress, "ready": ready,
        "error": report.error,
        "pdf_url": reverse("schoolreport:pdf", args=[report.pk]) if ready else None,
        "xlsx_url": reverse("schoolreport:xlsx", args=[report.pk]) if ready else None,
    }


@capability_required(Capability.REPORT_BUILD)
def index(request: HttpRequest) -> HttpResponse:
    """The years' reports, and a form to open another year."""
    form = YearForm(request.GET or None, initial={"year": str(selectors.current_year())})
    if request.GET and form.is_valid():
        try:
            year = selectors.year_parse(form.cleaned_data["year"])
        except ValidationError as error:
            show_on_form(form, error)
        else:
            return redirect("schoolreport:year", year=selectors.year_slug(year))
    reports = list(selectors.reports_for(membership=request_membership_or_none(request)))
    current = selectors.current_year()
    return render(request, "schoolreport/index.html", {
        "reports": reports, "form": form, "current_year": current,
        "current_slug": selectors.year_slug(current),
    })


@capability_required(Capability.REPORT_BUILD)
def year_page(request: HttpRequest, year: str) -> HttpResponse:
    """One year's report: the conclusions, «build», the progress, the files."""
    academic_year = _year_from_slug(year)
    report = selectors.report_for_year(membership=request_membership_or_none(request), year=academic_year)
    form = ConclusionsForm(request.POST or None, initial={"conclusions": report.conclusions if report else ""})
    done = form_action(request, form, lambda data: services.report_request(
                           school=request_school(request), acting_user=acting_person(request), year=academic_year,
                           conclusions=data["conclusions"]),
                       success=_("The report is queued; this page shows its progress."),
                       then=reverse("schoolreport:year", kwargs={"year": year}))
    if done:
        return done
    sections = None
    if report is not None and report.is_ready and report.figures:
        sections = report_sections(report.figures, conclusions=report.conclusions)
    return render(request, "schoolreport/year.html", {
        "year": academic_year, "year_slug": year, "report": report, "form": form, "sections": sections,
        "status": _status(report) if report else None,
    })


@capability_required(Capability.REPORT_BUILD)
def status(request: HttpRequest, pk: Any) -> JsonResponse:
    """The build's status and progress, polled by the year's page every 2 seconds."""
    report = selectors.report_get_for(membership=request_membership_or_none(request), id=pk)
    return JsonResponse(_status(report))


def _download(request: HttpRequest, pk: Any, kind: str) -> FileResponse:
    report = selectors.report_get_for(membership=request_membership_or_none(request), id=pk)
    file = report.pdf if kind == "pdf" else report.xlsx
    if not report.is_ready:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"Итоговый отчёт {report.year}-{report.year + 1}.{kind}"
    return FileResponse(handle, as_attachment=True, filename=filename)


@capability_required(Capability.REPORT_BUILD)  # type: ignore[arg-type]  # a FileResponse is a streaming response
def pdf(request: HttpRequest, pk: Any) -> FileResponse:
    return _download(request, pk, "pdf")


@capability_required(Capability.REPORT_BUILD)  # type: ignore[arg-type]
def xlsx(request: HttpRequest, pk: Any) -> FileResponse:
    return _download(request, pk, "xlsx")
