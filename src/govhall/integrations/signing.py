"""The webhook signature: `X-GovHall-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`, with the Unix
timestamp in `X-GovHall-Timestamp`. Receivers reject a bad signature or a timestamp more than TOLERANCE seconds away."""

import hashlib
import hmac
import time

from govhall.core.numbers import whole_number

TOLERANCE = 300
SCHEME = "v1"


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"{SCHEME}={digest}"


def verify(secret: str, *, timestamp: str, body: bytes, header: str, now: float | None = None) -> bool:
    """True if `header` (one or more comma-separated `v1=` values, so secrets can be rotated) signs `body` with
    `secret`, and the timestamp is recent."""
    sent = whole_number(timestamp)
    if sent is None:
        return False
    current = time.time() if now is None else now
    if abs(current - sent) > TOLERANCE:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, part.strip()) for part in header.split(","))
