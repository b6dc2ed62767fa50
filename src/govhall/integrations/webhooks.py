"""Telling department systems about case events. After an event is committed, one task per endpoint of the case's
department POSTs a signed JSON body (signing.py). A delivery row per endpoint and event, locked while sending, means a
delivered event is never sent again; a non-2xx answer or a connection error is retried with a growing delay up to
MAX_ATTEMPTS, then the delivery is marked failed (visible in the admin, where an operator may send it again)."""

import json
import time
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from govhall.cases.constants import Act, CaseState
from govhall.cases.models import Case, CaseEvent
from govhall.core.crypto import mask_document_number, mask_name, mask_phone
from govhall.integrations import signing
from govhall.integrations.models import DepartmentEndpoint, WebhookDelivery

MAX_ATTEMPTS = 6
TIMEOUT_SECONDS = 10
USER_AGENT = "GovHall-Webhook/1"


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8, 16 minutes after the 1st … 5th failed attempt."""
    return timedelta(seconds=30 * 2**attempts)


def enqueue_if_wanted(event_id: int, department_id: int) -> None:
    """After the event is committed (cases.events): one send task if the department has an active endpoint."""
    if DepartmentEndpoint.objects.filter(department_id=department_id, active=True).exists():
        send_event.enqueue(event_id)


@task()
def send_event(event_id: int) -> int:
    """Make one delivery per active endpoint that wants the event's act and send each. Returns how many were made."""
    event = CaseEvent.objects.select_related("case").get(pk=event_id)
    endpoints = DepartmentEndpoint.objects.filter(department_id=event.case.department_id, active=True)
    made = 0
    for endpoint in endpoints:
        if not endpoint.wants(event.act):
            continue
        delivery, _ = WebhookDelivery.objects.get_or_create(endpoint=endpoint, event=event)
        send_delivery.enqueue(delivery.pk)
        made += 1
    return made


@task()
def send_delivery(delivery_id: int) -> str:
    """Send one delivery unless it was delivered or given up; returns its state afterwards."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint", "event__case")
            .get(pk=delivery_id)
        )
        if delivery.state != WebhookDelivery.State.PENDING or not delivery.endpoint.active:
            return delivery.state
        body = encode(payload(delivery))
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        try:
            delivery.last_status = post(delivery.endpoint, delivery.pk, body)
            delivery.last_error = "" if _ok(delivery.last_status) else f"HTTP {delivery.last_status}"
        except OSError as error:  # refused, reset, timed out, DNS
            delivery.last_status = None
            delivery.last_error = (str(error) or type(error).__name__)[:300]
        if delivery.last_status is not None and _ok(delivery.last_status):
            delivery.state = WebhookDelivery.State.DELIVERED
            delivery.delivered_at = delivery.last_attempt_at
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.state = WebhookDelivery.State.FAILED
        delivery.save(
            update_fields=["attempts", "last_attempt_at", "last_status", "last_error", "state", "delivered_at"]
        )
    if delivery.state == WebhookDelivery.State.PENDING and send_delivery.get_backend().supports_defer:
        # The database queue defers the retry; a backend that cannot defer leaves it to retry_pending_webhooks.
        run_after = timezone.now() + retry_delay(delivery.attempts)
        send_delivery.using(run_after=run_after).enqueue(delivery_id)
    return delivery.state


@task()
def retry_pending_webhooks() -> int:
    """Periodic sweep: send again the pending deliveries whose retry delay has passed. Returns how many were tried."""
    now = timezone.now()
    due = [
        delivery.pk
        for delivery in WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING).only(
            "pk", "attempts", "last_attempt_at"
        )
        if delivery.last_attempt_at is None or delivery.last_attempt_at + retry_delay(delivery.attempts) <= now
    ]
    for delivery_id in due:
        send_delivery.call(delivery_id)
    return len(due)


def _ok(status: int) -> bool:
    return 200 <= status < 300


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer other than 2xx, not a new address to send the case to."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post(endpoint: DepartmentEndpoint, delivery_id: int, body: bytes) -> int:
    """POST the signed body; returns the HTTP status (raises OSError when there is no answer)."""
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 (the URL was checked to be http(s) when registered)
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-GovHall-Timestamp": timestamp,
            "X-GovHall-Delivery": str(delivery_id),
            "X-GovHall-Signature": signing.signature(endpoint.secret, timestamp, body, delivery=str(delivery_id)),
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return int(error.code)


def encode(data: dict[str, Any]) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).encode()


def payload(delivery: WebhookDelivery) -> dict[str, Any]:
    """The event as it happened and the case as it is now (its revision is what a decision pushed back must quote)."""
    event = delivery.event
    return {
        "delivery": delivery.pk,
        "event": {
            "id": event.pk,
            "act": event.act,
            "act_label": str(Act(event.act).label),
            "from_state": event.from_state,
            "to_state": event.to_state,
            "at": event.at,
            "channel": event.channel,
            "reason": event.reason,
            "detail": event.detail,
        },
        "case": case_payload(event.case),
    }


def case_payload(case: Case) -> dict[str, Any]:
    case = Case.objects.select_related("item", "applicant__person", "organisation").get(pk=case.pk)
    person = getattr(case.applicant, "person", None)
    materials = case.materials.select_related("document").order_by("name")
    return {
        "number": case.number,
        "item_code": case.item.implementation_code,
        "item_name": case.item.name,
        "state": case.state,
        "state_label": str(CaseState(case.state).label),
        "revision": case.revision,
        "channel": case.channel,
        "submitted_at": case.submitted_at,
        "promised_deadline": case.promised_deadline,
        "statutory_deadline": case.statutory_deadline,
        "variant_name": case.variant_name,
        "delivery_method": case.delivery_method,
        "applicant": {
            "name": mask_name(person.real_name) if person else "",
            "id_type": person.document_type if person else "",
            "id_number": mask_document_number(person.document_number) if person else "",
            "phone": mask_phone(case.applicant.phone) if case.applicant.phone else "",
        },
        "organisation": (
            {"name": case.organisation.name, "uscc": case.organisation.uscc} if case.organisation else None
        ),
        "form_data": case.form_data,
        "materials": [
            {
                "name": material.name,
                "original_name": material.document.original_name,
                "content_type": material.document.content_type,
                "size": material.document.size,
                "sha256": material.document.sha256,
                "trust_level": material.document.trust_level,
                "added_at": material.added_at,
            }
            for material in materials
        ],
    }
