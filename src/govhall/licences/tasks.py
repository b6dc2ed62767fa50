"""Background jobs of the licence library (django.tasks, settings.PERIODIC_TASKS)."""

from typing import Any

from django.tasks import task

from govhall.licences import services


@task()
def expire_due_licences() -> dict[str, Any]:
    """Mark licences past their validity as expired (失效)."""
    return {"expired": services.expire_due()}
