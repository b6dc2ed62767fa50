"""The money figures (supervision.money): every counter equals its drill-down (rows counted, or fen summed), the
figures say what the payments were, a supervisor sees only their department's money, and the dashboard and the
drill-down pages show them."""

import pytest
from django.db.models import Sum
from django.urls import reverse

from govhall.accounts.tests.factories import person, staff
from govhall.contrib.demo.finance import ledger
from govhall.organisations.constants import Role
from govhall.payments import services
from govhall.payments.models import ReconciliationDifference
from govhall.payments.tests.page_factories import due_case, fee_item, pending_order
from govhall.supervision import money
from govhall.supervision.computation import Filters

pytestmark = pytest.mark.django_db


@pytest.fixture
def payments(outside_world):
    """In 区行政审批局 (A): one order paid in cash (then 3.00 元 refunded), one paid with its 缴款码, one pending with an
    open difference; in 区市场监督管理局 (B): one paid by POS. And a difference for an order we do not hold."""
    a1 = due_case(person("alice", number=1))
    a2 = due_case(person("bob", number=2))
    a3 = due_case(person("carol", number=3))
    b1 = due_case(person("dave", number=4), item=fee_item(number=303, department="区市场监督管理局"))
    clerk_a = staff("clerk_a", Role.WINDOW_CLERK, department=a1.department)
    clerk_b = staff("clerk_b", Role.WINDOW_CLERK, department=b1.department)
    cash = services.record_window_payment(order=pending_order(a1), channel="cash", actor=clerk_a)
    services.record_window_payment(order=pending_order(b1), channel="pos", actor=clerk_b, reference="P1")
    coded = services.start_checkout(order=pending_order(a2), method="non_tax_code", actor=a2.applicant)
    ledger(outside_world).pay(coded.payment_code)
    services.refresh_order(coded)
    refund = services.request_refund(order=cash, amount_fen=300, reason="多收", actor=clerk_a)
    services.approve_refund(refund=refund, actor=staff("approver", Role.APPROVER, department=a1.department))
    kind = ReconciliationDifference.Kind
    ReconciliationDifference.objects.create(
        channel="non_tax", kind=kind.AMOUNT_MISMATCH, out_trade_no=pending_order(a3).number, ours_fen=1050
    )
    ReconciliationDifference.objects.create(channel="non_tax", kind=kind.MISSING_HERE, out_trade_no="ELSEWHERE1")
    return a1.department, b1.department


def listed(counter: money.MoneyCounter, filters: Filters) -> int:
    rows = money.counter_rows(counter, filters)
    return int(rows.aggregate(n=Sum(counter.total))["n"] or 0) if counter.total else rows.count()


@pytest.mark.parametrize("scope", ["all", "a", "b"])
def test_every_money_counter_equals_its_drill_down(payments, scope) -> None:
    a, b = payments
    filters = Filters(departments={"all": None, "a": [a.pk], "b": [b.pk]}[scope])
    measured = money.measures(filters)
    for counter in money.MONEY_COUNTERS:
        assert measured[counter.name] == listed(counter, filters), counter.name


def test_the_figures_say_what_was_paid(payments) -> None:
    a, _b = payments
    everywhere = {value.figure.key: value for value in money.values(Filters())}
    assert (everywhere["online_pay_rate"].numerator, everywhere["online_pay_rate"].denominator) == (1, 3)
    assert everywhere["online_pay_rate"].text == "33.3%"
    assert everywhere["amount_cash"].text == "10.50 元" and everywhere["amount_pos"].numerator == 1050
    assert everywhere["amount_non_tax"].numerator == 1050 and everywhere["amount_wechat"].numerator == 0
    assert everywhere["refunds"].numerator == 1 and everywhere["refunded"].text == "3.00 元"
    assert everywhere["open_differences"].numerator == 2
    in_a = {value.figure.key: value for value in money.values(Filters(departments=[a.pk]))}
    assert (in_a["online_pay_rate"].numerator, in_a["online_pay_rate"].denominator) == (1, 2)
    assert in_a["amount_pos"].numerator == 0 and in_a["open_differences"].numerator == 1


def test_dashboard_and_drill_down_pages(client, payments) -> None:
    a, _b = payments
    client.force_login(staff("super", Role.SUPERVISOR, department=a))
    page = client.get(reverse("supervision:dashboard")).content.decode()
    assert "网上支付率" in page and "50.0%" in page and "未处理对账差异" in page and "退款金额" in page
    drill = client.get(reverse("supervision:money_drill", args=["online_pay_rate", "denominator"]))
    assert drill.status_code == 200 and "共 2 条" in drill.content.decode()
    drill = client.get(reverse("supervision:money_drill", args=["refunded", "numerator"])).content.decode()
    assert "3.00" in drill and "共 1 条" in drill
    assert client.get(reverse("supervision:money_drill", args=["nothing", "numerator"])).status_code == 404
    assert client.get(reverse("supervision:money_drill", args=["refunds", "denominator"])).status_code == 404


def test_a_clerk_is_refused_the_money_drill_down(client, payments) -> None:
    a, _b = payments
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=a))
    assert client.get(reverse("supervision:money_drill", args=["refunds", "numerator"])).status_code == 403
