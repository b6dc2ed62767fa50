"""{% money_figures filters query %} on the supervision dashboard: the money figures (supervision.money) as cards
linking to their drill-downs, with their definitions."""

from typing import Any

from django import template

from govhall.supervision import money
from govhall.supervision.computation import Filters

register = template.Library()


@register.inclusion_tag("supervision/_money.html")
def money_figures(filters: Filters, query: str) -> dict[str, Any]:
    return {"values": money.values(filters), "query": query, "rate": money.RATE}
