"""智能导办: a question in everyday words answered in bubbles that quote the guide, with links to the guide and to apply,
"这个回答有帮助吗？" stored anonymously — with scripts (htmx adds each answer to the conversation) and without, by
keyboard, on a 390 px phone, and clean under axe-core."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from govhall.assist.models import AnswerFeedback

pytestmark = pytest.mark.browser


def ask(page: Page, question: str) -> None:
    box = page.get_by_role("searchbox", name="您想问什么")
    box.fill(question)
    box.press("Enter")


def test_asking_from_the_header_answers_in_bubbles_and_takes_feedback(page: Page, site, catalog, screenshot) -> None:
    page.goto(site("/search/?q=开饭店"))
    page.get_by_role("link", name="找不到？问问智能导办").click()
    expect(page).to_have_url(re.compile(r"/assist/\?q="))
    page.goto(site("/"))
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="智能导办").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("智能导办")

    ask(page, "开饭店要带什么材料")
    exchange = page.locator(".assist-exchange").first
    expect(exchange.locator(".bubble-question")).to_have_text(re.compile("开饭店要带什么材料"))
    answer = exchange.locator(".bubble-answer")
    expect(answer).to_contain_text("「食品经营许可（新办）」的办事指南写明：")
    quote = answer.locator("blockquote.guide-quote")
    expect(quote).to_contain_text("食品经营许可申请书")
    expect(quote).to_contain_text("营业执照（电子证照免提交）")
    expect(answer.get_by_role("link", name="查看办事指南")).to_have_attribute("href", catalog.food.get_absolute_url())
    apply_link = answer.get_by_role("link", name="在线办理")
    expect(apply_link).to_have_attribute("href", f"/cases/apply/{catalog.food.implementation_code}/")
    expect(page).to_have_url(site("/assist/"))  # htmx added the answer in place

    answer.get_by_role("button", name="有", exact=True).click()
    expect(answer.get_by_role("status")).to_have_text("谢谢您的反馈。")
    row = AnswerFeedback.objects.get()
    assert (row.question, row.item_code, row.intent, row.confident, row.helpful) == (
        "开饭店要带什么材料",
        catalog.food.implementation_code,
        "materials",
        True,
        True,
    )

    ask(page, "彩票中奖了去哪兑奖")
    expect(page.locator(".assist-exchange")).to_have_count(2)
    unsure = page.locator(".assist-exchange").nth(1).locator(".bubble-answer")
    expect(unsure).to_contain_text("没有找到与您的问题对应的办事指南")
    expect(unsure).to_contain_text("咨询电话")
    assert not page.log.errors() and not page.log.page_errors  # type: ignore[attr-defined]
    screenshot(page, "conversation")


def test_works_without_scripts(browser: Browser, site, catalog) -> None:
    context = browser.new_context(locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.goto(site("/assist/"))
    ask(page, "开饭店多久能办好")
    expect(page).to_have_url(re.compile(r"/assist/\?q="))
    expect(page.locator(".guide-quote")).to_contain_text("承诺办结时限：5 个工作日。")
    page.get_by_role("button", name="没有").click()
    expect(page).to_have_url(re.compile(r"thanks=1"))
    expect(page.get_by_role("status")).to_have_text("谢谢您的反馈。")
    assert AnswerFeedback.objects.get().helpful is False
    context.close()


def test_keyboard_only(page: Page, site, catalog) -> None:
    page.goto(site("/assist/"))
    page.get_by_role("searchbox", name="您想问什么").focus()
    page.keyboard.type("开饭店去哪里办")
    page.keyboard.press("Enter")
    answer = page.locator(".bubble-answer")
    expect(answer).to_contain_text("办理地点：广安区政务服务中心二楼 市场监管窗口")
    answer.get_by_role("link", name="查看办事指南").focus()
    for _ in range(8):  # 查看办事指南 → 在线办理 → the related items → 有
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "有":
            break
    page.keyboard.press("Enter")
    expect(answer.get_by_role("status")).to_have_text("谢谢您的反馈。")


def test_an_unsure_answer_offers_the_consult_form_about_the_item(page: Page, site, catalog) -> None:
    page.goto(site("/assist/?q=开饭店的父母"))
    answer = page.locator(".bubble-answer")
    expect(answer).to_contain_text("我不能确定您问的是哪一项服务。最接近的是「食品经营许可（新办）」")
    consult = answer.get_by_role("link", name="我要咨询")
    expect(consult).to_have_attribute("href", f"/enquiries/new/?item={catalog.food.implementation_code}")
    expect(answer).to_contain_text("咨询电话 0826-2345678")


def test_phone_390(browser: Browser, site, catalog, screenshot) -> None:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.goto(site("/assist/?q=开饭店要带什么材料"))
    expect(page.locator(".guide-quote")).to_contain_text("食品经营许可申请书")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "phone")
    context.close()


def test_axe_finds_no_violations(axe_page: Page, site, catalog, run_axe) -> None:
    for path in ("/assist/", "/assist/?q=开饭店要带什么材料", "/assist/?q=开饭店的父母", "/assist/?q=" + "问" * 201):
        axe_page.goto(site(path))
        violations = run_axe(axe_page)
        assert violations == [], (path, violations)
