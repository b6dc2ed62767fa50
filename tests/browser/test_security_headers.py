"""The strict Content-Security-Policy is sent, and the pages work under it: nothing is blocked, nothing throws."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PAGES = [
    ("home", lambda c: "/", 200),
    ("search", lambda c: "/search/?q=开饭店", 200),
    ("guide", lambda c: c.food.get_absolute_url(), 200),
    ("halls", lambda c: "/halls/", 200),
    ("departments", lambda c: "/departments/", 200),
    ("not-found", lambda c: "/items/no-such-item/", 404),
]


def settle(page: Page) -> None:
    """Let the document finish loading and run what it queued (violation reports are dispatched as tasks)."""
    page.wait_for_load_state("load")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))")


def csp_problems(page: Page) -> list[str]:
    reported = page.evaluate("window.__cspViolations || []")
    return [*page.log.csp_messages(), *(f"securitypolicyviolation: {text}" for text in reported)]  # type: ignore[attr-defined]


def assert_clean(page: Page, *, document_status: int = 200) -> None:
    settle(page)
    problems = csp_problems(page)
    assert problems == [], "blocked by the Content-Security-Policy:\n" + "\n".join(problems)
    errors = page.log.page_errors  # type: ignore[attr-defined]
    assert errors == [], "uncaught script errors:\n" + "\n".join(errors)
    console = page.log.errors()  # type: ignore[attr-defined]
    if document_status >= 400:
        # Chromium logs an error status of the page itself as a failed load; that one is expected.
        console = [line for line in console if not line.endswith(f"({page.url})")]
    assert console == [], "console errors:\n" + "\n".join(console)
    page.log.clear()  # type: ignore[attr-defined]  # checked: the next check starts afresh


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def policy_problems(headers: dict[str, str]) -> list[str]:
    if "content-security-policy" not in headers:
        return [f"no Content-Security-Policy header; headers were {sorted(headers)}"]
    policy = directives(headers["content-security-policy"])
    expected = {
        "default-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    problems = [
        f"{name} is {policy.get(name)}, not {value}" for name, value in expected.items() if policy.get(name) != value
    ]
    # Scripts: this origin, and a per-response nonce when a template uses one; never 'unsafe-inline' or 'unsafe-eval'.
    scripts = policy.get("script-src", [])
    if not scripts or scripts[0] != "'self'" or not all(re.fullmatch(r"'self'|'nonce-[\w+/=-]+'", s) for s in scripts):
        problems.append(f"script-src is {scripts}")
    for header, value in {"x-content-type-options": "nosniff", "x-frame-options": "DENY"}.items():
        if headers.get(header) != value:
            problems.append(f"{header} is {headers.get(header)!r}, not {value!r}")
    if headers.get("referrer-policy") != "same-origin":
        problems.append(f"referrer-policy is {headers.get('referrer-policy')!r}")
    return problems


def test_pages_send_a_strict_content_security_policy(page: Page, site, catalog) -> None:
    found = []
    for name, path_for, status in PAGES:
        response = page.goto(site(path_for(catalog)))
        assert response is not None and response.status == status, f"{name}: status {response and response.status}"
        found += [f"{name}: {problem}" for problem in policy_problems(response.headers)]
        assert_clean(page, document_status=status)
    assert not found, "security headers:\n" + "\n".join(found)


def test_home_and_search_work_under_the_policy(page: Page, site, catalog) -> None:
    page.goto(site("/"))
    assert_clean(page)
    page.get_by_role("searchbox", name="搜索事项").fill("身份证")
    page.get_by_role("button", name="搜索", exact=True).click()
    expect(page.locator("#results .item-name").first).to_have_text("居民身份证申领")
    assert_clean(page)

    # htmx swaps results in under the same policy (no inline styles or scripts).
    page.get_by_label("服务对象").select_option("legal")
    expect(page).to_have_url(re.compile(r"audience=legal"))
    expect(page.locator("#results .result-count")).to_contain_text("找到 0 个事项")
    assert_clean(page)


def test_guide_works_under_the_policy(page: Page, site, catalog) -> None:
    page.goto(site(catalog.id_card.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text("居民身份证申领")
    # The FAQ opens and closes without script; printing opens every answer (govhall.js, a same-origin file).
    question = page.locator("details", has_text="可以异地办理吗")
    question.locator("summary").click()
    expect(question).to_have_attribute("open", "")
    expect(question.locator("p")).to_be_visible()
    assert_clean(page)


def test_hall_map_is_drawn_under_the_policy(page: Page, site, catalog, screenshot) -> None:
    page.emulate_media(reduced_motion="reduce")  # the chart draws without its entry animation
    response = page.goto(site("/halls/"))
    assert response is not None and response.status == 200
    chart = page.locator("#hall-map")
    drawn = chart.locator("svg, canvas")
    expect(drawn.first).to_be_visible()
    box = drawn.first.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 200, f"the chart is {box}"
    if chart.locator("svg").count():
        # The SVG renderer writes the halls' names as labels beside their points.
        expect(chart.locator("svg text", has_text="广安区政务服务中心")).to_have_count(1)
        expect(chart.locator("svg text", has_text="协兴镇便民服务中心")).to_have_count(1)
    # Screen readers get what the map shows, not ECharts' generated number list.
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute("aria-label", re.compile(r"^服务大厅位置分布图.*广安区政务服务中心"))
    expect(chart).not_to_have_attribute("aria-label", re.compile("NaN"))
    # The list under the map has every hall.
    expect(page.locator(".hall-card h2")).to_have_count(2)
    assert_clean(page)
    screenshot(page, "halls")


def test_halls_nearest_first_when_a_location_is_given(page: Page, site, catalog) -> None:
    page.goto(site("/halls/"))
    page.get_by_label("纬度").fill("30.40")
    page.get_by_label("经度").fill("106.70")
    page.get_by_role("button", name="按此位置查找").click()
    expect(page).to_have_url(re.compile(r"/halls/\?lat=30\.40&lng=106\.70"))
    names = page.locator(".hall-card h2")
    expect(names.first).to_contain_text("协兴镇便民服务中心")
    expect(names.first.locator(".distance")).to_have_text(re.compile(r"约 [\d.]+ 公里"))
    expect(names.last).to_contain_text("广安区政务服务中心")
    expect(page.locator("#hall-map svg, #hall-map canvas").first).to_be_visible()
    assert_clean(page)


def test_hall_map_draws_the_district_boundary_with_status_and_distance(page: Page, site, catalog, screenshot) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.goto(site("/halls/?lat=30.40&lng=106.70"))
    chart = page.locator("#hall-map")
    expect(chart).to_have_attribute("data-drawn", "district")  # the offline GeoJSON, not the plain scatter
    # The neighbouring districts are named on the map; the demo district is outlined, not labelled.
    expect(chart.locator("svg text", has_text="岳池县")).to_have_count(1)
    expect(chart.locator("svg text", has_text="广安区政务服务中心")).to_have_count(1)
    expect(chart.locator("svg text", has_text="您的位置")).to_have_count(1)
    assert chart.locator("svg path").count() > 6
    expect(chart).to_have_attribute("aria-label", re.compile(r"广安区政务服务中心（(办公中|未在办公时间)）"))
    expect(page.locator(".hall-card .hall-status").first).to_have_text(re.compile("现在(办公中|不在办公时间)"))
    assert_clean(page)
    screenshot(page, "district-map")
