"""双向寄递 in the browser: the clerk sends a concluded result by post from the workbench (寄出结果), the demo courier
moves the parcel through its HTTP control (it pushes each signed event to GovHall's live server), the timeline reaches
已签收 and the case 已送达; the applicant books a courier pick-up of originals on a phone-sized screen with the
keyboard; axe-core finds nothing on either case page."""

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from govhall.accounts.tests import factories
from govhall.cases.constants import CaseState
from govhall.core.providers import signed_request
from govhall.delivery.models import Shipment
from govhall.delivery.tests.factories import concluded_post_case, originals_case

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _live(transactional_db: None, live_server: Any, settings: Any, tmp_path: Path) -> None:
    """The courier pushes to SITE_URL, here the live server; SMS and waybills under the test's folder."""
    settings.SITE_URL = live_server.url
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")
    settings.COURIER_OUTBOX_FILE = str(tmp_path / "waybills.jsonl")


def sign_in(page: Page, site: Any, user: Any, then: str) -> None:
    page.goto(site(f"/accounts/login/?next={then}"))
    form = page.get_by_role("form", name="账号密码登录")
    form.get_by_label("用户名").fill(user.username)
    form.get_by_label("密码", exact=True).fill(factories.PASSWORD)
    form.get_by_role("button", name="登录").click()
    if user.is_staff_member:
        page.get_by_label("动态口令").fill(factories.current_code(user))
        page.get_by_role("button", name="验证并登录").click()
    expect(page).to_have_url(site(then))


def advance(outside_world: Any, waybill: str, settings: Any) -> dict[str, Any]:
    """The demo courier's control: its next event, pushed to GovHall over HTTP."""
    return signed_request(
        f"{outside_world.url}/courier/advance/{waybill}",
        key_id=settings.COURIER_KEY_ID,
        secret=settings.COURIER_KEY_SECRET,
        payload={},
    )


def test_a_result_by_post_is_tracked_to_signed_for(
    axe_page: Page, site, outside_world, settings, run_axe, screenshot
) -> None:
    case, approver = concluded_post_case()
    page = axe_page
    sign_in(page, site, approver, f"/workbench/cases/{case.number}/")
    panel = page.get_by_role("region", name="快递寄递")
    panel.get_by_role("button", name="寄出结果").click()
    expect(page.locator("main").get_by_role("status")).to_contain_text("已寄出")
    shipment = Shipment.objects.get(case=case)
    for _ in range(4):
        assert advance(outside_world, shipment.waybill, settings)["pushed"] == 200
    page.reload()
    expect(page.locator("dl.facts").first).to_contain_text("已送达")
    timeline = page.get_by_role("list", name="物流轨迹")
    for state in ("已下单", "已揽收", "运输中", "派送中", "已签收"):
        expect(timeline).to_contain_text(state)
    assert run_axe(page) == []
    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED
    page.context.clear_cookies()
    sign_in(page, site, case.applicant, f"/cases/{case.number}/")
    expect(page.get_by_role("list", name="物流轨迹")).to_contain_text("已签收")
    expect(page.get_by_role("region", name="快递寄递")).to_contain_text("测试*")  # the recipient's name masked
    assert run_axe(page) == []
    screenshot(page, "applicant")


def test_the_applicant_books_a_pickup_of_originals_by_keyboard(mobile_page: Page, site, screenshot) -> None:
    case = originals_case()
    page = mobile_page
    sign_in(page, site, case.applicant, f"/cases/{case.number}/")
    form = page.get_by_role("region", name="快递寄递")
    form.get_by_label("联系人").fill("李四")
    page.keyboard.press("Tab")
    page.keyboard.type("13900002222")
    page.keyboard.press("Tab")
    page.keyboard.type("广安区某路 8 号")
    form.get_by_label("取件时段").select_option("14-18")
    form.get_by_role("button", name="预约取件").focus()
    page.keyboard.press("Enter")
    expect(page.locator("main").get_by_role("status")).to_contain_text(re.compile(r"运单号 EA\d{9}CN"))
    expect(page.get_by_role("list", name="物流轨迹")).to_contain_text("已下单")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways ({width}px)"
    screenshot(page)
