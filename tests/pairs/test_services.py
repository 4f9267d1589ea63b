"""Rules of pairs and groups (§2.3, §3.2, §6) and of the requests about them (§4.1, §5.1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from banks.models import MenteeProfile, MenteeStatus, MentorProfile, MentorStatus
from consents.models import ConsentPurpose
from mentoring.documents import agreement_pdf, pair_order_pdf
from mentoring.models import (
    ChangeKind,
    Mode,
    Pair,
    PairRequest,
    PairStatus,
    Participant,
    ParticipantRole,
    Programme,
    ProgrammeChange,
    RequestKind,
    RequestStatus,
    RoleForm,
)
from mentoring.selectors.pairs import active_mentee_counts
from mentoring.services.pairs import (
    agreement_create,
    pair_activate,
    pair_draft_order,
    pair_end,
    pair_form,
)
from mentoring.services.requests import request_decide, request_submit
from orders.models import Order, OrderKind, OrderStatus, OrderSubject
from tests.pairs import factories as f

DAY = dt.date(2025, 9, 1)


def form(world, mentors, mentees, mode=Mode.TRADITIONAL, **kw):  # type: ignore[no-untyped-def]
    return pair_form(school=world.school_a, acting_user=world.people["curator_a"], role_form=RoleForm.TEACHER_TEACHER,
                     mode=mode, mentors=mentors, mentees=mentees, formed_on=kw.get("formed_on", DAY))


def codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


def snapshot() -> tuple[int, int, int, int]:
    return (Pair.objects.count(), Participant.objects.count(), Order.objects.count(), PairRequest.objects.count())


# --- forming ---------------------------------------------------------------------------------


def test_a_pair_is_formed_from_the_banks_and_starts_as_being_formed(in_a):
    mentor, mentee = f.mentor(), f.mentee()
    pair = form(in_a, [mentor], [mentee])
    assert pair.status == PairStatus.FORMING and pair.formed_on == DAY
    rows = {(p.staff_id, p.role) for p in pair.participants.all()}
    assert rows == {(mentor.pk, ParticipantRole.MENTOR), (mentee.pk, ParticipantRole.MENTEE)}
    assert AuditEvent.objects.filter(action="pair.formed", target_id=str(pair.pk)).exists()


def test_a_group_has_at_least_two_mentees(in_a):
    mentor, mentee = f.mentor(), f.mentee()
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        form(in_a, [mentor], [mentee], mode=Mode.GROUP)
    assert codes(caught.value) == {"mentees": ["group_too_small"]}
    assert "at least 2 mentees" in caught.value.messages[0]
    assert snapshot() == before
    group = form(in_a, [mentor], [mentee, f.mentee()], mode=Mode.GROUP)
    assert group.participants.filter(role=ParticipantRole.MENTEE).count() == 2


def test_traditional_mentoring_is_one_to_one(in_a):
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        form(in_a, [f.mentor()], [f.mentee(), f.mentee()], mode=Mode.TRADITIONAL)
    assert codes(caught.value) == {"mode": ["traditional_one_to_one"]}
    assert snapshot() == before


def test_a_mentor_cannot_be_their_own_mentee(in_a):
    both = f.mentee(f.mentor())
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        form(in_a, [both], [both])
    assert codes(caught.value) == {"mentees": ["own_mentee"]}
    assert "cannot be their own mentee" in caught.value.messages[0]
    assert snapshot() == before


def test_at_most_two_mentors_and_at_least_one_mentee(in_a):
    mentors = [f.mentor(), f.mentor(), f.mentor()]
    mentees = [f.mentee(), f.mentee()]
    with pytest.raises(ValidationError) as caught:
        form(in_a, mentors, mentees, mode=Mode.GROUP)
    assert codes(caught.value) == {"mentors": ["too_many_mentors"]}
    with pytest.raises(ValidationError) as caught:
        form(in_a, mentors[:1], [], mode=Mode.GROUP)
    assert codes(caught.value) == {"mentees": ["required"]}
    co_mentored = form(in_a, mentors[:2], mentees, mode=Mode.GROUP)
    assert co_mentored.participants.filter(role=ParticipantRole.MENTOR).count() == 2


def test_an_inactive_staff_member_cannot_take_part(in_a):
    mentee = f.mentee()
    mentee.is_active = False
    mentee.save()
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        form(in_a, [f.mentor()], [mentee])
    assert codes(caught.value) == {"mentees": ["inactive"]}
    assert snapshot() == before


def test_mentees_come_from_the_mentee_bank_and_mentors_from_the_mentor_bank(in_a):
    outsider = f.staff()
    f.consent(outsider)
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        form(in_a, [f.mentor()], [outsider])
    assert codes(caught.value) == {"mentees": ["not_in_mentee_bank"]}
    with pytest.raises(ValidationError) as caught:
        form(in_a, [outsider], [f.mentee()])
    assert codes(caught.value) == {"mentors": ["not_in_mentor_bank"]}
    left_mentor = f.mentor()
    MentorProfile.objects.filter(staff=left_mentor).update(status=MentorStatus.LEFT)
    with pytest.raises(ValidationError) as caught:
        form(in_a, [left_mentor], [f.mentee()])
    assert codes(caught.value) == {"mentors": ["not_in_mentor_bank"]}
    left_mentee = f.mentee()
    MenteeProfile.objects.filter(staff=left_mentee).update(status=MenteeStatus.LEFT)
    with pytest.raises(ValidationError) as caught:
        form(in_a, [f.mentor()], [left_mentee])
    assert codes(caught.value) == {"mentees": ["not_in_mentee_bank"]}
    assert snapshot() == before


def test_a_person_without_processing_consent_cannot_be_put_in_a_new_pair(in_a):
    mentor, mentee = f.mentor(), f.mentee(consents=False)
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        form(in_a, [mentor], [mentee])
    assert codes(caught.value) == {"mentees": ["no_consent"]}
    assert "without it cannot be put in a new pair" in caught.value.messages[0]
    assert snapshot() == before


def test_withdrawing_the_processing_consent_takes_effect_at_once(in_a):
    mentor, mentee = f.mentor(), f.mentee()
    f.withdraw(mentee, ConsentPurpose.PROCESSING_PROGRAMME)
    with pytest.raises(ValidationError) as caught:
        form(in_a, [mentor], [mentee])
    assert codes(caught.value) == {"mentees": ["no_consent"]}
    f.withdraw(mentor, ConsentPurpose.PROCESSING_PROGRAMME)
    with pytest.raises(ValidationError) as caught:
        form(in_a, [mentor], [f.mentee()])
    assert codes(caught.value) == {"mentors": ["no_consent"]}
    assert not Pair.objects.exists()


def test_a_mentor_never_exceeds_capacity(in_a):
    mentor = f.mentor(capacity=2)
    form(in_a, [mentor], [f.mentee()])
    ended = form(in_a, [mentor], [f.mentee()])
    Pair.objects.filter(pk=ended.pk).update(status=PairStatus.ENDED)  # an ended pair frees its place
    left = form(in_a, [mentor], [f.mentee()])
    Participant.objects.filter(pair=left, role=ParticipantRole.MENTEE).update(left_on=DAY)  # so does a mentee who left
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        form(in_a, [mentor], [f.mentee(), f.mentee()], mode=Mode.GROUP)
    assert codes(caught.value) == {"mentors": ["over_capacity"]}
    assert "1 of 2 mentees now, 2 more requested" in caught.value.messages[0]
    assert snapshot() == before
    form(in_a, [mentor], [f.mentee()])  # the last free place
    with pytest.raises(ValidationError):
        form(in_a, [mentor], [f.mentee()])


def test_a_mentor_who_left_a_pair_no_longer_counts_its_mentees(in_a):
    mentor = f.mentor(capacity=1)
    pair = form(in_a, [mentor], [f.mentee()])
    with pytest.raises(ValidationError) as caught:  # while in the pair, the one place is taken
        form(in_a, [mentor], [f.mentee()])
    assert codes(caught.value) == {"mentors": ["over_capacity"]}
    Participant.objects.filter(pair=pair, staff=mentor).update(left_on=DAY)
    assert active_mentee_counts([mentor.pk]) == {mentor.pk: 0}
    second = form(in_a, [mentor], [f.mentee()])
    assert second.pk != pair.pk
    assert Participant.objects.filter(pair=second, staff=mentor, role=ParticipantRole.MENTOR,
                                      left_on__isnull=True).exists()
    assert active_mentee_counts([mentor.pk]) == {mentor.pk: 1}


# --- the order, activation, the end ----------------------------------------------------------


def ready_pair(world):  # type: ignore[no-untyped-def]
    mentor, mentee = f.mentor(last_name="Наставникова"), f.mentee(last_name="Молодов")
    return form(world, [mentor], [mentee]), mentor, mentee


def test_the_order_is_drafted_from_the_pairs_data(in_a):
    pair, mentor, mentee = ready_pair(in_a)
    order = pair_draft_order(school=in_a.school_a, acting_user=in_a.people["curator_a"], pair=pair, number="12-н",
                             date=DAY)
    pair.refresh_from_db()
    assert pair.order == order and order.kind == OrderKind.ASSIGN_PAIR and order.status == OrderStatus.DRAFT
    assert "Наставникова" in order.text and "Молодов" in order.text
    assert "«учитель – учитель»" in order.text and "традиционное" in order.text
    assert set(OrderSubject.objects.filter(order=order).values_list("staff_id", "role")) == {
        (mentor.pk, "mentor"), (mentee.pk, "mentee")}
    with pytest.raises(ValidationError) as caught:
        pair_draft_order(school=in_a.school_a, acting_user=None, pair=pair, number="13-н", date=DAY)
    assert codes(caught.value) == {"__all__": ["has_order"]}
    assert Order.objects.count() == 1


def test_a_duplicate_order_number_saves_nothing(in_a):
    pair, _mentor, _mentee = ready_pair(in_a)
    other, _m, _e = ready_pair(in_a)
    pair_draft_order(school=in_a.school_a, acting_user=None, pair=pair, number="7", date=DAY)
    with pytest.raises(ValidationError):
        pair_draft_order(school=in_a.school_a, acting_user=None, pair=other, number="7", date=DAY)
    other.refresh_from_db()
    assert other.order is None


def test_a_pair_is_active_only_with_the_consents_and_the_signed_order(in_a):
    mentor = f.mentor(consents=False, last_name="Безсогласова")
    f.consent(mentor, ConsentPurpose.PROCESSING_PROGRAMME)
    mentee = f.mentee(consents=False, last_name="Новенький")
    f.consent(mentee, ConsentPurpose.PROCESSING_PROGRAMME)
    pair = form(in_a, [mentor], [mentee])
    with pytest.raises(ValidationError) as caught:
        pair_activate(school=in_a.school_a, acting_user=None, pair=pair)
    message = caught.value.messages[0]
    assert "Безсогласова" in message and "Новенький" in message
    assert str(ConsentPurpose.MENTOR_APPOINTMENT.label) in message
    assert str(ConsentPurpose.EXTRA_DUTIES.label) in message
    assert "has not been drafted" in message
    f.consent(mentor)
    f.consent(mentee, ConsentPurpose.EXTRA_DUTIES)
    order = pair_draft_order(school=in_a.school_a, acting_user=None, pair=pair, number="5", date=DAY)
    with pytest.raises(ValidationError) as caught:
        pair_activate(school=in_a.school_a, acting_user=None, pair=pair)
    assert caught.value.messages == ["The pair cannot start yet. Missing: the director's order № 5 is not signed."]
    pair.refresh_from_db()
    assert pair.status == PairStatus.FORMING and pair.activated_on is None
    assert MenteeProfile.objects.get(staff=mentee).status == MenteeStatus.WAITING
    f.sign(order)
    pair_activate(school=in_a.school_a, acting_user=in_a.people["curator_a"], pair=pair)
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE and pair.activated_on == DAY
    assert MenteeProfile.objects.get(staff=mentee).status == MenteeStatus.IN_PROGRAMME
    with pytest.raises(ValidationError):
        pair_activate(school=in_a.school_a, acting_user=None, pair=pair)


def test_a_withdrawn_consent_stops_activation(in_a):
    pair, mentor, _mentee = ready_pair(in_a)
    pair.order = f.signed_order()
    pair.save()
    f.withdraw(mentor, ConsentPurpose.MENTOR_APPOINTMENT)
    with pytest.raises(ValidationError) as caught:
        pair_activate(school=in_a.school_a, acting_user=None, pair=pair)
    assert str(ConsentPurpose.MENTOR_APPOINTMENT.label) in caught.value.messages[0]
    pair.refresh_from_db()
    assert pair.status == PairStatus.FORMING


def test_the_end_of_a_pair_completes_its_mentees(in_a):
    pair, _mentor, mentee = ready_pair(in_a)
    pair_end(school=in_a.school_a, acting_user=None, pair=pair, ended_on=dt.date(2026, 5, 31))
    pair.refresh_from_db()
    assert pair.status == PairStatus.ENDED and pair.ended_on == dt.date(2026, 5, 31)
    assert MenteeProfile.objects.get(staff=mentee).status == MenteeStatus.COMPLETED
    assert pair.participants.filter(left_on__isnull=True).count() == 2  # the history stays
    with pytest.raises(ValidationError):
        pair_end(school=in_a.school_a, acting_user=None, pair=pair)


def test_the_agreement_of_article_351_8(in_a):
    pair, mentor, mentee = ready_pair(in_a)
    args = {"school": in_a.school_a, "acting_user": None, "pair": pair, "content": "Адаптация молодого учителя",
            "starts_on": DAY, "ends_on": dt.date(2026, 5, 31), "form": "индивидуальная", "payment": "доплата 10 %"}
    with pytest.raises(ValidationError) as caught:
        agreement_create(**{**args, "mentor": mentee})
    assert codes(caught.value) == {"mentor": ["not_mentor"]}
    with pytest.raises(ValidationError) as caught:
        agreement_create(**{**args, "mentor": mentor, "ends_on": DAY, "payment": " "})
    assert codes(caught.value) == {"ends_on": ["dates_order"], "payment": ["required"]}
    assert not pair.agreements.exists()
    agreement = agreement_create(**{**args, "mentor": mentor})
    assert agreement.pair == pair and agreement.payment == "доплата 10 %"
    pdf = agreement_pdf(school=in_a.school_a, agreement=agreement)
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_the_order_prints_as_pdf_before_and_after_drafting(in_a):
    pair, _mentor, _mentee = ready_pair(in_a)
    assert pair_order_pdf(school=in_a.school_a, pair=pair).startswith(b"%PDF")
    pair_draft_order(school=in_a.school_a, acting_user=None, pair=pair, number="9", date=DAY)
    assert pair_order_pdf(school=in_a.school_a, pair=pair).startswith(b"%PDF")


# --- requests --------------------------------------------------------------------------------


@pytest.fixture
def world_pair(in_a):  # type: ignore[no-untyped-def]
    """mentor_a mentors mentee_a in an active pair with a programme."""
    mentor = f.mentor(in_a.staff("mentor_a"), capacity=3)
    mentee = f.mentee(in_a.staff("mentee_a"))
    pair = form(in_a, [mentor], [mentee])
    Pair.objects.filter(pk=pair.pk).update(status=PairStatus.ACTIVE, activated_on=DAY)
    pair.refresh_from_db()
    Programme.objects.create(pair=pair, title="Программа", goals="Цели", starts_on=DAY, ends_on=dt.date(2026, 5, 31))
    return pair, mentor, mentee


def submit(world, key, pair, kind, reason="Нет взаимопонимания"):  # type: ignore[no-untyped-def]
    return request_submit(school=world.school_a, acting_user=world.people[key], pair=pair, kind=kind, reason=reason)


def decide(world, request, grant, decision="", new_mentor=None, key="curator_a"):  # type: ignore[no-untyped-def]
    return request_decide(school=world.school_a, acting_user=world.people[key], request=request, grant=grant,
                          decision=decision, new_mentor=new_mentor)


def test_only_a_mentee_of_the_pair_petitions_and_only_its_mentor_asks_release(in_a, world_pair):
    pair, _mentor, _mentee = world_pair
    for key, kind in (("mentor_a", RequestKind.REPLACE_MENTOR), ("mentee_a", RequestKind.RELEASE_MENTOR),
                      ("teacher_a", RequestKind.REPLACE_MENTOR), ("curator_a", RequestKind.RELEASE_MENTOR)):
        with pytest.raises(ValidationError) as caught:
            submit(in_a, key, pair, kind)
        assert codes(caught.value) == {"kind": ["not_participant"]}
    assert not PairRequest.objects.exists()
    petition = submit(in_a, "mentee_a", pair, RequestKind.REPLACE_MENTOR)
    release = submit(in_a, "mentor_a", pair, RequestKind.RELEASE_MENTOR)
    assert petition.status == release.status == RequestStatus.PENDING
    assert petition.submitted_by == in_a.staff("mentee_a") and petition.submitted_on == timezone.localdate()


def test_one_pending_request_of_a_kind_per_pair(in_a, world_pair):
    pair, _mentor, _mentee = world_pair
    first = submit(in_a, "mentee_a", pair, RequestKind.REPLACE_MENTOR)
    with pytest.raises(ValidationError) as caught:
        submit(in_a, "mentee_a", pair, RequestKind.REPLACE_MENTOR)
    assert codes(caught.value) == {"kind": ["pending_exists"]}
    assert PairRequest.objects.count() == 1
    decide(in_a, first, False, "Оснований нет")
    submit(in_a, "mentee_a", pair, RequestKind.REPLACE_MENTOR)  # once decided, a new one may come
    with pytest.raises(ValidationError) as caught:
        submit(in_a, "mentee_a", pair, RequestKind.REPLACE_MENTOR, reason="  ")
    assert codes(caught.value) == {"reason": ["required"]}


def test_a_refusal_needs_its_reason_and_is_kept(in_a, world_pair):
    pair, mentor, _mentee = world_pair
    petition = submit(in_a, "mentee_a", pair, RequestKind.REPLACE_MENTOR)
    with pytest.raises(ValidationError) as caught:
        decide(in_a, petition, False, "  ")
    assert codes(caught.value) == {"decision": ["required"]}
    petition.refresh_from_db()
    assert petition.status == RequestStatus.PENDING
    decide(in_a, petition, False, "Наставник справляется", key="director_a")
    petition.refresh_from_db()
    assert petition.status == RequestStatus.REFUSED and petition.decision == "Наставник справляется"
    assert petition.decided_by == in_a.people["director_a"] and petition.decided_on == timezone.localdate()
    assert pair.participants.get(role=ParticipantRole.MENTOR, left_on__isnull=True).staff == mentor
    with pytest.raises(ValidationError) as caught:
        decide(in_a, petition, True, new_mentor=f.mentor())
    assert codes(caught.value) == {"__all__": ["decided"]}


def test_only_the_curator_or_the_director_decides(in_a, world_pair):
    pair, _mentor, _mentee = world_pair
    petition = submit(in_a, "mentee_a", pair, RequestKind.REPLACE_MENTOR)
    for key in ("mentor_a", "teacher_a", "mentee_a"):
        with pytest.raises(PermissionDenied):
            decide(in_a, petition, False, "нет", key=key)
    petition.refresh_from_db()
    assert petition.status == RequestStatus.PENDING


def test_a_replacement_keeps_the_pair_its_programme_and_history(in_a, world_pair):
    pair, old, mentee = world_pair
    petition = submit(in_a, "mentee_a", pair, RequestKind.REPLACE_MENTOR)
    with pytest.raises(ValidationError) as caught:
        decide(in_a, petition, True, "Удовлетворить")
    assert codes(caught.value) == {"new_mentor": ["required"]}
    new = f.mentor(last_name="Сменщикова")
    decide(in_a, petition, True, "Удовлетворить", new_mentor=new)
    petition.refresh_from_db()
    assert petition.status == RequestStatus.GRANTED and petition.new_mentor == new
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE
    history = {(p.staff_id, p.role, p.left_on is None) for p in pair.participants.all()}
    assert history == {(old.pk, "mentor", False), (new.pk, "mentor", True), (mentee.pk, "mentee", True)}
    change = ProgrammeChange.objects.get(programme__pair=pair)
    assert change.kind == ChangeKind.MENTOR_REPLACED
    assert change.before["mentors"][0]["id"] == str(old.pk) and change.after["mentors"][0]["id"] == str(new.pk)
    assert Programme.objects.filter(pair=pair).count() == 1


def test_the_new_mentor_passes_the_checks_of_forming(in_a, world_pair):
    pair, old, _mentee = world_pair
    petition = submit(in_a, "mentee_a", pair, RequestKind.REPLACE_MENTOR)
    full = f.mentor(capacity=1)
    form(in_a, [full], [f.mentee()])
    no_consent = f.mentor(consents=False)
    f.consent(no_consent, ConsentPurpose.PROCESSING_PROGRAMME)  # but not the appointment: the pair is active
    for candidate, code in ((full, "over_capacity"), (no_consent, "no_consent"), (f.staff(), "not_in_mentor_bank"),
                            (in_a.staff("mentee_a"), "own_mentee"), (old, "already_mentor")):
        with pytest.raises(ValidationError) as caught:
            decide(in_a, petition, True, "Да", new_mentor=candidate)
        assert codes(caught.value) == {"new_mentor": [code]}, candidate
    petition.refresh_from_db()
    assert petition.status == RequestStatus.PENDING
    assert pair.participants.filter(left_on__isnull=False).count() == 0
    assert not ProgrammeChange.objects.exists()


def test_a_released_mentor_without_successor_ends_the_pair(in_a, world_pair):
    pair, _old, mentee = world_pair
    release = submit(in_a, "mentor_a", pair, RequestKind.RELEASE_MENTOR, reason="Переход в другую школу")
    decide(in_a, release, True, "Освободить")
    pair.refresh_from_db()
    assert pair.status == PairStatus.ENDED and pair.ended_on == timezone.localdate()
    assert MenteeProfile.objects.get(staff=mentee).status == MenteeStatus.WAITING
    release.refresh_from_db()
    assert release.status == RequestStatus.GRANTED and release.decision == "Освободить"


def test_a_released_mentor_with_a_successor_keeps_the_pair(in_a, world_pair):
    pair, old, _mentee = world_pair
    release = submit(in_a, "mentor_a", pair, RequestKind.RELEASE_MENTOR)
    new = f.mentor()
    decide(in_a, release, True, "", new_mentor=new)
    pair.refresh_from_db()
    assert pair.status == PairStatus.ACTIVE
    assert pair.participants.get(staff=old).left_on == timezone.localdate()
    assert pair.participants.get(staff=new, left_on__isnull=True).role == ParticipantRole.MENTOR
    assert ProgrammeChange.objects.filter(programme__pair=pair, kind=ChangeKind.MENTOR_REPLACED).count() == 1
