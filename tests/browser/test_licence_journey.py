"""From application to a revoked e-licence, on a 390 px phone, with the demo's own data (the 个体工商户设立登记 guide,
accounts, licence types, shared-data catalog and 秒批 rules that `load_demo` makes).

张三 applies for 个体工商户设立登记; the apply page says his 经营者身份证明 will be taken by the system (his 居民身份证 in
the licence library), and he uploads only what he alone has. The case page says "已由系统获取" with the source. The item's
秒批 rules (户籍信息: 姓名 与申请人一致, 户籍地址 包含 广安区) hold, so the system approves and concludes at once; the
营业执照（个体工商户） appears in 我的证照. 亮证 shows a QR code and a short code; a window clerk (another browser) types
the code in 核验证照 and sees the licence valid with the signature checked. The item has no 告知承诺制, hence no
事后核查: the decision is revoked the way a 秒批 found wrong is — the approver's 撤销许可 in the workbench, with the
reason. /verify/<identifier> then shows 已撤销, and the independent verifier (govhall.transparency.verify, gmssl)
reports the licence not valid. Each main page is shot at 390 px, must not scroll sideways, and (separately) passes
axe-core."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from tests.browser.conftest import CSP_LISTENER, TIMEOUT_MS
from tests.browser.test_case_journey import assert_no_script_problems, fact, pdf_file, status
from tests.browser.test_corrections_and_reveal import assert_fits

from govhall.accounts.models import User
from govhall.catalog.models import Item

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
ITEM = "个体工商户设立登记"
LICENCE = "营业执照（个体工商户）"
ID_MATERIAL = "经营者身份证明"
SHOP = "广安区张三便民小卖部"


@pytest.fixture
def demo(transactional_db: None, live_server: Any) -> Item:
    """The parts of `load_demo` this journey needs (the whole catalog's 1,135 items would only slow it down)."""
    from govhall.accounts.demo import load_demo_accounts
    from govhall.catalog.demo import _json, load_departments
    from govhall.catalog.importing import apply_guides
    from govhall.catalog.schema import GuideIn
    from govhall.core.constants import Channel
    from govhall.demo.decided_by_data import load_demo_decided_by_data
    from govhall.licences.demo import load_demo_licences
    from govhall.sharing.demo import load_demo_sharing

    load_departments()
    guides = [GuideIn.model_validate(row) for row in _json("demo_guides.json") if row["name"] == ITEM]
    apply_guides(guides, actor=None, channel=Channel.SYSTEM, source="demo_guides.json")
    load_demo_accounts()
    load_demo_licences()
    load_demo_sharing()
    load_demo_decided_by_data()
    return Item.objects.get(name=ITEM)


@pytest.fixture
def phones(page: Page) -> Iterator[Callable[..., Page]]:
    """phones() is another person's 390×844 phone (own cookies) in the same Chromium; bypass_csp only for axe."""
    browser: Browser | None = page.context.browser
    assert browser is not None
    contexts: list[BrowserContext] = []

    def open_phone(*, bypass_csp: bool = False) -> Page:
        context = browser.new_context(
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            bypass_csp=bypass_csp,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()


def demo_sign_in(page: Page, username: str) -> None:
    """The password form of the sign-in page the browser is on, with the published demo password."""
    from govhall.accounts.demo import DEMO_PASSWORD

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    form = page.get_by_role("form", name="账号密码登录")
    form.get_by_label("用户名").fill(username)
    form.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    form.get_by_role("button", name="登录").click()


def demo_staff_sign_in(page: Page, site: Callable[[str], str], username: str, then: str) -> None:
    from govhall.accounts.tests.factories import current_code

    page.goto(site(f"/accounts/login/?next={then}"))
    demo_sign_in(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("输入动态口令")
    page.get_by_label("动态口令").fill(current_code(User.objects.get(username=username)))
    page.get_by_role("button", name="验证并登录").click()
    expect(page).to_have_url(site(then))


def fits(page: Page, name: str) -> None:
    """Nothing wider than the phone: the document does not scroll sideways, nothing sticks out."""
    widths = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{name} scrolls sideways at 390 px: {widths}"
    assert_fits(page, name)


def apply(phone: Page, site: Callable[[str], str], item: Item, screenshot: Callable[..., Any]) -> str:
    """张三 finds the guide, applies online with two uploads; the ID card is the system's to fetch. Returns the case
    number."""
    phone.goto(site(item.get_absolute_url()))
    phone.get_by_role("link", name="在线申报").click()
    demo_sign_in(phone, "zhangsan")
    expect(phone.get_by_role("heading", level=1)).to_contain_text(ITEM)
    identity = phone.locator(".help", has_text="将由系统获取").filter(has_text="电子证照库")
    expect(identity).to_have_count(1)
    expect(phone.get_by_label(ID_MATERIAL)).to_have_count(0)  # nothing to upload for it
    phone.get_by_label("办理情形").select_option("个人经营")
    phone.get_by_label("申请事由").fill("在小区门口开一家便民小卖部")
    phone.get_by_role("textbox", name="个体工商户名称", exact=True).fill(SHOP)
    expect(phone.get_by_role("textbox", name="经营者姓名", exact=True)).to_have_value(
        "张三"
    )  # prefilled from the real-name data
    phone.get_by_role("textbox", name="经营场所", exact=True).fill("广安区建设路 18 号")
    phone.get_by_role("textbox", name="经营范围", exact=True).fill("日用百货零售")
    phone.get_by_label("资金数额（万元）", exact=True).fill("5")
    phone.get_by_label(re.compile("^个体工商户登记（备案）申请书")).set_input_files(
        pdf_file("登记申请书.pdf", "申请书")
    )
    phone.get_by_label(re.compile("^住所（经营场所）申报承诺书")).set_input_files(
        pdf_file("住所承诺书.pdf", "住所承诺书")
    )
    phone.get_by_label(re.compile("本人承诺所填信息")).check()
    fits(phone, "apply page")
    screenshot(phone, "01-apply-390")
    phone.get_by_role("button", name="提交申请").click()
    expect(status(phone)).to_contain_text("申报成功")
    number = fact(phone, "办件编号").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]+", number), number
    return number


def test_apply_with_the_id_card_fetched_licence_shown_verified_revoked(
    demo: Item,
    phones: Callable[..., Page],
    site: Callable[[str], str],
    live_server: Any,
    screenshot: Callable[..., Any],
) -> None:
    from govhall.core import gm
    from govhall.licences.models import Licence
    from govhall.transparency import services as log
    from govhall.transparency import verify

    phone = phones()
    number = apply(phone, site, demo, screenshot)

    # The case page: the ID card came from the licence library, and 秒批 decided.
    obtained = phone.locator("li", has_text=ID_MATERIAL).filter(has_text="已由系统获取")
    expect(obtained).to_contain_text("电子证照库")
    expect(phone.locator("main")).to_contain_text("系统秒批")
    expect(fact(phone, "状态")).to_have_text("已送达")
    fits(phone, "case page")
    assert_no_script_problems(phone)
    screenshot(phone, "02-case-fetched-390")
    licence = Licence.objects.get(case_number=number)
    assert licence.licence_type.name == LICENCE and licence.holder_user.username == "zhangsan"

    # 我的证照, from 我的账户.
    phone.get_by_role("navigation", name="快捷导航").get_by_role(
        "link", name="我的", exact=True
    ).click()  # the phone's bottom bar
    phone.get_by_role("link", name=re.compile("我的证照（")).click()
    card = phone.locator(".licence-card", has_text=licence.number)
    expect(card.get_by_role("heading", level=2)).to_contain_text(LICENCE)
    expect(card).to_contain_text("有效")
    expect(card).to_contain_text(SHOP)  # the new 个体工商户 holds it
    fits(phone, "wallet")
    screenshot(phone, "03-wallet-390")

    # 亮证: a QR code and a short code.
    card.get_by_role("button", name="亮证").click()
    expect(phone.get_by_role("img", name=re.compile("亮证二维码"))).to_be_visible()
    code = phone.locator(".showing-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code), code
    fits(phone, "亮证")
    assert_no_script_problems(phone)
    screenshot(phone, "04-showing-390", full_page=False)

    # A window clerk, on her own phone, types the code in the workbench's 核验证照.
    desk = phones()
    demo_staff_sign_in(desk, site, "clerk", "/workbench/")
    desk.get_by_role("link", name="核验证照").click()
    desk.get_by_label("亮证码、扫码得到的地址或电子证照标识").fill(code)
    desk.get_by_role("button", name="核验", exact=True).click()
    expect(desk.locator(".verdict")).to_have_text("有效证照，签名验证通过")
    expect(desk.locator("main")).to_contain_text(SHOP)
    fits(desk, "核验证照")
    assert_no_script_problems(desk)
    screenshot(desk, "05-clerk-verified-390")

    # No post-check (the item has no 告知承诺制): the approver revokes the decision in the workbench.
    chief = phones()
    demo_staff_sign_in(chief, site, "approver", f"/workbench/cases/{number}/")
    chief.get_by_label(re.compile("意见、理由或需补正的材料")).fill("秒批抽查发现经营场所不存在，依法撤销登记")
    chief.get_by_role("button", name="撤销许可", exact=True).click()
    expect(status(chief)).to_contain_text("已撤销许可。")
    expect(fact(chief, "状态").first).to_have_text("已撤销")  # the second: the fetched ID card's
    assert_no_script_problems(chief)
    licence.refresh_from_db()
    assert licence.state == "revoked"

    # The public verification page, reached from the wallet's 在线核验 link.
    phone.goto(site("/licences/"))
    card = phone.locator(".licence-card", has_text=licence.number)
    expect(card).to_contain_text("已撤销")
    expect(card.get_by_role("button", name="亮证")).to_have_count(0)
    card.get_by_role("link", name="在线核验").click()
    expect(phone).to_have_url(site(f"/verify/{licence.identifier}"))
    expect(phone.locator(".licence-status-label")).to_have_text("已撤销")
    expect(phone.get_by_text("SM2 签名核验通过")).to_be_visible()
    fits(phone, "verify page")
    assert_no_script_problems(phone)
    screenshot(phone, "06-verify-revoked-390")

    # 谁查看/调用了我的数据: the licence library's answer for his case is there.
    phone.get_by_role("navigation", name="快捷导航").get_by_role(
        "link", name="我的", exact=True
    ).click()  # the phone's bottom bar
    phone.get_by_role("link", name="谁查看/调用了我的数据").click()
    expect(phone.locator("main")).to_contain_text(number)
    fits(phone, "trail")
    screenshot(phone, "07-trail-390")

    # The independent verifier (gmssl, not Tongsuo) against a freshly signed tree head: the licence is not valid.
    log.sign_tree_head()
    lines: list[str] = []
    public = gm.log_keyring().current.public_key_hex
    result = verify.run([live_server.url, "--public-key", public, "--licence", licence.identifier], lines.append)
    assert result == 3, lines
    assert not any(line.startswith("FAIL") for line in lines), lines
    assert any("已撤销" in line or "revoked" in line for line in lines), lines


def test_axe_on_the_wallet_showing_verify_and_trail_pages(
    demo: Item, phones: Callable[..., Page], site: Callable[[str], str], run_axe: Callable[[Page], Any]
) -> None:
    from tests.browser.test_case_journey import describe

    phone = phones(bypass_csp=True)
    number = apply(phone, site, demo, lambda *args, **kwargs: None)
    expect(fact(phone, "状态")).to_have_text("已送达")
    found: dict[str, Any] = {}

    def check(name: str) -> None:
        expect(phone.locator("main h1")).to_be_visible()
        violations = run_axe(phone)
        if violations:
            found[f"{name} ({phone.url})"] = violations

    check("case page")
    phone.goto(site("/licences/"))
    check("wallet")
    card = phone.locator(".licence-card", has_text=LICENCE)
    card.get_by_role("button", name="亮证").click()
    expect(phone.get_by_role("img", name=re.compile("亮证二维码"))).to_be_visible()
    check("亮证")
    phone.goto(site("/me/data-trail/"))
    expect(phone.locator("main")).to_contain_text(number)
    check("trail")
    phone.goto(site("/licences/"))
    card.get_by_role("link", name="在线核验").click()
    check("verify")
    report = "\n".join(f"{page}:\n{describe(violations)}" for page, violations in found.items())
    assert not found, f"axe-core found violations on {len(found)} pages:\n{report}"
