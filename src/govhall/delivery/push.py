"""The courier's tracking push (POST /delivery/notify/<carrier>/, portal's thin view): signed JSON with the scheme of
core.providers.signed_request — X-Access-Key-Id (COURIER_KEY_ID), X-Timestamp (Unix seconds, within
MAX_SKEW_SECONDS), X-Signature = HMAC-SHA256 over "timestamp\\nbody" with COURIER_KEY_SECRET. Body:
{"waybill": …, "event": {"id", "at", "state", "description", "location"}}. A refused push changes nothing."""

import hmac
import json
import time
from collections.abc import Mapping
from http import HTTPStatus

from django.conf import settings

from govhall.core.providers import signature
from govhall.delivery.constants import EventSource
from govhall.delivery.couriers import courier, tracking_from
from govhall.delivery.models import Shipment, TrackingEvent
from govhall.delivery.tracking import record_tracking

MAX_SKEW_SECONDS = 300
MAX_BODY = 16 * 1024


class PushRefused(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


def verify(headers: Mapping[str, str], body: bytes) -> None:
    """Raises PushRefused unless the push is signed with the courier's key and fresh."""
    key_id, secret = settings.COURIER_KEY_ID, settings.COURIER_KEY_SECRET
    if not key_id or not secret or not hmac.compare_digest(headers.get("X-Access-Key-Id", ""), key_id):
        raise PushRefused(HTTPStatus.UNAUTHORIZED, "unknown access key")
    timestamp = headers.get("X-Timestamp", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > MAX_SKEW_SECONDS:
        raise PushRefused(HTTPStatus.BAD_REQUEST, "timestamp missing or outside five minutes")
    if not hmac.compare_digest(headers.get("X-Signature", ""), signature(secret, timestamp, body)):
        raise PushRefused(HTTPStatus.UNAUTHORIZED, "bad signature")


def receive(*, carrier: str, headers: Mapping[str, str], body: bytes) -> TrackingEvent | None:
    """Verify and record a push; the event recorded, or None for one recorded before. PushRefused otherwise."""
    if carrier != courier().carrier:
        raise PushRefused(HTTPStatus.NOT_FOUND, "no such carrier")
    if len(body) > MAX_BODY:
        raise PushRefused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
    verify(headers, body)
    try:
        data = json.loads(body)
        waybill = str(data["waybill"])[:40]
        event = tracking_from(data["event"])
    except (ValueError, KeyError, TypeError) as error:
        raise PushRefused(HTTPStatus.BAD_REQUEST, f"bad push: {error}") from error
    shipment = Shipment.objects.filter(carrier=carrier, waybill=waybill).first()
    if shipment is None:
        raise PushRefused(HTTPStatus.NOT_FOUND, "no such waybill")
    return record_tracking(shipment=shipment, event=event, source=EventSource.PUSH)
