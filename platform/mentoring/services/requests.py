"""Writes of requests about a pair: the mentee's petition to replace the mentor (§5.1) and the
mentor's request to be released from the mentor's duties (§4.1). Each is decided by the curator
or the director, and the decision is kept.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from banks.models import MenteeStatus
from mentoring.models import (
    ChangeKind,
    Pair,
    PairRequest,
    PairStatus,
    Participant,
    ParticipantRole,
    Programme,
    ProgrammeChange,
    RequestKind,
    RequestStatus,
)
from mentoring.selectors.pairs import MENTOR_CONSENTS, REQUESTER_ROLE, open_participants
from mentoring.services.pairs import (
    acting_or_none,
    check_mentors_available,
    pair_end,
    staff_fresh,
)
from people.capabilities import Capability, can
from people.models import Person
from people.selectors import membership_in
from service_errors import field_error
from staff.models import StaffMember
from tenants.changes import school_changed
from tenants.models import School


def request_submit(
    *, school: School, acting_user: Person, pair: Pair, kind: RequestKind | str, reason: str
) -> PairRequest:
    """Submit a request about the pair.

    Ходатайство о замене наставника (§5.1) — only by a current mentee of the pair;
    заявление о сложении обязанностей наставника (§4.1) — only by a current mentor of it.
    A pair has at most one pending request of each kind.
    """
    if kind not in RequestKind.values:
        raise field_error("kind", _("Choose the kind of request."), "invalid")
    if not reason.strip():
        raise field_error("reason", _("State the reason for the request."), "required")
    staff = StaffMember.objects.filter(person=acting_user, is_active=True).first() if acting_user else None
    role = REQUESTER_ROLE[kind]
    with transaction.atomic():
        # Locking the pair serialises two submissions, so "one pending per kind" holds.
        pair = Pair.objects.select_for_update().get(pk=pair.pk)
        if pair.status == PairStatus.ENDED:
            raise field_error("__all__", _("The pair has ended."), "ended")
        if staff is None or not pair.participants.filter(staff=staff, role=role, left_on__isnull=True).exists():
            message = (_("Only a mentee of this pair can petition to replace the mentor.")
                       if role == ParticipantRole.MENTEE
                       else _("Only a mentor of this pair can ask to be released."))
            raise field_error("kind", message, "not_participant")
        if PairRequest.objects.filter(pair=pair, kind=kind, status=RequestStatus.PENDING).exists():
            raise field_error("kind", _("This pair already has a pending request of this kind; wait for the decision."),
                         "pending_exists")
        request = PairRequest.objects.create(
            pair=pair, kind=kind, submitted_by=staff, reason=reason.strip(), submitted_on=timezone.localdate(),
        )
        audit_record(actor=acting_user, action="pair_request.submitted", school=school, target=request,
                     details={"kind": str(kind), "pair": str(pair.pk)})
    return request


def _replace_mentors(
    *,
    school: School,
    acting_user: Person | None,
    pair: Pair,
    leaving: list[StaffMember],
    new_mentor: StaffMember,
    reason: str,
) -> None:
    """`leaving` mentors leave today and `new_mentor` joins; the pair, its programme and history are kept."""
    mentors, mentees = open_participants(pair)
    if new_mentor.pk in {m.pk for m in mentees}:
        raise field_error("new_mentor", _("%(name)s cannot be their own mentee.") % {"name": new_mentor.full_name},
                     "own_mentee")
    if new_mentor.pk in {m.pk for m in mentors}:
        raise field_error(
            "new_mentor", _("%(name)s is already a mentor of this pair.") % {"name": new_mentor.full_name},
                     "already_mentor")
    # An active pair's new mentor needs every consent the pair needed to start (§3.2).
    consents = MENTOR_CONSENTS if pair.status == PairStatus.ACTIVE else ()
    check_mentors_available(mentors=[new_mentor], new_mentees=len(mentees), field="new_mentor", consents=consents)
    today = timezone.localdate()
    Participant.objects.filter(pair=pair, role=ParticipantRole.MENTOR, left_on__isnull=True,
                               staff__in=leaving).update(left_on=today)
    Participant.objects.create(pair=pair, staff=new_mentor, role=ParticipantRole.MENTOR, joined_on=today)
    programme = Programme.objects.filter(pair=pair).first()
    if programme is not None:
        ProgrammeChange.objects.create(
            programme=programme, kind=ChangeKind.MENTOR_REPLACED,
            before={"mentors": [{"id": str(m.pk), "name": m.full_name} for m in mentors]},
            after={"mentors": [{"id": str(m.pk), "name": m.full_name}
                               for m in [*(m for m in mentors if m not in leaving), new_mentor]]},
            reason=reason, changed_by=acting_or_none(acting_user),
        )
    school_changed()
    audit_record(actor=acting_user, action="pair.mentor_replaced", school=school, target=pair, details={
        "left": [m.full_name for m in leaving], "joined": new_mentor.full_name,
    })


def request_decide(
    *,
    school: School,
    acting_user: Person | None,
    request: PairRequest,
    grant: bool,
    decision: str,
    new_mentor: StaffMember | None = None,
) -> PairRequest:
    """The curator or the director decides a request (§4.1, §5.1); the decision is kept.

    Granting a petition to replace the mentor needs a new mentor (from the mentor bank, with
    consents in force and free capacity): the current mentor leaves the pair, the new one
    joins, and the pair, its programme and their history are kept. Granting a mentor's release
    does the same when a successor is named; otherwise that mentor leaves and, if nobody else
    mentors the pair, the pair ends and its mentees wait for a new mentor. A refusal needs
    the decision's text.
    """
    if acting_user is not None and not can(membership_in(person=acting_user, school=school),
                                           Capability.REQUESTS_DECIDE):
        raise PermissionDenied
    decision = decision.strip()
    if not grant and not decision:
        raise field_error("decision", _("Give the reason for the refusal."), "required")
    with transaction.atomic():
        request = (PairRequest.objects.select_for_update(of=("self",)).select_related("pair", "submitted_by")
                   .get(pk=request.pk))
        if request.status != RequestStatus.PENDING:
            raise field_error("__all__", _("This request has already been decided."), "decided")
        pair = Pair.objects.select_for_update().get(pk=request.pair_id)
        if grant:
            if pair.status == PairStatus.ENDED:
                raise field_error("__all__", _("The pair has ended."), "ended")
            mentors, _mentees = open_participants(pair)
            if new_mentor is not None:
                new_mentor = staff_fresh([new_mentor], "new_mentor")[0]
            if request.kind == RequestKind.REPLACE_MENTOR:
                if new_mentor is None:
                    raise field_error("new_mentor", _("Choose the new mentor."), "required")
                _replace_mentors(school=school, acting_user=acting_user, pair=pair, leaving=mentors,
                                 new_mentor=new_mentor, reason=decision or request.reason)
            else:
                leaving = [m for m in mentors if m.pk == request.submitted_by_id]
                if new_mentor is not None:
                    _replace_mentors(school=school, acting_user=acting_user, pair=pair, leaving=leaving,
                                     new_mentor=new_mentor, reason=decision or request.reason)
                elif len(leaving) < len(mentors):
                    Participant.objects.filter(pair=pair, staff__in=leaving, role=ParticipantRole.MENTOR,
                                               left_on__isnull=True).update(left_on=timezone.localdate())
                else:
                    pair_end(school=school, acting_user=acting_user, pair=pair,
                             mentee_status=MenteeStatus.WAITING, reason=decision or request.reason)
        request.status = RequestStatus.GRANTED if grant else RequestStatus.REFUSED
        request.decided_by = acting_or_none(acting_user)
        request.decided_on = timezone.localdate()
        request.decision = decision
        request.new_mentor = new_mentor if grant else None
        request.save(update_fields=["status", "decided_by", "decided_on", "decision", "new_mentor"])
        school_changed()
        audit_record(actor=acting_user, action="pair_request.decided", school=school, target=request,
                     details={"kind": request.kind, "granted": grant, "decision": decision,
                              "new_mentor": new_mentor.full_name if grant and new_mentor else ""})
    return request

