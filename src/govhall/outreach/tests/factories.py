"""Factories for the outreach tests: items that can be done fully online (Ⅳ) or not, cases filed through a given
channel at a given time (written directly: the selection reads only channel, item, applicant and submission time),
and a supervisor."""

import itertools
from datetime import datetime, time
from typing import Any

from django.utils import timezone

from govhall.accounts.models import User
from govhall.accounts.tests.factories import staff
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.catalog.models import Item
from govhall.catalog.tests.factories import DepartmentFactory, published_item
from govhall.organisations.constants import Role

FULLY_ONLINE = {
    "visits": 0,
    "visit_reason": "",
    "online_stages": ["consult", "receive", "prereview", "accept", "handle", "result_feedback"],
}
_numbers = itertools.count(1)


def online_item(number: int, name: str, **extra: Any) -> Item:
    """An item the catalog marks 全程网办 (online level Ⅳ)."""
    return published_item(number=number, name=name, **(FULLY_ONLINE | extra))


def window_item(number: int, name: str, **extra: Any) -> Item:
    """An item that still needs one visit (online level Ⅲ)."""
    return published_item(number=number, name=name, **extra)


def at(day: str, hour: int = 10) -> datetime:
    """A local time on a day given as YYYY-MM-DD."""
    return datetime.combine(
        datetime.strptime(day, "%Y-%m-%d").date(), time(hour), tzinfo=timezone.get_current_timezone()
    )


def filed(applicant: User, item: Item, when: datetime, *, channel: str = "window", **extra: Any) -> Case:
    state = extra.pop("state", CaseState.SUBMITTED)
    return Case.objects.create(
        number=f"GHT{next(_numbers):012d}",
        item=item,
        guide_version=item.current_version,
        department=item.department,
        applicant=applicant,
        channel=channel,
        state=state,
        created_at=when,
        submitted_at=None if state == CaseState.DRAFT else when,
        **extra,
    )


def supervisor(username: str = "supervisor") -> User:
    return staff(username, Role.SUPERVISOR, department=DepartmentFactory(name="区政府办"))
