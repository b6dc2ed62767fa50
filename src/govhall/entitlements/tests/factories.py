"""免申即享 test data: 高龄津贴 (aged 80 and over by 户籍信息) and 残疾人两项补贴 (holding a 残疾人证 in the licence
library), and the people they find."""

from typing import Any

from govhall.accounts.models import User
from govhall.accounts.tests.factories import person
from govhall.catalog.models import Item
from govhall.catalog.tests.factories import published_item
from govhall.contrib.demo.shared_data import ELDERLY
from govhall.core.crypto import blind_index
from govhall.entitlements.models import BenefitCondition, BenefitPolicy
from govhall.sharing.tests.factories import resource


def benefit_item(number: int = 20, name: str = "高龄津贴申领", **overrides: Any) -> Item:
    values = {"number": number, "name": name, "result_type": "approval", "result_name": "津贴发放通知"}
    return published_item(**(values | overrides))


def elderly(username: str = "zhao", *, number: int = 3) -> User:
    """A real-name user whose resident ID is the demo's 赵六 (born 1940)."""
    user = person(username, number=number)
    user.person.real_name = "赵六"
    user.person.document_number = ELDERLY
    user.person.document_index = blind_index(ELDERLY)
    user.person.save(update_fields=["real_name", "document_number", "document_index"])
    return user


def policy(code: str, name: str, item: Item, conditions: list[dict[str, Any]], **extra: Any) -> BenefitPolicy:
    made = BenefitPolicy.objects.create(
        code=code, name=name, item=item, department=item.department, summary=extra.pop("summary", ""), **extra
    )
    for position, condition in enumerate(conditions):
        BenefitCondition.objects.create(policy=made, position=position, **condition)
    return made


def elderly_allowance() -> BenefitPolicy:
    item = benefit_item()
    household = resource("household", items=[item])
    condition = {"resource": household, "field": "birth_date", "operator": "age_gte", "value": "80"}
    return policy("gaoling", "高龄津贴", item, [condition], summary="年满 80 周岁的老年人按月领取高龄津贴。")


def disability_allowance(licence_type_code: str) -> BenefitPolicy:
    item = benefit_item(21, "残疾人两项补贴申领")
    library = resource("licence_library", items=[item])
    condition = {"resource": library, "licence_type_code": licence_type_code, "operator": "exists"}
    return policy("canbu", "残疾人两项补贴", item, [condition])
