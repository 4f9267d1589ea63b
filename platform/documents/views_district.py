"""The district's own DOCX templates per document kind (at the district's host, the administrator only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from district import selectors as district_selectors
from documents import services
from documents.catalogue import DOCX_KINDS
from people.access import district_roles_required
from people.requests import acting_person
from people.roles import DistrictRole
from reports.docx import PLACEHOLDERS
from service_errors import form_action


class DocxTemplateForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Document"), choices=list(DOCX_KINDS.items()))
    file = forms.FileField(label=gettext_lazy("DOCX template"))


@district_roles_required(DistrictRole.ADMIN)
@require_http_methods(["GET", "POST"])
def docx_template_list(request: HttpRequest) -> HttpResponse:
    form = DocxTemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "remove" in request.POST:
        services.docx_template_remove(acting_user=acting_person(request), kind=request.POST.get("remove", ""))
        messages.success(request, _("The repository's template is used again."))
        return redirect("docx_templates:list")
    done = form_action(request, form, lambda data: services.docx_template_upload(
                           acting_user=acting_person(request), kind=data["kind"], file_name=data["file"].name,
                           content=data["file"].read()),
                       success=_("The template is saved: every school's DOCX of this kind is filled into it."),
                       then="docx_templates:list")
    if done:
        return done
    uploaded = {template.kind: template for template in district_selectors.docx_templates()}
    kinds = [{"kind": kind, "label": label, "uploaded": uploaded.get(kind)} for kind, label in DOCX_KINDS.items()]
    return render(request, "documents/docx_templates.html", {
        "form": form, "kinds": kinds, "placeholders": sorted(PLACEHOLDERS.items())})
