"""HttpCourier against the demo courier's order API over loopback: book a waybill, query its tracking."""

import json
from pathlib import Path

import pytest

from govhall.cases.couriers import CourierError, HttpCourier


def test_a_waybill_is_booked_and_tracked(settings):
    courier = HttpCourier()
    waybill = courier.book(reference="GA2026000001", address="广安区金安大道 88 号", contents="营业执照")
    assert waybill.startswith("YD") and len(waybill) == 14
    [row] = [json.loads(line) for line in Path(settings.COURIER_OUTBOX_FILE).read_text(encoding="utf-8").splitlines()]
    assert row["reference"] == "GA2026000001" and row["waybill"] == waybill
    [event] = courier.track(waybill)
    assert event.status == "accepted"


def test_booking_one_order_twice_answers_the_same_waybill():
    courier = HttpCourier()
    first = courier.book(reference="GA2026000002", address="某地", contents="证照")
    assert courier.book(reference="GA2026000002", address="某地", contents="证照") == first
    assert courier.book(reference="GA2026000003", address="某地", contents="证照") != first


def test_an_unknown_waybill_and_a_wrong_key_are_refused(settings):
    with pytest.raises(CourierError, match="404"):
        HttpCourier().track("YD000000000000")
    settings.COURIER_KEY_SECRET = "wrong"
    with pytest.raises(CourierError, match="401"):
        HttpCourier().book(reference="GA2026000004", address="某地", contents="证照")
