"""Factories for licences: a licence type issued by a test department, and `issued(...)` — a real issuance (signed
and logged) through licences.services."""

from typing import Any

import factory

from govhall.accounts.models import User
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.licences import services
from govhall.licences.constants import HolderKind
from govhall.licences.models import Licence, LicenceType

DEPARTMENT_USCC = "11511301008778220W"
SAMR = "11100000000013338W"
PERSON_ID = "11010519491231002X"

PERSON_FIELDS = [
    {"key": "name", "label": "姓名", "source": "holder.name"},
    {"key": "id_number", "label": "公民身份号码", "source": "holder.id"},
    {"key": "address", "label": "住址", "source": "address"},
]
BUSINESS_FIELDS = [
    {"key": "uscc", "label": "统一社会信用代码", "source": "new.uscc"},
    {"key": "name", "label": "名称", "source": "shop_name"},
    {"key": "operator", "label": "经营者", "source": "operator", "personal": True},
    {"key": "premises", "label": "经营场所", "source": "premises"},
    {"key": "scope", "label": "经营范围", "source": "scope"},
]


class LicenceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicenceType

    code = factory.Sequence(lambda n: f"{SAMR}{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"测试证照{n}")
    issuing_department = factory.SubFactory(DepartmentFactory, uscc=DEPARTMENT_USCC)
    issuer_name = factory.LazyAttribute(lambda o: o.issuing_department.name if o.issuing_department else "外部颁证单位")
    issuer_uscc = factory.LazyAttribute(lambda o: o.issuing_department.uscc if o.issuing_department else SAMR)
    holder_kind = HolderKind.PERSON
    fields = factory.LazyFunction(lambda: [dict(field) for field in PERSON_FIELDS])
    validity_years = 5


def issued(
    licence_type: LicenceType | None = None,
    *,
    holder_name: str = "张三丰",
    holder_id: str = PERSON_ID,
    holder_user: User | None = None,
    data: dict[str, Any] | None = None,
    **extra: Any,
) -> Licence:
    licence_type = licence_type or LicenceTypeFactory()
    values = data if data is not None else {"name": holder_name, "id_number": holder_id, "address": "四川省广安市"}
    return services.issue(
        licence_type=licence_type,
        holder_name=holder_name,
        holder_id=holder_id,
        holder_id_type="居民身份证",
        holder_user=holder_user,
        data=values,
        **extra,
    )
