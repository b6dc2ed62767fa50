"""The kiosk in the browser, on a portrait 1080×1920 touch screen: opened with its key → sign in with the ID card on
the reader → take a ticket → my cases and their progress → print the receipt → rate the concluded case → left alone,
the countdown shows and the kiosk goes back to its home page, signed out. Every button and link is at least 48 px high,
no inline script is blocked by the CSP, screenshots are written for looking at."""

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from govhall.accounts.tests.factories import IDS
from govhall.evaluation.models import Rating
from govhall.evaluation.tests.factories import alice, concluded_case
from govhall.kiosk.models import PrintJob
from govhall.kiosk.tests.factories import KEY, kiosk
from govhall.queueing.models import Ticket

pytestmark = pytest.mark.browser

PORTRAIT = {"width": 1080, "height": 1920}


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any, settings: Any, tmp_path: Path) -> None:
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")
    # Short enough for the test to see the reset; the countdown still counts for two seconds.
    settings.KIOSK_IDLE_SECONDS, settings.KIOSK_COUNTDOWN_SECONDS = 5, 2


def small_targets(page: Page) -> list[str]:
    """Buttons and links on screen lower than 48 CSS px."""
    return page.evaluate(
        """() => [...document.querySelectorAll("main a, main button, header a, header button, main input")]
            .filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 48)
            .map(e => e.outerHTML.slice(0, 80))"""
    )


def no_csp_violations(page: Page) -> None:
    blocked = page.evaluate("window.__cspViolations || []")
    assert blocked == [], "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


def test_kiosk_journey(page: Page, site: Any, screenshot: Any, outside_world: Any) -> None:
    page.set_viewport_size(PORTRAIT)
    person = alice()
    case = concluded_case(person)
    device = kiosk()
    outside_world.cards[device.code] = (person.person.real_name, IDS[0])

    page.goto(site(f"/kiosk/start/?device={device.code}&key={KEY}"))
    expect(page).to_have_url(site("/kiosk/"))
    expect(page.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
    expect(page.get_by_role("heading", name="欢迎使用自助服务")).to_be_visible()
    assert small_targets(page) == []
    screenshot(page, "home", full_page=False)

    # Sign in with the ID card on the reader.
    page.get_by_role("link", name=re.compile("^登录")).click()
    expect(page.get_by_role("img", name=re.compile("扫码登录二维码"))).to_be_visible()
    assert small_targets(page) == []
    screenshot(page, "login", full_page=False)
    page.get_by_role("button", name="读取身份证").click()
    expect(page.get_by_role("heading", name=re.compile("您好"))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("退出"))).to_be_visible()

    # Take a ticket.
    page.get_by_role("link", name=re.compile("^取号")).click()
    page.get_by_role("button", name=re.compile("A · A区业务")).click()
    expect(page.get_by_role("heading", name="取号成功")).to_be_visible()
    expect(page.locator(".kiosk-ticket-number")).to_have_text("A001")
    expect(page.get_by_text("前面还有 0 人等候")).to_be_visible()
    assert Ticket.objects.get().account == person
    screenshot(page, "ticket", full_page=False)
    page.get_by_role("link", name="完成").click()

    # Progress of my cases, then print the receipt.
    page.get_by_role("link", name=re.compile("^办件查询")).click()
    page.get_by_role("link", name=re.compile(case.number)).click()
    expect(page.get_by_role("heading", name="办理进度")).to_be_visible()
    page.get_by_role("button", name="打印申报回执").click()
    expect(page.get_by_role("status").filter(has_text="已打印")).to_be_visible()
    assert PrintJob.objects.get().case == case
    assert small_targets(page) == []
    screenshot(page, "case", full_page=False)

    # Rate the service (一次一评 with the kiosk's questions).
    page.get_by_role("link", name="评价本次服务").click()
    page.locator(".rating-levels").get_by_text("非常满意").click()
    screenshot(page, "rate", full_page=False)
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("heading", name="感谢您的评价！")).to_be_visible()
    rating = Rating.objects.get(case=case)
    assert (rating.channel, rating.score) == ("kiosk", 5)

    # Left alone: the countdown, then back to the home page, signed out.
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=8_000)
    expect(dialog).to_contain_text("秒后返回首页")
    expect(dialog.get_by_role("button", name="继续")).to_be_focused()
    screenshot(page, "countdown", full_page=False)
    expect(page.get_by_role("heading", name="欢迎使用自助服务")).to_be_visible(timeout=8_000)
    expect(page.get_by_role("button", name=re.compile("退出"))).to_have_count(0)
    page.goto(site("/kiosk/rate/"))
    expect(page).to_have_url(re.compile(r"/kiosk/login/"))
    no_csp_violations(page)
    assert page.log.errors() == []  # type: ignore[attr-defined]


def test_continue_keeps_the_person_signed_in(page: Page, site: Any, outside_world: Any) -> None:
    page.set_viewport_size(PORTRAIT)
    person = alice()
    device = kiosk()
    outside_world.cards[device.code] = (person.person.real_name, IDS[0])
    page.goto(site(f"/kiosk/start/?device={device.code}&key={KEY}"))
    page.get_by_role("link", name=re.compile("^登录")).click()
    page.get_by_role("button", name="读取身份证").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=8_000)
    dialog.get_by_role("button", name="继续").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile("退出"))).to_be_visible()
    page.get_by_role("button", name=re.compile("长辈模式|标准字号")).click()
    expect(page.locator("body")).not_to_have_class(re.compile(r"\blarge-text\b"))
