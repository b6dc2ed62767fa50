"""The journey most people take: say what you need in your own words, find the item, read its guide."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_search_from_home_in_plain_words_leads_to_the_guide(page: Page, site, catalog, screenshot) -> None:
    page.goto(site("/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("一网通办，办事不求人")

    box = page.get_by_role("searchbox", name="搜索事项")
    box.fill("开饭店")
    box.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=%E5%BC%80%E9%A5%AD%E5%BA%97$"))
    results = page.locator("#results")
    expect(results.locator(".result-count")).to_contain_text("“开饭店”找到")
    # 开饭店 is nowhere in the name: the keywords and the synonym (开饭店 → 餐饮, 食品经营) find it, ranked first.
    expect(results.locator(".item-name").first).to_have_text("食品经营许可（新办）")
    expect(results.get_by_role("link", name="居民身份证申领")).to_have_count(0)
    found = results.get_by_role("link", name="食品经营许可（新办）")

    found.click()
    expect(page).to_have_url(site(catalog.food.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text("食品经营许可（新办）")
    expect(page).to_have_title("食品经营许可（新办） · GovHall")

    materials = page.locator("section[aria-labelledby=mat-title]")
    expect(materials.get_by_role("heading", level=2)).to_have_text("申请材料")
    expect(materials.get_by_role("row")).to_have_count(4)  # the header and three materials
    expect(materials).to_contain_text("食品经营许可申请书")
    expect(materials).to_contain_text("营业执照")
    expect(materials).to_contain_text("电子证照免提交")

    steps = page.locator("section[aria-labelledby=step-title] ol.steps > li")
    expect(steps).to_have_count(5)
    expect(steps.first).to_contain_text("受理")
    expect(steps.last).to_contain_text("送达")

    consult = page.locator("section[aria-labelledby=ask-title] dt", has_text="咨询电话")
    expect(consult.locator("xpath=following-sibling::dd[1]")).to_have_text("0826-2345678")
    expect(page.get_by_role("link", name="广安区政务服务中心")).to_have_attribute("href", "/halls/#hall-guangan-centre")

    shot = screenshot(page, "guide")
    assert shot.stat().st_size > 10_000


def test_changing_a_filter_updates_the_results_in_place(page: Page, site, catalog) -> None:
    page.goto(site("/search/"))
    results = page.locator("#results")
    expect(results.locator(".result-count")).to_have_text("共 5 个事项")
    expect(results.get_by_role("link", name="居民身份证申领")).to_be_visible()
    # With scripts on, the filters apply themselves; the submit button is for browsers without scripts.
    expect(page.get_by_role("button", name="应用筛选")).to_be_hidden()

    # Anything set on the window survives an htmx swap but not a page load.
    page.evaluate("window.__sameDocument = true")
    with page.expect_response(lambda r: "/search/" in r.url and r.request.headers.get("hx-request") == "true") as hx:
        page.get_by_label("服务对象").select_option("legal")
    assert hx.value.status == 200

    expect(page).to_have_url(re.compile(r"/search/\?.*audience=legal"))
    expect(results.locator(".result-count")).to_have_text("共 2 个事项")
    expect(results.locator(".item-name")).to_have_text(["食品经营许可（新办）", "药品零售企业经营许可"])
    expect(results.get_by_role("link", name="居民身份证申领")).to_have_count(0)
    assert page.evaluate("window.__sameDocument") is True, "the filter reloaded the whole page"

    # Filters combine: 法人 items that are 全程网办 — none.
    page.get_by_label("网办程度").select_option("full")
    expect(page).to_have_url(re.compile(r"audience=legal.*online=full|online=full.*audience=legal"))
    expect(results.locator(".result-count")).to_have_text("共 0 个事项")
    expect(results.locator(".empty")).to_contain_text("没有找到相关事项")

    # Back to everyone: the 全程网办 item is the only one.
    page.get_by_label("服务对象").select_option("")
    expect(results.locator(".item-name")).to_have_text(["城乡居民基本养老保险参保登记"])
    expect(results.locator(".badge-online")).to_have_text("全程网办")
    assert page.evaluate("window.__sameDocument") is True

    # The pushed URL is a real page: loading it shows the same results and the chosen filters.
    page.reload()
    expect(page.get_by_label("网办程度")).to_have_value("full")
    expect(results.locator(".item-name")).to_have_text(["城乡居民基本养老保险参保登记"])


def test_pinyin_initials_find_the_item(page: Page, site, catalog) -> None:
    response = page.goto(site("/search/?q=spjy"))
    assert response is not None and response.status == 200
    results = page.locator("#results")
    expect(results.locator(".item-name").first).to_have_text("食品经营许可（新办）")
    expect(results.get_by_role("link", name="居民身份证申领")).to_have_count(0)
    expect(page.get_by_role("searchbox", name="搜索事项")).to_have_value("spjy")


def test_too_long_a_query_is_refused_with_a_chinese_message(page: Page, site, catalog) -> None:
    response = page.goto(site("/search/?q=" + "饭" * 101))
    assert response is not None
    assert response.status == 400
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("搜索条件有误")
    expect(alert.locator("li")).to_have_text(re.compile(r"[\u4e00-\u9fff].*100"))
    expect(page.locator("#results")).to_have_count(0)
    # The search box is still there to try again.
    expect(page.get_by_role("searchbox", name="搜索事项")).to_be_visible()
