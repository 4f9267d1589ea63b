"""The rules of the two banks (regulation §3.4), each with a test that fails without it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from audit.models import AuditEvent
from banks import services
from banks.models import (
    BankReview,
    Difficulty,
    Direction,
    MenteeCategory,
    MenteeProfile,
    MenteeStatus,
    MentorProfile,
    TrainingRecord,
)
from banks.services import DifficultyInput
from district.models import DistrictSettings
from mentoring.models import Mode, PairStatus, RoleForm
from tests.banks.factories import make_mentee, make_mentor, make_pair, make_staff


@pytest.fixture
def school_a(world):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        yield world.school_a


@pytest.fixture
def curator(world):  # type: ignore[no-untyped-def]
    return world.people["curator_a"]


def _code(error: ValidationError, field: str) -> str:
    return error.error_dict[field][0].code  # type: ignore[no-any-return]


# --- Mentee bank ------------------------------------------------------------------


def test_mentee_add_records_difficulties_and_audits(school_a, curator, world):
    staff = world.staff("mentee_a")
    mentee = make_mentee(school_a, curator, staff, requests="  Как вести журнал  ", strengths="ИКТ")
    assert mentee.status == MenteeStatus.WAITING and mentee.added_on == timezone.localdate()
    assert mentee.requests == "Как вести журнал"
    assert sorted(mentee.difficulties.values_list("direction", flat=True)) == [
        Direction.DIGITAL_ENVIRONMENT, Direction.TEACHING_METHODS]
    assert AuditEvent.objects.filter(action="banks.mentee_added", target_id=str(mentee.pk)).exists()


def test_a_staff_member_is_added_to_the_mentee_bank_once(school_a, curator, world):
    staff = world.staff("mentee_a")
    make_mentee(school_a, curator, staff)
    with pytest.raises(ValidationError) as caught:
        make_mentee(school_a, curator, staff, category=MenteeCategory.OTHER)
    assert _code(caught.value, "staff") == "duplicate"
    assert MenteeProfile.objects.filter(staff=staff).count() == 1
    assert MenteeProfile.objects.get(staff=staff).category == MenteeCategory.YOUNG_SPECIALIST


def test_a_mentee_who_left_cannot_be_added_again_either(school_a, curator):
    mentee = make_mentee(school_a, curator)
    services.mentee_remove(school=school_a, acting_user=curator, mentee=mentee)
    with pytest.raises(ValidationError) as caught:
        make_mentee(school_a, curator, mentee.staff)
    assert _code(caught.value, "staff") == "duplicate"
    assert MenteeProfile.objects.filter(staff=mentee.staff).count() == 1


def test_a_deactivated_staff_member_is_refused_by_both_banks(school_a, curator):
    staff = make_staff(active=False)
    with pytest.raises(ValidationError) as mentee_error:
        make_mentee(school_a, curator, staff)
    with pytest.raises(ValidationError) as mentor_error:
        make_mentor(school_a, curator, staff)
    assert _code(mentee_error.value, "staff") == "inactive" and _code(mentor_error.value, "staff") == "inactive"
    assert not MenteeProfile.objects.filter(staff=staff).exists()
    assert not MentorProfile.objects.filter(staff=staff).exists()


def test_a_mentee_needs_a_request_or_a_difficulty(school_a, curator):
    staff = make_staff()
    with pytest.raises(ValidationError) as caught:
        make_mentee(school_a, curator, staff, requests="   ", difficulties=[])
    assert _code(caught.value, "difficulties") == "required"
    assert not MenteeProfile.objects.filter(staff=staff).exists()
    # Either one is enough.
    assert make_mentee(school_a, curator, staff, requests="Классное руководство", difficulties=[]).pk
    assert make_mentee(school_a, curator, make_staff(), difficulties=[
        DifficultyInput(direction=Direction.UPBRINGING, description="Дисциплина")]).pk


@pytest.mark.parametrize("difficulty", [
    DifficultyInput(direction="cooking", description="Борщ"),
    DifficultyInput(direction=Direction.UPBRINGING, description="   "),
])
def test_a_bad_difficulty_is_refused_and_nothing_is_saved(school_a, curator, difficulty):
    staff = make_staff()
    with pytest.raises(ValidationError) as caught:
        make_mentee(school_a, curator, staff, requests="Запрос", difficulties=[difficulty])
    assert "difficulties" in caught.value.error_dict
    assert not MenteeProfile.objects.filter(staff=staff).exists()


def test_a_bad_category_is_refused(school_a, curator):
    staff = make_staff()
    with pytest.raises(ValidationError) as caught:
        make_mentee(school_a, curator, staff, category="genius")
    assert _code(caught.value, "category") == "invalid_choice"
    assert not MenteeProfile.objects.filter(staff=staff).exists()


def test_set_difficulties_replaces_the_list(school_a, curator):
    mentee = make_mentee(school_a, curator)
    services.mentee_set_difficulties(school=school_a, acting_user=curator, mentee=mentee, difficulties=[
        DifficultyInput(direction=Direction.SUBJECT_CONTENT, description="Стереометрия"),
    ])
    assert list(Difficulty.objects.filter(mentee=mentee).values_list("direction", "description")) == [
        (Direction.SUBJECT_CONTENT, "Стереометрия")]


def test_set_difficulties_cannot_leave_a_mentee_with_nothing_recorded(school_a, curator):
    mentee = make_mentee(school_a, curator, requests="")
    with pytest.raises(ValidationError):
        services.mentee_set_difficulties(school=school_a, acting_user=curator, mentee=mentee, difficulties=[])
    assert Difficulty.objects.filter(mentee=mentee).count() == 2


def test_update_changes_only_what_is_given_and_keeps_the_rule(school_a, curator):
    mentee = make_mentee(school_a, curator, requests="Запрос", difficulties=[])
    services.mentee_update(school=school_a, acting_user=curator, mentee=mentee, strengths="Музыка")
    mentee.refresh_from_db()
    assert mentee.strengths == "Музыка" and mentee.requests == "Запрос"
    with pytest.raises(ValidationError):
        services.mentee_update(school=school_a, acting_user=curator, mentee=mentee, requests="", strengths="x")
    mentee.refresh_from_db()
    assert mentee.requests == "Запрос" and mentee.strengths == "Музыка"


def test_remove_keeps_the_record_with_status_left(school_a, curator):
    mentee = make_mentee(school_a, curator)
    services.mentee_remove(school=school_a, acting_user=curator, mentee=mentee, reason="Уволился")
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.LEFT and mentee.difficulties.count() == 2
    with pytest.raises(ValidationError):
        services.mentee_remove(school=school_a, acting_user=curator, mentee=mentee)
    assert AuditEvent.objects.filter(action="banks.mentee_removed", target_id=str(mentee.pk)).count() == 1


# --- Mentor bank ------------------------------------------------------------------


def test_mentor_capacity_defaults_to_the_district_setting(school_a, curator):
    DistrictSettings.objects.update_or_create(id=1, defaults={"mentor_default_capacity": 4})
    mentor = services.mentor_add(school=school_a, acting_user=curator, staff=make_staff())
    assert mentor.capacity == 4
    DistrictSettings.objects.filter(id=1).update(mentor_default_capacity=2)
    assert services.mentor_add(school=school_a, acting_user=curator, staff=make_staff()).capacity == 2


@pytest.mark.parametrize("capacity", [0, 11, -1])
def test_mentor_capacity_outside_1_to_10_is_refused(school_a, curator, capacity):
    staff = make_staff()
    with pytest.raises(ValidationError) as caught:
        make_mentor(school_a, curator, staff, capacity=capacity)
    assert _code(caught.value, "capacity") == "out_of_range"
    assert not MentorProfile.objects.filter(staff=staff).exists()


@pytest.mark.parametrize("capacity", [1, 10])
def test_mentor_capacity_bounds_are_allowed(school_a, curator, capacity):
    assert make_mentor(school_a, curator, capacity=capacity).capacity == capacity


def test_mentor_update_capacity_bounds(school_a, curator):
    mentor = make_mentor(school_a, curator, capacity=2)
    with pytest.raises(ValidationError):
        services.mentor_update(school=school_a, acting_user=curator, mentor=mentor, capacity=11)
    mentor.refresh_from_db()
    assert mentor.capacity == 2


def test_a_staff_member_is_added_to_the_mentor_bank_once(school_a, curator, world):
    staff = world.staff("mentor_a")
    make_mentor(school_a, curator, staff)
    with pytest.raises(ValidationError) as caught:
        make_mentor(school_a, curator, staff, capacity=5)
    assert _code(caught.value, "staff") == "duplicate"
    assert list(MentorProfile.objects.filter(staff=staff).values_list("capacity", flat=True)) == [3]


def test_the_questionnaire_keeps_valid_forms_modes_and_subjects(school_a, curator):
    mentor = make_mentor(
        school_a, curator, preferred_forms=[RoleForm.TEACHER_TEACHER], preferred_modes=[Mode.VIRTUAL, Mode.VIRTUAL],
        subjects=[" Физика ", "физика", "Астрономия", ""], availability=" вторник   после уроков ",
        willing_cross_school=True,
    )
    assert mentor.preferred_modes == [Mode.VIRTUAL] and mentor.subjects == ["Физика", "Астрономия"]
    assert mentor.availability == "вторник после уроков" and mentor.willing_cross_school


@pytest.mark.parametrize(("field", "value"), [
    ("preferred_forms", ["pilot_copilot"]), ("preferred_modes", ["telepathic"]), ("directions", ["cooking"]),
])
def test_the_questionnaire_refuses_unknown_choices(school_a, curator, field, value):
    staff = make_staff()
    with pytest.raises(ValidationError) as caught:
        make_mentor(school_a, curator, staff, **{field: value})
    assert _code(caught.value, field) == "invalid_choice"
    assert not MentorProfile.objects.filter(staff=staff).exists()


def test_capacity_cannot_drop_below_the_current_mentees(school_a, curator):
    mentor = make_mentor(school_a, curator, capacity=3)
    make_pair(mentor.staff, [make_staff(), make_staff()])
    with pytest.raises(ValidationError) as caught:
        services.mentor_update(school=school_a, acting_user=curator, mentor=mentor, capacity=1)
    assert _code(caught.value, "capacity") == "below_load"
    mentor.refresh_from_db()
    assert mentor.capacity == 3
    services.mentor_update(school=school_a, acting_user=curator, mentor=mentor, capacity=2)
    mentor.refresh_from_db()
    assert mentor.capacity == 2


def test_ended_pairs_do_not_hold_capacity(school_a, curator):
    mentor = make_mentor(school_a, curator, capacity=3)
    make_pair(mentor.staff, [make_staff(), make_staff()], status=PairStatus.ENDED)
    services.mentor_update(school=school_a, acting_user=curator, mentor=mentor, capacity=1)
    mentor.refresh_from_db()
    assert mentor.capacity == 1


def test_training_is_recorded_and_a_future_date_refused(school_a, curator):
    mentor = make_mentor(school_a, curator)
    training = services.mentor_training_add(
        school=school_a, acting_user=curator, mentor=mentor, title="Школа наставника", provider="ИРО",
        completed_on=dt.date(2026, 3, 1), hours=36,
    )
    assert training.mentor_id == mentor.pk
    with pytest.raises(ValidationError) as caught:
        services.mentor_training_add(school=school_a, acting_user=curator, mentor=mentor, title="Завтра",
                                     completed_on=timezone.localdate() + dt.timedelta(days=1))
    assert _code(caught.value, "completed_on") == "future"
    with pytest.raises(ValidationError) as caught:
        services.mentor_training_add(school=school_a, acting_user=curator, mentor=mentor, title="  ",
                                     completed_on=dt.date(2026, 3, 1))
    assert _code(caught.value, "title") == "required"
    assert TrainingRecord.objects.filter(mentor=mentor).count() == 1


def test_review_is_recorded_with_the_curator(school_a, curator):
    review = services.bank_review_record(school=school_a, acting_user=curator, notes=" Банк актуализирован ")
    assert review.reviewed_on == timezone.localdate() and review.reviewed_by == curator
    assert BankReview.objects.get().notes == "Банк актуализирован"
    assert AuditEvent.objects.filter(action="banks.review_recorded").count() == 1
