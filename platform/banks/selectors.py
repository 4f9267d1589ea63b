"""Reads of the banks of mentees and mentors, already filtered for the acting person.

Both banks are read by those whose roles grant BANKS_VIEW (people.capabilities);
anyone else sees nothing, and a lookup by id answers 404 as for a missing record.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import CharField, Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from banks.models import BankReview, Difficulty, MenteeProfile, MentorProfile, TrainingRecord
from lookups import object_or_404
from mentoring.models import PairStatus, Participant, ParticipantRole
from people.capabilities import Capability, can
from people.models import Membership
from people.roles import SchoolRole
from staff.models import StaffMember
from tenants.models import School

REVIEW_PERIOD_DAYS = 365
_OPEN_PAIR_STATUSES = (PairStatus.FORMING, PairStatus.ACTIVE)


def _may_view(membership: Membership | None) -> bool:
    return can(membership, Capability.BANKS_VIEW)


def _name_search(queryset: QuerySet[Any], search: str, prefix: str = "staff__") -> QuerySet[Any]:
    """Every word of `search` must match the last, first name or patronymic."""
    for word in search.split():
        queryset = queryset.filter(
            Q(**{f"{prefix}last_name__icontains": word}) | Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}patronymic__icontains": word})
        )
    return queryset


# --- Mentee bank ------------------------------------------------------------------


def _mentees() -> QuerySet[MenteeProfile]:
    return MenteeProfile.objects.select_related("staff").prefetch_related(
        Prefetch("difficulties", queryset=Difficulty.objects.order_by("direction", "id"))
    )


def mentee_list(
    *,
    membership: Membership | None,
    category: str = "",
    status: str = "",
    direction: str = "",
    search: str = "",
) -> QuerySet[MenteeProfile]:
    """The mentee bank (банк наставляемых) with its filters; difficulties prefetched."""
    if not _may_view(membership):
        return MenteeProfile.objects.none()
    queryset = _mentees()
    if category:
        queryset = queryset.filter(category=category)
    if status:
        queryset = queryset.filter(status=status)
    if direction:
        queryset = queryset.filter(
            Exists(Difficulty.objects.filter(mentee=OuterRef("pk"), direction=direction))
        )
    return _name_search(queryset, search)


def mentee_get_for(*, membership: Membership | None, id: object) -> MenteeProfile:
    """One mentee record, or 404 both when it does not exist and when the person may not see it."""
    if not _may_view(membership):
        raise Http404
    return object_or_404(_mentees(), id)


def young_specialists_not_in_bank(*, membership: Membership | None) -> QuerySet[StaffMember]:
    """Active young specialists with no mentee record yet: whom the curator should consider
    including (§3.4 «актуализирует информацию о наличии педагогов, которых необходимо включить…»)."""
    if not _may_view(membership):
        return StaffMember.objects.none()
    return StaffMember.objects.filter(is_active=True, is_guest=False, is_young_specialist=True,
                                      mentee_profile__isnull=True)


def staff_choices_for_mentee_bank() -> QuerySet[StaffMember]:
    """Active staff not yet in the mentee bank (a form's choices; the service decides)."""
    return StaffMember.objects.filter(is_active=True, is_guest=False, mentee_profile__isnull=True)


def staff_choices_for_mentor_bank() -> QuerySet[StaffMember]:
    """Active staff not yet in the mentor bank (a form's choices; the service decides)."""
    return StaffMember.objects.filter(is_active=True, is_guest=False, mentor_profile__isnull=True)


# --- Mentor bank ------------------------------------------------------------------


def _active_mentees_of(staff_ref: Any) -> QuerySet[Participant]:
    """Mentees now in open pairs (forming or active) where `staff_ref` is a current mentor.

    One filter() call, so the same mentor participant row meets all three conditions.
    """
    return Participant.objects.filter(
        role=ParticipantRole.MENTEE,
        left_on__isnull=True,
        pair__status__in=_OPEN_PAIR_STATUSES,
        pair__participants__staff=staff_ref,
        pair__participants__role=ParticipantRole.MENTOR,
        pair__participants__left_on__isnull=True,
    )


def active_mentees_expression() -> Coalesce:
    """How many mentees the row's mentor (a MentorProfile query) has now, as a subquery."""
    count = (
        _active_mentees_of(OuterRef("staff_id"))
        .order_by()
        .annotate(n=Func(F("id"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def mentor_active_mentee_count(*, staff_id: uuid.UUID) -> int:
    return _active_mentees_of(staff_id).count()


def _mentors() -> QuerySet[MentorProfile]:
    return (
        MentorProfile.objects.select_related("staff")
        .prefetch_related(Prefetch("trainings", queryset=TrainingRecord.objects.order_by("-completed_on")))
        .annotate(active_mentees=active_mentees_expression())
        .annotate(free_capacity=F("capacity") - F("active_mentees"))
    )


def mentor_list(
    *,
    membership: Membership | None,
    direction: str = "",
    subject: str = "",
    mode: str = "",
    status: str = "",
    has_free_capacity: bool = False,
    willing_cross_school: bool | None = None,
    search: str = "",
) -> QuerySet[MentorProfile]:
    """The mentor bank (банк наставников), each row with `active_mentees` and
    `free_capacity` = capacity − current mentees, computed in the query."""
    if not _may_view(membership):
        return MentorProfile.objects.none()
    queryset = _mentors()
    if direction:
        queryset = queryset.filter(directions__contains=[direction])
    if subject:
        # Subjects are free text: match case-insensitively within the array.
        queryset = queryset.annotate(
            subjects_text=Func(F("subjects"), Value("\n"), function="array_to_string", output_field=CharField())
        ).filter(subjects_text__icontains=subject)
    if mode:
        queryset = queryset.filter(preferred_modes__contains=[mode])
    if status:
        queryset = queryset.filter(status=status)
    if has_free_capacity:
        queryset = queryset.filter(free_capacity__gt=0)  # type: ignore[misc]  # an annotation the plugin cannot see
    if willing_cross_school is not None:
        queryset = queryset.filter(willing_cross_school=willing_cross_school)
    return _name_search(queryset, search)


def mentor_get_for(*, membership: Membership | None, id: object) -> MentorProfile:
    """One mentor's questionnaire with load and trainings, or 404 (missing or not allowed)."""
    if not _may_view(membership):
        raise Http404
    return object_or_404(_mentors(), id)


# --- The annual review (§3.4) -------------------------------------------------------


def bank_review_last() -> BankReview | None:
    return BankReview.objects.order_by("-reviewed_on").first()


def bank_review_due(today: dt.date) -> bool:
    """True when the mentee bank has had no review in the last 365 days (§3.4: at least once a year)."""
    return not bank_reviews_of_last_year(today).exists()


def bank_reviews_of_last_year(today: dt.date) -> QuerySet[BankReview]:
    """The reviews of the mentee bank in the 365 days to `today`: none means a review is due (bank_review_due;
    the home page counts them in its one query of counts, issue 15)."""
    since = today - dt.timedelta(days=REVIEW_PERIOD_DAYS)
    return BankReview.objects.filter(reviewed_on__gt=since, reviewed_on__lte=today)


def bank_reviews(*, membership: Membership | None) -> QuerySet[BankReview]:
    if not _may_view(membership):
        return BankReview.objects.none()
    return BankReview.objects.select_related("reviewed_by").order_by("-reviewed_on", "-id")


def curator_emails(*, school: School) -> list[str]:
    """E-mail addresses of the school's active curators (membership with the curator role)."""
    emails = (
        Membership.objects.filter(
            school=school, is_active=True, roles__contains=[SchoolRole.CURATOR], person__is_active=True
        )
        .exclude(person__email="")
        .order_by("person__last_name", "person__first_name")
        .values_list("person__email", flat=True)
    )
    return list(dict.fromkeys(emails))
