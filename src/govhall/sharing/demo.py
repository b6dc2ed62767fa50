"""Demo shared-data catalog (数据资源目录): the five departments' resources answered by the demo shared-data service
(contrib/demo/shared_data.py) and the licence library itself, each allowed to the demo items whose guides mark a
material 免提交 that it can give, with the material → source mapping (材料数据来源). Idempotent; run after the
catalog and the demo licence types (load_demo)."""

from typing import Any

from django.db import transaction
from django.db.models import F

from govhall.catalog.constants import MaterialExemption
from govhall.catalog.models import Item, Material
from govhall.licences import demo as licence_demo
from govhall.organisations.models import Department
from govhall.sharing.constants import LICENCE_LIBRARY, SharingClass, SubjectKind
from govhall.sharing.models import DataResource, MaterialSource


def _fields(*pairs: tuple[str, str], personal: bool = True) -> list[dict[str, Any]]:
    return [{"key": key, "label": label, "personal": personal} for key, label in pairs]


RESOURCES: list[dict[str, Any]] = [
    {
        "code": "household",
        "name": "户籍信息",
        "department": "区公安分局",
        "provider": "gongan",
        "fields": _fields(
            ("name", "姓名"),
            ("id_number", "公民身份号码"),
            ("gender", "性别"),
            ("birth_date", "出生日期"),
            ("household_address", "户籍地址"),
            ("relation", "与户主关系"),
        ),
    },
    {
        "code": "marriage",
        "name": "婚姻登记信息",
        "department": "区民政局",
        "provider": "minzheng",
        "fields": _fields(
            ("id_number", "公民身份号码"),
            ("spouse_name", "配偶姓名"),
            ("registered_on", "登记日期"),
            ("state", "婚姻状况"),
        ),
    },
    {
        "code": "social_insurance",
        "name": "社保参保信息",
        "department": "区人社局",
        "provider": "renshe",
        "fields": _fields(
            ("id_number", "公民身份号码"), ("insurance", "险种"), ("state", "参保状态"), ("since", "参保年月")
        ),
    },
    {
        "code": "real_estate",
        "name": "不动产登记信息",
        "department": "区自然资源和规划局",
        "provider": "ziranziyuan",
        "fields": _fields(("owner_id", "权利人证件号码"), ("certificate_no", "不动产权证书号"), ("use", "用途")),
    },
    {
        "code": "business_licence",
        "name": "营业执照信息",
        "department": "区市监局",
        "provider": "shichang",
        "subject_kind": SubjectKind.ORGANISATION,
        "sharing_class": SharingClass.UNCONDITIONAL,
        "fields": _fields(
            ("uscc", "统一社会信用代码"),
            ("name", "名称"),
            ("legal_representative", "法定代表人"),
            ("registered_on", "成立日期"),
            ("state", "登记状态"),
            personal=False,
        ),
    },
    {
        "code": "licence_library",
        "name": "电子证照库",
        "department": "区政府办",
        "provider": LICENCE_LIBRARY,
        "fields": _fields(
            ("identifier", "电子证照标识"),
            ("type", "证照类型"),
            ("number", "证照编号"),
            ("issuer", "颁证单位"),
            ("holder", "持证人"),
            ("issued_at", "颁证时间"),
            ("valid_until", "有效期至"),
            ("state", "状态"),
            personal=False,
        ),
    },
]

# (words in the material's name, resource code, licence type code for the licence library)
RULES: list[tuple[tuple[str, ...], str, str]] = [
    (("营业执照",), "business_licence", ""),
    (("残疾人证",), "licence_library", licence_demo.DISABILITY_CERTIFICATE),
    (("出生医学证明",), "licence_library", licence_demo.BIRTH_CERTIFICATE),
    (("社会保障", "社保", "参保"), "social_insurance", ""),
    (("不动产", "购房"), "real_estate", ""),
    (("结婚", "婚姻"), "marriage", ""),
    (("户口", "户籍", "亲属关系"), "household", ""),
    (("身份证", "身份证明", "身份证件"), "licence_library", licence_demo.RESIDENT_ID_CARD),
]


def rule_for(material: Material) -> tuple[str, str] | None:
    """The resource (and licence type) a demo 免提交 material is taken from; identity documents marked 数据共享 come
    from 户籍信息 rather than the licence library."""
    for words, code, licence_type in RULES:
        if any(word in material.name for word in words):
            if code == "licence_library" and material.exemption == MaterialExemption.SHARED_DATA:
                return "household", ""
            return code, licence_type
    return None


@transaction.atomic
def load_demo_sharing() -> int:
    """Create or update the demo resources and the sources of the demo items' 免提交 materials; how many sources."""
    resources: dict[str, DataResource] = {}
    for spec in RESOURCES:
        values = dict(spec)
        department, _ = Department.objects.get_or_create(
            name=values.pop("department"), defaults={"area_code": "511602000000"}
        )
        code = values.pop("code")
        resources[code], _ = DataResource.objects.update_or_create(
            code=code, defaults={"department": department, "timeout_seconds": 5, "active": True, **values}
        )
    exempt = Material.objects.filter(
        exemption__in=[MaterialExemption.E_LICENCE, MaterialExemption.SHARED_DATA],
        version__item__current_version=F("version"),
    )
    count = 0
    for material in exempt.select_related("version__item"):
        found = rule_for(material)
        if found is None:
            continue
        code, licence_type = found
        item: Item = material.version.item
        MaterialSource.objects.update_or_create(
            item=item,
            material_name=material.name,
            defaults={"resource": resources[code], "licence_type_code": licence_type},
        )
        resources[code].items.add(item)
        count += 1
    return count
