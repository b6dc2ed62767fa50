"""The application form of a guide: fields per 情形, prefill, checks shared by every channel, drafts."""

import pytest

from govhall.accounts.tests.factories import organisation, person
from govhall.cases import services
from govhall.cases.application_form import FormDataError, clean_form_data, prefill_values, rows
from govhall.cases.constants import CaseState
from govhall.catalog.tests.factories import published_item

pytestmark = pytest.mark.django_db

FIELDS = [
    {"key": "shop_name", "label": "店铺名称", "prefill": "organisation.name"},
    {"key": "contact", "label": "联系人", "prefill": "person.name"},
    {"key": "mobile", "label": "联系电话", "kind": "phone", "prefill": "person.phone"},
    {"key": "area", "label": "经营面积（平方米）", "kind": "number"},
    {"key": "opening", "label": "开业日期", "kind": "date", "required": False},
    {"key": "kind", "label": "经营类型", "kind": "choice", "choices": "热食类|冷食类|糕点类"},
    {"key": "old_licence", "label": "原许可证编号", "variant_name": "延续"},
]


@pytest.fixture
def item():
    return published_item(
        variants=[{"name": "新办"}, {"name": "延续"}],
        form_fields=FIELDS,
        materials=[
            {"name": "申请书"},
            {"name": "原许可证", "necessity": "conditional", "variant_name": "延续"},
        ],
    )


GOOD = {"reason": "开店", "shop_name": "好味道", "contact": "张三", "mobile": "13900001111", "area": "45.5"}


def test_fields_of_another_variant_are_not_asked_and_not_kept(item):
    version = item.current_version
    data = clean_form_data(version, "新办", GOOD | {"kind": "热食类", "old_licence": "JY1", "junk": "x"})
    assert data["shop_name"] == "好味道" and "old_licence" not in data and "junk" not in data
    with pytest.raises(FormDataError) as caught:
        clean_form_data(version, "延续", GOOD | {"kind": "热食类"})
    assert caught.value.problems == {"old_licence": "请填写原许可证编号"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mobile", "12345", "应为 11 位手机号码"),
        ("area", "四十", "应填写数字"),
        ("opening", "2026-13-01", "应填写日期"),
        ("kind", "烧烤", "应从所列选项中选择"),
        ("contact", "", "请填写联系人"),
    ],
)
def test_each_bad_value_is_named(item, field, value, message):
    with pytest.raises(FormDataError) as caught:
        clean_form_data(item.current_version, "新办", GOOD | {"kind": "热食类", field: value})
    assert message in caught.value.problems[field]


def test_a_draft_may_be_incomplete_but_not_wrong(item):
    assert clean_form_data(item.current_version, "", {"area": ""}, complete=False)["area"] == ""
    with pytest.raises(FormDataError):
        clean_form_data(item.current_version, "", {"area": "很大"}, complete=False)


def test_prefill_comes_from_the_profile_and_the_enterprise(item):
    alice = person("alice", phone="13900002222")
    company = organisation(alice)
    values = prefill_values(item.current_version, alice, company)
    assert values["contact"] == alice.person.real_name
    assert values["mobile"] == "13900002222"
    assert values["shop_name"] == company.name
    assert prefill_values(item.current_version, alice, None)["shop_name"] == ""


def test_submission_through_the_service_checks_the_form(item):
    alice = person("alice")
    bad = services.Application(form_data=GOOD | {"kind": "烧烤"}, variant_name="新办")
    with pytest.raises(services.CaseError, match="经营类型应从所列选项中选择"):
        services.submit_case(applicant=alice, item=item, idempotency_key="k", channel="api", application=bad)
    unknown_variant = services.Application(form_data=GOOD, variant_name="注销")
    with pytest.raises(services.CaseError, match="办理情形不属于"):
        services.submit_case(
            applicant=alice, item=item, idempotency_key="k", channel="api", application=unknown_variant
        )
    assert not alice.cases.exists()


def test_a_draft_is_resumed_and_submitted_as_the_same_case(item):
    alice = person("alice")
    draft = services.save_draft(
        applicant=alice,
        item=item,
        application=services.Application(form_data={"shop_name": "好味道"}, variant_name="新办"),
        channel="web",
        draft=None,
    )
    assert draft.state == CaseState.DRAFT and draft.submitted_at is None
    application = services.Application(form_data=GOOD | {"kind": "冷食类"}, variant_name="新办")
    case = services.submit_case(
        applicant=alice, item=item, idempotency_key="k1", channel="web", application=application, draft=draft
    )
    assert case.pk == draft.pk and case.state == CaseState.SUBMITTED and case.submitted_at is not None
    assert list(case.events.values_list("act", flat=True)) == ["submit"]
    assert ("经营类型", "冷食类") in rows(case.guide_version, case.variant_name, case.form_data)
    with pytest.raises(services.CaseError, match="已提交"):
        services.save_draft(applicant=alice, item=item, application=application, channel="web", draft=case)


def test_post_delivery_needs_an_item_that_posts_and_an_address(item):
    alice = person("alice")
    posting = services.Application(form_data=GOOD | {"kind": "热食类"}, variant_name="新办", delivery_method="post")
    with pytest.raises(services.CaseError, match="不提供快递送达"):
        services.submit_case(applicant=alice, item=item, idempotency_key="a", channel="web", application=posting)
    posted = published_item(number=2, express_out=True)
    with pytest.raises(services.CaseError, match="请填写邮寄地址"):
        services.submit_case(
            applicant=alice,
            item=posted,
            idempotency_key="b",
            channel="web",
            application=services.Application(delivery_method="post"),
        )
