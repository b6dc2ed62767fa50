"""引导网办 in the browser: a supervisor finds the people who came to a window for a fully-online item, previews and
sends the notice, and sees the campaign with its people and conversion; axe-core finds nothing on these pages; the
candidates list works on a phone."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from govhall.accounts.tests import factories
from govhall.outreach.tests.factories import filed, online_item, supervisor

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any, settings: Any, tmp_path: Any) -> None:
    """The live server runs in another thread: the data is committed (and flushed afterwards)."""
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")


@pytest.fixture
def boss() -> Any:
    pension = online_item(201, "城乡居民基本养老保险参保登记", department="区人力资源和社会保障局")
    social = online_item(202, "社会保障卡申领", department="区人力资源和社会保障局")
    recently = timezone.now() - timedelta(days=3)
    filed(factories.person("alice", number=0, phone="13812345678"), pension, recently)
    filed(factories.person("bob", number=1, phone="13900001111"), pension, recently - timedelta(days=1))
    filed(factories.person("carol", number=2, phone="13700002222"), social, recently - timedelta(days=2))
    return supervisor()


def sign_in(page: Page, site: Any, user: Any, then: str) -> None:
    page.goto(site(f"/accounts/login/?next={then}"))
    form = page.get_by_role("form", name="账号密码登录")
    form.get_by_label("用户名").fill(user.username)
    form.get_by_label("密码", exact=True).fill(factories.PASSWORD)
    form.get_by_role("button", name="登录").click()
    page.get_by_label("动态口令").fill(factories.current_code(user))
    page.get_by_role("button", name="验证并登录").click()
    expect(page).to_have_url(site(then))


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"      {node['target']} — {' '.join((node['summary'] or '').split())}")
    return "\n".join(lines)


def test_find_preview_send_and_measure(axe_page: Page, site, boss, run_axe, screenshot) -> None:
    page = axe_page
    found: dict[str, Any] = {}

    def check(name: str) -> None:
        expect(page.locator("main h1")).to_be_visible()
        violations = run_axe(page)
        if violations:
            found[f"{name} ({page.url})"] = violations

    sign_in(page, site, boss, "/outreach/")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(3)
    expect(page.get_by_text("138****5678")).to_be_visible()
    expect(page.get_by_text("13812345678")).to_have_count(0)
    check("candidates")
    screenshot(page, "candidates")

    # Keyboard only: choose one item and filter.
    page.get_by_label("事项").select_option(label="社会保障卡申领")
    page.get_by_role("button", name="查询").press("Enter")
    expect(rows).to_have_count(1)
    page.get_by_label("事项").select_option(label="全部全程网办事项")
    page.get_by_role("button", name="查询").click()
    expect(rows).to_have_count(3)

    page.get_by_role("link", name="向这些群众发起引导网办").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("发起引导网办")
    check("start")
    page.get_by_label("对照组比例（%）").fill("0")
    page.get_by_role("button", name="预览").click()
    expect(page.get_by_role("heading", name="消息预览")).to_be_visible()
    expect(page.locator(".message-preview")).to_contain_text("在线申报 http")
    check("start (preview)")
    screenshot(page, "preview")
    page.get_by_role("button", name="确认发送给 3 人").click()

    expect(page).to_have_url(re.compile(r"/outreach/campaigns/\d+/$"))
    expect(page.locator("main table").nth(1).locator("tbody tr")).to_have_count(3)
    expect(page.get_by_text("站内消息、短信").first).to_be_visible()
    check("campaign")
    screenshot(page, "campaign")
    page.get_by_role("link", name="引导活动", exact=True).click()
    check("campaigns")

    report = "\n".join(f"{name}:\n{describe(violations)}" for name, violations in found.items())
    assert not found, f"axe-core found violations on {len(found)} pages:\n{report}"


def test_candidates_on_a_phone(mobile_page: Page, site, boss, screenshot) -> None:
    sign_in(mobile_page, site, boss, "/outreach/")
    expect(mobile_page.locator("main table tbody tr")).to_have_count(3)
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways on a phone ({width}px)"
    screenshot(mobile_page, "phone")
