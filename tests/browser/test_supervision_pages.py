"""Supervision pages in headless Chromium: axe-core finds nothing on the dashboard (with its charts drawn), a
drill-down, the lists and the public page; the dashboard fits a phone; no CSP violations (charts from json_script)."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from govhall.accounts.tests import factories
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.organisations import constants

pytestmark = pytest.mark.browser

MARCH = "month_from=2026-03&month_to=2026-03"


@pytest.fixture
def supervision_data(transactional_db: None, live_server: Any) -> Any:
    from govhall.supervision import aggregates
    from govhall.supervision.tests import dataset

    found = dataset.cases()
    aggregates.rebuild()
    return found


def sign_in(page: Page, site: Any, then: str) -> None:
    user = factories.staff("overseer", constants.Role.SUPERVISOR, department=DepartmentFactory(name="区政府办"))
    page.goto(site(f"/accounts/login/?next={then}"))
    form = page.get_by_role("form", name="账号密码登录")
    form.get_by_label("用户名").fill(user.username)
    form.get_by_label("密码", exact=True).fill(factories.PASSWORD)
    form.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(factories.current_code(user))
    page.get_by_role("button", name="验证并登录").click()
    expect(page).to_have_url(re.compile(re.escape(then.split("?")[0])))


def test_supervision_pages_are_accessible(axe_page: Page, site, supervision_data, run_axe, screenshot) -> None:  # type: ignore[no-untyped-def]
    sign_in(axe_page, site, f"/supervision/?{MARCH}")
    expect(axe_page.locator("#sup-trend").locator("svg").first).to_be_attached()
    expect(axe_page.locator("#sup-ranking").locator("svg").first).to_be_attached()
    screenshot(axe_page, "supervision-dashboard")
    found = {}
    for path in (
        f"/supervision/?{MARCH}",
        f"/supervision/?{MARCH}&split=handler",
        f"/supervision/drill/on_time_rate/numerator/?{MARCH}",
        f"/supervision/overdue/?{MARCH}",
        f"/supervision/rectifications/?{MARCH}",
        f"/supervision/public/?{MARCH}",
    ):
        response = axe_page.goto(site(path))
        assert response is not None and response.status == 200, path
        expect(axe_page.locator("main h1")).to_be_visible()
        if path.startswith("/supervision/?"):
            expect(axe_page.locator("#sup-trend svg").first).to_be_attached()
        violations = run_axe(axe_page)
        if violations:
            found[path] = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in violations]
    assert not found, found


def test_dashboard_on_a_phone_and_by_keyboard(mobile_page: Page, site, supervision_data, screenshot) -> None:  # type: ignore[no-untyped-def]
    sign_in(mobile_page, site, f"/supervision/?{MARCH}")
    expect(mobile_page.locator("#sup-trend svg").first).to_be_attached()
    widths = mobile_page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths
    screenshot(mobile_page, "supervision-dashboard-phone")
    # The figure cards are links reached with Tab, and open the cases behind the figure.
    card = mobile_page.locator(".sup-card-value").first
    card.focus()
    expect(card).to_be_focused()
    mobile_page.keyboard.press("Enter")
    expect(mobile_page).to_have_url(re.compile(r"/supervision/drill/"))
