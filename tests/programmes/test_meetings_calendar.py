"""The meeting log, the personal calendar feed and `.ics` files, non-working days (issue 13)."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django_tenants.utils import schema_context
from icalendar import Calendar

from audit.models import AuditEvent
from district.calendar import non_working_days
from district.models import CalendarOverride
from mentoring.models import CalendarFeed, Meeting, MeetingForm, ProgrammeStatus
from tests.conftest import client_for
from tests.programmes import factories as f
from tests.programmes.conftest import make_setup

RU = {"HTTP_ACCEPT_LANGUAGE": "ru"}
SUNDAY = dt.date(2027, 3, 7)  # a Sunday
WORKING_SATURDAY = dt.date(2025, 11, 1)  # a Saturday made a working day by the 2025 decree
DAY_OFF_MONDAY = dt.date(2025, 11, 3)  # the day off it was moved to


@pytest.fixture
def active(world):  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        setup = make_setup(world, status=ProgrammeStatus.ACTIVE)
        setup.sunday = f.activity(setup.programme, setup.mentee, deadline=SUNDAY, title="Открытый урок")
        setup.other = f.programme(f.other_pair(world), title="Чужая программа", status=ProgrammeStatus.ACTIVE)
        f.activity(setup.other, setup.curator, deadline=SUNDAY, title="Чужое мероприятие")
    return setup


def client(world, key, school=None):  # type: ignore[no-untyped-def]
    return client_for(school or world.school_a, world.people[key])


def record(world, key, setup, **extra):  # type: ignore[no-untyped-def]
    data = {"held_on": "2025-10-02", "form": MeetingForm.OBSERVED_LESSON, "topic": "Разбор урока геометрии",
            "notes": "Посетили урок в 7 классе", "attendees": [str(setup.mentor.pk), str(setup.mentee.pk)], **extra}
    return client(world, key).post(f"/programmes/{setup.programme.pk}/meetings/new/", data, **RU)


def meetings(world) -> int:  # type: ignore[no-untyped-def]
    with schema_context(world.school_a.schema_name):
        return Meeting.objects.count()


# --- the meeting log ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["mentor_a", "mentee_a"])
def test_the_mentor_or_the_mentee_writes_a_meeting_and_the_curator_reads_it(world, active, key):
    response = record(world, key, active)
    assert response.status_code == 302 and response["Location"] == f"/programmes/{active.programme.pk}/"
    with schema_context(world.school_a.schema_name):
        meeting = Meeting.objects.get()
        assert meeting.form == MeetingForm.OBSERVED_LESSON and meeting.held_on == dt.date(2025, 10, 2)
        assert set(meeting.attendees.values_list("pk", flat=True)) == {active.mentor.pk, active.mentee.pk}
        assert AuditEvent.objects.filter(action="meeting.recorded", target_id=str(meeting.pk)).exists()
    page = client(world, "curator_a").get(f"/programmes/{active.programme.pk}/", **RU).content.decode()
    assert "Журнал встреч" in page and "Разбор урока геометрии" in page and "Посещение урока" in page
    assert f"/programmes/{active.programme.pk}/meetings/new/" not in page  # the curator reads, does not write


@pytest.mark.parametrize("key", ["curator_a", "director_a", "teacher_a", "both"])
def test_who_is_not_in_the_pair_cannot_write_and_nothing_changes(world, active, key):
    assert record(world, key, active).status_code == 404
    assert client(world, key).get(f"/programmes/{active.programme.pk}/meetings/new/").status_code == 404
    assert meetings(world) == 0


def test_the_other_school_and_a_missing_programme_get_the_same_404(world, active):
    assert client(world, "curator_b", world.school_b).post(
        f"/programmes/{active.programme.pk}/meetings/new/", {"topic": "x"}).status_code == 404
    assert client(world, "mentor_a").get(f"/programmes/{uuid.uuid4()}/meetings/new/").status_code == 404
    assert meetings(world) == 0


@pytest.mark.parametrize(("extra", "field", "message"), [
    ({"held_on": "2030-01-01"}, "held_on", "В журнал записывают состоявшиеся встречи"),
    ({"held_on": "2025-08-01"}, "held_on", "Программа начинается 01.09.2025"),
    ({"topic": "  "}, "topic", "Обязательное поле"),
])
def test_a_bad_meeting_is_refused_on_its_field_and_saves_nothing(world, active, extra, field, message):
    response = record(world, "mentor_a", active, **extra)
    assert response.status_code == 200 and message in response.content.decode()
    assert meetings(world) == 0


def test_an_outsider_cannot_be_ticked_as_attending(world, active):
    with schema_context(world.school_a.schema_name):
        outsider = f.staff("Посторонняя")
    response = record(world, "mentor_a", active, attendees=[str(outsider.pk)])
    assert response.status_code == 200 and meetings(world) == 0


def test_the_meetings_api(world, active):
    url = f"/api/programmes/{active.programme.pk}/meetings/"
    body = {"held_on": "2025-10-02", "form": "online", "topic": "Планирование", "attendees": [str(active.mentee.pk)]}
    created = client(world, "mentee_a").post(url, body, content_type="application/json")
    assert created.status_code == 201 and created.json()["attendees"][0]["staff_id"] == str(active.mentee.pk)
    listed = client(world, "curator_a").get(url)
    assert listed.status_code == 200 and [m["topic"] for m in listed.json()] == ["Планирование"]
    assert client(world, "curator_a").post(url, body, content_type="application/json").status_code == 404
    assert client(world, "teacher_a").get(url).status_code == 404
    assert client(world, "curator_b", world.school_b).get(url).status_code == 404
    bad = client(world, "mentor_a").post(url, {**body, "held_on": "2030-01-01"}, content_type="application/json")
    assert bad.status_code == 400 and meetings(world) == 1


# --- the calendar feed ----------------------------------------------------------------------------


def issue(world, key):  # type: ignore[no-untyped-def]
    """Make the person's calendar address; returns its path (shown once on the page)."""
    c = client(world, key)
    assert c.post("/calendar/issue/").status_code == 302
    page = c.get("/calendar/", **RU).content.decode()
    address = re.search(r'value="(http://alpha\.localhost[^"]+\.ics)"', page).group(1)
    assert address not in c.get("/calendar/").content.decode()  # shown once
    return address.removeprefix("http://alpha.localhost")


def parse(response) -> Calendar:  # type: ignore[no-untyped-def]
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_the_feed_parses_back_and_shows_the_persons_deadlines_and_meetings(world, active):
    record(world, "mentee_a", active, held_on=(dt.date.today() - dt.timedelta(days=3)).isoformat())
    path = issue(world, "mentee_a")
    calendar = parse(client_for(world.school_a).get(path))  # no login: the secret is the key
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert "Срок: Открытый урок — нерабочий день" in events  # 07.03.2027 is a Sunday
    assert "Встреча: Разбор урока геометрии" in events
    assert not any("Чужое" in summary for summary in events)
    sunday = events["Срок: Открытый урок — нерабочий день"]
    assert sunday.decoded("dtstart") == SUNDAY and str(sunday["uid"]).endswith("@alpha.localhost")


def test_the_feed_is_refused_at_another_schools_host_and_the_district(world, active):
    path = issue(world, "mentee_a")
    assert client_for(world.school_b).get(path).status_code == 404
    assert client_for(None).get(path).status_code == 404
    assert client_for(world.school_a).get(path).status_code == 200


def test_a_revoked_or_renewed_address_stops_working(world, active):
    old = issue(world, "mentee_a")
    new = issue(world, "mentee_a")
    assert client_for(world.school_a).get(old).status_code == 404
    assert client_for(world.school_a).get(new).status_code == 200
    assert client(world, "mentee_a").post("/calendar/revoke/").status_code == 302
    assert client_for(world.school_a).get(new).status_code == 404
    assert client_for(world.school_a).get("/calendar/not-a-secret.ics").status_code == 404
    with schema_context(world.school_a.schema_name):
        assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 0
        assert all(len(f.secret_hash) == 64 for f in CalendarFeed.objects.all())  # only hashes are kept


def test_one_event_as_ics_with_the_same_404s(world, active):
    response = client(world, "mentor_a").get(f"/programmes/activities/{active.sunday.pk}.ics")
    (event,) = parse(response).walk("VEVENT")
    assert event.decoded("dtstart") == SUNDAY
    record(world, "mentor_a", active)
    with schema_context(world.school_a.schema_name):
        meeting = Meeting.objects.get()
    assert len(parse(client(world, "curator_a").get(f"/programmes/meetings/{meeting.pk}.ics")).walk("VEVENT")) == 1
    for key, school in (("teacher_a", world.school_a), ("curator_b", world.school_b)):
        assert client(world, key, school).get(f"/programmes/meetings/{meeting.pk}.ics").status_code == 404
        assert client(world, key, school).get(f"/programmes/activities/{active.sunday.pk}.ics").status_code == 404
    assert client(world, "curator_a").get(f"/programmes/meetings/{uuid.uuid4()}.ics").status_code == 404


# --- non-working days -----------------------------------------------------------------------------


def test_non_working_days_follow_the_russian_calendar_and_the_districts_overrides(world):
    assert non_working_days([SUNDAY, WORKING_SATURDAY, DAY_OFF_MONDAY, dt.date(2025, 11, 5)]) == {
        SUNDAY, DAY_OFF_MONDAY}
    CalendarOverride.objects.create(day=dt.date(2025, 11, 5), is_working=False, note="Указ главы региона")
    CalendarOverride.objects.create(day=SUNDAY, is_working=True, note="Перенос по постановлению")
    assert non_working_days([SUNDAY, dt.date(2025, 11, 5)]) == {dt.date(2025, 11, 5)}


def test_the_programme_page_flags_a_deadline_on_a_non_working_day(world, active):
    page = client(world, "mentor_a").get(f"/programmes/{active.programme.pk}/", **RU).content.decode()
    row = page[page.index("Открытый урок"):][:1500]
    assert "нерабочий день" in row and f"/programmes/activities/{active.sunday.pk}.ics" in row


def test_the_district_sets_an_override_with_the_command(world):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command("calendar_override", "05.11.2025", "--day-off", "--note", "Указ главы региона", stdout=StringIO())
    assert non_working_days([dt.date(2025, 11, 5)]) == {dt.date(2025, 11, 5)}
    out = StringIO()
    call_command("calendar_override", "--list", stdout=out)
    assert "05.11.2025 нерабочий: Указ главы региона" in out.getvalue()
    call_command("calendar_override", "05.11.2025", "--remove", stdout=StringIO())
    assert non_working_days([dt.date(2025, 11, 5)]) == set()
    with pytest.raises(CommandError, match="DD.MM.YYYY"):
        call_command("calendar_override", "31.02.2025", "--day-off", "--note", "x")
