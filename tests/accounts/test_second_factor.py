"""The second factor for the powerful accounts (issue 10, point 7): django-otp TOTP, a QR code drawn here."""

from __future__ import annotations

import re

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from district.selectors import district_settings
from tests.conftest import PASSWORD, host_of


def _require(on: bool = True) -> None:
    row = district_settings()
    row.second_factor_required = on
    row.save()


def _sign_in(school, username: str) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST=host_of(school))
    assert client.post("/login/", {"username": username, "password": PASSWORD}).status_code == 302
    return client


def _code(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def _wait_out_the_backoff() -> None:
    """django-otp slows guessing down after a wrong code (1 s, then doubling): the test does not wait."""
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


def test_a_director_must_set_up_the_second_factor_when_the_district_requires_it(world):
    _require()
    client = _sign_in(world.school_a, "director_a")
    for path in ("/", "/staff/", "/api/me/", "/profile/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/profile/second-factor/", path
    page = client.get("/profile/second-factor/")
    html = page.content.decode()
    assert "<svg" in html and "http" not in html.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", "")  # drawn here, nothing from another host
    device = TOTPDevice.objects.get(user=world.people["director_a"], confirmed=False)
    assert b"".join([device.bin_key]) and re.search(r"<code>[A-Z2-7]+=*</code>", html)
    wrong = client.post("/profile/second-factor/", {"code": "000000" if _code(device) != "000000" else "111111"})
    assert "Код неверен" in wrong.content.decode()
    _wait_out_the_backoff()
    done = client.post("/profile/second-factor/", {"code": _code(device)})
    codes = re.findall(r"<li><code>([0-9a-f]{8})</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    # Shown once: the page does not show them again.
    assert not re.findall(r"<li><code>", client.get("/profile/second-factor/").content.decode())

    # The next sign-in asks for a code; a recovery code works once.
    again = _sign_in(world.school_a, "director_a")
    assert again.get("/")["Location"] == "/login/second-factor/"
    assert "Код неверен" in again.post("/login/second-factor/", {"code": "12345678"}).content.decode()
    _wait_out_the_backoff()
    assert again.post("/login/second-factor/", {"code": codes[0]})["Location"] == "/"
    assert again.get("/").status_code == 200
    third = _sign_in(world.school_a, "director_a")
    assert third.post("/login/second-factor/", {"code": codes[0]}).status_code == 200  # spent
    assert third.get("/")["Location"] == "/login/second-factor/"


def test_a_district_administrator_must_too_and_a_teacher_never(world):
    _require()
    assert _sign_in(None, "district_admin").get("/")["Location"] == "/profile/second-factor/"
    assert _sign_in(world.school_a, "teacher_a").get("/").status_code == 200
    assert _sign_in(world.school_a, "curator_a").get("/").status_code == 200


def test_without_the_districts_requirement_a_director_signs_in_with_the_password(world):
    _require(False)
    assert _sign_in(world.school_a, "director_a").get("/").status_code == 200


def test_anyone_who_enrolled_is_asked_for_the_code(world):
    _require(False)
    device = TOTPDevice.objects.create(user=world.people["teacher_a"], name="app", confirmed=True)
    client = _sign_in(world.school_a, "teacher_a")
    assert client.get("/orders/")["Location"] == "/login/second-factor/"
    assert client.post("/login/second-factor/", {"code": _code(device)})["Location"] == "/"
    assert client.get("/orders/").status_code == 200


def test_the_token_endpoint_asks_for_the_second_factor_too(world):
    _require(False)
    device = TOTPDevice.objects.create(user=world.people["teacher_a"], name="app", confirmed=True)
    client = Client(HTTP_HOST=host_of(world.school_a))
    body = {"username": "teacher_a", "password": PASSWORD}
    refused = client.post("/api/auth/token/", body, content_type="application/json")
    assert refused.status_code == 403 and "otp" in refused.json()["errors"][0]["detail"]
    ok = client.post("/api/auth/token/", {**body, "otp": _code(device)}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["token"]
    _require()
    director = client.post("/api/auth/token/", {"username": "director_a", "password": PASSWORD},
                           content_type="application/json")
    assert director.status_code == 403 and "token" not in director.json()
