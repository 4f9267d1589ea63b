"""Helpers for the roadmap tests: a school's roadmap made through the services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tenants.utils import tenant_context

from formats.dates import AcademicYear
from roadmap.models import Roadmap, RoadmapItem
from roadmap.services import roadmap_create_from_template


def current_year() -> AcademicYear:
    return AcademicYear.of(timezone.localdate())


def make_roadmap(world, school=None, year: AcademicYear | None = None, who: str = "curator_a") -> Roadmap:  # type: ignore[no-untyped-def]
    school = school or world.school_a
    year = year or current_year()
    with tenant_context(school):
        return roadmap_create_from_template(school=school, acting_user=world.people[who], year=year)


def items_of(roadmap: Roadmap) -> list[RoadmapItem]:
    return list(RoadmapItem.objects.filter(stage__roadmap=roadmap).order_by("stage__number", "position"))


def snapshot() -> list[tuple]:
    """Every activity of the current schema's roadmaps, to show that nothing changed."""
    return sorted(RoadmapItem.objects.values_list(
        "id", "title", "deadline", "status", "evidence", "responsible_role", "responsible_staff_id", "done_on"))


def a_day_in(year: AcademicYear, *, month: int = 10, day: int = 15) -> dt.date:
    return dt.date(year.start if month >= 9 else year.start + 1, month, day)
