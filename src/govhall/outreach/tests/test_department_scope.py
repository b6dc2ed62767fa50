"""Outreach for a supervisor placed in one department (and holding another role elsewhere): candidates, campaign
starts and campaigns of that department only; the supervisor in the government office (区政府办) sees every
department (docs/roles.md: a staff member's rights in a department come only from their role in that department)."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import person, staff
from govhall.organisations.constants import Role
from govhall.organisations.models import StaffMembership
from govhall.outreach.models import Campaign
from govhall.outreach.tests.factories import at, filed, online_item, supervisor

pytestmark = pytest.mark.django_db
MAY = {"start": "2026-05-01", "end": "2026-05-31"}
START = reverse("outreach:start")


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")


@pytest.fixture
def world():
    pension = online_item(1, "城乡居民养老保险参保登记")  # 区行政审批局
    licence = online_item(2, "个体工商户注销登记", department="区市场监管局")
    filed(person("alice", phone="13812345678"), pension, at("2026-05-03"))
    filed(person("bob", number=1, phone="13912345678"), licence, at("2026-05-04"))
    local = staff("local", Role.SUPERVISOR, department=pension.department)
    StaffMembership.objects.create(user=local, department=licence.department, role=Role.WINDOW_CLERK)
    return {"pension": pension, "licence": licence, "local": local}


def campaign_form(item, action="send"):
    return MAY | {"items": [item.pk], "message": "可全程网办。", "holdout_percent": 0, "action": action}


def test_candidates_are_those_of_the_supervisors_own_department(client, world):
    client.force_login(world["local"])
    response = client.get(reverse("outreach:candidates"), MAY)
    assert response.status_code == 200
    assert response.context["summary"].people == 1
    html = response.content.decode()
    assert "138****5678" in html and "139****5678" not in html
    other = world["licence"].department.pk
    assert client.get(reverse("outreach:candidates"), MAY | {"department": other}).status_code == 400
    assert client.get(reverse("outreach:candidates"), MAY | {"item": world["licence"].pk}).status_code == 400


def test_a_campaign_is_started_and_seen_only_within_the_scope(client, world, django_capture_on_commit_callbacks):
    client.force_login(world["local"])
    assert client.post(START, campaign_form(world["licence"])).status_code == 400
    assert not Campaign.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(START, campaign_form(world["pension"])).status_code == 302
    own = Campaign.objects.get()
    client.force_login(supervisor())  # 区政府办: every department
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(START, campaign_form(world["licence"])).status_code == 302
    theirs = Campaign.objects.exclude(pk=own.pk).get()
    assert client.get(reverse("outreach:campaign", args=[own.pk])).status_code == 200
    client.force_login(world["local"])
    assert client.get(reverse("outreach:campaign", args=[own.pk])).status_code == 200
    assert client.get(reverse("outreach:campaign", args=[theirs.pk])).status_code == 404
    listing = client.get(reverse("outreach:campaigns")).content.decode()
    assert "城乡居民养老保险参保登记" in listing and "个体工商户注销登记" not in listing
