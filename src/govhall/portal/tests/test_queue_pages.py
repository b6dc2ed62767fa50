"""The person's queue pages: 手机取号 (signed in), the own ticket page, the hall calling screen and its event stream,
and the busyness on the service map."""

import json

import pytest
from django.urls import reverse

from govhall.catalog.tests.factories import ItemFactory
from govhall.queueing import services
from govhall.queueing.constants import TicketPriority, TicketSource
from govhall.queueing.models import Ticket
from govhall.queueing.selectors import calls_version
from govhall.queueing.tests.factories import citizen, clerk_at, hall_floor, ticket


@pytest.fixture
def floor(db):
    return hall_floor()


def test_taking_a_ticket_needs_a_signed_in_person(client, floor):
    hall, *_ = floor
    response = client.get(reverse("portal:take_ticket", args=[hall.slug]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_person_takes_a_ticket_on_the_phone_and_sees_it(client, floor):
    hall, a, _b, *_ = floor
    ticket(a), ticket(a)
    client.force_login(citizen())
    page = client.get(reverse("portal:take_ticket", args=[hall.slug]))
    assert "综合受理" in page.text and "不动产登记" in page.text
    response = client.post(reverse("portal:take_ticket", args=[hall.slug]), {"group": a.pk, "priority": "1"})
    mine = Ticket.objects.get(account__username="alice")
    assert response["Location"] == reverse("portal:ticket", args=[mine.pk])
    assert (mine.source, mine.priority, mine.display_number) == (TicketSource.PHONE, TicketPriority.PRIORITY, "A003")
    shown = client.get(response["Location"])
    assert "A003" in shown.text and "前面还有" in shown.text and "0 人" in shown.text  # priority goes first
    assert 'http-equiv="refresh"' in shown.text
    again = client.post(reverse("portal:take_ticket", args=[hall.slug]), {"group": a.pk})
    assert again["Location"] == reverse("portal:ticket", args=[mine.pk])  # the one they hold
    assert Ticket.objects.filter(account__username="alice").count() == 1


def test_a_bad_group_is_a_400_with_a_message(client, floor):
    hall, *_ = floor
    _other_hall, other_a, *_ = hall_floor()
    client.force_login(citizen())
    for value in ["", "²", str(other_a.pk)]:
        response = client.post(reverse("portal:take_ticket", args=[hall.slug]), {"group": value})
        assert response.status_code == 400 and "请选择要办理的业务分组" in response.text
    assert client.get(reverse("portal:take_ticket", args=["no-such-hall"])).status_code == 404


def test_a_ticket_page_is_its_owners_only(client, floor):
    _hall, a, *_ = floor
    theirs = ticket(a, account=citizen("bob", 1), source=TicketSource.PHONE)
    client.force_login(citizen())
    assert client.get(reverse("portal:ticket", args=[theirs.pk])).status_code == 404


def test_a_called_ticket_says_where_to_go(client, floor):
    hall, a, _b, one, _two = floor
    alice = citizen()
    mine = ticket(a, account=alice, source=TicketSource.PHONE)
    services.call_next(window=one, staff=clerk_at(hall))
    client.force_login(alice)
    assert "请 A001 号到 1 号窗口办理" in client.get(reverse("portal:ticket", args=[mine.pk])).text


def test_the_calling_screen_shows_calls_and_refreshes_without_javascript(client, floor):
    hall, a, b, one, two = floor
    clara = clerk_at(hall)
    ticket(a), ticket(b, priority=TicketPriority.APPOINTMENT)
    services.call_next(window=one, staff=clara)
    services.call_next(window=two, staff=clara)
    page = client.get(reverse("portal:hall_calls", args=[hall.slug]))
    assert page.status_code == 200
    assert "请 B001 号到 2 号窗口办理" in page.text and "A001" in page.text
    assert '<noscript><meta http-equiv="refresh"' in page.text
    assert "js/queue-calls.js" in page.text and "<script>" not in page.text
    assert "data:image/svg+xml" in page.text  # the QR code to take a ticket


def test_the_event_stream_sends_calls_after_the_last_seen(client, floor, settings):
    settings.QUEUE_STREAM_SECONDS = 0  # one look, then the stream ends (the browser would reconnect)
    hall, a, _b, one, _two = floor
    clara = clerk_at(hall)
    ticket(a), ticket(a)
    first = services.call_next(window=one, staff=clara)
    url = reverse("portal:hall_call_stream", args=[hall.slug])
    empty = client.get(url)
    assert empty["Content-Type"].startswith("text/event-stream") and empty["Cache-Control"] == "no-cache"
    assert "event: call" not in b"".join(empty.streaming_content).decode()  # only what comes after opening
    services.recall(ticket=first, staff=clara)
    body = b"".join(client.get(url, {"after": "0"}).streaming_content).decode()
    assert body.startswith("retry: ")
    assert body.count("event: call") == 2 and "请 A001 号到 1 号窗口办理" in body
    last = body.split("id: ")[-1].split("\n")[0]
    resumed = b"".join(client.get(url, headers={"Last-Event-ID": last}).streaming_content).decode()
    assert "event: call" not in resumed


def _events(body: str, name: str) -> list[dict]:
    return [json.loads(block.split("data: ", 1)[1]) for block in body.split("\n\n") if f"event: {name}\n" in block]


def test_the_event_stream_carries_the_people_waiting_per_group(client, floor, settings):
    settings.QUEUE_STREAM_SECONDS = 0
    hall, a, b, one, _two = floor
    ticket(a), ticket(a), ticket(b)
    url = reverse("portal:hall_call_stream", args=[hall.slug])
    body = b"".join(client.get(url).streaming_content).decode()
    (first,) = _events(body, "waiting")  # sent at once, so a screen that reconnects is up to date
    assert first["groups"] == [
        {"group": a.pk, "code": "A", "waiting": 2, "text": "2 人"},
        {"group": b.pk, "code": "B", "waiting": 1, "text": "1 人"},
    ]
    services.call_next(window=one, staff=clerk_at(hall))
    ticket(b)
    body = b"".join(client.get(url).streaming_content).decode()
    (after,) = _events(body, "waiting")
    assert [(g["code"], g["waiting"]) for g in after["groups"]] == [("A", 1), ("B", 2)]
    assert len(_events(body, "call")) == 0  # the call came before this stream opened (?after= the page's last id)


def test_the_stream_sends_the_counts_again_only_when_they_change(client, floor, settings, monkeypatch):
    settings.QUEUE_STREAM_SECONDS = 3
    hall, a, _b, _one, _two = floor
    ticket(a)
    clock = [0.0]
    changes = {2: lambda: ticket(a)}  # nothing changes in the first second, a ticket is taken in the second

    def sleep(seconds: float) -> None:
        clock[0] += seconds
        changes.get(int(clock[0]), lambda: None)()

    monkeypatch.setattr("govhall.portal.queue_views.time.monotonic", lambda: clock[0])
    monkeypatch.setattr("govhall.portal.queue_views.time.sleep", sleep)
    monkeypatch.setattr("govhall.portal.queue_views.DATABASE_EVERY", 1)  # read each look (no shared cache in tests)
    body = b"".join(client.get(reverse("portal:hall_call_stream", args=[hall.slug])).streaming_content).decode()
    assert [g["waiting"] for e in _events(body, "waiting") for g in e["groups"][:1]] == [1, 2]


def test_the_calling_screen_names_each_groups_count_for_the_script(client, floor):
    hall, _a, b, *_ = floor
    ticket(b)
    page = client.get(reverse("portal:hall_calls", args=[hall.slug]))
    assert f'<li data-group="{b.pk}">' in page.text and "<strong data-waiting>1 人</strong>" in page.text


def test_the_service_map_shows_how_busy_a_hall_is(client, floor):
    _hall, a, *_ = floor
    for _ in range(3):
        ticket(a)
    page = client.get(reverse("portal:halls"))
    assert "排队情况" in page.text and "3 人等候" in page.text and "空闲" in page.text


def test_a_committed_call_moves_the_halls_calls_counter_on(floor, django_capture_on_commit_callbacks):
    hall, a, _b, one, _two = floor
    clara = clerk_at(hall)
    ticket(a)
    before = calls_version(hall.pk)
    with django_capture_on_commit_callbacks(execute=True):
        called = services.call_next(window=one, staff=clara)
    with django_capture_on_commit_callbacks(execute=True):
        services.recall(ticket=called, staff=clara)
    with django_capture_on_commit_callbacks(execute=True):
        services.start(ticket=called, staff=clara)  # neither a call nor a change of the people waiting
    assert calls_version(hall.pk) == before + 2
    with django_capture_on_commit_callbacks(execute=True):
        ticket(a)  # one more waiting: the screens look, to show the count
    assert calls_version(hall.pk) == before + 3


def test_a_transferred_ticket_page_leads_to_the_new_ticket(client, floor):
    hall, a, b, one, _two = floor
    alice = citizen()
    mine = ticket(a, account=alice, source=TicketSource.PHONE)
    clara = clerk_at(hall)
    moved = services.transfer(ticket=services.call_next(window=one, staff=clara), staff=clara, group=b)
    client.force_login(alice)
    response = client.get(reverse("portal:ticket", args=[mine.pk]))
    assert response["Location"] == reverse("portal:ticket", args=[moved.pk])
    assert "B001" in client.get(response["Location"]).text


def test_a_ticket_for_an_item_from_its_guide(client, floor):
    hall, _a, b, *_ = floor
    item = ItemFactory(name="不动产转移登记")
    b.items.add(item)
    client.force_login(citizen())
    url = reverse("portal:take_ticket", args=[hall.slug])
    page = client.get(url, {"item": item.implementation_code})
    assert "办理事项：不动产转移登记" in page.text and f'value="{b.pk}" checked' in page.text
    client.post(url, {"group": b.pk, "item": item.implementation_code})
    assert Ticket.objects.get(account__username="alice").item == item


def test_the_service_map_reads_busyness_in_a_fixed_number_of_queries(client, floor, django_assert_max_num_queries):
    for _ in range(3):
        hall_floor()
    client.get(reverse("portal:halls"))  # warm: sessions, caches
    with django_assert_max_num_queries(12):
        page = client.get(reverse("portal:halls"))
    assert page.text.count("排队情况") == 4
