"""Rules of the personalised programme (regulation §1.2, §7.1, §7.2), one test (at least) each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from banks.models import Direction, MenteeProfile, MenteeStatus
from formats.dates import add_months
from mentoring.models import (
    Activity,
    ActivityStatus,
    ChangeKind,
    EarlyEndReason,
    Evidence,
    Pair,
    PairStatus,
    Programme,
    ProgrammeChange,
    ProgrammeStatus,
)
from mentoring.services import programme_changes, programme_evidence, programme_lifecycle, programme_plan
from tests.programmes import factories as f

PDF = b"%PDF-1.4\n%test\n"


def _create(world, pair, *, who="curator_a", starts_on=f.START, ends_on=None, directions=None, **extra):  # type: ignore[no-untyped-def]
    return programme_lifecycle.programme_create(
        school=world.school_a, acting_user=world.people[who], pair=pair, title="Адаптация молодого учителя",
        goals="Освоить методику", directions=list([Direction.SUBJECT_CONTENT] if directions is None else directions),
        strengths_supported="ИКТ", starts_on=starts_on, ends_on=ends_on or add_months(starts_on, 6), **extra)


def _field_codes(error: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in error.error_dict.items()}


# --- length, dates, directions (§1.2) ------------------------------------------------------------------


@pytest.mark.parametrize("months", [3, 12])
def test_exactly_three_and_twelve_months_are_allowed(world, in_a, months):
    pair = f.the_pair(world)
    programme = _create(world, pair, ends_on=add_months(f.START, months))
    assert programme.status == ProgrammeStatus.DRAFT
    assert programme.changes.get().after == {"status": "draft"}
    assert AuditEvent.objects.filter(action="programmes.created", target_id=str(programme.pk)).exists()


@pytest.mark.parametrize(("ends_on", "code"), [
    (add_months(f.START, 3) - dt.timedelta(days=1), "too_short"),
    (add_months(f.START, 12) + dt.timedelta(days=1), "too_long"),
    (f.START - dt.timedelta(days=10), "reversed_dates"),
    (f.START, "reversed_dates"),
])
def test_length_outside_three_months_to_a_year_or_reversed_is_refused(world, in_a, ends_on, code):
    pair = f.the_pair(world)
    with pytest.raises(ValidationError) as caught:
        _create(world, pair, ends_on=ends_on)
    assert _field_codes(caught.value) == {"ends_on": [code]}
    assert "1.2" in caught.value.message_dict["ends_on"][0] or code == "reversed_dates"
    assert not Programme.objects.exists() and not ProgrammeChange.objects.exists()


def test_reversed_dates_message_names_both_dates(world, in_a):
    pair = f.the_pair(world)
    with pytest.raises(ValidationError) as caught:
        _create(world, pair, ends_on=dt.date(2025, 8, 1))
    assert "01.08.2025" in caught.value.message_dict["ends_on"][0]
    assert "01.09.2025" in caught.value.message_dict["ends_on"][0]


def test_directions_must_be_among_the_mentees_difficulties(world, in_a):
    pair = f.the_pair(world)  # difficulties: subject content, teaching methods
    with pytest.raises(ValidationError) as caught:
        _create(world, pair, directions=[Direction.SUBJECT_CONTENT, Direction.DIGITAL_ENVIRONMENT])
    message = caught.value.message_dict["directions"][0]
    assert str(Direction.DIGITAL_ENVIRONMENT.label) in message
    assert str(Direction.TEACHING_METHODS.label) in message  # what the bank records
    assert not Programme.objects.exists()
    with pytest.raises(ValidationError) as caught:
        _create(world, pair, directions=[])
    assert _field_codes(caught.value) == {"directions": ["required"]}


def test_one_programme_per_pair(world, in_a):
    pair = f.the_pair(world)
    _create(world, pair)
    with pytest.raises(ValidationError) as caught:
        _create(world, pair)
    assert _field_codes(caught.value) == {"pair": ["duplicate"]}
    assert Programme.objects.count() == 1


@pytest.mark.parametrize(("who", "allowed"), [
    ("curator_a", True), ("mentor_a", True), ("mentee_a", False), ("teacher_a", False), ("director_a", False),
])
def test_who_writes_a_programme(world, in_a, who, allowed):
    pair = f.the_pair(world)
    if allowed:
        assert _create(world, pair, who=who).pk
    else:
        with pytest.raises(PermissionDenied):
            _create(world, pair, who=who)
        assert not Programme.objects.exists()


def test_update_only_a_draft_and_keeps_activities_inside_the_period(world, draft):
    def update(**changes):  # type: ignore[no-untyped-def]
        values = {"title": "Новая", "goals": "Цели", "directions": [Direction.SUBJECT_CONTENT],
                  "strengths_supported": "", "starts_on": f.START, "ends_on": dt.date(2026, 3, 1)} | changes
        return programme_lifecycle.programme_update(school=world.school_a, acting_user=world.people["mentor_a"],
                                         programme=draft.programme, **values)

    with pytest.raises(ValidationError) as caught:
        update(starts_on=dt.date(2025, 11, 1), ends_on=dt.date(2026, 6, 1))  # the activity is due 15.10.2025
    assert "15.10.2025" in caught.value.message_dict["starts_on"][0]
    assert update().title == "Новая"
    Programme.objects.filter(pk=draft.programme.pk).update(status=ProgrammeStatus.APPROVED)
    with pytest.raises(ValidationError):
        update(title="Ещё")
    assert Programme.objects.get(pk=draft.programme.pk).title == "Новая"


# --- life cycle (§7) -------------------------------------------------------------------------------------


def test_only_the_director_approves_and_only_a_programme_with_a_plan(world, draft):
    with pytest.raises(PermissionDenied):
        programme_lifecycle.programme_approve(school=world.school_a, acting_user=world.people["curator_a"],
                                   programme=draft.programme)
    draft.activity.delete()
    with pytest.raises(ValidationError) as caught:
        programme_lifecycle.programme_approve(school=world.school_a, acting_user=world.people["director_a"],
                                   programme=draft.programme)
    assert _field_codes(caught.value) == {"activities": ["no_plan"]}
    assert Programme.objects.get(pk=draft.programme.pk).status == ProgrammeStatus.DRAFT
    f.activity(draft.programme, draft.mentee)
    approved = programme_lifecycle.programme_approve(school=world.school_a, acting_user=world.people["director_a"],
                                          programme=draft.programme, today=dt.date(2025, 9, 2))
    assert (approved.status, approved.approved_on, approved.approved_by) == (
        ProgrammeStatus.APPROVED, dt.date(2025, 9, 2), world.people["director_a"])
    change = approved.changes.filter(kind=ChangeKind.STATUS).last()
    assert (change.before, change.after) == ({"status": "draft"}, {"status": "approved"})


def test_start_needs_the_pair_active(world, in_a):
    from tests.programmes.conftest import make_setup

    setup = make_setup(world, status=ProgrammeStatus.APPROVED, pair_status=PairStatus.FORMING)
    with pytest.raises(ValidationError) as caught:
        programme_lifecycle.programme_start(school=world.school_a, acting_user=world.people["mentor_a"],
                                 programme=setup.programme)
    assert _field_codes(caught.value) == {"pair": ["pair_not_active"]}
    assert Programme.objects.get(pk=setup.programme.pk).status == ProgrammeStatus.APPROVED
    Pair.objects.filter(pk=setup.pair.pk).update(status=PairStatus.ACTIVE)
    started = programme_lifecycle.programme_start(school=world.school_a, acting_user=world.people["mentor_a"],
                                       programme=setup.programme)
    assert started.status == ProgrammeStatus.ACTIVE
    assert started.changes.filter(kind=ChangeKind.STATUS, after__status="active").exists()


def test_a_draft_cannot_be_started(world, draft):
    with pytest.raises(ValidationError):
        programme_lifecycle.programme_start(school=world.school_a, acting_user=world.people["curator_a"],
                                 programme=draft.programme)


def test_completion_only_when_the_plan_is_done_in_full(world, active):
    second = f.activity(active.programme, active.mentor, title="Открытый урок", deadline=dt.date(2025, 12, 1))
    Activity.objects.filter(pk=active.activity.pk).update(status=ActivityStatus.DONE, result="ok")
    with pytest.raises(ValidationError) as caught:
        programme_lifecycle.programme_complete(school=world.school_a, acting_user=world.people["mentor_a"],
                                    programme=active.programme)
    assert "Открытый урок" in caught.value.message_dict["activities"][0]
    assert Programme.objects.get(pk=active.programme.pk).status == ProgrammeStatus.ACTIVE
    assert Pair.objects.get(pk=active.pair.pk).status == PairStatus.ACTIVE
    Activity.objects.filter(pk=second.pk).update(status=ActivityStatus.CANCELLED)
    done = programme_lifecycle.programme_complete(school=world.school_a, acting_user=world.people["mentor_a"],
                                       programme=active.programme, today=dt.date(2026, 5, 20))
    assert (done.status, done.finished_on) == (ProgrammeStatus.COMPLETED, dt.date(2026, 5, 20))
    pair = Pair.objects.get(pk=active.pair.pk)
    assert (pair.status, pair.ended_on) == (PairStatus.ENDED, dt.date(2026, 5, 20))
    assert MenteeProfile.objects.get(staff=active.mentee).status == MenteeStatus.COMPLETED
    assert done.changes.filter(kind=ChangeKind.STATUS, after__status="completed").exists()


def test_a_plan_entirely_cancelled_is_not_a_completion(world, active):
    Activity.objects.filter(pk=active.activity.pk).update(status=ActivityStatus.CANCELLED)
    with pytest.raises(ValidationError):
        programme_lifecycle.programme_complete(school=world.school_a, acting_user=world.people["curator_a"],
                                    programme=active.programme)
    assert Programme.objects.get(pk=active.programme.pk).status == ProgrammeStatus.ACTIVE


def test_the_mentee_or_a_stranger_cannot_complete(world, active):
    Activity.objects.filter(pk=active.activity.pk).update(status=ActivityStatus.DONE)
    for who in ("mentee_a", "teacher_a"):
        with pytest.raises(PermissionDenied):
            programme_lifecycle.programme_complete(school=world.school_a, acting_user=world.people[who],
                                        programme=active.programme)
    assert Programme.objects.get(pk=active.programme.pk).status == ProgrammeStatus.ACTIVE


R = EarlyEndReason


@pytest.mark.parametrize(("reason", "who", "allowed"), [
    (R.MENTOR_INITIATIVE, "mentor_a", True),
    (R.MENTOR_INITIATIVE, "curator_a", True),
    (R.MENTOR_INITIATIVE, "mentee_a", False),
    (R.MENTOR_INITIATIVE, "director_a", False),
    (R.MENTEE_INITIATIVE, "mentee_a", True),
    (R.MENTEE_INITIATIVE, "curator_a", True),
    (R.MENTEE_INITIATIVE, "mentor_a", False),
    (R.MUTUAL, "mentor_a", True),
    (R.MUTUAL, "mentee_a", True),
    (R.MUTUAL, "curator_a", True),
    (R.MUTUAL, "teacher_a", False),
    (R.CURATOR_NOT_CARRIED_OUT, "curator_a", True),
    (R.CURATOR_NOT_CARRIED_OUT, "mentor_a", False),
    (R.CURATOR_NOT_CARRIED_OUT, "mentee_a", False),
    (R.CURATOR_NOT_CARRIED_OUT, "director_a", False),
])
def test_early_end_reasons_and_who_may_give_them(world, active, reason, who, allowed):
    def end():  # type: ignore[no-untyped-def]
        return programme_lifecycle.programme_end_early(
            school=world.school_a, acting_user=world.people[who], programme=active.programme, reason=reason,
            note="Переезд в другой район", agreed_by_mentor=True, agreed_by_mentee=True, today=dt.date(2026, 1, 10))

    if not allowed:
        with pytest.raises(PermissionDenied):
            end()
        assert Programme.objects.get(pk=active.programme.pk).status == ProgrammeStatus.ACTIVE
        assert Pair.objects.get(pk=active.pair.pk).status == PairStatus.ACTIVE
        return
    ended = end()
    assert (ended.status, ended.end_reason, ended.finished_on) == (
        ProgrammeStatus.ENDED_EARLY, reason, dt.date(2026, 1, 10))
    assert Pair.objects.get(pk=active.pair.pk).status == PairStatus.ENDED
    change = ended.changes.get(kind=ChangeKind.STATUS, after__status="ended_early")
    assert change.after["end_reason"] == reason and change.reason == "Переезд в другой район"


def test_mutual_end_needs_both_agreements_and_every_end_a_note(world, active):
    with pytest.raises(ValidationError) as caught:
        programme_lifecycle.programme_end_early(school=world.school_a, acting_user=world.people["mentor_a"],
                                     programme=active.programme, reason=R.MUTUAL, note="",
                                     agreed_by_mentor=True)
    assert set(caught.value.message_dict) == {"note", "agreed_by_mentee"}
    assert Programme.objects.get(pk=active.programme.pk).status == ProgrammeStatus.ACTIVE
    assert Pair.objects.get(pk=active.pair.pk).status == PairStatus.ACTIVE
    assert not ProgrammeChange.objects.filter(programme=active.programme).exists()


def test_an_early_end_puts_the_mentee_back_to_waiting(world, active):
    programme_lifecycle.programme_end_early(school=world.school_a, acting_user=world.people["mentee_a"],
                                 programme=active.programme, reason=R.MENTEE_INITIATIVE, note="Болезнь")
    assert MenteeProfile.objects.get(staff=active.mentee).status == MenteeStatus.WAITING


def test_a_draft_or_finished_programme_is_not_ended_early(world, draft):
    with pytest.raises(ValidationError):
        programme_lifecycle.programme_end_early(school=world.school_a, acting_user=world.people["curator_a"],
                                     programme=draft.programme, reason=R.CURATOR_NOT_CARRIED_OUT, note="x")


# --- extension and adjustment (§7.2) --------------------------------------------------------------------


def _extend(world, setup, new_ends_on, **agreement):  # type: ignore[no-untyped-def]
    values = {"reason": "Болезнь наставляемого", "agreed_by_mentor": True, "agreed_by_mentee": True} | agreement
    return programme_changes.programme_extend(school=world.school_a, acting_user=world.people["mentor_a"],
                                     programme=setup.programme, new_ends_on=new_ends_on, **values)


def test_extension_needs_both_agreements_and_a_reason(world, active):
    with pytest.raises(ValidationError) as caught:
        _extend(world, active, dt.date(2026, 7, 31), agreed_by_mentee=False, reason="")
    assert set(caught.value.message_dict) == {"agreed_by_mentee", "reason"}
    assert Programme.objects.get(pk=active.programme.pk).ends_on == dt.date(2026, 5, 31)
    assert not ProgrammeChange.objects.exists()


def test_extension_is_kept_in_the_history(world, active):
    _extend(world, active, dt.date(2026, 6, 30))
    _extend(world, active, dt.date(2026, 8, 31))
    changes = list(ProgrammeChange.objects.filter(programme=active.programme, kind=ChangeKind.EXTENSION))
    assert [(c.before, c.after) for c in changes] == [
        ({"ends_on": "2026-05-31"}, {"ends_on": "2026-06-30"}),
        ({"ends_on": "2026-06-30"}, {"ends_on": "2026-08-31"}),
    ]
    assert all(c.agreed_by_mentor and c.agreed_by_mentee and c.reason for c in changes)
    assert changes[0].changed_by == world.people["mentor_a"]


def test_an_extension_keeps_the_whole_programme_within_one_year(world, active):
    year = add_months(f.START, 12)  # 01.09.2026
    with pytest.raises(ValidationError) as caught:
        _extend(world, active, year + dt.timedelta(days=1))
    assert _field_codes(caught.value) == {"new_ends_on": ["too_long"]}
    assert "01.09.2026" in caught.value.message_dict["new_ends_on"][0]
    assert Programme.objects.get(pk=active.programme.pk).ends_on == dt.date(2026, 5, 31)
    assert _extend(world, active, year).ends_on == year


def test_an_extension_must_move_the_end_later(world, active):
    with pytest.raises(ValidationError) as caught:
        _extend(world, active, dt.date(2026, 5, 1))
    assert _field_codes(caught.value) == {"new_ends_on": ["not_later"]}


def test_a_stranger_cannot_extend(world, active):
    with pytest.raises(PermissionDenied):
        programme_changes.programme_extend(school=world.school_a, acting_user=world.people["teacher_a"],
                                  programme=active.programme, new_ends_on=dt.date(2026, 6, 30), reason="x",
                                  agreed_by_mentor=True, agreed_by_mentee=True)


def test_adjustment_is_kept_in_the_history_with_before_and_after(world, active):
    adjusted = programme_changes.programme_adjust(
        school=world.school_a, acting_user=world.people["curator_a"], programme=active.programme,
        changes={"goals": "Новые цели", "directions": [Direction.TEACHING_METHODS]}, reason="Итоги полугодия",
        agreed_by_mentor=True, agreed_by_mentee=True)
    assert adjusted.goals == "Новые цели" and adjusted.directions == [Direction.TEACHING_METHODS]
    change = ProgrammeChange.objects.get(programme=active.programme, kind=ChangeKind.ADJUSTMENT)
    assert change.before == {"goals": "Цели", "directions": list(f.DIRECTIONS)}
    assert change.after == {"goals": "Новые цели", "directions": [Direction.TEACHING_METHODS]}


def test_adjustment_needs_agreements_and_valid_directions(world, active):
    with pytest.raises(ValidationError) as caught:
        programme_changes.programme_adjust(
            school=world.school_a, acting_user=world.people["mentor_a"], programme=active.programme,
            changes={"directions": [Direction.UPBRINGING]}, reason="x", agreed_by_mentor=True,
            agreed_by_mentee=False)
    assert set(caught.value.message_dict) == {"agreed_by_mentee", "directions"}
    assert Programme.objects.get(pk=active.programme.pk).directions == list(f.DIRECTIONS)
    assert not ProgrammeChange.objects.exists()


def test_changing_the_plan_of_an_approved_programme_is_an_agreed_adjustment(world, approved):
    def add(**agreement):  # type: ignore[no-untyped-def]
        return programme_plan.activity_add(
            school=world.school_a, acting_user=world.people["mentor_a"], programme=approved.programme,
            title="Мастер-класс", deadline=dt.date(2025, 12, 10), responsible=approved.mentor, **agreement)

    with pytest.raises(ValidationError) as caught:
        add()
    assert set(caught.value.message_dict) == {"reason", "agreed_by_mentor", "agreed_by_mentee"}
    assert approved.programme.activities.count() == 1
    activity = add(reason="Запрос наставляемого", agreed_by_mentor=True, agreed_by_mentee=True)
    change = ProgrammeChange.objects.get(programme=approved.programme, kind=ChangeKind.ADJUSTMENT)
    assert change.before == {} and change.after["title"] == "Мастер-класс"
    # Moving between «planned» and «in progress» is not an adjustment.
    programme_plan.activity_update(
        school=world.school_a, acting_user=world.people["mentor_a"], activity=activity, title="Мастер-класс",
        deadline=dt.date(2025, 12, 10), responsible=approved.mentor, status=ActivityStatus.IN_PROGRESS)
    assert ProgrammeChange.objects.filter(kind=ChangeKind.ADJUSTMENT).count() == 1
    # Cancelling is.
    with pytest.raises(ValidationError):
        programme_plan.activity_update(
            school=world.school_a, acting_user=world.people["mentor_a"], activity=activity, title="Мастер-класс",
            deadline=dt.date(2025, 12, 10), responsible=approved.mentor, status=ActivityStatus.CANCELLED)
    assert Activity.objects.get(pk=activity.pk).status == ActivityStatus.IN_PROGRESS
    programme_plan.activity_remove(school=world.school_a, acting_user=world.people["mentor_a"], activity=activity,
                             reason="Отменено", agreed_by_mentor=True, agreed_by_mentee=True)
    assert ProgrammeChange.objects.filter(kind=ChangeKind.ADJUSTMENT).count() == 2
    assert not Activity.objects.filter(pk=activity.pk).exists()


# --- the plan --------------------------------------------------------------------------------------------


def _add(world, setup, **values):  # type: ignore[no-untyped-def]
    values = {"title": "Анализ урока", "deadline": dt.date(2025, 11, 1), "responsible": setup.mentor} | values
    return programme_plan.activity_add(school=world.school_a, acting_user=world.people["mentor_a"],
                                 programme=setup.programme, **values)


def test_a_draft_plan_is_written_freely_without_history(world, draft):
    activity = _add(world, draft, direction=Direction.TEACHING_METHODS, responsible=draft.curator)
    assert activity.responsible == draft.curator
    assert not ProgrammeChange.objects.filter(kind=ChangeKind.ADJUSTMENT).exists()


@pytest.mark.parametrize(("values", "field"), [
    ({"deadline": dt.date(2025, 8, 31)}, "deadline"),
    ({"deadline": dt.date(2026, 6, 1)}, "deadline"),
    ({"direction": Direction.UPBRINGING}, "direction"),
    ({"title": " "}, "title"),
    ({"status": ActivityStatus.DONE}, "status"),
])
def test_activity_rules(world, draft, values, field):
    with pytest.raises(ValidationError) as caught:
        _add(world, draft, **values)
    assert set(caught.value.message_dict) == {field}
    assert draft.programme.activities.count() == 1


def test_the_responsible_is_a_participant_or_the_curator(world, draft):
    from staff.models import StaffMember

    teacher = StaffMember.objects.get(person=world.people["teacher_a"])
    with pytest.raises(ValidationError) as caught:
        _add(world, draft, responsible=teacher)
    assert set(caught.value.message_dict) == {"responsible"}
    assert _add(world, draft, responsible=draft.mentee).pk


def test_the_mentee_marks_an_activity_done_with_its_result(world, active):
    with pytest.raises(ValidationError) as caught:
        programme_plan.activity_mark_done(school=world.school_a, acting_user=world.people["mentee_a"],
                                    activity=active.activity, result=" ")
    assert set(caught.value.message_dict) == {"result"}
    done = programme_plan.activity_mark_done(school=world.school_a, acting_user=world.people["mentee_a"],
                                       activity=active.activity, result="Посетила 5 уроков",
                                       today=dt.date(2025, 10, 14))
    assert (done.status, done.result, done.done_on) == (ActivityStatus.DONE, "Посетила 5 уроков",
                                                         dt.date(2025, 10, 14))


@pytest.mark.parametrize("who", ["teacher_a", "both", "director_a"])
def test_people_outside_the_pair_do_not_mark_done(world, active, who):
    with pytest.raises(PermissionDenied):
        programme_plan.activity_mark_done(school=world.school_a, acting_user=world.people[who],
                                    activity=active.activity, result="x")
    assert Activity.objects.get(pk=active.activity.pk).status == ActivityStatus.PLANNED


def test_activities_are_done_only_in_an_active_programme(world, approved):
    with pytest.raises(ValidationError):
        programme_plan.activity_mark_done(school=world.school_a, acting_user=world.people["mentor_a"],
                                    activity=approved.activity, result="x")


# --- evidence --------------------------------------------------------------------------------------------


def _upload(world, setup, upload, who="mentee_a"):  # type: ignore[no-untyped-def]
    return programme_evidence.evidence_upload(school=world.school_a, acting_user=world.people[who],
                                    activity=setup.activity, uploaded_file=upload)


def test_evidence_is_kept_in_the_schools_folder(world, active, media):
    evidence = _upload(world, active, SimpleUploadedFile("отчёт.pdf", PDF))
    assert evidence.file.name.startswith(f"schools/{world.school_a.schema_name}/evidence/{evidence.pk}/")
    assert (media / evidence.file.name).read_bytes() == PDF
    assert (evidence.original_name, evidence.size) == ("отчёт.pdf", len(PDF))


def test_evidence_over_the_size_limit_is_refused(world, active, media, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        _upload(world, active, SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert _field_codes(caught.value) == {"file": ["file_too_large"]}
    assert not Evidence.objects.exists() and not any(media.rglob("*.pdf"))
    assert _upload(world, active, SimpleUploadedFile("small.pdf", PDF)).pk


def test_default_size_limit_is_ten_megabytes(settings):
    if hasattr(settings, "EVIDENCE_MAX_BYTES"):
        del settings.EVIDENCE_MAX_BYTES
    assert programme_evidence.evidence_max_bytes() == 10 * 1024 * 1024


@pytest.mark.parametrize(("name", "content", "code"), [
    ("script.exe", b"MZ\x90\x00", "file_type"),
    ("noextension", PDF, "file_type"),
    ("fake.pdf", b"<html>not a pdf</html>", "file_content"),
    ("photo.png", b"\xff\xd8\xff\xe0jpeg", "file_content"),
])
def test_evidence_of_a_wrong_type_is_refused(world, active, media, name, content, code):
    with pytest.raises(ValidationError) as caught:
        _upload(world, active, SimpleUploadedFile(name, content))
    assert _field_codes(caught.value) == {"file": [code]}
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(("name", "content"), [
    ("plan.docx", b"PK\x03\x04rest"), ("table.xlsx", b"PK\x03\x04"), ("slides.pptx", b"PK\x03\x04"),
    ("text.odt", b"PK\x03\x04"), ("photo.JPG", b"\xff\xd8\xff\xe0"), ("scan.png", b"\x89PNG\r\n\x1a\nIHDR"),
])
def test_allowed_evidence_types(world, active, media, name, content):
    assert _upload(world, active, SimpleUploadedFile(name, content)).pk


def test_a_stranger_cannot_upload_evidence(world, active, media):
    with pytest.raises(PermissionDenied):
        _upload(world, active, SimpleUploadedFile("a.pdf", PDF), who="teacher_a")
    assert not Evidence.objects.exists()
