"""The courier's tracking push, POST /delivery/notify/<carrier>/: signed with the courier's key and fresh, else refused
with nothing changed; a repeated push is one event; a late push does not move the state back; 签收 delivers the case
exactly once; the applicant is told once per state."""

import json
import time

import pytest

from govhall.cases.constants import CaseState
from govhall.cases.models import CaseEvent
from govhall.contrib.demo import courier as demo
from govhall.core.providers import signature
from govhall.delivery import services
from govhall.delivery.models import TrackingEvent
from govhall.delivery.tests.factories import advance, concluded_post_case, post_push
from govhall.notices.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def posted():
    case, approver = concluded_post_case()
    return services.post_result(case=case, actor=approver)


def event(waybill, number, state, at="2026-12-03T10:00:00+08:00"):
    return {"id": f"{waybill}-{number}", "at": at, "state": state, "description": state, "location": "广安"}


def signed(body_data, *, secret="test-courier-secret", key_id="test-courier", timestamp=None):
    body = json.dumps(body_data).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return body, {"X-Access-Key-Id": key_id, "X-Timestamp": stamp, "X-Signature": signature(secret, stamp, body)}


def test_the_parcel_moves_to_signed_and_the_case_is_delivered_once(client, posted):
    for expected in ("collected", "in_transit", "delivering", "signed"):
        answer = advance(client, posted.waybill)
        assert answer.status_code == 200 and answer.json() == {"recorded": True}
        posted.refresh_from_db()
        assert posted.state == expected
    case = posted.case
    case.refresh_from_db()
    assert case.state == CaseState.DELIVERED
    [delivered] = CaseEvent.objects.filter(case=case, act="deliver")
    assert delivered.actor is None and delivered.channel == "system"
    assert delivered.detail == {"method": "post", "waybill": posted.waybill}
    # a second 签收 (another event id) changes nothing more
    body, headers = signed({"waybill": posted.waybill, "event": event(posted.waybill, 9, "signed")})
    assert post_push(client, body, headers).status_code == 200
    assert CaseEvent.objects.filter(case=case, act="deliver").count() == 1


def test_a_repeated_push_is_one_event_and_one_notice(client, posted):
    body, headers = demo.next_push(posted.waybill)
    assert post_push(client, body, headers).json() == {"recorded": True}
    assert post_push(client, body, headers).json() == {"recorded": False}
    assert posted.events.filter(state="collected").count() == 1
    assert Notification.objects.filter(case=posted.case, title__endswith="揽收").count() == 1


def test_notices_go_once_per_state_and_signed_is_told_by_the_delivery(
    client, posted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            advance(client, posted.waybill)
    titles = [
        title.split("】")[1] for title in Notification.objects.filter(case=posted.case).values_list("title", flat=True)
    ]
    assert sorted(title for title in titles if title in {"寄出", "揽收", "运输中", "签收"}) == [
        "寄出",
        "揽收",
        "运输中",
    ]
    assert titles.count("送达") == 1  # the case's own notice: 办理结果已签收
    assert Notification.objects.get(case=posted.case, event__act="deliver").body.startswith("您的申请办理结果已签收")


def test_a_late_push_is_kept_but_does_not_move_the_state_back(client, posted):
    body, headers = signed({"waybill": posted.waybill, "event": event(posted.waybill, 3, "delivering")})
    post_push(client, body, headers)
    body, headers = signed({"waybill": posted.waybill, "event": event(posted.waybill, 1, "collected")})
    assert post_push(client, body, headers).json() == {"recorded": True}
    posted.refresh_from_db()
    assert posted.state == "delivering" and posted.events.count() == 3
    assert not Notification.objects.filter(case=posted.case, title__endswith="揽收").exists()


@pytest.mark.parametrize(
    ("how", "status"),
    [
        ({"secret": "forged"}, 401),
        ({"key_id": "someone-else"}, 401),
        ({"timestamp": -600}, 400),
        ({"timestamp": +600}, 400),
    ],
)
def test_a_forged_or_stale_push_is_refused_and_changes_nothing(client, posted, how, status):
    if "timestamp" in how:  # ten minutes off the clock at the time the test runs, not when it was collected
        how = {"timestamp": int(time.time()) + how["timestamp"]}
    body, headers = signed({"waybill": posted.waybill, "event": event(posted.waybill, 1, "signed")}, **how)
    assert post_push(client, body, headers).status_code == status
    posted.refresh_from_db()
    assert posted.state == "ordered" and posted.events.count() == 1
    assert posted.case.state == CaseState.CONCLUDED


def test_unknown_waybill_carrier_and_malformed_pushes(client, posted):
    body, headers = signed({"waybill": "EA000000005CN", "event": event("EA000000005CN", 1, "collected")})
    assert post_push(client, body, headers).status_code == 404
    body, headers = signed({"waybill": posted.waybill, "event": event(posted.waybill, 1, "collected")})
    assert post_push(client, body, headers, carrier="sf").status_code == 404
    for bad in ({"waybill": posted.waybill}, {"waybill": posted.waybill, "event": event(posted.waybill, 1, "lost")}):
        body, headers = signed(bad)
        assert post_push(client, body, headers).status_code == 400
    body, headers = signed(
        {"waybill": posted.waybill, "event": {**event(posted.waybill, 1, "signed"), "at": "2026-12-03T10:00"}}
    )
    assert post_push(client, body, headers).status_code == 400  # a time without its zone
    assert TrackingEvent.objects.filter(shipment=posted).count() == 1


def test_only_a_small_post_is_taken(client, posted):
    assert client.get("/delivery/notify/ems/").status_code == 405
    body, headers = signed(
        {"waybill": posted.waybill, "event": event(posted.waybill, 1, "collected"), "pad": "x" * 20000}
    )
    assert post_push(client, body, headers).status_code == 413
