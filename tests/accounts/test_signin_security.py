"""Sign-in security (issue 10, point 8): each defect with a test that failed before the change."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token

from people.middleware import SESSION_LOGIN_AT_KEY, SESSION_SEEN_AT_KEY
from people.models import Person
from tests.conftest import PASSWORD, client_for, host_of

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "/api/auth/token/"


def _anonymous(school, **extra) -> Client:  # type: ignore[no-untyped-def]
    return Client(HTTP_HOST=host_of(school), **extra)


def _token(client: Client, username: str, password: str = PASSWORD, **extra):  # type: ignore[no-untyped-def]
    return client.post(TOKEN, {"username": username, "password": password}, content_type="application/json", **extra)


# --- The lockout counts the login as matched, not as typed -------------------------------------


def test_the_lockout_counts_the_login_as_matched_not_as_typed(world):
    client = _anonymous(world.school_a)
    answers = [client.post("/login/", {"username": typed, "password": "wrong"}).status_code
               for typed in ("TEACHER_A", "Teacher_A", "teacher_A", "TeAcHeR_a", "teacher_a")]
    assert answers == [200, 200, 200, 200, 429]  # the fifth failure of one login locks it
    locked = client.post("/login/", {"username": "Teacher_A", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


# --- The token endpoint's rate limit: the real address, per person and address, every space -----


def test_a_client_chosen_forwarded_for_header_does_not_buy_new_attempts(world):
    client = _anonymous(world.school_a)
    for n in range(5):
        assert _token(client, "mentor_a", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code == 200
    refused = _token(client, "mentor_a", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert refused.status_code == 429
    assert refused.json()["type"] == "client_error" and refused.json()["errors"][0]["code"] == "throttled"


def test_the_token_limit_is_counted_across_every_space(world):
    at_a, at_b = _anonymous(world.school_a), _anonymous(world.school_b)
    for client in (at_a, at_a, at_a, at_b, at_b):
        assert _token(client, "both").status_code == 200
    assert _token(at_b, "BOTH").status_code == 429
    # Another person from the same address still gets in (the per-person limit is theirs alone).
    assert _token(at_b, "teacher_b").status_code == 200


@override_settings(CLIENT_ADDRESS_HEADER="HTTP_X_REAL_IP")
def test_behind_the_proxy_the_limit_is_per_address_the_proxy_saw(world):
    client = _anonymous(world.school_a)
    for _n in range(5):
        assert _token(client, "mentor_a", HTTP_X_REAL_IP="203.0.113.7").status_code == 200
    assert _token(client, "mentor_a", HTTP_X_REAL_IP="203.0.113.7").status_code == 429
    assert _token(client, "mentor_a", HTTP_X_REAL_IP="198.51.100.2").status_code == 200


def test_nginx_sets_the_forwarded_address_instead_of_appending_to_the_clients():
    site = (ROOT / "deploy" / "nginx" / "mentoring.conf").read_text()
    assert re.search(r"proxy_set_header X-Forwarded-For \$remote_addr;", site)
    assert "$proxy_add_x_forwarded_for" not in site


# --- A limit per address against spraying many logins ------------------------------------------


def test_spraying_many_logins_from_one_address_is_stopped_at_the_page(world):
    client = _anonymous(world.school_a)
    answers = [client.post("/login/", {"username": f"guess{n}", "password": "wrong"}).status_code
               for n in range(12)]
    assert answers == [200] * 10 + [429, 429]
    # Counted across spaces: the same address at another school's host is stopped too.
    assert _anonymous(world.school_b).post("/login/", {"username": "guess", "password": "x"}).status_code == 429


def test_spraying_many_logins_at_the_token_endpoint_is_stopped(world):
    client = _anonymous(world.school_a)
    answers = [_token(client, f"guess{n}", "wrong").status_code for n in range(12)]
    assert 429 not in answers[:10]
    assert answers[10:] == [429, 429]


# --- The lockout answers the API in its JSON error format ----------------------------------------


def test_the_lockout_answers_the_token_endpoint_in_the_apis_json_format(world):
    page = _anonymous(world.school_a)
    for _n in range(5):
        page.post("/login/", {"username": "mentor_a", "password": "wrong"})
    response = _token(_anonymous(world.school_a), "mentor_a")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"type": "client_error", "errors": [
        {"code": "throttled", "detail": "Слишком много неудачных попыток входа. Попробуйте позже.", "attr": None}]}


# --- API tokens: a lifetime; ended by «sign out everywhere», a password change, deactivation -------


def _api(school, key: str) -> Client:  # type: ignore[no-untyped-def]
    return Client(HTTP_HOST=host_of(school), HTTP_AUTHORIZATION=f"Token {key}")


@override_settings(API_TOKEN_LIFETIME_HOURS=24)
def test_a_token_ends_after_its_lifetime(world):
    token = Token.objects.create(user=world.person("mentor_a"))
    assert _api(world.school_a, token.key).get("/api/me/").status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - dt.timedelta(hours=24, seconds=1))
    response = _api(world.school_a, token.key).get("/api/me/")
    assert response.status_code == 401
    assert not Token.objects.filter(pk=token.pk).exists()
    # A new sign-in gives a new token.
    fresh = _token(_anonymous(world.school_a), "mentor_a").json()["token"]
    assert fresh != token.key and _api(world.school_a, fresh).get("/api/me/").status_code == 200


def test_sign_out_everywhere_ends_every_session_and_the_token(world):
    mentor = world.person("mentor_a")
    token = Token.objects.create(user=mentor)
    phone, laptop = client_for(world.school_a, mentor), client_for(world.school_a, mentor)
    assert phone.get("/").status_code == 200 and laptop.get("/").status_code == 200
    assert laptop.post("/profile/sign-out-everywhere/").status_code == 302
    assert phone.get("/").status_code == 302 and laptop.get("/").status_code == 302
    assert _api(world.school_a, token.key).get("/api/me/").status_code == 401


def test_a_password_change_ends_the_other_sessions_and_the_token_but_keeps_this_one(world):
    mentor = world.person("mentor_a")
    token = Token.objects.create(user=mentor)
    here, elsewhere = client_for(world.school_a, mentor), client_for(world.school_a, mentor)
    new = "Vesna-v-gorakh-2026"
    response = here.post("/profile/password/", {"old_password": PASSWORD, "new_password1": new,
                                                "new_password2": new})
    assert response.status_code == 302 and response["Location"] == "/profile/"
    assert here.get("/").status_code == 200
    assert elsewhere.get("/").status_code == 302
    assert _api(world.school_a, token.key).get("/api/me/").status_code == 401
    assert Person.objects.get(pk=mentor.pk).check_password(new)


def test_a_wrong_current_password_changes_nothing(world):
    mentor = world.person("mentor_a")
    client = client_for(world.school_a, mentor)
    response = client.post("/profile/password/", {"old_password": "wrong", "new_password1": "Vesna-2026-gory",
                                                  "new_password2": "Vesna-2026-gory"})
    assert response.status_code == 200
    assert "Ваш старый пароль введен неправильно" in response.content.decode()
    assert Person.objects.get(pk=mentor.pk).password == mentor.password


# --- Content-Security-Policy ----------------------------------------------------------------------


def _policy(response) -> dict[str, str]:  # type: ignore[no-untyped-def]
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/login/", "/", "/staff/", "/api/docs/", "/api/me/"])
def test_every_response_carries_a_strict_content_security_policy(world, path):
    client = _anonymous(world.school_a) if path == "/login/" else client_for(world.school_a, world.people["director_a"])
    response = client.get(path)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == "default-src 'self'"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["base-uri"] == "base-uri 'none'"
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]


def test_an_inline_script_runs_only_with_the_nonce_of_its_response(world):
    response = client_for(world.school_a, world.people["director_a"]).get("/api/docs/")
    nonce = re.search(r"'nonce-([^']+)'", _policy(response)["script-src"]).group(1)  # type: ignore[union-attr]
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline and all(f'nonce="{nonce}"' in attributes for attributes in inline)
    assert "fonts.googleapis.com" not in client_for(world.school_a, world.people["director_a"]).get(
        "/api/redoc/").content.decode()


# --- No copies of personal pages; session limits ---------------------------------------------------


def test_signed_in_pages_are_never_stored_by_a_browser_or_proxy(world):
    client = client_for(world.school_a, world.people["director_a"])
    for path in ("/", "/staff/", "/profile/", "/api/me/"):
        assert "no-store" in client.get(path)["Cache-Control"], path
    token = Token.objects.create(user=world.person("mentor_a"))
    assert "no-store" in _api(world.school_a, token.key).get("/api/me/")["Cache-Control"]


@override_settings(SESSION_IDLE_MINUTES=30)
def test_a_session_idle_too_long_ends(world):
    client = client_for(world.school_a, world.people["director_a"])
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_SEEN_AT_KEY] = time.time() - 30 * 60 - 5
    session.save()
    assert client.get("/").status_code == 302


@override_settings(SESSION_ABSOLUTE_HOURS=12)
def test_a_session_ends_at_its_absolute_limit_whatever_the_activity(world):
    client = client_for(world.school_a, world.people["director_a"])
    session = client.session
    session[SESSION_LOGIN_AT_KEY] = time.time() - 12 * 3600 - 5
    session[SESSION_SEEN_AT_KEY] = time.time()
    session.save()
    assert client.get("/").status_code == 302


def test_an_active_session_within_the_limits_goes_on(world):
    client = client_for(world.school_a, world.people["director_a"])
    session = client.session
    session[SESSION_LOGIN_AT_KEY] = time.time() - 11 * 3600
    session[SESSION_SEEN_AT_KEY] = time.time() - 60 * 60
    session.save()
    assert client.get("/").status_code == 200
