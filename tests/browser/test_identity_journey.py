"""Identity journeys in the browser: register with a real-name check and an SMS code, sign in by SMS code, act for an
enterprise as its authorised agent (and lose that at once when it is revoked), staff sign-in with a TOTP second factor
(and first binding of an authenticator), the lockout message, and axe-core on the sign-in and registration pages."""

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from govhall.accounts.tests import factories
from govhall.organisations.constants import Role

pytestmark = pytest.mark.browser

ORGANISATION = "广安区好味道餐饮有限公司"
ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any) -> None:
    """The live server runs in another thread, so every test's data is committed (and flushed afterwards).

    The session and CSRF cookies are Secure (DEBUG is off) and the live server is plain http: Chromium keeps them
    because pytest-django serves on http://localhost, which it treats as a secure origin. On 127.0.0.1 (set with
    --liveserver or DJANGO_LIVE_TEST_SERVER_ADDRESS) it would drop them and every sign-in here would fail."""


@pytest.fixture(autouse=True)
def outbox(settings: Any, tmp_path: Path) -> Path:
    """The demo SMS provider writes each message as a JSON line here (the live server shares these settings)."""
    path = tmp_path / "sms-outbox.jsonl"
    settings.SMS_OUTBOX_FILE = str(path)
    return path


def sms_code(outbox: Path, phone: str) -> str:
    """The code in the newest message sent to `phone`."""
    assert outbox.exists(), "no SMS was sent"
    texts = [m["text"] for m in map(json.loads, outbox.read_text(encoding="utf-8").splitlines()) if m["phone"] == phone]
    assert texts, f"no SMS was sent to {phone}"
    found = re.search(r"验证码为 (\d{6})", texts[-1])
    assert found, f"no code in {texts[-1]!r}"
    return found.group(1)


@pytest.fixture
def other_page(page: Page) -> Iterator[Page]:
    """A second person at another browser (own cookies), in the same Chromium as `page`."""
    browser = page.context.browser
    assert browser is not None
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(10_000)
    yield context.new_page()
    context.close()


def assert_no_script_problems(page: Page) -> None:
    errors = page.log.page_errors  # type: ignore[attr-defined]
    assert errors == [], "uncaught script errors:\n" + "\n".join(errors)
    blocked = page.evaluate("window.__cspViolations || []")
    assert blocked == [], "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


def password_login(page: Page, site: Any, username: str, password: str = factories.PASSWORD) -> None:
    page.goto(site("/accounts/login/"))
    form = page.get_by_role("form", name="账号密码登录")
    form.get_by_label("用户名").fill(username)
    form.get_by_label("密码", exact=True).fill(password)
    form.get_by_role("button", name="登录").click()


def expect_signed_in(page: Page, site: Any) -> None:
    expect(page).to_have_url(site("/accounts/me/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("我的账户")
    expect(page.get_by_role("link", name="我的账户", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()


def facts(page: Page, term: str) -> Any:
    """The <dd> that follows the <dt> `term` on 我的账户."""
    return page.locator("dl.facts dt", has_text=term).locator("xpath=following-sibling::dd[1]")


# --- 1. registration ---------------------------------------------------------------------------------------------


def test_register_with_sms_code_shows_only_masked_numbers(page: Page, site, outbox, screenshot) -> None:
    page.goto(site("/accounts/register/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("注册个人账户")
    page.get_by_label("用户名").fill("zhangsan")
    page.get_by_label("密码", exact=True).fill(factories.PASSWORD)
    page.get_by_label("确认密码").fill(factories.PASSWORD)
    page.get_by_label("真实姓名").fill("张三")
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill(ID_NUMBER)
    page.get_by_label("手机号码").fill(PHONE)

    # htmx posts the phone number and shows the answer in place; the page stays (what was typed is kept).
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(lambda r: "/accounts/code/" in r.url) as sent:
        page.get_by_role("button", name="获取短信验证码").click()
    assert sent.value.status == 200
    expect(page.locator("#code-status")).to_contain_text("验证码已发送")
    assert page.evaluate("window.__sameDocument") is True, "getting the code reloaded the page"
    expect(page.get_by_label("真实姓名")).to_have_value("张三")
    screenshot(page, "code-sent")

    page.get_by_label("短信验证码").fill(sms_code(outbox, PHONE))
    page.get_by_role("button", name="注册并实名认证").click()

    expect_signed_in(page, site)
    expect(page.get_by_role("status")).to_contain_text("注册成功，已完成实名认证。")
    expect(facts(page, "用户名")).to_have_text("zhangsan")
    expect(facts(page, "姓名")).to_have_text("张三")
    expect(facts(page, "证件")).to_have_text("居民身份证 110105********002X")
    expect(facts(page, "手机号码")).to_have_text("139****5678")
    html = page.content()
    assert ID_NUMBER not in html and PHONE not in html, "我的账户 shows a full number"
    screenshot(page, "me")
    assert_no_script_problems(page)


# --- 2. SMS login ------------------------------------------------------------------------------------------------


def test_sms_code_login(page: Page, site, outbox, screenshot) -> None:
    factories.person("alice", phone="13811112222")
    page.goto(site("/accounts/login/"))
    form = page.get_by_role("form", name="短信验证码登录")
    form.get_by_label("手机号码").fill("13811112222")
    with page.expect_response(lambda r: "/accounts/code/" in r.url) as sent:
        form.get_by_role("button", name="获取短信验证码").click()
    assert sent.value.status == 200
    expect(form.locator("#sms-status")).to_contain_text("验证码已发送")
    expect(page).to_have_url(site("/accounts/login/"))
    form.get_by_label("短信验证码").fill(sms_code(outbox, "13811112222"))
    screenshot(page, "code-entered")
    form.get_by_role("button", name="登录").click()

    expect_signed_in(page, site)
    expect(facts(page, "用户名")).to_have_text("alice")
    expect(facts(page, "手机号码")).to_have_text("138****2222")
    assert_no_script_problems(page)


# --- 3. acting for an enterprise ---------------------------------------------------------------------------------


def test_agent_acts_for_the_enterprise_until_the_representative_revokes(
    page: Page, other_page: Page, site, screenshot
) -> None:
    carol = factories.person("carol", number=2)
    factories.person("dave", number=3)
    organisation = factories.organisation(carol, name=ORGANISATION)
    agents_url = site(f"/accounts/me/organisations/{organisation.pk}/agents/")
    until = timezone.localdate() + timedelta(days=30)

    # Carol, the legal representative, authorises dave for all items.
    password_login(page, site, "carol")
    expect_signed_in(page, site)
    page.goto(agents_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{ORGANISATION} 的经办人")
    expect(page.get_by_role("cell", name="暂无经办人。")).to_be_visible()
    page.get_by_label("经办人用户名").fill("dave")
    page.get_by_label("有效期至").fill(until.isoformat())
    page.get_by_role("button", name="授权", exact=True).click()
    expect(page).to_have_url(agents_url)
    expect(page.get_by_role("status")).to_contain_text("已授权经办人。")
    row = page.get_by_role("row").filter(has_text="测试dave")
    expect(row.get_by_role("cell")).to_have_text(["测试dave", "全部事项", until.isoformat(), "有效", "撤销"])
    screenshot(page, "granted")

    # Dave, at his own browser, chooses to act for the enterprise.
    dave = other_page
    password_login(dave, site, "dave")
    expect_signed_in(dave, site)
    expect(dave.get_by_text("当前以个人身份办事。")).to_be_visible()
    dave.get_by_label("切换身份").select_option(label=ORGANISATION)
    dave.get_by_role("button", name="切换", exact=True).click()
    expect(dave.get_by_role("status")).to_contain_text(f"现在代表“{ORGANISATION}”办事。")
    expect(dave.get_by_text(f"当前代表“{ORGANISATION}”办事。")).to_be_visible()
    expect(dave.get_by_label("切换身份")).to_have_value(str(organisation.pk))
    screenshot(dave, "acting")

    # Carol revokes; dave's session stops acting for the enterprise on his next request.
    row.get_by_role("button", name="撤销").click()
    expect(page.get_by_role("status")).to_contain_text("已撤销授权。")
    expect(row.get_by_role("cell").nth(3)).to_have_text("已撤销")
    expect(row.get_by_role("button", name="撤销")).to_have_count(0)
    screenshot(page, "revoked")

    dave.reload()
    expect(dave.get_by_text("当前以个人身份办事。")).to_be_visible()
    expect(dave.get_by_text(ORGANISATION)).to_have_count(0)
    expect(dave.get_by_label("切换身份")).to_have_count(0)  # no organisation left to choose
    screenshot(dave, "after-revoke")
    assert_no_script_problems(page)


# --- 4. staff and TOTP -------------------------------------------------------------------------------------------


def test_staff_sign_in_needs_the_totp_code(page: Page, site, screenshot) -> None:
    clerk = factories.staff("clerk", Role.WINDOW_CLERK)
    password_login(page, site, "clerk")
    expect(page).to_have_url(site("/accounts/login/totp/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("输入动态口令")
    expect(page.get_by_role("link", name="我的账户", exact=True)).to_have_count(0)  # the password alone signs nobody in

    # A wrong code is refused and the page says why.
    wrong = "000000" if factories.current_code(clerk) != "000000" else "111111"
    page.get_by_label("动态口令").fill(wrong)
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_role("alert")).to_contain_text("动态口令不正确")
    expect(page.get_by_role("link", name="我的账户", exact=True)).to_have_count(0)

    page.get_by_label("动态口令").fill(factories.current_code(clerk))
    screenshot(page, "totp")
    page.get_by_role("button", name="验证并登录").click()
    expect_signed_in(page, site)
    expect(facts(page, "用户名")).to_have_text("clerk")
    assert_no_script_problems(page)


def test_staff_without_an_authenticator_binds_one_first(page: Page, site, screenshot) -> None:
    factories.staff("newclerk", Role.REVIEWER, totp=False)
    password_login(page, site, "newclerk")
    expect(page).to_have_url(site("/accounts/login/totp/setup/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("绑定动态口令认证器")
    qr = page.get_by_role("img", name="认证器绑定二维码")
    expect(qr).to_have_attribute("src", re.compile(r"^data:image/svg\+xml[;,]"))
    secret = page.locator("code.secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{16,}", secret), f"not a base32 secret: {secret!r}"
    screenshot(page, "bind")

    page.get_by_label("动态口令").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="绑定并登录").click()
    expect_signed_in(page, site)
    expect(facts(page, "用户名")).to_have_text("newclerk")
    assert_no_script_problems(page)


def test_the_binding_qr_code_is_drawn(page: Page, site) -> None:
    factories.staff("newclerk", Role.REVIEWER, totp=False)
    password_login(page, site, "newclerk")
    qr = page.get_by_role("img", name="认证器绑定二维码")
    expect(qr).to_be_visible()
    # Waits (up to the short timeout) for the image to be decoded with a size, not for a fixed time.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle(), timeout=3_000)


# --- 5. lockout --------------------------------------------------------------------------------------------------


def test_lockout_after_five_wrong_passwords_is_explained(page: Page, site, screenshot) -> None:
    factories.person("alice")
    for _ in range(5):
        password_login(page, site, "alice", "wrong-password")
        expect(page.get_by_role("alert")).to_have_text("用户名或密码不正确。")

    # Now even the right password is refused, with the reason in Chinese.
    password_login(page, site, "alice")
    expect(page).to_have_url(site("/accounts/login/"))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("登录失败次数过多，已锁定")
    expect(alert).to_contain_text("分钟")
    expect(page.get_by_role("link", name="我的账户", exact=True)).to_have_count(0)
    screenshot(page, "locked")
    assert_no_script_problems(page)


# --- 6. accessibility --------------------------------------------------------------------------------------------


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"      {node['target']} — {' '.join((node['summary'] or '').split())}")
    return "\n".join(lines)


def test_axe_finds_no_violations_on_sign_in_and_registration(axe_page: Page, site, run_axe, screenshot) -> None:
    found = {}

    def check(name: str) -> None:
        expect(axe_page.locator("main h1")).to_be_visible()
        violations = run_axe(axe_page)
        if violations:
            found[name] = violations

    for path in ("/accounts/login/", "/accounts/register/"):
        response = axe_page.goto(site(path))
        assert response is not None and response.status == 200
        check(path)

    # With the errors shown: an empty registration, and a wrong password.
    axe_page.get_by_role("button", name="注册并实名认证").click()
    expect(axe_page.locator(".field-error").first).to_be_visible()
    # Screen readers read the hint and the error with the field (its aria-describedby names both).
    expect(axe_page.get_by_label("密码", exact=True)).to_have_accessible_description(
        re.compile(r"^至少 10 位.*三种。\s*这个字段是必填项。$")
    )
    expect(axe_page.get_by_label("用户名")).to_have_accessible_description("这个字段是必填项。")
    check("/accounts/register/ (errors)")
    screenshot(axe_page, "register-errors")
    axe_page.goto(site("/accounts/login/"))
    axe_page.get_by_role("form", name="账号密码登录").get_by_role("button", name="登录").click()
    expect(axe_page.locator(".field-error").first).to_be_visible()
    check("/accounts/login/ (errors)")

    report = "\n".join(f"{name}:\n{describe(violations)}" for name, violations in found.items())
    assert not found, f"axe-core found violations:\n{report}"
