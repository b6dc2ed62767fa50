"""The pay page on a 390 px phone, with the demo's non-tax system over loopback: 张三-like applicant alice owes a
10.50 元 工本费, opens her case, 去缴费, chooses 非税缴款码, pays it at the demo bank counter, presses 我已完成支付 and
downloads the receipt link. Each state of the pay page passes axe-core and fits 390 px; the large-text mode too.
A window clerk and a supervisor then see the money panel and the reconciliation page (desktop), also axe-clean.
Screenshots: var/screenshots/test_pay_page_*-{pay-*,money-panel,reconciliation}.png."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from tests.browser.test_case_journey import sign_in, staff_sign_in, status
from tests.browser.test_corrections_and_reveal import assert_fits

from govhall.accounts.tests.factories import person, staff
from govhall.organisations.constants import Role
from govhall.payments.constants import OrderState
from govhall.payments.models import PaymentOrder, ReconciliationDifference
from govhall.payments.tests.page_factories import due_case, pay_at_counter, pending_order

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _database(transactional_db: None, live_server: Any) -> None:
    """The live server runs in another thread, so every test's data is committed (and flushed afterwards)."""


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"  {v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"] for n in v["nodes"]) for v in violations
    )


def test_pay_with_the_payment_code_on_a_phone(
    axe_page: Page,
    site: Callable[[str], str],
    run_axe: Callable[[Page], list[dict[str, Any]]],
    screenshot: Callable[..., Any],
    screenshot_dir: Path,
    outside_world: Any,
    settings: Any,
) -> None:
    settings.DEMO_SERVICES_URL = outside_world.url
    page = axe_page
    case = due_case(person("alice", number=1))
    found: dict[str, Any] = {}

    def check(name: str) -> None:
        expect(page.locator("main h1")).to_be_visible()
        assert_fits(page, name)
        violations = run_axe(page)
        if violations:
            found[name] = violations

    page.set_viewport_size(PHONE)
    page.goto(site(f"/accounts/login/?next=/cases/{case.number}/"))
    sign_in(page, "alice")
    panel = page.get_by_role("region", name="待缴费")
    expect(panel).to_contain_text("工本费")
    expect(panel).to_contain_text("10.50")
    check("case page 390")
    panel.get_by_role("button", name="去缴费").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("缴费")
    expect(page.locator("main")).to_contain_text(re.compile(r"请在 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前完成支付"))
    check("pay page 390")
    screenshot(page, "pay-choose-390")

    page.get_by_role("button", name="非税缴款码").click()
    code = page.locator(".payment-code")
    expect(code).to_have_text(re.compile(r"^\d{20}$"))
    expect(page.get_by_role("link", name=re.compile("演示银行柜台"))).to_have_attribute(
        "href", f"{outside_world.url}/finance/counter"
    )
    check("pay page with the code 390")
    screenshot(page, "pay-code-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "pay-code-desktop")
    page.set_viewport_size(PHONE)

    # the large-text mode (长辈模式, in the menu folded behind 菜单 on a phone) keeps the page whole at 390 px
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("button", name=re.compile("长辈模式")).click()
    expect(page.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
    check("pay page large text 390")
    screenshot(page, "pay-code-large-390")
    page.get_by_role("button", name="菜单").click()
    page.get_by_role("button", name="标准模式").click()

    pay_at_counter(outside_world, code.inner_text())  # the bank counter's notification goes nowhere in tests
    page.get_by_role("button", name="我已完成支付").focus()
    page.keyboard.press("Enter")  # by keyboard
    expect(status(page)).to_contain_text("支付成功")
    expect(page.get_by_role("link", name=re.compile("下载财政电子票据"))).to_be_visible()
    check("pay page paid 390")
    screenshot(page, "pay-paid-390")
    order = PaymentOrder.objects.get(case=case)
    assert order.state == OrderState.PAID

    # the money panel and the reconciliation page, on a desktop, for staff
    clerk = staff("clerk", Role.WINDOW_CLERK, department=case.department)
    supervisor = staff("super", Role.SUPERVISOR, department=case.department)
    second = due_case(person("bob", number=2))
    ReconciliationDifference.objects.create(
        channel="non_tax",
        kind=ReconciliationDifference.Kind.AMOUNT_MISMATCH,
        out_trade_no=pending_order(second).number,
        ours_fen=1050,
        theirs_fen=1000,
        note="收款金额不一致",
    )
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    staff_sign_in(page, site, clerk, then=f"/workbench/cases/{case.number}/")
    money = page.get_by_role("region", name=re.compile("收费"))
    expect(money).to_contain_text("已支付")
    expect(money.get_by_role("button", name="提交退款申请")).to_be_visible()
    check("money panel desktop")
    money.screenshot(path=screenshot_dir / "test_pay_page-money-panel.png")
    page.set_viewport_size(PHONE)
    page.goto(site(f"/workbench/cases/{second.number}/"))
    check("money panel pending 390")
    screenshot(page, "money-panel-390")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    staff_sign_in(page, site, supervisor, then="/workbench/reconciliation/")
    expect(page.locator("main")).to_contain_text("收款金额不一致")
    check("reconciliation desktop")
    screenshot(page, "reconciliation")
    page.set_viewport_size(PHONE)
    check("reconciliation 390")
    screenshot(page, "reconciliation-390")

    report = "\n".join(f"{name}:\n{describe(violations)}" for name, violations in found.items())
    assert not found, f"axe-core found violations:\n{report}"
