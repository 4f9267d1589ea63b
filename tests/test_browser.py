"""Logging in, and the walls between schools, in a real browser.

Debian's Chromium (never a browser downloaded by a test tool) driven by Playwright
against the platform served by gunicorn on the test database. One browser, one
context: the director of alpha logs in at alpha, then is refused at beta, both
by the host-only session cookie and by beta's login form.

Elements are found by stable attributes (input names, the login form's submit
button, the logout form's address) and by page text, never by layout classes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.forms import AuthenticationForm
from django.utils import translation
from playwright.sync_api import Page, Response, expect, sync_playwright

from people.models import Person
from tests.conftest import PASSWORD, World
from tests.processes import platform_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TIMEOUT_MS = 10_000
# The role as the home page names it: Russian once the translation lands, English until then.
DIRECTOR = re.compile(r"Директор|Director")

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _require_chromium() -> None:
    if os.access(CHROMIUM, os.X_OK):
        return
    reason = (
        f"{CHROMIUM} is missing: install Debian's Chromium "
        "(apt-get install chromium, as ./dev test does); never `playwright install`"
    )
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _invalid_login_text() -> str:
    """The refusal a login form shows, as the server renders it in Russian."""
    verbose_name = Person._meta.get_field(Person.USERNAME_FIELD).verbose_name
    with translation.override("ru"):
        return str(AuthenticationForm.error_messages["invalid_login"]) % {"username": verbose_name}


def _log_in(page: Page, username: str, password: str) -> Response:
    """Fill and send the login form; returns the response to its POST."""
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    with page.expect_response(lambda r: r.request.method == "POST" and "/login/" in r.url) as posted:
        form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    return posted.value


def _expect_login_page(page: Page, base: str) -> None:
    expect(page).to_have_url(re.compile(rf"^{re.escape(base)}/login/"))
    expect(page.locator("form input[name=password]")).to_be_visible()
    expect(page.locator("form[action='/logout/']")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(DIRECTOR)


def test_director_logs_in_at_own_school_and_is_refused_at_another(world: World, tmp_path: Path) -> None:
    _require_chromium()
    # Everything that touches Django happens before Playwright starts its event loop.
    alpha_name = world.school_a.full_name
    assert alpha_name == "МБОУ «СОШ с. Альфа»"
    refusal = _invalid_login_text()

    with platform_server(tmp_path) as port, sync_playwright() as pw:
        alpha, beta = f"http://alpha.localhost:{port}", f"http://beta.localhost:{port}"
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="ru-RU")
        context.set_default_timeout(TIMEOUT_MS)
        expect.set_options(timeout=TIMEOUT_MS)
        page = context.new_page()
        beta_pages: list[tuple[str, int]] = []  # every page beta served to this browser

        def note_beta_page(response: Response) -> None:
            if response.url.startswith(beta) and response.request.resource_type == "document":
                beta_pages.append((response.url, response.status))

        page.on("response", note_beta_page)
        try:
            # Alpha: an anonymous visitor is sent to the login page, then logs in.
            page.goto(f"{alpha}/")
            expect(page).to_have_url(re.compile(rf"^{re.escape(alpha)}/login/\?next=(/|%2F)$"))
            _expect_login_page(page, alpha)
            posted = _log_in(page, "director_a", PASSWORD)
            assert posted.status == 302, f"alpha login answered {posted.status}"
            expect(page).to_have_url(f"{alpha}/")
            expect(page.locator("body")).to_contain_text(alpha_name)
            expect(page.locator("body")).to_contain_text(DIRECTOR)
            expect(page.locator("form[action='/logout/']")).to_have_count(1)
            expect(page.locator("input[name=password]")).to_have_count(0)

            # Beta, same context: the session cookie is alpha's host only, so beta sees a stranger.
            page.goto(f"{beta}/")
            expect(page).to_have_url(re.compile(rf"^{re.escape(beta)}/login/\?next=(/|%2F)$"))
            _expect_login_page(page, beta)
            assert not [c for c in context.cookies(beta) if c["name"] == "sessionid"]

            # Beta's own login form refuses alpha's director, with the password right.
            posted = _log_in(page, "director_a", PASSWORD)
            assert posted.status == 200, f"beta login answered {posted.status}, expected the form again"
            _expect_login_page(page, beta)
            expect(page.locator("body")).to_contain_text(refusal)
            assert not [c for c in context.cookies(beta) if c["name"] == "sessionid"]
            served_home = [(url, status) for url, status in beta_pages if url == f"{beta}/" and status == 200]
            assert not served_home, f"beta's home page was served: {beta_pages}"

            # Alpha is untouched by the refusal at beta.
            page.goto(f"{alpha}/")
            expect(page).to_have_url(f"{alpha}/")
            expect(page.locator("body")).to_contain_text(alpha_name)
            expect(page.locator("form[action='/logout/']")).to_have_count(1)

            # Log out and in again at alpha: the success also clears the failure beta's
            # refusal left in the committed login-throttling records (AXES_RESET_ON_SUCCESS).
            page.locator("form[action='/logout/'] button[type=submit]").click()
            _expect_login_page(page, alpha)
            assert _log_in(page, "director_a", PASSWORD).status == 302
            expect(page).to_have_url(f"{alpha}/")
        except BaseException:
            shot = tmp_path / "failure.png"
            try:
                page.screenshot(path=str(shot), full_page=True)
            except Exception as exc:  # the browser itself may be what failed
                print(f"no screenshot: {exc}")
            log = tmp_path / "server.log"
            print(f"screenshot: {shot}\nat: {page.url}\nserver log ({log}):\n{log.read_text(errors='replace')[-4000:]}")
            raise
        finally:
            browser.close()

    # The server committed them; this test's transaction reads them (the browser is gone).
    assert not AccessAttempt.objects.filter(username="director_a").exists()
