"""统一支付 · 双向寄递, the whole road in the browser against the demo outside world over loopback:

1. a citizen on a 390 px screen applies for 公共场所卫生许可 (工本费 10 元 after the decision, result by post); the staff
   accept, review and approve on the workbench (desktop); she sees 待缴费, pays by 微信扫码支付 — the phone that scans
   the QR opens its code_url, the demo WeChat cashier, and presses 确认支付; the demo gateway posts the signed
   notification to the live server — her case shows 已缴费 and the receipt PDF; the staff conclude and 寄出结果; the demo
   courier moves the parcel to 已签收 and her case shows the timeline and 已送达;
2. a citizen pays a before-acceptance 工本费 and withdraws; the window clerk asks for the refund on the money panel, the
   approver approves it on 退款审批, the demo refund notification arrives and the order shows 已全额退款;
3. the supervisor reconciles yesterday's WeChat Pay bill, in which one line was planted, and sees exactly that line.

Every page visited passes axe-core. Screenshots: var/screenshots/test_*-<step>-{390,desktop}.png."""

import re
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import _new_context
from tests.browser.test_case_journey import download_pdf, fact, pdf_file, sign_in, staff_sign_in, status
from tests.browser.test_delivery_pages import advance

from govhall.accounts.tests import factories
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.catalog.constants import FeeStage
from govhall.catalog.tests.factories import HallFactory, published_item
from govhall.delivery.models import Shipment
from govhall.organisations.constants import Role
from govhall.payments.constants import OrderState
from govhall.payments.models import PaymentOrder, Receipt, ReconciliationDifference, Refund

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ITEM_NAME = "公共场所卫生许可（新办）"
FORM = "公共场所卫生许可申请表"
ADDRESS = "四川省广安市广安区金安大道 1 号 3 栋 2 单元 501"
FEE = {"name": "工本费", "standard": "每证 10 元", "legal_basis": "《收费标准》", "amount": 1000}


@pytest.fixture(autouse=True)
def _live(transactional_db: None, live_server: Any, settings: Any, tmp_path: Path) -> None:
    """The live server is GovHall for the demo gateways and the courier: notifications and pushes come to it."""
    settings.PAYMENT_NOTIFY_BASE_URL = live_server.url
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"


class Axe:
    """Runs axe-core on each page visited, at the size it is shown, and keeps what it finds for one assert at the end;
    takes the step's screenshot at 390 px and on a desktop."""

    def __init__(self, run: Callable[[Page], list[dict[str, Any]]], screenshot: Callable[..., Path]) -> None:
        self.run, self.screenshot = run, screenshot
        self.found: dict[str, list[dict[str, Any]]] = {}

    def check(self, page: Page, step: str, *, both: bool = True) -> None:
        expect(page.locator("main h1")).to_be_visible()
        size = page.viewport_size or DESKTOP
        sizes = [size, DESKTOP if size["width"] < 600 else PHONE] if both else [size]
        for index, viewport in enumerate(sizes):
            page.set_viewport_size(viewport)
            name = f"{step}-{'390' if viewport['width'] < 600 else 'desktop'}"
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name}: the page scrolls sideways ({width}px)"
            violations = self.run(page)
            if violations:
                self.found[name] = violations
            self.screenshot(page, name)
            if index:
                page.set_viewport_size(size)

    def assert_clean(self) -> None:
        report = "\n".join(
            f"{name}:\n"
            + "\n".join(
                f"  {v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"] for n in v["nodes"]) for v in vs
            )
            for name, vs in self.found.items()
        )
        assert not self.found, f"axe-core found violations:\n{report}"


@pytest.fixture
def axe(run_axe: Callable[[Page], list[dict[str, Any]]], screenshot: Callable[..., Path]) -> Axe:
    return Axe(run_axe, screenshot)


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """open_page(viewport) is another person's browser (own cookies), CSP bypassed so axe-core can be injected."""
    contexts = []

    def open_one(viewport: dict[str, int]) -> Page:
        context = _new_context(browser, viewport=viewport, bypass_csp=True)
        contexts.append(context)
        return context.new_page()

    yield open_one
    for context in contexts:
        context.close()


def cashier(url: str, *, pay: bool) -> str:
    """The phone that scanned the QR: GET the demo cashier page, or POST it (确认支付). Answers the page."""
    data = urllib.parse.urlencode({"back_url": ""}).encode() if pay else None
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as answer:
        return str(answer.read().decode())


def tab_to(page: Page, target: Any, most: int = 10) -> None:
    """Press Tab until `target` has the focus (it must be reachable by keyboard within `most` presses)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{target} is not reached by Tab")


def act(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(status(page)).to_contain_text(f"已{button}。")


def hygiene_item(stage: str, *, number: int = 401) -> Any:
    item = published_item(
        number=number,
        name=ITEM_NAME,
        department="区卫生健康局",
        express_out=True,
        fees=[{**FEE, "stage": stage}],
        materials=[{"name": FORM, "originals": 1}],
    )
    hall = HallFactory()
    hall.departments.add(item.department)
    return item


# --- 1. apply, pay by WeChat QR, conclude, post, track to 签收 ----------------------------------------------------------


def test_apply_pay_by_wechat_qr_and_receive_the_result_by_post(
    axe_page: Page,
    open_page: Callable[..., Page],
    site: Callable[[str], str],
    axe: Axe,
    outside_world: Any,
    settings: Any,
) -> None:
    item = hygiene_item(FeeStage.AFTER_DECISION)
    factories.person("alice", phone="13812345678")
    approver = factories.staff("approver", Role.APPROVER, department=item.department)
    citizen = axe_page
    citizen.set_viewport_size(PHONE)

    # She finds the guide and applies, result by post.
    citizen.goto(site(item.get_absolute_url()))
    citizen.get_by_role("link", name="在线申报").click()
    sign_in(citizen, "alice")
    expect(citizen.get_by_role("heading", level=1)).to_have_text(f"在线申报：{ITEM_NAME}")
    expect(citizen.get_by_role("note", name="收费")).to_contain_text("工本费（每证 10 元，准予许可后缴费）")
    citizen.get_by_label("申请事由").fill("新开一家理发店")
    citizen.get_by_label(FORM).set_input_files(pdf_file("申请表.pdf", FORM))
    citizen.get_by_role("radio", name="快递送达").check()
    citizen.get_by_label("邮寄地址").fill(ADDRESS)
    citizen.get_by_label("本人承诺所填信息及所附材料真实、有效").check()
    axe.check(citizen, "01-apply")
    citizen.get_by_role("button", name="提交申请").click()
    expect(status(citizen)).to_contain_text("申报成功")
    case = Case.objects.get(item__name=ITEM_NAME)
    expect(fact(citizen, "状态")).to_have_text("已申报")
    axe.check(citizen, "02-submitted")

    # The staff accept, review and approve: the fee is asked at once.
    desk = open_page(DESKTOP)
    staff_sign_in(desk, site, approver, then=f"/workbench/cases/{case.number}/")
    for button in ("受理", "开始审查", "本环节审查通过"):
        act(desk, button)
    desk.get_by_label(re.compile("意见、理由或需补正的材料")).fill("符合公共场所卫生许可条件。")
    act(desk, "准予许可")
    expect(fact(desk, "状态")).to_have_text(re.compile("准予许可.*待缴费"))
    money = desk.get_by_role("region", name=re.compile("收费"))
    expect(money).to_contain_text("待支付")
    axe.check(desk, "03-approved-workbench")

    # 待缴费 on her case; the pay page; 微信扫码支付 by keyboard.
    citizen.reload()
    due = citizen.get_by_role("region", name="待缴费")
    expect(due).to_contain_text("工本费")
    expect(due).to_contain_text("10.00")
    axe.check(citizen, "04-due")
    due.get_by_role("button", name="去缴费").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("缴费")
    axe.check(citizen, "05-pay-choose")
    citizen.get_by_role("link", name="我在用手机").focus()
    tab_to(citizen, citizen.get_by_role("button", name="微信扫码支付"))
    citizen.keyboard.press("Enter")
    qr = citizen.get_by_role("img", name=re.compile("支付二维码"))
    expect(qr).to_be_visible()
    expect(citizen.get_by_role("button", name="微信扫码支付")).to_have_attribute("aria-pressed", "true")
    axe.check(citizen, "06-pay-qr")
    order = PaymentOrder.objects.get(case=case, state=OrderState.PENDING)
    assert order.channel == "wechat" and order.code_url.startswith(f"{outside_world.url}/wechatpay/pay/")

    # The phone that scans the QR: the demo cashier shows the amount; 确认支付 posts the notification to GovHall.
    shown = cashier(order.code_url, pay=False)
    assert "10.00" in shown and "确认支付" in shown
    assert "支付成功" in cashier(order.code_url, pay=True)
    assert outside_world.wechatpay.outbox.pending == []  # GovHall accepted the notification
    # The pay page notices by itself (it polls) and shows the receipt.
    expect(citizen.get_by_role("heading", name="已缴费")).to_be_visible(timeout=15_000)
    axe.check(citizen, "07-paid")
    citizen.get_by_role("link", name=re.compile("返回办件")).click()
    paid = citizen.get_by_role("region", name="已缴费")
    expect(paid).to_contain_text("10.00 元")
    expect(paid).to_contain_text("微信支付")
    bill = Receipt.objects.get(order=order)
    receipt = download_pdf(citizen, site, "下载财政电子票据", f"财政电子票据-{bill.code}-{bill.number}.pdf")
    assert receipt.startswith(b"%PDF-")
    axe.check(citizen, "08-case-paid")

    # The staff conclude and post the result.
    desk.reload()
    act(desk, "办结")
    expect(fact(desk, "状态")).to_have_text("已办结")
    parcel = desk.get_by_role("region", name="快递寄递")
    parcel.get_by_role("button", name="寄出结果").click()
    expect(status(desk)).to_contain_text("已寄出")
    axe.check(desk, "09-posted-workbench")
    shipment = Shipment.objects.get(case=case)

    # The demo courier: 已揽收 → 运输中 → 派送中 → 已签收, each pushed to GovHall.
    citizen.reload()
    timeline = citizen.get_by_role("list", name="物流轨迹")
    for state in ("已揽收", "运输中", "派送中", "已签收"):
        assert advance(outside_world, shipment.waybill, settings)["pushed"] == 200
        citizen.reload()
        expect(timeline).to_contain_text(state)
        if state == "运输中":
            axe.check(citizen, "10-in-transit")
    expect(fact(citizen, "状态")).to_have_text("已送达")
    expect(citizen.get_by_role("region", name="快递寄递")).to_contain_text(shipment.waybill)
    axe.check(citizen, "11-delivered")
    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED
    axe.assert_clean()


# --- 2. a paid case withdrawn: the refund ------------------------------------------------------------------------------


def test_a_withdrawn_paid_case_is_refunded_after_approval(
    axe_page: Page, open_page: Callable[..., Page], site: Callable[[str], str], axe: Axe, outside_world: Any
) -> None:
    item = hygiene_item(FeeStage.BEFORE_ACCEPTANCE, number=402)
    bob = factories.person("bob", number=2)
    clerk = factories.staff("clerk", Role.WINDOW_CLERK, department=item.department)
    approver = factories.staff("approver", Role.APPROVER, department=item.department)
    from govhall.cases import services

    case = services.submit_case(
        applicant=bob,
        item=item,
        idempotency_key="",
        channel="web",
        application=services.Application(form_data={"reason": "开理发店"}),
    )
    citizen = axe_page
    citizen.set_viewport_size(PHONE)
    citizen.goto(site(f"/accounts/login/?next=/cases/{case.number}/"))
    sign_in(citizen, "bob")
    citizen.get_by_role("region", name="待缴费").get_by_role("button", name="去缴费").click()
    citizen.get_by_role("button", name="微信扫码支付").click()
    expect(citizen.get_by_role("img", name=re.compile("支付二维码"))).to_be_visible()
    order = PaymentOrder.objects.get(case=case, state=OrderState.PENDING)
    cashier(order.code_url, pay=True)
    expect(citizen.get_by_role("heading", name="已缴费")).to_be_visible(timeout=15_000)

    # She withdraws the paid case.
    citizen.get_by_role("link", name=re.compile("返回办件")).click()
    citizen.get_by_label("撤回原因（可不填）").fill("店址变更，暂不办理")
    citizen.get_by_role("button", name="撤回申请").click()
    expect(fact(citizen, "状态")).to_have_text(re.compile("撤回"))
    axe.check(citizen, "01-withdrawn")

    # The clerk asks for the refund on the money panel (unless it was asked already by the system).
    desk = open_page(DESKTOP)
    staff_sign_in(desk, site, clerk, then=f"/workbench/cases/{case.number}/")
    money = desk.get_by_role("region", name=re.compile("收费"))
    expect(money).to_contain_text("已支付")
    if not Refund.objects.filter(order=order).exists():
        money.get_by_label(re.compile("退款金额")).fill("10.00")
        money.get_by_label("退款理由").fill("申请人撤回申请")
        money.get_by_role("button", name="提交退款申请").click()
        expect(status(desk)).to_contain_text("退款")
    expect(money).to_contain_text("待审批")
    expect(money.get_by_role("button", name="提交退款申请")).to_have_count(0)  # nothing left to ask for
    axe.check(desk, "02-refund-asked")
    citizen.reload()
    expect(citizen.get_by_role("region", name="已缴费")).to_contain_text("退款 10.00 元：待审批")

    # The approver finds 退款审批 on the workbench and approves.
    chief = open_page(DESKTOP)
    staff_sign_in(chief, site, approver)
    chief.get_by_role("link", name=re.compile("退款审批")).click()
    expect(chief.get_by_role("heading", level=1)).to_have_text("退款审批")
    row = chief.locator("main").get_by_text(order.number).first
    expect(row).to_be_visible()
    axe.check(chief, "03-refunds")
    chief.get_by_role("button", name=re.compile("^批准")).first.click()
    expect(status(chief)).to_contain_text("退款")

    # The demo gateway's refund notification reaches GovHall.
    assert outside_world.wechatpay.deliver_pending() >= 1
    assert outside_world.wechatpay.outbox.pending == []
    order.refresh_from_db()
    assert order.state == OrderState.REFUNDED
    desk.reload()
    expect(desk.get_by_role("region", name=re.compile("收费"))).to_contain_text("已全额退款")
    axe.check(desk, "04-refunded-workbench")
    citizen.reload()
    expect(citizen.locator("main")).to_contain_text("已退 10.00 元")
    citizen.get_by_role("navigation", name="快捷导航").get_by_role(
        "link", name="我的", exact=True
    ).click()  # the phone's bottom bar
    citizen.get_by_role("link", name=re.compile("^我的缴费")).click()
    expect(citizen.locator("main")).to_contain_text("已全额退款")
    axe.check(citizen, "05-my-payments")
    axe.assert_clean()


# --- 3. reconciliation with one planted difference ---------------------------------------------------------------------


def paid_yesterday(item: Any, outside_world: Any) -> PaymentOrder:
    """A case's fee paid by WeChat QR at the demo cashier, then moved to yesterday on both sides (our order and the
    gateway's bill), so yesterday's bill has one line that matches."""
    from govhall.cases import services as cases
    from govhall.payments import services

    case = cases.submit_case(
        applicant=factories.person("carol", number=3),
        item=item,
        idempotency_key="",
        channel="web",
        application=cases.Application(form_data={"reason": "开理发店"}),
    )
    order = services.start_checkout(
        order=PaymentOrder.objects.get(case=case, state=OrderState.PENDING), method="wechat_native", actor=None
    )
    cashier(order.code_url, pay=True)
    order.refresh_from_db()
    assert order.state == OrderState.PAID and order.paid_at is not None
    day = timedelta(days=1)
    PaymentOrder.objects.filter(pk=order.pk).update(paid_at=order.paid_at - day)
    with outside_world.wechatpay.lock:
        outside_world.wechatpay.orders[order.number]["success_time"] -= day
    return order


def test_reconciliation_lists_the_one_planted_difference(
    axe_page: Page, site: Callable[[str], str], axe: Axe, outside_world: Any
) -> None:
    item = hygiene_item(FeeStage.BEFORE_ACCEPTANCE, number=403)
    supervisor = factories.staff("super", Role.SUPERVISOR, department=item.department)
    yesterday = timezone.localdate() - timedelta(days=1)
    paid_yesterday(item, outside_world)
    outside_world.wechatpay.plant_bill_row(out_trade_no="PAY2099010100000042", amount_fen=4200, day=yesterday)
    page = axe_page
    staff_sign_in(page, site, supervisor)
    page.get_by_role("link", name="财务对账").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("财务对账")
    expect(page.get_by_label("对账日期")).to_have_value(yesterday.isoformat())
    page.get_by_label("支付渠道").select_option(label="微信支付")
    page.get_by_role("button", name="下载对账单并对账").click()
    expect(status(page)).to_be_visible()
    expect(status(page)).to_contain_text("一致 1 笔，差异 1 笔")
    rows = page.get_by_role("group", name="待处理差异").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("PAY2099010100000042")
    expect(rows).to_contain_text("42.00")
    assert ReconciliationDifference.objects.filter(resolved_at__isnull=True).count() == 1
    axe.check(page, "01-reconciliation")
    axe.assert_clean()
