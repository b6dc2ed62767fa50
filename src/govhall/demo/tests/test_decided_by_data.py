"""demo.decided_by_data: the demo 秒批 rules and 免申即享 policies are made once and valid in the condition language."""

import pytest

from govhall.catalog.tests.factories import published_item
from govhall.demo.decided_by_data import load_demo_decided_by_data
from govhall.entitlements.models import BenefitCondition, BenefitPolicy
from govhall.instant.models import InstantRule

pytestmark = pytest.mark.django_db


def test_the_demo_rules_and_policies_are_made_once_and_valid():
    published_item(number=30, name="个体工商户设立登记")
    published_item(number=31, name="80周岁以上老年人高龄津贴发放")
    assert load_demo_decided_by_data() == 2  # no 困难残疾人生活补贴 item: skipped
    assert load_demo_decided_by_data() == 2
    assert [rule.name for rule in InstantRule.objects.all()] == ["名称核验", "住所核验"]
    assert list(BenefitPolicy.objects.values_list("code", flat=True)) == ["gaoling"]
    for made in [*InstantRule.objects.all(), *BenefitCondition.objects.all()]:
        made.full_clean()
    household = InstantRule.objects.first().resource
    assert set(household.items.values_list("name", flat=True)) == {"个体工商户设立登记", "80周岁以上老年人高龄津贴发放"}
