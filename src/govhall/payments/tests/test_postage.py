"""邮费 through payments (payments.postage): a result whose postage is the applicant's is posted once its postage order
is paid; originals sent in open their postage order at booking; paying postage leaves the case's fees alone; the
government's postage opens no order."""

from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.cases.constants import Act
from govhall.delivery import services as delivery
from govhall.delivery.models import Shipment
from govhall.delivery.tests.factories import concluded_post_case, originals_case
from govhall.notices.models import Notification
from govhall.payments import postage, selectors, services
from govhall.payments.constants import OrderState, PaymentPurpose
from govhall.payments.models import PaymentOrder
from govhall.payments.tests.factories import notify

pytestmark = pytest.mark.django_db


def wechat_pays(client, outside_world, order):
    order = services.start_checkout(order=order, method="wechat_native", actor=order.payer)
    headers, body = outside_world.wechatpay.signed_notification(order.number, order.amount_fen)
    answer = notify(client, "wechat", body, "application/json", headers)
    assert answer.status_code == 204
    order.refresh_from_db()
    return order


def test_a_result_waits_for_its_postage_then_leaves(client, settings, outside_world):
    settings.POSTAGE_FEN = 1200
    case, approver = concluded_post_case(payer="applicant")
    with pytest.raises(delivery.DeliveryError, match=r"申请人尚未支付邮费 12\.00 元"):
        delivery.post_result(case=case, actor=approver)
    assert not Shipment.objects.exists()
    [order] = PaymentOrder.objects.filter(case=case)
    assert (order.purpose, order.amount_fen, order.state) == (PaymentPurpose.POSTAGE, 1200, OrderState.PENDING)
    assert order.lines == [{"name": "邮费", "amount_fen": 1200, "reference": f"{case.number}-out"}]
    assert Notification.objects.filter(user=case.applicant, title="请支付邮费 12.00 元").count() == 1
    # Asked again: the same order, no second notice.
    with pytest.raises(delivery.DeliveryError):
        delivery.post_result(case=case, actor=approver)
    assert PaymentOrder.objects.filter(case=case).count() == 1
    assert [o.number for o in postage.due_postage(case)] == [order.number]
    # The applicant sees it due with its pay page, which works for a postage order.
    client.force_login(case.applicant)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "去支付邮费" in page and f'name="postage" value="{case.number}-out"' in page
    answer = client.post(f"/cases/{case.number}/pay/", {"postage": f"{case.number}-out"})
    assert answer.status_code == 302 and answer["Location"] == f"/payments/{order.number}/"
    assert "邮费" in client.get(f"/payments/{order.number}/").content.decode()
    payment_state = case.payment_state
    order = wechat_pays(client, outside_world, order)
    case.refresh_from_db()
    assert order.state == OrderState.PAID and order.receipt.lines[0]["name"] == "邮费"
    assert case.payment_state == payment_state and not case.events.filter(act=Act.RECEIVE_PAYMENT).exists()
    assert Notification.objects.filter(user=case.applicant, title="邮费 12.00 元已支付").count() == 1
    shipment = delivery.post_result(case=case, actor=approver)
    assert shipment.out_order_id == f"{case.number}-out" and delivery.postage_due(shipment) == 1200
    assert not postage.due_postage(case)
    # Cancelled before collection and posted again: the postage paid carries over.
    delivery.cancel_shipment(shipment=shipment, actor=approver)
    again = delivery.post_result(case=case, actor=approver)
    assert again.out_order_id == f"{case.number}-out-2" and PaymentOrder.objects.filter(case=case).count() == 1


def test_government_postage_opens_no_order():
    case, approver = concluded_post_case()
    delivery.post_result(case=case, actor=approver)
    assert not PaymentOrder.objects.exists()


def test_originals_sent_in_open_their_postage_order_at_booking(settings):
    settings.POSTAGE_FEN = 800
    case = originals_case()
    case.guide_version.postage_payer = "applicant"
    case.guide_version.save(update_fields=["postage_payer"])
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    shipment = delivery.book_pickup(
        case=case, actor=case.applicant, name="张三", phone="13900001111", address="广安区 1 号", day=day, slot="09-12"
    )
    [order] = postage.due_postage(case)
    assert order.lines[0]["reference"] == shipment.out_order_id == f"{case.number}-in" and order.amount_fen == 800
    again = postage.open_postage_order(case=case, amount_fen=800, reference=f"{case.number}-in", actor=None)
    assert again.pk == order.pk
    # Lapsed (expired and closed by the periodic task): still due on the case page, and paying it makes a new order.
    PaymentOrder.objects.filter(pk=order.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert services.close_expired() == 1
    assert [o.pk for o in postage.due_postage(case)] == [order.pk]
    renewed = services.renew_postage_order(case=case, reference=f"{case.number}-in", actor=case.applicant)
    assert renewed is not None and renewed.pk != order.pk and renewed.state == OrderState.PENDING
    assert services.renew_postage_order(case=case, reference="nothing", actor=None) is None
    # The postage order is not the case's fee order.
    assert services.open_order(case) is None and selectors.due_order(case) is None


def test_an_amount_or_reference_missing_is_refused():
    case, _approver = concluded_post_case(payer="applicant")
    with pytest.raises(services.PaymentError):
        postage.open_postage_order(case=case, amount_fen=0, reference="X", actor=None)


def book_originals(settings):
    settings.POSTAGE_FEN = 800
    case = originals_case()
    case.guide_version.postage_payer = "applicant"
    case.guide_version.save(update_fields=["postage_payer"])
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    shipment = delivery.book_pickup(
        case=case, actor=case.applicant, name="张三", phone="13900001111", address="广安区 1 号", day=day, slot="09-12"
    )
    return case, shipment


def test_a_pickup_cancelled_before_its_postage_was_paid_owes_nothing(settings):
    case, shipment = book_originals(settings)
    [order] = postage.due_postage(case)
    delivery.cancel_shipment(shipment=shipment, actor=case.applicant)
    order.refresh_from_db()
    assert order.state == OrderState.CLOSED and postage.due_postage(case) == []
    assert services.renew_postage_order(case=case, reference=shipment.out_order_id, actor=None) is None


def test_postage_paid_for_a_cancelled_pickup_carries_over_to_the_next(client, settings, outside_world):
    from govhall.payments.models import Refund

    case, shipment = book_originals(settings)
    [order] = postage.due_postage(case)
    order = wechat_pays(client, outside_world, order)
    delivery.cancel_shipment(shipment=shipment, actor=case.applicant)
    order.refresh_from_db()
    assert order.state == OrderState.PAID and not Refund.objects.filter(order=order).exists()
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    again = delivery.book_pickup(
        case=case, actor=case.applicant, name="张三", phone="13900001111", address="广安区 1 号", day=day, slot="09-12"
    )
    assert again.out_order_id != shipment.out_order_id
    assert postage.due_postage(case) == [] and PaymentOrder.objects.filter(case=case).count() == 1


def test_a_postage_receipt_is_not_called_a_fiscal_bill(client, settings, outside_world):
    from govhall.payments.receipts import POSTAGE_TITLE, receipt_title

    case, _shipment = book_originals(settings)
    [order] = postage.due_postage(case)
    order = wechat_pays(client, outside_world, order)
    assert receipt_title(order) == POSTAGE_TITLE
    client.force_login(case.applicant)
    answer = client.get(f"/payments/{order.number}/receipt.pdf")
    assert answer.status_code == 200 and "%E5%AF%84%E9%80%92%E8%B4%B9" in answer["Content-Disposition"]
