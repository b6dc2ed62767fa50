"""秒批 test data: the 个体工商户设立登记 item with its name and address rules over 户籍信息, and an applicant whose
real name is the demo household record's (张三, IDS[0])."""

from typing import Any

from govhall.accounts.models import User
from govhall.accounts.tests.factories import person
from govhall.catalog.models import Item
from govhall.catalog.tests.factories import published_item
from govhall.instant.models import InstantRule, InstantRuleSet
from govhall.sharing.models import DataResource
from govhall.sharing.tests.factories import resource

NAME_CHECK = {"name": "名称核验", "field": "name", "operator": "is_applicant", "value": "real_name"}
ADDRESS_CHECK = {"name": "住所核验", "field": "household_address", "operator": "contains", "value": "广安区"}


def business_item(**overrides: Any) -> Item:
    values = {"number": 7, "name": "个体工商户设立登记", "result_name": "营业执照"} | overrides
    return published_item(**values)


def applicant(username: str = "alice", *, number: int = 0, real_name: str = "张三") -> User:
    user = person(username, number=number)
    user.person.real_name = real_name
    user.person.save(update_fields=["real_name"])
    return user


def rule_set(
    item: Item, made: DataResource, rules: list[dict[str, Any]] = (NAME_CHECK, ADDRESS_CHECK)
) -> InstantRuleSet:  # type: ignore[assignment]
    rule_set = InstantRuleSet.objects.create(item=item)
    for position, rule in enumerate(rules):
        InstantRule.objects.create(rule_set=rule_set, resource=made, position=position, **rule)
    return rule_set


def business_rules(item: Item | None = None) -> InstantRuleSet:
    item = item or business_item()
    return rule_set(item, resource("household", items=[item]))
