"""Who the outreach finds: people who filed, at a window and within the period, an item that can be done fully online,
and who have not been in a campaign for that item within RECONTACT_DAYS."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from govhall.accounts.tests.factories import person
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.outreach import selectors
from govhall.outreach.models import Campaign, Contact
from govhall.outreach.tests.factories import at, filed, online_item, supervisor, window_item

pytestmark = pytest.mark.django_db

MAY = selectors.Period(start=date(2026, 5, 1), end=date(2026, 5, 31))


@pytest.fixture
def items():
    pension = online_item(1, "城乡居民养老保险参保登记", department="区人力资源和社会保障局")
    social = online_item(2, "社会保障卡申领", department="区人力资源和社会保障局")
    food = window_item(3, "食品经营许可（新办）", department="区市场监督管理局")
    return pension, social, food


def people_of(period=MAY, **options):
    return {row.person_id: row for row in selectors.candidate_page(period, **options)}


def test_window_cases_of_fully_online_items_only(items):
    pension, social, food = items
    alice, bob, carol, dave, erin = (person(name, number=n) for n, name in enumerate("abcde"))
    filed(alice, pension, at("2026-05-03"))
    filed(bob, pension, at("2026-05-03"), channel="web")  # already online
    filed(carol, pension, at("2026-05-03"), channel="mobile")
    filed(dave, food, at("2026-05-03"))  # at a window, but the item needs a visit
    filed(erin, social, at("2026-05-04"), channel="kiosk")  # self-service, not a window
    assert set(people_of()) == {alice.pk}


def test_the_period_is_whole_local_days_both_ends_included(items):
    pension = items[0]
    early, first, last, late = (person(name, number=n) for n, name in enumerate(["early", "first", "last", "late"]))
    filed(early, pension, at("2026-04-30", 23))
    filed(first, pension, at("2026-05-01", 0))
    filed(last, pension, at("2026-05-31", 23))
    filed(late, pension, at("2026-06-01", 0))
    assert set(people_of()) == {first.pk, last.pk}


def test_drafts_are_not_visits(items):
    alice = person("alice")
    filed(alice, items[0], at("2026-05-03"), state="draft")
    assert people_of() == {}


def test_grouped_by_person_with_items_count_last_visit_and_masks(items):
    pension, social, _ = items
    alice = person("alice", phone="13812345678")
    filed(alice, pension, at("2026-05-03"))
    filed(alice, pension, at("2026-05-20"))
    filed(alice, social, at("2026-05-10"))
    bob = person("bob", number=1)
    filed(bob, social, at("2026-05-25"))
    rows = selectors.candidate_page(MAY)
    assert [row.person_id for row in rows] == [bob.pk, alice.pk]  # the most recent visit first
    row = rows[1]
    assert row.items == ["城乡居民养老保险参保登记", "社会保障卡申领"]
    assert row.cases == 3
    assert timezone.localtime(row.last_visit) == at("2026-05-20")
    assert row.name == "测试*****"  # 测试alice, masked as the core mask does
    assert row.phone == "138****5678"
    found = selectors.summary(MAY)
    assert (found.people, found.cases, found.items, found.excluded_people) == (2, 4, 2, 0)


def test_filters_by_item_and_department(items):
    pension, social, _ = items
    other = online_item(4, "残疾人证申领", department="区残联")
    alice, bob = person("alice"), person("bob", number=1)
    filed(alice, pension, at("2026-05-03"))
    filed(bob, other, at("2026-05-03"))
    assert set(people_of(items=[pension])) == {alice.pk}
    assert set(people_of(department=DepartmentFactory(name="区残联"))) == {bob.pk}
    assert set(people_of(items=[social])) == set()


def contacted(user, item, days_ago):
    campaign = Campaign.objects.create(
        started_by=supervisor(f"sup{Campaign.objects.count()}"),
        started_at=timezone.now() - timedelta(days=days_ago),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
        message="可以网办",
    )
    campaign.items.add(item)
    Contact.objects.create(campaign=campaign, person=user).items.add(item)


def test_people_included_recently_for_the_same_item_are_left_out(items):
    pension, social, _ = items
    alice, bob, carol = person("alice"), person("bob", number=1), person("carol", number=2)
    for someone in (alice, bob, carol):
        filed(someone, pension, at("2026-05-03"))
    filed(alice, social, at("2026-05-04"))
    contacted(alice, pension, days_ago=10)  # recently, for pension: only social remains
    contacted(bob, pension, days_ago=91)  # long ago: found again
    contacted(carol, social, days_ago=5)  # for another item: no matter
    found = people_of()
    assert set(found) == {alice.pk, bob.pk, carol.pk}
    assert found[alice.pk].items == ["社会保障卡申领"]
    assert found[alice.pk].cases == 1
    assert selectors.summary(MAY).excluded_people == 1
    assert set(people_of(items=[pension])) == {bob.pk, carol.pk}


def test_the_page_takes_three_queries_whatever_its_size(items, django_assert_num_queries):
    for number in range(5):
        filed(person(f"p{number}", number=number), items[0], at("2026-05-03"))
    with django_assert_num_queries(3):
        assert len(selectors.candidate_page(MAY)) == 5
