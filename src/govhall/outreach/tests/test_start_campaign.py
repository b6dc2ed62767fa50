"""Starting a campaign: who is included, who is held out, what is refused, and the audit row."""

from datetime import date

import pytest

from govhall.accounts.constants import AccountKind
from govhall.accounts.models import User
from govhall.accounts.tests.factories import person, staff
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role
from govhall.outreach import selectors
from govhall.outreach.constants import ContactGroup
from govhall.outreach.models import Contact
from govhall.outreach.services import OutreachError, holdout_order, start_campaign
from govhall.outreach.tests.factories import at, filed, online_item, supervisor, window_item

pytestmark = pytest.mark.django_db

MAY = selectors.Period(start=date(2026, 5, 1), end=date(2026, 5, 31))


@pytest.fixture
def pension():
    return online_item(1, "城乡居民养老保险参保登记")


def start(actor, items, **options):
    values = {"period": MAY, "message": "您办理的事项可以全程网办。", "holdout_percent": 0, "channel": "web"}
    return start_campaign(actor=actor, items=items, **(values | options))


def test_everyone_found_is_included_once_with_their_items(pension):
    social = online_item(2, "社会保障卡申领")
    alice, bob = person("alice"), person("bob", number=1)
    filed(alice, pension, at("2026-05-03"))
    filed(alice, pension, at("2026-05-04"))
    filed(alice, social, at("2026-05-05"))
    filed(bob, social, at("2026-05-05"))
    filed(bob, pension, at("2026-05-05"), channel="web")
    campaign = start(supervisor(), [pension, social])
    contacts = {c.person_id: c for c in Contact.objects.filter(campaign=campaign).prefetch_related("items")}
    assert set(contacts) == {alice.pk, bob.pk}
    assert {i.name for i in contacts[alice.pk].items.all()} == {"城乡居民养老保险参保登记", "社会保障卡申领"}
    assert contacts[alice.pk].window_cases == 3
    assert [i.name for i in contacts[bob.pk].items.all()] == ["社会保障卡申领"]
    event = AuditEvent.objects.get(action="outreach.start_campaign")
    assert event.actor.username == "supervisor"
    assert event.detail["contacted"] == 2 and event.detail["holdout"] == 0
    # Started again at once: everyone was just included, so nobody is left.
    with pytest.raises(OutreachError, match="没有需要引导"):
        start(supervisor("supervisor2"), [pension, social])


def test_the_holdout_is_the_stated_share_chosen_reproducibly(pension):
    # Ten people: the profile factory knows five ID numbers, so these are accounts without a real-name profile.
    people = [User.objects.create_user(username=f"p{n}", kind=AccountKind.PERSON) for n in range(10)]
    for someone in people:
        filed(someone, pension, at("2026-05-03"))
    campaign = start(supervisor(), [pension], holdout_percent=30)
    held = set(Contact.objects.filter(campaign=campaign, group=ContactGroup.HOLDOUT).values_list("person", flat=True))
    expected = sorted((p.pk for p in people), key=lambda pk: holdout_order(campaign.pk, pk))[:3]
    assert held == set(expected)
    assert Contact.objects.filter(campaign=campaign, group=ContactGroup.CONTACTED).count() == 7


def test_refusals(pension):
    alice = person("alice")
    filed(alice, pension, at("2026-05-03"))
    food = window_item(3, "食品经营许可（新办）")
    filed(alice, food, at("2026-05-03"))
    clerk = staff("clerk", Role.WINDOW_CLERK)
    with pytest.raises(OutreachError, match="只有效能监察人员"):
        start(clerk, [pension])
    boss = supervisor()
    with pytest.raises(OutreachError, match="全程网办"):
        start(boss, [food])
    with pytest.raises(OutreachError, match="引导内容"):
        start(boss, [pension], message="  ")
    with pytest.raises(OutreachError, match="对照组比例"):
        start(boss, [pension], holdout_percent=60)
    with pytest.raises(OutreachError, match="晚于今天"):
        start(boss, [pension], period=selectors.Period(start=date(2026, 5, 1), end=date(2099, 1, 1)))
    with pytest.raises(OutreachError, match="至少选择"):
        start(boss, [])
    assert not Contact.objects.exists()
    assert not AuditEvent.objects.filter(action="outreach.start_campaign").exists()
