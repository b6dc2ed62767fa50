"""The applicant's case page: the rating form when allowed; POST /ratings/cases/<number>/rate/ — not theirs (404),
twice or outside the window (400 with the reason); the satisfied / not satisfied answer."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.evaluation import services
from govhall.evaluation.models import Rating, Rectification
from govhall.evaluation.tests.factories import alice, concluded_case, department_staff, rated

pytestmark = pytest.mark.django_db


def test_the_form_is_shown_and_a_rating_is_given(client):
    case = concluded_case()
    client.force_login(alice())
    page = client.get(f"/cases/{case.number}/")
    html = page.content.decode()
    assert "服务评价（好差评）" in html and "办事指南精确度" in html and "服务态度" not in html
    answer = client.post(
        f"/ratings/cases/{case.number}/rate/",
        {"score": "1", "aspect_efficiency": "2", "comment": "跑了两趟", "bad_reason": "visits"},
    )
    assert answer.status_code == 302
    rating = Rating.objects.get(case=case)
    assert (rating.score, rating.aspects, rating.channel) == (1, {"efficiency": 2}, "web")
    html = client.get(f"/cases/{case.number}/").content.decode()
    assert "承办部门将回访您" in html and 'name="score"' not in html


def test_not_theirs_twice_and_outside_the_window(client, settings):
    case = concluded_case()
    client.force_login(person("bob", number=1))
    assert client.post(f"/ratings/cases/{case.number}/rate/", {"score": "5"}).status_code == 404
    client.force_login(alice())
    assert client.post(f"/ratings/cases/{case.number}/rate/", {"score": "5"}).status_code == 302
    again = client.post(f"/ratings/cases/{case.number}/rate/", {"score": "1"})
    assert again.status_code == 400 and "已经评价过" in again.content.decode()
    late = concluded_case(days_ago=settings.RATING_WINDOW_DAYS + 1)
    refused = client.post(f"/ratings/cases/{late.number}/rate/", {"score": "5"})
    assert refused.status_code == 400 and "评价期已过" in refused.content.decode()
    assert "评价期已过" in client.get(f"/cases/{late.number}/").content.decode()
    assert Rating.objects.count() == 1


def test_a_get_is_not_allowed(client):
    case = concluded_case()
    client.force_login(alice())
    assert client.get(f"/ratings/cases/{case.number}/rate/").status_code == 405


def test_the_rater_answers_the_reply(client):
    rating = rated(score=2)
    rectification = Rectification.objects.get(rating=rating)
    approver = department_staff(rating.case)
    services.record_call_back(rectification=rectification, actor=approver, note="回访")
    services.resolve(rectification=rectification, actor=approver, outcome="explained", reply="已向您说明原因")
    client.force_login(alice())
    html = client.get(f"/cases/{rating.case.number}/").content.decode()
    assert "已向您说明原因" in html and "是否满意" in html
    assert client.post(f"/ratings/cases/{rating.case.number}/satisfaction/", {"satisfied": "no"}).status_code == 302
    assert Rectification.objects.get(pk=rectification.pk).rater_satisfied is False
    again = client.post(f"/ratings/cases/{rating.case.number}/satisfaction/", {"satisfied": "yes"})
    assert again.status_code == 400
