"""Background jobs of 免申即享 (django.tasks, settings.PERIODIC_TASKS)."""

from typing import Any

from django.tasks import task

from govhall.entitlements import services
from govhall.entitlements.models import BenefitPolicy


@task()
def match_benefit_policies() -> dict[str, Any]:
    """Run every active policy against the real-name users not yet offered it."""
    runs = [services.run_policy(policy) for policy in BenefitPolicy.objects.filter(active=True)]
    return {run.policy.code: {"checked": run.checked, "offered": run.offered, "failed": run.failed} for run in runs}
