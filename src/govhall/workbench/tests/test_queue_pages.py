"""The window screen /workbench/queue/: windows of the clerk's halls only, 叫号 → 开始办理 → 办结 with a case number,
refusals as messages, other halls' windows not found."""

import pytest
from django.urls import reverse

from govhall.cases.tests.factories import submitted_case
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
