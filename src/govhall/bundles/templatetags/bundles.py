"""{% bundle_panel case %}: on the workbench case page, the bundle the case belongs to ("属于一件事: … (2/3 办结)"),
its other items and their states, and the bundle's one deadline."""

from typing import Any

from django import template

from govhall.bundles.selectors import panel_for
from govhall.cases.models import Case

register = template.Library()


@register.inclusion_tag("bundles/_panel.html")
def bundle_panel(case: Case) -> dict[str, Any]:
    return {"panel": panel_for(case), "case": case}
