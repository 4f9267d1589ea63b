"""No page scrolls sideways, at a phone's 390 px and a desktop's 1366 px, for every role (issue 13).

A real browser (Debian's Chromium, Playwright) logs in as each role and walks the pages it
can reach from its home page by following links (one page per address shape, so a list of 50
pairs costs one visit); on each page it measures, at both widths, that the document is no wider
than the window (a wide table must scroll inside its own box), and at 1366 px that the school's
section bar shows every section (nothing cut off in a scrolling strip). The server is a separate
process: the scene (a pair with a programme and an order, long Russian names) is committed and
removed afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from banks.models import MenteeProfile
from mentoring.models import Pair, Programme, ProgrammeStatus
from orders.models import Order, OrderKind, OrderStatus
from staff.models import StaffMember
from tests.conftest import PASSWORD
from tests.processes import platform_server
from tests.programmes import factories as pf
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, _log_in, _require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (390, 1366)
PAGES_PER_ROLE = 40
SCHOOL_ROLES = ("curator_a", "director_a", "mentor_a", "mentee_a", "teacher_a", "admin_alpha")
DISTRICT_ROLES = ("district_admin", "district_analyst")
SKIP = re.compile(r"/logout/|/i18n/|/static/|/media/|/api/|\.(pdf|xlsx|docx|ics|csv|zip)(\?|$)|/download|/files/")
LONG = "Константинопольская-Переподготовленная"


@pytest.fixture
def committed_scene(django_db_setup, django_db_blocker, world) -> Iterator[None]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), schema_context("alpha"):
        mentor = StaffMember.objects.get(person=world.people["mentor_a"])
        mentee = StaffMember.objects.get(person=world.people["mentee_a"])
        had_profile = MenteeProfile.objects.filter(staff=mentee).exists()
        long_mentee = pf.staff(LONG)
        pair = pf.pair(mentor, [mentee, long_mentee])
        programme = pf.programme(pair, status=ProgrammeStatus.ACTIVE, title="Адаптация и профессиональное "
                                 "становление учителя естественно-научных дисциплин")
        for deadline in (dt.date(2025, 10, 15), dt.date(2026, 3, 1)):
            pf.activity(programme, mentor, deadline=deadline, title="Взаимопосещение уроков с последующим анализом")
        order = Order.objects.create(number="171", date=dt.date(2025, 9, 1), year=2025, kind=OrderKind.ASSIGN_PAIR,
                                     title="О закреплении наставнической группы " + LONG, status=OrderStatus.DRAFT,
                                     text="Закрепить наставническую группу " + LONG * 3)
        try:
            yield
        finally:
            Programme.objects.filter(pk=programme.pk).delete()
            Pair.objects.filter(pk=pair.pk).delete()
            Order.objects.filter(pk=order.pk).delete()
            MenteeProfile.objects.filter(staff=long_mentee).delete()
            if not had_profile:
                MenteeProfile.objects.filter(staff=mentee).delete()
            long_mentee.delete()


def _shape(url: str) -> str:
    """One visit per address shape: ids and numbers stand for any."""
    path = urlparse(url).path
    path = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>", path)
    return re.sub(r"/\d+(?=/|$)", "/<n>", path)


def _measure(page: Page, width: int) -> dict[str, int]:
    page.set_viewport_size({"width": width, "height": 800})
    return page.evaluate("""() => {
        const nav = document.querySelector('nav.sectionnav ul.sections');
        return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                nav: nav ? nav.scrollWidth - nav.clientWidth : 0};
    }""")


def _culprits(page: Page) -> list[str]:
    """The innermost elements that reach past the window's right edge (for the failure message)."""
    return page.evaluate("""() => {
        const past = el => el.getBoundingClientRect().right > window.innerWidth + 1;
        const name = el => el.tagName.toLowerCase()
            + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/ +/).join('.') : '');
        return [...document.querySelectorAll('body *')]
            .filter(el => past(el) && ![...el.children].some(past))
            .slice(0, 5).map(el => name(el) + ' ' + Math.round(el.getBoundingClientRect().right));
    }""")


def _walk(page: Page, base: str, role: str, problems: list[str]) -> int:
    seen: set[str] = set()
    queue = [f"{base}/"]
    visited = 0
    while queue and visited < PAGES_PER_ROLE:
        url = urldefrag(queue.pop(0)).url
        if _shape(url) in seen or SKIP.search(url) or not url.startswith(base):
            continue
        seen.add(_shape(url))
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a link to a file to download (the address did not say so)
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited += 1
        for width in WIDTHS:
            m = _measure(page, width)
            if m["scroll"] > m["inner"]:
                problems.append(f"{role} {url} at {width}px: the page is {m['scroll']}px wide: {_culprits(page)}")
            if width >= 1366 and m["nav"] > 1:
                problems.append(f"{role} {url} at {width}px: the section bar hides {m['nav']}px of sections")
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        queue.extend(link for link in links if link.startswith(base) and _shape(link) not in seen)
    return visited


def test_no_page_of_any_role_scrolls_sideways(committed_scene, tmp_path: Path) -> None:
    _require_chromium()
    problems: list[str] = []
    walked: dict[str, int] = {}
    with platform_server(tmp_path) as port, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            for role in (*SCHOOL_ROLES, *DISTRICT_ROLES):
                base = f"http://{'localhost' if role in DISTRICT_ROLES else 'alpha.localhost'}:{port}"
                context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 800})
                context.set_default_timeout(3 * TIMEOUT_MS)  # a shared CI machine under load
                page = context.new_page()
                page.goto(f"{base}/login/")
                assert _log_in(page, role, PASSWORD).status == 302, role
                walked[role] = _walk(page, base, role, problems)
                context.close()
        finally:
            browser.close()
    print(f"\npages walked per role at {WIDTHS} px: {walked}")
    assert all(count >= 3 for count in walked.values()), walked
    assert problems == [], "\n".join(problems)
