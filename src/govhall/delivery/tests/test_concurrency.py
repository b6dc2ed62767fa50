"""Two clerks pressing 寄出结果 at once, and the courier pushing the same event twice at once: one parcel, one order at
the courier, one tracking event, one 送达 (PostgreSQL: SQLite serialises the writers)."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from govhall.contrib.demo import courier as demo
from govhall.delivery import services
from govhall.delivery.models import Shipment, TrackingEvent
from govhall.delivery.tests.factories import concluded_post_case, courier_orders, post_push

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two writers at once need PostgreSQL (SQLite serialises them)"
)


def together(work: Callable[[], Any]) -> list[Any]:
    start, answers = threading.Barrier(2), []

    def run() -> None:
        try:
            start.wait()
            answers.append(work())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_once_book_one_parcel():
    case, approver = concluded_post_case()
    shipments = together(lambda: services.post_result(case=case, actor=approver))
    assert len({shipment.pk for shipment in shipments}) == 1
    assert Shipment.objects.count() == 1 and len(courier_orders()) == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_signed_push_twice_at_once_is_one_event_and_one_delivery():
    case, approver = concluded_post_case()
    shipment = services.post_result(case=case, actor=approver)
    for _ in range(3):
        body, headers = demo.next_push(shipment.waybill)
        post_push(Client(), body, headers)
    body, headers = demo.next_push(shipment.waybill)  # 已签收
    answers = together(lambda: post_push(Client(), body, headers).json())
    assert sorted(answer["recorded"] for answer in answers) == [False, True]
    assert TrackingEvent.objects.filter(shipment=shipment, state="signed").count() == 1
    assert case.events.filter(act="deliver").count() == 1
