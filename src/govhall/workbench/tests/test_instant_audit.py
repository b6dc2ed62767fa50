"""秒批抽查 pages (workbench.instant_views) and the 秒批 panel on the workbench and applicant case pages."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import staff
from govhall.cases.tests.factories import submitted_case
from govhall.instant.constants import Outcome, ReviewState
from govhall.instant.models import InstantDecision
from govhall.instant.tests.factories import applicant, business_item
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db

REASONS = [{"rule": "名称核验", "condition": "户籍信息·姓名 与申请人一致 姓名", "observed": "一致", "held": True}]


@pytest.fixture
def decision():
    case = submitted_case(applicant=applicant(), item=business_item())
    return InstantDecision.objects.create(
        case=case, outcome=Outcome.APPROVED, reasons=REASONS, review_state=ReviewState.PENDING
    )


def test_the_queue_lists_sampled_approvals_and_takes_the_audit(client, decision):
    client.force_login(staff("rita", Role.REVIEWER, department=decision.case.department))
    page = client.get(reverse("workbench:instant_audit"))
    assert page.status_code == 200 and decision.case.number in page.text and "名称核验" in page.text
    answer = client.post(reverse("workbench:instant_review", args=[decision.pk]), {"verdict": "wrong"}, follow=True)
    assert "标记“有误”时请写明问题。" in answer.text
    client.post(reverse("workbench:instant_review", args=[decision.pk]), {"verdict": "correct"})
    decision.refresh_from_db()
    assert decision.review_state == "correct"
    assert (
        client.post(reverse("workbench:instant_review", args=[decision.pk]), {"verdict": "correct"}).status_code == 404
    )


def test_a_bad_verdict_is_told(client, decision):
    client.force_login(staff("rita", Role.REVIEWER, department=decision.case.department))
    answer = client.post(reverse("workbench:instant_review", args=[decision.pk]), {"verdict": "maybe"}, follow=True)
    assert "请选择“通过”或“有误”。" in answer.text


def test_clerks_and_other_departments_are_kept_out(client, decision):
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=decision.case.department))
    assert client.get(reverse("workbench:instant_audit")).status_code == 403
    client.force_login(staff("oscar", Role.REVIEWER))
    assert decision.case.number not in client.get(reverse("workbench:instant_audit")).text
    assert (
        client.post(reverse("workbench:instant_review", args=[decision.pk]), {"verdict": "correct"}).status_code == 404
    )


def test_the_case_pages_show_the_rules(client, decision):
    client.force_login(staff("rita", Role.REVIEWER, department=decision.case.department))
    page = client.get(reverse("workbench:handle", args=[decision.case.number]))
    assert "系统秒批：依据以下规则与共享数据" in page.text and "秒批抽查：待抽查" in page.text
    client.force_login(decision.case.applicant)
    mine = client.get(reverse("cases:detail", args=[decision.case.number]))
    assert "系统秒批：依据以下规则与共享数据" in mine.text and "名称核验" in mine.text and "秒批抽查" not in mine.text


def test_a_hand_over_shows_the_reason_to_staff_only(client):
    case = submitted_case(applicant=applicant(), item=business_item())
    InstantDecision.objects.create(case=case, outcome=Outcome.FALLBACK, note="区公安分局“户籍信息”：服务不可用。")
    client.force_login(staff("rita", Role.REVIEWER, department=case.department))
    assert "区公安分局“户籍信息”：服务不可用。" in client.get(reverse("workbench:handle", args=[case.number])).text
    client.force_login(case.applicant)
    mine = client.get(reverse("cases:detail", args=[case.number])).text
    assert "已转工作人员按正常程序办理" in mine and "区公安分局" not in mine
