"""Reads about schools, for the district."""

from __future__ import annotations

from django.db.models import QuerySet

from tenants.models import School, SchoolStatus


def district_schools() -> QuerySet[School]:
    """Every school the district manages (not the template), with their domains."""
    return School.objects.exclude(status=SchoolStatus.TEMPLATE).prefetch_related("domains").order_by("short_name")


def active_school_schemas() -> list[str]:
    return list(School.objects.filter(status=SchoolStatus.ACTIVE).values_list("schema_name", flat=True))


def school_by_slug(slug: str) -> School | None:
    return School.objects.exclude(status=SchoolStatus.TEMPLATE).filter(slug=slug).first()
