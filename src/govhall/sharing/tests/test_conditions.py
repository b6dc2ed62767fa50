"""sharing.conditions: the condition language of 秒批 rules and 免申即享 policies — each operator, what is shown, and
bad conditions refused when saved with a Chinese message."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from govhall.instant.models import InstantRule, InstantRuleSet
from govhall.instant.tests.factories import business_item
from govhall.sharing.conditions import evaluate, problem
from govhall.sharing.tests.factories import HOUSEHOLD_FIELDS, resource

TODAY = date(2026, 12, 3)
RECORD = {
    "name": "张三",
    "gender": "女",
    "birth_date": "1946-12-03",
    "household_address": "四川省广安市广安区",
    "n": "7",
}
FIELDS = {field["key"]: field["label"] for field in HOUSEHOLD_FIELDS}


@pytest.mark.parametrize(
    ("operator", "field", "value", "record", "held", "observed"),
    [
        ("exists", "", "", RECORD, True, "有记录"),
        ("exists", "", "", None, False, "无记录"),
        ("absent", "", "", None, True, "无记录"),
        ("absent", "", "", RECORD, False, "有记录"),
        ("eq", "gender", "女", RECORD, True, "女"),
        ("eq", "gender", "男", RECORD, False, "女"),
        ("ne", "gender", "男", RECORD, True, "女"),
        ("in", "gender", "男、女", RECORD, True, "女"),
        ("in", "gender", "男,未知", RECORD, False, "女"),
        ("not_in", "gender", "男，未知", RECORD, True, "女"),
        ("contains", "household_address", "广安区", RECORD, True, "四川省广安市广安区"),
        ("contains", "household_address", "成都", RECORD, False, "四川省广安市广安区"),
        ("gte", "n", "7", RECORD, True, "7"),
        ("gte", "n", "8", RECORD, False, "7"),
        ("lte", "n", "7.5", RECORD, True, "7"),
        ("gte", "gender", "1", RECORD, False, "不是数字"),
        ("age_gte", "birth_date", "80", RECORD, True, "80 周岁"),  # the 80th birthday is today
        ("age_gte", "birth_date", "81", RECORD, False, "80 周岁"),
        ("age_gte", "gender", "80", RECORD, False, "日期无法识别"),
        ("is_applicant", "name", "real_name", RECORD, True, "一致"),
        ("eq", "name", "张三", None, False, "无此信息"),
    ],
)
def test_each_operator(operator, field, value, record, held, observed):
    verdict = evaluate(
        operator=operator, field=field, value=value, record=record, today=TODAY, applicant={"real_name": "张三"}
    )
    assert (verdict.held, verdict.observed) == (held, observed)


def test_the_name_check_fails_for_another_name_and_shows_no_names():
    verdict = evaluate(
        operator="is_applicant",
        field="name",
        value="real_name",
        record=RECORD,
        today=TODAY,
        applicant={"real_name": "李四"},
    )
    assert (verdict.held, verdict.observed) == (False, "不一致")


def test_personal_values_are_masked():
    verdict = evaluate(operator="eq", field="name", value="张三", record=RECORD, today=TODAY, personal=True)
    assert (verdict.held, verdict.observed) == (True, "张*")


@pytest.mark.parametrize(
    ("operator", "field", "value", "message"),
    [
        ("eval", "name", "1", "不支持的比较方式“eval”"),
        ("exists", "name", "", "不需要填写信息项和比较值"),
        ("eq", "", "x", "请填写要比较的信息项"),
        ("eq", "salary", "x", "数据资源没有信息项“salary”"),
        ("eq", "name", " ", "请填写比较值"),
        ("in", "name", "、,", "请填写至少一个值"),
        ("age_gte", "birth_date", "八十", "比较值“八十”不是数字"),
        ("is_applicant", "name", "phone", "real_name（姓名）或 document_number"),
    ],
)
def test_bad_conditions_say_why(operator, field, value, message):
    assert message in problem(operator=operator, field=field, value=value, fields=FIELDS)


def test_good_conditions_have_no_problem():
    assert problem(operator="age_gte", field="birth_date", value="80", fields=FIELDS) == ""
    assert problem(operator="exists", field="", value="", fields={}) == ""


@pytest.mark.django_db
def test_a_bad_rule_is_refused_when_saved_and_the_licence_library_needs_a_type():
    item = business_item()
    rules = InstantRuleSet.objects.create(item=item)
    rule = InstantRule(
        rule_set=rules, name="坏规则", resource=resource("household"), field="salary", operator="gte", value="1"
    )
    with pytest.raises(ValidationError, match="数据资源没有信息项“salary”"):
        rule.full_clean()
    library = InstantRule(rule_set=rules, name="持证", resource=resource("licence_library"), operator="exists")
    with pytest.raises(ValidationError, match="须填写证照类型代码"):
        library.full_clean()
    library.licence_type_code = "11100000000013338W001"
    library.full_clean()
    assert library.describe() == "电子证照库（11100000000013338W001） 有记录"
