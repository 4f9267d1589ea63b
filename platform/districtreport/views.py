"""Pages of the district's reports (mounted at /reports/ at the district's host): the list and the request
form, one report with its progress (polled by the page), its status as JSON and its files — served only
here, after the right is checked.

Who: any district role (the district administrator and the analyst); anyone else gets 404, an anonymous
visitor the login page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from districtreport import selectors, services
from districtreport.models import DistrictReport
from people.access import district_roles_required
from people.requests import acting_person
from service_errors import form_action

ALL, SELECTED = "all", "selected"


class _AnyChoices(forms.MultipleChoiceField):
    """Ticked school uuids as sent; the service says which are not schools of the district."""

    def valid_value(self, value: Any) -> bool:
        return True


class ReportRequestForm(forms.Form):
    year = forms.CharField(label=_lazy("Academic year"), max_length=20, required=False)
    scope = forms.ChoiceField(label=_lazy("Schools"), choices=[(ALL, _lazy("All schools")),
                                                              (SELECTED, _lazy("Selected schools"))],
                              initial=ALL, widget=forms.RadioSelect)
    schools = _AnyChoices(label=_lazy("Schools"), required=False, widget=forms.CheckboxSelectMultiple)


def status_of(report: DistrictReport) -> dict[str, Any]:
    """The build's status as the page's script and the tests read it."""
    ready = report.is_ready
    return {
        "id": str(report.pk), "year": str(report.academic_year), "status": report.status,
        "status_display": str(report.get_status_display()), "progress": report.progress, "ready": ready,
        "error": report.error,
        "pdf_url": reverse("districtreport:pdf", args=[report.pk]) if ready else None,
        "xlsx_url": reverse("districtreport:xlsx", args=[report.pk]) if ready else None,
    }


@district_roles_required()
def index(request: HttpRequest) -> HttpResponse:
    """The district's reports, and the form asking for another."""
    years = selectors.year_choices()
    form = ReportRequestForm(request.POST or None, initial={"year": str(years[0]) if years else ""})
    done = form_action(request, form, lambda data: services.district_report_request(
                           acting_user=acting_person(request), year_text=data["year"],
                           school_ids=data["schools"] if data["scope"] == SELECTED else None),
                       success=_("The report is queued; this page shows its progress."),
                       then=lambda report: reverse("districtreport:detail", kwargs={"report_id": report.pk}))
    if done:
        return done
    chosen_now = {str(value) for value in (form["schools"].value() or [])}
    return render(request, "districtreport/index.html", {
        "form": form, "years": years, "schools": selectors.school_choices(),
        "chosen": chosen_now, "selected_mode": form["scope"].value() == SELECTED,
        "year_value": str(form["year"].value() or ""),
        "reports": list(selectors.reports_for(person=acting_person(request))[:100]),
    })


@district_roles_required()
def detail(request: HttpRequest, report_id: str) -> HttpResponse:
    """One report: what it covers, its progress, its files."""
    report = selectors.report_get_for(person=acting_person(request), id=report_id)
    return render(request, "districtreport/detail.html", {"report": report, "status": status_of(report)})


@district_roles_required()
def status(request: HttpRequest, report_id: str) -> JsonResponse:
    """The build's status and progress, polled by the report's page every 2 seconds."""
    return JsonResponse(status_of(selectors.report_get_for(person=acting_person(request), id=report_id)))


def _download(request: HttpRequest, report_id: str, kind: str) -> FileResponse:
    report = selectors.report_get_for(person=acting_person(request), id=report_id)
    if not report.is_ready:
        raise Http404
    file = report.pdf if kind == "pdf" else report.xlsx
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True,
                        filename=f"Отчёт района {report.year}-{report.year + 1}.{kind}")


@district_roles_required()  # type: ignore[arg-type]  # a FileResponse is a streaming response
def pdf(request: HttpRequest, report_id: str) -> FileResponse:
    return _download(request, report_id, "pdf")


@district_roles_required()  # type: ignore[arg-type]
def xlsx(request: HttpRequest, report_id: str) -> FileResponse:
    return _download(request, report_id, "xlsx")
