"""Rate limits that hold with several workers: a counter row per key and fixed window (RateCounter), taken with one
conditional UPDATE (`count = count + 1 WHERE count < limit`), which the database applies atomically; no read-then-write
race lets a burst of parallel requests past the limit."""

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from govhall.core.models import RateCounter

KEEP = timedelta(days=2)  # counters older than this are deleted as new ones are taken


def window_start(length: timedelta, now: datetime | None = None) -> datetime:
    now = now or timezone.now()
    seconds = int(length.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)


def _row(key: str, window: datetime) -> int:
    found = RateCounter.objects.filter(key=key, window=window).values_list("pk", flat=True).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return RateCounter.objects.create(key=key, window=window).pk
    except IntegrityError:  # another worker made it first
        return RateCounter.objects.get(key=key, window=window).pk


def take(key: str, *, limit: int, per: timedelta) -> bool:
    """Count one more under `key` in the current window if fewer than `limit` were counted; False when the limit is
    reached (nothing is counted then)."""
    window = window_start(per)
    # Old counters go first: the take is the last write, so a caller that retries after an error never counts twice.
    RateCounter.objects.filter(window__lt=timezone.now() - max(KEEP, per * 2)).delete()
    pk = _row(key[:100], window)
    taken = RateCounter.objects.filter(pk=pk, count__lt=limit).update(count=F("count") + 1)
    return taken == 1


def give_back(key: str, *, per: timedelta) -> None:
    """Undo one take() of the current window (a lookup that turned out right does not count against the case)."""
    RateCounter.objects.filter(key=key[:100], window=window_start(per), count__gt=0).update(count=F("count") - 1)
