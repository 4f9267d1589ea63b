"""Who may enter which space: two schools, the district, and people in several roles."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from people.roles import SchoolRole
from people.services import membership_revoke
from tests.conftest import PASSWORD, client_for, host_of


def _is_login_redirect(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and response["Location"].startswith("/login/")


@pytest.mark.parametrize("key", ["director_a", "curator_a", "mentor_a", "mentee_a", "teacher_a", "both", "admin_alpha"])
def test_members_of_a_school_see_its_home_page(world, key):
    response = client_for(world.school_a, world.people[key]).get("/")
    assert response.status_code == 200
    assert world.school_a.full_name in response.content.decode()


def test_home_page_shows_the_persons_roles_in_this_school_only(world):
    both = world.people["both"]
    response_a = client_for(world.school_a, both).get("/")
    response_b = client_for(world.school_b, both).get("/")
    assert response_a.context["membership"].roles == [SchoolRole.TEACHER]
    assert response_b.context["membership"].roles == [SchoolRole.MENTOR]
    with translation.override("ru"):
        teacher, mentor = str(SchoolRole.TEACHER.label), str(SchoolRole.MENTOR.label)
    page_a, page_b = response_a.content.decode(), response_b.content.decode()
    assert f">{teacher}<" in page_a and f">{mentor}<" not in page_a
    assert f">{mentor}<" in page_b and f">{teacher}<" not in page_b


@pytest.mark.parametrize("key", ["director_b", "teacher_b", "outsider", "district_admin", "district_analyst"])
def test_non_members_get_the_login_page_and_nothing_of_the_school(world, key):
    response = client_for(world.school_a, world.people[key]).get("/")
    assert _is_login_redirect(response)
    login_page = client_for(world.school_a).get(response["Location"])
    assert world.people[key].last_name not in login_page.content.decode()


def test_anonymous_visitor_is_sent_to_login(world):
    assert _is_login_redirect(client_for(world.school_a).get("/"))
    assert _is_login_redirect(client_for(None).get("/"))


def test_session_carried_to_another_school_by_hand_is_refused(world):
    # director_a's session cookie presented at school B's host.
    client = client_for(world.school_b, world.people["director_a"], bind_to=world.school_a)
    response = client.get("/")
    assert _is_login_redirect(response)
    assert "_auth_user_id" not in client.session


def test_session_of_a_member_made_in_another_school_is_refused_too(world):
    # "both" belongs to A and B, but a session made at A is not valid at B.
    client = client_for(world.school_b, world.people["both"], bind_to=world.school_a)
    assert _is_login_redirect(client.get("/"))


def test_revoked_membership_ends_the_session_on_next_request(world):
    client = client_for(world.school_a, world.people["teacher_a"])
    assert client.get("/").status_code == 200
    membership_revoke(acting_user=world.people["director_a"], school=world.school_a, person=world.people["teacher_a"])
    assert _is_login_redirect(client.get("/"))


def test_deactivated_person_is_logged_out(world):
    client = client_for(world.school_a, world.people["teacher_a"])
    teacher = world.person("teacher_a")
    teacher.is_active = False
    teacher.save()
    assert _is_login_redirect(client.get("/"))


@pytest.mark.parametrize("key", ["district_admin", "district_analyst"])
def test_district_people_see_the_district_home(world, key):
    response = client_for(None, world.people[key]).get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert world.school_a.short_name in page and world.school_b.short_name in page
    assert "Шаблон школы" not in page  # the template school is not a school of the district


@pytest.mark.parametrize("key", ["director_a", "curator_b", "outsider"])
def test_school_people_cannot_enter_the_district_space(world, key):
    assert _is_login_redirect(client_for(None, world.people[key]).get("/"))


def test_school_pages_do_not_exist_at_the_district_host_and_vice_versa(world):
    # The district's registration page is not a route of a school's space.
    assert client_for(world.school_a, world.people["director_a"]).get("/schools/new/").status_code == 404


def test_unknown_school_host_is_404(world):
    client = Client(HTTP_HOST="nosuchschool.localhost")
    assert client.get("/").status_code == 404
    assert client.get("/login/").status_code == 404


def test_template_school_host_is_404(world):
    client = Client(HTTP_HOST="school-template.localhost")
    assert client.get("/login/").status_code == 404


# --- Logging in ------------------------------------------------------------------


def _login(space, username: str, password: str = PASSWORD) -> tuple[Client, object]:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST=host_of(space))
    response = client.post("/login/", {"username": username, "password": password})
    return client, response


def test_member_logs_in_and_the_session_is_bound_to_the_school(world):
    client, response = _login(world.school_a, "director_a")
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_space_schema"] == "alpha"
    assert client.get("/").status_code == 200


def test_login_is_case_insensitive_for_the_login_name(world):
    _client, response = _login(world.school_a, "Director_A")
    assert response.status_code == 302


def test_non_member_cannot_log_in_and_is_told_the_same_as_for_a_wrong_password(world):
    _c1, refused = _login(world.school_b, "director_a")
    _c2, wrong = _login(world.school_b, "director_b", "wrong-password")
    assert refused.status_code == 200 and wrong.status_code == 200
    assert refused.context["form"].errors == wrong.context["form"].errors
    assert "_auth_user_id" not in _c1.session


def test_district_login_needs_a_district_role(world):
    _c, ok = _login(None, "district_analyst")
    assert ok.status_code == 302
    _c, refused = _login(None, "director_a")
    assert refused.status_code == 200 and refused.context["form"].errors


def test_login_is_throttled_after_repeated_failures(world):
    for _ in range(4):
        _c, response = _login(world.school_a, "teacher_a", "guess")
        assert response.status_code == 200
    _c, fifth = _login(world.school_a, "teacher_a", "guess")
    assert fifth.status_code == 429
    client, locked = _login(world.school_a, "teacher_a", PASSWORD)  # even the right password now
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another person is not locked out by teacher_a's failures.
    _c, other = _login(world.school_a, "mentor_a")
    assert other.status_code == 302


def test_logout_ends_the_session(world):
    client, _ = _login(world.school_a, "director_a")
    client.post("/logout/")
    assert _is_login_redirect(client.get("/"))
