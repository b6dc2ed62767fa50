"""Background jobs of 秒批 (django.tasks)."""

from typing import Any

from django.tasks import task

from govhall.instant import services


@task()
def decide_instantly(case_id: int) -> dict[str, Any]:
    """Decide one submitted case by its item's rules (services.decide)."""
    decision = services.decide(case_id)
    return {"outcome": decision.outcome if decision else "", "note": decision.note if decision else ""}
