"""POST /api/v1/cases/{number}/rating: an app rates its person's concluded case; a bad rating needs its 差评原因."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.cases.tests.api_factories import app_headers
from govhall.evaluation.models import Rating, Rectification
from govhall.evaluation.tests.factories import alice, concluded_case

pytestmark = pytest.mark.django_db


def url(case):
    return f"/api/v1/cases/{case.number}/rating"


def test_a_bad_rating_needs_a_reason_then_opens_a_rectification(client):
    case = concluded_case()
    headers = app_headers(alice())
    refused = client.post(url(case), {"score": 1, "comment": "太慢"}, content_type="application/json", headers=headers)
    assert refused.status_code == 400 and "差评原因" in refused.json()["detail"]
    assert not Rating.objects.exists()
    given = client.post(
        url(case), {"score": 1, "bad_reasons": ["slow"]}, content_type="application/json", headers=headers
    )
    assert given.status_code == 201, given.json()
    assert given.json() == {"case": case.number, "score": 1, "bad_reasons": ["slow"], "rectification": True}
    rating = Rating.objects.get()
    assert rating.channel == "mobile" and Rectification.objects.filter(rating=rating).exists()
    again = client.post(url(case), {"score": 5}, content_type="application/json", headers=headers)
    assert again.status_code == 400 and "只能评价一次" in again.json()["detail"]


def test_only_the_applicant_and_valid_scores(client):
    case = concluded_case()
    stranger = client.post(
        url(case), {"score": 5}, content_type="application/json", headers=app_headers(person("bob", number=1))
    )
    assert stranger.status_code == 404
    bad = client.post(url(case), {"score": 9}, content_type="application/json", headers=app_headers(alice()))
    assert bad.status_code == 422
    assert client.post(url(case), {"score": 5}, content_type="application/json").status_code == 401
