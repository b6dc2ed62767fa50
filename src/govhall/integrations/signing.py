"""The webhook signature: `X-GovHall-Signature: v2=<hex HMAC-SHA256(secret, timestamp + "." + delivery + "." +
body)>`, with the Unix timestamp in `X-GovHall-Timestamp` and the delivery id in `X-GovHall-Delivery`. The delivery id
is what receivers de-duplicate on, so it is signed too: nobody can replay a body under a fresh id, or stop a new
delivery by reusing an old one. Receivers reject a bad signature or a timestamp more than TOLERANCE seconds away."""

import hashlib
import hmac
import time

from govhall.core.bounds import whole_number

TOLERANCE = 300
SCHEME = "v2"


def signature(secret: str, timestamp: str, body: bytes, *, delivery: str) -> str:
    signed = b".".join((timestamp.encode(), delivery.encode(), body))
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"{SCHEME}={digest}"


def verify(secret: str, *, timestamp: str, delivery: str, body: bytes, header: str, now: float | None = None) -> bool:
    """True if `header` (one or more comma-separated `v2=` values, so secrets can be rotated) signs `delivery` and
    `body` with `secret`, and the timestamp is recent. A request without a delivery id is never valid."""
    sent = whole_number(timestamp)
    if sent is None or not delivery:
        return False
    current = time.time() if now is None else now
    if abs(current - sent) > TOLERANCE:
        return False
    expected = signature(secret, timestamp, body, delivery=delivery)
    return any(hmac.compare_digest(expected, part.strip()) for part in header.split(","))
