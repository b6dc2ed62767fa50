"""咨询 in the browser (issue 14): a citizen asks from a guide page → a clerk accepts and answers it on the workbench
and publishes it (moderated, personal data stripped) → it is on the guide page for everyone; the citizen says the
answer helped. At 390 px (a phone), screenshots of each step; axe-core on the new pages."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.browser.test_rating_journey import sign_in

from govhall.enquiries import services
from govhall.enquiries.constants import State
from govhall.enquiries.models import Enquiry, PublicAnswer
from govhall.enquiries.tests.factories import citizen, clerk, enquiry, item

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
ON_A_PHONE = {"viewport": PHONE, "is_mobile": True, "has_touch": True}


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any, settings: Any, tmp_path: Path) -> None:
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")
    settings.HOTLINE_PROVIDER = ""


def test_a_question_from_a_guide_page_answered_and_published(open_browser, site, screenshot) -> None:
    food, alice, clara = item(), citizen(), clerk()
    guide = f"/items/{food.implementation_code}/"
    person = open_browser(**ON_A_PHONE)
    sign_in(person, site, alice, guide)
    person.get_by_role("link", name="我要咨询", exact=True).click()
    expect(person.get_by_role("heading", level=1)).to_have_text("我要咨询 · 投诉 · 建议")
    person.get_by_label("标题").fill("营业执照丢了怎么补办")
    person.get_by_label("内容").fill("我的营业执照丢了，电话 13812345678，要带什么材料？")
    screenshot(person, "01-ask")
    person.get_by_role("button", name="提交").click()
    expect(person.locator("main").get_by_role("status")).to_contain_text("已提交")
    asked = Enquiry.objects.get()
    assert asked.department == food.department and asked.state == State.PENDING
    screenshot(person, "02-asked")

    desk = open_browser(**ON_A_PHONE)
    sign_in(desk, site, clara, "/workbench/enquiries/")
    screenshot(desk, "03-queue")
    desk.get_by_role("link", name=asked.number).click()
    expect(desk.locator("main")).not_to_contain_text("13900000000")  # the phone masked
    desk.get_by_role("button", name="受理").click()
    desk.get_by_label("答复内容").fill("请携带身份证到区政务服务中心窗口办理补领，当场办结。")
    desk.get_by_role("button", name="答复", exact=True).click()
    expect(desk.locator("main").get_by_role("status")).to_contain_text("已答复")
    question = desk.get_by_label("问题（已去除个人信息，可修改）")
    expect(question).not_to_contain_text("13812345678")
    question.fill("营业执照丢了怎么补办？要带什么材料？")
    screenshot(desk, "04-publish")
    desk.get_by_role("button", name="公开问答").click()
    expect(desk.locator("main").get_by_role("status")).to_contain_text("公开问答")
    assert PublicAnswer.objects.get().question == "营业执照丢了怎么补办？要带什么材料？"

    visitor = open_browser(**ON_A_PHONE)
    visitor.goto(site(guide))
    qa = visitor.get_by_role("region", name="网上咨询")
    qa.get_by_text("营业执照丢了怎么补办？要带什么材料？").first.click()
    expect(qa).to_contain_text("请携带身份证到区政务服务中心窗口办理补领")
    qa.scroll_into_view_if_needed()
    screenshot(visitor, "05-guide-qa")

    person.goto(site("/enquiries/"))
    person.get_by_role("link", name="营业执照丢了怎么补办").click()
    expect(person.locator("main")).to_contain_text("请携带身份证")
    person.get_by_role("button", name="满意", exact=True).click()
    expect(person.locator("main")).to_contain_text("您的评价：满意")
    screenshot(person, "06-rated")
    asked.refresh_from_db()
    assert asked.state == State.CLOSED and asked.satisfaction == "satisfied"


def test_enquiry_pages_have_no_axe_violations(axe_page: Page, site, run_axe, screenshot) -> None:
    axe_page.set_viewport_size(PHONE)
    food, alice, clara = item(), citizen(), clerk()
    asked = enquiry(user=alice)
    services.reply(asked, actor=clara, text="请携带身份证到窗口办理。")
    sign_in(axe_page, site, alice, f"/enquiries/new/?item={food.implementation_code}")
    assert run_axe(axe_page) == [], "the form"
    axe_page.get_by_role("button", name="提交").click()  # empty: the errors shown
    expect(axe_page.get_by_role("alert").first).to_be_visible()
    assert run_axe(axe_page) == [], "the form with errors"
    screenshot(axe_page, "form-errors")
    for path in ("/enquiries/", f"/enquiries/{asked.pk}/", "/enquiries/new/"):
        axe_page.goto(site(path))
        assert run_axe(axe_page) == [], path
    axe_page.context.clear_cookies()
    sign_in(axe_page, site, clara, "/workbench/enquiries/")
    assert run_axe(axe_page) == [], "the queue"
    axe_page.goto(site(f"/workbench/enquiries/{asked.pk}/"))
    assert run_axe(axe_page) == [], "the workbench page"
    screenshot(axe_page, "workbench-detail")
