"""The demo department system over real HTTP on 127.0.0.1: it verifies GovHall's signature, keeps the case and pushes
its decision back through the cases API with its key."""

import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest

from govhall.accounts.tests.factories import person
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.integrations import signing
from govhall.integrations.demo import DemoDepartmentSystem, DemoServer, start_in_thread
from govhall.integrations.models import WebhookDelivery
from govhall.integrations.tests.factories import endpoint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")


@pytest.fixture
def department():
    return DepartmentFactory(name="区行政审批局")  # the department of the factories' item


def through_test_client(client):
    """The demo system's calls to GovHall go to the test server's API (same requests, no socket)."""

    def post(url, body, headers):
        response = client.post(
            urlsplit(url).path,
            body,
            content_type="application/json",
            headers={"Authorization": headers["Authorization"]},
        )
        return response.status_code, response.content

    return post


@pytest.fixture
def demo(client, department):
    from govhall.cases.tests.api_factories import system_headers

    api_key = system_headers(department, name="审批业务系统")["Authorization"].removeprefix("Bearer ")
    system = DemoDepartmentSystem(secret="", api_key=api_key, transport=through_test_client(client))
    server = DemoServer(system)
    start_in_thread(server)
    _, system.secret = endpoint(department, server.url)
    yield system, server
    server.shutdown()
    server.server_close()


def post_raw(url, body, headers):
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_a_new_case_is_received_and_accepted_by_the_departments_system(demo, django_capture_on_commit_callbacks):
    system, _ = demo
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case(applicant=person("alice"))
    assert WebhookDelivery.objects.get().state == "delivered"
    assert system.received[case.number]["case"]["state"] == CaseState.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        [(number, status, answer)] = system.push_decisions()
    assert (number, status, answer["state"]) == (case.number, 200, CaseState.ACCEPTED)
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED
    accepted = case.events.get(act="accept")
    assert accepted.channel == "api" and accepted.actor is None
    assert accepted.detail["system"] == "审批业务系统"
    # The acceptance is an event too: the department's system hears of it, and decides nothing more.
    assert system.received[case.number]["event"]["act"] == "accept"
    assert system.push_decisions() == []


def test_a_bad_signature_or_an_old_timestamp_is_rejected_with_401(demo):
    system, server = demo
    body = json.dumps({"case": {"number": "GH1", "revision": 1}, "event": {"act": "submit", "to_state": "submitted"}})
    now = str(int(time.time()))
    forged = {
        "X-GovHall-Timestamp": now,
        "X-GovHall-Delivery": "7",
        "X-GovHall-Signature": signing.signature("not-the-secret", now, body.encode(), delivery="7"),
    }
    assert post_raw(server.url, body.encode(), forged)[0] == 401
    old = str(int(time.time()) - 3600)
    stale = {
        "X-GovHall-Timestamp": old,
        "X-GovHall-Delivery": "7",
        "X-GovHall-Signature": signing.signature(system.secret, old, body.encode(), delivery="7"),
    }
    assert post_raw(server.url, body.encode(), stale)[0] == 401
    assert post_raw(server.url, body.encode(), {})[0] == 401
    signed = {
        "X-GovHall-Timestamp": now,
        "X-GovHall-Signature": signing.signature(system.secret, now, body.encode(), delivery="7"),
    }
    # the same signature under another delivery id (a replay dodging de-duplication) or none is refused
    assert post_raw(server.url, body.encode(), {**signed, "X-GovHall-Delivery": "8"})[0] == 401
    assert post_raw(server.url, body.encode(), signed)[0] == 401
    assert system.received == {} and system.pending == []
    assert post_raw(server.url, body.encode(), {**signed, "X-GovHall-Delivery": "7"}) == (200, {"received": "GH1"})
    assert post_raw(server.url, body.encode(), {**signed, "X-GovHall-Delivery": "7"}) == (200, {"duplicate": True})
    assert len(system.pending) == 1


def test_a_decision_on_a_case_changed_meanwhile_is_refused(demo, django_capture_on_commit_callbacks):
    system, _ = demo
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case(applicant=person("alice"))
    from govhall.cases.services import request_correction

    request_correction(case=case, actor=None, channel="window", missing=["场所平面图"])
    [(_, status, answer)] = system.push_decisions()
    assert status == 409 and "修订号已变化" in answer["detail"]
    assert Case.objects.get().state == CaseState.CORRECTION
