"""The demo courier (演示快递, speaking delivery.couriers' protocol; mounted at /courier/ by outside.py):

- POST /courier/orders {out_order_id, sender, recipient, contents, pickup_from, pickup_until, notify_url} →
  {"waybill", "label"}: an S10 waybill (EA········CN with a valid check digit); the same out_order_id books once;
- POST /courier/orders/<waybill>/cancel → {"cancelled": true}, 409 once collected;
- GET /courier/tracking/<waybill> → {"events": [...]};
- POST /courier/advance/<waybill> (the demo's control): the parcel's next state (已揽收 → 运输中 → 派送中 → 已签收) is
  recorded and pushed, signed with the courier's access key, to the notify_url given with the order → {"event",
  "pushed"}. `next_push` does the same from Python without the HTTP push (tests post it through Django's client).

Orders, events and cancellations are JSON lines in COURIER_OUTBOX_FILE, the file locked while it is read and
appended, so concurrent callers agree."""

import fcntl
import hashlib
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from govhall.core.providers import signature
from govhall.delivery.validators import s10_check_digit

STEPS = [
    ("collected", "快递员已揽收", "广安揽投部"),
    ("in_transit", "快件已发往目的地", "成都转运中心"),
    ("delivering", "快件正在派送", "投递站"),
    ("signed", "已签收，签收人：本人", "收件地址"),
]


class CourierRefused(Exception):
    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status


@contextmanager
def _locked() -> Iterator[IO[str]]:
    path = Path(settings.COURIER_OUTBOX_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as lines:
        fcntl.flock(lines, fcntl.LOCK_EX)  # released when the file is closed
        lines.seek(0)
        yield lines


def _rows(lines: IO[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines if line.strip()]


def _append(lines: IO[str], row: dict[str, Any]) -> None:
    lines.seek(0, 2)
    lines.write(json.dumps(row, ensure_ascii=False) + "\n")


def _waybill(out_order_id: str, taken: set[str]) -> str:
    salt = 0
    while True:
        digest = hashlib.sha256(f"{out_order_id}:{time.time_ns()}:{salt}".encode()).hexdigest()
        serial = str(int(digest[:12], 16) % 10**8).zfill(8)
        waybill = f"EA{serial}{s10_check_digit(serial)}CN"
        if waybill not in taken:
            return waybill
        salt += 1


def book(data: dict[str, Any]) -> dict[str, Any]:
    out_order_id = str(data["out_order_id"])
    recipient, sender = dict(data["recipient"]), dict(data["sender"])
    with _locked() as lines:
        rows = _rows(lines)
        for row in rows:
            if row["kind"] == "order" and row["out_order_id"] == out_order_id:
                return {"waybill": row["waybill"], "label": row["label"]}
        waybill = _waybill(out_order_id, {row["waybill"] for row in rows})
        label = {
            "format": "text",
            "carrier": "演示快递（EMS）",
            "waybill": waybill,
            "lines": [
                f"收件人：{recipient['name']} {recipient['phone']}",
                f"收件地址：{recipient['address']}",
                f"寄件人：{sender['name']} {sender['phone']}",
                f"内件：{data['contents']}",
            ],
        }
        _append(
            lines,
            {
                "kind": "order",
                "waybill": waybill,
                "out_order_id": out_order_id,
                "notify_url": str(data.get("notify_url", "")),
                "pickup_from": str(data.get("pickup_from", "")),
                "label": label,
                "at": datetime.now(UTC).isoformat(),
            },
        )
    return {"waybill": waybill, "label": label}


def _order_and_events(rows: list[dict[str, Any]], waybill: str) -> tuple[dict[str, Any], list[dict[str, Any]], bool]:
    order = next((row for row in rows if row["kind"] == "order" and row["waybill"] == waybill), None)
    if order is None:
        raise CourierRefused(HTTPStatus.NOT_FOUND, "no such waybill")
    events = [row["event"] for row in rows if row["kind"] == "event" and row["waybill"] == waybill]
    cancelled = any(row["kind"] == "cancel" and row["waybill"] == waybill for row in rows)
    return order, events, cancelled


def cancel(waybill: str) -> dict[str, Any]:
    with _locked() as lines:
        _order, events, cancelled = _order_and_events(_rows(lines), waybill)
        if events:
            raise CourierRefused(HTTPStatus.CONFLICT, "already collected")
        if not cancelled:
            _append(lines, {"kind": "cancel", "waybill": waybill})
    return {"cancelled": True}


def tracking(waybill: str) -> dict[str, Any]:
    with _locked() as lines:
        _order, events, _cancelled = _order_and_events(_rows(lines), waybill)
    return {"waybill": waybill, "events": events}


def advance(waybill: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """Record the parcel's next tracking event; (the order, the event)."""
    with _locked() as lines:
        order, events, cancelled = _order_and_events(_rows(lines), waybill)
        if cancelled:
            raise CourierRefused(HTTPStatus.CONFLICT, "order cancelled")
        if len(events) >= len(STEPS):
            raise CourierRefused(HTTPStatus.CONFLICT, "already signed for")
        state, description, location = STEPS[len(events)]
        event = {
            "id": f"{waybill}-{len(events) + 1}",
            "at": datetime.now(UTC).isoformat(),
            "state": state,
            "description": description,
            "location": location,
        }
        _append(lines, {"kind": "event", "waybill": waybill, "event": event})
    return order, event


def signed_push(waybill: str, event: dict[str, Any], key_id: str, secret: str) -> tuple[bytes, dict[str, str]]:
    """The push of `event` as the courier sends it: (body, headers)."""
    body = json.dumps({"waybill": waybill, "event": event}, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "X-Access-Key-Id": key_id,
        "X-Timestamp": timestamp,
        "X-Signature": signature(secret, timestamp, body),
    }
    return body, headers


def next_push(waybill: str, key_id: str = "", secret: str = "") -> tuple[bytes, dict[str, str]]:
    """For tests and the bench: advance the parcel and answer its signed push (by default with GovHall's configured
    courier key), to be posted to /delivery/notify/<carrier>/."""
    _order, event = advance(waybill)
    return signed_push(waybill, event, key_id or settings.COURIER_KEY_ID, secret or settings.COURIER_KEY_SECRET)


def advance_and_push(waybill: str, key_id: str, secret: str) -> dict[str, Any]:
    """The /courier/advance control: advance, then push to the order's notify_url; answers the event and the HTTP
    status GovHall answered (or the error)."""
    order, event = advance(waybill)
    body, headers = signed_push(waybill, event, key_id, secret)
    request = urllib.request.Request(order["notify_url"], data=body, method="POST", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=settings.PROVIDER_TIMEOUT_SECONDS) as response:  # noqa: S310
            pushed: int | str = response.status
    except urllib.error.HTTPError as error:
        pushed = error.code
        error.close()
    except (OSError, ValueError) as error:
        pushed = str(error)
    return {"event": event, "pushed": pushed}
