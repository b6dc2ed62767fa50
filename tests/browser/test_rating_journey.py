"""好差评 in the browser: a citizen rates a concluded case 1 star online with a comment → the department records the
call-back and answers → the citizen says they are satisfied; an unanswered one escalates to the supervisor when its
deadline passes (the periodic task run); the department appeals another rating → the supervisor upholds → excluded;
and the window's rating screen (一次一评) picks up the clerk's 请评价 by htmx polling and records the rating. axe-core on
the rating pages."""

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from govhall.accounts.models import User
from govhall.accounts.tests import factories
from govhall.evaluation import services
from govhall.evaluation.models import Appeal, Rating, Rectification
from govhall.evaluation.tasks import escalate_overdue_rectifications
from govhall.evaluation.tests.factories import alice, city_supervisor, concluded_case, rated, window_clerk
from govhall.organisations.constants import Role

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any, settings: Any, tmp_path: Path) -> None:
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")


def sign_in(page: Page, site: Any, user: User, then: str) -> None:
    page.goto(site(f"/accounts/login/?next={then}"))
    form = page.get_by_role("form", name="账号密码登录")
    form.get_by_label("用户名").fill(user.username)
    form.get_by_label("密码", exact=True).fill(factories.PASSWORD)
    form.get_by_role("button", name="登录").click()
    if user.is_staff_member:
        page.get_by_label("动态口令").fill(factories.current_code(user))
        page.get_by_role("button", name="验证并登录").click()
    expect(page).to_have_url(site(then))


def status(page: Page) -> Any:
    return page.locator("main").get_by_role("status")


def no_csp_violations(page: Page) -> None:
    blocked = page.evaluate("window.__cspViolations || []")
    assert blocked == [], "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


def choose(page: Page, question: str, level: str) -> None:
    page.get_by_role("group", name=re.compile(f"^{question}")).get_by_label(level, exact=True).check()


def test_bad_rating_rectified_escalated_and_appealed(page: Page, open_browser, site, screenshot) -> None:
    case = concluded_case()
    approver = factories.staff("approver", Role.APPROVER, department=case.department)
    supervisor = city_supervisor()

    # The citizen rates 1 star with a comment on her case page.
    sign_in(page, site, alice(), f"/cases/{case.number}/")
    panel = page.locator("section", has=page.get_by_role("heading", name="服务评价（好差评）"))
    expect(panel).to_contain_text("办事指南精确度")
    reasons = panel.get_by_role("group", name=re.compile("^差评原因"))
    expect(reasons).to_be_hidden()  # asked only for a bad rating
    choose(page, "整体满意度", "非常不满意")
    expect(reasons).to_be_visible()
    reasons.get_by_label("多次跑动").check()
    reasons.get_by_label("办事指南不准确、不清楚").check()
    choose(page, "办事效率", "不满意")
    page.get_by_label("意见和建议（可不填）").fill("来回跑了两趟，电话 13812345678 也没人接")
    screenshot(page, "01-rating-form")
    page.get_by_role("button", name="提交评价").click()
    expect(status(page)).to_contain_text("承办部门将回访并在规定期限内答复您")
    expect(panel).to_contain_text("非常不满意")
    expect(panel).to_contain_text("承办部门将回访您")
    rating = Rating.objects.get(case=case)
    assert rating.score == 1 and rating.aspects == {"efficiency": 2}
    assert rating.bad_reasons == ["guide", "visits"]
    no_csp_violations(page)

    # The department records the call-back and answers.
    desk = open_browser()
    sign_in(desk, site, approver, "/ratings/rectifications/")
    row = desk.get_by_role("row").filter(has_text=case.number)
    expect(row).to_contain_text("待回访")
    screenshot(desk, "02-rectifications")
    row.get_by_role("link", name=case.number).click()
    desk.get_by_label(re.compile("^回访记录")).fill("3 月 10 日电话回访：申请人反映办事指南未列明租赁合同。")
    desk.get_by_role("button", name="记录回访").click()
    expect(status(desk)).to_contain_text("已记录回访")
    desk.get_by_label("已整改").check()
    desk.get_by_label(re.compile("^答复评价人")).fill("已在办事指南中补充租赁合同，并向您致歉。")
    desk.get_by_role("button", name="答复评价人").click()
    expect(status(desk)).to_contain_text("已答复评价人")
    expect(desk.locator("main")).to_contain_text("待评价人确认")
    screenshot(desk, "03-answered")
    no_csp_violations(desk)

    # The citizen reads the answer and says she is satisfied.
    page.reload()
    expect(panel).to_contain_text("已在办事指南中补充租赁合同")
    screenshot(page, "04-reply")
    panel.get_by_role("button", name="满意", exact=True).click()
    expect(status(page)).to_contain_text("已收到您的答复")
    expect(panel).to_contain_text("您的意见满意")
    assert Rectification.objects.get(rating=rating).rater_satisfied is True

    # Another bad rating nobody answers: past its deadline the periodic task escalates it, once.
    late = rated(concluded_case(), score=2, comment="排队太久")
    Rectification.objects.filter(rating=late).update(due_date=timezone.localdate() - timedelta(days=1))
    assert escalate_overdue_rectifications.call() == 1
    assert escalate_overdue_rectifications.call() == 0
    boss = open_browser()
    sign_in(boss, site, supervisor, "/ratings/rectifications/?show=escalated")
    row = boss.get_by_role("row").filter(has_text=late.case.number)
    expect(row).to_contain_text("已超期")
    expect(row).to_contain_text("已督办")
    screenshot(boss, "05-escalated")
    boss.goto(site("/cases/messages/"))
    expect(boss.locator("main")).to_contain_text("【差评整改超期】")

    # The department appeals a third rating; the supervisor upholds it: excluded, and the decision kept.
    mistaken = rated(concluded_case(), score=1, comment="点错了")
    desk.goto(site(f"/ratings/department/{mistaken.pk}/"))
    desk.get_by_label(re.compile("^申诉理由")).fill("回访时评价人说明是误点了“非常不满意”。")
    desk.get_by_role("button", name="提出申诉").click()
    expect(status(desk)).to_contain_text("已提交申诉")
    boss.goto(site("/ratings/appeals/"))
    boss.get_by_role("link", name=re.compile(mistaken.case.number)).click()
    boss.get_by_label("复核意见").fill("经回访核实为误评，申诉成立。")
    screenshot(boss, "06-appeal")
    boss.get_by_role("button", name="申诉成立（不计入统计）").click()
    expect(status(boss)).to_contain_text("申诉成立，该评价不计入统计")
    expect(boss.locator("main")).to_contain_text("经回访核实为误评")
    screenshot(boss, "07-upheld")
    assert Rating.objects.get(pk=mistaken.pk).excluded is True
    assert Appeal.objects.get(rating=mistaken).decision == "经回访核实为误评，申诉成立。"
    no_csp_violations(boss)


def test_window_rating_screen(page: Page, open_browser, site, screenshot) -> None:
    case = concluded_case()
    clerk = window_clerk(case)
    sign_in(page, site, clerk, f"/workbench/cases/{case.number}/")
    page.goto(site("/ratings/window/"))
    link = page.locator("main .secret a").get_attribute("href")
    assert link is not None and "/ratings/screen/" in link

    # The tablet facing the citizen: no session, waiting; it polls every few seconds.
    tablet = open_browser(viewport={"width": 1024, "height": 768}, has_touch=True)
    tablet.goto(link)
    expect(tablet.get_by_role("heading", level=1)).to_have_text("欢迎评价我们的服务")
    screenshot(tablet, "01-waiting")

    page.goto(site(f"/workbench/cases/{case.number}/"))
    page.get_by_role("button", name="请评价").click()
    expect(status(page)).to_contain_text("已请群众在评价屏上评价")

    expect(tablet.get_by_role("heading", level=1)).to_have_text("请对本次服务作出评价", timeout=10_000)
    expect(tablet.locator("main")).to_contain_text(case.number)
    expect(tablet.locator("main")).to_contain_text("服务态度")
    choose(tablet, "整体满意度", "非常满意")
    choose(tablet, "服务态度", "非常满意")
    tablet.get_by_label("意见和建议（可不填）").fill("窗口工作人员很耐心")
    box = tablet.get_by_role("group", name=re.compile("^整体满意度")).get_by_text("非常满意").bounding_box()
    assert box is not None
    screenshot(tablet, "02-request")
    tablet.get_by_role("button", name="提交评价").click()
    expect(tablet.get_by_role("status")).to_contain_text("感谢您的评价")
    expect(tablet.get_by_role("heading", level=1)).to_have_text("欢迎评价我们的服务")
    screenshot(tablet, "03-thanks")
    no_csp_violations(tablet)
    rating = Rating.objects.get(case=case)
    assert (rating.channel, rating.score, rating.handler, rating.aspects) == ("window", 5, clerk, {"attitude": 5})
    page.reload()
    expect(page.locator("main")).to_contain_text("申请人的评价")


def test_rating_pages_have_no_axe_violations(axe_page: Page, site, run_axe, screenshot) -> None:
    case = concluded_case()
    clerk = window_clerk(case)
    services.request_window_rating(case=case, clerk=clerk)
    from govhall.evaluation.screen import screen_token

    axe_page.goto(site(f"/ratings/screen/{screen_token(clerk)}/"))
    expect(axe_page.get_by_role("heading", level=1)).to_have_text("请对本次服务作出评价")
    assert run_axe(axe_page) == [], "rating screen"
    other = concluded_case()
    sign_in(axe_page, site, alice(), f"/cases/{other.number}/")
    expect(axe_page.get_by_role("button", name="提交评价")).to_be_visible()
    assert run_axe(axe_page) == [], "case page with the rating form"
    bad = rated(concluded_case(), score=1, comment="慢")
    axe_page.context.clear_cookies()
    approver = factories.staff("approver", Role.APPROVER, department=bad.department)
    sign_in(axe_page, site, approver, f"/ratings/department/{bad.pk}/")
    assert run_axe(axe_page) == [], "rectification page"
    screenshot(axe_page, "rectification-page")
