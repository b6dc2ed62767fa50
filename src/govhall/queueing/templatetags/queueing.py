"""{% hall_queue hall %}: how busy a hall is now (空闲 / 适中 / 繁忙, people waiting, today's average wait) with the links
to take a ticket by phone and to its calling screen — for the service map (loaded by portal templates)."""

from typing import Any

from django import template

from govhall.organisations.models import Hall
from govhall.queueing.selectors import busyness_of

register = template.Library()


@register.inclusion_tag("queueing/_hall_queue.html")
def hall_queue(hall: Hall) -> dict[str, Any]:
    has_queue = hall.window_groups.exists()
    return {"hall": hall, "has_queue": has_queue, "busyness": busyness_of(hall) if has_queue else None}
