"""The candidates page (/outreach/): supervisors only, filters and counts, masked people, every view audited."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import person, staff
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role
from govhall.organisations.roles import ROLE_PERMISSIONS
from govhall.outreach.tests.factories import at, filed, online_item, supervisor

pytestmark = pytest.mark.django_db
URL = reverse("outreach:candidates")
MAY = {"start": "2026-05-01", "end": "2026-05-31"}


@pytest.fixture
def alice():
    alice = person("alice", phone="13812345678")
    filed(alice, online_item(1, "城乡居民养老保险参保登记"), at("2026-05-03"))
    return alice


@pytest.mark.parametrize("who", ["citizen", "clerk", "catalog"])
def test_only_supervision_staff(client, who):
    users = {
        "citizen": lambda: person("bob", number=1),
        "clerk": lambda: staff("clerk", Role.WINDOW_CLERK),
        "catalog": lambda: staff("catalog", Role.CATALOG_MANAGER),
    }
    client.force_login(users[who]())
    assert client.get(URL, MAY).status_code == 403
    assert client.get(reverse("outreach:start"), MAY).status_code == 403
    assert client.get(reverse("outreach:campaigns")).status_code == 403


def test_signed_out_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_lists_masked_people_with_counts_and_audits(client, alice):
    boss = supervisor()
    client.force_login(boss)
    response = client.get(URL, MAY)
    assert response.status_code == 200
    html = response.content.decode()
    assert "138****5678" in html and "13812345678" not in html
    assert "测试*****" in html and "测试alice" not in html
    assert "城乡居民养老保险参保登记" in html
    assert response.context["summary"].people == 1
    assert "向这些群众发起引导网办" in html
    event = AuditEvent.objects.get(action="outreach.view_candidates")
    assert event.actor == boss
    assert event.detail["people"] == [alice.pk] and event.detail["masked"] is True
    assert event.detail["period"] == ["2026-05-01", "2026-05-31"]


def test_view_without_escalate_sees_no_start_button(client, alice, monkeypatch):
    monkeypatch.setitem(ROLE_PERMISSIONS, Role.SUPERVISOR, frozenset({"supervision.view"}))
    client.force_login(supervisor())
    html = client.get(URL, MAY).content.decode()
    assert "测试*****" in html and "向这些群众发起引导网办" not in html
    assert client.get(reverse("outreach:start"), MAY).status_code == 403


def test_bad_filters_are_told(client):
    client.force_login(supervisor())
    response = client.get(URL, {"start": "2026-05-31", "end": "2026-05-01"})
    assert response.status_code == 400
    assert "截止日期不能早于起始日期" in response.content.decode()
    assert client.get(URL, {"start": "2026-05-01", "end": "2099-01-01"}).status_code == 400
    assert client.get(URL, MAY | {"item": "abc"}).status_code == 400
    assert not AuditEvent.objects.filter(action="outreach.view_candidates").exists()


def test_default_period_is_the_last_ninety_days(client):
    client.force_login(supervisor())
    response = client.get(URL)
    assert response.status_code == 200
    period = response.context["period"]
    assert (period.end - period.start).days == 89


def test_the_page_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    item = online_item(1, "城乡居民养老保险参保登记")
    for n in range(5):
        filed(person(f"p{n}", number=n), item, at("2026-05-03"))
    client.force_login(supervisor())
    client.get(URL, MAY)
    with django_assert_max_num_queries(15):
        response = client.get(URL, MAY)
    assert len(response.context["rows"]) == 5
