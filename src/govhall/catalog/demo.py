"""The demo catalog: the real items of 广安区 (the district list, 1,135 rows) plus complete guides for the most common
ones, halls, themes, life events and the synonym table. One complete guide (生育登记) is for an item the district list
lacks, so the demo lists one item more than the list has (demo_catalog_size says how many, and which). Loading is
idempotent: a second run changes nothing."""

import json
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Q

from govhall.catalog.importing import apply_guides, read_csv
from govhall.catalog.indexing import items_for_indexing, reindex_items
from govhall.catalog.models import Item, LifeEvent, Synonym, Theme
from govhall.catalog.models.items import split_aliases
from govhall.catalog.schema import GuideIn
from govhall.core.constants import Channel
from govhall.organisations.models import Department, Hall, HallSession, Window, WindowGroup

DATA = Path(__file__).resolve().parent / "data"
DISTRICT_CSV = DATA / "guangan-district-items.csv"


def _json(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DemoCatalogSize:
    """What the demo data files hold: the README's figures are tested against it, the home page counts the loaded
    items (catalog.selectors.catalog_stats)."""

    district_items: int  # rows of the district list (guangan-district-items.csv)
    complete_guides: int  # demo_guides.json
    added_items: tuple[str, ...]  # complete guides whose item is not in the district list (the demo adds them)

    @property
    def items(self) -> int:
        return self.district_items + len(self.added_items)


def demo_catalog_size() -> DemoCatalogSize:
    district = {guide.implementation_code for guide in read_csv(DISTRICT_CSV.read_bytes())}
    guides = _json("demo_guides.json")
    added = tuple(row["name"] for row in guides if row["implementation_code"] not in district)
    return DemoCatalogSize(district_items=len(district), complete_guides=len(guides), added_items=added)


def load_departments() -> None:
    for order, row in enumerate(_json("demo_departments.json"), start=1):
        Department.objects.update_or_create(name=row.pop("name"), defaults={**row, "order": order})


def load_guides() -> dict[str, int]:
    district = apply_guides(
        read_csv(DISTRICT_CSV.read_bytes()), actor=None, channel=Channel.SYSTEM, source=DISTRICT_CSV.name, merge=True
    )
    guides = [GuideIn.model_validate(row) for row in _json("demo_guides.json")]
    complete = apply_guides(guides, actor=None, channel=Channel.SYSTEM, source="demo_guides.json")
    # The complete guides are the common services: rank them first among popular items.
    for rank, guide in enumerate(guides):
        Item.objects.filter(implementation_code=guide.implementation_code).update(popularity=10_000 - rank * 10)
    return {
        "created": district.created + complete.created,
        "updated": district.updated + complete.updated,
        "unchanged": district.unchanged + complete.unchanged,
    }


WEEKDAYS = {"weekdays": range(5), "saturday": [5], "sunday": [6]}


def load_sessions(hall: Hall, sessions: dict[str, list[str]]) -> None:
    """The hall's weekly opening sessions ("weekdays" / "saturday" / "sunday": ["09:00-12:00", …]), replaced."""
    hall.sessions.all().delete()
    HallSession.objects.bulk_create(
        HallSession(hall=hall, weekday=weekday, start=time.fromisoformat(start), end=time.fromisoformat(end))
        for name, spans in sessions.items()
        for weekday in WEEKDAYS[name]
        for start, end in (span.split("-") for span in spans)
    )


def load_window_groups(hall: Hall, groups: list[dict[str, Any]]) -> None:
    """Window groups with their slot length and capacity, the items each serves ("all", "hall": the hall's items,
    `items_named`: items whose name holds a word, `items_of`: items of these departments; `bookable_of_departments` adds
    the bookable items of the hall's departments) and their windows."""
    for row in groups:
        group, _ = WindowGroup.objects.update_or_create(
            hall=hall,
            code=row["code"],
            defaults={
                "name": row["name"],
                "order": row["order"],
                "slot_minutes": row["slot_minutes"],
                "slot_capacity": row["slot_capacity"],
            },
        )
        if row.get("items") == "all":
            items = Item.objects.all()
        elif row.get("items") == "hall":
            items = hall.items.all()
        elif "items_named" in row:
            items = Item.objects.filter(name__contains=row["items_named"])
        else:
            items = Item.objects.filter(department__name__in=row.get("items_of", []))
        group.items.set(items)
        if row.get("bookable_of_departments"):
            # The items of the hall's departments that may be booked are served (and listed) here too: the weekend
            # hall's demo bookings.
            bookable = Item.objects.filter(department__in=hall.departments.all(), current_version__appointment=True)
            hall.items.add(*bookable)
            group.items.add(*bookable)
        for number in row.get("windows", []):
            window, _ = Window.objects.get_or_create(hall=hall, number=number)
            window.groups.add(group)


def load_halls() -> None:
    for row in _json("demo_halls.json"):
        departments = row.pop("departments", [])
        item_codes = row.pop("item_codes", [])
        sessions = row.pop("sessions", {})
        groups = row.pop("window_groups", [])
        hall, _ = Hall.objects.update_or_create(slug=row["slug"], defaults=row)
        hall.departments.set(Department.objects.filter(name__in=departments))
        items = Item.objects.all() if item_codes == "all" else Item.objects.filter(implementation_code__in=item_codes)
        hall.items.set(items)
        load_sessions(hall, sessions)
        load_window_groups(hall, groups)


def load_themes() -> None:
    themes = _json("demo_themes.json")
    for audience, rows in themes.items():
        for order, row in enumerate(rows, start=1):
            theme, _ = Theme.objects.update_or_create(
                slug=row["slug"],
                defaults={
                    "name": row["name"],
                    "audience": audience,
                    "description": row.get("description", ""),
                    "keywords": row.get("keywords", ""),
                    "order": order,
                },
            )
            words = [word.strip() for word in theme.keywords.replace("，", ",").split(",") if word.strip()]
            if not words:
                continue
            match = Q()
            for word in words:
                match |= Q(name__contains=word)
            audience_filter = Q(for_person=True) if audience == "person" else Q(for_legal=True)
            theme.items.set(Item.objects.filter(match).filter(audience_filter))


def load_life_events() -> None:
    for order, row in enumerate(_json("demo_life_events.json"), start=1):
        codes = row.pop("item_codes", [])
        event, _ = LifeEvent.objects.update_or_create(slug=row["slug"], defaults={**row, "order": order})
        event.items.set(Item.objects.filter(implementation_code__in=codes))


def load_synonyms() -> None:
    for row in _json("demo_synonyms.json"):
        Synonym.objects.update_or_create(term=row["term"], defaults={"expansions": row["expansions"]})


def load_aliases() -> int:
    """The demo items' aliases (俗称), as data: demo_aliases.json rows {"code", "name", "aliases"}; `name` is there
    for the reader and must match the item's (a check against aliases landing on the wrong item)."""
    touched = []
    for row in _json("demo_aliases.json"):
        item = Item.objects.get(implementation_code=row["code"])
        if item.name != row["name"]:
            raise ValueError(f"demo_aliases.json: {row['code']} is “{item.name}”, not “{row['name']}”")
        item.aliases = "，".join(split_aliases(row["aliases"]))
        item.save(update_fields=["aliases", "updated_at"])
        touched.append(item.pk)
    reindex_items(items_for_indexing().filter(pk__in=touched))
    return len(touched)


@transaction.atomic
def load_demo() -> dict[str, int]:
    load_departments()
    counts = load_guides()
    load_halls()
    load_themes()
    load_life_events()
    load_synonyms()
    load_aliases()
    return counts
