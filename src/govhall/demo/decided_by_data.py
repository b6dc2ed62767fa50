"""The demo's decided-by-data configuration (load_demo, after the catalog): 秒批 rules for 个体工商户设立登记 and the
免申即享 policies 高龄津贴 (户籍信息: aged 80 and over — the demo's 赵六) and 残疾人两项补贴 (a 残疾人证 in the licence
library). Resources are taken by code from the data resource catalog (sharing.demo, loaded before), made if missing; the items
are added to what each resource may be used for. Items the demo catalog lacks are skipped. Safe to run again."""

from django.db import transaction

from govhall.catalog.models import Item
from govhall.entitlements.models import BenefitCondition, BenefitPolicy
from govhall.instant.models import InstantRule, InstantRuleSet
from govhall.licences.demo import DISABILITY_CERTIFICATE
from govhall.organisations.models import Department
from govhall.sharing.constants import LICENCE_LIBRARY
from govhall.sharing.models import DataResource

HOUSEHOLD_FIELDS = [
    {"key": "name", "label": "姓名", "personal": True},
    {"key": "id_number", "label": "公民身份号码", "personal": True},
    {"key": "gender", "label": "性别", "personal": True},
    {"key": "birth_date", "label": "出生日期", "personal": True},
    {"key": "household_address", "label": "户籍地址", "personal": True},
]
DISABILITY_CARD = DISABILITY_CERTIFICATE  # 残疾人证 in the demo licence library (licences.demo)
BUSINESS_ITEM = "个体工商户设立登记"
POLICIES = [
    ("gaoling", "高龄津贴", "80周岁以上老年人高龄津贴发放", "年满 80 周岁的本区户籍老年人按月领取高龄津贴。"),
    ("canbu", "残疾人两项补贴", "困难残疾人生活补贴", "持有第二代残疾人证的困难残疾人领取生活补贴。"),
]


def resource(code: str, item: Item) -> DataResource:
    if code == "household":
        defaults = {
            "name": "户籍信息",
            "provider": "gongan",
            "fields": HOUSEHOLD_FIELDS,
            "department_name": "区公安分局",
        }
    else:
        defaults = {
            "name": "电子证照库",
            "provider": LICENCE_LIBRARY,
            "fields": [],
            "department_name": "区政务服务中心",
        }
    department, _made = Department.objects.get_or_create(
        name=defaults.pop("department_name"), defaults={"area_code": item.area_code or item.department.area_code}
    )
    found, _made = DataResource.objects.get_or_create(code=code, defaults={**defaults, "department": department})
    found.items.add(item)
    return found


@transaction.atomic
def load_demo_decided_by_data() -> int:
    """Make the demo rule set and policies; returns how many were made or brought up to date."""
    done = 0
    business = Item.objects.filter(name=BUSINESS_ITEM).first()
    if business is not None:
        household = resource("household", business)
        rules, _made = InstantRuleSet.objects.get_or_create(
            item=business, defaults={"note": "名称与住所核验通过即秒批"}
        )
        rules.rules.all().delete()
        InstantRule.objects.create(
            rule_set=rules,
            resource=household,
            name="名称核验",
            field="name",
            operator="is_applicant",
            value="real_name",
        )
        InstantRule.objects.create(
            rule_set=rules,
            resource=household,
            name="住所核验",
            position=1,
            field="household_address",
            operator="contains",
            value="广安区",
        )
        done += 1
    for code, name, item_name, summary in POLICIES:
        item = Item.objects.filter(name=item_name).first()
        if item is None:
            continue
        policy, _made = BenefitPolicy.objects.update_or_create(
            code=code, defaults={"name": name, "item": item, "department": item.department, "summary": summary}
        )
        policy.conditions.all().delete()
        if code == "gaoling":
            BenefitCondition.objects.create(
                policy=policy, resource=resource("household", item), field="birth_date", operator="age_gte", value="80"
            )
        else:
            BenefitCondition.objects.create(
                policy=policy,
                resource=resource("licence_library", item),
                licence_type_code=DISABILITY_CARD,
                operator="exists",
            )
        done += 1
    return done
