"""Bringing a pair to life in a real browser, counting the clicks (issue 13: about 25 before, aim ≤ 12).

The curator of alpha forms a pair whose mentee lacks one consent, records it in place (the
dialog; the page keeps what was chosen), drafts the order from the checklist with the number
suggested; the director signs it from the home page; the curator activates the pair. Every
click is counted; logging in is counted apart. The server is a separate process, so the rows
are committed and removed afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import Locator, Page, expect, sync_playwright

from audit.models import AuditEvent
from consents.models import Consent, ConsentPurpose
from mentoring.models import Pair, PairStatus
from orders.models import Order, RoleAssignment
from staff.models import StaffMember
from tests.conftest import PASSWORD
from tests.pairs import factories as f
from tests.processes import platform_server
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, _log_in, _require_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CLICKS_AIM = 12


@pytest.fixture
def committed_people(django_db_setup, django_db_blocker) -> Iterator[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """A mentor with every consent and a mentee without the consent to additional duties, committed."""
    with django_db_blocker.unblock(), schema_context("alpha"):
        mentor = f.mentor(f.staff("Кнопкина"), capacity=2)
        mentee = f.mentee(f.staff("Щелчков"), consents=False)
        f.consent(mentee, ConsentPurpose.PROCESSING_PROGRAMME)
        staff = [mentor.pk, mentee.pk]
        try:
            yield mentor.full_name, mentee.full_name
        finally:
            pairs = Pair.objects.filter(participants__staff_id__in=staff).distinct()
            orders = [p.order_id for p in pairs if p.order_id]
            pair_ids = [str(p.pk) for p in pairs]
            pairs.delete()
            RoleAssignment.objects.filter(staff_id__in=staff).delete()
            Order.objects.filter(pk__in=orders).delete()
            Consent.objects.filter(staff_id__in=staff).delete()
            for member in StaffMember.objects.filter(pk__in=staff):
                for profile in ("mentor_profile", "mentee_profile"):
                    if hasattr(member, profile):
                        getattr(member, profile).delete()
                member.delete()
            AuditEvent.objects.filter(target_id__in=[*pair_ids, *map(str, orders)]).delete()


class Clicks:
    def __init__(self) -> None:
        self.count = 0
        self.logins = 0
        self.steps: list[str] = []

    def click(self, locator: Locator, what: str) -> None:
        locator.click()
        self.count += 1
        self.steps.append(what)

    def log_in(self, page: Page, username: str) -> None:
        assert _log_in(page, username, PASSWORD).status == 302
        self.logins += 1


def test_a_pair_with_a_missing_consent_comes_to_life_in_few_clicks(committed_people, tmp_path: Path) -> None:
    _require_chromium()
    mentor_name, mentee_name = committed_people
    clicks = Clicks()
    with platform_server(tmp_path) as port, sync_playwright() as pw:
        alpha = f"http://alpha.localhost:{port}"
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            expect.set_options(timeout=TIMEOUT_MS)
            curator_context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 768})
            curator_context.set_default_timeout(TIMEOUT_MS)
            page = curator_context.new_page()
            page.goto(f"{alpha}/login/")
            clicks.log_in(page, "curator_a")

            clicks.click(page.locator("nav.sectionnav a[href='/pairs/']"), "Пары и группы")
            clicks.click(page.locator("a[href='/pairs/new/']"), "Сформировать пару")
            page.fill("#mentor_q", "Кнопкин")  # typing, not a click
            clicks.click(page.locator("label.pick", has_text=mentor_name), "наставник")
            clicks.click(page.locator("label.pick", has_text=mentee_name), "наставляемый")
            gaps = page.locator(".consent-gaps")
            expect(gaps).to_contain_text(f"{mentee_name}: согласия нет")
            expect(gaps.locator("a", has_text="Бланк")).to_have_count(1)
            clicks.click(gaps.locator("a", has_text="Записать согласие"), "Записать согласие")
            dialog = page.locator("dialog#consent-dialog")
            expect(dialog).to_be_visible()
            expect(dialog).to_contain_text(mentee_name)
            clicks.click(dialog.locator("button[type=submit]"), "Записать")
            expect(dialog).to_have_count(0)
            expect(gaps).to_contain_text("Все согласия, нужные паре, действуют.")
            # The page kept what was chosen.
            expect(page.locator("label.pick", has_text=mentor_name).locator("input")).to_be_checked()
            expect(page.locator("label.pick", has_text=mentee_name).locator("input")).to_be_checked()
            clicks.click(page.locator("#pair-builder button.primary[type=submit]"), "Сформировать")
            expect(page.locator("h1")).to_have_text("Наставническая пара")
            expect(page.locator("a", has_text="Приказ (PDF)")).to_have_count(0)  # nothing to print yet
            expect(page.locator("form[action$='/activate/']")).to_have_count(0)  # not before it can work
            number = page.locator("form.inline-draft input[name=number]").input_value()
            assert re.fullmatch(r"\d+", number), number
            clicks.click(page.locator("form.inline-draft button[type=submit]"), "Подготовить приказ")
            expect(page.locator(".checklist")).to_contain_text(f"не подписан приказ директора № {number}")
            pair_url = page.url

            director_context = browser.new_context(locale="ru-RU", viewport={"width": 1366, "height": 768})
            director_context.set_default_timeout(TIMEOUT_MS)
            director = director_context.new_page()
            director.goto(f"{alpha}/login/")
            clicks.log_in(director, "director_a")
            clicks.click(director.locator("a[href='/orders/?status=draft']").first, "Проекты приказов на подпись")
            clicks.click(director.locator("a", has_text=number).first, f"приказ № {number}")
            clicks.click(director.locator("form[action$='/sign/'] button"), "Подписать")
            expect(director.locator(".messages")).to_contain_text(f"Приказ № {number} подписан")

            page.goto(pair_url)  # the curator comes back to the pair's page (a reload, not a click)
            clicks.click(page.locator("form[action$='/activate/'] button"), "Начать работу пары")
            expect(page.locator(".badge.status-active").first).to_be_visible()
        except BaseException:
            log = tmp_path / "server.log"
            print(page.locator("main").inner_text()[-1500:])
            print(f"at step {len(clicks.steps)} {clicks.steps}\nserver log:\n{log.read_text(errors='replace')[-4000:]}")
            raise
        finally:
            browser.close()
    print(f"\nclicks to bring a pair to life: {clicks.count} (+ {clicks.logins} log-ins): {' → '.join(clicks.steps)}")
    assert clicks.count <= CLICKS_AIM
    with schema_context("alpha"):
        assert Pair.objects.filter(participants__staff__last_name="Щелчков", status=PairStatus.ACTIVE).count() == 1
