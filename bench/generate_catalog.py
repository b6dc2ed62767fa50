"""Grows the catalog to a given size with generated but realistic items, for the search benchmark.

Run after `manage.py migrate` and `manage.py load_demo`, with the same environment (DATABASE_URL, SECRET_KEY...):

    .venv/bin/python bench/generate_catalog.py --total 20000

Names are built from the fragments real county catalogs are made of (食品经营许可（新办）, 残疾人证换领, 社会保障卡补领…)
and repeated over the county departments and the towns, as a real multi-level catalog is; so the words people search
with (营业执照, 户口, 社保, 残疾人…) hit hundreds of items each, as they would in production. Everything is written with
bulk_create, then indexed with govhall.catalog.indexing.reindex_items in batches. Prints one JSON line at the end.
"""

import argparse
import json
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("GOVHALL_SRC", str(ROOT / "src")))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govhall.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import OuterRef, Subquery  # noqa: E402
from django.utils import timezone  # noqa: E402

from govhall.catalog.constants import GuideStatus, HandlingKind, ItemType, OnlineStage  # noqa: E402
from govhall.catalog.guides import copy_facets  # noqa: E402
from govhall.catalog.indexing import items_for_indexing, reindex_items  # noqa: E402
from govhall.catalog.models import GuideVersion, Item, Material, Theme  # noqa: E402
from govhall.organisations.models import Department  # noqa: E402

PREFIX = "BENCH"  # implementation codes of generated items start with this; a re-run replaces them

# Subject → (department, item type, audience, colloquial keywords, materials, actions).
# Audience: "p" person, "l" legal person, "pl" both.
# fmt: off
SUBJECTS: list[tuple[str, str, str, str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("企业设立登记（营业执照）", "区行政审批局", ItemType.LICENSING, "l", "开公司,办执照,注册公司",
     ("公司登记（备案）申请书", "法定代表人身份证明", "住所使用证明"), ("", "（内资）", "（外资）")),
    ("营业执照", "区行政审批局", ItemType.LICENSING, "l", "执照,工商执照",
     ("营业执照正副本", "法定代表人身份证明"), ("变更登记", "注销登记", "遗失补领", "换领", "备案")),
    ("个体工商户", "区行政审批局", ItemType.LICENSING, "pl", "个体户,开店,营业执照",
     ("经营者身份证明", "经营场所使用证明"), ("设立登记", "变更登记", "注销登记", "营业执照补领")),
    ("农民专业合作社", "区行政审批局", ItemType.LICENSING, "l", "合作社",
     ("成员名册", "章程"), ("设立登记", "变更登记", "注销登记")),
    ("食品经营许可", "区行政审批局", ItemType.LICENSING, "l", "开饭店,开餐馆,餐饮,卖吃的",
     ("食品经营许可申请书", "营业执照", "食品安全管理制度"), ("（新办）", "（变更）", "（延续）", "（注销）", "（补办）")),
    ("小餐饮经营许可", "区行政审批局", ItemType.LICENSING, "pl", "小吃店,开饭店,餐饮",
     ("经营者身份证明", "健康证明"), ("", "（变更）", "（延续）")),
    ("食品生产许可", "区行政审批局", ItemType.LICENSING, "l", "食品厂,食品加工",
     ("食品生产许可申请书", "营业执照"), ("（新办）", "（变更）", "（延续）")),
    ("食品小作坊登记", "区行政审批局", ItemType.LICENSING, "pl", "小作坊,食品加工",
     ("经营者身份证明", "场所平面图"), ("", "（变更）", "（注销）")),
    ("药品零售企业许可", "区行政审批局", ItemType.LICENSING, "l", "开药店,药房",
     ("药品经营许可证申请表", "营业执照"), ("（新办）", "（变更）", "（换证）")),
    ("第二类医疗器械经营备案", "区行政审批局", ItemType.OTHER_POWER, "l", "医疗器械",
     ("备案表", "营业执照"), ("", "（变更）")),
    ("公共场所卫生许可", "区卫健局", ItemType.LICENSING, "l", "理发店,美容院,宾馆,卫生许可证",
     ("卫生许可申请书", "营业执照", "从业人员健康证明"), ("（新办）", "（变更）", "（延续）", "（注销）")),
    ("烟草专卖零售许可", "区烟草专卖局", ItemType.LICENSING, "pl", "卖烟,烟草证",
     ("烟草专卖零售许可证申请表", "营业执照"), ("（新办）", "（延续）", "（变更）", "（停业）", "（歇业）")),
    ("出版物零售单位设立", "区文广旅局", ItemType.LICENSING, "l", "书店,卖书",
     ("申请书", "营业执照"), ("", "变更", "兼并")),
    ("娱乐场所经营活动审批", "区文广旅局", ItemType.LICENSING, "l", "歌厅,KTV,娱乐场所",
     ("申请书", "营业执照", "消防安全证明"), ("", "（变更）", "（延续）")),
    ("建设工程规划许可", "区自然资源和规划局", ItemType.LICENSING, "l", "建房,规划许可证",
     ("建设工程规划许可申请表", "土地权属证明"), ("", "（变更）", "（延期）")),
    ("建筑工程施工许可", "区住建局", ItemType.LICENSING, "l", "施工许可证,开工",
     ("施工许可申请表", "建设工程规划许可证"), ("", "（变更）", "（延期）")),
    ("建设工程消防验收", "区住建局", ItemType.OTHER_POWER, "l", "消防验收",
     ("消防验收申请表", "竣工验收报告"), ("", "备案")),
    ("道路货物运输经营许可", "区交通运输局", ItemType.LICENSING, "pl", "货运,跑运输,道路运输证",
     ("道路货物运输经营申请表", "车辆行驶证"), ("", "（变更）", "（延续）", "（注销）")),
    ("出租汽车驾驶员从业资格", "区交通运输局", ItemType.LICENSING, "p", "开出租,网约车",
     ("驾驶证", "身份证"), ("注册", "延续注册", "注销")),
    ("排污许可", "区生态环境局", ItemType.LICENSING, "l", "排污证,环保",
     ("排污许可证申请表", "营业执照"), ("（新办）", "（变更）", "（延续）", "（注销）")),
    ("建设项目环境影响报告表审批", "区生态环境局", ItemType.LICENSING, "l", "环评",
     ("环境影响报告表", "申请书"), ("", "（重新报批）")),
    ("林木采伐许可", "区林业局", ItemType.LICENSING, "pl", "砍树,采伐证",
     ("林木采伐申请表", "林权证"), ("", "（延续）")),
    ("取水许可", "区水务局", ItemType.LICENSING, "l", "取水证,打井",
     ("取水申请书", "水资源论证报告"), ("", "（变更）", "（延续）")),
    ("户外广告设施设置审批", "区综合执法局", ItemType.LICENSING, "l", "广告牌,招牌",
     ("户外广告设置申请表", "设计效果图"), ("", "（延续）")),
    ("临时占用城市道路审批", "区综合执法局", ItemType.LICENSING, "pl", "占道,占道经营",
     ("占道申请表", "身份证"), ("", "（延期）")),
    ("户口迁移", "区公安分局", ItemType.CONFIRMATION, "p", "上户口,迁户口,落户",
     ("居民户口簿", "居民身份证", "准予迁入证明"), ("（迁入）", "（迁出）", "（投靠亲属）", "（购房落户）", "（人才引进落户）")),
    ("出生登记", "区公安分局", ItemType.CONFIRMATION, "p", "上户口,新生儿落户,报户口",
     ("出生医学证明", "父母户口簿", "父母身份证"), ("", "（户口申报）", "（非婚生育）")),
    ("居民户口簿", "区公安分局", ItemType.PUBLIC_SERVICE, "p", "户口本",
     ("居民身份证",), ("补领", "换领", "信息变更")),
    ("居民身份证", "区公安分局", ItemType.PUBLIC_SERVICE, "p", "身份证,办身份证",
     ("居民户口簿",), ("申领", "换领", "补领", "临时居民身份证办理")),
    ("户籍证明", "区公安分局", ItemType.PUBLIC_SERVICE, "p", "户口证明,无犯罪记录",
     ("居民身份证",), ("开具", "（亲属关系）", "（注销户口）")),
    ("残疾人证", "区残联", ItemType.CONFIRMATION, "p", "残疾证,办残疾证",
     ("残疾评定表", "居民身份证", "照片"), ("核发", "换领", "补办", "迁移", "注销")),
    ("困难残疾人生活补贴", "区民政局", ItemType.BENEFIT, "p", "残疾人补贴,两项补贴",
     ("残疾人证", "申请表"), ("申领", "停发", "")),
    ("重度残疾人护理补贴", "区民政局", ItemType.BENEFIT, "p", "残疾人补贴,护理补贴",
     ("残疾人证", "申请表"), ("申领", "停发", "")),
    ("残疾人辅助器具适配", "区残联", ItemType.PUBLIC_SERVICE, "p", "轮椅,助听器",
     ("残疾人证",), ("补贴", "申请")),
    ("残疾人就业", "区残联", ItemType.PUBLIC_SERVICE, "p", "残疾人找工作",
     ("残疾人证",), ("登记", "援助", "创业补贴")),
    ("城乡居民基本养老保险", "区人社局", ItemType.PUBLIC_SERVICE, "p", "社保,养老保险,农村养老",
     ("居民身份证", "居民户口簿"), ("参保登记", "待遇申领", "关系转移接续", "注销登记", "缴费档次变更")),
    ("企业职工基本养老保险", "区人社局", ItemType.PUBLIC_SERVICE, "pl", "社保,养老保险,退休",
     ("居民身份证", "劳动合同"), ("参保登记", "待遇申领", "关系转移接续", "个人账户一次性待遇申领")),
    ("社会保障卡", "区人社局", ItemType.PUBLIC_SERVICE, "p", "社保卡,社保",
     ("居民身份证", "照片"), ("申领", "启用", "挂失", "补换", "信息变更")),
    ("失业保险金", "区人社局", ItemType.BENEFIT, "p", "失业金,社保",
     ("居民身份证", "解除劳动合同证明"), ("申领", "停发", "")),
    ("工伤保险待遇", "区人社局", ItemType.BENEFIT, "p", "工伤,社保",
     ("工伤认定决定书", "医疗票据"), ("申领", "核定", "")),
    ("工伤认定", "区人社局", ItemType.CONFIRMATION, "pl", "工伤,受伤",
     ("工伤认定申请表", "劳动关系证明"), ("", "申请")),
    ("生育津贴", "区医疗保障局", ItemType.BENEFIT, "p", "生育保险,产假工资",
     ("出生医学证明", "居民身份证"), ("申领", "")),
    ("城乡居民基本医疗保险", "区医疗保障局", ItemType.PUBLIC_SERVICE, "p", "医保,农合,合作医疗",
     ("居民身份证", "居民户口簿"), ("参保登记", "缴费", "信息变更", "关系转移接续")),
    ("异地就医", "区医疗保障局", ItemType.PUBLIC_SERVICE, "p", "医保,外地看病",
     ("社会保障卡", "居民身份证"), ("备案", "直接结算", "备案取消")),
    ("医疗费用", "区医疗保障局", ItemType.BENEFIT, "p", "医保报销,看病报销",
     ("医疗票据", "社会保障卡"), ("手工报销", "零星报销")),
    ("最低生活保障", "区民政局", ItemType.BENEFIT, "p", "低保,吃低保",
     ("居民身份证", "家庭收入证明"), ("审核确认", "待遇停发", "")),
    ("特困人员救助供养", "区民政局", ItemType.BENEFIT, "p", "五保,特困",
     ("居民身份证", "申请书"), ("审核确认", "终止", "")),
    ("临时救助", "区民政局", ItemType.BENEFIT, "p", "困难救助,急难救助",
     ("居民身份证", "申请书"), ("", "（急难型）", "（支出型）")),
    ("高龄津贴", "区民政局", ItemType.BENEFIT, "p", "老人补贴,八十岁补贴",
     ("居民身份证", "居民户口簿"), ("申领", "发放", "")),
    ("老年人优待证", "区民政局", ItemType.PUBLIC_SERVICE, "p", "老年证,老人卡",
     ("居民身份证", "照片"), ("办理", "补办")),
    ("婚姻登记", "区民政局", ItemType.CONFIRMATION, "p", "结婚,离婚,领证",
     ("居民身份证", "居民户口簿", "照片"), ("（结婚）", "（离婚）", "（补领婚姻登记证）", "（撤销婚姻）")),
    ("退役军人", "区退役军人事务局", ItemType.PUBLIC_SERVICE, "p", "退伍,复员",
     ("退役证", "居民身份证"), ("优待证申领", "安置", "档案接收", "自主就业一次性经济补助")),
    ("优抚对象", "区退役军人事务局", ItemType.BENEFIT, "p", "抚恤,优抚",
     ("居民身份证", "优抚证件"), ("抚恤补助发放", "定期生活补助", "医疗补助")),
    ("教师资格认定", "区教科体局", ItemType.LICENSING, "p", "教师证,当老师",
     ("居民身份证", "学历证书", "普通话证书"), ("", "（幼儿园）", "（小学）", "（初级中学）")),
    ("义务教育阶段学生", "区教科体局", ItemType.PUBLIC_SERVICE, "p", "上学,转学,入学",
     ("居民户口簿",), ("入学", "转学", "休学", "复学")),
    ("住房公积金", "区住房公积金管理中心", ItemType.PUBLIC_SERVICE, "p", "公积金,提取公积金",
     ("居民身份证", "购房合同"), ("提取（购房）", "提取（租房）", "提取（退休）", "贷款", "缴存登记")),
    ("不动产登记", "区不动产登记中心", ItemType.CONFIRMATION, "pl", "房产证,过户,买房",
     ("不动产权证书", "居民身份证"), ("（首次登记）", "（转移登记）", "（变更登记）", "（抵押登记）", "（注销登记）")),
    ("税务登记", "广安区税务局", ItemType.OTHER_POWER, "l", "报税,税务",
     ("营业执照", "法定代表人身份证明"), ("", "信息变更", "注销")),
    ("发票", "广安区税务局", ItemType.OTHER_POWER, "l", "开发票,领发票",
     ("税控设备",), ("领用", "代开", "票种核定")),
    ("农村宅基地", "区农业农村局", ItemType.LICENSING, "p", "建房,农村建房,宅基地",
     ("申请书", "居民户口簿"), ("使用审批", "")),
    ("动物防疫条件合格证", "区农业农村局", ItemType.LICENSING, "l", "养殖场,养猪",
     ("申请表", "场所平面图"), ("核发", "变更", "注销")),
    ("农机", "区农业农村局", ItemType.PUBLIC_SERVICE, "pl", "农机补贴,拖拉机",
     ("购机发票", "居民身份证"), ("购置补贴", "注册登记", "驾驶证申领")),
]
# fmt: on

# The districts and counties of 广安市: each implements the same items through its own departments and towns, which is
# how a city-wide catalog of 20,000 items comes about. The demo catalog is 广安区's own list; generated items start there.
COUNTIES = [
    ("广安区", "511602"), ("前锋区", "511603"), ("岳池县", "511621"), ("武胜县", "511622"), ("邻水县", "511623"),
    ("华蓥市", "511681"), ("广安经开区", "511671"), ("枣山园区", "511672"), ("协兴园区", "511673"),
]  # fmt: skip
TOWNS = [
    "北辰街道", "万盛街道", "中桥街道", "枣山街道", "官盛镇", "协兴镇", "浓洄镇", "石笋镇", "花桥镇", "悦来镇",
    "龙台镇", "肖溪镇", "恒升镇", "大安镇", "观阁镇", "广福镇", "井河镇", "兴平镇", "大龙镇", "东岳镇",
    "白市镇", "彭家乡", "郑山乡", "龙安乡", "桂兴镇", "石滓镇", "苏溪镇", "崇望乡", "穿石镇", "化龙乡",
]  # fmt: skip
# What a town's 便民服务中心 handles on behalf of the county departments (the people-facing subjects).
TOWN_SUBJECT_DEPARTMENTS = {"区民政局", "区残联", "区人社局", "区医疗保障局", "区退役军人事务局", "区农业农村局",
                            "区林业局"}  # fmt: skip
LEVEL_SUFFIXES = ["", "", "", "（县级）", "（乡镇级）"]
STAGES_BY_DEPTH = [
    [],
    [OnlineStage.CONSULT],
    [OnlineStage.CONSULT, OnlineStage.RECEIVE, OnlineStage.PREREVIEW],
    [OnlineStage.CONSULT, OnlineStage.RECEIVE, OnlineStage.PREREVIEW, OnlineStage.ACCEPT, OnlineStage.HANDLE],
    [OnlineStage.CONSULT, OnlineStage.RECEIVE, OnlineStage.ACCEPT, OnlineStage.HANDLE, OnlineStage.RESULT_FEEDBACK],
]


@dataclass(frozen=True)
class Entry:
    name: str
    department: str  # the department's name in the catalog
    area_code: str
    item_type: str
    audience: str
    keywords: str
    materials: tuple[str, ...]
    town: str


def _department_name(county: str, name: str) -> str:
    """区民政局 → 岳池县民政局 (广安区 keeps the names of the demo catalog)."""
    if county == "广安区":
        return name
    return county + name.removeprefix("广安区").removeprefix("区")


def _entries() -> list[Entry]:
    """Every item the catalog is drawn from, county by county: the county departments' items, then the towns'."""
    found = []
    for county, code in COUNTIES:
        towns = [] if county.endswith("园区") else TOWNS
        for subject, department, item_type, audience, keywords, materials, actions in SUBJECTS:
            for action in actions:
                name = subject + action
                found.append(Entry(name, _department_name(county, department), f"{code}000000", item_type, audience,
                                   keywords, materials, ""))  # fmt: skip
        for index, town in enumerate(towns):
            town_name = town if county == "广安区" else f"{county}{town}"
            area = f"{code}{100 + index:03d}000"
            for subject, department, item_type, audience, keywords, materials, actions in SUBJECTS:
                if department in TOWN_SUBJECT_DEPARTMENTS and "p" in audience:
                    for action in actions:
                        found.append(Entry(subject + action, f"{town_name}人民政府", area, item_type, audience,
                                           keywords, materials, town_name))  # fmt: skip
    return found


def _departments(entries: list[Entry]) -> dict[str, Department]:
    """The departments the entries name, created when the demo catalog does not have them."""
    existing = {department.name: department for department in Department.objects.all()}
    top = max((department.order for department in existing.values()), default=0)
    missing: dict[str, Department] = {}
    for entry in entries:
        if entry.department not in existing and entry.department not in missing:
            missing[entry.department] = Department(
                name=entry.department,
                area_code=entry.area_code,
                level="town" if entry.town else "county",
                order=top + len(missing) + 1,
            )
    Department.objects.bulk_create(missing.values())
    return {department.name: department for department in Department.objects.all()}


def generate(total: int, seed: int) -> dict[str, object]:
    started = time.monotonic()
    rng = random.Random(seed)
    Item.objects.filter(implementation_code__startswith=PREFIX).delete()
    wanted = max(0, total - Item.objects.count())
    pool = _entries()
    entries = [pool[index % len(pool)] for index in range(wanted)]
    departments = _departments(entries)
    now = timezone.now()
    items: list[Item] = []
    versions: list[GuideVersion] = []
    for index, entry in enumerate(entries):
        suffix = rng.choice(LEVEL_SUFFIXES) if not entry.town else ""
        if index >= len(pool):  # more than the city has: the same services again, as further sub-items
            suffix += f"（子项{index // len(pool) + 1}）"
        full_name = f"{entry.name}{suffix}"
        depth = rng.choices(range(5), weights=[2, 2, 3, 3, 2])[0]
        visits = 0 if depth == 4 else rng.choice([0, 1, 1, 1, 2])
        audiences = {"p": ["natural_person"], "l": ["enterprise"], "pl": ["natural_person", "enterprise"]}
        version = GuideVersion(
            number=1,
            status=GuideStatus.PUBLISHED,
            published_at=now,
            snapshot={},
            name=full_name,
            item_type=entry.item_type,
            catalog_only=rng.random() < 0.6,
            audiences=audiences[entry.audience],
            keywords=entry.keywords,
            summary=f"{entry.department}办理{full_name}。申请人按本指南准备材料，可到政务服务大厅窗口或网上提交。",
            conditions="符合法律法规规定的条件。",
            statutory_limit=rng.choice([1, 5, 10, 20, 30]),
            promised_limit=rng.choice([1, 3, 5, 10]),
            handling_kind=HandlingKind.IMMEDIATE if rng.random() < 0.3 else HandlingKind.PROMISED,
            visits=visits,
            online_stages=[str(stage) for stage in STAGES_BY_DEPTH[depth]],
            appointment=rng.random() < 0.5,
            express_out=rng.random() < 0.4,
            result_name=f"{entry.name}决定书" if entry.item_type == ItemType.LICENSING else "",
        )
        item = Item(
            implementation_code=f"{PREFIX}{index:06d}-{entry.area_code}-000-{PREFIX}{index:013d}-1-00",
            basic_code=f"{PREFIX}{index % len(pool):06d}",
            main_item=entry.name if suffix else "",
            department=departments[entry.department],
            area_code=entry.area_code,
            popularity=int(rng.paretovariate(1.2) * 10) % 9000,
        )
        copy_facets(item, version)
        items.append(item)
        versions.append(version)
    prepared = time.monotonic()
    with transaction.atomic():
        Item.objects.bulk_create(items, batch_size=1000)
        for item, version in zip(items, versions, strict=True):
            version.item = item
        GuideVersion.objects.bulk_create(versions, batch_size=1000)
        generated = Item.objects.filter(implementation_code__startswith=PREFIX)
        generated.update(current_version=Subquery(GuideVersion.objects.filter(item=OuterRef("pk")).values("pk")[:1]))
        Material.objects.bulk_create(
            [
                Material(version=version, order=order, name=material_name)
                for version, entry in zip(versions, entries, strict=True)
                for order, material_name in enumerate(entry.materials, start=1)
            ],
            batch_size=2000,
        )
        theme_links = _theme_links(items)
    written = time.monotonic()
    indexed = 0
    ids = [item.pk for item in items]
    for start in range(0, len(ids), 1000):
        with transaction.atomic():
            indexed += reindex_items(items_for_indexing().filter(pk__in=ids[start : start + 1000]))
    done = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "generated": len(items),
        "items": Item.objects.count(),
        "indexed": indexed,
        "theme_links": theme_links,
        "prepare_seconds": round(prepared - started, 1),
        "write_seconds": round(written - prepared, 1),
        "index_seconds": round(done - written, 1),
    }


def _theme_links(items: list[Item]) -> int:
    """Puts generated items into the demo themes whose keywords their names contain, as load_demo does."""
    through = Theme.items.through
    links = []
    for theme in Theme.objects.exclude(keywords=""):
        words = [word.strip() for word in theme.keywords.replace("，", ",").split(",") if word.strip()]
        for item in items:
            audience_ok = item.for_person if theme.audience == "person" else item.for_legal
            if audience_ok and any(word in item.name for word in words):
                links.append(through(theme_id=theme.pk, item_id=item.pk))
    through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    return len(links)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--total", type=int, default=20_000, help="catalog size to reach (default 20000)")
    parser.add_argument("--seed", type=int, default=20240601)
    arguments = parser.parse_args()
    print(json.dumps(generate(arguments.total, arguments.seed), ensure_ascii=False))


if __name__ == "__main__":
    main()
