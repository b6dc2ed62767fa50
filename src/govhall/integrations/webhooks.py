"""Telling department systems about case events. The send task is enqueued in the event's own transaction (the queue
is the outbox); it makes one delivery row per endpoint and event, and one task per delivery POSTs a signed JSON body
(signing.py). The attempt is recorded and committed (pending → sending) before the POST, never under a row lock, so a
delivered event is never sent again; a non-2xx answer or a connection error goes back to pending and is retried with a
growing delay up to MAX_ATTEMPTS, then the delivery is marked failed (visible in the admin and `manage.py undelivered`,
where an operator may send it again). A delivery a dead worker left sending goes again after TASK_LEASE_SECONDS with
the same X-GovHall-Delivery id, which receivers de-duplicate by."""

import json
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q, QuerySet
from django.tasks import task
from django.utils import timezone

from govhall.cases.constants import Act, CaseState
from govhall.cases.models import Case, CaseEvent
from govhall.core.crypto import mask_document_number, mask_name, mask_phone
from govhall.core.outbox import backoff, enqueue, stores_rows
from govhall.integrations import signing
from govhall.integrations.models import DepartmentEndpoint, WebhookDelivery
from govhall.integrations.transport import transport

MAX_ATTEMPTS = 6
TIMEOUT_SECONDS = 10
USER_AGENT = "GovHall-Webhook/1"


def on_event(event: CaseEvent) -> None:
    """Subscribed to cases.events (IntegrationsConfig.ready): in the event's transaction, one send task if the case's
    department has an active endpoint."""
    if DepartmentEndpoint.objects.filter(department_id=event.case.department_id, active=True).exists():
        enqueue(send_event, event.pk)


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
    """Send one delivery unless it was delivered, given up or is being sent by a live worker; returns its state."""
    claimed = _claim(delivery_id)
    if isinstance(claimed, str):
        return claimed
    delivery, body = claimed
    status: int | None = None
    try:
        status = post(delivery.endpoint, delivery.pk, body)
        error = "" if _ok(status) else f"HTTP {status}"
    except OSError as failure:  # refused, reset, timed out, DNS
        error = (str(failure) or type(failure).__name__)[:300]
    if status is not None and _ok(status):
        state = WebhookDelivery.State.DELIVERED
    elif delivery.attempts >= MAX_ATTEMPTS:
        state = WebhookDelivery.State.FAILED
    else:
        state = WebhookDelivery.State.PENDING
    WebhookDelivery.objects.filter(pk=delivery.pk, state=WebhookDelivery.State.SENDING).update(
        state=state,
        last_status=status,
        last_error=error,
        delivered_at=timezone.now() if state == WebhookDelivery.State.DELIVERED else None,
    )
    if state == WebhookDelivery.State.PENDING and stores_rows(send_delivery):
        # The database queue defers the retry; a backend that cannot defer leaves it to retry_pending_webhooks.
        run_after = timezone.now() + backoff(delivery.attempts)
        send_delivery.using(run_after=run_after).enqueue(delivery_id)
    return state


def _claim(delivery_id: int) -> tuple[WebhookDelivery, bytes] | str:
    """Record the attempt (→ sending) and commit it before the POST; the delivery's state if there is nothing to send."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("endpoint", "event__case")
            .get(pk=delivery_id)
        )
        if not due().filter(pk=delivery.pk).exists() or not delivery.endpoint.active:
            return delivery.state
        body = encode(payload(delivery))
        delivery.state = WebhookDelivery.State.SENDING
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        delivery.save(update_fields=["state", "attempts", "last_attempt_at"])
    return delivery, body


def due() -> QuerySet[WebhookDelivery]:
    """Pending deliveries, and those a dead worker left sending for longer than a lease (sent again, same id)."""
    stale = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    return WebhookDelivery.objects.filter(
        Q(state=WebhookDelivery.State.PENDING) | Q(state=WebhookDelivery.State.SENDING, last_attempt_at__lt=stale)
    )


def undelivered() -> list[str]:
    """For `manage.py undelivered` (registered in IntegrationsConfig.ready): webhook deliveries given up, left sending
    by a dead worker, or pending and never tried for longer than a lease."""
    stale = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    webhooks = WebhookDelivery.objects.filter(
        Q(state=WebhookDelivery.State.FAILED)
        | Q(state=WebhookDelivery.State.SENDING, last_attempt_at__lt=stale)
        | Q(state=WebhookDelivery.State.PENDING, created_at__lt=stale, attempts=0)
    )
    return [
        f"webhook {hook.pk} {hook.state} attempts={hook.attempts} case={hook.event.case.number} "
        f"endpoint={hook.endpoint.name} error={hook.last_error or '-'}"
        for hook in webhooks.select_related("event__case", "endpoint").order_by("pk")
    ]


@task()
def retry_pending_webhooks() -> int:
    """Periodic sweep: send again the due deliveries whose retry delay has passed. Returns how many were tried."""
    now = timezone.now()
    due_now = [
        delivery.pk
        for delivery in due().only("pk", "attempts", "last_attempt_at", "state")
        if delivery.state == WebhookDelivery.State.SENDING
        or delivery.last_attempt_at is None
        or delivery.last_attempt_at + backoff(delivery.attempts) <= now
    ]
    for delivery_id in due_now:
        send_delivery.call(delivery_id)
    return len(due_now)


def _ok(status: int) -> bool:
    return 200 <= status < 300


def post(endpoint: DepartmentEndpoint, delivery_id: int, body: bytes) -> int:
    """POST the signed body through the webhook transport; returns the HTTP status (OSError when there is no answer)."""
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-GovHall-Timestamp": timestamp,
        "X-GovHall-Delivery": str(delivery_id),
        "X-GovHall-Signature": signing.signature(endpoint.secret, timestamp, body, delivery=str(delivery_id)),
    }
    return transport().post(endpoint.url, headers, body, TIMEOUT_SECONDS)


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
