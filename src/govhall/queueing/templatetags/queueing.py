"""The queue on the service map (loaded by portal templates): `{% hall_queues entries as queues %}` reads how busy
every listed hall is at once (空闲 / 适中 / 繁忙, people waiting, today's average wait — four queries whatever the
number of halls), then `{% hall_queue entry.hall queues %}` shows one hall's with the links to take a ticket by phone
and to its calling screen (nothing for a hall without window groups)."""

from collections.abc import Iterable
from typing import Any

from django import template

from govhall.organisations.models import Hall, WindowGroup
from govhall.queueing.selectors import Busyness, busyness_by_hall

register = template.Library()


@register.simple_tag
def hall_queues(entries: Iterable[Any]) -> dict[int, Busyness]:
    """The busyness of each listed hall that has window groups (entries: halls, or objects with a `hall`)."""
    ids = [getattr(entry, "hall", entry).pk for entry in entries]
    with_groups = set(WindowGroup.objects.filter(hall_id__in=ids).values_list("hall_id", flat=True))
    return busyness_by_hall([pk for pk in ids if pk in with_groups]) if with_groups else {}


@register.inclusion_tag("queueing/_hall_queue.html")
def hall_queue(hall: Hall, queues: dict[int, Busyness]) -> dict[str, Any]:
    busyness = queues.get(hall.pk)
    return {"hall": hall, "has_queue": busyness is not None, "busyness": busyness}
