"""Department systems with an API key: their inbox (cases:receive) and acts pushed back (cases:decide)."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.cases.constants import CaseState
from govhall.cases.tests.api_factories import system_headers
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    return DepartmentFactory(name="区行政审批局")  # the department of the factories' item


@pytest.fixture
def case(department):
    return submitted_case(applicant=person("alice"))


def push(client, case, headers, **body):
    return client.post(
        f"/api/v1/cases/{case.number}/transitions", body, content_type="application/json", headers=headers
    )


def test_accept_by_api_key_records_the_system_in_the_event_and_the_audit_log(client, department, case):
    headers = system_headers(department, "cases:decide", name="审批业务系统")
    response = push(client, case, headers, act="accept", expected_revision=1)
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == CaseState.ACCEPTED and response.json()["revision"] == 2
    event = case.events.get(act="accept")
    assert event.channel == "api" and event.actor is None
    assert event.detail["system"] == "审批业务系统" and event.detail["api_key"]
    audit = AuditEvent.objects.get(action="cases.system_act")
    assert audit.channel == "api" and audit.detail["system"] == "审批业务系统" and audit.detail["events"] == [event.pk]


def test_the_full_way_to_conclusion(client, department, case):
    headers = system_headers(department)
    for act in ("accept", "start_review", "approve", "conclude"):
        assert push(client, case, headers, act=act).status_code == 200, act
    case.refresh_from_db()
    assert case.state in {CaseState.CONCLUDED, CaseState.DELIVERED}  # a download result is delivered on conclusion


def test_correction_needs_the_list_and_extension_needs_days(client, department, case):
    headers = system_headers(department)
    empty = push(client, case, headers, act="request_correction", missing=[" "])
    assert empty.status_code == 400 and "一次性告知" in empty.json()["detail"]
    listed = push(client, case, headers, act="request_correction", missing=["场所平面图"])
    assert listed.status_code == 200 and listed.json()["state"] == CaseState.CORRECTION
    assert case.events.last().detail["missing"] == ["场所平面图"]
    no_reason = push(client, case, headers, act="not_accept")
    assert no_reason.status_code == 400 and "理由" in no_reason.json()["detail"]


def test_extend_needs_days_in_range(client, department, case):
    headers = system_headers(department)
    push(client, case, headers, act="accept")
    assert push(client, case, headers, act="extend", reason="需专家论证").status_code == 400
    too_long = push(client, case, headers, act="extend", days=31, reason="需专家论证")
    assert too_long.status_code == 400 and "1 到 30" in too_long.json()["detail"]
    assert push(client, case, headers, act="extend", days=3, reason="需专家论证").status_code == 200


def test_act_not_allowed_now_is_a_409_with_the_state_in_the_message(client, department, case):
    response = push(client, case, system_headers(department), act="approve")
    assert response.status_code == 409
    assert response.json()["detail"] == "办件当前状态为“已申报”，不能准予许可。"


def test_an_act_a_system_may_not_do_is_refused(client, department, case):
    for act in ("withdraw", "revoke", "nonsense"):
        response = push(client, case, system_headers(department), act=act)
        assert response.status_code == 409
        assert "部门系统不能通过接口执行" in response.json()["detail"]


def test_stale_revision_is_a_409_and_nothing_changes(client, department, case):
    headers = system_headers(department)
    assert push(client, case, headers, act="accept", expected_revision=1).status_code == 200
    stale = push(client, case, headers, act="start_review", expected_revision=1)
    assert stale.status_code == 409
    assert "修订号已变化" in stale.json()["detail"]
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED


def test_scopes_are_checked(client, department, case):
    receive_only = system_headers(department, "cases:receive")
    assert push(client, case, receive_only, act="accept").status_code == 401
    decide_only = system_headers(department, "cases:decide")
    assert client.get("/api/v1/cases/inbox", headers=decide_only).status_code == 401
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED


def test_another_departments_case_is_a_404(client, case):
    other = system_headers(DepartmentFactory(name="区民政局"))
    assert push(client, case, other, act="accept").status_code == 404
    assert client.get(f"/api/v1/cases/{case.number}", headers=other).status_code == 404
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED


def test_inbox_lists_the_departments_open_cases_and_reading_one_is_audited(client, department, case):
    headers = system_headers(department, "cases:receive")
    withdrawn = submitted_case(applicant=case.applicant)
    from govhall.cases.services import withdraw

    withdraw(case=withdrawn, actor=case.applicant, channel="web")
    body = client.get("/api/v1/cases/inbox", headers=headers).json()
    assert [row["number"] for row in body["results"]] == [case.number]
    assert client.get("/api/v1/cases/inbox?state=accepted", headers=headers).json()["count"] == 0
    assert client.get("/api/v1/cases/inbox?state=bogus", headers=headers).status_code == 400
    detail = client.get(f"/api/v1/cases/{case.number}", headers=headers)
    assert detail.status_code == 200 and detail.json()["form_data"]
    assert AuditEvent.objects.filter(action="cases.system_view", object_id=str(case.pk)).exists()
    events = client.get(f"/api/v1/cases/{case.number}/events", headers=headers).json()
    assert [event["act"] for event in events] == ["submit"]


def test_an_applicants_unfinished_draft_is_not_the_departments_to_read(client, department, case):
    """Drafts are the applicant's alone (as on the workbench): a department system reading numbers one by one must not
    see what a person has started and not sent."""
    from govhall.cases.services import Application, save_draft

    draft = save_draft(
        applicant=case.applicant,
        item=case.item,
        application=Application(form_data={"reason": "还在填"}),
        channel="web",
        draft=None,
    )
    headers = system_headers(department)
    for path in (f"/api/v1/cases/{draft.number}", f"/api/v1/cases/{draft.number}/events"):
        assert client.get(path, headers=headers).status_code == 404
    assert push(client, draft, headers, act="accept").status_code == 404
    assert client.get(f"/api/v1/cases/{case.number}", headers=headers).status_code == 200


@pytest.mark.parametrize("page", ["99999999999999999999", "9223372036854775807"])
def test_a_huge_inbox_page_is_refused_with_a_message_not_an_error(client, department, case, page):
    # Pages are bounded in the schema (1..10000): past that is a 422 naming the parameter, never a 500.
    answer = client.get("/api/v1/cases/inbox", {"page": page}, headers=system_headers(department))
    assert answer.status_code == 422 and "page" in answer.content.decode()
