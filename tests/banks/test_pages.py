"""Pages of the banks: who sees and changes what, isolation between schools, query counts."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from banks.models import BankReview, Direction, MenteeProfile, MenteeStatus, MentorProfile, TrainingRecord
from tests.banks.factories import make_mentee, make_mentor, make_pair, make_staff
from tests.conftest import client_for


@pytest.fixture
def banks_a(world):  # type: ignore[no-untyped-def]
    """One mentee and one mentor in school A, one of each in school B."""
    with tenant_context(world.school_a):
        mentee = make_mentee(world.school_a, world.people["curator_a"], world.staff("mentee_a"),
                             requests="Секретный запрос Альфы")
        mentor = make_mentor(world.school_a, world.people["curator_a"], world.staff("mentor_a"))
    with tenant_context(world.school_b):
        mentee_b = make_mentee(world.school_b, world.people["curator_b"], world.staff("teacher_b", world.school_b))
        mentor_b = make_mentor(world.school_b, world.people["curator_b"], world.staff("both", world.school_b))
    return {"mentee": mentee, "mentor": mentor, "mentee_b": mentee_b, "mentor_b": mentor_b}


def _view_pages(b):  # type: ignore[no-untyped-def]
    return [
        "/banks/mentees/", f"/banks/mentees/{b['mentee'].pk}/", "/banks/mentors/", f"/banks/mentors/{b['mentor'].pk}/",
        "/banks/reviews/",
    ]


def _manage_pages(b):  # type: ignore[no-untyped-def]
    return [
        "/banks/mentees/add/", f"/banks/mentees/{b['mentee'].pk}/edit/", "/banks/mentors/add/",
        f"/banks/mentors/{b['mentor'].pk}/edit/", f"/banks/mentors/{b['mentor'].pk}/trainings/add/",
    ]


def _posts(b):  # type: ignore[no-untyped-def]
    mentee, mentor = b["mentee"].pk, b["mentor"].pk
    return [
        (f"/banks/mentees/{mentee}/edit/", {"category": "other", "status": "waiting", "requests": "взлом"}),
        (f"/banks/mentees/{mentee}/remove/", {"reason": "взлом"}),
        (f"/banks/mentors/{mentor}/edit/", {"capacity": "9", "status": "available"}),
        (f"/banks/mentors/{mentor}/trainings/add/", {"title": "взлом", "completed_on": "01.03.2026"}),
        ("/banks/reviews/record/", {"notes": "взлом"}),
    ]


def _snapshot(world):  # type: ignore[no-untyped-def]
    with tenant_context(world.school_a):
        return (
            sorted(MenteeProfile.objects.values_list("id", "category", "status", "requests")),
            sorted(MentorProfile.objects.values_list("id", "capacity")),
            TrainingRecord.objects.count(), BankReview.objects.count(),
        )


def _is_not_found(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 404 and "404.html" in [t.name for t in response.templates]


# --- Who may enter ---------------------------------------------------------------------------


def test_the_curator_sees_and_keeps_both_banks(world, banks_a):
    client = client_for(world.school_a, world.people["curator_a"])
    for url in _view_pages(banks_a) + _manage_pages(banks_a):
        assert client.get(url).status_code == 200, url
    page = client.get("/banks/mentees/").content.decode()
    assert world.staff("mentee_a").full_name in page and 'action="/banks/reviews/record/"' in page


def test_the_director_sees_the_banks_but_cannot_change_them(world, banks_a):
    client = client_for(world.school_a, world.people["director_a"])
    for url in _view_pages(banks_a):
        assert client.get(url).status_code == 200, url
    before = _snapshot(world)
    for url in _manage_pages(banks_a):
        assert _is_not_found(client.get(url)), url
    for url, data in _posts(banks_a):
        assert _is_not_found(client.post(url, data)), url
    assert _snapshot(world) == before


@pytest.mark.parametrize("key", ["teacher_a", "mentee_a", "mentor_a"])
def test_members_without_the_right_get_the_same_404_as_for_a_missing_page(world, banks_a, key):
    client = client_for(world.school_a, world.people[key])
    before = _snapshot(world)
    for url in _view_pages(banks_a) + _manage_pages(banks_a):
        response = client.get(url)
        assert _is_not_found(response), url
        assert "Секретный запрос Альфы" not in response.content.decode()
    for url, data in _posts(banks_a):
        assert _is_not_found(client.post(url, data)), url
    assert _snapshot(world) == before


def test_another_schools_curator_gets_the_same_404_as_for_a_missing_id(world, banks_a):
    client = client_for(world.school_b, world.people["curator_b"])
    missing = uuid.uuid4()
    for template in ("/banks/mentees/{}/", "/banks/mentees/{}/edit/", "/banks/mentors/{}/",
                     "/banks/mentors/{}/edit/", "/banks/mentors/{}/trainings/add/"):
        foreign = client.get(template.format(banks_a["mentee"].pk if "mentees" in template else banks_a["mentor"].pk))
        assert _is_not_found(foreign) and _is_not_found(client.get(template.format(missing)))
    before = _snapshot(world)
    for url, data in _posts(banks_a):
        if "record" not in url:
            assert _is_not_found(client.post(url, data)), url
    assert _snapshot(world) == before
    # B's lists show B's people only.
    mentees = client.get("/banks/mentees/").content.decode()
    mentors = client.get("/banks/mentors/").content.decode()
    assert world.staff("teacher_b", world.school_b).full_name in mentees
    assert world.staff("mentee_a").full_name not in mentees and "Секретный запрос Альфы" not in mentees
    assert world.staff("mentor_a").full_name not in mentors


def test_a_person_of_school_b_is_not_let_into_school_a(world, banks_a):
    client = client_for(world.school_a, world.people["curator_b"])
    response = client.get(f"/banks/mentees/{banks_a['mentee'].pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- The pages at work -------------------------------------------------------------------------


def test_adding_a_mentee_through_the_page(world):
    client = client_for(world.school_a, world.people["curator_a"])
    staff = world.staff("teacher_a")
    response = client.post("/banks/mentees/add/", {
        "staff": str(staff.pk), "category": "new_to_school", "requests": "",
        f"difficulty_{Direction.TEACHING_METHODS}": "Дифференциация\nОценивание\n",
    })
    assert response.status_code == 302
    with tenant_context(world.school_a):
        mentee = MenteeProfile.objects.get(staff=staff)
        assert sorted(mentee.difficulties.values_list("description", flat=True)) == ["Дифференциация", "Оценивание"]


def test_the_add_page_shows_the_services_message_and_saves_nothing(world):
    client = client_for(world.school_a, world.people["curator_a"])
    staff = world.staff("teacher_a")
    response = client.post("/banks/mentees/add/", {"staff": str(staff.pk), "category": "new_to_school"})
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    with tenant_context(world.school_a):
        assert not MenteeProfile.objects.filter(staff=staff).exists()


def test_editing_difficulties_round_trips_one_per_line(world, banks_a):
    client = client_for(world.school_a, world.people["curator_a"])
    url = f"/banks/mentees/{banks_a['mentee'].pk}/edit/"
    response = client.post(url, {"category": "young_specialist", "status": "waiting", "requests": "",
                                 f"difficulty_{Direction.UPBRINGING}": "Классный час"})
    assert response.status_code == 302
    with tenant_context(world.school_a):
        assert list(banks_a["mentee"].difficulties.values_list("direction", "description")) == [
            (Direction.UPBRINGING, "Классный час")]
    assert "Классный час" in client.get(url).content.decode()


def test_removing_a_mentee_keeps_the_record(world, banks_a):
    client = client_for(world.school_a, world.people["curator_a"])
    assert client.post(f"/banks/mentees/{banks_a['mentee'].pk}/remove/", {"reason": "Перевод"}).status_code == 302
    with tenant_context(world.school_a):
        assert MenteeProfile.objects.get(pk=banks_a["mentee"].pk).status == MenteeStatus.LEFT


def test_mentor_questionnaire_through_the_pages(world):
    client = client_for(world.school_a, world.people["curator_a"])
    staff = world.staff("teacher_a")
    page = client.get("/banks/mentors/add/").content.decode()
    assert 'name="capacity"' in page and 'value="2"' in page  # the district's default
    response = client.post("/banks/mentors/add/", {
        "staff": str(staff.pk), "subjects": "История, Обществознание", "directions": ["upbringing"],
        "preferred_modes": ["virtual"], "preferred_forms": ["teacher_teacher"], "capacity": "",
        "willing_cross_school": "on",
    })
    assert response.status_code == 302
    with tenant_context(world.school_a):
        mentor = MentorProfile.objects.get(staff=staff)
    assert (mentor.capacity, mentor.subjects, mentor.willing_cross_school) == (2, ["История", "Обществознание"], True)
    refused = client.post(f"/banks/mentors/{mentor.pk}/edit/", {"capacity": "11", "status": "available"})
    assert refused.status_code == 200 and "capacity" in refused.context["form"].errors
    assert client.post(f"/banks/mentors/{mentor.pk}/trainings/add/",
                       {"title": "Школа наставника", "completed_on": "01.03.2026", "hours": "16"}).status_code == 302
    detail = client.get(f"/banks/mentors/{mentor.pk}/").content.decode()
    assert "Школа наставника" in detail and "01.03.2026" in detail


def test_review_banner_and_recording_the_review(world):
    client = client_for(world.school_a, world.people["curator_a"])
    assert 'action="/banks/reviews/record/"' in client.get("/banks/mentees/").content.decode()
    assert client.post("/banks/reviews/record/", {"notes": "Проверено"}).status_code == 302
    assert 'action="/banks/reviews/record/"' not in client.get("/banks/mentees/").content.decode()
    with tenant_context(world.school_a):
        assert BankReview.objects.get().notes == "Проверено"
    # The director sees the banner but not the form.
    with tenant_context(world.school_a):
        BankReview.objects.update(reviewed_on=dt.date(2020, 1, 1))
    director_page = client_for(world.school_a, world.people["director_a"]).get("/banks/mentees/").content.decode()
    assert "01.01.2020" in director_page and 'action="/banks/reviews/record/"' not in director_page


def test_young_specialists_panel_links_to_adding_them(world):
    page = client_for(world.school_a, world.people["curator_a"]).get("/banks/mentees/").content.decode()
    staff = world.staff("mentee_a")
    assert f"?staff={staff.pk}&amp;category=young_specialist" in page


def test_mentee_list_filters(world, banks_a):
    client = client_for(world.school_a, world.people["curator_a"])
    name = world.staff("mentee_a").full_name
    assert name in client.get("/banks/mentees/?direction=teaching_methods").content.decode()
    assert name not in client.get("/banks/mentees/?direction=upbringing").content.decode()
    assert name not in client.get("/banks/mentees/?q=Нетакого").content.decode()


# --- Query counts --------------------------------------------------------------------------------


def _fill(world, count: int) -> None:  # type: ignore[no-untyped-def]
    curator = world.people["curator_a"]
    with tenant_context(world.school_a):
        for _ in range(count):
            make_mentee(world.school_a, curator)
            mentor = make_mentor(world.school_a, curator)
            make_pair(mentor.staff, [make_staff(), make_staff()])
            make_staff(young=True)


@pytest.mark.parametrize("url", ["/banks/mentees/", "/banks/mentors/", "/banks/mentors/?free=1&subject=мат"])
def test_list_pages_do_not_query_per_row(world, url, django_assert_max_num_queries):
    client = client_for(world.school_a, world.people["curator_a"])
    _fill(world, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill(world, 25)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
    assert len(few) <= 14
