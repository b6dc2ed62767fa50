"""Factories for the catalog. `published_item(...)` gives an item with a published, complete guide (the common case);
ItemFactory alone gives the bare identity row."""

from typing import Any

import factory

from govhall.catalog.models import Item, LifeEvent, Synonym, Theme
from govhall.catalog.schema import GuideIn
from govhall.catalog.services import put_item
from govhall.core.constants import Channel
from govhall.organisations.models import Department, Hall

AREA = "511602000000"
USCC = "11511301008778220W"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"区测试局{n}")
    area_code = AREA
    consult_phone = "0826-2222222"
    complaint_phone = "12345"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    implementation_code = factory.Sequence(lambda n: f"511A{n:010d}-{AREA}-000-{USCC}-1-00")
    basic_code = factory.LazyAttribute(lambda o: o.implementation_code.split("-")[0])
    name = factory.Sequence(lambda n: f"测试事项{n}")
    department = factory.SubFactory(DepartmentFactory)
    area_code = AREA
    item_type = "20"


def guide_data(**overrides: Any) -> dict[str, Any]:
    """A complete guide that keeps every consistency rule: a 行政许可 with all five steps, one material, no fee."""
    number = overrides.pop("number", 1)
    data: dict[str, Any] = {
        "implementation_code": f"511A{number:010d}-{AREA}-000-{USCC}-1-00",
        "department": "区行政审批局",
        "area_code": AREA,
        "name": "食品经营许可（新办）",
        "item_type": "01",
        "audiences": ["enterprise", "natural_person"],
        "keywords": "开饭店,开餐馆",
        "summary": "从事食品销售和餐饮服务活动，应当依法取得食品经营许可。",
        "conditions": "有与经营的食品品种、数量相适应的经营场所。",
        "statutory_limit": 20,
        "promised_limit": 5,
        "visits": 1,
        "visit_reason": "需现场核查经营场所",
        "online_stages": ["consult", "receive", "prereview", "accept", "handle", "result_feedback"],
        "result_type": "licence",
        "result_name": "食品经营许可证",
        "consult_phone": "0826-2345678",
        "complaint_phone": "12345",
        "materials": [{"name": "食品经营许可申请书", "originals": 1}],
        "steps": [{"name": name, "office": "审批科"} for name in ("受理", "审查", "决定", "办结", "送达")],
        "faqs": [{"question": "可以网上申请吗？", "answer": "可以，在本网站在线申报。"}],
    }
    data.update(overrides)
    return data


def published_item(**overrides: Any) -> Item:
    guide = GuideIn.model_validate(guide_data(**overrides))
    item, _ = put_item(guide=guide, actor=None, channel=Channel.SYSTEM)
    from govhall.catalog.indexing import items_for_indexing, reindex_items

    reindex_items(items_for_indexing().filter(pk=item.pk))
    item.refresh_from_db()
    return item


class HallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hall

    name = factory.Sequence(lambda n: f"测试便民服务中心{n}")
    slug = factory.Sequence(lambda n: f"hall-{n}")
    code = factory.Sequence(lambda n: f"T{n:04d}")
    area_code = AREA
    address = "广安区金安大道二段 1 号"
    phone = "0826-2100000"
    opening_hours = "周一至周五 9:00-12:00，13:30-17:30"
    latitude = "30.474000"
    longitude = "106.633000"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"主题{n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    audience = "person"


class LifeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeEvent

    name = factory.Sequence(lambda n: f"一件事{n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    audience = "person"
    description = "一次告知、一表申请。"


class SynonymFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Synonym
        django_get_or_create = ["term"]

    term = "开饭店"
    expansions = "餐饮,食品经营"
