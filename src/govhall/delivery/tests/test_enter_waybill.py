"""A waybill typed by a clerk (delivery.services.enter_waybill): EMS numbers pass the S10 check digit, others a plain
format; tracking entered by hand up to 签收 delivers the case."""

import pytest

from govhall.cases import services as case_services
from govhall.cases.constants import CaseState
from govhall.core.models import AuditEvent
from govhall.delivery import services, tracking
from govhall.delivery.tests.factories import concluded_post_case, courier_orders

pytestmark = pytest.mark.django_db


def test_a_valid_s10_waybill_is_recorded_by_hand_and_audited():
    case, approver = concluded_post_case()
    shipment = services.enter_waybill(case=case, actor=approver, carrier="ems", waybill=" rr473124829cn ")
    assert shipment.waybill == "RR473124829CN" and shipment.manual and shipment.events.get().source == "manual"
    assert courier_orders() == []  # nobody was asked to book
    assert AuditEvent.objects.filter(action="delivery.enter_waybill").count() == 1
    case.refresh_from_db()
    assert case.tracking_number == "RR473124829CN"


@pytest.mark.parametrize(
    ("carrier", "waybill", "message"),
    [
        ("ems", "RR473124828CN", "校验位"),
        ("ems", "RR47312482CN", "两位字母"),
        ("sf", "12", "8 到 20 位"),
        ("ufo", "SF1234567890", "快递公司"),
    ],
)
def test_a_wrong_waybill_is_refused(carrier, waybill, message):
    case, approver = concluded_post_case()
    with pytest.raises(services.DeliveryError, match=message):
        services.enter_waybill(case=case, actor=approver, carrier=carrier, waybill=waybill)
    assert not case.shipments.exists()


def test_a_waybill_cannot_be_entered_for_a_case_the_clerk_may_not_deliver():
    case, _approver = concluded_post_case()
    with pytest.raises(case_services.ActNotAllowed):
        services.enter_waybill(case=case, actor=case.applicant, carrier="sf", waybill="SF1234567890")


def test_tracking_by_hand_to_signed_delivers_the_case_once():
    case, approver = concluded_post_case()
    shipment = services.enter_waybill(case=case, actor=approver, carrier="sf", waybill="SF1234567890")
    tracking.record_by_hand(shipment=shipment, actor=approver, state="signed")
    tracking.record_by_hand(shipment=shipment, actor=approver, state="signed")
    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED and case.events.filter(act="deliver").count() == 1
    with pytest.raises(case_services.CaseError):
        tracking.record_by_hand(shipment=shipment, actor=approver, state="ordered")
