"""Starting a campaign from the page (preview, then send) and the campaign page with its people and conversion."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import person, staff
from govhall.core.models import AuditEvent
from govhall.notices.models import Notification
from govhall.organisations.constants import Role
from govhall.outreach.models import Campaign
from govhall.outreach.tests.factories import at, filed, online_item, supervisor

pytestmark = pytest.mark.django_db
START = reverse("outreach:start")
MAY = {"start": "2026-05-01", "end": "2026-05-31"}


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms.jsonl")


@pytest.fixture
def pension():
    item = online_item(1, "城乡居民养老保险参保登记")
    filed(person("alice", phone="13812345678"), item, at("2026-05-03"))
    filed(person("bob", number=1), item, at("2026-05-04"))
    return item


def form(item, action, **extra):
    return (
        MAY
        | {"items": [item.pk], "message": "您办理过的事项可全程网办。", "holdout_percent": 0, "action": action}
        | extra
    )


def test_preview_then_send(client, pension, django_capture_on_commit_callbacks):
    client.force_login(supervisor())
    page = client.get(START, MAY | {"item": pension.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["items"] == [pension]
    preview = client.post(START, form(pension, "preview"))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "消息预览" in html and "确认发送给 2 人" in html
    assert f"/cases/apply/{pension.implementation_code}/" in html
    assert not Campaign.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(START, form(pension, "send"))
    campaign = Campaign.objects.get()
    assert sent.status_code == 302 and sent["Location"] == reverse("outreach:campaign", args=[campaign.pk])
    assert Notification.objects.count() == 2
    page = client.get(sent["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "138****5678" in html and "13812345678" not in html
    assert page.context["conversion"].contacted.people == 2
    assert "站内消息、短信" in html
    event = AuditEvent.objects.get(action="outreach.view_campaign")
    assert event.object_id == str(campaign.pk) and len(event.detail["people"]) == 2
    listing = client.get(reverse("outreach:campaigns"))
    assert listing.status_code == 200 and "城乡居民养老保险参保登记" in listing.content.decode()


def test_bad_input_is_told_and_nothing_is_sent(client, pension):
    client.force_login(supervisor())
    response = client.post(START, form(pension, "send", message="", holdout_percent=80))
    assert response.status_code == 400
    assert not Campaign.objects.exists()
    other = online_item(2, "社会保障卡申领")  # no window cases: not a choice
    assert client.post(START, form(other, "send")).status_code == 400
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("chosen", ["99999999999999999999999999", "9223372036854775808", "²", "-1"])
def test_an_odd_item_id_is_told_not_an_error(client, pension, chosen):
    """A chosen id beyond a 64-bit column made SQLite raise OverflowError in the IN (...) lookup: a 500."""
    client.force_login(supervisor())
    response = client.post(START, form(pension, "send") | {"items": [chosen]})
    assert response.status_code == 400
    assert not Campaign.objects.exists()


@pytest.mark.parametrize("item", ["²", "9" * 30, "x"])
def test_an_odd_item_in_the_address_opens_the_form(client, pension, item):
    client.force_login(supervisor())
    assert client.get(START, MAY | {"item": item}).status_code == 200


def test_a_campaign_is_for_supervision_staff_only(client, pension, django_capture_on_commit_callbacks):
    boss = supervisor()
    client.force_login(boss)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(START, form(pension, "send"))
    url = reverse("outreach:campaign", args=[Campaign.objects.get().pk])
    client.force_login(staff("clerk", Role.WINDOW_CLERK))
    assert client.get(url).status_code == 403
    client.force_login(person("carol", number=2))
    assert client.get(url).status_code == 403
    client.force_login(supervisor("supervisor2"))
    assert client.get(url).status_code == 200
    assert client.get(reverse("outreach:campaign", args=[999])).status_code == 404
    assert client.post(url).status_code == 405
