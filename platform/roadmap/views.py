"""Pages of the school's roadmap (дорожная карта).

Every member reads the roadmap; the holders of Capability.ROADMAP_EDIT (director, curator,
coordinator, working group head) change it — anyone else gets 404 on the editing pages.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from formats.dates import AcademicYear
from people.access import capability_required, school_member_required
from people.capabilities import Capability, can
from people.requests import acting_person, request_membership, request_school
from roadmap import selectors, services
from roadmap.forms import RoadmapItemDoneForm, RoadmapItemForm
from roadmap.models import RoadmapItem
from roadmap.selectors import roadmap_update
from roadmap_templates.models import RoadmapTemplate
from service_errors import form_action, not_yours_is_404

EDIT = Capability.ROADMAP_EDIT


def _year_from(value: str | None, default: AcademicYear) -> AcademicYear:
    try:
        return AcademicYear.parse(value or "")
    except ValueError:
        return default


def _page_url(year: AcademicYear) -> str:
    return f"{reverse('roadmap:page')}?year={year}"


@school_member_required
def roadmap_page(request: HttpRequest) -> HttpResponse:
    """The year's roadmap as a table by stage, with progress per stage and overall."""
    membership = request_membership(request)
    today = timezone.localdate()
    current = AcademicYear.of(today)
    year = _year_from(request.GET.get("year"), current)
    roadmap = selectors.roadmap_for_year(membership=membership, year=year)
    if roadmap is None and year == current:
        services.roadmap_ensure_current(school=request_school(request), today=today)
        roadmap = selectors.roadmap_for_year(membership=membership, year=year)
    years = sorted({*selectors.roadmap_years(), current, AcademicYear(current.start + 1), year}, reverse=True)
    can_edit = can(membership, EDIT)
    return render(request, "roadmap/roadmap.html", {
        "year": year, "years": years, "roadmap": roadmap, "today": today,
        "progress": selectors.roadmap_progress(roadmap, today=today) if roadmap else None,
        "can_edit": can_edit, "approval": selectors.roadmap_approval(year),
        "template_update": roadmap_update(today=today) if can_edit and year == current else None,
    })


@capability_required(EDIT)
@require_POST
def roadmap_adopt(request: HttpRequest) -> HttpResponse:
    """Adopt the district's newer roadmap template into this year's roadmap (services.roadmap_template_adopt)."""
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        raise Http404 from None
    template = RoadmapTemplate.objects.filter(published=True, version=version).first()
    if template is None:
        raise Http404
    try:
        roadmap = not_yours_is_404(lambda: services.roadmap_template_adopt(
            school=request_school(request), acting_user=acting_person(request), template=template))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("roadmap:page")
    messages.success(request, _("Version %(version)d of the district's template is adopted: the activities not done "
                                "yet are replaced, the done ones and the school's own are kept.")
                     % {"version": template.version})
    return redirect(_page_url(roadmap.year))


@capability_required(EDIT)
@require_POST
def roadmap_create(request: HttpRequest) -> HttpResponse:
    current = AcademicYear.of(timezone.localdate())
    try:
        year = AcademicYear.parse(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("Choose an academic year such as %(year)s.") % {"year": current})
        return redirect("roadmap:page")
    try:
        services.roadmap_create_from_template(school=request_school(request), acting_user=acting_person(request),
                                              year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The roadmap for %(year)s is created from the district's template.")
                         % {"year": year})
    return redirect(_page_url(year))


def _item_fields(form: RoadmapItemForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {"title": data["title"], "description": data["description"], "deadline": data["deadline"],
            "throughout_year": data["throughout_year"], "responsible_role": data["responsible_role"],
            "responsible_staff": data["responsible_staff"]}


@capability_required(EDIT)
@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, stage_pk: uuid.UUID) -> HttpResponse:
    stage = selectors.roadmap_stage_get_for(membership=request_membership(request), id=stage_pk)
    form = RoadmapItemForm(request.POST or None)
    done = form_action(request, form, lambda data: services.roadmap_item_add(
                           school=request_school(request), acting_user=acting_person(request), stage=stage,
                           **_item_fields(form)),
                       success=_("The activity is added to the roadmap."), then=_page_url(stage.roadmap.year))
    return done or render(request, "roadmap/item_form.html",
                          {"form": form, "stage": stage, "item": None, "year": stage.roadmap.year})


def _initial(item: RoadmapItem) -> dict[str, Any]:
    return {"title": item.title, "description": item.description, "deadline": item.deadline,
            "throughout_year": item.throughout_year, "responsible_role": item.responsible_role,
            "responsible_staff": item.responsible_staff_id, "status": item.status}


@capability_required(EDIT)
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = selectors.roadmap_item_get_for(membership=request_membership(request), id=pk)
    form = RoadmapItemForm(request.POST or None, initial=_initial(item), with_status=True)
    done = form_action(request, form, lambda data: services.roadmap_item_update(
                           school=request_school(request), acting_user=acting_person(request), item=item,
                           status=data["status"], **_item_fields(form)),
                       success=_("The activity is saved."), then=_page_url(item.stage.roadmap.year))
    return done or render(request, "roadmap/item_form.html",
                          {"form": form, "stage": item.stage, "item": item, "year": item.stage.roadmap.year})


@capability_required(EDIT)
@require_http_methods(["GET", "POST"])
def item_done(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = selectors.roadmap_item_get_for(membership=request_membership(request), id=pk)
    form = RoadmapItemDoneForm(request.POST or None, initial={
        "evidence": item.evidence, "evidence_link": item.evidence_link})
    done = form_action(request, form, lambda data: services.roadmap_item_mark_done(
                           school=request_school(request), acting_user=acting_person(request), item=item,
                           evidence=data["evidence"], evidence_link=data["evidence_link"], done_on=data["done_on"]),
                       success=_("The activity is marked done."), then=_page_url(item.stage.roadmap.year))
    return done or render(request, "roadmap/item_done.html",
                          {"form": form, "item": item, "year": item.stage.roadmap.year})


@capability_required(EDIT)
@require_POST
def item_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    item = selectors.roadmap_item_get_for(membership=request_membership(request), id=pk)
    year = item.stage.roadmap.year
    try:
        services.roadmap_item_remove(school=request_school(request), acting_user=acting_person(request), item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The activity is removed from the roadmap."))
    return redirect(_page_url(year))
