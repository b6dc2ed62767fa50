"""预约 in the browser on a 390 px phone: from the guide's 预约办理 through hall → date → slot (plain links and forms,
by keyboard for the slot), the confirmation with the 预约码 and its QR code, 我的预约 and cancelling; no page scrolls
sideways; axe-core finds nothing on the chooser, the confirmation and 我的预约."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from govhall.accounts.tests import factories
from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment
from govhall.appointments.tests.factories import bookable_hall, bookable_item

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def bookable(transactional_db: None, live_server: Any) -> Any:
    item = bookable_item(name="不动产登记（首次登记）")
    hall, _group = bookable_hall(item, name="广安区政务服务中心", capacity=2)
    return item, hall, factories.person("alice")


def sign_in(page: Page, site: Any, user: Any, then: str) -> None:
    page.goto(site(f"/accounts/login/?next={then}"))
    form = page.get_by_role("form", name="账号密码登录")
    form.get_by_label("用户名").fill(user.username)
    form.get_by_label("密码", exact=True).fill(factories.PASSWORD)
    form.get_by_role("button", name="登录").click()
    expect(page).to_have_url(site(then))


def assert_fits(page: Page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what}: the page scrolls sideways ({width}px)"


def test_booking_a_slot_on_a_phone(mobile_page: Page, site, bookable, screenshot) -> None:
    item, hall, alice = bookable
    page = mobile_page
    page.set_viewport_size(PHONE)
    sign_in(page, site, alice, item.get_absolute_url())
    page.get_by_role("link", name="预约办理").click()
    expect(page.locator("main h1")).to_contain_text("预约办理")
    expect(page.get_by_label("办理大厅")).to_have_value(hall.code)
    assert_fits(page, "chooser")
    page.get_by_role("region", name="2. 选择日期").get_by_role("link").first.click()
    slots = page.get_by_role("group", name="时段与剩余名额")
    expect(slots).to_contain_text("余 2 个")
    slots.locator('input[value="10:00"]').focus()
    page.keyboard.press("Space")
    expect(slots.locator('input[value="10:00"]')).to_be_checked()
    assert_fits(page, "slots")
    screenshot(page, "slots")
    page.get_by_role("button", name="菜单").click()  # on a phone the menu is folded behind 菜单
    page.get_by_role("button", name=re.compile("长辈模式")).click()  # large text: still no sideways scrolling
    expect(page.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
    assert_fits(page, "slots in large text")
    screenshot(page, "slots-large-text")
    slots.locator('input[value="10:00"]').check()
    page.get_by_role("button", name="确认预约").click()
    appointment = Appointment.objects.get(account=alice)
    expect(page.locator("main h1")).to_have_text("预约成功")
    expect(page.locator(".code")).to_have_text(appointment.code)
    expect(page.get_by_role("img", name=f"预约码 {appointment.code} 的二维码")).to_be_visible()
    assert_fits(page, "confirmation")
    screenshot(page, "confirmation")
    page.get_by_role("link", name="我的预约").first.click()
    expect(page.locator("main")).to_contain_text(appointment.code)
    assert_fits(page, "mine")
    page.get_by_role("button", name=f"取消预约 {appointment.code}").click()
    expect(page.locator("main").get_by_role("status")).to_contain_text("已取消预约")
    appointment.refresh_from_db()
    assert appointment.state == AppointmentState.CANCELLED


def test_the_appointment_pages_pass_axe(axe_page: Page, site, bookable, run_axe) -> None:
    item, _hall, alice = bookable
    page = axe_page
    sign_in(page, site, alice, f"/appointments/book/{item.implementation_code}/")
    found = {}
    page.get_by_role("region", name="2. 选择日期").get_by_role("link").first.click()
    found["chooser"] = run_axe(page)
    page.get_by_role("group", name="时段与剩余名额").locator('input[value="09:00"]').check()
    page.get_by_role("button", name="确认预约").click()
    expect(page.locator("main h1")).to_have_text("预约成功")
    found["confirmation"] = run_axe(page)
    page.goto(site("/appointments/"))
    found["mine"] = run_axe(page)
    assert {name: violations for name, violations in found.items() if violations} == {}
