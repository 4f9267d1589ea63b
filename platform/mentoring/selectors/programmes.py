"""Reads of personalised programmes, their plans and evidence, already filtered for the acting person.

Who sees a programme: whoever holds PAIRS_VIEW_ALL (the curator, the director, …) sees every
programme of the school; anyone else only the programmes of pairs they currently take part in
(a mentor their mentees' programmes, a mentee their own); a guest mentor from another school only
the programmes of `Membership.guest_programmes` they take part in. Every lookup by id answers the same 404
for "does not exist" and "not yours".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from banks.models import Direction
from formats.dates import format_date
from lookups import object_or_404
from mentoring.models import (
    Activity,
    ActivityStatus,
    EarlyEndReason,
    Evidence,
    Pair,
    PairStatus,
    Participant,
    ParticipantRole,
    Programme,
    ProgrammeChange,
    ProgrammeStatus,
)
from people.access import guest_programme_ids
from people.capabilities import Capability, can
from people.models import Membership
from people.roles import SchoolRole
from staff.models import StaffMember

PROGRESS_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS)


def _participates(membership: Membership, pair_ref: str = "pair") -> Exists:
    return Exists(Participant.objects.filter(
        pair=OuterRef(pair_ref), staff__person_id=membership.person_id, left_on__isnull=True))


def _visible(membership: Membership | None) -> QuerySet[Programme]:
    if membership is None:
        return Programme.objects.none()
    programmes = Programme.objects.all()
    guest_programmes = guest_programme_ids(membership)
    if guest_programmes is not None:  # a guest mentor from another school: their cross-school programmes only
        return programmes.filter(_participates(membership), pk__in=guest_programmes)
    if can(membership, Capability.PAIRS_VIEW_ALL):
        return programmes
    return programmes.filter(_participates(membership))


def overdue_condition(today: dt.date, prefix: str = "") -> Q:
    """An activity is overdue: its deadline has passed, it is not done or cancelled, its programme runs."""
    return Q(**{
        f"{prefix}deadline__lt": today,
        f"{prefix}status__in": PROGRESS_STATUSES,
        f"{prefix}programme__status": ProgrammeStatus.ACTIVE,
    })


def overdue_activities(today: dt.date) -> QuerySet[Activity]:
    """Every overdue activity of the school (for reminders and statistics)."""
    return Activity.objects.filter(overdue_condition(today))


def programmes_for(
    *, membership: Membership | None, status: str = "", overdue_only: bool = False, query: str = "",
    today: dt.date | None = None,
) -> QuerySet[Programme]:
    """The programmes the person may see, with their participants and the number of overdue activities."""
    today = today or timezone.localdate()
    programmes = _visible(membership).select_related("pair").annotate(
        overdue_count=Count("activities", filter=overdue_condition(today, "activities__")),
        activity_count=Count("activities"),
    ).prefetch_related(
        Prefetch("pair__participants",
                 queryset=Participant.objects.filter(left_on__isnull=True).select_related("staff")
                 .order_by("role", "staff__last_name"),
                 to_attr="current_participants"),
    ).order_by("-starts_on", "title")
    if status in ProgrammeStatus.values:
        programmes = programmes.filter(status=status)
    if overdue_only:
        programmes = programmes.filter(overdue_count__gt=0)
    if query:
        named = Exists(Participant.objects.filter(pair=OuterRef("pair"), left_on__isnull=True,
                                                  staff__last_name__icontains=query))
        programmes = programmes.filter(Q(title__icontains=query) | named)
    return programmes


def programme_get_for(*, membership: Membership | None, id: object) -> Programme:
    """One programme the person may see, or 404 (missing and not-theirs look the same)."""
    return object_or_404(_visible(membership).select_related("pair", "approved_by"), id)


def programme_plan(programme: Programme, *, today: dt.date | None = None) -> list[Activity]:
    """The plan of activities with their responsible people and evidence; `is_overdue` set on each."""
    today = today or timezone.localdate()
    activities = list(
        programme.activities.select_related("responsible").prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at")))
    )
    running = programme.status == ProgrammeStatus.ACTIVE
    for activity in activities:
        activity.is_overdue = running and activity.deadline < today and activity.status in PROGRESS_STATUSES  # type: ignore[attr-defined]
    return activities


def programme_history(programme: Programme) -> list[ProgrammeChange]:
    """The programme's history (§7.2), each change with `before_rows`/`after_rows` to show:
    (field label, value) pairs with dates as 31.08.2022, statuses and directions by name."""
    changes = list(programme.changes.select_related("changed_by").order_by("changed_at"))
    staff_ids = {
        values.get("responsible") for change in changes for values in (change.before, change.after)
    } - {None, ""}
    names = {str(pk): name for pk, name in _staff_names(staff_ids).items()}
    for change in changes:
        change.before_rows = _readable(change.before, names)  # type: ignore[attr-defined]
        change.after_rows = _readable(change.after, names)  # type: ignore[attr-defined]
    return changes


def _staff_names(ids: set[str]) -> dict[Any, str]:
    if not ids:
        return {}
    return {member.pk: member.full_name for member in StaffMember.objects.filter(pk__in=ids)}


def _readable(values: dict[str, Any], staff_names: dict[str, str]) -> list[tuple[str, str]]:
    is_activity = "activity" in values
    model = Activity if is_activity else Programme
    statuses = ActivityStatus if is_activity else ProgrammeStatus
    rows = []
    for key, value in values.items():
        if key == "activity":
            continue
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:  # a key that is not a field (e.g. «changes») shows as it is
            label = key
        else:
            label = str(getattr(field, "verbose_name", key))
        rows.append((label, _readable_value(key, value, statuses, staff_names)))
    return rows


def _readable_value(key: str, value: Any, statuses: Any, staff_names: dict[str, str]) -> str:
    if key == "status" and value in statuses.values:
        return str(statuses(value).label)
    if key == "end_reason" and value in EarlyEndReason.values:
        return str(EarlyEndReason(value).label)
    if key in ("direction", "directions"):
        items = value if isinstance(value, list) else [value]
        return ", ".join(str(Direction(item).label) for item in items if item in Direction.values)
    if key == "responsible":
        return staff_names.get(str(value), "")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return "" if value is None else str(value)


def programme_participants(programme: Programme) -> list[Participant]:
    return list(programme.pair.participants.filter(left_on__isnull=True).select_related("staff")
                .order_by("role", "staff__last_name"))


def activity_get_for(*, membership: Membership | None, id: object) -> Activity:
    """One activity of a programme the person may see, or 404."""
    return object_or_404(Activity.objects.filter(programme__in=_visible(membership))
                         .select_related("programme", "programme__pair", "responsible"), id)


def evidence_get_for(*, membership: Membership | None, id: object) -> Evidence:
    """One evidence file of a programme the person may see, or 404 — the only way a file is served."""
    return object_or_404(Evidence.objects.filter(activity__programme__in=_visible(membership))
                         .select_related("activity"), id)


def pairs_open_for_programme(*, membership: Membership | None) -> QuerySet[Pair]:
    """Pairs still without a programme for which the person may write one (an editor: any; a mentor: theirs)."""
    if membership is None:
        return Pair.objects.none()
    pairs = Pair.objects.exclude(status=PairStatus.ENDED).filter(programme__isnull=True).prefetch_related(
        Prefetch("participants", queryset=Participant.objects.filter(left_on__isnull=True).select_related("staff"),
                 to_attr="current_participants"))
    if can(membership, Capability.PROGRAMMES_EDIT):
        return pairs
    return pairs.filter(Exists(Participant.objects.filter(
        pair=OuterRef("pk"), staff__person_id=membership.person_id, role=ParticipantRole.MENTOR,
        left_on__isnull=True)))


def responsible_choices(*, school: Any, programme: Programme) -> QuerySet[StaffMember]:
    """Who may be responsible for an activity: the pair's current participants and the school's curators."""
    curators = Membership.objects.filter(school=school, is_active=True, roles__contains=[SchoolRole.CURATOR])
    return StaffMember.objects.filter(
        Q(pair_participations__pair=programme.pair_id, pair_participations__left_on__isnull=True)
        | Q(person_id__in=list(curators.values_list("person_id", flat=True)))
    ).distinct().order_by("last_name", "first_name")


def roles_in_programme(*, membership: Membership | None, programme: Programme) -> set[str]:
    """The person's current roles (mentor, mentee) in the programme's pair, for showing the right buttons."""
    if membership is None:
        return set()
    return set(Participant.objects.filter(pair=programme.pair_id, staff__person_id=membership.person_id,
                                          left_on__isnull=True).values_list("role", flat=True))
