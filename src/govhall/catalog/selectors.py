"""Reads of the catalog for pages and the API."""

import hashlib
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Q, QuerySet

from govhall.catalog.constants import ItemType, OnlineLevel
from govhall.catalog.models import Item, LifeEvent, Theme
from govhall.catalog.schema import CHILD_LISTS
from govhall.catalog.search import Conditions, ParsedQuery, parse_query, ranked_item_ids, synonym_stamp
from govhall.catalog.search_log import click_boosts
from govhall.organisations.models import Department, Hall

ONLINE_FILTERS = {
    "full": Q(online_level=OnlineLevel.IV),
    "zero": Q(visits=0),
    "one": Q(visits__lte=1),
    "online": Q(online_level__gte=OnlineLevel.II),
}
AUDIENCE_FILTERS = {"person": Q(for_person=True), "legal": Q(for_legal=True)}
ONLINE_SQL = {
    "full": f"i.online_level = {int(OnlineLevel.IV)}",
    "zero": "i.visits = 0",
    "one": "i.visits <= 1",
    "online": f"i.online_level >= {int(OnlineLevel.II)}",
}


@dataclass(frozen=True)
class ItemFilters:
    department: int | None = None
    item_type: str | None = None
    audience: str | None = None
    online: str | None = None
    theme: str | None = None

    def apply(self, items: QuerySet[Item]) -> QuerySet[Item]:
        if self.department is not None:
            items = items.filter(department_id=self.department)
        if self.item_type:
            items = items.filter(item_type=self.item_type)
        if self.audience in AUDIENCE_FILTERS:
            items = items.filter(AUDIENCE_FILTERS[self.audience])
        if self.online in ONLINE_FILTERS:
            items = items.filter(ONLINE_FILTERS[self.online])
        if self.theme:
            items = items.filter(themes__slug=self.theme)
        return items

    def conditions(self) -> Conditions:
        """The same filters as SQL on the item row (alias i), for the full-text queries."""
        parts = ["i.current_version_id IS NOT NULL"]
        params: list[Any] = []
        if self.department is not None:
            parts.append("i.department_id = %s")
            params.append(self.department)
        if self.item_type:
            parts.append("i.item_type = %s")
            params.append(self.item_type)
        if self.audience in AUDIENCE_FILTERS:
            parts.append("i.for_person = %s" if self.audience == "person" else "i.for_legal = %s")
            params.append(True)
        if self.online in ONLINE_SQL:
            parts.append(ONLINE_SQL[self.online])
        if self.theme:
            parts.append(
                "i.id IN (SELECT ti.item_id FROM catalog_theme_items ti JOIN catalog_theme t ON t.id = ti.theme_id "
                "WHERE t.slug = %s)"
            )
            params.append(self.theme)
        return Conditions(" AND ".join(parts), tuple(params))


@dataclass(frozen=True)
class SearchResult:
    count: int
    items: list[Item]
    query: ParsedQuery


def listed_items() -> QuerySet[Item]:
    return Item.objects.filter(current_version__isnull=False)


def catalog_stamp() -> str:
    """Changes whenever an item does (publishing, import, facets): part of every cached search key."""
    changed = Item.objects.aggregate(changed=Max("updated_at"))["changed"]
    return f"{changed.timestamp():.6f}" if changed else "0"


def search_items(text: str, filters: ItemFilters, *, limit: int, offset: int = 0) -> SearchResult:
    """Items matching `text` (best first) within `filters`; with no text, the filtered catalog by popularity.
    Results are cached for SEARCH_CACHE_SECONDS under a key that includes the catalog's and the synonym table's last
    change, so a cached answer is never out of date."""
    synonyms = synonym_stamp()
    query = parse_query(text, synonyms_stamp=synonyms)
    if not query.is_empty and settings.SEARCH_CACHE_SECONDS:
        boosts = click_boosts(text)
        key_source = (
            f"{query.cache_part()}|{filters}|{limit}|{offset}|{catalog_stamp()}|{synonyms}|{sorted(boosts.items())}"
        )
        key = "search:" + hashlib.sha256(key_source.encode()).hexdigest()
        cached = cache.get(key)
        if cached is None:
            cached = ranked_item_ids(query, filters.conditions(), limit=limit, offset=offset, boosts=boosts)
            cache.set(key, cached, settings.SEARCH_CACHE_SECONDS)
        ids, count = cached
        by_id = Item.objects.select_related("department").in_bulk(ids)
        return SearchResult(count=count, items=[by_id[pk] for pk in ids if pk in by_id], query=query)
    candidates = filters.apply(listed_items())
    if query.is_empty:
        ordered = candidates.order_by("-popularity", "department__order", "name")
        items = list(ordered.select_related("department")[offset : offset + limit])
        return SearchResult(count=candidates.count(), items=items, query=query)
    ids, count = ranked_item_ids(query, filters.conditions(), limit=limit, offset=offset, boosts=click_boosts(text))
    by_id = Item.objects.select_related("department").in_bulk(ids)
    return SearchResult(count=count, items=[by_id[pk] for pk in ids if pk in by_id], query=query)


def guide_item(code: str) -> Item | None:
    """The item with its published guide and every part of it, or None."""
    parts = [Prefetch(f"current_version__{name}") for name in CHILD_LISTS]
    return (
        listed_items()
        .select_related("department", "current_version")
        .prefetch_related(*parts, "halls", "themes", "life_events")
        .filter(implementation_code=code)
        .first()
    )


def applicable_item(code: str) -> Item | None:
    """The item and its current version only (no guide parts): enough to apply for it."""
    return listed_items().select_related("department", "current_version").filter(implementation_code=code).first()


def popular_items(limit: int = 12) -> list[Item]:
    return list(listed_items().filter(has_guide=True).select_related("department").order_by("-popularity")[:limit])


def department_choices() -> list[tuple[int, str, int]]:
    """(id, name, item count) of every department, cached until the catalog changes (the search page's filter)."""
    key = f"catalog:department-choices:{catalog_stamp()}"
    choices: list[tuple[int, str, int]] | None = cache.get(key)
    if choices is None:
        choices = [(d.pk, d.name, d.item_count) for d in departments_with_counts()]  # type: ignore[attr-defined]
        cache.set(key, choices, 3600)
    return choices


def departments_with_counts() -> QuerySet[Department]:
    return Department.objects.annotate(
        item_count=Count("items", filter=Q(items__current_version__isnull=False))
    ).order_by("order", "name")


def themes(audience: str | None = None) -> QuerySet[Theme]:
    found = Theme.objects.annotate(item_count=Count("items"))
    return found.filter(audience=audience) if audience else found


def life_events() -> QuerySet[LifeEvent]:
    return LifeEvent.objects.annotate(item_count=Count("items"))


def type_counts() -> list[tuple[str, str, int]]:
    counts = dict(listed_items().values_list("item_type").annotate(n=Count("id")).values_list("item_type", "n"))
    return [(choice.value, str(choice.label), counts.get(choice.value, 0)) for choice in ItemType]


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    earth = 6371.0
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = math.radians(lat2 - lat1), math.radians(lng2 - lng1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * earth * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class HallDistance:
    hall: Hall
    km: float | None


def halls_by_distance(latitude: float | None = None, longitude: float | None = None) -> list[HallDistance]:
    """Open halls, the nearest first when a location is given."""
    halls = list(Hall.objects.filter(is_open=True).prefetch_related("departments", "sessions"))
    if latitude is None or longitude is None:
        return [HallDistance(hall, None) for hall in halls]
    found = [
        HallDistance(hall, round(distance_km(latitude, longitude, float(hall.latitude), float(hall.longitude)), 2))
        for hall in halls
    ]
    return sorted(found, key=lambda entry: entry.km or 0.0)


@dataclass(frozen=True)
class CatalogStats:
    items: int
    with_guide: int
    fully_online: int
    at_most_one_visit: int


def catalog_stats() -> CatalogStats:
    listed = listed_items()
    figures = listed.aggregate(
        items=Count("id"),
        with_guide=Count("id", filter=Q(has_guide=True)),
        fully_online=Count("id", filter=Q(online_level=OnlineLevel.IV)),
        at_most_one_visit=Count("id", filter=Q(has_guide=True, visits__lte=1)),
    )
    return CatalogStats(**figures)
