"""Reads of the school's roadmap, for its pages, API, reports and the reminder task.

Every member of the school reads the roadmap (it is part of the school's normative base);
the editors are the holders of Capability.ROADMAP_EDIT (see roadmap.views).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from formats.dates import AcademicYear
from lookups import object_or_404
from people.models import Membership
from regulation_templates.models import TemplateKind
from regulation_templates.updates import TemplateUpdate
from roadmap.models import Roadmap, RoadmapItem, RoadmapItemStatus, RoadmapStage
from roadmap_templates.models import RoadmapTemplate
from staff.models import StaffMember

if TYPE_CHECKING:
    from orders.models import Order


def _member(membership: Membership | None) -> Membership:
    if membership is None:
        raise Http404
    return membership


def roadmap_years() -> list[AcademicYear]:
    """The academic years that have a roadmap, newest first."""
    starts = Roadmap.objects.order_by("-year_start").values_list("year_start", flat=True)
    return [AcademicYear(start) for start in starts]


def roadmap_for_year(*, membership: Membership | None, year: AcademicYear) -> Roadmap | None:
    """The roadmap of `year` with its stages, activities and responsible people loaded (3 queries)."""
    _member(membership)
    items = RoadmapItem.objects.select_related("responsible_staff").order_by("position", "deadline", "title")
    stages = RoadmapStage.objects.prefetch_related(Prefetch("items", queryset=items)).order_by("number")
    return Roadmap.objects.prefetch_related(Prefetch("stages", queryset=stages)).filter(year_start=year.start).first()


def roadmap_item_get_for(*, membership: Membership | None, id: uuid.UUID | str) -> RoadmapItem:
    """An activity of this school's roadmap; 404 for a missing one and for a non-member alike."""
    _member(membership)
    return object_or_404(RoadmapItem.objects.select_related("stage__roadmap", "responsible_staff"), id)


def roadmap_stage_get_for(*, membership: Membership | None, id: uuid.UUID | str) -> RoadmapStage:
    _member(membership)
    return object_or_404(RoadmapStage.objects.select_related("roadmap"), id)


def responsible_staff_choices() -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(is_active=True, is_guest=False).order_by("last_name", "first_name", "patronymic")


def items_due_for_reminder(*, today: dt.date, days_ahead: int) -> QuerySet[RoadmapItem]:
    """Activities of this academic year not done, due within `days_ahead` days or overdue, not yet
    reminded for their current deadline."""
    year = AcademicYear.of(today)
    return (RoadmapItem.objects
            .exclude(status=RoadmapItemStatus.DONE)
            .filter(deadline__gte=year.first_day, deadline__lte=today + dt.timedelta(days=days_ahead))
            .filter(Q(reminded_for_deadline__isnull=True) | ~Q(reminded_for_deadline=F("deadline")))
            .order_by("deadline"))


# --- Progress ---------------------------------------------------------------------------------------------


def _percent(done: int, total: int) -> int:
    return round(100 * done / total) if total else 0


@dataclass
class StageProgress:
    stage: RoadmapStage
    items: list[RoadmapItem]
    done: int
    total: int
    overdue: int

    @property
    def percent(self) -> int:
        return _percent(self.done, self.total)


@dataclass
class RoadmapProgress:
    roadmap: Roadmap
    stages: list[StageProgress] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(stage.done for stage in self.stages)

    @property
    def total(self) -> int:
        return sum(stage.total for stage in self.stages)

    @property
    def overdue(self) -> int:
        return sum(stage.overdue for stage in self.stages)

    @property
    def percent(self) -> int:
        return _percent(self.done, self.total)


def is_overdue(item: RoadmapItem, today: dt.date) -> bool:
    return item.status != RoadmapItemStatus.DONE and item.deadline < today


def roadmap_progress(roadmap: Roadmap, *, today: dt.date) -> RoadmapProgress:
    """Done / total and overdue per stage and overall, from the loaded roadmap (no further queries).
    Each activity gets `is_overdue` set for display."""
    progress = RoadmapProgress(roadmap=roadmap)
    for stage in roadmap.stages.all():
        items = list(stage.items.all())
        overdue = 0
        for item in items:
            item.is_overdue = is_overdue(item, today)  # type: ignore[attr-defined]
            overdue += item.is_overdue  # type: ignore[attr-defined]
        progress.stages.append(StageProgress(
            stage=stage, items=items, total=len(items), overdue=overdue,
            done=sum(1 for item in items if item.status == RoadmapItemStatus.DONE),
        ))
    return progress


def roadmap_items_needing_attention(*, membership: Membership | None, today: dt.date,
                                    days_ahead: int = 7) -> list[RoadmapItem]:
    """For the person's home page: this year's roadmap activities not done, due within `days_ahead`
    days or overdue, for which the person answers (named, or holding the responsible role while no
    person is named)."""
    return list(roadmap_items_needing_attention_query(membership=membership, today=today, days_ahead=days_ahead)
                .select_related("stage__roadmap").order_by("deadline", "title"))


def roadmap_items_needing_attention_query(*, membership: Membership | None, today: dt.date,
                                          days_ahead: int = 7) -> QuerySet[RoadmapItem]:
    """The rows of `roadmap_items_needing_attention`, unevaluated: the home page counts them in its one
    query of counts (issue 15)."""
    if membership is None:
        return RoadmapItem.objects.none()
    year = AcademicYear.of(today)
    mine = Q(responsible_staff__person_id=membership.person_id) | Q(
        responsible_staff__isnull=True, responsible_role__in=list(membership.roles))
    return (RoadmapItem.objects.exclude(status=RoadmapItemStatus.DONE)
            .filter(mine, deadline__gte=year.first_day, deadline__lte=today + dt.timedelta(days=days_ahead)))


# --- «Дорожная карта утверждена»: one definition for the school's pages, its roadmap and the district ---

# The order introducing the mentoring system approves the regulation and the roadmap together (№ 116/1, §1).
ROADMAP_ORDER_KINDS = ("approve_roadmap", "mentoring_system")


def roadmap_approval(year: AcademicYear) -> Order | None:
    """The roadmap of `year` is approved by a **signed director's order** — «об утверждении дорожной карты», or
    the order introducing the mentoring system — dated from 1 June before the year to 31 May of it (a roadmap
    approved in the summer is the coming year's). The school's roadmap page, the «done» mark of its approval
    activity (roadmap.services) and the district's figure (stats.figures) all ask this, so they cannot disagree.
    """
    from orders.models import Order, OrderStatus

    return (Order.objects.filter(kind__in=ROADMAP_ORDER_KINDS, status=OrderStatus.SIGNED,
                                 date__gte=dt.date(year.start, 6, 1), date__lte=dt.date(year.start + 1, 5, 31))
            .order_by("-date").first())


def is_approval_item(item: RoadmapItem) -> bool:
    """The activity of stage 1 that stands for approving the roadmap itself (the template's «Дорожная карта (план
    мероприятий) по реализации Положения…»)."""
    return item.title.strip().casefold().startswith("дорожная карта")
def roadmap_update(*, today: dt.date | None = None) -> TemplateUpdate | None:
    """The district's roadmap template, when newer than the one the current year's roadmap follows."""
    year = AcademicYear.of(today or timezone.localdate())
    roadmap = Roadmap.objects.filter(year_start=year.start).only("template_version").first()
    if roadmap is None:
        return None
    latest = RoadmapTemplate.objects.filter(published=True).order_by("-version").first()
    if latest is None or latest.version <= (roadmap.template_version or 0):
        return None
    return TemplateUpdate(
        kind=TemplateKind.ROADMAP, template_id=latest.pk, title=latest.name, current_version=roadmap.template_version,
        new_version=latest.version, note="", url=reverse("roadmap:page") + "#template-update")
