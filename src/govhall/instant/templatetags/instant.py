"""{% instant_panel case %}: what 秒批 decided for a case (the rules and values on the applicant's page; the reason of
a hand-over and the audit on the workbench with staff=True)."""

from typing import Any

from django import template

from govhall.cases.models import Case
from govhall.instant.selectors import decision_for

register = template.Library()


@register.inclusion_tag("instant/_panel.html")
def instant_panel(case: Case, staff: bool = False) -> dict[str, Any]:
    return {"decision": decision_for(case), "staff": staff, "case": case}
