"""一件事一次办 in the browser: a parent answers the questionnaire of 新生儿出生一件事 on a phone (390 px), fills in the
one combined form (each field once, each shared material once) and submits once; 区卫健局, 区公安分局 and 区医疗保障局
each handle their item in the workbench, in that order (the next item is filed only when the earlier one concludes,
with its result as a trust-level-A material), each seeing the bundle beside their case; the parent follows one
timeline with one deadline and gives one rating. axe-core on the bundle pages and the workbench panel."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfWriter

from govhall.accounts.models import User
from govhall.accounts.tests import factories
from govhall.bundles.models import BundleCase, BundlePart
from govhall.bundles.tests.factories import BIRTH_RECORD, CERTIFICATE, HOUSEHOLD_PROOF, ID_CARDS, chain_bundle
from govhall.cases.constants import CaseState, TrustLevel
from govhall.evaluation.models import Rating
from govhall.notices.models import Notification
from govhall.organisations.constants import Role

pytestmark = pytest.mark.browser
ORDER = ["《出生医学证明》首次签发", "户口登记", "城乡居民参保登记"]


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any, settings: Any, tmp_path: Path) -> None:
    """Committed data for the live server's thread; files and the demo phone under the test's folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")


def pdf_file(name: str) -> dict[str, Any]:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return {"name": name, "mimeType": "application/pdf", "buffer": buffer.getvalue()}


def sign_in(page: Page, user: User) -> None:
    """The password form of the sign-in page the browser is on; staff then give the authenticator's code."""
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    form = page.get_by_role("form", name="账号密码登录")
    form.get_by_label("用户名").fill(user.username)
    form.get_by_label("密码", exact=True).fill(factories.PASSWORD)
    form.get_by_role("button", name="登录").click()
    if user.is_staff_member:
        page.get_by_label("动态口令").fill(factories.current_code(user))
        page.get_by_role("button", name="验证并登录").click()


def status(page: Page) -> Any:
    return page.locator("main").locator("[role=status], [role=alert]").first


def act(page: Page, button: str, reason: str = "") -> None:
    if reason:
        page.get_by_label(re.compile("意见、理由或需补正的材料")).fill(reason)
    page.get_by_role("button", name=button, exact=True).click()
    expect(status(page)).to_contain_text(f"已{button}。")


def no_sideways_scroll(page: Page) -> None:
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] + 1, f"{page.url} scrolls sideways: {widths}"


def part_case(bundle_case: BundleCase, name: str) -> Any:
    part = BundlePart.objects.select_related("case").get(bundle_case=bundle_case, bundle_item__item__name=name)
    return part.case


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}" for v in violations
    )


def test_newborn_questionnaire_one_form_three_departments_in_order_one_timeline_one_rating(
    page: Page, open_browser, site, screenshot, run_axe, axe_source
) -> None:
    bundle = chain_bundle()
    parent = factories.person("alice", number=3)
    staff = {
        name: factories.staff(f"approver{index}", Role.APPROVER, department=item.department)
        for index, (name, item) in enumerate(
            (part.item.name, part.item) for part in bundle.parts.select_related("item__department")
        )
    }

    # On a phone: the home page leads to the bundle; the questionnaire decides the items.
    phone = open_browser(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
    phone.goto(site("/"))
    phone.get_by_role("link", name=re.compile("新生儿出生一件事.*开始办理")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("新生儿出生一件事")
    group = phone.get_by_role("group", name="是否同时为宝宝申领社会保障卡？")
    group.get_by_label("暂不申领").check()
    screenshot(phone, "01-questionnaire-390")
    no_sideways_scroll(phone)
    phone.get_by_role("button", name="开始办理").click()
    sign_in(phone, parent)

    # One form: each field once, each shared material once; the later items say they follow.
    expect(phone.get_by_role("heading", level=1)).to_contain_text("一表申请")
    expect(phone.locator("#parts-heading")).to_have_text("按您的情形，将办理 3 个事项")
    expect(phone.locator("main")).to_contain_text(
        "“《出生医学证明》首次签发”办结后自动提交，其结果作为“《出生医学证明》”"
    )
    expect(phone.get_by_label("新生儿姓名")).to_have_count(1)
    expect(phone.get_by_label("出生日期")).to_have_count(1)
    expect(phone.locator("input[type=file]")).to_have_count(2)  # 身份证件 (three items need it) and 出生登记记录
    expect(phone.get_by_label(ID_CARDS)).to_be_visible()
    phone.get_by_label("申请事由").fill("宝宝出生，办理出生医学证明、落户和医保")
    phone.get_by_label("新生儿姓名").fill("张小宝")
    phone.get_by_label("出生日期").fill("2026-11-30")
    phone.get_by_label("监护人手机号码").fill("13900003333")
    phone.get_by_label(ID_CARDS).set_input_files(pdf_file("父母身份证.pdf"))
    phone.get_by_label(BIRTH_RECORD).set_input_files(pdf_file("出生登记记录.pdf"))
    phone.get_by_label("本人承诺所填信息及所附材料真实、有效").check()
    screenshot(phone, "02-combined-form-390")
    no_sideways_scroll(phone)
    phone.get_by_role("button", name="一次提交").click()
    expect(status(phone)).to_contain_text("一件事申请已提交")
    expect(phone.locator("#bundle-state")).to_contain_text("0/3 办结")
    bundle_case = BundleCase.objects.get()
    screenshot(phone, "03-bundle-page-390")
    no_sideways_scroll(phone)
    # filed at once: the first item only; the others wait for its result
    assert part_case(bundle_case, ORDER[0]).state == CaseState.SUBMITTED
    assert part_case(bundle_case, ORDER[1]) is None and part_case(bundle_case, ORDER[2]) is None

    # Each department in turn: the bundle beside its case, its own acts; the next item is filed on conclusion.
    for index, name in enumerate(ORDER):
        case = part_case(bundle_case, name)
        assert case is not None, f"{name} was not filed after the item before it concluded"
        desk = open_browser()
        desk.goto(site(f"/workbench/cases/{case.number}/"))
        sign_in(desk, staff[name])
        expect(desk).to_have_url(site(f"/workbench/cases/{case.number}/"))
        panel = desk.locator("#bundle-panel")
        expect(panel.get_by_role("heading")).to_have_text(f"属于一件事：新生儿出生一件事（{index}/3 办结）")
        if index:
            earlier = {CERTIFICATE, HOUSEHOLD_PROOF}
            trusted = [m for m in case.materials.select_related("document") if m.name in earlier]
            assert [m.document.trust_level for m in trusted] == [TrustLevel.A]
            expect(desk.locator("main")).to_contain_text("A：发证机关电子签章")
        act(desk, "受理")
        act(desk, "开始审查")
        act(desk, "本环节审查通过")
        act(desk, "准予许可", "符合条件，准予办理。")
        desk.get_by_role("button", name="办结", exact=True).click()
        expect(status(desk)).to_contain_text("已办结。")
        screenshot(desk, f"04-{index + 1}-workbench-{case.department.name}")
        if index == 1:
            run = open_browser(bypass_csp=True)
            run.context.add_cookies(desk.context.cookies())
            run.goto(site(f"/workbench/cases/{case.number}/"))
            violations = run_axe(run)
            assert not violations, describe(violations)
        desk.context.close()

    # One timeline, one deadline, one rating.
    phone.reload()
    expect(phone.locator("#bundle-state")).to_contain_text("已办结（3/3 办结）")
    timeline = phone.locator("#timeline")
    expect(timeline).to_contain_text("一件事申请已提交")
    expect(timeline).to_contain_text("一件事已全部办结")
    for name in ORDER:
        expect(timeline).to_contain_text(name)
    texts = timeline.locator("li").all_inner_texts()
    concluded = [next(i for i, text in enumerate(texts) if name in text and "办结" in text) for name in ORDER]
    assert concluded == sorted(concluded), "the items concluded out of order"
    expect(phone.locator("main")).to_contain_text(bundle_case.promised_deadline.isoformat())
    screenshot(phone, "05-concluded-390")
    no_sideways_scroll(phone)
    phone.get_by_label("非常满意").check()
    phone.get_by_label("评价内容（选填）").fill("一次提交，三个部门接力办好了")
    phone.get_by_role("button", name="提交评价").click()
    expect(status(phone)).to_contain_text("感谢您的评价")
    expect(phone.locator("main")).to_contain_text("您已评价本次一件事")
    assert Rating.objects.filter(score=5).count() == 3
    titles = list(Notification.objects.filter(user=parent).values_list("title", flat=True))
    assert titles.count("【新生儿出生一件事】已提交") == 1 and titles.count("【新生儿出生一件事】已办结") == 1
    assert not [title for title in titles if title.endswith("】申报") or title.endswith("】办结")]

    # The same bundle page at desktop size, and axe-core on the bundle pages.
    page.goto(site(f"/my-bundles/{bundle_case.number}/"))
    sign_in(page, parent)
    expect(page.locator("#bundle-state")).to_contain_text("3/3 办结")
    screenshot(page, "06-bundle-page-desktop")
    checker = open_browser(bypass_csp=True)
    checker.context.add_cookies(page.context.cookies())
    for path in (f"/bundles/{bundle.slug}/", f"/my-bundles/{bundle_case.number}/", "/"):
        checker.goto(site(path))
        violations = run_axe(checker)
        assert not violations, f"{path}: " + describe(violations)
    question = bundle.questions.get()
    checker.goto(site(f"/bundles/{bundle.slug}/apply/?q_{question.pk}={question.options.first().pk}"))
    screenshot(checker, "07-form-desktop")
    violations = run_axe(checker)
    assert not violations, "apply: " + describe(violations)
