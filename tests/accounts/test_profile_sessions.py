"""«Мой профиль» lists my signed-in sessions, each with «Выйти» (issue 10, point 5)."""

from __future__ import annotations

import uuid

from django.test import Client

from audit.models import AuditEvent
from people.models import SignIn
from tests.conftest import PASSWORD, client_for, host_of

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0"


def _signed_in(space, username: str) -> Client:
    client = Client(HTTP_HOST=host_of(space), HTTP_USER_AGENT=FIREFOX)
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response
    return client


def test_two_sign_ins_in_two_schools_are_both_listed_and_one_ends_alone(world):
    in_alpha = _signed_in(world.school_a, "both")
    in_beta = _signed_in(world.school_b, "both")
    page = in_alpha.get("/profile/")
    sessions = page.context["sessions"]
    assert len(sessions) == 2
    assert {row["space"] for row in sessions} == {world.school_a.short_name, world.school_b.short_name}
    assert [row["space"] for row in sessions if row["current"]] == [world.school_a.short_name]
    text = page.content.decode()
    assert "это устройство" in text and "Firefox, Windows" in text and "Выйти" in text
    beta_row = SignIn.objects.get(person=world.people["both"], schema_name=world.school_b.schema_name)

    ended = in_alpha.post(f"/profile/sessions/{beta_row.pk}/end/")
    assert ended.status_code == 302 and ended["Location"] == "/profile/"
    refused = in_beta.get("/profile/")
    assert refused.status_code == 302 and refused["Location"].startswith("/login/")
    assert in_alpha.get("/profile/").status_code == 200
    assert [row["space"] for row in in_alpha.get("/profile/").context["sessions"]] == [world.school_a.short_name]
    assert AuditEvent.objects.filter(action="person.session_ended").count() == 1


def test_another_persons_session_answers_404_like_a_missing_one_and_nothing_changes(world):
    theirs = _signed_in(world.school_a, "both")
    their_row = SignIn.objects.get(person=world.people["both"])
    mine = client_for(world.school_a, world.people["teacher_a"])
    assert mine.post(f"/profile/sessions/{their_row.pk}/end/").status_code == 404
    assert mine.post(f"/profile/sessions/{uuid.uuid4()}/end/").status_code == 404
    assert SignIn.objects.filter(pk=their_row.pk).exists()
    assert theirs.get("/profile/").status_code == 200


def test_signing_out_and_signing_out_everywhere_remove_the_rows(world):
    first = _signed_in(world.school_a, "both")
    _signed_in(world.school_b, "both")
    first.post("/logout/")
    assert SignIn.objects.filter(person=world.people["both"]).count() == 1
    again = _signed_in(world.school_a, "both")
    again.post("/profile/sign-out-everywhere/")
    assert not SignIn.objects.filter(person=world.people["both"]).exists()


def test_ending_this_session_signs_me_out(world):
    client = _signed_in(world.school_a, "both")
    row = SignIn.objects.get(person=world.people["both"])
    response = client.post(f"/profile/sessions/{row.pk}/end/")
    assert response.status_code == 302 and response["Location"].startswith("/login")
    assert client.get("/profile/")["Location"].startswith("/login/")


def test_the_profile_costs_the_same_queries_however_many_sessions(world, django_assert_max_num_queries):
    """16 = 15 measured with sessions in Redis + the session read when they are not cached."""
    client = _signed_in(world.school_a, "both")
    with django_assert_max_num_queries(16) as few:
        client.get("/profile/")
    for _ in range(3):
        _signed_in(world.school_b, "both")
        _signed_in(world.school_a, "both")
    with django_assert_max_num_queries(16) as many:
        page = client.get("/profile/")
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(page.context["sessions"]) == 7


def test_the_last_request_is_noted_when_the_seen_mark_is_rewritten(world):
    import time

    from people.middleware import SESSION_SEEN_AT_KEY

    client = _signed_in(world.school_a, "both")
    row = SignIn.objects.get(person=world.people["both"])
    client.get("/profile/")
    assert SignIn.objects.get(pk=row.pk).last_seen_at == row.last_seen_at  # within the minute: no write
    session = client.session
    session[SESSION_SEEN_AT_KEY] = time.time() - 120
    session.save()
    client.get("/profile/")
    assert SignIn.objects.get(pk=row.pk).last_seen_at > row.last_seen_at
