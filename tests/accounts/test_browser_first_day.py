"""A new teacher's first day, in a real browser (issue 10, «must show»).

Debian's Chromium driven by Playwright against gunicorn on the test database, as tests/test_browser.py
does. The curator adds a teacher; the administrator creates her login and prints the slip; the code is
read from the PDF; the teacher signs in at her school's host, must choose a password, lands on her home
page; the same login and password at another school's host fail exactly like a wrong password; the
administrator deactivates her: her open session is signed out on the next click and her API token
answers 401. Everything the server committed for her is removed at the end.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import connection
from django_tenants.utils import schema_context
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright
from rest_framework.authtoken.models import Token

from audit.models import AuditEvent
from people.models import Membership, Person
from staff.models import StaffMember
from tenants.models import School
from tests.accounts.helpers import slips_of
from tests.conftest import PASSWORD
from tests.processes import platform_server
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, _invalid_login_text, _log_in, _require_chromium
from tests.test_celery_worker import committed  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LAST, FIRST, PATRONYMIC = "Хасбулатова", "Марьям", "Исаевна"
LOGIN = "khasbulatova.mi"
NEW_PASSWORD = "Gornyy-rodnik-2026"  # noqa: S105


def _remove_her() -> None:
    """What the server committed for the test teacher (tests keep the world as it was)."""
    person = Person.objects.filter(username=LOGIN).first()
    with schema_context(School.objects.get(slug="alpha").schema_name):
        members = list(StaffMember.objects.filter(last_name=LAST, first_name=FIRST))
        AuditEvent.objects.filter(target_id__in=[str(m.pk) for m in members]).delete()
        if person is not None:
            AuditEvent.objects.filter(target_id=str(person.pk)).delete()
            AuditEvent.objects.filter(actor=person).delete()
        StaffMember.objects.filter(pk__in=[m.pk for m in members]).delete()
    if person is not None:
        AuditEvent.objects.filter(actor=person).delete()
        AuditEvent.objects.filter(target_id=str(person.pk)).delete()
        Membership.objects.filter(person=person).delete()
        Token.objects.filter(user=person).delete()
        # Not person.delete(): its collector would look for the school tables' references in public.
        Person.objects.filter(pk=person.pk)._raw_delete(connection.alias)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=[LOGIN, "curator_a", "admin_alpha"]).delete()


@pytest.fixture
def clean(committed) -> Iterator[None]:  # type: ignore[no-untyped-def]  # noqa: F811
    _remove_her()
    yield
    connection.set_schema_to_public()
    _remove_her()


def _request(base: str, path: str, **kwargs: object) -> urllib.request.Request:
    """To the test server by its address, with the school's host name (urllib does not resolve *.localhost)."""
    host = base.removeprefix("http://")
    port = host.rsplit(":", 1)[1]
    headers = {"Host": host, **kwargs.pop("headers", {})}  # type: ignore[dict-item]
    return urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers, **kwargs)  # type: ignore[arg-type]


def _api_me(base: str, token: str) -> int:
    request = _request(base, "/api/me/", headers={"Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own test server
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _api_token(base: str, username: str, password: str) -> str:
    body = json.dumps({"username": username, "password": password}).encode()
    request = _request(base, "/api/auth/token/", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - our own test server
        return str(json.loads(response.read())["token"])


def _signed_in(context: BrowserContext, base: str, username: str) -> Page:
    page = context.new_page()
    page.goto(f"{base}/login/")
    assert _log_in(page, username, PASSWORD).status == 302
    return page


def test_a_new_teachers_first_day(clean: None, tmp_path: Path) -> None:
    _require_chromium()
    refusal = _invalid_login_text()
    with platform_server(tmp_path) as port, sync_playwright() as pw:
        alpha, beta = f"http://alpha.localhost:{port}", f"http://beta.localhost:{port}"
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        expect.set_options(timeout=TIMEOUT_MS)
        contexts = [browser.new_context(locale="ru-RU", accept_downloads=True) for _ in range(3)]
        refused: list[str] = []  # anything the Content-Security-Policy blocked on any page
        for context in contexts:
            context.set_default_timeout(TIMEOUT_MS)
            context.on("console", lambda message: refused.append(message.text)
                       if "Content Security Policy" in message.text else None)
        curator_ctx, admin_ctx, teacher_ctx = contexts
        page = curator_ctx.new_page()
        try:
            # The curator adds the teacher.
            page = _signed_in(curator_ctx, alpha, "curator_a")
            page.goto(f"{alpha}/staff/new/")
            form = page.locator("form:has(input[name=last_name])")
            form.locator("input[name=last_name]").fill(LAST)
            form.locator("input[name=first_name]").fill(FIRST)
            form.locator("input[name=patronymic]").fill(PATRONYMIC)
            form.locator("input[name=birth_date]").fill("2001-04-12")
            form.locator("input[name=position]").fill("учитель биологии")
            form.locator("button[type=submit]").click()
            expect(page.locator("h1")).to_contain_text(f"{LAST} {FIRST}")
            card = page.url
            expect(page.locator("body")).not_to_contain_text("Создать учётную запись")  # not the curator's
            # Pages with inline styles, and the API's documentation with its nonce'd script, under the CSP.
            for path in ("/roadmap/", "/programmes/", "/api/docs/", "/api/redoc/"):
                page.goto(f"{alpha}{path}")
                page.wait_for_load_state()
            # ReDoc drew the schema (it is slow to lay out a large schema on a busy machine).
            expect(page.locator("body")).to_contain_text("/api/me/", timeout=60_000)

            # The administrator creates her login and prints the slip.
            page = _signed_in(admin_ctx, alpha, "admin_alpha")
            page.goto(card)
            page.get_by_role("link", name="Создать учётную запись").click()
            expect(page.locator("input[name=username]")).to_have_value(LOGIN)
            with page.expect_download() as download:
                page.get_by_role("button", name="Создать логин и распечатать приглашение").click()
            [(login, code)] = slips_of(Path(download.value.path()).read_bytes())
            assert login == LOGIN

            # She signs in at her school with the code and must choose a password first.
            page = teacher_ctx.new_page()
            page.goto(f"{alpha}/")
            assert _log_in(page, login, code).status == 302
            expect(page).to_have_url(f"{alpha}/password/set/")
            page.goto(f"{alpha}/orders/")
            expect(page).to_have_url(f"{alpha}/password/set/")
            page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
            page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
            page.get_by_role("button", name="Сохранить пароль").click()
            expect(page).to_have_url(f"{alpha}/")
            expect(page.locator("body")).to_contain_text("Хасбулатова М.И.")
            expect(page.locator("form[action='/logout/']")).to_have_count(1)
            token = _api_token(alpha, login, NEW_PASSWORD)
            assert _api_me(alpha, token) == 200

            # At another school's host the same login and password fail exactly like a wrong password.
            other = teacher_ctx.new_page()
            other.goto(f"{beta}/login/")
            assert _log_in(other, login, "совсем-не-тот-пароль").status == 200
            wrong = other.locator(".alert.error").inner_text()
            assert _log_in(other, login, NEW_PASSWORD).status == 200
            expect(other.locator(".alert.error")).to_have_text(wrong)
            assert refusal in wrong
            other.close()

            # The administrator deactivates her.
            admin = admin_ctx.pages[-1]
            admin.goto(f"{card}deactivate/")
            admin.locator("input[name=confirm]").check()
            admin.get_by_role("button", name="Отключить").click()
            expect(admin.locator("body")).to_contain_text("сотрудник отключён")

            # Her open session is signed out on the next click; her token answers 401.
            page.get_by_role("link", name=re.compile("Приказы")).first.click()
            expect(page).to_have_url(re.compile(rf"^{re.escape(alpha)}/login/"))
            assert _api_me(alpha, token) == 401
            # ReDoc's footer asks for its logo at cdn.redoc.ly: refused, as every outside host is.
            assert [text for text in refused if "cdn.redoc.ly" not in text] == []
        except BaseException:
            shot = tmp_path / "failure.png"
            try:
                page.screenshot(path=str(shot), full_page=True)
            except Exception as exc:  # the browser itself may be what failed
                print(f"no screenshot: {exc}")
            log = tmp_path / "server.log"
            print(f"screenshot: {shot}\nat: {page.url}\nserver log:\n{log.read_text(errors='replace')[-4000:]}")
            raise
        finally:
            browser.close()
