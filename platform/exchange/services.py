"""The mentor exchange's rules (issue 6; regulation §4: a mentor is chosen for the mentee's needs).

* **Directory.** A mentor is listed while all hold: the exchange consent is in force (152-ФЗ: its
  own purpose), the mentor bank says «willing to mentor in another school», the mentor is in the
  bank and not gone, the school is active. Only the consented fields are copied. The mentor's
  school writes the entry (`directory_sync`) when the consent or the questionnaire changes, and
  after every change of the school (with the district figures, debounced); a withdrawn consent
  removes the entry in the withdrawal's own transaction.
* **Capacity.** A mentor's places = the questionnaire's capacity; taken = mentees in active pairs of
  the own school + proposals approved by the school (awaiting the mentor, or accepted until the
  cross-school pair ends). Approvals lock the mentor's questionnaire in the mentor's school — the
  lock the school's own pair forming takes too — so no two approvals or pairs can take one place.
* **Workflow.** The requesting curator proposes a mentor → the mentor's school (director or
  curator) approves or declines with a reason → the mentor consents or declines with a reason →
  the pair (being formed) and a draft programme are created in the mentee's school, the mentor
  gets a guest record there and a guest membership limited to that programme, and the consents
  the mentor gave are recorded there — each through the domain's own service (staff_guest_add,
  consent_give, pair_form_cross_school, programme_create_cross_school, membership_grant with
  guest_programmes); the host school then issues the order and starts the pair as for any pair.
  Unanswered proposals expire after the district's number of days.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from audit.services import audit_record
from banks.services import clean_choices, clean_texts
from district.selectors import district_settings
from exchange import matching
from exchange.models import (
    LIVE_PROPOSAL,
    DeclinedBy,
    DirectoryEntry,
    MentorRequest,
    Proposal,
    ProposalStatus,
    RequestStatus,
)
from exchange.ranking import exchange_rules, free_capacity, needs_of, offer_of
from exchange.selectors import held_places
from formats.dates import add_months
from people.models import Person
from people.roles import SchoolRole
from people.services import membership_grant
from service_errors import field_error
from tenants.changes import school_changed
from tenants.models import School, SchoolStatus

MAX_LIST = 10  # subjects or directions in one request



# --- requests (run in the requesting school) -------------------------------------------------------


def _clean_list(values: Iterable[str], *, field: str, allowed: Sequence[str] | None = None) -> list[str]:
    """The bank's cleaning of subjects (trimmed, no repeats) or of choices, and at most MAX_LIST of them."""
    cleaned = (clean_choices([v for v in values if str(v).strip()], allowed=allowed, field=field)
               if allowed is not None else clean_texts(values, field=field))
    if len(cleaned) > MAX_LIST:
        raise field_error(field, _("At most %(n)s values.") % {"n": MAX_LIST}, "too_many")
    return cleaned


def request_create(*, acting_user: Person, school: School, mentee: Any, subjects: Iterable[str],
                   directions: Iterable[str], preferred_mode: str = "", starts_on: dt.date, months: int,
                   min_experience_years: int | None = None) -> MentorRequest:
    """A curator asks the district for a mentor for `mentee`'s needs (the mentee stays in the school)."""
    from banks.models import Direction
    from exchange_school.models import RequestMentee
    from mentoring.models import Mode

    clean_subjects = _clean_list(subjects, field="subjects")
    clean_directions = _clean_list(directions, field="directions", allowed=Direction.values)
    if not clean_subjects and not clean_directions:
        raise field_error("subjects", _("Name at least one subject or one direction the mentee needs help with: a "
                                   "request without criteria cannot be matched."), "no_criteria")
    if preferred_mode and preferred_mode not in Mode.values:
        raise field_error("preferred_mode", _("Unknown mode of mentoring."), "invalid")
    if not 3 <= months <= 12:
        raise field_error("months", _("A programme lasts from 3 to 12 months (regulation §1.2)."), "months")
    if starts_on < timezone.localdate() - dt.timedelta(days=31):
        raise field_error("starts_on", _("The period cannot start more than a month ago."), "past")
    if min_experience_years is not None and not 0 <= min_experience_years <= 50:
        raise field_error("min_experience_years", _("Experience is counted from 0 to 50 years."), "invalid")
    if mentee is None or not mentee.is_active or mentee.is_guest:
        raise field_error("mentee", _("Choose a mentee from the school's staff."), "invalid")
    with transaction.atomic():
        request = MentorRequest.objects.create(
            school=school, subjects=clean_subjects, directions=clean_directions, preferred_mode=preferred_mode,
            starts_on=starts_on, months=months, min_experience_years=min_experience_years, created_by=acting_user)
        RequestMentee.objects.create(request_uuid=request.pk, mentee=mentee)
        audit_record(actor=acting_user, action="exchange.request_created", school=school, target=request,
                     details={"subjects": clean_subjects, "directions": clean_directions})
    return request


def request_cancel(*, acting_user: Person, school: School, request: MentorRequest) -> MentorRequest:
    with transaction.atomic():
        request = MentorRequest.objects.select_for_update().get(pk=request.pk, school=school)
        if request.status != RequestStatus.OPEN:
            raise field_error("__all__", _("Only an open request can be cancelled."), "not_open")
        live = Proposal.objects.select_for_update().filter(request=request, status__in=LIVE_PROPOSAL)
        for proposal in live:
            _close(proposal, ProposalStatus.WITHDRAWN, by=DeclinedBy.REQUESTER,
                   reason=_("The request was cancelled."))
        request.status = RequestStatus.CANCELLED
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "closed_at"])
        audit_record(actor=acting_user, action="exchange.request_cancelled", school=school, target=request)
    return request


# --- proposals ------------------------------------------------------------------------------------------


def _exclude_after_decline(proposal: Proposal) -> None:
    """A mentor who (or whose school) declined is not offered for the same request again."""
    if proposal.entry_id is None:
        return
    request = MentorRequest.objects.select_for_update().get(pk=proposal.request_id)
    if proposal.entry_id not in request.excluded_entries:
        request.excluded_entries = [*request.excluded_entries, proposal.entry_id]
        request.save(update_fields=["excluded_entries"])


def request_exclude_mentor(*, acting_user: Person, school: School, request: MentorRequest, entry_id: Any,
                           excluded: bool = True) -> MentorRequest:
    """The requesting curator rules a mentor out of (or back into) this request's ranking — a hard rule."""
    key = _uuid(entry_id)
    if key is None or not DirectoryEntry.objects.filter(pk=key).exists():
        raise field_error("mentor", _("This mentor is not in the exchange directory (the consent may have been "
                                 "withdrawn)."), "not_listed")
    with transaction.atomic():
        request = MentorRequest.objects.select_for_update().get(pk=request.pk, school=school)
        if request.status != RequestStatus.OPEN:
            raise field_error("__all__", _("The request is no longer open."), "not_open")
        current = [e for e in request.excluded_entries if e != key]
        request.excluded_entries = [*current, key] if excluded else current
        request.save(update_fields=["excluded_entries"])
        audit_record(actor=acting_user, action="exchange.request_excluded" if excluded else "exchange.request_included",
                     school=school, target=request, details={"entry": str(key)})
    return request


def _close(proposal: Proposal, status: str, *, by: str = "", reason: str = "") -> None:
    proposal.status = status
    proposal.declined_by = by
    proposal.decline_reason = reason
    proposal.save(update_fields=["status", "declined_by", "decline_reason"])


def proposal_create(*, acting_user: Person, request: MentorRequest, entry_id: Any) -> Proposal:
    """Propose a directory mentor for a request (the requesting curator, or the district for its proposal)."""
    with transaction.atomic():
        request = MentorRequest.objects.select_for_update().select_related("school").get(pk=request.pk)
        if request.status != RequestStatus.OPEN:
            raise field_error("__all__", _("The request is no longer open."), "not_open")
        if Proposal.objects.filter(request=request, status__in=LIVE_PROPOSAL).exists():
            raise field_error("__all__", _("A mentor is already proposed for this request; wait for the answer or "
                                      "withdraw it."), "already_proposed")
        entry_uuid = _uuid(entry_id)
        entry = (DirectoryEntry.objects.select_related("school").filter(pk=entry_uuid).first()
                 if entry_uuid is not None else None)
        if entry is None:
            raise field_error("mentor", _("This mentor is not in the exchange directory (the consent may have been "
                                     "withdrawn)."), "not_listed")
        if entry.school.status != SchoolStatus.ACTIVE:
            raise field_error(
                "mentor", _("This mentor's school %(school)s is archived: its mentors cannot be proposed.")
                         % {"school": entry.school.short_name}, "school_archived")
        entry.free = free_capacity(entry, held_places([(entry.school_id, entry.staff_uuid)]))  # type: ignore[attr-defined]
        result = matching.score(needs_of(request), offer_of(entry), exchange_rules())
        if not result.eligible:
            raise field_error("mentor", _("This mentor cannot be proposed: %(reasons)s.")
                         % {"reasons": "; ".join(result.refusals)}, "not_eligible")
        proposal = Proposal.objects.create(
            request=request, entry=entry, mentor_school=entry.school, mentor_staff_uuid=entry.staff_uuid,
            mentor_name=entry.full_name, score=result.total,
            explanation=[{"name": c.name, "points": c.points, "max_points": c.max_points, "reason": c.reason}
                         for c in result.criteria],
            proposed_by=acting_user,
            expires_at=timezone.now() + dt.timedelta(days=district_settings().exchange_answer_days))
        audit_record(actor=acting_user, action="exchange.proposed", school=_school_or_none(request.school),
                     target=proposal, details={"mentor_school": entry.school.slug, "score": result.total})
    return proposal


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _school_or_none(school: School) -> School | None:
    return school if getattr(connection, "schema_name", get_public_schema_name()) == school.schema_name else None


def proposal_school_decide(*, acting_user: Person, school: School, proposal: Proposal, approve: bool,
                           reason: str = "") -> Proposal:
    """The mentor's school approves (a place of the mentor's capacity is taken) or declines with a reason.

    Run in the mentor's school: the mentor's questionnaire there is locked first, as the school's own
    pair forming does, so two approvals at the same moment cannot both take the last place.
    """
    from mentoring.selectors.pairs import mentor_places_taken
    from mentoring.services.pairs import mentor_profiles_lock

    reason = reason.strip()
    if not approve and not reason:
        raise field_error("reason", _("Say why the proposal is declined."), "required")
    with transaction.atomic():
        profile = mentor_profiles_lock([proposal.mentor_staff_uuid]).get(proposal.mentor_staff_uuid)
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk, mentor_school=school)
        if proposal.status != ProposalStatus.AWAITING_SCHOOL:
            raise field_error("__all__", _("This proposal is no longer waiting for the school's answer."), "decided")
        if approve:
            if proposal.entry_id is None:  # the exchange consent was withdrawn meanwhile
                raise field_error(
                    "__all__", _("The mentor is no longer in the exchange directory (the consent may have "
                                          "been withdrawn)."), "not_listed")
            if profile is None:
                raise field_error("__all__", _("The mentor is no longer in the school's mentor bank."), "not_in_bank")
            taken = mentor_places_taken(school=school, staff_ids=[profile.staff_id])[profile.staff_id]
            if taken >= profile.capacity:
                raise field_error("__all__", _("The mentor has no free place: %(taken)s of %(capacity)s taken.")
                             % {"taken": taken, "capacity": profile.capacity}, "full")
            proposal.status = ProposalStatus.AWAITING_MENTOR
        else:
            proposal.status = ProposalStatus.DECLINED
            proposal.declined_by = DeclinedBy.SCHOOL
            proposal.decline_reason = reason
            _exclude_after_decline(proposal)
        proposal.school_decided_by = acting_user
        proposal.school_decided_at = timezone.now()
        proposal.save()
        school_changed()
        audit_record(actor=acting_user, action="exchange.school_approved" if approve else "exchange.school_declined",
                     school=school, target=proposal, details={"reason": reason})
    return proposal


def proposal_mentor_decide(*, acting_user: Person, proposal: Proposal, accept: bool, reason: str = "") -> Proposal:
    """The mentor consents (the pair and programme are created in the mentee's school) or declines."""
    return _mentor_answer(actor=acting_user, proposal=proposal, accept=accept, reason=reason, on_paper=False)


def proposal_mentor_consent_record(*, acting_user: Person, school: School, proposal: Proposal, accept: bool,
                                   reason: str = "") -> Proposal:
    """The mentor's school records the mentor's answer given in writing, for a mentor without a login
    (Labour Code art. 351.8: the written consent is what counts; the paper stays with the school)."""
    if proposal.mentor_school_id != school.pk:
        raise field_error("__all__", _("This proposal concerns a mentor of another school."), "other_school")
    return _mentor_answer(actor=acting_user, proposal=proposal, accept=accept, reason=reason, on_paper=True)


def _mentor_answer(*, actor: Person, proposal: Proposal, accept: bool, reason: str, on_paper: bool) -> Proposal:
    reason = reason.strip()
    if not accept and not reason:
        raise field_error("reason", _("Say why the proposal is declined."), "required")
    with transaction.atomic():
        proposal = (Proposal.objects.select_for_update(of=("self",)).select_related("request__school", "entry")
                    .get(pk=proposal.pk))
        if proposal.status != ProposalStatus.AWAITING_MENTOR:
            raise field_error("__all__", _("This proposal is not waiting for your answer."), "decided")
        if proposal.entry is None:  # the exchange consent was withdrawn meanwhile
            raise field_error("__all__", _("The mentor is no longer in the exchange directory (the consent may have "
                                      "been withdrawn)."), "not_listed")
        if on_paper and proposal.entry.person_id is not None:
            raise field_error("__all__", _("The mentor has a login and answers in the platform."), "mentor_has_login")
        if not on_paper and proposal.entry.person_id != actor.pk:
            raise field_error("__all__", _("Only the proposed mentor can answer."), "not_the_mentor")
        mentor = proposal.entry.person
        proposal.mentor_decided_at = timezone.now()
        details = {"reason": reason, "recorded_from_paper": on_paper}
        if not accept:
            proposal.status = ProposalStatus.DECLINED
            proposal.declined_by = DeclinedBy.MENTOR
            proposal.decline_reason = reason
            _exclude_after_decline(proposal)
            proposal.save()
            audit_record(actor=actor, action="exchange.mentor_declined", target=proposal, details=details)
            return proposal
        host = proposal.request.school
        if host.status != SchoolStatus.ACTIVE:
            raise field_error("__all__", _("The requesting school is archived."), "school_archived")
        with schema_context(host.schema_name):
            pair_id, programme_id = _form_cross_school_pair(proposal=proposal, mentor=mentor, actor=actor)
        proposal.status = ProposalStatus.ACCEPTED
        proposal.pair_uuid, proposal.programme_uuid = pair_id, programme_id
        proposal.save()
        MentorRequest.objects.filter(pk=proposal.request_id).update(status=RequestStatus.MATCHED,
                                                                    closed_at=timezone.now())
        if mentor is not None:  # a mentor with a login gets the guest place; one without needs none
            membership_grant(acting_user=actor, school=host, person=mentor, roles=[SchoolRole.GUEST_MENTOR],
                             guest_programmes=[programme_id])
        school_changed()
        audit_record(actor=actor, action="exchange.mentor_accepted", target=proposal,
                     details={**details, "host": host.slug, "pair": str(pair_id)})
    return proposal


def _form_cross_school_pair(*, proposal: Proposal, mentor: Person | None, actor: Person,
                            ) -> tuple[uuid.UUID, uuid.UUID]:
    """In the mentee's school: the guest record, the mentor's consents, the pair (being formed) and a draft
    programme for the request's period. The host school then signs the order and starts the pair."""
    from consents.models import Consent, ConsentPurpose
    from consents.services import consent_give
    from exchange_school.models import RequestMentee
    from mentoring.services.pairs import pair_form_cross_school
    from mentoring.services.programme_lifecycle import programme_create_cross_school
    from staff.models import StaffMember
    from staff.services import staff_guest_add

    request = proposal.request
    entry = proposal.entry
    assert entry is not None
    link = RequestMentee.objects.select_related("mentee").get(request_uuid=request.pk)
    today = timezone.localdate()
    guest = (StaffMember.objects.filter(person=mentor).first() if mentor is not None else
             StaffMember.objects.filter(is_guest=True, home_school_uuid=proposal.mentor_school.uuid,
                                        last_name=entry.last_name, first_name=entry.first_name,
                                        patronymic=entry.patronymic).first())
    if guest is None:
        guest = staff_guest_add(
            school=request.school, acting_user=actor, person=mentor, last_name=entry.last_name,
            first_name=entry.first_name, patronymic=entry.patronymic, subjects=list(entry.subjects),
            teaching_experience_years=entry.experience_years, home_school_uuid=proposal.mentor_school.uuid)
    note = _("Given in the district mentor exchange, proposal %(id)s.") % {"id": proposal.pk}
    for purpose in (ConsentPurpose.PROCESSING_PROGRAMME, ConsentPurpose.EXTRA_DUTIES,
                    ConsentPurpose.MENTOR_APPOINTMENT):
        if not Consent.objects.filter(staff=guest, purpose=purpose, withdrawn_on__isnull=True).exists():
            consent_give(school=request.school, acting_user=actor, staff=guest, purpose=purpose, given_on=today,
                         note=note[:300])
    pair = pair_form_cross_school(
        school=request.school, acting_user=actor, mentor=guest, mentee=link.mentee, mode=request.preferred_mode,
        formed_on=today, details={"proposal": str(proposal.pk), "mentor_school": proposal.mentor_school.slug})
    starts_on = max(request.starts_on, today)
    programme = programme_create_cross_school(
        school=request.school, acting_user=actor, pair=pair, title=_("Cross-school mentoring programme"),
        goals=_("Help with: %(needs)s.") % {"needs": ", ".join([*request.subjects, *request.directions])},
        directions=list(request.directions), starts_on=starts_on,
        ends_on=add_months(starts_on, request.months) - dt.timedelta(days=1))
    return pair.pk, programme.pk


def proposals_expire(*, now: dt.datetime | None = None) -> int:
    """Unanswered proposals past their date expire (the request is open again)."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = list(Proposal.objects.select_for_update().filter(status__in=LIVE_PROPOSAL, expires_at__lt=now))
        for proposal in expired:
            _close(proposal, ProposalStatus.EXPIRED)
            audit_record(actor=None, action="exchange.proposal_expired", target=proposal)
    return len(expired)


# --- the district's proposal ---------------------------------------------------------------------------


def district_proposals_send(*, acting_user: Person, choices: Sequence[tuple[Any, Any]]) -> list[Proposal]:
    """Send the reviewed assignment: one proposal per (request, mentor); all or nothing."""
    if not choices:
        raise field_error("__all__", _("Choose at least one pair to send."), "empty")
    sent: list[Proposal] = []
    with transaction.atomic():
        for request_id, entry_id in choices:
            request_uuid = _uuid(request_id)
            request = MentorRequest.objects.filter(pk=request_uuid).first() if request_uuid is not None else None
            if request is None:
                raise field_error("__all__", _("A request of the proposal no longer exists."), "request_missing")
            sent.append(proposal_create(acting_user=acting_user, request=request, entry_id=entry_id))
    return sent


# --- the district's settings of the exchange --------------------------------------------------------------


def exchange_settings_update(*, acting_user: Person, require_subject_match: bool, min_experience_years: int,
                             answer_days: int, weights: dict[str, int], exclude_same_school: bool = True) -> None:
    """The district administrator sets the hard rules, the criteria's points (100 in all) and the days to answer."""
    from district.models import DistrictSettings

    if set(weights) != set(matching.CRITERIA) or any(not isinstance(v, int) or v < 0 for v in weights.values()):
        raise field_error("weights", _("Give every criterion a whole number of points, 0 or more."), "invalid")
    total = sum(weights.values())
    if total != 100:
        raise field_error("weights", _("The criteria's points must add up to 100, not %(total)s.") % {"total": total},
                     "sum")
    if not 0 <= min_experience_years <= 50:
        raise field_error("min_experience_years", _("Experience is counted from 0 to 50 years."), "invalid")
    if not 1 <= answer_days <= 60:
        raise field_error("answer_days", _("A proposal waits from 1 to 60 days for an answer."), "invalid")
    with transaction.atomic():
        district_settings()  # the row exists
        row = DistrictSettings.objects.select_for_update().get(id=1)
        row.exchange_require_subject_match = require_subject_match
        row.exchange_exclude_same_school = exclude_same_school
        row.exchange_min_experience_years = min_experience_years
        row.exchange_answer_days = answer_days
        row.exchange_weights = dict(weights)
        row.save(update_fields=["exchange_require_subject_match", "exchange_exclude_same_school",
                                "exchange_min_experience_years",
                                "exchange_answer_days", "exchange_weights"])
        audit_record(actor=acting_user, action="exchange.settings_updated", target=row,
                     details={"weights": weights, "min_experience_years": min_experience_years,
                              "require_subject_match": require_subject_match, "answer_days": answer_days,
                              "exclude_same_school": exclude_same_school})
