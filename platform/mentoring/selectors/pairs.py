"""Reads of pairs, groups and their requests, already filtered for the acting person.

Those whose roles grant `PAIRS_VIEW_ALL` see every pair of the school; everybody else
sees only the pairs they take part in now (a mentor their own mentees, a mentee their own);
a guest mentor from another school only the pairs of their `guest_programmes`.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from banks.models import MenteeStatus, MentorStatus
from consents.models import Consent, ConsentPurpose
from exchange.selectors import held_places
from lookups import object_or_404
from mentoring.models import (
    Agreement,
    Pair,
    PairRequest,
    PairStatus,
    Participant,
    ParticipantRole,
    RequestKind,
    RequestStatus,
)
from orders.models import Order, OrderStatus
from people.access import guest_programme_ids
from people.capabilities import Capability, can
from people.models import Membership, Person
from staff.models import StaffMember
from tenants.models import School
from tenants.spaces import school_of_connection

# Pairs that hold their participants (a mentor's places, a mentee's pair).
OPEN_PAIR_STATUSES = (PairStatus.FORMING, PairStatus.ACTIVE)

# Consents a participant needs before the pair may work (§3.2, §6.2; Labour Code art. 351.8).
PARTICIPANT_CONSENTS = (ConsentPurpose.PROCESSING_PROGRAMME, ConsentPurpose.EXTRA_DUTIES)
MENTOR_CONSENTS = (*PARTICIPANT_CONSENTS, ConsentPurpose.MENTOR_APPOINTMENT)


def consents_in_force(staff_ids: Iterable[object], *, on: dt.date | None = None) -> dict[object, set[str]]:
    """Purposes with a consent in force per staff id (one query)."""
    day = on or timezone.localdate()
    result: dict[object, set[str]] = {staff_id: set() for staff_id in staff_ids}
    rows = Consent.objects.filter(
        staff_id__in=list(result), given_on__lte=day, withdrawn_on__isnull=True
    ).values_list("staff_id", "purpose")
    for staff_id, purpose in rows:
        result[staff_id].add(purpose)
    return result


def active_mentee_counts(mentor_ids: Sequence[object]) -> dict[object, int]:
    """How many mentees each mentor has now: open mentees of forming or active pairs where they are an open mentor."""
    rows = (
        Participant.objects.filter(
            role=ParticipantRole.MENTEE, left_on__isnull=True, pair__status__in=OPEN_PAIR_STATUSES,
            pair__participants__staff_id__in=list(mentor_ids), pair__participants__role=ParticipantRole.MENTOR,
            pair__participants__left_on__isnull=True,
        )
        .values("pair__participants__staff_id")
        .annotate(mentees=Count("staff_id", distinct=True))
    )
    counts: dict[object, int] = dict.fromkeys(mentor_ids, 0)
    for row in rows:
        counts[row["pair__participants__staff_id"]] = row["mentees"]
    return counts


def mentor_places_taken(*, school: School, staff_ids: Sequence[Any]) -> dict[Any, int]:
    """Places each mentor of `school` has taken (call inside its schema, under `mentor_profiles_lock`):
    mentees in the school's open pairs, and places held in other schools through the exchange."""
    counts = active_mentee_counts(staff_ids)
    held = held_places([(school.pk, staff_id) for staff_id in staff_ids])
    return {staff_id: counts.get(staff_id, 0) + held.get((school.pk, staff_id), 0) for staff_id in staff_ids}


def open_participants(pair: Pair) -> tuple[list[StaffMember], list[StaffMember]]:
    """The pair's current mentors and mentees."""
    rows = list(pair.participants.filter(left_on__isnull=True).select_related("staff").order_by(
        "staff__last_name", "staff__first_name"))
    return ([p.staff for p in rows if p.role == ParticipantRole.MENTOR],
            [p.staff for p in rows if p.role == ParticipantRole.MENTEE])


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a pair needs before it may start: a participant's consent or the director's order."""

    kind: str  # "consent", "order_draft" or "order_sign"
    label: str
    done: bool
    staff: StaffMember | None = None
    purpose: str = ""
    order: Order | None = None


def pair_activation_checklist(pair: Pair) -> list[ChecklistItem]:
    """Everything that stands before activation (§3.2, §6.2), done or not, in the order to do it."""
    mentors, mentees = open_participants(pair)
    in_force = consents_in_force([m.pk for m in (*mentors, *mentees)])
    items: list[ChecklistItem] = []
    for staff, needed in [(m, MENTOR_CONSENTS) for m in mentors] + [(m, PARTICIPANT_CONSENTS) for m in mentees]:
        for purpose in needed:
            done = purpose in in_force[staff.pk]
            template = (_("%(name)s: consent — %(purpose)s") if done
                        else _("%(name)s: no consent — %(purpose)s"))
            items.append(ChecklistItem(
                "consent", template % {"name": staff.full_name, "purpose": ConsentPurpose(purpose).label},
                done, staff=staff, purpose=str(purpose)))
    order = pair.order
    if order is None or order.status == OrderStatus.CANCELLED:
        items.append(ChecklistItem("order_draft", _("the director's order assigning the pair has not been drafted"),
                                   False))
        items.append(ChecklistItem("order_sign", _("the director signs the order"), False))
    else:
        items.append(ChecklistItem("order_draft", _("the director's order № %(number)s is drafted")
                                   % {"number": order.number}, True, order=order))
        signed = order.status == OrderStatus.SIGNED
        items.append(ChecklistItem(
            "order_sign", (_("the director's order № %(number)s is signed") if signed
                           else _("the director's order № %(number)s is not signed")) % {"number": order.number},
            signed, order=order))
    return items


def pair_missing_for_activation(pair: Pair) -> list[str]:
    """What the pair still lacks to become active: consents per participant and the signed order."""
    missing = [item for item in pair_activation_checklist(pair) if not item.done]
    # An undrafted order is one thing to do, not two.
    if any(item.kind == "order_draft" for item in missing):
        missing = [item for item in missing if item.kind != "order_sign"]
    return [item.label for item in missing]


def _own_staff_id(person: Person) -> uuid.UUID | None:
    if not person.is_authenticated:
        return None
    return StaffMember.objects.filter(person=person, is_active=True).values_list("pk", flat=True).first()


def _participants_prefetch() -> Prefetch:
    return Prefetch(
        "participants",
        queryset=Participant.objects.select_related("staff").order_by("role", "left_on", "joined_on",
                                                                      "staff__last_name"),
    )


def pairs_visible_to(
    *,
    membership: Membership | None,
    person: Person,
    status: str = "",
    mode: str = "",
    role_form: str = "",
    search: str = "",
) -> QuerySet[Pair]:
    """The pairs the person may see, with participants and order loaded (a fixed number of queries)."""
    pairs = Pair.objects.select_related("order").prefetch_related(_participants_prefetch())
    if not can(membership, Capability.PAIRS_VIEW_ALL):
        staff_id = _own_staff_id(person) if membership is not None else None
        if staff_id is None:
            return pairs.none()
        pairs = pairs.filter(pk__in=Participant.objects.filter(staff_id=staff_id, left_on__isnull=True)
                             .values("pair_id"))
    guest_programmes = guest_programme_ids(membership)
    if guest_programmes is not None:  # a guest mentor: only the pairs of their cross-school programmes
        pairs = pairs.filter(programme__pk__in=guest_programmes)
    if status:
        pairs = pairs.filter(status=status)
    if mode:
        pairs = pairs.filter(mode=mode)
    if role_form:
        pairs = pairs.filter(role_form=role_form)
    if search.strip():
        words = search.split()
        for word in words:
            pairs = pairs.filter(pk__in=Participant.objects.filter(
                Q(staff__last_name__icontains=word) | Q(staff__first_name__icontains=word)
                | Q(staff__patronymic__icontains=word)).values("pair_id"))
    return pairs


def pair_get_for(*, membership: Membership | None, person: Person, id: object) -> Pair:
    """One pair the person may see; 404 both when it does not exist and when it is not theirs."""
    return object_or_404(pairs_visible_to(membership=membership, person=person), id)


def is_participant(pair: Pair, person: Person, role: ParticipantRole | None = None) -> bool:
    """Whether the person takes part in the pair now (in `role`, if given)."""
    return any(
        p.left_on is None and p.staff.person_id == person.pk and (role is None or p.role == role)
        for p in pair.participants.all()
    )


# Who submits each kind of request: the mentee petitions to replace the mentor (§5.1), the mentor asks to be
# released (§4.1). The service refuses anyone else; the pages offer a person only the kinds open to them.
REQUESTER_ROLE: dict[str, ParticipantRole] = {
    RequestKind.REPLACE_MENTOR: ParticipantRole.MENTEE,
    RequestKind.RELEASE_MENTOR: ParticipantRole.MENTOR,
}


def request_kinds_open_to(pair: Pair, person: Person) -> list[str]:
    """The kinds of request (§4.1, §5.1) the person may submit about the pair, by their current role in it."""
    return [str(kind) for kind, role in REQUESTER_ROLE.items() if is_participant(pair, person, role)]


@dataclass(frozen=True)
class ParticipantConsents:
    participant: Participant
    needed: list[tuple[str, str, bool]]  # (purpose, label, in force)

    @property
    def complete(self) -> bool:
        return all(in_force for _purpose, _label, in_force in self.needed)


def pair_consents(pair: Pair) -> list[ParticipantConsents]:
    """For each current participant, the consents the pair needs and whether each is in force."""
    current = [p for p in pair.participants.all() if p.left_on is None]
    in_force = consents_in_force([p.staff_id for p in current])
    result = []
    for participant in current:
        needed = MENTOR_CONSENTS if participant.role == ParticipantRole.MENTOR else PARTICIPANT_CONSENTS
        result.append(ParticipantConsents(participant, [
            (purpose, str(ConsentPurpose(purpose).label), purpose in in_force[participant.staff_id])
            for purpose in needed
        ]))
    return result


def pair_agreements_for(*, membership: Membership | None, person: Person, pair: Pair) -> list[Agreement]:
    """Agreements of art. 351.8 are between the school and a mentor: the mentor and the leadership see them."""
    agreements = Agreement.objects.filter(pair=pair).select_related("mentor").order_by("-created_at")
    if can(membership, Capability.PAIRS_VIEW_ALL):
        return list(agreements)
    return list(agreements.filter(mentor__person=person))


def agreement_get_for(
    *, membership: Membership | None, person: Person, pair: Pair, id: object
) -> Agreement:
    """One agreement of a pair the person may see; 404 otherwise."""
    for agreement in pair_agreements_for(membership=membership, person=person, pair=pair):
        if str(agreement.pk) == str(id):
            return agreement
    raise Http404


def requests_visible_to(*, membership: Membership | None, person: Person, status: str = "") -> QuerySet[PairRequest]:
    """Requests the person may see: the deciders and those who see every pair see all; anyone else, their own."""
    requests = PairRequest.objects.select_related("pair", "submitted_by", "new_mentor", "decided_by")
    if not (can(membership, Capability.REQUESTS_DECIDE) or can(membership, Capability.PAIRS_VIEW_ALL)):
        staff_id = _own_staff_id(person) if membership is not None else None
        if staff_id is None:
            return requests.none()
        requests = requests.filter(submitted_by_id=staff_id)
    if status:
        requests = requests.filter(status=status)
    return requests


def requests_pending_for(*, membership: Membership | None) -> QuerySet[PairRequest]:
    """The requests waiting for a decision, for those who decide them (§4.1, §5.1)."""
    if not can(membership, Capability.REQUESTS_DECIDE):
        return PairRequest.objects.none()
    return PairRequest.objects.filter(status=RequestStatus.PENDING).select_related("pair", "submitted_by")


def request_get_for(*, membership: Membership | None, person: Person, id: object) -> PairRequest:
    """One request the person may see; 404 both when it does not exist and when it is not theirs."""
    return object_or_404(requests_visible_to(membership=membership, person=person), id)


def request_get_for_decision(*, membership: Membership | None, id: object) -> PairRequest:
    """A request to decide: only for those with `REQUESTS_DECIDE`; 404 otherwise."""
    if not can(membership, Capability.REQUESTS_DECIDE):
        raise Http404
    return object_or_404(PairRequest.objects.select_related("pair", "submitted_by"), id)


def mentor_candidates() -> QuerySet[StaffMember]:
    """Active staff in the mentor bank (not left), for choosing a mentor."""
    return StaffMember.objects.filter(is_active=True, is_guest=False, mentor_profile__isnull=False).exclude(
        mentor_profile__status=MentorStatus.LEFT)


def mentee_candidates() -> QuerySet[StaffMember]:
    """Active staff in the mentee bank (not left), for choosing mentees."""
    return StaffMember.objects.filter(is_active=True, is_guest=False, mentee_profile__isnull=False).exclude(
        mentee_profile__status=MenteeStatus.LEFT)


# --- choosing participants (the pair forming page) ----------------------------------------------

PICKER_LIMIT = 30  # rows of not-yet-chosen people shown under a search; the chosen are always shown


@dataclass(frozen=True)
class MentorOption:
    staff: StaffMember
    capacity: int
    free: int
    subjects: list[str]
    directions: list[str]


@dataclass(frozen=True)
class MenteeOption:
    staff: StaffMember
    category: str
    difficulties: list[str]
    in_pair: bool


def _search(queryset: QuerySet[Any], search: str) -> QuerySet[Any]:
    for word in search.split():
        queryset = queryset.filter(Q(staff__last_name__icontains=word) | Q(staff__first_name__icontains=word)
                                   | Q(staff__patronymic__icontains=word))
    return queryset


def _chosen_first(rows: list[Any], chosen: set[str], matching: set[str]) -> list[Any]:
    """The chosen rows, then up to PICKER_LIMIT more that match the search."""
    picked = [row for row in rows if str(row.staff.pk) in chosen]
    others = [row for row in rows if str(row.staff.pk) not in chosen and str(row.staff.pk) in matching]
    return picked + others[:PICKER_LIMIT]


def mentor_options(*, search: str = "", chosen: Iterable[str] = ()) -> list[MentorOption]:
    """Mentors of the bank with their free places (places held in other schools counted), subjects and
    directions; the chosen ones first, then those matching `search` (two queries)."""
    from banks.models import Direction, MentorProfile
    from banks.selectors import active_mentees_expression

    profiles = (MentorProfile.objects.filter(staff__in=mentor_candidates()).select_related("staff")
                .annotate(active=active_mentees_expression()).order_by("staff__last_name", "staff__first_name"))
    matching = {str(pk) for pk in _search(profiles, search).values_list("staff_id", flat=True)}
    rows = list(profiles)
    school = school_of_connection()
    held = held_places([(school.pk, p.staff_id) for p in rows])
    labels = dict(Direction.choices)
    options = [MentorOption(p.staff, p.capacity, max(p.capacity - p.active - held.get((school.pk, p.staff_id), 0), 0),
                            list(p.subjects), [str(labels.get(d, d)) for d in p.directions]) for p in rows]
    return _chosen_first(options, set(chosen), matching)


def mentee_options(*, search: str = "", chosen: Iterable[str] = ()) -> list[MenteeOption]:
    """Mentees of the bank with their category, difficulties and whether they are in an open pair already."""
    from banks.models import Difficulty, MenteeProfile

    in_pair = Participant.objects.filter(staff_id=OuterRef("staff_id"), role=ParticipantRole.MENTEE,
                                         left_on__isnull=True, pair__status__in=OPEN_PAIR_STATUSES)
    profiles = (MenteeProfile.objects.filter(staff__in=mentee_candidates()).select_related("staff")
                .prefetch_related(Prefetch("difficulties", queryset=Difficulty.objects.order_by("direction", "id")))
                .annotate(in_pair=Exists(in_pair)).order_by("staff__last_name", "staff__first_name"))
    matching = {str(pk) for pk in _search(profiles, search).values_list("staff_id", flat=True)}
    options = [MenteeOption(p.staff, p.get_category_display(),
                            [f"{d.get_direction_display()}: {d.description}" for d in p.difficulties.all()],
                            bool(p.in_pair)) for p in profiles]
    return _chosen_first(options, set(chosen), matching)


@dataclass(frozen=True)
class ConsentGap:
    staff: StaffMember
    purpose: str
    label: str
    blocks_forming: bool  # without the processing consent a person cannot be put in a pair at all


def consent_gaps(*, mentors: Sequence[StaffMember], mentees: Sequence[StaffMember]) -> list[ConsentGap]:
    """The consents the chosen people lack for the pair to start (one query)."""
    in_force = consents_in_force([m.pk for m in (*mentors, *mentees)])
    return [
        ConsentGap(staff, str(purpose), str(ConsentPurpose(purpose).label),
                   purpose == ConsentPurpose.PROCESSING_PROGRAMME)
        for staff, needed in [(m, MENTOR_CONSENTS) for m in mentors] + [(m, PARTICIPANT_CONSENTS) for m in mentees]
        for purpose in needed if purpose not in in_force[staff.pk]
    ]


def next_order_number(year: int) -> str:
    """The next free number of the year's orders: one more than the greatest leading number in use."""
    numbers = Order.objects.filter(year=year).values_list("number", flat=True)
    used = set(numbers)
    leading = [int(match.group()) for number in used if (match := re.match(r"\d+", number.strip()))]
    candidate = max(leading, default=0) + 1
    while str(candidate) in used:
        candidate += 1
    return str(candidate)


def consent_staff_get(*, id: object) -> StaffMember:
    """An active staff member of this school whose consent may be recorded; 404 otherwise."""
    return object_or_404(StaffMember.objects.filter(is_active=True, is_guest=False), id)
