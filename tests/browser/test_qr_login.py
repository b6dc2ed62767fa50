"""扫码登录 in the browser: the login page on a computer shows the QR code; the phone, signed in, opens the code's link
and confirms 在电脑上登录？; the computer's page notices by itself (static/js/qr-login.js polling) and signs in."""

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from govhall.accounts import qrlogin
from govhall.accounts.tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any) -> None:
    return None


def test_phone_confirms_and_the_computer_signs_in(page: Page, site: Any, monkeypatch: Any) -> None:
    alice = factories.person("alice")
    tokens: list[str] = []
    real = qrlogin.create_qr_login

    def keep(**kwargs: Any) -> Any:  # the live server runs in this process: the test reads the code's token here
        found, token = real(**kwargs)
        tokens.append(token)
        return found, token

    monkeypatch.setattr(qrlogin, "create_qr_login", keep)
    page.goto(site("/accounts/login/"))
    expect(page.get_by_role("img", name=re.compile("扫码登录二维码"))).to_be_visible()

    browser: Browser | None = page.context.browser
    assert browser is not None
    phone_context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 800}, is_mobile=True)
    try:
        phone = phone_context.new_page()
        phone.goto(site(f"/accounts/login/?next=/accounts/qr/{tokens[0]}/"))
        form = phone.get_by_role("form", name="账号密码登录")
        form.get_by_label("用户名").fill(alice.username)
        form.get_by_label("密码", exact=True).fill(factories.PASSWORD)
        form.get_by_role("button", name="登录").click()
        expect(phone.get_by_role("heading", name="在电脑上登录？")).to_be_visible()
        phone.get_by_role("button", name="确认登录").click()
        expect(phone.get_by_role("heading", name="已确认登录")).to_be_visible()
    finally:
        phone_context.close()

    expect(page).to_have_url(site("/accounts/me/"), timeout=8_000)
    expect(page.get_by_role("link", name="我的账户", exact=True)).to_be_visible()
    assert page.evaluate("window.__cspViolations || []") == []
