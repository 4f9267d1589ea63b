"""Pages of the district's regulation template (at the district's host).

Every district role reads the versions; the district administrator opens a draft, edits its text
and publishes it. School people get 404 here (people.access.district_roles_required).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from documents.catalogue import DocumentKind, placeholders_for
from people.access import district_roles_required
from people.requests import acting_person
from people.roles import DistrictRole
from regulation_templates import selectors, services
from regulation_templates.forms import DraftForm
from regulation_templates.models import RegulationTemplate
from service_errors import show_on_form

ADMIN = DistrictRole.ADMIN


def _is_admin(request: HttpRequest) -> bool:
    user = acting_person(request)
    return user.is_superuser or ADMIN in user.district_roles


def _problem(template: RegulationTemplate) -> str:
    """Why a draft would be refused at publishing, or ""."""
    if template.published:
        return ""
    try:
        services.regulation_template_check(template)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@district_roles_required()
def version_list(request: HttpRequest) -> HttpResponse:
    services.regulation_template_default()
    return render(request, "regulation_templates/list.html", {
        "versions": selectors.version_list(), "is_admin": _is_admin(request), "draft": selectors.draft(),
    })


@district_roles_required()
def version_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    template = selectors.version_get(id=pk)
    return render(request, "regulation_templates/detail.html", {
        "template": template, "can_edit": _is_admin(request) and not template.published,
        "problem": _problem(template),
    })


@district_roles_required(ADMIN)
@require_POST
def draft_create(request: HttpRequest) -> HttpResponse:
    try:
        draft = services.regulation_template_draft_create(acting_user=acting_person(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("regulation_templates:list")
    messages.success(request, _("Draft version %(version)d is open.") % {"version": draft.version})
    return redirect("regulation_templates:edit", pk=draft.pk)


@district_roles_required(ADMIN)
@require_http_methods(["GET", "POST"])
def draft_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    template = selectors.version_get(id=pk)
    if template.published:
        messages.error(request, _("Version %(version)d is published and cannot change: open a new draft version.")
                       % {"version": template.version})
        return redirect("regulation_templates:detail", pk=template.pk)
    form = DraftForm(request.POST or None, initial={"body": template.body, "note": template.note})
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.regulation_template_draft_update(
                acting_user=acting_person(request), template=template, body=form.cleaned_data["body"],
                note=form.cleaned_data["note"])
        except ValidationError as error:
            show_on_form(form, error)
        else:
            problem = _problem(saved)
            if problem:
                messages.warning(request, _("The draft is saved, but it cannot be published yet: %(problem)s")
                                 % {"problem": problem})
            else:
                messages.success(request, _("The draft is saved."))
            return redirect("regulation_templates:detail", pk=template.pk)
    return render(request, "regulation_templates/edit.html", {
        "template": template, "form": form,
        "placeholders": sorted(placeholders_for(DocumentKind.REGULATION).items()),
    })


@district_roles_required(ADMIN)
@require_POST
def version_publish(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    template = selectors.version_get(id=pk)
    try:
        services.regulation_template_publish(acting_user=acting_person(request), template=template)
    except ValidationError as error:
        messages.error(request, _("Version %(version)d is not published: %(problem)s")
                       % {"version": template.version, "problem": " ".join(error.messages)})
    else:
        messages.success(request, _("Version %(version)d is published: schools see that a new version exists and "
                                    "may adopt it.") % {"version": template.version})
    return redirect("regulation_templates:detail", pk=template.pk)
