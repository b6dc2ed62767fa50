"""The demo bundles (data/demo_bundles.json): 新生儿出生一件事, 开办餐饮店一件事, 企业开办一件事, 退休一件事, 残疾人服务一件事,
each with its questionnaire, built from the district's items found by name. A part must be fileable, so the few
district items a bundle uses that have only a catalog entry get a complete guide here (GUIDES, through the catalog's
own import); two parts of 企业开办 that the district list lacks (印章刻制备案 by the police, 公积金 by the city fund centre)
are added as demo items, like 生育登记 in the catalog demo. Idempotent: a second run changes nothing."""

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from govhall.bundles.models import Bundle, BundleItem, Option, Question
from govhall.catalog.importing import apply_guides
from govhall.catalog.models import Item, LifeEvent
from govhall.catalog.schema import GuideIn
from govhall.core.constants import Channel

DATA = Path(__file__).resolve().parent / "data"
AREA = "511602000000"
BUSINESS = ["enterprise", "natural_person"]
LICENCE = "营业执照"


def _guide(
    name: str,
    department: str,
    materials: list[str],
    *,
    code: str = "",
    audiences: list[str] | None = None,
    keywords: str = "",
    summary: str = "",
) -> dict[str, Any]:
    """A complete 即办 公共服务 guide (accepted and concluded at the window the same day, no visit needed)."""
    return {
        "implementation_code": code,
        "department": department,
        "area_code": AREA,
        "name": name,
        "item_type": "20",
        "audiences": audiences or ["natural_person"],
        "keywords": keywords,
        "summary": summary or f"{name}，可在“一件事一次办”中与相关事项一并申请。",
        "conditions": "材料齐全、符合法定形式。",
        "statutory_limit": 1,
        "promised_limit": 0,
        "handling_kind": "immediate",
        "visits": 0,
        "online_stages": ["consult", "receive", "prereview", "accept", "handle", "result_feedback"],
        "result_type": "other",
        "result_name": f"{name}办理结果",
        "consult_phone": "0826-2380000",
        "complaint_phone": "12345",
        "materials": [{"name": material, "originals": 1} for material in materials],
        "steps": [{"name": step, "office": "窗口"} for step in ("受理", "办结")],
    }


# The district items (catalog entry only) a demo bundle files, and the two the district list lacks (code given).
GUIDES = [
    _guide(
        "发票领用(县级行使）",
        "广安区税务局",
        [LICENCE, "经办人身份证件"],
        audiences=BUSINESS,
        keywords="领发票,申领发票",
    ),
    _guide("企业社会保险登记", "区人社局", [LICENCE, "社会保险登记表"], audiences=BUSINESS, keywords="单位社保开户"),
    _guide("单位参保登记", "区医疗保障局", [LICENCE, "单位参保登记表"], audiences=BUSINESS, keywords="单位医保开户"),
    _guide("申领《四川省老年人优待证》", "区卫健局", ["申请人有效居民身份证", "近期免冠证件照片"], keywords="老年证"),
    _guide("异地安置退休人员备案", "区医疗保障局", ["参保人员异地就医备案表", "异地安置个人承诺书"]),
    _guide(
        "新办企业印章刻制备案",
        "区公安分局",
        [LICENCE, "法定代表人身份证件"],
        code=f"511F0999900001-{AREA}-000-11511300008778693M-1-00",
        audiences=BUSINESS,
        keywords="刻章,刻公章,印章备案",
        summary="新办企业首套印章（公章、财务章、发票专用章等）刻制备案，首套印章免费。",
    ),
    _guide(
        "单位住房公积金缴存登记",
        "市住房公积金中心广安区管理部",
        [LICENCE, "单位住房公积金缴存登记表"],
        code=f"512B0999900002-{AREA}-000-12511600MB1E00000X-1-00",
        audiences=BUSINESS,
        keywords="公积金开户,单位公积金",
        summary="新设立单位办理住房公积金缴存登记并为职工开立个人账户。",
    ),
]


def _item(name: str, department: str = "") -> Item:
    found = Item.objects.filter(name=name)
    if department:
        found = found.filter(department__name=department)
    return found.select_related("current_version").get()


def load_guides() -> None:
    guides = []
    for row in GUIDES:
        code = row["implementation_code"] or _item(row["name"], row["department"]).implementation_code
        guides.append(GuideIn.model_validate({**row, "implementation_code": code}))
    apply_guides(guides, actor=None, channel=Channel.SYSTEM, source="demo_bundles")


def load_bundle(order: int, row: dict[str, Any]) -> Bundle:
    bundle, _ = Bundle.objects.update_or_create(
        slug=row["slug"],
        defaults={
            "name": row["name"],
            "life_event": LifeEvent.objects.filter(slug=row.get("life_event", "")).first(),
            "description": row["description"],
            "keywords": row["keywords"],
            "promised_days": row["promised_days"],
            "for_legal": row.get("for_legal", False),
            "order": order,
        },
    )
    parts: dict[str, BundleItem] = {}
    for position, spec in enumerate(row["items"], start=1):
        item = _item(spec["name"], spec.get("department", ""))
        part, _ = BundleItem.objects.update_or_create(
            bundle=bundle,
            item=item,
            defaults={
                "order": position,
                "included": spec.get("included", True),
                "variant_name": spec.get("variant", ""),
                "after": parts[spec["after"]] if spec.get("after") else None,
                "result_material": spec.get("result_material", ""),
            },
        )
        parts[spec["key"]] = part
    bundle.parts.exclude(pk__in=[part.pk for part in parts.values()]).delete()
    bundle.questions.all().delete()  # the questionnaire is the data's, as written
    for position, spec in enumerate(row["questions"], start=1):
        question = Question.objects.create(
            bundle=bundle, text=spec["text"], help_text=spec.get("help_text", ""), order=position
        )
        for place, choice in enumerate(spec["options"], start=1):
            option = Option.objects.create(question=question, label=choice["label"], order=place)
            option.includes.set(parts[key] for key in choice.get("includes", []))
            option.excludes.set(parts[key] for key in choice.get("excludes", []))
    return bundle


@transaction.atomic
def load_demo_bundles() -> int:
    """The demo bundles, after the catalog demo (load_demo); returns how many."""
    load_guides()
    rows = json.loads((DATA / "demo_bundles.json").read_text(encoding="utf-8"))
    return len([load_bundle(order, row) for order, row in enumerate(rows, start=1)])
