"""Pages of the district's roadmap template (at the district's host).

Every district role reads the versions; the district administrator opens a draft, edits its
activities and publishes it. School people get 404 here (people.access.district_roles_required).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from people.access import district_roles_required
from people.requests import acting_person
from people.roles import DistrictRole
from regulation_templates.models import TemplateKind
from regulation_templates.selectors import adoption_counts
from roadmap_templates import selectors, services
from roadmap_templates.forms import DraftForm, TemplateItemForm
from roadmap_templates.models import TemplateItem
from service_errors import form_action

ADMIN = DistrictRole.ADMIN


def _is_admin(request: HttpRequest) -> bool:
    user = acting_person(request)
    return user.is_superuser or ADMIN in user.district_roles


@district_roles_required()
def template_list(request: HttpRequest) -> HttpResponse:
    services.roadmap_template_default()
    templates = list(selectors.template_list())
    counts = adoption_counts(TemplateKind.ROADMAP)
    for template in templates:
        template.adopted_count = counts.get(template.version, 0)  # type: ignore[attr-defined]
    return render(request, "roadmap_templates/list.html", {
        "templates": templates, "is_admin": _is_admin(request), "draft_form": DraftForm(),
    })


@district_roles_required()
def template_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    template = selectors.template_get(id=pk)
    return render(request, "roadmap_templates/detail.html", {
        "template": template, "can_edit": _is_admin(request) and not template.published,
    })


@district_roles_required(ADMIN)
@require_POST
def draft_create(request: HttpRequest) -> HttpResponse:
    form = DraftForm(request.POST)
    name = form.cleaned_data["name"] if form.is_valid() else ""
    try:
        draft = services.roadmap_template_draft_create(acting_user=acting_person(request), name=name)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("roadmap_templates:list")
    messages.success(request, _("Draft version %(version)d is open.") % {"version": draft.version})
    return redirect("roadmap_templates:detail", pk=draft.pk)


@district_roles_required(ADMIN)
@require_POST
def template_publish(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    template = selectors.template_get(id=pk)
    try:
        services.roadmap_template_publish(acting_user=acting_person(request), template=template)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(version)d is published: new school roadmaps are copied from it.")
                         % {"version": template.version})
    return redirect("roadmap_templates:detail", pk=template.pk)


def _fields(form: TemplateItemForm) -> dict[str, object]:
    data = form.cleaned_data
    return {"title": data["title"], "description": data["description"], "month": data["month"],
            "responsible_role": data["responsible_role"]}


@district_roles_required(ADMIN)
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, stage_pk: uuid.UUID) -> HttpResponse:
    stage = selectors.template_stage_get(id=stage_pk)
    form = TemplateItemForm(request.POST or None)
    done = form_action(request, form, lambda data: services.roadmap_template_item_add(
                           acting_user=acting_person(request), stage=stage, **_fields(form)),  # type: ignore[arg-type]
                       success=_("The activity is added."),
                       then=reverse("roadmap_templates:detail", kwargs={"pk": stage.template_id}))
    return done or render(request, "roadmap_templates/item_form.html",
                          {"form": form, "stage": stage, "template": stage.template, "item": None})


def _initial(item: TemplateItem) -> dict[str, object]:
    return {"title": item.title, "description": item.description,
            "month": "" if item.month is None else str(item.month), "responsible_role": item.responsible_role}


@district_roles_required(ADMIN)
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = selectors.template_item_get(id=pk)
    form = TemplateItemForm(request.POST or None, initial=_initial(item))
    done = form_action(request, form, lambda data: services.roadmap_template_item_update(
                           acting_user=acting_person(request), item=item, **_fields(form)),  # type: ignore[arg-type]
                       success=_("The activity is saved."),
                       then=reverse("roadmap_templates:detail", kwargs={"pk": item.stage.template_id}))
    return done or render(request, "roadmap_templates/item_form.html",
                          {"form": form, "stage": item.stage, "template": item.stage.template, "item": item})


@district_roles_required(ADMIN)
@require_POST
def item_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = selectors.template_item_get(id=pk)
    try:
        services.roadmap_template_item_remove(acting_user=acting_person(request), item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The activity is removed."))
    return redirect("roadmap_templates:detail", pk=item.stage.template_id)
