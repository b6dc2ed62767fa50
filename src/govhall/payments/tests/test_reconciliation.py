"""Daily reconciliation (payments.reconciliation): the non-tax system's bill against our orders and refunds; what
differs is listed once and resolved by a person with payments.reconcile."""

from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.accounts.tests.factories import staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.contrib.demo.finance import ledger
from govhall.organisations.constants import Role
from govhall.payments import services
from govhall.payments.gateways import OrderRequest, gateway
from govhall.payments.models import ReconciliationDifference, ReconciliationRun
from govhall.payments.reconciliation import reconcile_yesterday
from govhall.payments.tests.factories import DEPARTMENT, approver, due_order, paid_by_code, pay_at_counter

pytestmark = pytest.mark.django_db
Kind = ReconciliationDifference.Kind


def test_a_matching_day_has_no_differences(outside_world):
    paid_by_code(due_order(), outside_world.url)
    run = services.reconcile(channel="non_tax", day=timezone.localdate())
    assert (run.ours, run.theirs, run.matched, run.differences) == (1, 1, 1, 0)


def test_money_the_gateway_took_for_an_order_we_do_not_hold_is_listed(outside_world):
    paid_by_code(due_order(), outside_world.url)
    # Planted: an order someone made at the finance system directly, then paid at the bank.
    request = OrderRequest("PAY2026010100000077", 5000, "不明订单", timezone.now() + timedelta(hours=1))
    code = gateway("non_tax").start(request, method="non_tax_code").payment_code
    pay_at_counter(outside_world.url, code)
    run = services.reconcile(channel="non_tax", day=timezone.localdate())
    assert (run.matched, run.differences) == (1, 1)
    [difference] = run.difference_rows.all()
    assert (difference.kind, difference.out_trade_no, difference.ours_fen, difference.theirs_fen) == (
        Kind.MISSING_HERE,
        "PAY2026010100000077",
        None,
        5000,
    )


def test_a_payment_the_bill_lacks_and_a_wrong_amount_are_listed(outside_world):
    kept = paid_by_code(due_order(), outside_world.url)
    books = ledger(outside_world)
    books.orders[kept.number]["amount_fen"] = 999
    run = services.reconcile(channel="non_tax", day=timezone.localdate())
    assert [(d.kind, d.ours_fen, d.theirs_fen) for d in run.difference_rows.all()] == [
        (Kind.AMOUNT_MISMATCH, 1000, 999)
    ]
    books.orders.clear()
    run = services.reconcile(channel="non_tax", day=timezone.localdate())
    assert [d.kind for d in run.difference_rows.all()] == [Kind.MISSING_AT_GATEWAY]


def test_a_supervisor_of_the_department_resolves_a_difference(outside_world):
    kept = paid_by_code(due_order(), outside_world.url)
    ledger(outside_world).orders.clear()
    difference = services.reconcile(channel="non_tax", day=timezone.localdate()).difference_rows.get()
    with pytest.raises(services.PaymentNotAllowed):
        services.resolve_difference(difference=difference, actor=approver("boss"), resolution="已核实")
    elsewhere = staff("sup-b", Role.SUPERVISOR, department=DepartmentFactory(name="区卫健局"))
    with pytest.raises(services.PaymentNotAllowed):
        services.resolve_difference(difference=difference, actor=elsewhere, resolution="已核实")
    supervisor = staff("sup", Role.SUPERVISOR, department=DepartmentFactory(name=DEPARTMENT))
    services.resolve_difference(difference=difference, actor=supervisor, resolution="银行补发对账单后一致")
    difference.refresh_from_db()
    assert difference.resolved_by == supervisor and kept.number == difference.out_trade_no
    with pytest.raises(services.PaymentError, match="已处理"):
        services.resolve_difference(difference=difference, actor=supervisor, resolution="again")


def test_the_daily_task_reconciles_yesterday_once():
    assert reconcile_yesterday.call() == 1  # the non-tax channel is the one configured here
    assert reconcile_yesterday.call() == 0
    assert ReconciliationRun.objects.get().day == timezone.localdate() - timedelta(days=1)
