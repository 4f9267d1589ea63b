"""Reads about schools, for the district."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404

from audit.models import AuditEvent
from lookups import uuid_or_404
from tenants.models import School, SchoolStatus

# The schools a district list shows unless archived ones are asked for.
CURRENT_STATUSES = (SchoolStatus.ACTIVE, SchoolStatus.PROVISIONING)
# The status filter of the district's list: "" is the current schools, "all" includes the archived.
STATUS_FILTER_ALL = "all"
STATUS_FILTERS = ("", STATUS_FILTER_ALL, SchoolStatus.ACTIVE, SchoolStatus.PROVISIONING, SchoolStatus.ARCHIVED)


def district_schools(*, include_archived: bool = False) -> QuerySet[School]:
    """The schools the district manages, with their domains; never the template school.

    Current schools (active and still being provisioned) by default; archived ones only
    when `include_archived` is asked for.
    """
    statuses = [*CURRENT_STATUSES, SchoolStatus.ARCHIVED] if include_archived else list(CURRENT_STATUSES)
    return (
        School.objects.filter(status__in=statuses)
        .select_related("archived_by")
        .prefetch_related("domains")
        .order_by("short_name", "slug")
    )


def district_school_search(*, status: str = "", kind: str = "", query: str = "") -> QuerySet[School]:
    """The district's list of schools, filtered.

    `status`: "" — the current schools (active and being provisioned); "all" — archived
    ones too; or one status (active, provisioning, archived). `kind`: one kind of school.
    `query`: part of a name (full, short, either in the second language) or of the address.
    """
    if status not in STATUS_FILTERS:
        raise ValueError(f"unknown status filter: {status!r}")
    schools = district_schools(include_archived=status in (STATUS_FILTER_ALL, SchoolStatus.ARCHIVED))
    if status not in ("", STATUS_FILTER_ALL):
        schools = schools.filter(status=status)
    if kind:
        schools = schools.filter(kind=kind)
    query = " ".join(query.split())
    if query:
        schools = schools.filter(
            Q(short_name__icontains=query) | Q(full_name__icontains=query)
            | Q(short_name_second_language__icontains=query) | Q(full_name_second_language__icontains=query)
            | Q(slug__icontains=query)
        )
    return schools


def district_school_get(*, id: uuid.UUID | str) -> School:  # noqa: A002 - the lookups' convention
    """One school of the district by its uuid, archived ones included; the template school,
    an unknown uuid and a malformed one all answer the same 404."""
    school = district_schools(include_archived=True).filter(uuid=uuid_or_404(id)).first()
    if school is None:
        raise Http404
    return school


def school_history(*, school: School, limit: int = 20) -> list[AuditEvent]:
    """The district's record of the school itself (registered, edited, archived, restored),
    newest first. Read at the district's host: the district's audit lives in public."""
    return list(
        AuditEvent.objects.filter(school_uuid=school.uuid, action__startswith="school.").order_by("-at")[:limit]
    )


def active_school_schemas() -> list[str]:
    return list(School.objects.filter(status=SchoolStatus.ACTIVE).values_list("schema_name", flat=True))


def school_by_slug(slug: str) -> School | None:
    return School.objects.exclude(status=SchoolStatus.TEMPLATE).filter(slug=slug).first()
