import pytest

from govhall.catalog.rules import broken_rules
from govhall.catalog.schema import GuideIn
from govhall.catalog.tests.factories import guide_data


def problems(**overrides):
    return broken_rules(GuideIn.model_validate(guide_data(**overrides)))


def test_a_complete_guide_keeps_every_rule():
    assert problems() == []


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"visit_reason": ""}, "必须现场办理的原因"),
        ({"complaint_phone": "0826-2345678"}, "咨询电话与投诉电话不得相同"),
        ({"promised_limit": 30}, "承诺办结时限不得超过法定办结时限"),
        ({"steps": [{"name": "受理"}]}, "缺少：审查、决定、办结、送达"),
        ({"fees": [{"name": "工本费", "standard": "", "legal_basis": "价格文件"}]}, "收费标准和收费依据"),
        ({"visits": 0, "online_stages": ["consult"], "express_in": False}, "邮寄申请"),
        ({"promised_limit": 0}, "办件类型应为即办件"),
        ({"handling_kind": "immediate", "promised_limit": 5}, "即办件"),
        ({"materials": [{"name": "证明", "necessity": "conditional", "variant_name": "不存在的情形"}]}, "情形必要材料"),
        ({"audiences": []}, "服务对象"),
    ],
)
def test_each_broken_rule_has_its_message(overrides, message):
    found = problems(**overrides)
    assert any(message in problem for problem in found), found


def test_units_are_compared_in_days():
    # 10 working days (≈14 natural days) may promise 12 natural days.
    assert problems(statutory_limit=10, promised_limit=12, promised_unit="natural_day") == []


def test_catalog_only_entries_are_not_held_to_guide_rules():
    assert problems(catalog_only=True, visit_reason="", steps=[]) == []
