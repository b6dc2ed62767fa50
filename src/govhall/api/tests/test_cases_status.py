"""GET /api/v1/cases, /cases/{number}, /cases/{number}/events and the applicant's withdraw and resubmit."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.cases import services
from govhall.cases.constants import CaseState
from govhall.cases.tests.api_factories import app_headers
from govhall.cases.tests.factories import submitted_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return person("alice")


def test_my_cases_are_listed_newest_first_and_paginated(client, alice, django_assert_max_num_queries):
    numbers = [submitted_case(applicant=alice).number for _ in range(3)]
    submitted_case(applicant=person("bob", number=1))
    headers = app_headers(alice)
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/cases?page_size=2", headers=headers).json()
    assert body["count"] == 3 and body["page_size"] == 2
    assert [row["number"] for row in body["results"]] == numbers[::-1][:2]
    second = client.get("/api/v1/cases?page=2&page_size=2", headers=headers).json()
    assert [row["number"] for row in second["results"]] == [numbers[0]]


def test_detail_shows_state_deadlines_and_time_left(client, alice):
    case = submitted_case(applicant=alice)
    services.accept_case(case=case, actor=None, channel="api")
    body = client.get(f"/api/v1/cases/{case.number}", headers=app_headers(alice)).json()
    assert body["state"] == CaseState.ACCEPTED and body["state_label"] == "已受理"
    assert body["promised_deadline"] and body["statutory_deadline"]
    assert body["working_days_left"] == 5  # the factory guide promises 5 working days
    assert body["time_left"] == "ok"
    assert body["revision"] == 2
    assert body["item_code"] == case.item.implementation_code
    assert body["documents"] == [] or all("kind" in document for document in body["documents"])


def test_events_are_the_timeline_with_the_correction_list(client, alice):
    case = submitted_case(applicant=alice)
    services.request_correction(case=case, actor=None, channel="api", missing=["营业执照复印件", "场所平面图"])
    events = client.get(f"/api/v1/cases/{case.number}/events", headers=app_headers(alice)).json()
    assert [event["act"] for event in events] == ["submit", "request_correction"]
    assert events[1]["missing"] == ["营业执照复印件", "场所平面图"]
    assert events[1]["to_state"] == CaseState.CORRECTION


@pytest.mark.parametrize("path", ["", "/events"])
def test_someone_elses_case_is_a_404(client, alice, path):
    case = submitted_case(applicant=person("bob", number=1))
    response = client.get(f"/api/v1/cases/{case.number}{path}", headers=app_headers(alice))
    assert response.status_code == 404
    assert response.json()["detail"] == "没有该办件，或您无权查看。"
    assert client.get(f"/api/v1/cases/GH2026NOPE{path}", headers=app_headers(alice)).status_code == 404


def test_withdraw_and_withdrawing_again_is_a_409(client, alice):
    case = submitted_case(applicant=alice)
    url = f"/api/v1/cases/{case.number}/withdraw"
    response = client.post(url, {"reason": "不办了"}, content_type="application/json", headers=app_headers(alice))
    assert response.status_code == 200 and response.json()["state"] == CaseState.WITHDRAWN
    again = client.post(url, {}, content_type="application/json", headers=app_headers(alice))
    assert again.status_code == 409
    assert "不能撤回" in again.json()["detail"]
    assert case.events.last().channel == "api"


def test_resubmit_after_a_correction_request(client, alice):
    case = submitted_case(applicant=alice)
    url = f"/api/v1/cases/{case.number}/resubmit"
    early = client.post(url, {}, content_type="application/json", headers=app_headers(alice))
    assert early.status_code == 409
    services.request_correction(case=case, actor=None, channel="api", missing=["场所平面图"])
    unanswered = client.post(url, {}, content_type="application/json", headers=app_headers(alice))
    assert unanswered.status_code == 400 and "场所平面图" in unanswered.json()["detail"]
    answer = {"explanations": {"场所平面图": "平面图已在申请书第 2 页"}}
    response = client.post(url, answer, content_type="application/json", headers=app_headers(alice))
    assert response.status_code == 200 and response.json()["state"] == CaseState.SUBMITTED


def test_an_agent_may_see_but_not_withdraw_the_enterprises_case(client):
    from govhall.accounts.tests.factories import authorise, organisation

    carol, dave = person("carol"), person("dave", number=1)
    org = organisation(carol)
    authorise(org, dave, all_items=True)
    case = submitted_case(applicant=carol, organisation=org)
    assert client.get(f"/api/v1/cases/{case.number}", headers=app_headers(dave)).status_code == 200
    refused = client.post(
        f"/api/v1/cases/{case.number}/withdraw", {}, content_type="application/json", headers=app_headers(dave)
    )
    assert refused.status_code == 400
    assert "只有申请人" in refused.json()["detail"]


def test_a_huge_page_of_my_cases_is_refused_with_a_message_not_an_error(client, alice):
    submitted_case(applicant=alice)
    answer = client.get("/api/v1/cases", {"page": "99999999999999999999"}, headers=app_headers(alice))
    assert answer.status_code == 422 and "page" in answer.content.decode()
    answer = client.get("/api/v1/cases", {"page": "10000"}, headers=app_headers(alice))
    assert answer.status_code == 200 and answer.json()["results"] == [] and answer.json()["count"] == 1
