"""A window's acts: 叫号 in the priority order over the window's groups, 重呼, 过号, 开始办理, 转组 keeping the place,
办结 linking the case and its visit record; each an event and an audit row; only staff placed in the hall act."""

import pytest

from govhall.cases.models import Visit
from govhall.cases.tests.factories import submitted_case
from govhall.core.models import AuditEvent
from govhall.organisations.models import Window
from govhall.queueing import services
from govhall.queueing.constants import TicketAct, TicketPriority, TicketState
from govhall.queueing.models import Ticket, TicketEvent
from govhall.queueing.tests.factories import clerk_at, hall_floor, ticket


@pytest.fixture
def floor(db):
    return hall_floor()


def test_call_next_takes_the_first_in_order_over_the_windows_groups(floor):
    hall, a, b, _one, two = floor
    clara = clerk_at(hall)
    ticket(a, minutes_ago=10)
    booked = ticket(b, priority=TicketPriority.APPOINTMENT)
    called = services.call_next(window=two, staff=clara)
    assert called == booked
    assert (called.state, called.window, called.served_by) == (TicketState.CALLED, two, clara)
    assert called.called_at is not None
    assert TicketEvent.objects.filter(ticket=called, act=TicketAct.CALL, window=two).exists()
    assert AuditEvent.objects.filter(action="queue.call", object_id=str(called.pk), actor_label="clara").exists()


def test_a_window_only_calls_its_own_groups_and_none_when_nobody_waits(floor):
    hall, _a, b, one, _two = floor
    clara = clerk_at(hall)
    ticket(b)
    assert services.call_next(window=one, staff=clara) is None


def test_a_window_with_a_called_ticket_cannot_call_another(floor):
    hall, a, _b, one, _two = floor
    clara = clerk_at(hall)
    ticket(a), ticket(a)
    services.call_next(window=one, staff=clara)
    with pytest.raises(services.QueueError, match="请先办结"):
        services.call_next(window=one, staff=clara)


def test_closed_windows_and_staff_of_other_halls_are_refused(floor):
    hall, a, _b, one, _two = floor
    other_hall, *_ = hall_floor()
    otto = clerk_at(other_hall, "otto")
    ticket(a)
    with pytest.raises(services.QueueError, match="不在该大厅"):
        services.call_next(window=one, staff=otto)
    Window.objects.filter(pk=one.pk).update(is_open=False)
    with pytest.raises(services.QueueError, match="已关闭"):
        services.call_next(window=one, staff=clerk_at(hall))


def test_recall_skip_and_start(floor):
    hall, a, _b, one, _two = floor
    clara = clerk_at(hall)
    first, second = ticket(a), ticket(a)
    called = services.call_next(window=one, staff=clara)
    assert services.recall(ticket=called, staff=clara).recalls == 1
    assert services.skip(ticket=called, staff=clara).state == TicketState.SKIPPED
    with pytest.raises(services.QueueError, match="不能重呼"):
        services.recall(ticket=called, staff=clara)
    nxt = services.call_next(window=one, staff=clara)
    assert nxt == second and first == called
    started = services.start(ticket=nxt, staff=clara)
    assert started.state == TicketState.SERVING and started.started_at is not None
    with pytest.raises(services.QueueError, match="不能过号"):
        services.skip(ticket=nxt, staff=clara)
    acts = list(TicketEvent.objects.filter(ticket=called).values_list("act", flat=True))
    assert acts == [TicketAct.TAKE, TicketAct.CALL, TicketAct.RECALL, TicketAct.SKIP]


def test_staff_of_another_hall_cannot_act_on_a_called_ticket(floor):
    hall, a, _b, one, _two = floor
    ticket(a)
    called = services.call_next(window=one, staff=clerk_at(hall))
    other_hall, *_ = hall_floor()
    with pytest.raises(services.QueueError, match="不在您的窗口"):
        services.skip(ticket=called, staff=clerk_at(other_hall, "otto"))


def test_transfer_keeps_class_and_place(floor, settings):
    settings.QUEUE_STARVATION_MINUTES = 0
    hall, a, b, one, two = floor
    clara = clerk_at(hall)
    elderly = ticket(a, priority=TicketPriority.PRIORITY, minutes_ago=15)
    ticket(b, priority=TicketPriority.PRIORITY, minutes_ago=5)
    called = services.call_next(window=one, staff=clara)
    moved = services.transfer(ticket=called, staff=clara, group=b)
    called.refresh_from_db()
    assert called.state == TicketState.TRANSFERRED
    assert (moved.group, moved.display_number, moved.priority) == (b, "B002", TicketPriority.PRIORITY)
    assert moved.taken_at == elderly.taken_at and moved.transferred_from == called
    assert services.call_next(window=two, staff=clara) == moved  # taken earlier than B001: called first
    with pytest.raises(services.QueueError, match="另一个窗口分组"):
        services.transfer(ticket=moved, staff=clara, group=b)


def test_finish_links_the_case_and_a_new_visit(floor):
    hall, a, _b, one, _two = floor
    case = submitted_case()
    clara = clerk_at(hall, department=case.department)
    ticket(a)
    called = services.call_next(window=one, staff=clara)
    done = services.finish(ticket=called, staff=clara, case_number=case.number.lower())
    assert (done.state, done.case, done.started_at) == (TicketState.DONE, case, done.called_at)
    assert done.visit.case == case and done.visit.hall == hall and "A001" in done.visit.purpose
    assert Visit.objects.filter(case=case).count() == 1


def test_finish_links_the_visit_the_window_recorded_while_serving(floor):
    hall, a, _b, one, _two = floor
    ticket(a)
    case = submitted_case()
    clara = clerk_at(hall, department=case.department)
    called = services.call_next(window=one, staff=clara)
    filed_here = Visit.objects.create(case=case, hall=hall, purpose="窗口提交申请", recorded_by=clara)
    done = services.finish(ticket=called, staff=clara, case_number=case.number)
    assert done.visit == filed_here and Visit.objects.filter(case=case).count() == 1


def test_finish_without_a_case_and_with_a_case_out_of_reach(floor):
    hall, a, _b, one, _two = floor
    clara = clerk_at(hall)
    ticket(a), ticket(a)
    called = services.call_next(window=one, staff=clara)
    other_case = submitted_case()  # another department's
    with pytest.raises(services.QueueError, match="无权"):
        services.finish(ticket=called, staff=clara, case_number=other_case.number)
    assert Ticket.objects.get(pk=called.pk).state == TicketState.CALLED
    done = services.finish(ticket=called, staff=clara)
    assert done.state == TicketState.DONE and done.case is None and done.visit is None
