"""Refunds (payments.refunds): asked by one person, approved by another with payments.refund_approve, paid back through
the gateway once (idempotent by out_refund_no), partial then full, never more than was paid."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.contrib.demo.finance import ledger
from govhall.organisations.constants import Role
from govhall.payments import services
from govhall.payments.constants import OrderState, RefundState
from govhall.payments.gateways import gateway
from govhall.payments.models import PaymentOrder
from govhall.payments.refunds import send_refund
from govhall.payments.tests.factories import DEPARTMENT, approver, clerk, due_order, notify, paid_by_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(outside_world):
    return paid_by_code(due_order(decider=approver("decider")), outside_world.url)


def approve(refund, actor, capture):
    with capture(execute=True):  # the gateway is asked by the task enqueued in the approval's transaction
        return services.approve_refund(refund=refund, actor=actor)


def test_partial_then_full_refund_through_the_gateway(paid, outside_world, django_capture_on_commit_callbacks):
    window, boss = clerk(), approver("boss")
    first = services.request_refund(order=paid, amount_fen=400, reason="多收", actor=window)
    assert first.state == RefundState.REQUESTED and first.out_refund_no.startswith("RF")
    approve(first, boss, django_capture_on_commit_callbacks)
    first.refresh_from_db()
    paid.refresh_from_db()
    assert first.state == RefundState.SUCCEEDED and first.gateway_refund_no.startswith("FR")
    assert (paid.state, paid.refunded_fen) == (OrderState.PARTIALLY_REFUNDED, 400)
    assert services.refundable_fen(paid) == 600
    second = services.request_refund(order=paid, amount_fen=600, reason="撤回申请，全额退还", actor=window)
    approve(second, boss, django_capture_on_commit_callbacks)
    paid.refresh_from_db()
    assert (paid.state, paid.refunded_fen) == (OrderState.REFUNDED, 1000)
    assert len(ledger(outside_world).refunds) == 2


def test_sending_a_refund_again_pays_nothing_twice(paid, outside_world, django_capture_on_commit_callbacks):
    refund = services.request_refund(order=paid, amount_fen=1000, reason="错缴", actor=clerk())
    with django_capture_on_commit_callbacks(execute=False):
        refund = services.approve_refund(refund=refund, actor=approver("boss"))
    assert refund.state == RefundState.PROCESSING  # recorded before the gateway is called
    # The first call reached the gateway but its answer was lost: the retry asks again with the same number.
    gateway("non_tax").refund(
        out_trade_no=paid.number, out_refund_no=refund.out_refund_no, amount_fen=1000, total_fen=1000, reason="错缴"
    )
    assert send_refund.call(refund.pk) == RefundState.SUCCEEDED
    assert send_refund.call(refund.pk) == RefundState.SUCCEEDED
    paid.refresh_from_db()
    assert paid.refunded_fen == 1000 and len(ledger(outside_world).refunds) == 1


def test_more_than_was_paid_is_refused(paid):
    window = clerk()
    with pytest.raises(services.PaymentError, match="超过可退金额"):
        services.request_refund(order=paid, amount_fen=1001, reason="x", actor=window)
    services.request_refund(order=paid, amount_fen=700, reason="x", actor=window)
    with pytest.raises(services.PaymentError, match=r"最多可退 3\.00 元"):  # the refund asked counts before it is paid
        services.request_refund(order=paid, amount_fen=400, reason="y", actor=window)
    for amount in (0, -5, True):
        with pytest.raises(services.PaymentError, match="大于零"):
            services.request_refund(order=paid, amount_fen=amount, reason="x", actor=window)
    with pytest.raises(services.PaymentError, match="理由"):
        services.request_refund(order=paid, amount_fen=1, reason=" ", actor=window)


def test_the_requester_never_approves_their_own_refund(paid, django_capture_on_commit_callbacks):
    boss = approver("boss")
    refund = services.request_refund(order=paid, amount_fen=100, reason="多收", actor=boss)  # an approver may ask
    with pytest.raises(services.PaymentNotAllowed, match="申请人以外"):
        services.approve_refund(refund=refund, actor=boss)
    with pytest.raises(services.PaymentNotAllowed):
        services.approve_refund(refund=refund, actor=clerk())  # no payments.refund_approve
    elsewhere = staff("boss-b", Role.APPROVER, department=DepartmentFactory(name="区卫健局"))
    with pytest.raises(services.PaymentNotAllowed):
        services.approve_refund(refund=refund, actor=elsewhere)
    refund.refresh_from_db()
    assert refund.state == RefundState.REQUESTED


def test_a_rejected_refund_frees_the_amount(paid):
    window = clerk()
    refund = services.request_refund(order=paid, amount_fen=1000, reason="x", actor=window)
    boss = approver("boss")
    with pytest.raises(services.PaymentError, match="驳回理由"):
        services.reject_refund(refund=refund, actor=boss, note="")
    services.reject_refund(refund=refund, actor=boss, note="不符合退费条件")
    refund.refresh_from_db()
    assert refund.state == RefundState.REJECTED and services.refundable_fen(paid) == 1000


def test_a_cash_payment_is_paid_back_at_the_window_on_approval():
    order = due_order()
    window = clerk()
    services.record_window_payment(order=order, channel="cash", actor=window)
    refund = services.request_refund(order=order, amount_fen=1000, reason="撤回", actor=window)
    refund = services.approve_refund(refund=refund, actor=approver("boss"))
    order.refresh_from_db()
    assert refund.state == RefundState.SUCCEEDED and order.state == OrderState.REFUNDED


def test_an_unpaid_order_has_nothing_to_refund():
    order = due_order()
    with pytest.raises(services.PaymentError, match="只有已支付"):
        services.request_refund(order=order, amount_fen=1, reason="x", actor=clerk())
    assert order.case.department.name == DEPARTMENT


def test_alipay_refund_notifications_state_the_total_refunded_so_far(
    client, outside_world, django_capture_on_commit_callbacks
):
    """Alipay's refund_fee is the total refunded on the trade: the second partial refund's notification says 7.00
    for a 3.00 refund and is matched by its out_refund_no."""
    order = services.start_checkout(order=due_order(decider=approver("decider")), method="alipay_qr", actor=None)
    headers, body = outside_world.alipay.signed_notification(order.number, order.amount_fen)
    assert notify(client, "alipay", body, headers["Content-Type"]).content == (b"success")
    order.refresh_from_db()
    window, boss = clerk(), approver("boss")
    refunds = []
    for amount in (400, 300):
        refund = services.request_refund(order=order, amount_fen=amount, reason="多收", actor=window)
        with django_capture_on_commit_callbacks(execute=False):  # the gateway's answer is left to the notification
            refunds.append(services.approve_refund(refund=refund, actor=boss))
    for refund, total in zip(refunds, (400, 700), strict=True):
        headers, body = outside_world.alipay.signed_refund_notification(
            order.number, refund.out_refund_no, total, order.amount_fen
        )
        answer = notify(client, "alipay", body, headers["Content-Type"])
        assert answer.content == b"success"
        refund.refresh_from_db()
        assert refund.state == RefundState.SUCCEEDED
    order.refresh_from_db()
    assert (order.state, order.refunded_fen) == (OrderState.PARTIALLY_REFUNDED, 700)
    # A total beyond what was paid is not believed.
    third = services.request_refund(order=order, amount_fen=100, reason="多收", actor=window)
    with django_capture_on_commit_callbacks(execute=False):
        third = services.approve_refund(refund=third, actor=boss)
    headers, body = outside_world.alipay.signed_refund_notification(
        order.number, third.out_refund_no, order.amount_fen + 100, order.amount_fen
    )
    notify(client, "alipay", body, headers["Content-Type"])
    third.refresh_from_db()
    assert third.state == RefundState.PROCESSING


def test_a_case_withdrawn_after_paying_has_its_fee_asked_back_by_the_system(
    client, outside_world, django_capture_on_commit_callbacks
):
    from govhall.cases.services import withdraw
    from govhall.payments.models import Refund
    from govhall.payments.selectors import refunds_to_approve
    from govhall.payments.tests.factories import fee, fee_item, paid_by_wechat, wechat_notify

    item = fee_item(fee(stage="before_acceptance"), number=71)
    case = submitted_case(item=item)
    order = paid_by_wechat(client, outside_world, PaymentOrder.objects.get(case=case))
    assert order.state == OrderState.PAID
    withdraw(case=case, actor=case.applicant, channel="web", reason="不办了")
    [refund] = Refund.objects.filter(order=order)
    assert (refund.state, refund.amount_fen, refund.requested_by) == (RefundState.REQUESTED, 1000, None)
    assert refund.reason == "申请人撤回申请，退还已缴费用"
    boss = approver("boss")
    assert list(refunds_to_approve(boss)) == [refund]
    client.force_login(boss)  # 退款审批 names who asked: the system
    assert "系统自动申请" in client.get("/workbench/refunds/").content.decode()
    client.logout()
    approve(refund, boss, django_capture_on_commit_callbacks)  # WeChat answers PROCESSING
    refund.refresh_from_db()
    assert refund.state == RefundState.PROCESSING
    notice = outside_world.wechatpay.signed_refund_notification(order.number, refund.out_refund_no, 1000, 1000)
    assert wechat_notify(client, *notice).status_code == 204
    refund.refresh_from_db()
    order.refresh_from_db()
    assert refund.state == RefundState.SUCCEEDED and (order.state, order.refunded_fen) == (OrderState.REFUNDED, 1000)
