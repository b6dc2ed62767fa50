"""A seeded dataset with known answers (docs/supervision.md, "The test dataset").

Catalog, department 区目录测试局: 693 items with complete published guides, built cheaply with bulk_create:
- items 0–299: fully online (every stage, 0 visits → Ⅳ级); 300–616: 收件/预审 online, 1 visit (Ⅱ级);
  617–692: 互联网咨询 only, 2 visits (Ⅰ级) → 网上可办率 617/693 = 89.0%, 全程网办率 300/693 = 43.3%,
  最多跑一次率 617/693, 零跑动率 300/693, 平均跑动次数 (317 + 76×2)/693 = 0.68;
- every 7th item (0, 7, … 686) is a 即办件 → 99/693 = 14.3%;
- limits: items 0–599 法定 20 / 承诺 5, 600–679 法定 10 / 承诺 10 (both 工作日), 680–692 承诺 in 自然日 (left out)
  → 承诺时限压缩率 (600×15) / (600×20 + 80×10) = 9000/12800 = 70.3%;
- two materials each, the first of items 0–99 免提交 (counted by no figure: 材料免提交率 is measured from cases);
- plus a 仅目录信息 item and an item with only a draft, which count nowhere.

Cases (department 区办件测试局, items X 20 工作日 / 承诺 5, Y 30 自然日, and Z of 区另一局 with no statutory limit),
March 2026, seen on 2026-04-01. X requires three materials, two of them 免提交 (电子证照, 数据共享), Y one that must be
given, Z none; each case records its exempted materials at submission, all obtained by the system (cases.exemptions):
- c1 web: accepted 03-02, concluded 03-06 (4 working days), deadline 03-09 → on time, 0 visits, rated 5;
- c2 window at hall H, handler s1: accepted 03-03, concluded 03-13 (8), deadline 03-10 → late, 2 visits, rated 1,
  called back and answered;
- c3 web, item Y: accepted 03-05, concluded 03-20 (15 natural days), deadline 03-15 → late, 1 visit, rated 2, not
  called back;
- c4 mobile: accepted 03-10, still under review, deadline 03-17 → open overdue;
- c5 web: submitted and accepted 02-27, concluded 03-02 (2 working days: 02-28 is a make-up working day), deadline
  03-06 → on time, 0 visits, rated 3;
- c6 department 区另一局, item Z: concluded 03-04, no deadline → on time, rated 1 but excluded by an upheld appeal;
- c7 withdrawn on 03-04.
March: submitted 6, concluded 5, on time 3 (60.0%), 超期 2 late + 1 open = 3, visits 3 (avg 0.60), zero 3 (60.0%),
≤ 1 visit 4 (80.0%), 实际提速 1 − (4 + 8 + 15 + 2)/(20 + 20 + 30 + 20) = 1 − 29/90 = 67.8%, 评价率 4/5 = 80.0%,
ratings 4: good 1 (25.0%), bad 2 (50.0%), rectified 1/2 (50.0%), called back 1/2 (50.0%),
材料免提交率 of the 6 cases submitted (c1 c2 c4 c7 of X, c3 of Y, c6 of Z) (4×2)/(4×3 + 1 + 0) = 8/13 = 61.5%."""

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from govhall.accounts.tests.factories import person, staff
from govhall.cases.clocks import days_used
from govhall.cases.constants import FetchOutcome
from govhall.cases.models import Case, Visit
from govhall.cases.services import record_exemptions
from govhall.catalog.constants import GuideStatus, HandlingKind, LimitUnit, MaterialExemption
from govhall.catalog.guides import copy_facets
from govhall.catalog.models import GuideVersion, Item, Material
from govhall.catalog.tests.factories import AREA, USCC, DepartmentFactory, HallFactory
from govhall.organisations.constants import Role
from govhall.supervision.computation import TZ

FULL = ["consult", "receive", "prereview", "accept", "handle", "result_feedback"]
TODAY = date(2026, 4, 1)
MARCH = date(2026, 3, 1)


def at(day: str, hour: int = 9) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour), tzinfo=TZ)


_serial = [0]


def _items(department: Any, specs: list[dict[str, Any]], materials: list[list[str]] | None = None) -> list[Item]:
    """Items with one published version each, in three bulk inserts; `specs` are GuideVersion fields."""
    items = []
    for spec in specs:
        _serial[0] += 1
        number = _serial[0]
        items.append(
            Item(
                implementation_code=f"511S{number:010d}-{AREA}-000-{USCC}-1-00",
                basic_code=f"511S{number:010d}",
                name=spec["name"],
                department=department,
                area_code=AREA,
                item_type="01",
            )
        )
    Item.objects.bulk_create(items)
    versions = [
        GuideVersion(
            item=item,
            number=1,
            status=GuideStatus.PUBLISHED,
            published_at=timezone.now(),
            audiences=["natural_person"],
            item_type="01",
            **spec,
        )
        for item, spec in zip(items, specs, strict=True)
    ]
    GuideVersion.objects.bulk_create(versions)
    for item, version in zip(items, versions, strict=True):
        copy_facets(item, version)
        item.current_version = version
    Item.objects.bulk_update(
        items,
        [
            "current_version",
            "name",
            "item_type",
            "visits",
            "online_level",
            "is_immediate",
            "has_guide",
            "for_person",
            "for_legal",
        ],
    )
    if materials is not None:
        Material.objects.bulk_create(
            Material(version=version, name=f"材料{n}", order=n, exemption=exemption)
            for version, names in zip(versions, materials, strict=True)
            for n, exemption in enumerate(names)
        )
    return items


def catalog(department_name: str = "区目录测试局") -> Any:
    department = DepartmentFactory(name=department_name)
    specs = []
    materials = []
    for i in range(693):
        if i < 300:
            stages, visits = FULL, 0
        elif i < 617:
            stages, visits = ["consult", "receive", "prereview"], 1
        else:
            stages, visits = ["consult"], 2
        statutory, promised = (20, 5) if i < 600 else (10, 10)
        specs.append(
            {
                "name": f"目录测试事项{i:03d}",
                "online_stages": stages,
                "visits": visits,
                "visit_reason": "需现场核验" if visits else "",
                "handling_kind": HandlingKind.IMMEDIATE if i % 7 == 0 else HandlingKind.PROMISED,
                "statutory_limit": statutory,
                "promised_limit": promised,
                "promised_unit": LimitUnit.NATURAL_DAY if i >= 680 else LimitUnit.WORKING_DAY,
            }
        )
        first = MaterialExemption.E_LICENCE if i < 100 else MaterialExemption.NONE
        materials.append([first, MaterialExemption.NONE])
    _items(department, specs, materials)
    # Neither counts: a catalog-only item, and an item whose only version is a draft.
    only = _items(department, [{"name": "仅目录事项", "catalog_only": True, "online_stages": FULL, "visits": 0}])[0]
    assert not only.has_guide
    draft = Item.objects.create(
        implementation_code="511SDRAFT-511602000000-000-11511301008778220W-1-00",
        basic_code="511SDRAFT",
        name="草稿事项",
        department=department,
        area_code=AREA,
        item_type="01",
    )
    GuideVersion.objects.create(item=draft, number=1, name="草稿事项", item_type="01", online_stages=FULL, visits=0)
    return department


@dataclass
class Cases:
    department: Any
    other: Any
    hall: Any
    handler: Any
    items: dict[str, Item]
    cases: dict[str, Case]


def cases() -> Cases:
    department = DepartmentFactory(name="区办件测试局")
    other = DepartmentFactory(name="区另一局")
    hall = HallFactory(name="测试政务服务中心")
    x, y = _items(
        department,
        [
            {"name": "事项X", "online_stages": FULL, "visits": 0, "statutory_limit": 20, "promised_limit": 5},
            {
                "name": "事项Y",
                "online_stages": ["consult", "receive"],
                "visits": 1,
                "visit_reason": "核验",
                "statutory_limit": 30,
                "statutory_unit": LimitUnit.NATURAL_DAY,
                "promised_limit": 10,
                "promised_unit": LimitUnit.NATURAL_DAY,
            },
        ],
        materials=[
            [MaterialExemption.NONE, MaterialExemption.E_LICENCE, MaterialExemption.SHARED_DATA],
            [MaterialExemption.NONE],
        ],
    )
    (z,) = _items(
        other, [{"name": "事项Z", "online_stages": FULL, "visits": 0, "handling_kind": HandlingKind.IMMEDIATE}]
    )
    hall.items.add(x)
    applicant = person("rater", number=1)
    s1 = staff("s1", Role.APPROVER, department=department, totp=False)
    made: dict[str, Case] = {}

    def case(name: str, item: Item, channel: str, state: str, **fields: Any) -> Case:
        version = item.current_version
        assert version is not None
        made[name] = Case.objects.create(
            number=f"GHTEST{name}",
            item=item,
            guide_version=version,
            department=item.department,
            applicant=applicant,
            channel=channel,
            state=state,
            **fields,
        )
        return made[name]

    case(
        "c1",
        x,
        "web",
        "delivered",
        submitted_at=at("2026-03-02"),
        accepted_at=at("2026-03-02", 10),
        concluded_at=at("2026-03-06", 16),
        promised_deadline=date(2026, 3, 9),
    )
    c2 = case(
        "c2",
        x,
        "window",
        "concluded",
        hall=hall,
        handler=s1,
        submitted_at=at("2026-03-02", 11),
        accepted_at=at("2026-03-03"),
        concluded_at=at("2026-03-13"),
        promised_deadline=date(2026, 3, 10),
    )
    c3 = case(
        "c3",
        y,
        "web",
        "delivered",
        submitted_at=at("2026-03-05"),
        accepted_at=at("2026-03-05", 10),
        concluded_at=at("2026-03-20"),
        promised_deadline=date(2026, 3, 15),
    )
    case(
        "c4",
        x,
        "mobile",
        "under_review",
        submitted_at=at("2026-03-10"),
        accepted_at=at("2026-03-10", 10),
        promised_deadline=date(2026, 3, 17),
    )
    case(
        "c5",
        x,
        "web",
        "delivered",
        submitted_at=at("2026-02-27"),
        accepted_at=at("2026-02-27", 10),
        concluded_at=at("2026-03-02", 15),
        promised_deadline=date(2026, 3, 6),
    )
    case(
        "c6",
        z,
        "web",
        "delivered",
        submitted_at=at("2026-03-03"),
        accepted_at=at("2026-03-03", 10),
        concluded_at=at("2026-03-04"),
    )
    case("c7", x, "web", "withdrawn", submitted_at=at("2026-03-04"))
    Visit.objects.create(case=c2, at=at("2026-03-02", 11), hall=hall, purpose="窗口申报")
    Visit.objects.create(case=c2, at=at("2026-03-13", 15), hall=hall, purpose="领取结果")
    Visit.objects.create(case=c3, at=at("2026-03-20", 15), purpose="领取结果")
    for made_case in made.values():
        record_exemptions(made_case)  # and obtained by the system (cases.exemptions): what the figure counts
        made_case.exempted_materials.update(outcome=FetchOutcome.OBTAINED, obtained_at=made_case.submitted_at)
        if made_case.accepted_at and made_case.concluded_at:  # as act_on stores it on 办结 (no pauses here)
            made_case.days_used = days_used(
                timezone.localdate(made_case.accepted_at),
                timezone.localdate(made_case.concluded_at),
                made_case.guide_version.statutory_unit,
                [],
            )
            made_case.save(update_fields=["days_used"])
    _ratings(made, s1, hall)
    return Cases(department, other, hall, s1, {"x": x, "y": y, "z": z}, made)


def _ratings(made: dict[str, Case], handler: Any, hall: Any) -> None:
    from govhall.evaluation.constants import AppealState
    from govhall.evaluation.models import Appeal, Rating, Rectification

    def rate(name: str, score: int, day: str, **extra: Any) -> Rating:
        case = made[name]
        return Rating.objects.create(
            case=case,
            rater=case.applicant,
            channel=case.channel,
            score=score,
            department=case.department,
            item=case.item,
            handler=case.handler,
            hall=case.hall,
            created_at=at(day, 17),
            **extra,
        )

    rate("c1", 5, "2026-03-07")
    r2 = rate("c2", 1, "2026-03-14")
    Rectification.objects.create(
        rating=r2,
        department=r2.department,
        owner=handler,
        opened_at=at("2026-03-14", 17),
        due_date=date(2026, 3, 21),
        called_back_at=at("2026-03-16"),
        call_back_note="已回访",
        outcome="fixed",
        reply="已整改",
        replied_at=at("2026-03-17"),
    )
    r3 = rate("c3", 2, "2026-03-21")
    Rectification.objects.create(
        rating=r3, department=r3.department, opened_at=at("2026-03-21", 17), due_date=date(2026, 3, 28)
    )
    rate("c5", 3, "2026-03-03")
    r6 = rate("c6", 1, "2026-03-05", excluded=True)
    Rectification.objects.create(
        rating=r6, department=r6.department, opened_at=at("2026-03-05", 17), due_date=date(2026, 3, 12)
    )
    Appeal.objects.create(
        rating=r6,
        department=r6.department,
        reason="恶意差评",
        filed_by=handler,
        state=AppealState.UPHELD,
        decided_at=at("2026-03-06"),
        decision="申诉成立",
    )
