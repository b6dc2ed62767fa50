"""Answering a 一次性告知 item by item, in the browser: the clerk asks for two materials, the applicant (on a 390×844
phone) first answers only one item and is told in Chinese which one is left (nothing saved), then answers one with a
new file and one with a written explanation; the clerk sees old and new side by side and reveals the applicant's ID
number (audited). axe-core on the correction page, the case page and the workbench case page; screenshots at desktop
and phone width, with no page scrolling sideways."""

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Browser, Page, expect
from tests.browser.test_case_journey import (
    APPLICATION,
    ASKED,
    CSP_LISTENER,
    FLOOR_PLAN,
    ITEM_NAME,
    act,
    assert_no_script_problems,
    describe,
    fact,
    food_item,
    pdf_file,
    sign_in,
    staff_sign_in,
    status,
)

from govhall.accounts.tests import factories
from govhall.cases import services, uploads
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.browser

ID_NUMBER = factories.IDS[0]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any) -> None:
    """The live server runs in another thread, so every test's data is committed (and flushed afterwards)."""


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")
    settings.COURIER_OUTBOX_FILE = str(tmp_path / "waybills.jsonl")
    return settings.MEDIA_ROOT


@pytest.fixture
def phone_page(page: Page) -> Iterator[Page]:
    """Another person's browser on a 390×844 phone (own cookies), in the same Chromium as `page`."""
    browser: Browser | None = page.context.browser
    assert browser is not None
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(10_000)
    context.add_init_script(CSP_LISTENER)
    yield context.new_page()
    context.close()


def submitted_case() -> tuple[Case, Any]:
    item = food_item(
        form_fields=[
            {"key": "contact", "label": "联系人", "prefill": "person.name"},
            {"key": "id_number", "label": "身份证号码", "prefill": "person.document"},
            {"key": "mobile", "label": "联系电话", "kind": "phone", "prefill": "person.phone"},
        ]
    )
    alice = factories.person("alice", phone="13812345678")
    clerk = factories.staff("clerk", Role.WINDOW_CLERK, department=item.department)
    case = services.submit_case(
        applicant=alice,
        item=item,
        idempotency_key="corrections",
        channel="web",
        application=services.Application(
            form_data={"reason": "开面馆", "contact": "测试alice", "id_number": ID_NUMBER, "mobile": "13812345678"},
            variant_name="餐饮服务",
        ),
    )
    for name, filename in ((APPLICATION, "申请书.pdf"), (FLOOR_PLAN, "平面图.pdf")):
        uploads.attach_upload(
            case=case,
            actor=alice,
            name=name,
            upload=SimpleUploadedFile(filename, pdf_file(filename, name)["buffer"], content_type="application/pdf"),
            channel="web",
        )
    return case, clerk


# Every element in <main> whose right edge passes that of its fieldset, its panel or the main column (inside a scroll
# container is fine).
STICKING_OUT = """() => {
  const main = document.querySelector("main");
  return [...main.querySelectorAll("*")]
    .filter((e) => {
      if (e.closest(".table-scroll")) return false;
      const box = (e.parentElement.closest("fieldset, .panel") || main).getBoundingClientRect();
      return e.getBoundingClientRect().right > box.right + 1;
    })
    .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className ? "." + e.className : ""));
}"""


def assert_fits(page: Page, name: str) -> None:
    """Nothing scrolls sideways and nothing sticks out of the main column (a fieldset pushed wide by a file input)."""
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] + 1, f"{name} scrolls sideways at {page.viewport_size}: {widths}"
    outside = page.evaluate(STICKING_OUT)
    assert outside == [], f"{name} at {page.viewport_size}: these stick out of the page: {outside}"


def test_answer_each_item_then_staff_compare_and_reveal(
    page: Page, phone_page: Page, site: Callable[[str], str], screenshot: Callable[..., Any]
) -> None:
    case, clerk = submitted_case()

    # The clerk asks for two materials in one notice (desktop).
    staff_sign_in(page, site, clerk, then=f"/workbench/cases/{case.number}/")
    expect(page.locator("main")).not_to_contain_text(ID_NUMBER)  # masked until revealed
    act(page, "一次性告知补正", "\n".join(ASKED))
    expect(fact(page, "状态")).to_have_text("待补正")

    # The applicant, on a phone, reads the notice and answers only the first item: refused, nothing saved.
    phone_page.goto(site(f"/cases/{case.number}/correct/"))
    sign_in(phone_page, "alice")
    expect(phone_page).to_have_url(site(f"/cases/{case.number}/correct/"))
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(f"补正材料：{ITEM_NAME}")
    phone_page.get_by_label(APPLICATION).set_input_files(pdf_file("申请书-已签字.pdf", "已签字的申请书"))
    phone_page.get_by_role("button", name="提交补正").click()
    alert = phone_page.get_by_role("alert")
    expect(alert).to_contain_text("一次性告知的每一项都须答复")
    expect(alert).to_contain_text(ASKED[1])
    case.refresh_from_db()
    assert case.state == CaseState.CORRECTION
    assert not case.events.filter(act="resubmit").exists()
    assert not case.materials.filter(document__original_name="申请书-已签字.pdf").exists()
    assert_fits(phone_page, "the correction page (error)")
    screenshot(phone_page, "phone-correct-error")

    # Now one new file and one written explanation.
    phone_page.get_by_label(APPLICATION).set_input_files(pdf_file("申请书-已签字.pdf", "已签字的申请书"))
    phone_page.get_by_label(re.compile("第 2 项的书面说明")).fill("平面图已于原件中标明操作间和就餐区，见第二页")
    screenshot(phone_page, "phone-correct-filled")
    phone_page.get_by_role("button", name="提交补正").click()
    expect(status(phone_page)).to_have_text("补正材料已提交，办理时限恢复计算。")
    expect(fact(phone_page, "状态")).to_have_text("已申报")
    history = phone_page.locator("section", has=phone_page.get_by_role("heading", name="补正记录（一次性告知与答复）"))
    expect(history).to_contain_text("申请书-已签字.pdf")
    # On a phone each answer is a card, each cell under its column's name (not four squeezed columns).
    head = history.locator("thead").bounding_box()
    assert head is not None and head["height"] <= 1, f"the column heads still show on a phone: {head}"
    label = history.locator("td[data-label=书面说明]").nth(1)
    assert label.evaluate("e => getComputedStyle(e, '::before').content") == '"书面说明"'
    expect(history).to_contain_text("平面图已于原件中标明操作间和就餐区")
    assert_fits(phone_page, "the case page")
    screenshot(phone_page, "phone-case")
    assert_no_script_problems(phone_page)

    # The clerk sees each item: the file it replaced beside the new one, or the explanation.
    page.reload()
    expect(fact(page, "状态")).to_have_text("已申报")
    rows = page.locator("section", has=page.get_by_role("heading", name="补正记录（一次性告知与答复）")).locator(
        "tbody tr"
    )
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(ASKED[0])
    expect(rows.nth(0).get_by_role("link", name="申请书.pdf", exact=True)).to_be_visible()  # the old file…
    expect(rows.nth(0).get_by_role("link", name="申请书-已签字.pdf")).to_be_visible()  # …beside the new one
    expect(rows.nth(1)).to_contain_text("平面图已于原件中标明操作间和就餐区")
    screenshot(page, "desktop-workbench")

    # …and reveals the ID number in full: shown, and recorded.
    before = AuditEvent.objects.filter(action="accounts.view_personal_data").count()
    page.get_by_role("button", name=re.compile("查看完整证件号码")).click()
    expect(page.locator("main")).to_contain_text(ID_NUMBER)
    expect(page.get_by_text("已显示完整号码，本次查看已记录。")).to_be_visible()
    assert AuditEvent.objects.filter(action="accounts.view_personal_data").count() == before + 1
    screenshot(page, "desktop-revealed")
    assert_no_script_problems(page)

    # The same workbench page on the phone: the clerk's own session (a TOTP code is good only once).
    staff_phone = phone_page.context.browser.new_context(  # type: ignore[union-attr]
        viewport=PHONE, is_mobile=True, has_touch=True, storage_state=page.context.storage_state()
    )
    try:
        desk = staff_phone.new_page()
        desk.goto(site(f"/workbench/cases/{case.number}/"))
        expect(desk.get_by_role("heading", level=1)).to_have_text(ITEM_NAME)
        assert_fits(desk, "the workbench case page")
        screenshot(desk, "phone-workbench")
        desk.goto(site("/workbench/"))
        assert_fits(desk, "the workbench inbox")
        screenshot(desk, "phone-inbox")
    finally:
        staff_phone.close()

    # The applicant's case page at desktop width.
    citizen = page.context.browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[union-attr]
    try:
        own = citizen.new_page()
        own.goto(site(f"/cases/{case.number}/"))
        sign_in(own, "alice")
        expect(own.get_by_role("heading", name="补正记录（一次性告知与答复）")).to_be_visible()
        screenshot(own, "desktop-case")
    finally:
        citizen.close()


def test_axe_on_the_correction_case_and_workbench_pages(
    axe_page: Page, site: Callable[[str], str], run_axe: Callable[[Page], list[dict[str, Any]]], screenshot: Any
) -> None:
    case, clerk = submitted_case()
    services.request_correction(case=case, actor=clerk, channel="window", missing=ASKED)
    found: dict[str, Any] = {}

    def check(name: str, path: str | None = None) -> None:
        if path is not None:
            response = axe_page.goto(site(path))
            assert response is not None and response.status == 200, f"{name}: {response and response.status}"
        expect(axe_page.locator("main h1")).to_be_visible()
        violations = run_axe(axe_page)
        if violations:
            found[name] = violations

    for width, height in ((PHONE["width"], PHONE["height"]), (1280, 900)):  # the phone first: it leaves the case 待补正
        axe_page.set_viewport_size({"width": width, "height": height})
        axe_page.context.clear_cookies()
        axe_page.goto(site(f"/accounts/login/?next=/cases/{case.number}/correct/"))
        sign_in(axe_page, "alice")
        check(f"correction page {width}", f"/cases/{case.number}/correct/")
        axe_page.get_by_role("button", name="提交补正").click()  # nothing answered: the error is shown
        expect(axe_page.get_by_role("alert")).to_be_visible()
        check(f"correction page with its error {width}")
        screenshot(axe_page, f"axe-correct-error-{width}")
        if width == 1280:
            axe_page.get_by_label(APPLICATION).set_input_files(pdf_file("申请书-新.pdf", "新申请书"))
            axe_page.get_by_label(re.compile("第 2 项的书面说明")).fill("已在原图标明")
            axe_page.get_by_role("button", name="提交补正").click()
            expect(status(axe_page)).to_contain_text("补正材料已提交")
        check(f"case page {width}", f"/cases/{case.number}/")

    # The clerk signs in once (a TOTP code is good only once) and the pages are checked at both widths.
    axe_page.context.clear_cookies()
    axe_page.goto(site(f"/accounts/login/?next=/workbench/cases/{case.number}/"))
    sign_in(axe_page, "clerk")
    axe_page.get_by_label("动态口令").fill(factories.current_code(clerk))
    axe_page.get_by_role("button", name="验证并登录").click()
    for width, height in ((PHONE["width"], PHONE["height"]), (1280, 900)):
        axe_page.set_viewport_size({"width": width, "height": height})
        check(f"workbench case page {width}", f"/workbench/cases/{case.number}/")
        axe_page.get_by_role("button", name=re.compile("查看完整证件号码")).click()
        expect(axe_page.locator("main")).to_contain_text(ID_NUMBER)
        check(f"workbench case page revealed {width}")
        screenshot(axe_page, f"axe-workbench-revealed-{width}")
        check(f"workbench inbox {width}", "/workbench/")

    report = "\n".join(f"{name}:\n{describe(violations)}" for name, violations in found.items())
    assert not found, f"axe-core found violations on {len(found)} pages:\n{report}"
