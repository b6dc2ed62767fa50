from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from govhall.cases.clocks import clock_of
from govhall.cases.models import Case, CaseEvent
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import published_item

pytestmark = pytest.mark.django_db
CN = ZoneInfo("Asia/Shanghai")


def event(case, act, day, **detail):
    return CaseEvent.objects.create(
        case=case,
        act=act,
        from_state="accepted",
        to_state="accepted",
        at=datetime(*day, 10, 0, tzinfo=CN),
        channel="window",
        detail=detail,
    )


def case_with(promised=20, statutory=20, unit="working_day"):
    item = published_item(promised_limit=promised, statutory_limit=statutory, promised_unit=unit, statutory_unit=unit)
    return submitted_case(item=item)


def test_domain_example_20_working_days_after_10_february_2026():
    case = case_with()
    clock = clock_of(case, [event(case, "accept", (2026, 2, 10))])
    assert clock.promised_deadline == date(2026, 3, 16)
    assert not clock.stopped


def test_special_procedure_time_does_not_count():
    case = case_with()
    events = [
        event(case, "accept", (2026, 2, 10)),
        event(case, "suspend", (2026, 3, 2)),
        event(case, "resume", (2026, 3, 6)),
    ]
    # 2026-03-02 (Mon) → 03-06 (Fri): 4 working days after the stop, so the deadline moves 4 working days.
    assert clock_of(case, events).promised_deadline == date(2026, 3, 20)


def test_a_running_stop_moves_the_deadline_with_each_day():
    case = case_with()
    events = [event(case, "accept", (2026, 2, 10)), event(case, "suspend", (2026, 3, 2))]
    clock = clock_of(case, events, today=date(2026, 3, 4))
    assert clock.stopped and clock.promised_deadline == date(2026, 3, 18)


def test_extension_adds_days():
    case = case_with()
    events = [event(case, "accept", (2026, 2, 10)), event(case, "extend", (2026, 3, 10), days=10)]
    assert clock_of(case, events).promised_deadline == date(2026, 3, 30)


def test_natural_days():
    case = case_with(promised=30, statutory=30, unit="natural_day")
    assert clock_of(case, [event(case, "accept", (2026, 9, 20))]).promised_deadline == date(2026, 10, 20)


def test_before_acceptance_there_is_no_deadline():
    case = case_with()
    assert clock_of(case, []).promised_deadline is None


def test_one_warning_setting_moves_the_workbench_api_sweep_and_supervision(client, settings, tmp_path):
    """CASE_WARNING_DAYS is read in one place (clocks.warning_days): with 5, a case due in 4 working days is 临期
    on the workbench inbox and case page, in the API, in the deadline sweep and in the supervision list."""
    from govhall.accounts.tests.factories import staff
    from govhall.cases import clocks
    from govhall.cases.deadlines import sweep_deadlines
    from govhall.cases.tests.api_factories import app_headers
    from govhall.cases.tests.factories import submitted_case
    from govhall.catalog.tests.factories import DepartmentFactory
    from govhall.core.workdays import add_working_days
    from govhall.organisations.constants import Role
    from govhall.supervision.computation import Filters
    from govhall.supervision.selectors import warning_cases

    settings.MEDIA_ROOT = tmp_path
    settings.CASE_WARNING_DAYS = 5
    today = timezone.localdate()
    department = DepartmentFactory(name="区行政审批局")
    case = submitted_case()
    due = add_working_days(today, 4)
    Case.objects.filter(pk=case.pk).update(state="accepted", promised_deadline=due, department=department)
    case.refresh_from_db()
    assert clocks.warning_days() == 5 and clocks.time_left(case, today) == "warning"
    assert client.get(f"/api/v1/cases/{case.number}", headers=app_headers(case.applicant)).json()["time_left"] == (
        "warning"
    )
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=department))
    assert "即将到期" in client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert sweep_deadlines.call()["warning"] == 1
    assert list(warning_cases(Filters(), today)) == [case]
    settings.CASE_WARNING_DAYS = 2
    assert clocks.time_left(case, today) == "ok" and list(warning_cases(Filters(), today)) == []


def test_days_used_leave_out_the_special_procedure_and_the_figures_read_the_same_number():
    """One definition of days used (clocks.days_used): the case page and supervision's 实际提速 agree."""
    from govhall.cases import services
    from govhall.supervision.computation import with_case_facts

    case = case_with(promised=10, statutory=20)
    events = [
        event(case, "accept", (2026, 3, 2)),
        event(case, "suspend", (2026, 3, 4)),
        event(case, "resume", (2026, 3, 6)),  # 03-05 and 03-06 do not count
        event(case, "conclude", (2026, 3, 10)),
    ]
    clock = clock_of(case, events)
    assert clock.used_days == clock.used_statutory_days == 6 - 2  # 03-03 … 03-10: six working days, two stopped
    # act_on stores the same number on 办结, and the figures read it from there.
    live = submitted_case(item=case.item)
    live = services.accept_case(case=live, actor=None, channel="api")
    for act in ("start_review", "pass_step", "approve", "conclude"):
        live = services.act_on(case=live, act=act, actor=None, channel="api")
    live.refresh_from_db()
    expected = clock_of(live, list(live.events.order_by("at", "pk"))).used_statutory_days
    assert live.days_used == expected
    assert with_case_facts(Case.objects.filter(pk=live.pk)).get().used == expected
