"""The demo departments' shared-data services (docs/sharing.md), served by outside.py under /shared/<provider>/query.

Records are deterministic: 户籍信息 for every well-formed resident ID but those in UNKNOWN (the demo people have their
own names and addresses), 婚姻登记 / 社保 / 不动产 for some demo people only, 营业执照信息 for every well-formed USCC
but those in UNKNOWN. A provider can be switched to fail (HTTP 503) or to answer slowly (SLOW_SECONDS, past any
client timeout) — `OutsideWorld.shared_data_trouble` / `run_demo_services --shared-data-down/--shared-data-slow` — so
the fallback path (the applicant asked to upload) is exercised."""

from collections.abc import Callable
from typing import Any

from stdnum.cn import ric

from govhall.core.validators import is_valid_uscc

SLOW_SECONDS = 3.0

# Numbers the demo sources have no record of.
UNKNOWN = frozenset({"11010119900307001X", "110101199003077710", "91110000600037341L"})

ELDERLY = "110105194003150030"
PEOPLE: dict[str, dict[str, str]] = {
    "11010519491231002X": {"name": "张三", "address": "四川省广安市广安区北辰街道思源大道 1 号"},
    "510802199001011238": {"name": "李四", "address": "四川省广安市广安区浓洄街道金安大道 8 号"},
    "51160219850615123X": {"name": "王五", "address": "四川省广安市广安区广福街道建设路 22 号"},
    # 赵六, born 1940: aged 80 and over, the demo 高龄津贴 (免申即享) finds him.
    ELDERLY: {"name": "赵六", "address": "四川省广安市广安区北辰街道中桥社区 6 号"},
}
MARRIAGES = {"11010519491231002X": {"spouse_name": "刘芳", "registered_on": "1975-05-01", "state": "已婚"}}
INSURED = {
    "11010519491231002X": {"insurance": "城镇职工基本养老保险", "state": "正常参保", "since": "1970-03"},
    "510802199001011238": {"insurance": "城乡居民基本养老保险", "state": "正常参保", "since": "2012-07"},
}
PROPERTIES = {"510802199001011238": {"certificate_no": "川(2024)广安区不动产权第0012345号", "use": "住宅"}}
BUSINESSES = {"91350100M000100Y43": {"name": "广安区好味道餐饮有限公司", "legal_representative": "李四"}}


def household(number: str) -> dict[str, Any] | None:
    if number in UNKNOWN or (number not in PEOPLE and not ric.is_valid(number)):
        return None
    person = PEOPLE.get(number, {"name": "演示居民", "address": "四川省广安市广安区"})
    born = ric.get_birth_date(number)  # (the demo people's numbers are well formed but for the check character)
    return {
        "name": person["name"],
        "id_number": number,
        "gender": "女" if int(number[16]) % 2 == 0 else "男",
        "birth_date": born.isoformat(),
        "household_address": person["address"],
        "relation": "户主",
    }


def marriage(number: str) -> dict[str, Any] | None:
    return dict(MARRIAGES[number], id_number=number) if number in MARRIAGES else None


def social_insurance(number: str) -> dict[str, Any] | None:
    return dict(INSURED[number], id_number=number) if number in INSURED else None


def real_estate(number: str) -> dict[str, Any] | None:
    return dict(PROPERTIES[number], owner_id=number) if number in PROPERTIES else None


def business_licence(uscc: str) -> dict[str, Any] | None:
    if not is_valid_uscc(uscc) or uscc in UNKNOWN:
        return None
    known = BUSINESSES.get(uscc, {"name": "演示市场主体", "legal_representative": "演示负责人"})
    return {
        "uscc": uscc,
        "name": known["name"],
        "legal_representative": known["legal_representative"],
        "registered_on": "2020-01-01",
        "state": "存续",
    }


# provider name → resource code → the records it answers from
SOURCES: dict[str, dict[str, Callable[[str], dict[str, Any] | None]]] = {
    "gongan": {"household": household},
    "minzheng": {"marriage": marriage},
    "renshe": {"social_insurance": social_insurance},
    "ziranziyuan": {"real_estate": real_estate},
    "shichang": {"business_licence": business_licence},
}


def query(provider: str, data: dict[str, Any]) -> dict[str, Any] | None:
    """The record asked for, or None; KeyError for a provider or resource the demo does not have."""
    answer = SOURCES[provider][str(data["resource"])]
    subject = str(data["subject_id"]).strip().upper()
    if not str(data.get("purpose") or "").strip():
        raise ValueError("purpose is required")
    return answer(subject)
