"""Idempotency-Key on POST /api/v1/cases, for drafts as for submissions: a retried request makes no second case, and
two requests with the same key at the same moment both answer 201 with the same case (the unique constraint on
(applicant, key) decides; PostgreSQL runs the two in parallel threads)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from govhall.accounts.tests.factories import person
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.cases.tests.api_factories import app_headers
from govhall.catalog.tests.factories import published_item

URL = "/api/v1/cases"


@pytest.fixture
def item():
    return published_item(materials=[{"name": "食品经营许可申请书", "originals": 1, "necessity": "deferrable"}])


def body(item, **extra):  # type: ignore[no-untyped-def]
    return {"item_code": item.implementation_code, "form_data": {"reason": "开设餐馆"}, **extra}


@pytest.mark.django_db
def test_a_retried_draft_is_one_draft_and_it_is_submitted_under_its_own_key(client, item):
    headers = {**app_headers(person("alice")), "Idempotency-Key": "draft-1"}
    first = client.post(URL, body(item, draft=True), content_type="application/json", headers=headers)
    again = client.post(URL, body(item, draft=True), content_type="application/json", headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"] and again.json()["state"] == CaseState.DRAFT
    number = first.json()["number"]
    submitted = client.post(f"{URL}/{number}/submit", {}, content_type="application/json", headers=headers)
    assert submitted.status_code == 201 and submitted.json()["state"] == CaseState.SUBMITTED
    retried = client.post(URL, body(item, draft=True), content_type="application/json", headers=headers)
    assert retried.status_code == 409 and "幂等键" in retried.json()["detail"]  # the key now names a filed case
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_a_key_that_made_a_draft_does_not_file_a_second_case(client, item):
    headers = {**app_headers(person("alice")), "Idempotency-Key": "k"}
    assert client.post(URL, body(item, draft=True), content_type="application/json", headers=headers).status_code == 201
    response = client.post(URL, body(item), content_type="application/json", headers=headers)
    assert response.status_code == 409 and "幂等键" in response.json()["detail"]
    assert Case.objects.get().state == CaseState.DRAFT


def post_together(item, headers, payload) -> list:  # type: ignore[no-untyped-def]
    """Two requests with the same key, released at the same moment from two threads (two database connections)."""
    start = threading.Barrier(2)
    answers: list = []

    def send() -> None:
        try:
            start.wait()
            response = Client().post(URL, payload, content_type="application/json", headers=headers)
            answers.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two writers at once need PostgreSQL (SQLite serialises them)"
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("draft", [False, True], ids=["submit", "draft"])
def test_two_requests_with_the_same_key_at_once_both_answer_201_with_the_same_case(item, draft):
    headers = {**app_headers(person("alice")), "Idempotency-Key": "at-once"}
    answers = post_together(item, headers, body(item, draft=draft))
    assert [status for status, _ in answers] == [201, 201], answers
    assert answers[0][1]["number"] == answers[1][1]["number"]
    assert Case.objects.count() == 1
