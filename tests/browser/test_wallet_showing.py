"""我的证照 → 亮证 on a 390×844 phone: alice signs in, opens her wallet from 我的账户, shows her licence (QR code, short
code, a countdown run by the page's script); a window clerk types the code in the workbench's 核验证照 and sees the
licence verified; alice's 亮证记录 then names the clerk's department. Screenshots of the wallet and the 亮证 page at
phone width, nothing scrolling sideways, no script or CSP problems."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.test_case_journey import CSP_LISTENER, assert_no_script_problems, sign_in, staff_sign_in
from tests.browser.test_corrections_and_reveal import assert_fits

from govhall.licences.tests import wallet_factories

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any) -> None:
    """The live server runs in another thread, so every test's data is committed (and flushed afterwards)."""


@pytest.fixture
def phone(page: Page) -> Iterator[Page]:
    """alice's phone: 390×844, touch, her own cookies, in the same Chromium as `page`."""
    browser: Browser | None = page.context.browser
    assert browser is not None
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_LISTENER)
    yield context.new_page()
    context.close()


def test_wallet_show_and_a_clerk_verifies(
    page: Page, phone: Page, site: Callable[[str], str], screenshot: Callable[..., Any]
) -> None:
    people = wallet_factories.wallet()
    clerk = wallet_factories.clerk(people.licence)
    licence = people.licence

    phone.goto(site("/accounts/me/"))
    sign_in(phone, "alice")
    phone.get_by_role("link", name=re.compile("我的证照（")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("我的证照")
    card = phone.locator(".licence-card", has_text=licence.number)
    expect(card.get_by_role("heading", level=2)).to_contain_text(licence.licence_type.name)
    assert_fits(phone, "wallet")
    screenshot(phone, "wallet-390")

    card.get_by_role("button", name="亮证").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(licence.licence_type.name)
    expect(phone.get_by_role("img", name=re.compile("亮证二维码"))).to_be_visible()
    expect(phone.get_by_role("timer")).to_contain_text(re.compile(r"剩余 \d+:\d\d"))
    code = phone.locator(".showing-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    assert_fits(phone, "亮证")
    assert_no_script_problems(phone)
    screenshot(phone, "showing-390", full_page=False)

    staff_sign_in(page, site, clerk, then="/workbench/licences/verify/")
    page.get_by_label("亮证码、扫码得到的地址或电子证照标识").fill(code.lower())
    page.get_by_role("button", name="核验", exact=True).click()
    expect(page.locator(".verdict")).to_have_text("有效证照，签名验证通过")
    expect(page.locator("main")).to_contain_text("出示时间")
    assert_no_script_problems(page)
    screenshot(page, "clerk-verified")

    phone.goto(site("/licences/"))
    log = phone.locator(".licence-card", has_text=licence.number).locator("details", has_text="亮证记录")
    log.locator("summary").click()
    expect(log).to_contain_text(licence.issuer_department.name)
