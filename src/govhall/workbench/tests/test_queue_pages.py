"""The window screen /workbench/queue/: windows of the clerk's halls only, 叫号 → 开始办理 → 办结 with a case number,
refusals as messages, other halls' windows not found; a clerk placed in two halls calls only in the hall of the window
chosen; roles that may not call (organisations/roles.py) get 403."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import staff
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.organisations.constants import Role
from govhall.organisations.models import StaffMembership
from govhall.organisations.roles import permissions_of
from govhall.queueing.constants import TicketState
from govhall.queueing.models import Ticket
from govhall.queueing.tests.factories import citizen, clerk_at, hall_floor, ticket


@pytest.fixture
def floor(db):
    return hall_floor()


def test_only_windows_of_the_clerks_halls_are_offered(client, floor):
    hall, *_ = floor
    other_hall, *_ = hall_floor()
    client.force_login(clerk_at(hall))
    page = client.get(reverse("workbench:queue"))
    assert page.status_code == 200 and hall.name in page.text and other_hall.name not in page.text


def test_call_start_and_finish_with_a_case(client, floor):
    hall, a, _b, one, _two = floor
    case = submitted_case()
    client.force_login(clerk_at(hall, department=case.department))
    ticket(a)
    called = client.post(reverse("workbench:queue_act", args=[one.pk, "call"]), follow=True)
    assert "已叫号：A001" in called.text and "开始办理" in called.text
    current = Ticket.objects.get(state=TicketState.CALLED)
    client.post(reverse("workbench:queue_act", args=[one.pk, "start"]), {"ticket": current.pk})
    done = client.post(
        reverse("workbench:queue_act", args=[one.pk, "finish"]),
        {"ticket": current.pk, "case_number": case.number},
        follow=True,
    )
    assert "A001 已办结" in done.text
    current.refresh_from_db()
    assert current.state == TicketState.DONE and current.case == case and current.visit is not None


def test_refusals_are_messages_and_nobody_waiting_is_said(client, floor):
    hall, a, b, one, two = floor
    client.force_login(clerk_at(hall))
    empty = client.post(reverse("workbench:queue_act", args=[one.pk, "call"]), follow=True)
    assert "当前没有等候的号码" in empty.text
    ticket(a)
    client.post(reverse("workbench:queue_act", args=[one.pk, "call"]))
    current = Ticket.objects.get(state=TicketState.CALLED)
    stale = client.post(reverse("workbench:queue_act", args=[two.pk, "skip"]), {"ticket": current.pk}, follow=True)
    assert "该号码已不在本窗口" in stale.text
    bad = client.post(
        reverse("workbench:queue_act", args=[one.pk, "transfer"]), {"ticket": current.pk, "group": "x"}, follow=True
    )
    assert "另一个窗口分组" in bad.text
    moved = client.post(
        reverse("workbench:queue_act", args=[one.pk, "transfer"]), {"ticket": current.pk, "group": b.pk}, follow=True
    )
    assert "新号码 B001" in moved.text


def test_other_halls_windows_and_citizens_are_refused(client, floor):
    _hall, _a, _b, one, _two = floor
    other_hall, *_ = hall_floor()
    client.force_login(clerk_at(other_hall, "otto"))
    assert client.post(reverse("workbench:queue_act", args=[one.pk, "call"])).status_code == 404
    assert client.post(reverse("workbench:queue_act", args=[one.pk, "dance"])).status_code == 404
    client.force_login(citizen())
    assert client.get(reverse("workbench:queue")).status_code == 403


def test_the_inbox_leads_to_the_window_screen(client, floor):
    hall = floor[0]
    client.force_login(clerk_at(hall))
    inbox = client.get(reverse("workbench:inbox"))
    assert f'href="{reverse("workbench:queue")}"' in inbox.content.decode()


def test_a_clerk_placed_in_two_halls_sees_and_calls_only_in_the_hall_of_the_chosen_window(client, floor):
    hall, a, _b, one, _two = floor
    other_hall, other_a, _ob, other_one, _ot = hall_floor()
    clara = clerk_at(hall)
    StaffMembership.objects.create(
        user=clara, department=DepartmentFactory(), role=Role.WINDOW_CLERK, hall=other_hall
    )  # a second place, in another department and hall
    client.force_login(clara)
    ticket(other_a, minutes_ago=30), ticket(other_a, minutes_ago=20)  # waiting longer, in the other hall
    ticket(a)
    both = client.get(reverse("workbench:queue")).text
    assert hall.name in both and other_hall.name in both  # both halls' windows to choose from
    screen = client.get(reverse("workbench:queue"), {"window": one.pk}).text
    assert "1 人" in screen and "2 人" not in screen  # the board counts this hall's waiting only
    client.post(reverse("workbench:queue_act", args=[one.pk, "call"]))
    called = Ticket.objects.get(state=TicketState.CALLED)
    assert (called.hall, called.display_number, called.window) == (hall, "A001", one)
    client.post(reverse("workbench:queue_act", args=[one.pk, "skip"]), {"ticket": called.pk})  # the window is free
    nobody = client.post(reverse("workbench:queue_act", args=[one.pk, "call"]), follow=True)
    assert "当前没有等候的号码" in nobody.text  # the other hall's two waiting are not this window's
    assert Ticket.objects.filter(hall=other_hall, state=TicketState.WAITING).count() == 2
    client.post(reverse("workbench:queue_act", args=[other_one.pk, "call"]))
    assert Ticket.objects.get(state=TicketState.CALLED).window == other_one


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.SUPERVISOR, Role.CATALOG_MANAGER, Role.REVIEWER])
def test_a_role_that_may_not_call_is_refused_with_403(client, floor, role):
    hall, a, _b, one, _two = floor
    assert "cases.receive" not in permissions_of(role)  # organisations/roles.py: only 窗口人员 call
    olga = staff("olga", role)
    StaffMembership.objects.filter(user=olga).update(hall=hall)
    ticket(a)
    client.force_login(olga)
    page = client.get(reverse("workbench:queue"), {"window": one.pk})
    assert page.status_code == 403
    assert client.post(reverse("workbench:queue_act", args=[one.pk, "call"])).status_code == 403
    assert not Ticket.objects.filter(state=TicketState.CALLED).exists()
