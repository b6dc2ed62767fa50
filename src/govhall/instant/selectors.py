"""Reads of 秒批 for the pages."""

from django.db.models import QuerySet

from govhall.accounts.models import User
from govhall.cases.models import Case
from govhall.instant.constants import ReviewState
from govhall.instant.models import InstantDecision
from govhall.organisations.access import staff_departments


def decision_for(case: Case) -> InstantDecision | None:
    return InstantDecision.objects.filter(case=case).first()


def audit_queue(reviewer: User) -> QuerySet[InstantDecision]:
    """秒批抽查: sampled approvals of the reviewer's departments waiting for audit, oldest first."""
    return (
        InstantDecision.objects.filter(
            review_state=ReviewState.PENDING, case__department_id__in=staff_departments(reviewer, "cases.review")
        )
        .select_related("case__item")
        .order_by("decided_at", "pk")
    )
