"""instant.services.decide (enqueued on submission): all rules met → approved and concluded by the system with the
rules and values shown; any failure → handed to a person with the reason; every fetch logged with the case number."""

import pytest

from govhall.cases.constants import Act, CaseState
from govhall.cases.models import CaseEvent
from govhall.cases.tests.factories import submitted_case
from govhall.instant import services
from govhall.instant.models import InstantDecision
from govhall.instant.tests.factories import ADDRESS_CHECK, applicant, business_item, business_rules, rule_set
from govhall.licences.models import Licence
from govhall.licences.tests.factories import LicenceTypeFactory
from govhall.sharing.models import DataAccess
from govhall.sharing.tests.factories import resource

pytestmark = pytest.mark.django_db


def submit(item, user, capture):
    with capture(execute=True):
        case = submitted_case(applicant=user, item=item)
    case.refresh_from_db()
    return case


def test_a_case_meeting_the_rules_is_approved_and_concluded_by_the_system(django_capture_on_commit_callbacks):
    rules = business_rules()
    licence_type = LicenceTypeFactory(name="营业执照（个体）")
    licence_type.items.set([rules.item])
    case = submit(rules.item, applicant(), django_capture_on_commit_callbacks)
    assert case.state == CaseState.DELIVERED  # concluded, and delivered online
    decision = InstantDecision.objects.get(case=case)
    assert decision.outcome == "approved"
    name, address = decision.reasons
    assert name == {
        "rule": "名称核验",
        "condition": "户籍信息·姓名 与申请人一致 姓名",
        "observed": "一致",
        "held": True,
    }
    assert (address["rule"], address["condition"], address["held"]) == (
        "住所核验",
        "户籍信息·户籍地址 包含 广安区",
        True,
    )
    assert address["observed"].startswith("四***") and "广安" not in address["observed"]  # personal: masked
    acts = list(CaseEvent.objects.filter(case=case).order_by("pk").values_list("act", "actor", "channel"))
    assert acts[1:4] == [(Act.ACCEPT, None, "system"), (Act.APPROVE, None, "system"), (Act.CONCLUDE, None, "system")]
    approval = CaseEvent.objects.get(case=case, act=Act.APPROVE)
    assert (
        approval.detail["instant"] is True and "名称核验：户籍信息·姓名 与申请人一致 姓名" in approval.detail["rules"]
    )
    assert Licence.objects.filter(case_number=case.number, licence_type=licence_type).exists()
    access = DataAccess.objects.get()  # one fetch serves both rules
    assert (access.purpose, access.outcome, access.actor, access.channel) == (case.number, "found", None, "system")


def test_a_rule_not_met_hands_the_case_to_a_person_with_the_reason(django_capture_on_commit_callbacks):
    rules = business_rules()
    case = submit(rules.item, applicant(real_name="张四"), django_capture_on_commit_callbacks)
    assert case.state == CaseState.SUBMITTED
    decision = InstantDecision.objects.get(case=case)
    assert decision.outcome == "fallback"
    assert decision.note == "未满足秒批规则：名称核验（户籍信息·姓名 与申请人一致 姓名，实际：不一致）"


def test_no_record_hands_over(django_capture_on_commit_callbacks):
    rules = business_rules()
    case = submit(rules.item, applicant("erin", number=4), django_capture_on_commit_callbacks)  # unknown to 公安
    decision = InstantDecision.objects.get(case=case)
    assert (case.state, decision.outcome) == (CaseState.SUBMITTED, "fallback")
    assert "名称核验（户籍信息·姓名 与申请人一致 姓名，实际：无此信息）" in decision.note
    assert DataAccess.objects.get().outcome == "no_record"


def test_a_failing_source_hands_over_with_the_source_named(django_capture_on_commit_callbacks, outside_world):
    rules = business_rules()
    outside_world.shared_data_trouble["gongan"] = "down"
    case = submit(rules.item, applicant(), django_capture_on_commit_callbacks)
    decision = InstantDecision.objects.get(case=case)
    assert (case.state, decision.outcome) == (CaseState.SUBMITTED, "fallback")
    assert decision.note.startswith("区公安分局“户籍信息”：")
    assert DataAccess.objects.get().outcome == "failed"


def test_a_resource_the_item_may_not_use_is_refused_and_handed_over(django_capture_on_commit_callbacks):
    item = business_item()
    rule_set(item, resource("household"), rules=[ADDRESS_CHECK])  # the resource does not list the item
    case = submit(item, applicant(), django_capture_on_commit_callbacks)
    decision = InstantDecision.objects.get(case=case)
    assert decision.outcome == "fallback" and "未获准使用数据资源“户籍信息”" in decision.note
    assert DataAccess.objects.get().outcome == "refused"


def test_an_error_hands_over(django_capture_on_commit_callbacks, monkeypatch):
    rules = business_rules()

    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(services, "reasons_for", broken)
    case = submit(rules.item, applicant(), django_capture_on_commit_callbacks)
    decision = InstantDecision.objects.get(case=case)
    assert (case.state, decision.note) == (CaseState.SUBMITTED, "系统秒批出错（ZeroDivisionError），转人工办理。")


def test_items_without_rules_and_cases_taken_by_a_person_are_left_alone(django_capture_on_commit_callbacks):
    plain = submit(business_item(number=8, name="其他事项"), applicant(), django_capture_on_commit_callbacks)
    assert plain.state == CaseState.SUBMITTED and not InstantDecision.objects.exists()
    rules = business_rules()
    case = submitted_case(applicant=plain.applicant, item=rules.item)  # the task not run yet
    services.approve_by_rules(case, [], revision=case.revision - 1)  # someone acted meanwhile
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED
    assert InstantDecision.objects.get(case=case).note == "评估期间办件已被处理，由人工继续办理。"
    assert services.decide(case.pk) is None  # decided once


def test_sampling_is_deterministic_by_case_number(settings):
    numbers = [f"GH20261203{n:06d}" for n in range(1000)]
    chosen = [number for number in numbers if services.sampled(number, 10)]
    assert chosen == [number for number in numbers if services.sampled(number, 10)]
    assert 60 < len(chosen) < 140
    assert not any(services.sampled(number, 0) for number in numbers)
    assert all(services.sampled(number, 100) for number in numbers)
    settings.INSTANT_AUDIT_SAMPLE_PERCENT = 100
    assert services.sampled(numbers[0])


def test_a_sampled_approval_waits_for_audit(django_capture_on_commit_callbacks, settings):
    settings.INSTANT_AUDIT_SAMPLE_PERCENT = 100
    rules = business_rules()
    case = submit(rules.item, applicant(), django_capture_on_commit_callbacks)
    assert InstantDecision.objects.get(case=case).review_state == "pending"
