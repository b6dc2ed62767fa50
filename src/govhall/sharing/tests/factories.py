"""Data resources as the demo catalog has them (sharing.demo.RESOURCES), made for a test's items."""

from typing import Any

from govhall.catalog.models import Item
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.sharing.constants import LICENCE_LIBRARY, SharingClass, SubjectKind
from govhall.sharing.models import DataResource, MaterialSource

HOUSEHOLD_FIELDS = [
    {"key": "name", "label": "姓名", "personal": True},
    {"key": "id_number", "label": "公民身份号码", "personal": True},
    {"key": "gender", "label": "性别", "personal": True},
    {"key": "birth_date", "label": "出生日期", "personal": True},
    {"key": "household_address", "label": "户籍地址", "personal": True},
]


def resource(code: str = "household", *, items: list[Item] = (), **extra: Any) -> DataResource:  # type: ignore[assignment]
    defaults: dict[str, Any] = {
        "household": {"name": "户籍信息", "provider": "gongan", "fields": HOUSEHOLD_FIELDS},
        "social_insurance": {
            "name": "社保参保信息",
            "provider": "renshe",
            "fields": [{"key": "insurance", "label": "险种"}, {"key": "state", "label": "参保状态"}],
        },
        "business_licence": {
            "name": "营业执照信息",
            "provider": "shichang",
            "subject_kind": SubjectKind.ORGANISATION,
            "fields": [{"key": "uscc", "label": "统一社会信用代码"}, {"key": "name", "label": "名称"}],
        },
        "licence_library": {"name": "电子证照库", "provider": LICENCE_LIBRARY},
    }.get(code, {"name": code, "provider": code})
    values = {"department": DepartmentFactory(name="区公安分局"), "sharing_class": SharingClass.CONDITIONAL}
    made = DataResource.objects.create(code=code, **(values | defaults | extra))
    made.items.set(items)
    return made


def source(item: Item, material_name: str, made: DataResource, licence_type_code: str = "") -> MaterialSource:
    return MaterialSource.objects.create(
        item=item, material_name=material_name, resource=made, licence_type_code=licence_type_code
    )
