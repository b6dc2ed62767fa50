"""The queries of the staff inbox (工作台): a department's open cases, counted by state, and the first page in deadline
order. Built to stay fast over millions of cases:

- open cases are named by the positive list OPEN_STATES written as literals (`state IN ('draft', ...)`, not "NOT IN
  the final states" and not bound parameters), the very condition of the partial indexes case_open_dept_idx,
  case_open_state_idx and case_open_handler_idx: both PostgreSQL and SQLite then read only the index entries of open
  cases, in page order, and stop after one page (SQLite uses a partial index only when the query repeats its
  condition word for word; a parameter would not do);
- the page reads only the columns it shows, as tuples made into ready-to-show rows (state label, address, deadline
  text), not as 600 model instances each asked for get_state_display in the template;
- the time left of the whole page comes from one calendar lookup, not one per row."""

import re
from typing import Any, TypedDict
from urllib.parse import quote

from django.db.models import Count, F, Lookup, QuerySet
from django.urls import reverse

from govhall.accounts.models import User, name_of
from govhall.cases.access import cases_for_user
from govhall.cases.clocks import TimeLeft
from govhall.cases.constants import OPEN_STATES, CaseState
from govhall.cases.models import Case

if not all(re.fullmatch(r"[a-z_]+", state) for state in OPEN_STATES):
    raise ValueError("case states must be plain words to be written as SQL literals")
OPEN_LITERALS = ", ".join(f"'{state}'" for state in OPEN_STATES)


class IsOpen(Lookup):
    """`state IN ('draft', 'submitted', ...)` over OPEN_STATES, with the states as SQL literals (they are constants
    of the code, not input), so that the database matches it with the condition of the partial inbox indexes. A
    lookup, so that it is written as it is, with no "= true" after it."""

    lookup_name = "open_state"
    prepare_rhs = False

    def __init__(self, column: Any = None) -> None:
        super().__init__(column if column is not None else F("state"), True)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        sql, params = self.process_lhs(compiler, connection)
        return f"{sql} IN ({OPEN_LITERALS})", tuple(params)


PAGE_SIZE = 50  # rendering the rows is most of a page's cost: 200 rows took ~19 ms, 50 take ~6 ms


class InboxRow(TypedDict):
    """One line of the inbox, ready to show (plain values: the page is read as tuples, not model instances)."""

    number: str
    url: str  # the case's handling page
    item: str
    state: str  # the state's label
    stopped: bool  # the clock is stopped (correction, special procedure)
    deadline: str  # the promised deadline, YYYY-MM-DD, or ""
    left: str  # TimeLeft.of the deadline
    handler: str  # the handler's shown name (accounts.models.name_of), or ""


def open_cases(user: User) -> QuerySet[Case]:
    """The open cases `user` may see in the inbox (the departments of their staff roles)."""
    return cases_for_user(user).filter(IsOpen())


def state_counts(cases: QuerySet[Case]) -> dict[str, int]:
    """How many of `cases` are in each state (states without cases are left out)."""
    rows = cases.order_by().values_list("state").annotate(n=Count("pk"))
    return dict(rows.values_list("state", "n"))


def page(
    cases: QuerySet[Case],
    left: TimeLeft,
    *,
    state: str = "",
    handler: User | None = None,
    offset: int = 0,
    extra: int = 0,
) -> list[InboxRow]:
    """The first PAGE_SIZE of `cases` (in one state, or handled by `handler`, when given), the nearest promised
    deadline first, then the earliest submitted: only the columns shown, as plain values (building 200 cases with
    their items and handlers as model instances, and asking each for get_state_display, cost more than the query).
    `offset` skips earlier pages; `extra` rows more tell whether there is a next page."""
    if state:
        cases = cases.filter(state=state)
    if handler is not None:
        cases = cases.filter(handler=handler)
    found = cases.order_by("promised_deadline", "submitted_at").values_list(
        "number",
        "item__name",
        "state",
        "clock_stopped",
        "promised_deadline",
        "handler__last_name",
        "handler__first_name",
        "handler__username",
    )[offset : offset + PAGE_SIZE + extra]
    labels = {value: str(label) for value, label in CaseState.choices}
    marker = "0"
    address = reverse("workbench:handle", args=[marker])
    before, after = address[: address.rindex(marker)], address[address.rindex(marker) + 1 :]
    return [
        InboxRow(
            number=number,
            url=f"{before}{quote(number)}{after}",
            item=item,
            state=labels.get(state, state),
            stopped=stopped,
            deadline=deadline.isoformat() if deadline else "",
            left=left.of(deadline),
            handler=name_of(last_name or "", first_name or "", username) if username else "",
        )
        for number, item, state, stopped, deadline, last_name, first_name, username in found
    ]
