"""预约快递上门取件（寄送原件）(delivery.services.book_pickup): the applicant or their agent books the courier when the
guide takes materials by courier and asks for originals; the parcel goes to the case's hall; its 签收 is 原件已送达."""

from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.accounts.tests.factories import authorise, organisation, person, staff
from govhall.cases import services as case_services
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.delivery import services
from govhall.delivery.constants import Direction
from govhall.delivery.tests.factories import advance, courier_orders, originals_case
from govhall.notices.models import Notification
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def book(case, actor, **changes):
    values = {
        "name": "李四",
        "phone": "13900002222",
        "address": "广安区某路 8 号",
        "day": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "slot": "09-12",
    }
    return services.book_pickup(case=case, actor=actor, **(values | changes))


def test_the_applicant_books_a_pickup_to_the_hall():
    case = originals_case()
    shipment = book(case, case.applicant)
    [order] = courier_orders()
    assert order["out_order_id"] == f"{case.number}-in" and order["pickup_from"].endswith("09:00:00+08:00")
    hall = services.hall_of(case)
    assert shipment.direction == Direction.IN and shipment.recipient_address == hall.address
    assert shipment.sender_name == "李四" and shipment.masked_sender == "李* 139****2222"
    assert Notification.objects.filter(case=case, title__endswith="预约取件").count() == 1
    assert book(case, case.applicant).pk == shipment.pk and len(courier_orders()) == 1


def test_originals_signed_for_at_the_hall(client):
    case = originals_case()
    shipment = book(case, case.applicant)
    for _ in range(4):
        advance(client, shipment.waybill)
    shipment.refresh_from_db()
    assert shipment.state == "signed" and shipment.events.last().description == "原件已送达"
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED  # materials in do not move the case
    assert Notification.objects.filter(case=case, title__endswith="签收").count() == 1


def test_an_agent_of_the_enterprise_may_book():
    owner = person("owner", number=2)
    agent = person("agent", number=3)
    org = organisation(owner)
    authorise(org, agent, all_items=True)
    case = originals_case(applicant=owner)
    Case.objects.filter(pk=case.pk).update(organisation=org)
    assert book(case, agent).direction == Direction.IN


def test_an_agent_whose_authorisation_has_expired_books_nothing():
    owner = person("owner", number=2)
    agent = person("agent", number=3)
    org = organisation(owner)
    authorise(org, agent, days=-1, all_items=True)
    case = originals_case(applicant=owner)
    Case.objects.filter(pk=case.pk).update(organisation=org)
    orders = len(courier_orders())
    with pytest.raises(case_services.CaseError):
        book(case, agent)
    assert len(courier_orders()) == orders and not case.shipments.exists()


@pytest.mark.parametrize(
    "why",
    ["staff", "stranger", "no_express_in", "decided", "bad_day", "bad_slot", "no_name", "bad_phone"],
)
def test_refused_pickups_book_nothing(why):
    case = originals_case(express_in=why != "no_express_in")
    actor = case.applicant
    changes = {}
    if why == "staff":
        actor = staff("clerk", Role.WINDOW_CLERK, department=case.department)
    elif why == "stranger":
        actor = person("mallory", number=3)
    elif why == "decided":
        Case.objects.filter(pk=case.pk).update(state=CaseState.CONCLUDED)
    elif why == "bad_day":
        changes = {"day": timezone.localdate().isoformat()}
    elif why == "bad_slot":
        changes = {"slot": "00-24"}
    elif why == "no_name":
        changes = {"name": " "}
    elif why == "bad_phone":
        changes = {"phone": "12345"}
    with pytest.raises(case_services.CaseError):
        book(case, actor, **changes)
    assert courier_orders() == []


def test_a_guide_without_originals_takes_no_pickup():
    from govhall.catalog.tests.factories import HallFactory, published_item

    item = published_item(express_in=True, materials=[{"name": "申请书", "originals": 0}])
    HallFactory().departments.add(item.department)
    applicant = person("carol", number=2)
    case = case_services.submit_case(
        applicant=applicant, item=item, form_data={"reason": "x"}, idempotency_key="", channel="web"
    )
    with pytest.raises(services.DeliveryError, match="无需提交原件"):
        book(case, applicant)


def test_the_applicant_cancels_before_collection_but_not_after(client):
    case = originals_case()
    shipment = book(case, case.applicant)
    services.cancel_shipment(shipment=shipment, actor=case.applicant)
    shipment.refresh_from_db()
    assert shipment.state == "cancelled"
    again = book(case, case.applicant)
    advance(client, again.waybill)
    with pytest.raises(services.DeliveryError, match="已揽收"):
        services.cancel_shipment(shipment=again, actor=case.applicant)
