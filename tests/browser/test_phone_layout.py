"""Phones: the main pages fit 360, 390 and 414 px screens — no sideways scrolling, nothing sticking out past the right
edge (wide tables scroll inside their own box) — and the header folds its menu behind a 菜单 button with a bottom bar
for 首页 / 办事 / 我的办件 / 我的."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from govhall.accounts.tests import factories
from govhall.cases import services
from govhall.organisations.constants import Role

pytestmark = pytest.mark.browser

WIDTHS = (360, 390, 414)
LONG_ID = "GH" + "0123456789" * 6  # a made-up unbroken code, as long as a file hash

# Elements that stick out past the right edge, outside any box that scrolls or clips them.
STICKING_OUT = """() => {
  const width = window.innerWidth;
  const clipped = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== "visible") return true;
    }
    return false;
  };
  return [...document.querySelectorAll("body *")].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= width + 1) return false;
    const s = getComputedStyle(e);
    if (s.visibility === "hidden" || s.position === "fixed" && r.left >= width) return false;
    return !clipped(e);
  }).slice(0, 6).map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
      + (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\\s+/).join(".") : "")
      + " right=" + Math.round(e.getBoundingClientRect().right));
}"""


# Table cells and definitions squeezed so narrow that their words break a character or two a line.
SQUEEZED = """() => [...document.querySelectorAll("main th, main td, main dd, main dt")].filter(e => {
  const text = e.innerText.trim();
  const r = e.getBoundingClientRect();
  return text.length >= 4 && r.width > 0 && r.width < 2.5 * parseFloat(getComputedStyle(e).fontSize);
}).slice(0, 4).map(e => e.tagName.toLowerCase() + " " + JSON.stringify(e.innerText.trim().slice(0, 12))
    + " width=" + Math.round(e.getBoundingClientRect().width))"""


def sign_in(page: Page, site: Any, user: Any, then: str, *, totp: bool = False) -> None:
    page.goto(site(f"/accounts/login/?next={then}"))
    form = page.get_by_role("form", name="账号密码登录")
    form.get_by_label("用户名").fill(user.username)
    form.get_by_label("密码", exact=True).fill(factories.PASSWORD)
    form.get_by_role("button", name="登录").click()
    if totp:
        page.get_by_label("动态口令").fill(factories.current_code(user))
        page.get_by_role("button", name="验证并登录").click()
    expect(page).to_have_url(site(then))


def problems_at(page: Page, name: str) -> list[str]:
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if widths[0] > widths[1]:
            found.append(f"{name} at {width}px: the page is {widths[0]}px wide")
        sticking = page.evaluate(STICKING_OUT)
        if sticking:
            found.append(f"{name} at {width}px: sticking out: {sticking}")
        squeezed = page.evaluate(SQUEEZED)
        if squeezed:
            found.append(f"{name} at {width}px: squeezed: {squeezed}")
    return found


@pytest.fixture
def people(catalog: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")
    alice = factories.person("alice")
    clerk = factories.staff("clerk", Role.WINDOW_CLERK, department=catalog.pension.department)
    case = services.submit_case(
        applicant=alice,
        item=catalog.pension,
        idempotency_key="phone-layout",
        channel="web",
        application=services.Application(form_data={"reason": LONG_ID}),
    )
    from govhall.supervision import aggregates

    aggregates.rebuild()
    return {"alice": alice, "clerk": clerk, "case": case}


def test_main_pages_fit_phone_screens(mobile_page: Page, site, catalog, people, screenshot) -> None:
    page = mobile_page
    found: list[str] = []
    public = [
        ("home", "/"),
        ("search", "/search/?q=身份证"),
        ("guide", catalog.food.get_absolute_url()),
        ("halls", "/halls/"),
        ("login", "/accounts/login/"),
        ("register", "/accounts/register/"),
        ("progress lookup", "/cases/progress/"),
        ("supervision public", "/supervision/public/"),
    ]
    for name, path in public:
        response = page.goto(site(path))
        assert response is not None and response.status == 200, f"{name}: status {response and response.status}"
        expect(page.locator("main h1")).to_be_visible()
        found += problems_at(page, name)
        screenshot(page, name.replace(" ", "-"))

    case = people["case"]
    sign_in(page, site, people["alice"], "/cases/mine/")
    for name, path in [
        ("my cases", "/cases/mine/"),
        ("case page", f"/cases/{case.number}/"),
        ("apply form", f"/cases/apply/{catalog.food.implementation_code}/"),
        ("account", "/accounts/me/"),
    ]:
        response = page.goto(site(path))
        assert response is not None and response.status == 200, f"{name}: status {response and response.status}"
        expect(page.locator("main h1")).to_be_visible()
        found += problems_at(page, name)
        screenshot(page, name.replace(" ", "-"))

    page.context.clear_cookies()
    sign_in(page, site, people["clerk"], "/workbench/", totp=True)
    found += problems_at(page, "workbench inbox")
    screenshot(page, "workbench-inbox")
    assert not found, "\n".join(found)


def test_the_menu_folds_behind_a_button_and_the_bottom_bar_stays_clear(mobile_page: Page, site, catalog) -> None:
    page = mobile_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(site("/"))
    header = page.locator(".site-header")
    height = header.evaluate("h => h.getBoundingClientRect().height")
    assert height <= 844 / 8, f"the header takes {height}px of an 844px screen"

    menu = page.get_by_role("button", name="菜单")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="主导航")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("navigation", name="主导航").get_by_role("link", name="办件进度查询")).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()

    bar = page.get_by_role("navigation", name="快捷导航")
    expect(bar).to_be_visible()
    for name in ("首页", "办事", "我的办件", "我的"):
        expect(bar.get_by_role("link", name=re.compile(f"^{name}($|\\d)"))).to_be_visible()
    # Scrolled to the end, the footer's last line sits above the bar, not under it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    bar_top = bar.evaluate("b => b.getBoundingClientRect().top")
    footer_bottom = page.locator(".site-footer p").last.evaluate("p => p.getBoundingClientRect().bottom")
    assert footer_bottom <= bar_top, f"the bottom bar (top {bar_top}) covers the footer (bottom {footer_bottom})"

    # Large text still fits, and the bar is reachable by keyboard.
    menu.click()
    page.get_by_role("button", name=re.compile("长辈模式")).click()
    expect(page.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    bar.get_by_role("link", name="办事").focus()
    expect(bar.get_by_role("link", name="办事")).to_be_focused()

    # On a desktop the bar is gone and the menu shows in full.
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(bar).to_be_hidden()
    expect(page.get_by_role("button", name="菜单")).to_be_hidden()
    expect(page.get_by_role("navigation", name="主导航")).to_be_visible()


def test_axe_finds_nothing_on_the_phone_frame(axe_page: Page, site, catalog, people, run_axe, screenshot) -> None:
    """The folded and unfolded menu, the bottom bar with its badge, 我的办件's filter and the offline page, at 390 px,
    in the standard and the large-text mode."""
    page = axe_page
    page.set_viewport_size({"width": 390, "height": 844})
    found: dict[str, Any] = {}

    def check(name: str) -> None:
        expect(page.locator("main h1")).to_be_visible()
        violations = run_axe(page)
        if violations:
            found[name] = [f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes']][:3]}" for v in violations]

    sign_in(page, site, people["alice"], "/cases/mine/")
    check("my cases")
    page.get_by_role("button", name="菜单").click()
    check("my cases, menu open")
    page.get_by_role("button", name=re.compile("长辈模式")).click()
    expect(page.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
    check("my cases, large text")
    screenshot(page, "my-cases-large-text", full_page=False)
    page.goto(site("/offline/"))
    check("offline page, large text")
    assert not found, found


def test_without_scripts_the_menu_stays_open(browser, site, catalog) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(site("/"))
        expect(page.get_by_role("button", name="菜单")).to_be_hidden()
        nav = page.get_by_role("navigation", name="主导航")
        expect(nav.get_by_role("link", name="办件进度查询")).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("长辈模式"))).to_be_visible()
        expect(page.get_by_role("navigation", name="快捷导航")).to_be_visible()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
