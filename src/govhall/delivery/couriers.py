"""The courier (快递) behind 双向寄递, a provider (core.providers) chosen by COURIER_PROVIDER. `HttpCourier` speaks a
courier's HTTP API with signed JSON (COURIER_API_URL, the access key COURIER_KEY_ID / COURIER_KEY_SECRET):

- POST {API}/orders {out_order_id, sender, recipient ({name, phone, address}), contents, pickup_from, pickup_until,
  notify_url} → {"waybill", "label"}; the same out_order_id books once (answers the first waybill);
- POST {API}/orders/<waybill>/cancel {} → {"cancelled": true} (refused, HTTP 409, once the parcel is collected);
- GET {API}/tracking/<waybill> → {"events": [{"id", "at" (ISO 8601), "state", "description", "location"}]};
- and the courier pushes each event: POST notify_url {"waybill", "event": {…}} signed with the same access key
  (delivery.push verifies it; the view is portal's /delivery/notify/<carrier>/).

In development and the tests `govhall.contrib.demo.courier` plays the courier over loopback."""

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.conf import settings

from govhall.core import providers
from govhall.core.providers import Provider, ProviderError
from govhall.delivery.constants import REPORTED_STATES, Carrier


class CourierError(Exception):
    """The courier could not be reached, refused, or answered something GovHall cannot read."""


@dataclass(frozen=True)
class Party:
    name: str
    phone: str
    address: str


@dataclass(frozen=True)
class Order:
    out_order_id: str
    sender: Party
    recipient: Party
    contents: str
    notify_url: str
    pickup_from: datetime | None = None
    pickup_until: datetime | None = None


@dataclass(frozen=True)
class Booking:
    waybill: str
    label: str  # the courier's label data as it sent it (JSON text)


@dataclass(frozen=True)
class Tracking:
    """One tracking event as the courier reports it."""

    event_id: str
    at: datetime
    state: str
    description: str = ""
    location: str = ""


def tracking_from(data: Any) -> Tracking:
    """A pushed or queried event; ValueError for anything malformed or a state GovHall does not know."""
    if not isinstance(data, dict):
        raise ValueError("event is not an object")
    state = str(data.get("state", ""))
    if state not in REPORTED_STATES:
        raise ValueError(f"unknown state {state!r}")
    event_id = str(data.get("id", "")).strip()
    if not event_id or len(event_id) > 64:
        raise ValueError("event id missing or too long")
    at = datetime.fromisoformat(str(data.get("at", "")))
    if at.tzinfo is None:
        raise ValueError("event time without a time zone")
    return Tracking(
        event_id=event_id,
        at=at,
        state=state,
        description=str(data.get("description", ""))[:200],
        location=str(data.get("location", ""))[:100],
    )


class Courier(Provider):
    @property
    def carrier(self) -> str:
        """The carrier code (delivery.constants.Carrier) this courier's waybills are recorded under."""
        return str(settings.COURIER_CARRIER)

    def check(self) -> list[str]:
        found = super().check()
        if settings.COURIER_CARRIER not in Carrier.values:
            found.append(f"COURIER_CARRIER must be one of {', '.join(Carrier.values)}")
        return found

    def order(self, order: Order) -> Booking:
        """Book the parcel; the same out_order_id answers the same booking. CourierError if not booked."""
        raise NotImplementedError

    def cancel(self, waybill: str) -> None:
        """Cancel an order not yet collected; CourierError if the courier refuses or cannot be reached."""
        raise NotImplementedError

    def track(self, waybill: str) -> list[Tracking]:
        """The waybill's tracking events, oldest first, or CourierError."""
        raise NotImplementedError


class HttpCourier(Courier):
    name = "http"
    required_settings = ("COURIER_API_URL", "COURIER_KEY_ID", "COURIER_KEY_SECRET")

    def order(self, order: Order) -> Booking:
        payload = asdict(order)
        for key in ("pickup_from", "pickup_until"):
            payload[key] = payload[key].isoformat() if payload[key] else ""
        answer = self._call("/orders", payload)
        if not answer.get("waybill"):
            raise CourierError(f"the courier answered without a waybill: {answer}")
        return Booking(str(answer["waybill"])[:40], json.dumps(answer.get("label", {}), ensure_ascii=False))

    def cancel(self, waybill: str) -> None:
        answer = self._call(f"/orders/{waybill}/cancel", {})
        if answer.get("cancelled") is not True:
            raise CourierError(f"the courier did not cancel {waybill}: {answer}")

    def track(self, waybill: str) -> list[Tracking]:
        answer = self._call(f"/tracking/{waybill}", None)
        try:
            return [tracking_from(event) for event in answer.get("events", [])]
        except (ValueError, TypeError) as error:
            raise CourierError(f"unreadable tracking for {waybill}: {error}") from error

    def _call(self, path: str, payload: dict[str, Any] | None) -> dict[str, Any]:
        try:
            return providers.signed_request(
                settings.COURIER_API_URL.rstrip("/") + path,
                key_id=settings.COURIER_KEY_ID,
                secret=settings.COURIER_KEY_SECRET,
                payload=payload,
            )
        except ProviderError as error:
            raise CourierError(str(error)) from error


def courier() -> Courier:
    return providers.get("courier", Courier)
