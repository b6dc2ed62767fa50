"""POST /payments/notify/<channel>/ (portal.payments.notify) with the non-tax system: end to end over loopback (code →
bank counter → signed notification → paid → case 缴费完成 → receipt), and every notification that must change nothing
— forged, replayed, wrong amount, out of order, unknown order — answered without a 500."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from govhall.cases.constants import Act, PaymentState
from govhall.payments.constants import OrderState
from govhall.payments.models import PaymentNotification, PaymentOrder, ReconciliationDifference
from govhall.payments.tests.factories import checked_out, due_order, notify, paid_payload, pay_at_counter, signed

URL = "/payments/notify/non_tax/"


def post(client, headers, body):
    return notify(client, "non_tax", body, "application/json", headers)


def state(order):
    order.refresh_from_db()
    order.case.refresh_from_db()
    return order.state, order.case.payment_state, order.case.events.filter(act=Act.RECEIVE_PAYMENT).count()


@pytest.mark.django_db(transaction=True)
def test_paid_at_the_bank_counter_end_to_end(live_server, settings, outside_world):
    settings.NON_TAX_NOTIFY_URL = f"{live_server.url}{reverse('payments:notify', args=['non_tax'])}"
    order = checked_out(due_order())
    page = pay_at_counter(outside_world.url, order.payment_code)
    assert "缴款成功" in page and "已通知政务服务平台" in page
    assert state(order) == (OrderState.PAID, PaymentState.PAID, 1)
    assert order.receipt.amount_fen == 1000 and len(order.receipt.check_code) == 6
    [record] = PaymentNotification.objects.filter(order=order)
    assert record.outcome == "applied" and record.notification_id.startswith("FN")


@pytest.mark.django_db
def test_a_good_notification_pays_once_and_its_replay_changes_nothing(client):
    order = checked_out(due_order())
    headers, body = signed(paid_payload(order))
    first = post(client, headers, body)
    assert first.status_code == 200 and first.json() == {"code": "SUCCESS"}
    assert state(order) == (OrderState.PAID, PaymentState.PAID, 1)
    again = post(client, headers, body)
    assert again.status_code == 200
    assert state(order) == (OrderState.PAID, PaymentState.PAID, 1)
    assert PaymentNotification.objects.filter(order=order).count() == 1
    # A second "paid" with its own id for the paid order: acknowledged, nothing changes.
    headers, body = signed(paid_payload(order, notification_id="FN2"))
    assert post(client, headers, body).status_code == 200
    assert state(order) == (OrderState.PAID, PaymentState.PAID, 1)
    assert PaymentNotification.objects.get(notification_id="FN2").outcome == "ignored"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "forge",
    [
        lambda payload: signed(payload, secret="not-the-secret"),
        lambda payload: signed(payload, key_id="someone-else"),
        lambda payload: ({**signed(payload)[0], "X-Timestamp": "1700000000"}, signed(payload)[1]),
        lambda payload: (signed(payload)[0], json.dumps({**payload, "amount_fen": 1}).encode()),
    ],
    ids=["bad signature", "unknown key", "stale timestamp", "body changed after signing"],
)
def test_a_forged_notification_is_refused_and_changes_nothing(client, forge):
    order = checked_out(due_order())
    headers, body = forge(paid_payload(order))
    answer = post(client, headers, body)
    assert answer.status_code == 400 and answer.json()["code"] == "FAIL"
    assert state(order) == (OrderState.PENDING, PaymentState.DUE, 0)
    assert not PaymentNotification.objects.exists()


@pytest.mark.django_db
def test_a_wrong_amount_is_refused_and_kept_as_a_difference(client):
    order = checked_out(due_order())
    headers, body = signed(paid_payload(order, amount=1))
    assert post(client, headers, body).status_code == 400
    assert state(order) == (OrderState.PENDING, PaymentState.DUE, 0)
    difference = ReconciliationDifference.objects.get(out_trade_no=order.number)
    assert (difference.kind, difference.ours_fen, difference.theirs_fen) == ("amount_mismatch", 1000, 1)
    assert post(client, headers, body).status_code == 400  # its replay: refused again, one difference
    assert ReconciliationDifference.objects.count() == 1


@pytest.mark.django_db
def test_unpaid_or_closed_after_paid_is_ignored(client):
    order = checked_out(due_order())
    post(client, *signed(paid_payload(order)))
    for number, status in (("FN3", "unpaid"), ("FN4", "closed")):
        answer = post(client, *signed(paid_payload(order, notification_id=number, status=status)))
        assert answer.status_code == 200
        assert state(order) == (OrderState.PAID, PaymentState.PAID, 1)


@pytest.mark.django_db
def test_an_unknown_order_or_another_channels_order_is_refused(client):
    order = due_order()  # not started at the non-tax system: it belongs to no channel yet
    assert post(client, *signed(paid_payload(order))).status_code == 400
    fake = PaymentOrder(number="PAY2026120399999999", amount_fen=1000, payment_code="")
    assert post(client, *signed(paid_payload(fake, notification_id="FN9"))).status_code == 400
    assert state(order) == (OrderState.PENDING, PaymentState.DUE, 0)
    assert PaymentNotification.objects.filter(outcome="refused").count() == 2


@pytest.mark.django_db
def test_what_a_client_can_send_never_makes_a_500(client):
    assert client.post("/payments/notify/bitcoin/", data=b"{}", content_type="application/json").status_code == 404
    assert client.get(URL).status_code == 405
    assert client.post(URL, data=b"x" * 70_000, content_type="application/json").status_code == 400
    assert post(client, *signed({"hello": "world"})).status_code == 400
    for body in (b"\xff\xfe not json", b"[1, 2]", b'{"notification_id": "x", "amount_fen": "ten"}'):
        assert post(client, *signed(body)).status_code == 400


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (the in-memory SQLite test database locks tables instead of waiting)",
)
@pytest.mark.django_db(transaction=True)
def test_the_same_notification_at_the_same_moment_pays_once():
    import threading

    from django.db import connections

    from govhall.payments.gateways import Notification, Trade
    from govhall.payments.services import apply_notification

    order = checked_out(due_order())
    trade = Trade(order.number, "paid", 1000, "FS1", None, notification_id="FN-same")
    barrier = threading.Barrier(3)
    outcomes: list[str] = []
    failures: list[BaseException] = []

    def deliver() -> None:
        try:
            barrier.wait()
            outcomes.append(apply_notification(channel="non_tax", notification=Notification(trade=trade)).outcome)
        except BaseException as exc:  # reported below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert sorted(outcomes) == ["applied", "duplicate", "duplicate"]
    assert state(order) == (OrderState.PAID, PaymentState.PAID, 1)
