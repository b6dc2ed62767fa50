"""我的办件: the person's cases filtered by what they are waiting for (status groups) and searched by number or item
name, newest first."""

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govhall.accounts.models import User
from govhall.cases.access import cases_for_user
from govhall.cases.constants import CaseState
from govhall.cases.models import Case

# (key, label, states); "pay" is the cases with money due, whatever their state.
STATUS_GROUPS: list[tuple[str, str | Promise, frozenset[str]]] = [
    ("draft", _("草稿"), frozenset({CaseState.DRAFT})),
    ("correction", _("待补正"), frozenset({CaseState.CORRECTION})),
    (
        "open",
        _("办理中"),
        frozenset(
            {
                CaseState.SUBMITTED,
                CaseState.ACCEPTED,
                CaseState.UNDER_REVIEW,
                CaseState.SUSPENDED,
                CaseState.APPROVED,
                CaseState.DENIED,
            }
        ),
    ),
    ("pay", _("待缴费"), frozenset()),
    ("done", _("已办结"), frozenset({CaseState.CONCLUDED, CaseState.DELIVERED, CaseState.NOT_ACCEPTED})),
    ("closed", _("已撤回或撤销"), frozenset({CaseState.WITHDRAWN, CaseState.REVOKED})),
]
STATUS_CHOICES = [(key, label) for key, label, _states in STATUS_GROUPS]
LIMIT = 100


def my_cases(user: User, *, status: str = "", query: str = "") -> QuerySet[Case]:
    cases = cases_for_user(user).select_related("item", "organisation")
    if status == "pay":
        cases = cases.filter(payment_state="due")
    elif status:
        states = next(states for key, _label, states in STATUS_GROUPS if key == status)
        cases = cases.filter(state__in=states)
    query = query.strip()
    if query:
        cases = cases.filter(Q(number__icontains=query) | Q(item__name__icontains=query))
    return cases.order_by("-created_at")[:LIMIT]
