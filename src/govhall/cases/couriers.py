"""Posting results (物流快递送达) through a courier, a provider (core.providers) chosen by COURIER_PROVIDER.
`HttpCourier` calls a courier's order API with signed JSON (COURIER_API_URL): it books a waybill and queries its
tracking; in development and the tests `govhall.contrib.demo` plays the courier over loopback."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings

from govhall.core import providers
from govhall.core.providers import Provider, ProviderError


class CourierError(Exception):
    """The courier could not be reached or did not book / find the waybill."""


@dataclass(frozen=True)
class TrackingEvent:
    at: str
    status: str
    description: str = ""


class Courier(Provider):
    def book(self, *, reference: str, address: str, contents: str) -> str:
        """Book a pick-up of `contents` for `address`; return the waybill (tracking) number, or CourierError."""
        raise NotImplementedError

    def track(self, waybill: str) -> list[TrackingEvent]:
        """The waybill's tracking events, oldest first, or CourierError."""
        raise NotImplementedError


class HttpCourier(Courier):
    """POST {COURIER_API_URL}/orders {out_order_id, address, contents} → {"waybill": …} (the case number is the
    courier's out_order_id, so booking twice for one case answers the same waybill); GET
    {COURIER_API_URL}/tracking/<waybill> → {"events": [{"at", "status", "description"}]}."""

    name = "http"
    required_settings = ("COURIER_API_URL", "COURIER_KEY_ID", "COURIER_KEY_SECRET")

    def book(self, *, reference: str, address: str, contents: str) -> str:
        answer = self._call("/orders", {"out_order_id": reference, "address": address, "contents": contents})
        if not answer.get("waybill"):
            raise CourierError(f"the courier answered without a waybill: {answer}")
        return str(answer["waybill"])

    def track(self, waybill: str) -> list[TrackingEvent]:
        answer = self._call(f"/tracking/{waybill}", None)
        return [
            TrackingEvent(str(event["at"]), str(event["status"]), str(event.get("description", "")))
            for event in answer.get("events", [])
        ]

    def _call(self, path: str, payload: dict[str, str] | None) -> dict[str, Any]:
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
