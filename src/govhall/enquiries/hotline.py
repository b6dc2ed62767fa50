"""The 12345 hotline, both directions (docs/enquiries.md, "The 12345 protocol").

Signatures: `X-Hotline-Timestamp: <Unix seconds>` and `X-Hotline-Signature: sha256=<hex HMAC-SHA256(HOTLINE_SECRET,
timestamp + "." + body)>` on every request either way (a GET signs the empty body); a timestamp more than
HOTLINE_REPLAY_SECONDS from now is refused, and the order id (inbound) or `X-Hotline-Delivery` (outbound) makes a
replay inside the window harmless: the receiver answers it as the first.

Outbound: when an order the hotline sent is replied or closed, `owe` records a HotlineDelivery and enqueues its
sending in the same transaction (core.outbox): a committed reply always has its notice and a rolled-back one none.
The provider (HOTLINE_PROVIDER, optional) is called outside any transaction, the row's state committed first
(pending → sending → sent, back to pending with the outbox's backoff on a failure, failed after MAX_ATTEMPTS);
`retry_hotline_deliveries` (periodic) sends what is due and what a dead worker left `sending`."""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from govhall.core import providers
from govhall.core.bounds import whole_number
from govhall.core.outbox import backoff, enqueue
from govhall.core.providers import Provider, ProviderError
from govhall.enquiries.models import Enquiry, HotlineDelivery

MAX_ATTEMPTS = 5
SCHEME = "sha256"


# --- signatures -----------------------------------------------------------------------------------------------------


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"{SCHEME}={digest}"


def signed_headers(secret: str, body: bytes, *, now: float | None = None) -> dict[str, str]:
    timestamp = str(int(time.time() if now is None else now))
    return {
        "Content-Type": "application/json; charset=utf-8",
        "X-Hotline-Timestamp": timestamp,
        "X-Hotline-Signature": sign(secret, timestamp, body),
    }


def verify(secret: str, *, timestamp: str, body: bytes, header: str, now: float | None = None) -> bool:
    """True if `header` signs `body` at `timestamp` with `secret` and the timestamp is within the replay window."""
    sent = whole_number(timestamp)
    if not secret or sent is None:
        return False
    if abs((time.time() if now is None else now) - sent) > settings.HOTLINE_REPLAY_SECONDS:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header.strip())


# --- the provider -------------------------------------------------------------------------------------------------


class Hotline(Provider):
    """Tells the 12345 hotline what became of an order it sent."""

    def notify(self, payload: dict[str, Any], *, delivery_id: str) -> None:
        """Deliver `payload`; ProviderError when the hotline could not be reached or refused it."""
        raise NotImplementedError


class HttpHotline(Hotline):
    """POSTs the signed JSON to HOTLINE_NOTIFY_URL (the demo peer: govhall.contrib.demo.hotline)."""

    name = "12345"
    required_settings = ("HOTLINE_NOTIFY_URL", "HOTLINE_SECRET")

    def notify(self, payload: dict[str, Any], *, delivery_id: str) -> None:
        body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
        headers = signed_headers(settings.HOTLINE_SECRET, body) | {"X-Hotline-Delivery": delivery_id}
        request = urllib.request.Request(settings.HOTLINE_NOTIFY_URL, data=body, method="POST", headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=settings.PROVIDER_TIMEOUT_SECONDS) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as error:
            detail = error.read()[:200].decode("utf-8", "replace")
            error.close()
            raise ProviderError(f"12345 answered HTTP {error.code}: {detail}") from error
        except OSError as error:
            raise ProviderError(f"12345: {error}") from error


def configured() -> Hotline | None:
    if not settings.HOTLINE_PROVIDER:
        return None
    return providers.get("hotline", Hotline)


# --- outbound notices -----------------------------------------------------------------------------------------------


def owe(enquiry: Enquiry, event: str) -> None:
    """Record the notice owed to the hotline about `enquiry` (once per event) and enqueue it in the caller's
    transaction."""
    delivery, created = HotlineDelivery.objects.get_or_create(enquiry=enquiry, event=event)
    if created:
        enqueue(send_hotline_delivery, delivery.pk)


def payload_of(enquiry: Enquiry, event: str) -> dict[str, Any]:
    return {
        "order_id": enquiry.hotline_order_id,
        "event": event,
        "number": enquiry.number,
        "state": enquiry.state,
        "department": enquiry.department.name,
        "reply": enquiry.reply,
        "replied_at": enquiry.replied_at.isoformat() if enquiry.replied_at else None,
        "satisfaction": enquiry.satisfaction or None,
        "closed_at": enquiry.closed_at.isoformat() if enquiry.closed_at else None,
    }


def _sendable(now: Any) -> Q:
    """Pending and due, or left `sending` by a worker that died (longer than TASK_LEASE_SECONDS ago)."""
    stale = now - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    Status = HotlineDelivery.Status
    return Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(status=Status.SENDING, sending_at__lt=stale)


def _claim(delivery_id: int, now: Any) -> bool:
    """Take the delivery for sending, committed before the call (two workers never both take it)."""
    with transaction.atomic():
        taken = HotlineDelivery.objects.filter(_sendable(now), pk=delivery_id)
        return taken.update(status=HotlineDelivery.Status.SENDING, sending_at=now) == 1


@task()
def send_hotline_delivery(delivery_id: int) -> str:
    """Send one notice to the hotline; answers the delivery's state afterwards ("skipped": not due, or taken)."""
    return deliver(delivery_id)


def deliver(delivery_id: int, now: Any = None) -> str:
    now = now or timezone.now()
    if not _claim(delivery_id, now):
        return "skipped"
    delivery = HotlineDelivery.objects.select_related("enquiry__department").get(pk=delivery_id)
    Status = HotlineDelivery.Status
    provider = configured()
    error = ""
    if provider is None:
        error = "HOTLINE_PROVIDER is not set"
    else:
        try:
            provider.notify(payload_of(delivery.enquiry, delivery.event), delivery_id=delivery.delivery_id)
        except ProviderError as failure:
            error = str(failure)
    delivery.attempts += 1
    if not error:
        delivery.status, delivery.sent_at, delivery.last_error = Status.SENT, now, ""
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.last_error = Status.FAILED, error[:300]
    else:
        delivery.status, delivery.last_error = Status.PENDING, error[:300]
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save(update_fields=["status", "sent_at", "last_error", "attempts", "next_attempt_at"])
    return str(delivery.status)


def retry_due(now: Any = None) -> int:
    """Send every delivery whose retry is due or that a dead worker left `sending`; how many were tried."""
    now = now or timezone.now()
    ids = list(HotlineDelivery.objects.filter(_sendable(now)).values_list("pk", flat=True)[:500])
    for delivery_id in ids:
        deliver(delivery_id, now)
    return len(ids)


def undelivered() -> list[str]:
    """For `manage.py undelivered` (registered in EnquiriesConfig.ready): notices to 12345 given up, or left sending
    by a dead worker longer than a lease."""
    stale = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS)
    Status = HotlineDelivery.Status
    found = HotlineDelivery.objects.filter(Q(status=Status.FAILED) | Q(status=Status.SENDING, sending_at__lt=stale))
    return [
        f"12345 {delivery.pk} {delivery.status} attempts={delivery.attempts} order={delivery.enquiry.hotline_order_id} "
        f"event={delivery.event} error={delivery.last_error or '-'}"
        for delivery in found.select_related("enquiry").order_by("pk")
    ]
