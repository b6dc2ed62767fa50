"""Accessibility: axe-core finds nothing on the public pages; the large-text mode (长辈模式), keyboard use and phone
screens work."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# (id, path or a function of the catalog giving it, the status the page answers with)
PAGES = [
    ("home", lambda c: "/", 200),
    ("search", lambda c: "/search/?q=开饭店", 200),
    ("guide", lambda c: c.id_card.get_absolute_url(), 200),
    ("guide-online", lambda c: c.pension.get_absolute_url(), 200),
    ("departments", lambda c: "/departments/", 200),
    ("halls", lambda c: "/halls/", 200),
    ("hall-calls", lambda c: f"/halls/{c.halls[0].slug}/calls/", 200),
    ("theme", lambda c: f"/themes/{c.person_theme.slug}/", 200),
    ("life-event", lambda c: f"/life-events/{c.life_event.slug}/", 200),
    ("offline", lambda c: "/offline/", 200),
    ("progress-lookup", lambda c: "/cases/progress/", 200),
    ("password-reset", lambda c: "/accounts/password/reset/", 200),
    # The kiosk: opened with its key (the cookie then serves the kiosk pages after it), in 长辈模式 as it starts.
    ("kiosk-start", lambda c: "/kiosk/start/", 200),
    ("kiosk-home", lambda c: opened_kiosk(c), 200),
    ("kiosk-login", lambda c: "/kiosk/login/", 200),
    ("kiosk-ticket", lambda c: "/kiosk/ticket/", 200),
    ("kiosk-check-in", lambda c: "/kiosk/check-in/", 200),
    ("kiosk-progress", lambda c: "/kiosk/progress/", 200),
    ("not-found", lambda c: "/items/no-such-item/", 404),
    ("bad-search", lambda c: "/search/?q=" + "饭" * 101, 400),
]


def opened_kiosk(catalog) -> str:
    from govhall.kiosk.tests.factories import KEY, kiosk

    device = kiosk("axe", hall=catalog.halls[0])
    return f"/kiosk/start/?device={device.code}&key={KEY}"


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"      {node['target']} — {summary}")
    return "\n".join(lines)


def test_axe_finds_no_violations(axe_page: Page, site, catalog, run_axe) -> None:
    # One sweep over the pages (each test costs a database flush and a fresh catalog); the message covers every page.
    found = {}
    for name, path_for, status in PAGES:
        response = axe_page.goto(site(path_for(catalog)))
        assert response is not None and response.status == status, f"{name}: status {response and response.status}"
        expect(axe_page.locator("main h1")).to_be_visible()
        if name == "halls":
            # Check the page as people get it: with the map drawn.
            expect(axe_page.locator("#hall-map").locator("svg, canvas").first).to_be_attached()
        violations = run_axe(axe_page)
        if violations:
            found[f"{name} ({axe_page.url})"] = violations
    report = "\n".join(f"{page}:\n{describe(violations)}" for page, violations in found.items())
    assert not found, f"axe-core found violations on {len(found)} of {len(PAGES)} pages:\n{report}"


# The main public pages again in 长辈模式 (large text, high contrast): the mode's own colours must pass too.
LARGE_TEXT_PAGES = ["home", "search", "guide", "halls", "progress-lookup", "password-reset", "offline"]


def test_axe_finds_no_violations_in_large_text_mode(axe_page: Page, site, catalog, run_axe) -> None:
    axe_page.goto(site("/"))
    axe_page.context.add_cookies([{"name": "govhall_large_text", "value": "1", "url": site("/")}])
    found = {}
    for name, path_for, status in PAGES:
        if name not in LARGE_TEXT_PAGES:
            continue
        response = axe_page.goto(site(path_for(catalog)))
        assert response is not None and response.status == status, f"{name}: status {response and response.status}"
        expect(axe_page.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
        violations = run_axe(axe_page)
        if violations:
            found[f"{name} ({axe_page.url})"] = violations
    report = "\n".join(f"{page}:\n{describe(violations)}" for page, violations in found.items())
    assert not found, f"axe-core found violations in large-text mode:\n{report}"


def test_large_text_mode_makes_the_text_larger(page: Page, site, catalog, screenshot) -> None:
    page.goto(site("/"))
    body = page.locator("body")
    expect(body).not_to_have_class(re.compile(r"\blarge-text\b"))
    size_before = float(body.evaluate("b => parseFloat(getComputedStyle(b).fontSize)"))

    button = page.get_by_role("button", name=re.compile("长辈模式"))
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()  # a form POST; the answer redirects back to this page

    # Only the page that comes back has the other button.
    standard = page.get_by_role("button", name="标准模式")
    expect(standard).to_have_attribute("aria-pressed", "true")
    expect(page).to_have_url(site("/"))
    expect(body).to_have_class(re.compile(r"\blarge-text\b"))
    size_after = float(body.evaluate("b => parseFloat(getComputedStyle(b).fontSize)"))
    assert size_after > size_before, f"body font-size {size_after}px is not larger than {size_before}px"
    assert size_after >= 20, f"large text is only {size_after}px"
    # Headings grow with the text: the section headings stay larger than the body text.
    heading = float(page.locator("#popular-title").evaluate("h => parseFloat(getComputedStyle(h).fontSize)"))
    assert heading > size_after, f"a heading ({heading}px) is smaller than the large body text ({size_after}px)"
    screenshot(page, "home-large-text")

    # The choice is remembered on other pages, and the same button turns it off.
    page.goto(site("/search/?q=身份证"))
    expect(body).to_have_class(re.compile(r"\blarge-text\b"))
    page.get_by_role("button", name="标准模式").click()
    expect(page.get_by_role("button", name=re.compile("长辈模式"))).to_have_attribute("aria-pressed", "false")
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(body).not_to_have_class(re.compile(r"\blarge-text\b"))
    assert float(body.evaluate("b => parseFloat(getComputedStyle(b).fontSize)")) == size_before


def test_first_tab_reaches_the_skip_link_and_it_moves_focus_to_main(page: Page, site, catalog) -> None:
    page.goto(site("/"))
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("跳到主要内容")
    expect(skip).to_have_attribute("href", "#main")
    # Hidden off-screen until focused, then on screen.
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, f"the focused skip link is off screen: {box}"

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues inside the main content, at the search box.
    page.keyboard.press("Tab")
    expect(page.get_by_role("searchbox", name="搜索事项")).to_be_focused()


MOBILE_PAGES = [
    ("home", lambda c: "/"),
    ("search", lambda c: "/search/?q=身份证"),
    ("guide", lambda c: c.id_card.get_absolute_url()),
    ("halls", lambda c: "/halls/"),
]


def test_phone_screen_has_no_horizontal_scroll(mobile_page: Page, site, catalog, screenshot) -> None:
    too_wide = []

    def check(name: str) -> None:
        widths = mobile_page.evaluate(
            "() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })"
        )
        assert widths["client"] == 375, f"{name}: the layout viewport is {widths['client']}px, not the phone's 375px"
        if widths["scroll"] > 375 + 1:
            wide = mobile_page.evaluate(
                """() => [...document.querySelectorAll("body *")]
                    .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                    .slice(0, 8).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")
                        + " right=" + Math.round(e.getBoundingClientRect().right))"""
            )
            too_wide.append(f"{name}: {widths['scroll']}px wide; too wide: {wide}")
        screenshot(mobile_page, f"mobile-{name}")

    for name, path_for in MOBILE_PAGES:
        response = mobile_page.goto(site(path_for(catalog)))
        assert response is not None and response.status == 200, f"{name}: status {response and response.status}"
        expect(mobile_page.locator("main h1")).to_be_visible()
        if name == "halls":
            expect(mobile_page.locator("#hall-map").locator("svg, canvas").first).to_be_attached()
        check(name)

    # Older people on phones: the large-text mode must not push the page sideways either.
    mobile_page.goto(site("/"))
    mobile_page.get_by_role("button", name="菜单").click()  # on a phone the menu is folded behind 菜单
    mobile_page.get_by_role("button", name=re.compile("长辈模式")).click()
    expect(mobile_page.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
    check("home-large-text")
    assert not too_wide, "horizontal scrolling on a 375px phone screen:\n" + "\n".join(too_wide)
