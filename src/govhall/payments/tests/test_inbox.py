"""The notification inbox (payments.notifications.receive_notification / apply_received): the endpoint keeps a
verified notification once with its apply task in one transaction and answers; the worker applies it under the
locks. Here the task queue is the database's, as in production, so what the request did and what the worker does are
seen apart."""

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from govhall.cases.constants import Act, PaymentState
from govhall.payments.constants import OrderState
from govhall.payments.models import PaymentNotification, ReconciliationDifference
from govhall.payments.notifications import STALE_RECEIVED, apply_received, apply_stale_received
from govhall.payments.tests.factories import checked_out, due_order, paid_payload, signed

URL = "/payments/notify/non_tax/"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def post(client, order, **payload):
    headers, body = signed(paid_payload(order, **payload))
    return client.post(URL, data=body, content_type="application/json", headers=headers)


def paid_events(order):
    return order.case.events.filter(act=Act.RECEIVE_PAYMENT).count()


def test_the_request_keeps_the_notification_with_its_task_and_the_worker_applies_it_once(client):
    order = checked_out(due_order())
    answer = post(client, order)
    assert answer.status_code == 200 and answer.json() == {"code": "SUCCESS"}
    [record] = PaymentNotification.objects.filter(out_trade_no=order.number)
    order.refresh_from_db()
    assert record.outcome == PaymentNotification.Outcome.RECEIVED and order.state == OrderState.PENDING
    [queued] = DBTaskResult.objects.filter(task_path__endswith="apply_received")
    assert queued.args_kwargs["args"] == [record.pk]
    # The gateway sends it again before the worker ran: answered as received, nothing more kept or queued.
    assert post(client, order).status_code == 200
    assert PaymentNotification.objects.filter(out_trade_no=order.number).count() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="apply_received").count() == 1

    assert apply_received.call(record.pk) == "applied"
    assert apply_received.call(record.pk) == "applied"  # a task run twice (a worker died after it) changes nothing
    order.refresh_from_db()
    order.case.refresh_from_db()
    assert (order.state, order.case.payment_state, paid_events(order)) == (OrderState.PAID, PaymentState.PAID, 1)
    record.refresh_from_db()
    assert record.order == order and record.detail["note"] == "已支付" and "notification" not in record.detail


def test_a_wrong_amount_is_refused_in_the_request_and_nothing_is_queued(client):
    order = checked_out(due_order())
    answer = post(client, order, amount=order.amount_fen + 1)
    assert answer.status_code == 400
    [record] = PaymentNotification.objects.filter(out_trade_no=order.number)
    assert record.outcome == PaymentNotification.Outcome.REFUSED
    assert ReconciliationDifference.objects.filter(out_trade_no=order.number, kind="amount_mismatch").count() == 1
    assert not DBTaskResult.objects.filter(task_path__endswith="apply_received").exists()
    order.refresh_from_db()
    assert order.state == OrderState.PENDING


def test_an_unknown_order_is_refused_in_the_request(client):
    order = checked_out(due_order())
    order.number = "NOSUCHORDER000001"
    assert post(client, order).status_code == 400
    assert PaymentNotification.objects.get(out_trade_no="NOSUCHORDER000001").outcome == "refused"
    assert not DBTaskResult.objects.filter(task_path__endswith="apply_received").exists()


def test_closed_after_paid_waits_its_turn_and_is_ignored(client):
    order = checked_out(due_order())
    post(client, order)
    post(client, order, notification_id="FN2", status="closed")
    first, second = PaymentNotification.objects.filter(out_trade_no=order.number).order_by("pk")
    # The worker takes them in any order; money only moves forward.
    assert apply_received.call(second.pk) == "applied"  # pending → closed
    assert apply_received.call(first.pk) == "applied"  # the money came: a closed order is paid still
    order.refresh_from_db()
    assert order.state == OrderState.PAID and paid_events(order) == 1


def test_a_notification_whose_task_failed_is_applied_by_the_periodic_sync(client):
    order = checked_out(due_order())
    post(client, order)
    record = PaymentNotification.objects.get(out_trade_no=order.number)
    assert apply_stale_received() == 0  # still fresh: its task will run
    PaymentNotification.objects.filter(pk=record.pk).update(received_at=record.received_at - STALE_RECEIVED * 2)
    assert apply_stale_received() == 1
    order.refresh_from_db()
    assert order.state == OrderState.PAID


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the one-statement inbox is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_found_dead_is_replaced_and_the_notification_kept_once(client):
    import psycopg

    order = checked_out(due_order())
    connection.ensure_connection()
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    connection.close_if_unusable_or_obsolete()  # what a request's start does: the kept connection is to be checked
    assert post(client, order).status_code == 200
    [record] = PaymentNotification.objects.filter(out_trade_no=order.number)
    assert record.outcome == PaymentNotification.Outcome.RECEIVED
    [queued] = DBTaskResult.objects.filter(task_path__endswith="apply_received")
    assert queued.args_kwargs == {"args": [record.pk], "kwargs": {}} and queued.status == "READY"
    assert post(client, order).status_code == 200  # the replay: nothing more kept or queued
    assert PaymentNotification.objects.filter(out_trade_no=order.number).count() == 1
    assert DBTaskResult.objects.filter(task_path__endswith="apply_received").count() == 1
    assert apply_received.call(record.pk) == "applied"
