"""HttpCourier against the demo courier over loopback: order (idempotent, an S10 waybill with a label), tracking,
cancel before collection, and a wrong key refused."""

import json

import pytest

from govhall.contrib.demo import courier as demo
from govhall.delivery.couriers import CourierError, HttpCourier, Order, Party
from govhall.delivery.tests.factories import courier_orders
from govhall.delivery.validators import s10_is_valid

ORDER = Order(
    out_order_id="GA2026000001-out",
    sender=Party("区行政审批局", "0826-2100000", "广安区金安大道二段 1 号"),
    recipient=Party("张三", "13900001111", "广安区某路 8 号"),
    contents="营业执照",
    notify_url="http://127.0.0.1:9/delivery/notify/ems/",
)


def test_an_order_gets_an_s10_waybill_and_a_label_once():
    courier = HttpCourier()
    booking = courier.order(ORDER)
    assert s10_is_valid(booking.waybill) and booking.waybill.endswith("CN")
    assert "13900001111" in json.loads(booking.label)["lines"][0]
    assert courier.order(ORDER).waybill == booking.waybill  # the same out_order_id books once
    assert len(courier_orders()) == 1
    other = Order(**{**ORDER.__dict__, "out_order_id": "GA2026000002-out"})
    assert courier.order(other).waybill != booking.waybill


def test_tracking_follows_the_parcel_and_cancel_is_refused_once_collected():
    courier = HttpCourier()
    waybill = courier.order(ORDER).waybill
    assert courier.track(waybill) == []
    demo.advance(waybill)
    [event] = courier.track(waybill)
    assert event.state == "collected" and event.event_id == f"{waybill}-1"
    with pytest.raises(CourierError, match="409"):
        courier.cancel(waybill)


def test_an_order_not_collected_is_cancelled_and_moves_no_more():
    courier = HttpCourier()
    waybill = courier.order(ORDER).waybill
    courier.cancel(waybill)
    with pytest.raises(demo.CourierRefused):
        demo.advance(waybill)


def test_an_unknown_waybill_and_a_wrong_key_are_refused(settings):
    courier = HttpCourier()
    with pytest.raises(CourierError, match="404"):
        courier.track("EA000000005CN")
    settings.COURIER_KEY_SECRET = "wrong"
    with pytest.raises(CourierError, match="401"):
        courier.order(ORDER)
