"""What people search for and which result they open — anonymously — and the mild boost clicks give the ranking.

The log: one INSERT per search (the first page of a query typed on the portal): the normalised text, the number of
items found, the time. No user, no address, no session.

Clicks: a result link goes through the portal's click redirect, which records (query, item, position, day, visitor)
at most once per visitor and day (a unique constraint; `visitor` is a keyed hash of a random browser token and the day)
and then redirects to the item's own guide page — never to an address taken from the request.

The boost (docs/performance.md, "Search quality"): for a normalised query q and an item i,

    clicks(q, i) = distinct (visitor, day) pairs that opened i from q within CLICK_WINDOW_DAYS
    boost(q, i)  = min(CLICK_BOOST_CAP, CLICK_BOOST_PER_LOG * ln(1 + clicks(q, i)))

and the item's full-text score is multiplied by (1 + guide boost + boost(q, i)). One visitor counts once a day, the
log makes the hundredth click worth little more than the tenth, and the cap (0.3: the same size as the complete-guide
boost) means clicks reorder results whose scores are within about 30% of each other but never lift an item far below
(a mention in the guide text above a match of the name) nor bring in one the words do not match (only matches are
ranked). Boosts are read once per query and cached for BOOST_CACHE_SECONDS, so new clicks count after a few minutes.
"""

import hashlib
import hmac
import math
import re
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from govhall.catalog.models import Item, SearchClick, SearchEvent
from govhall.catalog.tokens import normalise

CLICK_WINDOW_DAYS = 90
CLICK_BOOST_PER_LOG = 0.1
CLICK_BOOST_CAP = 0.3
BOOSTED_ITEMS = 10  # the most-clicked items of a query that get a boost
BOOST_CACHE_SECONDS = 300
MAX_QUERY = 100
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def log_key(text: str) -> str:
    """The query as logged and counted: normalised (full-width folded, lower case, no punctuation), spaces between
    Chinese characters dropped (开 饭 店 and 开饭店 are one query), cut to 100 characters."""
    return _SPACE_BETWEEN_CJK.sub("", normalise(text))[:MAX_QUERY]


def record_search(text: str, results: int, *, at: datetime | None = None) -> None:
    """One anonymous log row (a single INSERT, outside any transaction of the caller's)."""
    key = log_key(text)
    if key:
        SearchEvent.objects.create(query=key, results=results, searched_at=at or timezone.now())


def visitor_of(token: str, day: date) -> str:
    """A per-day pseudonym for a browser token: cannot be turned back into the token or linked across days."""
    message = f"search-visitor:{token}:{day.isoformat()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def record_click(*, query: str, item: Item, position: int, after: str, token: str, day: date | None = None) -> bool:
    """Count one opened result; a visitor's repeat clicks on the same day are ignored. Returns whether it counted."""
    key = log_key(query)
    if not key or not token:
        return False
    day = day or timezone.localdate()
    visitor = visitor_of(token, day)
    if SearchClick.objects.filter(query=key, item=item, day=day, visitor=visitor).exists():
        return False
    previous = log_key(after)
    row = SearchClick(
        query=key,
        item=item,
        position=max(0, min(position, 500)),
        after=previous if previous != key else "",
        day=day,
        visitor=visitor,
    )
    SearchClick.objects.bulk_create([row], ignore_conflicts=True)  # a concurrent twin is dropped by the constraint
    return True


def click_boost(clicks: int) -> float:
    if clicks <= 0:
        return 0.0
    return min(CLICK_BOOST_CAP, CLICK_BOOST_PER_LOG * math.log1p(clicks))


def click_boosts(text: str) -> dict[int, float]:
    """item id → boost for the query, from the last CLICK_WINDOW_DAYS of clicks (cached for a few minutes)."""
    key = log_key(text)
    if not key:
        return {}
    cache_key = "search:clicks:" + hashlib.sha256(key.encode()).hexdigest()
    boosts = cache.get(cache_key)
    if boosts is None:
        since = timezone.localdate() - timedelta(days=CLICK_WINDOW_DAYS)
        rows = (
            SearchClick.objects.filter(query=key, day__gte=since)
            .values("item_id")
            .annotate(clicks=Count("id"))
            .order_by("-clicks", "item_id")[:BOOSTED_ITEMS]
        )
        boosts = {row["item_id"]: round(click_boost(row["clicks"]), 4) for row in rows}
        cache.set(cache_key, boosts, BOOST_CACHE_SECONDS)
    return boosts
