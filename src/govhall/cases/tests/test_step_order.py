"""The guide's order of steps (受理 → 审查 → 决定 → 办结 → 送达) held by cases.permissions: each role sees exactly its
next act on the workbench, a decision waits for the finished review, the accepting window concludes, 认领 only while
nobody handles the case, and staff shown by their real names."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.cases import services
from govhall.cases.constants import Act, CaseState
from govhall.cases.permissions import acts_for
from govhall.cases.tests.factories import submitted_case
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def named(username, role, department, last, first):
    user = staff(username, role, department=department)
    user.last_name, user.first_name = last, first
    user.save(update_fields=["last_name", "first_name"])
    return user


@pytest.fixture
def team():
    case = submitted_case()
    department = case.department
    return {
        "case": case,
        "clerk": named("clerk", Role.WINDOW_CLERK, department, "陈", "晓雯"),
        "reviewer": named("reviewer", Role.REVIEWER, department, "刘", "建国"),
        "approver": named("approver", Role.APPROVER, department, "赵", "明"),
    }


def next_acts(team, case):
    return {who: acts_for(team[who], case) for who in ("clerk", "reviewer", "approver")}


def test_each_role_sees_exactly_its_next_act_through_the_steps(team):
    case, clerk, reviewer, approver = team["case"], team["clerk"], team["reviewer"], team["approver"]
    case = services.accept_case(case=case, actor=clerk, channel="window")
    assert next_acts(team, case) == {
        "clerk": [],
        "reviewer": [Act.START_REVIEW, Act.SUSPEND],
        "approver": [Act.START_REVIEW, Act.SUSPEND, Act.EXTEND],  # no decision before the review
    }
    case = services.act_on(case=case, act=Act.START_REVIEW, actor=reviewer, channel="window")
    assert next_acts(team, case) == {
        "clerk": [],
        "reviewer": [Act.PASS_STEP, Act.SUSPEND],  # 审查完成: the reviewer's act
        "approver": [Act.PASS_STEP, Act.SUSPEND, Act.EXTEND],
    }
    case = services.act_on(case=case, act=Act.PASS_STEP, actor=reviewer, channel="window")
    assert case.events.last().detail["step"] == "审查"
    assert next_acts(team, case) == {
        "clerk": [],
        "reviewer": [Act.SUSPEND],
        "approver": [Act.SUSPEND, Act.EXTEND, Act.APPROVE, Act.DENY],
    }
    case = services.approve(case=case, actor=approver, channel="window")
    assert next_acts(team, case) == {"clerk": [Act.CONCLUDE], "reviewer": [], "approver": [Act.CONCLUDE]}
    case = services.conclude(case=case, actor=clerk, channel="window")  # the accepting window concludes
    assert case.state == CaseState.DELIVERED  # a download result is delivered on conclusion


def test_a_decision_before_the_review_is_refused_by_the_service(team):
    case = services.accept_case(case=team["case"], actor=team["clerk"], channel="window")
    with pytest.raises(services.ActNotAllowed, match="尚未审查"):
        services.approve(case=case, actor=team["approver"], channel="window")
    case = services.act_on(case=case, act=Act.START_REVIEW, actor=team["reviewer"], channel="window")
    with pytest.raises(services.ActNotAllowed, match="审查环节“审查”尚未通过"):
        services.deny(case=case, actor=team["approver"], channel="window", reason="不符合条件")
    case = services.act_on(case=case, act=Act.PASS_STEP, actor=team["reviewer"], channel="window")
    with pytest.raises(services.ActNotAllowed, match="已全部通过"):
        services.act_on(case=case, act=Act.PASS_STEP, actor=team["reviewer"], channel="window")
    case.refresh_from_db()
    assert case.state == CaseState.UNDER_REVIEW and case.events.filter(act=Act.PASS_STEP).count() == 1


def test_the_page_offers_the_review_done_act_and_no_decision_to_the_reviewer(client, team):
    case = services.accept_case(case=team["case"], actor=team["clerk"], channel="window")
    case = services.act_on(case=case, act=Act.START_REVIEW, actor=team["reviewer"], channel="window")
    client.force_login(team["reviewer"])
    page = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert 'value="pass_step"' in page and 'value="approve"' not in page and 'value="conclude"' not in page
    client.force_login(team["approver"])
    page = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert 'value="approve"' not in page


def test_claim_only_while_nobody_handles_the_case(client, team):
    case = team["case"]
    url = f"/workbench/cases/{case.number}/"
    client.force_login(team["clerk"])
    assert f"{url}claim/" in client.get(url).content.decode()
    client.post(f"{url}claim/")
    page = client.get(url).content.decode()
    assert f"{url}claim/" not in page  # already claimed: no 认领 button
    client.force_login(team["reviewer"])
    assert f"{url}claim/" not in client.get(url).content.decode()
    answer = client.post(f"{url}claim/", follow=True).content.decode()
    assert "该办件已由陈晓雯经办" in answer
    case.refresh_from_db()
    assert case.handler == team["clerk"]


def test_staff_are_shown_by_their_real_names(client, team):
    case = team["case"]
    services.claim(case=case, actor=team["clerk"])
    services.accept_case(case=case, actor=team["clerk"], channel="window")
    client.force_login(team["approver"])
    page = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert "陈晓雯" in page and "赵明" in page and "刘建国" in page  # handler, timeline, colleagues
    assert ">clerk<" not in page
    inbox = client.get("/workbench/").content.decode()
    assert "陈晓雯" in inbox
