"""The inbox selectors (cases.inbox): open cases only, counts by state, the page's order and filters, the time left of
a whole page from one calendar lookup, and a query count that does not grow with the page."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from govhall.accounts.tests.factories import staff
from govhall.cases import inbox
from govhall.cases.clocks import TimeLeft
from govhall.cases.constants import FINAL_STATES, CaseState
from govhall.cases.models import Case
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.models import Holiday
from govhall.core.workdays import working_days_between
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def department():
    return DepartmentFactory(name="区行政审批局")


def test_open_states_are_every_state_but_the_final_ones():
    assert set(inbox.OPEN_STATES) == set(CaseState.values) - FINAL_STATES
    assert CaseState.SUBMITTED in inbox.OPEN_STATES and CaseState.DELIVERED not in inbox.OPEN_STATES


def one_by_one(deadline, today, days):
    if deadline is None:
        return "none"
    if deadline < today:
        return "overdue"
    return "warning" if working_days_between(today, deadline) <= days else "ok"


@pytest.mark.parametrize("days", [0, 2, 5])
def test_time_left_of_a_page_agrees_with_counting_working_days_one_by_one(days, settings):
    settings.CASE_WARNING_DAYS = days
    today = date(2031, 4, 30)  # a Wednesday before a long holiday, with a make-up working Sunday after it
    Holiday.objects.bulk_create(
        [Holiday(date=date(2031, 5, day), is_working_day=False, name="劳动节") for day in range(1, 6)]
        + [Holiday(date=date(2031, 5, 11), is_working_day=True, name="劳动节调休上班")]
    )
    left = TimeLeft.on(today)
    for offset in range(-3, 25):
        deadline = today + timedelta(days=offset)
        assert left.of(deadline) == one_by_one(deadline, today, days), deadline
    assert left.of(None) == "none"


def numbers(rows):
    return [row["number"] for row in rows]


def test_counts_and_page_hold_the_departments_open_cases_only(department):
    open_case, other_state, closed = submitted_case(), submitted_case(), submitted_case()
    Case.objects.filter(pk=other_state.pk).update(state=CaseState.ACCEPTED)
    Case.objects.filter(pk=closed.pk).update(state=CaseState.DELIVERED)
    clerk = staff("clerk", Role.WINDOW_CLERK, department=department)
    outsider = staff("outsider", Role.WINDOW_CLERK)
    left = TimeLeft.on(date(2031, 6, 2))
    cases = inbox.open_cases(clerk)
    assert inbox.state_counts(cases) == {CaseState.SUBMITTED: 1, CaseState.ACCEPTED: 1}
    assert set(numbers(inbox.page(cases, left))) == {open_case.number, other_state.number}
    assert numbers(inbox.page(cases, left, state=CaseState.ACCEPTED)) == [other_state.number]
    assert inbox.page(cases, left, state=CaseState.DELIVERED) == []
    assert inbox.page(inbox.open_cases(outsider), left) == []
    assert inbox.state_counts(inbox.open_cases(outsider)) == {}


def test_page_rows_order_filter_by_handler_and_size(department, monkeypatch):
    clerk = staff("clerk", Role.WINDOW_CLERK, department=department)
    cases = [submitted_case() for _ in range(4)]
    deadlines = [date(2031, 6, 3), date(2031, 5, 30), None, date(2031, 6, 2)]
    for case, deadline in zip(cases, deadlines, strict=True):
        Case.objects.filter(pk=case.pk).update(promised_deadline=deadline, state=CaseState.ACCEPTED)
    Case.objects.filter(pk__in=[cases[0].pk, cases[1].pk]).update(handler=clerk)
    Case.objects.filter(pk=cases[3].pk).update(state=CaseState.SUSPENDED, clock_stopped=True)
    left = TimeLeft.on(date(2031, 6, 2))  # a Monday
    rows = {row["number"]: row for row in inbox.page(inbox.open_cases(clerk), left)}
    assert [rows[case.number]["deadline"] for case in cases] == ["2031-06-03", "2031-05-30", "", "2031-06-02"]
    assert [rows[case.number]["left"] for case in cases] == ["warning", "overdue", "none", "warning"]
    assert rows[cases[0].number] | {"left": "", "deadline": ""} == {
        "number": cases[0].number,
        "url": f"/workbench/cases/{cases[0].number}/",
        "item": cases[0].item.name,
        "state": "已受理",
        "stopped": False,
        "deadline": "",
        "left": "",
        "handler": "clerk",
    }
    assert rows[cases[3].number]["stopped"] and rows[cases[3].number]["handler"] == ""
    dated = [row["deadline"] for row in inbox.page(inbox.open_cases(clerk), left) if row["deadline"]]
    assert dated == sorted(dated) and len(rows) == 4
    mine = inbox.page(inbox.open_cases(clerk), left, handler=clerk)
    assert numbers(mine) == [cases[1].number, cases[0].number]
    monkeypatch.setattr(inbox, "PAGE_SIZE", 2)
    assert len(inbox.page(inbox.open_cases(clerk), left)) == 2


def test_the_inbox_page_runs_the_same_queries_for_few_or_many_cases(client, department, django_assert_num_queries):
    clerk = staff("clerk", Role.WINDOW_CLERK, department=department)
    client.force_login(clerk)
    first = submitted_case()
    Case.objects.filter(pk=first.pk).update(state=CaseState.ACCEPTED, promised_deadline=date.today())
    client.get("/workbench/")  # the first request of a session records the time it was last active
    with CaptureQueriesContext(connection) as few:
        page = client.get("/workbench/").content.decode()
    assert first.number in page
    for _ in range(5):
        case = submitted_case()
        Case.objects.filter(pk=case.pk).update(
            state=CaseState.UNDER_REVIEW, promised_deadline=date.today() + timedelta(days=1), handler=clerk
        )
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get("/workbench/").content.decode()
    assert page.count("/workbench/cases/GH") == 6


def test_the_open_condition_is_written_word_for_word_as_the_partial_indexes_condition():
    sql = str(Case.objects.filter(inbox.IsOpen()).query)
    assert f'"cases_case"."state" IN ({inbox.OPEN_LITERALS})' in sql  # literals, not parameters (SQLite needs them)
    conditions = [index.condition for index in Case._meta.indexes if index.name.startswith("case_open_")]
    assert len(conditions) == 3
    assert all(condition == Q(state__in=inbox.OPEN_STATES) for condition in conditions)


def test_the_inbox_pages_through_open_cases(client, department, monkeypatch):
    clerk = staff("pager", Role.WINDOW_CLERK, department=department)
    client.force_login(clerk)
    made = [submitted_case() for _ in range(3)]
    monkeypatch.setattr(inbox, "PAGE_SIZE", 2)
    first = client.get("/workbench/?state=submitted").content.decode()
    assert "page=2" in first and "state=submitted" in first
    second = client.get("/workbench/?state=submitted&page=2").content.decode()
    shown = [case.number for case in made if case.number in first] + [c.number for c in made if c.number in second]
    assert sorted(shown) == sorted(case.number for case in made)
    assert 'rel="next"' not in second and 'rel="prev"' in second
    assert client.get("/workbench/?page=abc").status_code == 200
