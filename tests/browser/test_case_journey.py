"""Case journeys in the browser: a citizen applies with an upload (draft first, resumed from 我的办件), a clerk asks for
a correction in one notice, the citizen corrects, the staff accept, review and approve, and the citizen downloads the
decision and reads the whole timeline; a stale staff form is refused with the conflict message; a 即办件 is filed and
decided at the window on one screen; and axe-core on the case pages."""

import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader, PdfWriter

from govhall.accounts.models import User
from govhall.accounts.tests import factories
from govhall.cases import services
from govhall.cases.constants import CaseState, TrustLevel
from govhall.cases.models import Case
from govhall.catalog.models import Item
from govhall.catalog.tests.factories import published_item
from govhall.core.crypto import decrypt
from govhall.organisations.constants import Role

pytestmark = pytest.mark.browser

ITEM_NAME = "食品经营许可（小餐饮新办）"
APPLICATION = "食品经营许可申请书"
FLOOR_PLAN = "经营场所平面布局图"
# What the clerk asks for in the 一次性告知, one line each.
ASKED = ["食品经营许可申请书（须经营者本人签字）", "经营场所平面布局图（标明操作间、就餐区位置）"]
TIMELINE = [
    "申报",
    "一次性告知补正",
    "补正后重新提交",
    "受理",
    "开始审查",
    "本环节审查通过",
    "准予许可",
    "办结",
    "送达",
]
WALK_IN_ID = "11010519491231002X"
WALK_IN_PHONE = "13900009999"

# As in conftest: every CSP violation the document sees, for the pages of the other people's browsers.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
});
"""


# --- data and helpers --------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any) -> None:
    """The live server runs in another thread, so every test's data is committed (and flushed afterwards). Sign-in
    works over plain http because pytest-django serves on http://localhost, a secure origin for Chromium."""


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    """Uploads, case documents, SMS and waybills go under the test's own folder (the live server shares settings)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")
    settings.COURIER_OUTBOX_FILE = str(tmp_path / "waybills.jsonl")
    return settings.MEDIA_ROOT


def food_item(**overrides: Any) -> Item:
    """A 行政许可 with two 情形, a small application form (two fields prefilled from the real-name profile, one field for
    餐饮服务 only, one for 食品销售 only), two required materials and one review step."""
    data: dict[str, Any] = {
        "number": 301,
        "name": ITEM_NAME,
        "department": "区市场监督管理局",
        "promised_limit": 10,
        "statutory_limit": 20,
        "variants": [
            {"name": "餐饮服务", "description": "开办小餐馆、小吃店"},
            {"name": "食品销售", "description": "开办食品零售店"},
        ],
        "form_fields": [
            {"key": "contact", "label": "联系人", "prefill": "person.name"},
            {"key": "mobile", "label": "联系电话", "kind": "phone", "prefill": "person.phone"},
            {"key": "seats", "label": "就餐座位数", "kind": "number", "variant_name": "餐饮服务"},
            {"key": "goods", "label": "销售品种", "variant_name": "食品销售"},
        ],
        "materials": [
            {"name": APPLICATION, "originals": 1},
            {"name": FLOOR_PLAN, "originals": 1, "acceptance_standard": "标明操作间、就餐区位置"},
        ],
        "steps": [
            {"name": "受理", "office": "市场监管窗口"},
            {"name": "审查", "office": "食品经营科", "review_role": "reviewer"},
            {"name": "决定", "office": "食品经营科"},
            {"name": "办结", "office": "市场监管窗口"},
            {"name": "送达", "office": "市场监管窗口"},
        ],
    }
    return published_item(**(data | overrides))


def pdf_file(name: str, note: str) -> dict[str, Any]:
    """A small real PDF (one A4 page, with `note` as its title), in the form set_input_files takes."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": note})
    buffer = io.BytesIO()
    writer.write(buffer)
    return {"name": name, "mimeType": "application/pdf", "buffer": buffer.getvalue()}


def assert_no_script_problems(page: Page) -> None:
    errors = getattr(page, "log", None)
    if errors is not None:
        assert errors.page_errors == [], "uncaught script errors:\n" + "\n".join(errors.page_errors)
    blocked = page.evaluate("window.__cspViolations || []")
    assert blocked == [], "blocked by the Content-Security-Policy:\n" + "\n".join(blocked)


@pytest.fixture
def open_browser(page: Page) -> Iterator[Callable[[], Page]]:
    """open_browser() is another person's browser (own cookies) in the same Chromium as `page`, desktop size."""
    browser: Browser | None = page.context.browser
    assert browser is not None
    contexts = []

    def open_page() -> Page:
        context = browser.new_context(
            locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        context.set_default_navigation_timeout(10_000)
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        other = context.new_page()
        errors: list[str] = []
        other.on("pageerror", lambda error: errors.append(str(error)))
        other.log = SimpleNamespace(page_errors=errors)  # type: ignore[attr-defined]
        return other

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page: Page, username: str) -> None:
    """The password form of the sign-in page the browser is on (reached from a page that needs signing in)."""
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    form = page.get_by_role("form", name="账号密码登录")
    form.get_by_label("用户名").fill(username)
    form.get_by_label("密码", exact=True).fill(factories.PASSWORD)
    form.get_by_role("button", name="登录").click()


def staff_sign_in(page: Page, site: Any, user: User, then: str = "/workbench/") -> None:
    """Password, then the authenticator's code; lands on `then`."""
    page.goto(site(f"/accounts/login/?next={then}"))
    sign_in(page, user.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("输入动态口令")
    page.get_by_label("动态口令").fill(factories.current_code(user))
    page.get_by_role("button", name="验证并登录").click()
    expect(page).to_have_url(site(then))


def status(page: Page) -> Any:
    """The page's message: a success is announced politely (status), an error at once (alert)."""
    return page.locator("main").locator("[role=status], [role=alert]").first


def fact(page: Page, term: str) -> Any:
    """The <dd> after the <dt> `term` in the page's facts."""
    return page.locator("dl.facts dt", has_text=re.compile(f"^{re.escape(term)}$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def act(page: Page, button: str, reason: str = "") -> None:
    """Press one of the workbench's act buttons (with the reason typed first, when given)."""
    if reason:
        page.get_by_label(re.compile("意见、理由或需补正的材料")).fill(reason)
    page.get_by_role("button", name=button, exact=True).click()
    expect(status(page)).to_contain_text(f"已{button}。")


def download_pdf(page: Page, site: Any, link_name: str, filename: str) -> bytes:
    """Download a case document by its link, as the person does; checks what the server says it is."""
    link = page.get_by_role("link", name=link_name, exact=True)
    href = link.get_attribute("href")
    assert href is not None
    answer = page.request.get(site(href))  # with the browser's own cookies
    assert answer.status == 200, f"{link_name}: status {answer.status}"
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("attachment;")
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.failure() is None
    assert download.suggested_filename == filename
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF-"), f"{link_name} is not a PDF: {content[:20]!r}"
    assert content == answer.body(), "the same document is served each time"
    return content


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- 1. the whole journey ----------------------------------------------------------------------------------------


def test_apply_correct_approve_and_download_the_decision(
    page: Page, mobile_page: Page, open_browser, site, screenshot
) -> None:
    item = food_item()
    alice = factories.person("alice", phone="13812345678")
    clerk = factories.staff("clerk", Role.WINDOW_CLERK, department=item.department)
    approver = factories.staff("approver", Role.APPROVER, department=item.department)

    # The citizen finds the guide and applies; signing in brings her back to the form.
    page.goto(site(item.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(ITEM_NAME)
    page.get_by_role("link", name="在线申报").click()
    sign_in(page, "alice")
    expect(page).to_have_url(site(f"/cases/apply/{item.implementation_code}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"在线申报：{ITEM_NAME}")

    # Prefilled from her real-name profile; the 情形's own field shows, the other 情形's hides.
    expect(page.get_by_label("联系人")).to_have_value("测试alice")
    expect(page.get_by_label("联系电话")).to_have_value("138****5678")  # personal data shown masked, even to its owner
    expect(page.get_by_text("已按申请人姓名预填，可修改")).to_be_visible()
    page.get_by_label("办理情形").select_option("餐饮服务")
    expect(page.get_by_label("就餐座位数")).to_be_visible()
    expect(page.get_by_label("销售品种")).to_be_hidden()
    page.get_by_label("办理情形").select_option("食品销售")
    expect(page.get_by_label("销售品种")).to_be_visible()
    expect(page.get_by_label("就餐座位数")).to_be_hidden()
    page.get_by_label("办理情形").select_option("餐饮服务")
    expect(page.get_by_label("就餐座位数")).to_be_visible()
    page.get_by_label("申请事由").fill("在协兴镇开办一家面馆")
    page.get_by_label("就餐座位数").fill("40")
    page.get_by_label(APPLICATION).set_input_files(pdf_file("申请书.pdf", "食品经营许可申请书"))
    expect(page.get_by_role("radio", name="网上下载")).to_be_checked()
    screenshot(page, "01-apply-form")

    # A draft first: kept with its upload, and resumed from 我的办件.
    page.get_by_role("button", name="保存草稿").click()
    expect(status(page)).to_contain_text("草稿已保存")
    draft = Case.objects.get(applicant=alice)
    assert draft.state == CaseState.DRAFT and draft.form_data["seats"] == "40"
    assert decrypt(draft.form_data["mobile"]["encrypted"]) == "13812345678"  # the real number, kept encrypted
    page.get_by_role("banner").get_by_role("link", name="我的办件").click()
    card = page.locator(".item-card", has_text=draft.number)
    expect(card).to_contain_text("草稿")
    card.get_by_role("link", name=ITEM_NAME).click()
    expect(fact(page, "状态")).to_have_text("草稿")
    page.get_by_role("link", name="继续填写草稿").click()
    expect(page.get_by_text(f"正在继续填写草稿 {draft.number}。")).to_be_visible()
    expect(page.get_by_label("办理情形")).to_have_value("餐饮服务")
    expect(page.get_by_label("就餐座位数")).to_have_value("40")
    expect(page.get_by_label("销售品种")).to_be_hidden()
    expect(page.get_by_text("草稿中已提交：申请书.pdf")).to_be_visible()
    page.get_by_label(FLOOR_PLAN).set_input_files(pdf_file("平面图.pdf", "经营场所平面布局图"))
    declaration = page.get_by_label("本人承诺所填信息及所附材料真实、有效")
    declaration.check()
    # The box sits under its label, at the start of the line (not stretched across the form).
    box, label = declaration.bounding_box(), page.locator("label[for=id_declaration]").bounding_box()
    assert box and label and abs(box["x"] - label["x"]) < 4 and box["width"] < 40, f"the checkbox is at {box}"
    screenshot(page, "02-draft-resumed")
    page.get_by_role("button", name="提交申请").click()

    # The case page: its number, the state and the receipt.
    expect(page).to_have_url(site(f"/cases/{draft.number}/"))
    expect(status(page)).to_have_text(f"申报成功，办件编号 {draft.number}。")
    expect(fact(page, "办件编号")).to_have_text(draft.number)
    expect(fact(page, "状态")).to_have_text("已申报")
    expect(fact(page, "办理情形")).to_have_text("餐饮服务")
    expect(fact(page, "就餐座位数")).to_have_text("40")
    expect(page.get_by_text(f"{APPLICATION}：申请书.pdf")).to_be_visible()
    expect(page.get_by_text(f"{FLOOR_PLAN}：平面图.pdf")).to_be_visible()
    receipt = download_pdf(page, site, "申报回执", f"申报回执-{draft.number}.pdf")
    assert draft.number in pdf_text(receipt)
    screenshot(page, "03-submitted")
    assert_no_script_problems(page)
    case = Case.objects.get(pk=draft.pk)
    assert case.state == CaseState.SUBMITTED and case.materials.count() == 2

    # The clerk signs in with the second factor and asks for two corrections in one notice.
    desk = open_browser()
    staff_sign_in(desk, site, clerk)
    expect(desk.get_by_role("heading", level=1)).to_have_text("办件工作台")
    row = desk.get_by_role("row").filter(has_text=case.number)
    expect(row).to_contain_text("已申报")
    screenshot(desk, "04-inbox")
    row.get_by_role("link", name=case.number).click()
    expect(desk.get_by_role("heading", level=1)).to_have_text(ITEM_NAME)
    expect(fact(desk, "申请人")).to_have_text("测试alice")
    expect(desk.get_by_role("link", name=APPLICATION)).to_be_visible()
    act(desk, "一次性告知补正", "\n".join(ASKED))
    expect(fact(desk, "状态")).to_have_text("待补正")
    screenshot(desk, "05-correction-asked")
    assert_no_script_problems(desk)

    # The citizen sees 待补正 and the notice, replaces both materials and sends the case back.
    page.get_by_role("banner").get_by_role("link", name="我的办件").click()
    expect(page.locator(".item-card", has_text=case.number)).to_contain_text("待补正")
    page.get_by_role("link", name=ITEM_NAME).click()
    expect(fact(page, "状态")).to_contain_text("待补正")
    expect(page.get_by_role("link", name="补正材料一次性告知书")).to_be_visible()
    page.get_by_role("link", name="查看一次性告知并补正材料").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"补正材料：{ITEM_NAME}")
    notice = page.locator("section", has=page.get_by_role("heading", name="一次性告知：需要补正的内容"))
    expect(notice.get_by_role("listitem")).to_have_text(ASKED)
    expect(page.locator("label", has_text="需补正")).to_have_count(2)
    page.get_by_label(APPLICATION).set_input_files(pdf_file("申请书-已签字.pdf", "已签字的申请书"))
    page.get_by_label(FLOOR_PLAN).set_input_files(pdf_file("平面图-已标注.pdf", "标注后的平面布局图"))
    page.get_by_label("补正说明（可不填）").fill("已签字，并在平面图上标明操作间和就餐区")
    screenshot(page, "06-correct")
    page.get_by_role("button", name="提交补正").click()
    expect(status(page)).to_have_text("补正材料已提交，办理时限恢复计算。")
    expect(fact(page, "状态")).to_have_text("已申报")
    expect(page.get_by_text(f"{APPLICATION}：申请书-已签字.pdf")).to_be_visible()
    expect(page.get_by_text(f"{FLOOR_PLAN}：平面图-已标注.pdf")).to_be_visible()

    # The clerk accepts; the approver reviews, approves and concludes.
    desk.reload()
    expect(fact(desk, "状态")).to_have_text("已申报")
    act(desk, "受理")
    expect(fact(desk, "状态")).to_have_text("已受理")
    chief = open_browser()
    staff_sign_in(chief, site, approver, then=f"/workbench/cases/{case.number}/")
    expect(fact(chief, "状态")).to_have_text("已受理")
    act(chief, "开始审查")
    expect(fact(chief, "当前审查环节")).to_contain_text("审查")
    act(chief, "本环节审查通过")
    act(chief, "准予许可", "符合食品经营许可条件，准予许可。")
    expect(fact(chief, "状态")).to_have_text("准予许可")
    chief.get_by_role("button", name="办结", exact=True).click()
    expect(status(chief)).to_contain_text("已办结。")
    # A result chosen for download is delivered on conclusion.
    expect(fact(chief, "状态")).to_have_text("已送达")
    screenshot(chief, "07-concluded")
    assert_no_script_problems(chief)

    # The citizen downloads the decision and reads the whole timeline.
    page.reload()
    expect(fact(page, "状态")).to_have_text("已送达")
    expect(page.locator("ol.timeline > li > strong")).to_have_text(TIMELINE)
    expect(fact(page, "办理用时")).to_contain_text(re.compile(r"已用 \d+ 天"))
    expect(page.locator("#case-documents + ul").get_by_role("link")).to_have_text(
        ["申报回执", "补正材料一次性告知书", "准予许可决定书"]
    )
    decision = download_pdf(page, site, "准予许可决定书", f"准予许可决定书-{case.number}.pdf")
    assert case.number in pdf_text(decision)
    screenshot(page, "08-delivered")
    assert_no_script_problems(page)
    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED and case.concluded_at is not None
    given = {m.name: m.document.original_name for m in case.materials.select_related("document")}
    assert given == {APPLICATION: "申请书-已签字.pdf", FLOOR_PLAN: "平面图-已标注.pdf"}

    # The same case page on a phone: nothing sideways.
    mobile_page.goto(site(f"/cases/{case.number}/"))
    sign_in(mobile_page, "alice")
    expect(mobile_page).to_have_url(site(f"/cases/{case.number}/"))
    expect(mobile_page.locator("ol.timeline > li")).to_have_count(len(TIMELINE))
    widths = mobile_page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] + 1, f"the case page scrolls sideways on a phone: {widths}"
    screenshot(mobile_page, "09-mobile-case")


# --- 2. a stale staff form -----------------------------------------------------------------------------------------


def test_a_stale_workbench_form_gets_the_conflict_message_and_changes_nothing(page: Page, site, screenshot) -> None:
    item = food_item()
    clerk = factories.staff("clerk", Role.WINDOW_CLERK, department=item.department)
    alice = factories.person("alice")
    case = services.submit_case(
        applicant=alice,
        item=item,
        idempotency_key="stale",
        channel="web",
        application=services.Application(
            form_data={"reason": "开面馆", "contact": "测试alice", "mobile": "13900000000", "seats": "20"},
            variant_name="餐饮服务",
        ),
    )
    url = f"/workbench/cases/{case.number}/"
    staff_sign_in(page, site, clerk, then=url)
    other = page.context.new_page()  # the same clerk, a second tab on the same case
    other.goto(site(url))
    expect(fact(other, "状态")).to_have_text("已申报")

    act(page, "受理")
    expect(fact(page, "状态")).to_have_text("已受理")
    case.refresh_from_db()
    accepted = (case.state, case.revision, case.events.count())

    # The second tab still shows the case as it was and asks for a correction.
    other.get_by_label(re.compile("意见、理由或需补正的材料")).fill("营业执照复印件")
    other.get_by_role("button", name="一次性告知补正", exact=True).click()
    expect(status(other)).to_have_text("该办件已被他人处理（页面内容已过期），请刷新后查看最新状态。")
    expect(fact(other, "状态")).to_have_text("已受理")  # the answer shows the case as it is now
    expect(other.get_by_role("button", name="一次性告知补正", exact=True)).to_have_count(0)
    screenshot(other, "conflict")
    case.refresh_from_db()
    assert (case.state, case.revision, case.events.count()) == accepted
    assert not case.events.filter(act="request_correction").exists()
    assert_no_script_problems(page)


# --- 3. a 即办件 at the window -------------------------------------------------------------------------------------


def test_a_walk_in_immediate_item_is_filed_and_decided_at_the_window(
    page: Page, open_browser, site, media, screenshot
) -> None:
    item = published_item(
        number=302,
        name="城乡居民基本养老保险参保登记",
        department="区人力资源和社会保障局",
        item_type="20",
        audiences=["natural_person"],
        handling_kind="immediate",
        promised_limit=0,
        statutory_limit=1,
        result_type="other",
        result_name="参保登记信息",
        materials=[{"name": "居民户口簿", "originals": 1}],
        steps=[{"name": "受理"}, {"name": "核验"}, {"name": "办结"}],
    )
    clerk = factories.staff("clerk", Role.WINDOW_CLERK, department=item.department)

    staff_sign_in(page, site, clerk)
    page.get_by_role("link", name="窗口收件（帮办代办）").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("窗口收件（帮办代办）")
    expect(page.get_by_label("证件类型")).to_have_value("resident_id")
    page.get_by_label("证件号码").fill(WALK_IN_ID)
    page.get_by_label("姓名").fill("王芳")
    page.get_by_label("手机号码").fill(WALK_IN_PHONE)
    page.get_by_label("办理事项").select_option(label=item.name)
    screenshot(page, "01-receive")
    page.get_by_role("button", name="下一步：填写申请").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(f"代为申报：{item.name}")
    expect(page.locator(".lead")).to_contain_text("申请人：王芳（")
    expect(page.locator("main")).not_to_contain_text(WALK_IN_ID)  # the document is shown masked
    page.get_by_label("申请事由").fill("到龄参保")
    page.get_by_label("居民户口簿").set_input_files(pdf_file("户口簿扫描件.pdf", "居民户口簿（扫描件）"))
    page.get_by_label("本人承诺所填信息及所附材料真实、有效").check()
    screenshot(page, "02-window-apply")
    page.get_by_role("button", name="提交申请").click()

    case = Case.objects.get(item=item)
    expect(page).to_have_url(site(f"/workbench/cases/{case.number}/"))
    expect(status(page)).to_have_text(f"已代为申报，办件编号 {case.number}。")
    expect(fact(page, "申报渠道")).to_have_text("大厅窗口")
    expect(page.get_by_role("link", name="居民户口簿")).to_be_visible()
    expect(page.get_by_text("B：窗口人员核验原件")).to_be_visible()
    page.get_by_role("button", name="受理并准予，当场办结").click()
    expect(status(page)).to_have_text("已当场办结。")
    expect(fact(page, "状态")).to_have_text("已送达")
    expect(page.locator(".tag-warning, .tag-overdue")).to_have_count(0)  # decided: nothing is due any more
    visits = page.locator("section", has=page.get_by_role("heading", name="到场记录")).get_by_role("listitem")
    expect(visits).to_have_count(1)
    expect(visits).to_contain_text("窗口提交申请")
    screenshot(page, "03-decided")
    assert_no_script_problems(page)

    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED and case.channel == "window"
    assert case.visits.count() == 1
    assert case.materials.get().document.trust_level == TrustLevel.B
    assert [e.act for e in case.events.order_by("at", "pk")] == [
        "submit",
        "accept",
        "approve",
        "conclude",
        "deliver",
    ]

    # The person signs in later with an SMS code and sees the case: one visit, decided.
    person = open_browser()
    person.goto(site("/accounts/login/?next=/cases/mine/"))
    form = person.get_by_role("form", name="短信验证码登录")
    form.get_by_label("手机号码").fill(WALK_IN_PHONE)
    with person.expect_response(lambda r: "/accounts/code/" in r.url) as sent:
        form.get_by_role("button", name="获取短信验证码").click()
    assert sent.value.status == 200
    expect(form.locator("#sms-status")).to_contain_text("验证码已发送")
    outbox = Path(media.parent / "sms-outbox.jsonl")
    sent_to_her = [m["text"] for m in map(json.loads, outbox.read_text(encoding="utf-8").splitlines())]
    codes = [found.group(1) for text in sent_to_her if (found := re.search(r"验证码为 (\d{6})", text))]
    assert codes, f"no code among {sent_to_her}"
    form.get_by_label("短信验证码").fill(codes[-1])
    form.get_by_role("button", name="登录").click()
    expect(person).to_have_url(site("/cases/mine/"))
    person.get_by_role("link", name=item.name).click()
    expect(fact(person, "状态")).to_have_text("已送达")
    expect(fact(person, "到场次数")).to_have_text("1")
    expect(person.get_by_role("link", name="准予许可决定书")).to_be_visible()
    screenshot(person, "04-person-case")
    assert_no_script_problems(person)


# --- 4. accessibility ----------------------------------------------------------------------------------------------


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"      {node['target']} — {' '.join((node['summary'] or '').split())}")
    return "\n".join(lines)


def test_axe_finds_no_violations_on_the_case_pages(axe_page: Page, site, run_axe, screenshot) -> None:
    item = food_item()
    alice = factories.person("alice")
    clerk = factories.staff("clerk", Role.WINDOW_CLERK, department=item.department)
    case = services.submit_case(
        applicant=alice,
        item=item,
        idempotency_key="axe",
        channel="web",
        application=services.Application(
            form_data={"reason": "开面馆", "contact": "测试alice", "mobile": "13900000000", "seats": "20"},
            variant_name="餐饮服务",
        ),
    )
    services.request_correction(case=case, actor=clerk, channel="window", missing=ASKED)
    found: dict[str, Any] = {}

    def check(name: str, path: str | None = None, status: int = 200) -> None:
        if path is not None:
            response = axe_page.goto(site(path))
            assert response is not None and response.status == status, f"{name}: {response and response.status}"
        expect(axe_page.locator("main h1")).to_be_visible()
        violations = run_axe(axe_page)
        if violations:
            found[f"{name} ({axe_page.url})"] = violations

    axe_page.goto(site(f"/accounts/login/?next=/cases/{case.number}/"))
    sign_in(axe_page, "alice")
    expect(axe_page).to_have_url(site(f"/cases/{case.number}/"))
    check("case page")
    check("correct page", f"/cases/{case.number}/correct/")
    check("apply form", f"/cases/apply/{item.implementation_code}/")
    axe_page.get_by_label("办理情形").select_option("餐饮服务")
    axe_page.get_by_role("button", name="提交申请").click()  # nothing filled in: the errors are shown
    expect(axe_page.locator(".field-error").first).to_be_visible()
    check("apply form (errors)")
    screenshot(axe_page, "apply-errors")
    check("my cases", "/cases/mine/")

    axe_page.context.clear_cookies()
    axe_page.goto(site("/accounts/login/?next=/workbench/"))
    sign_in(axe_page, "clerk")
    axe_page.get_by_label("动态口令").fill(factories.current_code(clerk))
    axe_page.get_by_role("button", name="验证并登录").click()
    expect(axe_page).to_have_url(site("/workbench/"))
    check("workbench inbox")
    check("workbench handle page", f"/workbench/cases/{case.number}/")
    check("window receive page", "/workbench/receive/")
    axe_page.get_by_role("button", name="下一步：填写申请").click()  # nothing filled in: the errors are shown
    expect(axe_page.locator(".field-error").first).to_be_visible()
    check("window receive page (errors)")

    report = "\n".join(f"{page}:\n{describe(violations)}" for page, violations in found.items())
    assert not found, f"axe-core found violations on {len(found)} pages:\n{report}"
