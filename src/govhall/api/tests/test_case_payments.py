"""GET /api/v1/cases/{number}/payments: the applicant's orders of a case, read only; another person's case is 404."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.cases.tests.api_factories import app_headers
from govhall.payments.tests.page_factories import due_case, pending_order

pytestmark = pytest.mark.django_db


def test_the_applicant_reads_the_orders_of_their_case(client) -> None:
    alice = person("alice")
    case = due_case(alice)
    order = pending_order(case)
    body = client.get(f"/api/v1/cases/{case.number}/payments", headers=app_headers(alice)).json()
    assert [row["number"] for row in body] == [order.number]
    assert body[0]["amount_fen"] == 1050 and body[0]["amount_yuan"] == "10.50" and body[0]["state"] == "pending"
    assert body[0]["lines"] == [{"name": "工本费", "amount_fen": 1050}] and body[0]["receipt_url"] == ""
    assert body[0]["pay_url"] == f"/payments/{order.number}/"


def test_someone_elses_case_is_a_404(client) -> None:
    case = due_case(person("bob", number=1))
    response = client.get(f"/api/v1/cases/{case.number}/payments", headers=app_headers(person("alice")))
    assert response.status_code == 404 and response.json()["detail"] == "没有该办件，或您无权查看。"


def test_no_token_is_401(client) -> None:
    case = due_case(person("bob", number=1))
    assert client.get(f"/api/v1/cases/{case.number}/payments").status_code == 401
