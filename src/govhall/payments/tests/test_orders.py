"""Payment orders (payments.orders): made from 通知缴费, replaced and closed with the case, paid through the non-tax
system or at the window, closed when they expire, and made up by querying when the notification was lost."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.accounts.tests.factories import staff
from govhall.cases import charging
from govhall.cases import services as cases
from govhall.cases.constants import Act, PaymentState
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.contrib.demo.finance import ledger, valid_code
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role
from govhall.payments import services
from govhall.payments.constants import OrderState, PaymentChannel
from govhall.payments.models import PaymentOrder, Receipt, ReconciliationDifference
from govhall.payments.tests.factories import (
    approver,
    checked_out,
    clerk,
    due_order,
    fee,
    fee_item,
    notify,
    paid_by_code,
    pay_at_counter,
)

pytestmark = pytest.mark.django_db


def test_asking_for_payment_makes_one_order_of_its_lines():
    order = due_order()
    assert re.fullmatch(rf"PAY{timezone.localdate():%Y%m%d}\d{{8}}", order.number)
    assert order.lines == [{"name": "工本费", "amount_fen": 1000}] and order.amount_fen == 1000
    assert order.request_event.act == Act.REQUEST_PAYMENT and order.payer == order.case.applicant
    assert order.expires_at > timezone.now() + timedelta(hours=23)


def test_asking_again_replaces_the_pending_order():
    decider = approver()
    order = due_order(fee_item(fee(reducible=True)), decider)
    charging.fix_fees(case=order.case, actor=decider, amounts={"工本费": 600}, reason="减半")
    order.refresh_from_db()
    assert order.state == OrderState.CLOSED
    [pending] = PaymentOrder.objects.filter(case=order.case, state=OrderState.PENDING)
    assert pending.amount_fen == 600


def test_a_withdrawn_case_closes_its_pending_order_here_and_at_the_gateway(
    django_capture_on_commit_callbacks, outside_world
):
    case = submitted_case(item=fee_item(fee("检测费", 2500, "before_acceptance"), number=62))
    order = checked_out(PaymentOrder.objects.get(case=case))
    with django_capture_on_commit_callbacks(execute=True):
        cases.withdraw(case=case, actor=case.applicant, channel="web")
    order.refresh_from_db()
    case.refresh_from_db()
    assert order.state == OrderState.CLOSED and case.payment_state == PaymentState.NONE
    assert ledger(outside_world).orders[order.number]["status"] == "closed"


def test_a_case_not_accepted_owes_nothing():
    case = submitted_case(item=fee_item(fee("检测费", 2500, "before_acceptance"), number=63))
    case = cases.not_accept(case=case, actor=clerk(), channel="window", reason="不属于本部门职权范围")
    assert case.payment_state == PaymentState.NONE
    assert PaymentOrder.objects.get(case=case).state == OrderState.CLOSED


def test_the_non_tax_checkout_gives_a_payment_code_once(outside_world):
    order = checked_out(due_order())
    assert valid_code(order.payment_code) and order.channel == PaymentChannel.NON_TAX
    again = checked_out(order)
    assert again.payment_code == order.payment_code and len(ledger(outside_world).orders) == 1


def test_an_unknown_method_or_a_closed_order_is_refused():
    order = due_order()
    with pytest.raises(services.PaymentError, match="不支持"):
        services.start_checkout(order=order, method="bitcoin", actor=None)
    PaymentOrder.objects.filter(pk=order.pk).update(state=OrderState.CLOSED)
    with pytest.raises(services.PaymentError, match="已关闭"):
        services.start_checkout(order=order, method="non_tax_code", actor=None)


def test_the_clerk_takes_cash_at_the_window():
    order = due_order()
    window = clerk()
    paid = services.record_window_payment(order=order, channel="cash", actor=window, reference="XJ-0001")
    assert paid.state == OrderState.PAID and paid.collected_by == window and paid.reference == "XJ-0001"
    case = paid.case
    case.refresh_from_db()
    assert case.payment_state == PaymentState.PAID
    assert case.events.filter(act=Act.RECEIVE_PAYMENT, detail__order=order.number).exists()
    assert Receipt.objects.filter(order=order, amount_fen=1000).exists()
    assert AuditEvent.objects.filter(action="payments.paid", object_id=str(order.pk)).exists()


def test_only_a_clerk_of_the_case_department_collects():
    order = due_order()
    with pytest.raises(services.PaymentNotAllowed):
        services.record_window_payment(order=order, channel="cash", actor=approver("approver2"))
    elsewhere = staff("clerk-b", Role.WINDOW_CLERK, department=DepartmentFactory(name="区卫健局"))
    with pytest.raises(services.PaymentNotAllowed):
        services.record_window_payment(order=order, channel="pos", actor=elsewhere)
    with pytest.raises(services.PaymentError, match="现金或刷卡"):
        services.record_window_payment(order=order, channel="wechat", actor=clerk())
    order.refresh_from_db()
    assert order.state == OrderState.PENDING


def test_expired_orders_are_closed_at_the_gateway_and_a_new_one_is_made_on_demand(outside_world):
    order = checked_out(due_order())
    assert services.close_expired(now=order.expires_at + timedelta(seconds=1)) == 1
    order.refresh_from_db()
    assert order.state == OrderState.CLOSED
    assert ledger(outside_world).orders[order.number]["status"] == "closed"
    assert "已失效" in pay_at_counter(outside_world.url, order.payment_code)
    renewed = services.open_order(order.case)
    assert renewed is not None and renewed.number != order.number and renewed.amount_fen == 1000


def test_a_missed_notification_is_made_up_by_querying(outside_world):
    order = checked_out(due_order())
    pay_at_counter(outside_world.url, order.payment_code)  # the notification cannot reach us (nobody listens)
    assert services.sync_pending() == 0  # too early to ask
    order.refresh_from_db()
    assert order.state == OrderState.PENDING
    assert services.sync_pending(now=timezone.now() + timedelta(minutes=11)) == 1
    order.refresh_from_db()
    assert order.state == OrderState.PAID and order.gateway_trade_no.startswith("FS")
    assert order.case.events.filter(act=Act.RECEIVE_PAYMENT).count() == 1
    assert services.sync_pending(now=timezone.now() + timedelta(minutes=11)) == 0


def test_a_paid_order_is_not_closed_as_expired_but_settled(outside_world):
    order = checked_out(due_order())
    pay_at_counter(outside_world.url, order.payment_code)
    assert services.close_expired(now=order.expires_at + timedelta(seconds=1)) == 0
    order.refresh_from_db()
    assert order.state == OrderState.PAID


def test_paid_by_code_helper_reaches_the_receipt(outside_world):
    order = paid_by_code(due_order(), outside_world.url)
    assert order.receipt.amount_fen == 1000


def test_asking_for_the_order_after_it_expired_closes_it_first_and_makes_a_new_one(outside_world):
    order = checked_out(due_order())
    PaymentOrder.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    renewed = services.open_order(order.case)
    order.refresh_from_db()
    assert order.state == OrderState.CLOSED and ledger(outside_world).orders[order.number]["status"] == "closed"
    assert renewed is not None and renewed.state == OrderState.PENDING and renewed.request_event == order.request_event


def test_the_ways_to_pay_offered_are_those_configured(settings):
    from govhall.payments.channels import checkout_methods

    assert checkout_methods() == ["wechat_native", "wechat_h5", "alipay_page", "alipay_qr", "non_tax_code"]
    settings.WECHAT_PAY_PROVIDER = settings.ALIPAY_PROVIDER = ""
    assert checkout_methods() == ["non_tax_code"]
    settings.NON_TAX_PROVIDER = ""
    assert checkout_methods() == []


@pytest.mark.django_db
def test_an_alipay_qr_nobody_scanned_stays_pending_when_checked_and_closes_when_it_expires():
    order = services.start_checkout(order=due_order(), method="alipay_qr", actor=None)
    assert services.refresh_order(order).state == OrderState.PENDING  # ACQ.TRADE_NOT_EXIST: not paid yet
    PaymentOrder.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert services.close_expired() == 1
    order.refresh_from_db()
    assert order.state == OrderState.CLOSED


@pytest.mark.django_db
def test_switching_from_wechat_to_alipay_closes_the_wechat_order_and_late_wechat_money_is_not_lost(
    client, outside_world
):
    """h-pay's one order, one channel: wechat_native, then alipay_qr → the WeChat order is closed at the demo gateway
    and a new order is Alipay's. WeChat's SUCCESS arriving afterwards for the closed order pays the fee (the case still
    waits for those lines) and the Alipay order is closed in turn; money for a fee already paid is asked back."""
    from govhall.payments.models import Refund
    from govhall.payments.tests.factories import wechat_notify

    first = services.start_checkout(order=due_order(), method="wechat_native", actor=None)
    second = services.start_checkout(order=first, method="alipay_qr", actor=None)
    first.refresh_from_db()
    assert first.state == OrderState.CLOSED and second.pk != first.pk
    assert (second.channel, second.state, second.lines) == ("alipay", OrderState.PENDING, first.lines)
    assert outside_world.wechatpay.orders[first.number]["state"] == "CLOSED"
    case = first.case
    # The applicant had already paid the WeChat QR: the notification comes after the close.
    answer = wechat_notify(client, *outside_world.wechatpay.signed_notification(first.number, first.amount_fen))
    assert answer.status_code == 204
    first.refresh_from_db()
    second.refresh_from_db()
    case.refresh_from_db()
    assert first.state == OrderState.PAID and case.payment_state == PaymentState.PAID
    assert second.state == OrderState.CLOSED
    assert case.events.filter(act=Act.RECEIVE_PAYMENT).count() == 1
    # Alipay's money for its (now closed) order too: the fee is paid already, so it is kept and asked back.
    headers, body = outside_world.alipay.signed_notification(second.number, second.amount_fen)
    assert notify(client, "alipay", body, headers["Content-Type"]).content == b"success"
    second.refresh_from_db()
    assert second.state == OrderState.PAID and case.events.filter(act=Act.RECEIVE_PAYMENT).count() == 1
    [refund] = Refund.objects.filter(order=second)
    assert refund.requested_by is None and refund.amount_fen == second.amount_fen
    assert ReconciliationDifference.objects.filter(out_trade_no=second.number, kind="state_mismatch").exists()
