"""取号叫号 in the browser: a person scans the hall's QR code on a 375 px phone and takes a ticket → the clerk calls
the next from the window screen with the keyboard → the hall calling screen shows "请 A001 号到 1 号窗口办理" through
its event stream, without reloading, and group A's people waiting go from 1 to 0 → the phone's ticket page says where
to go → the clerk starts and finishes, linking the case. axe-core on the ticket, calling and window pages; no script blocked by the CSP."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from govhall.accounts.tests import factories
from govhall.cases.tests.factories import submitted_case
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import citizen, clerk_at, hall_floor

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any, settings: Any) -> None:
    settings.QUEUE_STREAM_SECONDS = 3  # streams end soon (the screen reconnects), so none outlives the test


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


def test_phone_ticket_called_at_the_window_shows_on_the_hall_screen(
    page: Page, mobile_page: Page, axe_page: Page, site, run_axe, screenshot
) -> None:
    hall, a, _b, one, _two = hall_floor()
    alice = citizen()
    case = submitted_case(applicant=alice)
    clerk = clerk_at(hall, department=case.department)
    found: dict[str, Any] = {}

    # The phone: 手机取号 from the hall's QR code.
    sign_in(mobile_page, site, alice, f"/halls/{hall.slug}/ticket/")
    mobile_page.get_by_label("综合受理").check()
    mobile_page.get_by_role("button", name="取号").click()
    expect(mobile_page.locator(".queue-number")).to_have_text("A001")
    expect(mobile_page.get_by_text("前面还有")).to_be_visible()
    assert mobile_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(mobile_page, "ticket")

    # The hall screen, open before the call: live through its event stream.
    screen = axe_page
    screen.goto(site(f"/halls/{hall.slug}/calls/"))
    expect(screen.locator("[data-call-stream][data-live=true]")).to_be_attached()
    expect(screen.locator("[data-current]")).to_have_text("请取号后留意叫号")
    waiting = screen.locator(f"[data-group='{a.pk}'] [data-waiting]")
    expect(waiting).to_have_text("1 人")
    found["calls"] = run_axe(screen)

    # The window: 叫号 from the keyboard (the button has the focus).
    sign_in(page, site, clerk, f"/workbench/queue/?window={one.pk}")
    expect(page.get_by_role("button", name="叫号")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="已叫号：A001")).to_be_visible()

    expect(screen.locator("[data-current]")).to_have_text("请 A001 号到 1 号窗口办理")
    expect(screen.locator("[data-recent] tr").first).to_contain_text("A001")
    expect(waiting).to_have_text("0 人")  # the people waiting follow the stream, without a reload
    screenshot(screen, "calling-screen", full_page=False)

    mobile_page.reload()
    expect(mobile_page.locator(".queue-call")).to_have_text("请 A001 号到 1 号窗口办理")

    page.get_by_role("button", name="开始办理").click()
    page.get_by_label("关联办件编号").fill(case.number)
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_role("status").filter(has_text="A001 已办结")).to_be_visible()
    done = Ticket.objects.get()
    assert done.case == case and done.visit is not None

    # axe-core where it can be injected (this context bypasses the CSP): the ticket page and the window screen.
    screen.goto("about:blank")  # the stream ends with the page
    sign_in(screen, site, alice, f"/tickets/{done.pk}/")
    found["ticket"] = run_axe(screen)
    screen.context.clear_cookies()
    screen.context.add_cookies(page.context.cookies())  # the clerk's session (a TOTP code is good once)
    screen.goto(site(f"/workbench/queue/?window={one.pk}"))
    found["window"] = run_axe(screen)
    for name in ("ticket", "window"):
        assert page.evaluate("window.__cspViolations || []") == [], name

    blocked = {name: v for name, v in found.items() if v}
    assert not blocked, blocked
