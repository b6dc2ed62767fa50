"""Demo licence types (证照目录) and licences: the types the demo items yield, linked to those items, and the
licences other systems issued (居民身份证, 户口簿) — and one 结婚证 — for each demo citizen, so wallet and once-only
fetching have something to find. Idempotent.

Type codes: the defining authority's 统一社会信用代码 and 3 digits. SAMR's code (11100000000013338W) is real; the other
authorities' codes are demo values with valid check characters."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from govhall.accounts.models import PersonProfile
from govhall.catalog.models import Item
from govhall.licences import selectors, services
from govhall.licences.constants import HolderKind
from govhall.licences.models import LicenceType
from govhall.organisations.models import Department

SAMR = "11100000000013338W"  # 国家市场监督管理总局
NHC = "11100000MB0320853T"  # 国家卫生健康委员会 (demo code)
MCA = "111000000000131169"  # 民政部 (demo code)
CDPF = "11100000MB1643261N"  # 中国残疾人联合会 (demo code)
MPS = "11100000000019703C"  # 公安部 (demo code)

BUSINESS_LICENCE_INDIVIDUAL = f"{SAMR}002"
BUSINESS_LICENCE_COMPANY = f"{SAMR}001"
FOOD_LICENCE = f"{SAMR}010"
PUBLIC_HEALTH_LICENCE = f"{NHC}001"
BIRTH_CERTIFICATE = f"{NHC}002"
MARRIAGE_CERTIFICATE = f"{MCA}001"
DISABILITY_CERTIFICATE = f"{CDPF}001"
RESIDENT_ID_CARD = f"{MPS}001"
HOUSEHOLD_REGISTER = f"{MPS}002"

POLICE = ("广安市公安局广安区分局", "11511300008778693M")


def _f(key: str, label: str, source: str, **extra: Any) -> dict[str, Any]:
    return {"key": key, "label": label, "source": source, **extra}


# code, name, issuing department (None: another system), holder kind, validity years, fields, items it results from
TYPES: list[dict[str, Any]] = [
    {
        "code": BUSINESS_LICENCE_INDIVIDUAL,
        "name": "营业执照（个体工商户）",
        "department": "区行政审批局",
        "holder_kind": HolderKind.LEGAL_PERSON,
        "validity_years": None,
        "fields": [
            _f("uscc", "统一社会信用代码", "new.uscc"),
            _f("name", "名称", "shop_name"),
            _f("operator", "经营者", "operator", personal=True),
            _f("premises", "经营场所", "premises"),
            _f("scope", "经营范围", "scope"),
        ],
        "items": ["个体工商户设立登记"],
    },
    {
        "code": BUSINESS_LICENCE_COMPANY,
        "name": "营业执照（公司）",
        "department": "区行政审批局",
        "holder_kind": HolderKind.LEGAL_PERSON,
        "validity_years": None,
        "fields": [
            _f("uscc", "统一社会信用代码", "new.uscc:91"),
            _f("name", "名称", "company_name"),
            _f("legal_representative", "法定代表人", "legal_representative", personal=True),
            _f("capital", "注册资本", "capital"),
            _f("premises", "住所", "premises"),
            _f("scope", "经营范围", "scope"),
        ],
        "items": ["公司设立登记"],
    },
    {
        "code": FOOD_LICENCE,
        "name": "食品经营许可证",
        "department": "区行政审批局",
        "holder_kind": HolderKind.LEGAL_PERSON,
        "validity_years": 5,
        "fields": [
            _f("name", "经营者名称", "operator_name"),
            _f("uscc", "社会信用代码", "uscc"),
            _f("premises", "经营场所", "premises"),
            _f("main_form", "主体业态", "main_form"),
            _f("dishes", "经营项目", "dishes"),
        ],
        "items": ["食品(含保健食品)经营许可核发"],
    },
    {
        "code": PUBLIC_HEALTH_LICENCE,
        "name": "公共场所卫生许可证",
        "department": "区行政审批局",
        "holder_kind": HolderKind.LEGAL_PERSON,
        "validity_years": 4,
        "fields": [
            _f("name", "单位名称", "unit_name"),
            _f("premises", "地址", "premises"),
            _f("area", "营业面积（平方米）", "area"),
        ],
        "items": ["公共场所卫生许可新办审批（县级）"],
    },
    {
        "code": BIRTH_CERTIFICATE,
        "name": "出生医学证明",
        "department": "区卫健局",
        "holder_kind": HolderKind.PERSON,
        "validity_years": None,
        "fields": [
            _f("name", "新生儿姓名", "baby_name"),
            _f("birth_date", "出生日期", "birth_date"),
            _f("mother", "母亲姓名", "holder.name"),
        ],
        "items": ["《出生医学证明》首次签发"],
    },
    {
        "code": MARRIAGE_CERTIFICATE,
        "name": "结婚证",
        "department": "区民政局",
        "holder_kind": HolderKind.PERSON,
        "validity_years": None,
        "fields": [
            _f("name", "持证人", "holder.name"),
            _f("id_number", "身份证件号", "holder.id"),
            _f("spouse", "配偶姓名", "spouse_name"),
            _f("registered_on", "登记日期", "registered_on"),
        ],
        "items": ["中国内地公民婚姻登记"],
    },
    {
        "code": DISABILITY_CERTIFICATE,
        "name": "残疾人证",
        "department": "区残联",
        "holder_kind": HolderKind.PERSON,
        "validity_years": 10,
        "fields": [
            _f("name", "姓名", "holder.name"),
            _f("id_number", "残疾人证号", "holder.id"),
            _f("category", "残疾类别", "category"),
            _f("grade", "残疾等级", "grade"),
        ],
        "items": ["残疾人证新办"],
    },
    {
        "code": RESIDENT_ID_CARD,
        "name": "居民身份证",
        "department": None,
        "issuer": POLICE,
        "holder_kind": HolderKind.PERSON,
        "validity_years": 20,
        "fields": [
            _f("name", "姓名", "holder.name"),
            _f("id_number", "公民身份号码", "holder.id"),
            _f("address", "住址", "address"),
        ],
        "items": [],
    },
    {
        "code": HOUSEHOLD_REGISTER,
        "name": "户口簿",
        "department": None,
        "issuer": POLICE,
        "holder_kind": HolderKind.PERSON,
        "validity_years": None,
        "fields": [
            _f("name", "户主姓名", "holder.name"),
            _f("id_number", "公民身份号码", "holder.id"),
            _f("household_type", "户别", "household_type"),
            _f("address", "住址", "address"),
        ],
        "items": [],
    },
]
ADDRESS = "四川省广安市广安区金安大道二段88号"


def load_types() -> dict[str, LicenceType]:
    """Create or update the demo licence types and link them to the demo items that yield them."""
    found = {}
    for spec in TYPES:
        department = Department.objects.filter(name=spec["department"]).first() if spec["department"] else None
        if department is not None:
            issuer_name, issuer_uscc = department.name, department.uscc
        else:
            issuer_name, issuer_uscc = spec.get("issuer", POLICE)
        licence_type, _created = LicenceType.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "issuing_department": department,
                "issuer_name": issuer_name,
                "issuer_uscc": issuer_uscc,
                "holder_kind": spec["holder_kind"],
                "validity_years": spec["validity_years"],
                "fields": spec["fields"],
                "external": department is None,
            },
        )
        items = Item.objects.filter(name__in=spec["items"]) if spec["items"] else Item.objects.none()
        licence_type.items.add(*items)
        found[spec["code"]] = licence_type
    return found


@transaction.atomic
def load_demo_licences() -> int:
    """The demo types, and for each demo citizen (verified real-name accounts) a 居民身份证 and a 户口簿; a 结婚证 for the
    first. How many licences were issued now."""
    types = load_types()
    issued = 0
    people = PersonProfile.objects.filter(verified_by="demo").select_related("user").order_by("user__username")
    for number, profile in enumerate(people):
        wanted = [
            (RESIDENT_ID_CARD, {"address": ADDRESS}),
            (HOUSEHOLD_REGISTER, {"household_type": "非农业家庭户口", "address": ADDRESS}),
        ]
        if number == 0:
            registered = (timezone.localdate() - timedelta(days=3650)).isoformat()
            wanted.append((MARRIAGE_CERTIFICATE, {"spouse": "赵建华", "registered_on": registered}))
        for code, values in wanted:
            if selectors.find_current(code, profile.document_number) is not None:
                continue
            licence_type = types[code]
            data = {}
            for field in licence_type.fields:
                source = field["source"]
                value = {"holder.name": profile.real_name, "holder.id": profile.document_number}.get(source)
                data[field["key"]] = value if value is not None else values.get(field["key"], "")
            services.issue(
                licence_type=licence_type,
                holder_name=profile.real_name,
                holder_id=profile.document_number,
                holder_id_type="居民身份证",
                holder_user=profile.user,
                data=data,
            )
            issued += 1
    return issued
