"""寄出结果 (delivery.services.post_result): everything is checked before the courier is called — a refused post books
nothing at the courier — then the parcel is recorded once, however often it is asked for."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.cases import services as case_services
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.models import AuditEvent
from govhall.delivery import services
from govhall.delivery.constants import Direction, EventSource, ShipmentState
from govhall.delivery.models import Shipment
from govhall.delivery.tests.factories import ADDRESS, concluded_post_case, courier_orders
from govhall.delivery.validators import s10_is_valid
from govhall.notices.models import Notification
from govhall.organisations.constants import Role
from govhall.organisations.models import StaffMembership

pytestmark = pytest.mark.django_db


def test_the_result_is_booked_recorded_and_told():
    case, approver = concluded_post_case()
    shipment = services.post_result(case=case, actor=approver, channel="window")
    [order] = courier_orders()
    assert order["out_order_id"] == f"{case.number}-out" and order["waybill"] == shipment.waybill
    assert order["notify_url"].endswith("/delivery/notify/ems/")
    assert s10_is_valid(shipment.waybill) and shipment.direction == Direction.OUT
    assert shipment.state == ShipmentState.ORDERED and shipment.recipient_address == ADDRESS
    [first] = shipment.events.all()
    assert first.state == ShipmentState.ORDERED and first.source == EventSource.ORDER
    case.refresh_from_db()
    assert case.state == CaseState.CONCLUDED and case.tracking_number == shipment.waybill  # delivered on 签收
    assert AuditEvent.objects.filter(action="delivery.book", object_id=str(case.pk)).count() == 1
    [notice] = Notification.objects.filter(case=case, title__endswith="寄出")
    assert shipment.waybill in notice.body


def test_booking_twice_is_one_parcel_and_one_order():
    case, approver = concluded_post_case()
    first = services.post_result(case=case, actor=approver)
    again = services.post_result(case=case, actor=approver)
    assert again.pk == first.pk and Shipment.objects.count() == 1 and len(courier_orders()) == 1


def test_a_stranger_department_books_nothing():
    case, _approver = concluded_post_case()
    stranger = staff("stranger", Role.APPROVER, department=DepartmentFactory())
    with pytest.raises(case_services.ActNotAllowed):
        services.post_result(case=case, actor=stranger)
    assert courier_orders() == [] and not Shipment.objects.exists()


def test_staff_placed_in_two_departments_act_only_for_the_one_that_allows_it():
    case, _approver = concluded_post_case()
    other = DepartmentFactory()
    clerk = staff("two-places", Role.APPROVER, department=other)
    StaffMembership.objects.create(
        user=clerk, department=case.department, role=Role.REVIEWER
    )  # sees the case, may not deliver it
    with pytest.raises(case_services.ActNotAllowed):
        services.post_result(case=case, actor=clerk)
    assert courier_orders() == []


def test_a_case_not_yet_concluded_books_nothing():
    case, approver = concluded_post_case()
    Case.objects.filter(pk=case.pk).update(state=CaseState.APPROVED)
    with pytest.raises(case_services.ActNotAllowed, match="准予许可"):
        services.post_result(case=case, actor=approver)
    assert courier_orders() == []


def test_a_case_without_an_address_or_not_by_post_books_nothing():
    case, approver = concluded_post_case()
    Case.objects.filter(pk=case.pk).update(delivery_address="")
    with pytest.raises(services.DeliveryError, match="没有邮寄地址"):
        services.post_result(case=case, actor=approver)
    Case.objects.filter(pk=case.pk).update(delivery_address=ADDRESS, delivery_method="pickup")
    with pytest.raises(services.DeliveryError, match="不是快递送达"):
        services.post_result(case=case, actor=approver)
    assert courier_orders() == []


def test_the_applicant_cannot_post_their_own_result():
    case, _approver = concluded_post_case()
    with pytest.raises(case_services.ActNotAllowed):
        services.post_result(case=case, actor=case.applicant)
    assert courier_orders() == []


def test_a_courier_that_cannot_be_reached_leaves_nothing_written(settings):
    case, approver = concluded_post_case()
    settings.COURIER_API_URL = "http://127.0.0.1:9/courier"
    with pytest.raises(services.DeliveryError, match="快递下单未成功"):
        services.post_result(case=case, actor=approver)
    assert not Shipment.objects.exists()


def test_postage_the_applicant_pays_is_recorded_as_due(settings):
    settings.POSTAGE_FEN = 1500
    case, approver = concluded_post_case(payer="applicant")
    with pytest.raises(services.DeliveryError, match=r"申请人尚未支付邮费 15\.00 元"):
        services.post_result(case=case, actor=approver)
    assert not courier_orders()  # nothing booked before the postage is paid (payments/tests/test_postage.py)


def test_postage_the_government_pays_is_not_due():
    case, approver = concluded_post_case()
    assert services.postage_due(services.post_result(case=case, actor=approver)) == 0


def test_after_a_cancellation_a_new_order_is_booked():
    case, approver = concluded_post_case()
    first = services.post_result(case=case, actor=approver)
    services.cancel_shipment(shipment=first, actor=approver)
    second = services.post_result(case=case, actor=approver)
    assert second.pk != first.pk and second.out_order_id == f"{case.number}-out-2"
    assert [event.state for event in first.events.all()] == ["ordered", "cancelled"]
