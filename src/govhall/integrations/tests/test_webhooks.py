"""Case events reach the department's endpoints signed, once, retried after a failure."""

import hashlib
import hmac
import json
import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.accounts.tests.factories import person
from govhall.cases import services
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.integrations import webhooks
from govhall.integrations.models import WebhookDelivery
from govhall.integrations.tests.factories import ScriptedReceiver, endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")


@pytest.fixture
def department():
    return DepartmentFactory(name="区行政审批局")  # the department of the factories' item


@pytest.fixture
def receiver():
    started = ScriptedReceiver().start()
    yield started
    started.stop()


def test_a_committed_submission_is_posted_signed_to_the_departments_endpoint(
    department, receiver, django_capture_on_commit_callbacks
):
    _, secret = endpoint(department, receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case(applicant=person("alice", phone="13812341234"))
    [request] = receiver.requests
    timestamp = request.headers["x-govhall-timestamp"]
    delivery = WebhookDelivery.objects.get()
    assert request.headers["x-govhall-delivery"] == str(delivery.pk)
    signed = f"{timestamp}.{delivery.pk}.".encode() + request.body
    independent = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert request.headers["x-govhall-signature"] == f"v2={independent}"
    assert request.headers["content-type"].startswith("application/json")
    payload = json.loads(request.body)
    assert payload["event"]["act"] == "submit" and payload["event"]["to_state"] == "submitted"
    assert payload["case"]["number"] == case.number
    assert payload["case"]["item_code"] == case.item.implementation_code
    assert payload["case"]["applicant"] == {
        "name": "测试*****",
        "id_type": "resident_id",
        "id_number": "110105********002X",
        "phone": "138****1234",
    }
    assert payload["case"]["form_data"] == case.form_data
    assert payload["case"]["materials"] == []
    assert delivery.state == "delivered" and delivery.attempts == 1 and delivery.last_status == 200


def test_a_500_is_retried_and_delivered_once(department, receiver):
    endpoint(department, receiver.url)
    receiver.statuses.extend([500])
    case = submitted_case()
    event = case.events.get()
    assert webhooks.send_event.call(event.pk) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending" and delivery.last_status == 500 and delivery.last_error == "HTTP 500"
    assert webhooks.retry_pending_webhooks.call() == 0  # not yet: the retry waits a minute
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        last_attempt_at=delivery.last_attempt_at - timedelta(minutes=2)
    )
    assert webhooks.retry_pending_webhooks.call() == 1
    delivery.refresh_from_db()
    assert delivery.state == "delivered" and delivery.attempts == 2 and delivery.delivered_at is not None
    assert len(receiver.requests) == 2
    assert {request.headers["x-govhall-delivery"] for request in receiver.requests} == {str(delivery.pk)}
    # Sending the event again, or the delivery again, sends nothing more.
    webhooks.send_event.call(event.pk)
    assert webhooks.send_delivery.call(delivery.pk) == "delivered"
    assert len(receiver.requests) == 2
    assert WebhookDelivery.objects.filter(state="delivered").count() == 1


def test_an_endpoint_that_never_answers_is_marked_failed_after_the_last_attempt(department):
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint(department, f"http://127.0.0.1:{port}/hook")
    case = submitted_case()
    webhooks.send_event.call(case.events.get().pk)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending" and delivery.last_status is None and delivery.last_error
    for _ in range(webhooks.MAX_ATTEMPTS - 1):
        webhooks.send_delivery.call(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.state == "failed" and delivery.attempts == webhooks.MAX_ATTEMPTS
    assert webhooks.send_delivery.call(delivery.pk) == "failed"


def test_only_active_endpoints_of_the_cases_department_that_want_the_act(department, receiver):
    accept_only, _ = endpoint(department, receiver.url, acts=["accept"])
    inactive, _ = endpoint(department, receiver.url)
    inactive.active = False
    inactive.save(update_fields=["active"])
    endpoint(DepartmentFactory(name="区民政局"), receiver.url)
    case = submitted_case()
    assert webhooks.send_event.call(case.events.get().pk) == 0
    services.accept_case(case=case, actor=None, channel="api")
    assert webhooks.send_event.call(case.events.get(act="accept").pk) == 1
    assert [json.loads(request.body)["event"]["act"] for request in receiver.requests] == ["accept"]
    assert WebhookDelivery.objects.get().endpoint == accept_only


def test_redirects_are_not_followed(department, receiver):
    endpoint(department, receiver.url)
    receiver.statuses.extend([307])
    case = submitted_case()
    webhooks.send_event.call(case.events.get().pk)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending" and delivery.last_status == 307


def test_the_attempt_is_recorded_as_sending_before_the_post_and_one_left_sending_goes_again(
    department, receiver, monkeypatch, settings
):
    endpoint(department, receiver.url)
    case = submitted_case(applicant=person("alice", phone="13812341234"))  # the send task waits for the commit here
    seen = []
    real_post = webhooks.post

    def watching(_endpoint, delivery_id, body):  # type: ignore[no-untyped-def]
        seen.append(WebhookDelivery.objects.get(pk=delivery_id).state)
        return real_post(_endpoint, delivery_id, body)

    monkeypatch.setattr(webhooks, "post", watching)
    assert webhooks.send_event.call(case.events.get().pk) == 1
    assert seen == ["sending"]
    delivery = WebhookDelivery.objects.get()
    # A worker died after the POST, before recording it: after a lease it is sent again under the same delivery id.
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state="sending", last_attempt_at=timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS + 1)
    )
    assert webhooks.retry_pending_webhooks.call() == 1
    assert [r.headers["x-govhall-delivery"] for r in receiver.requests] == [str(delivery.pk)] * 2
    assert WebhookDelivery.objects.get().state == "delivered"
