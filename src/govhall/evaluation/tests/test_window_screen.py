"""一次一评: the clerk presses 请评价, the window's rating screen (signed link) shows the request, the applicant rates
with the window's questions; the screen goes back to waiting. Bad or old links show nothing."""

import re

import pytest
from django.core import signing

from govhall.accounts.tests.factories import staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.evaluation import services
from govhall.evaluation.constants import RequestState
from govhall.evaluation.models import Rating, WindowRatingRequest
from govhall.evaluation.screen import SCREEN_SALT, clerk_for_token
from govhall.evaluation.tests.factories import concluded_case, window_clerk
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def test_request_screen_and_rate(client):
    case = concluded_case()
    clerk = window_clerk(case)
    client.force_login(clerk)
    handle = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert "请评价" in handle
    assert client.post(f"/ratings/window/{case.number}/request/").status_code == 302
    request = WindowRatingRequest.objects.get(case=case, state=RequestState.PENDING)
    link = client.get("/ratings/window/").content.decode()
    # The page's link carries a token signed when the page was made (its timestamp may be a second before ours).
    found = re.search(r"/ratings/screen/([^/\"]+)/", link)
    assert found is not None and clerk_for_token(found.group(1)) == clerk
    token = found.group(1)
    client.logout()  # the tablet has no session
    screen = client.get(f"/ratings/screen/{token}/").content.decode()
    assert case.number in screen and "服务态度" in screen and "平台操作性" not in screen
    assert "<script>" not in screen  # CSP: no inline scripts
    answer = client.post(
        f"/ratings/screen/{token}/rate/{request.pk}/",
        {"score": "4", "aspect_attitude": "5", "aspect_service_level": "4", "comment": "耐心"},
    )
    assert answer.status_code == 302 and answer["Location"].endswith("?thanks=1")
    rating = Rating.objects.get(case=case)
    assert (rating.channel, rating.handler, rating.rater) == ("window", clerk, case.applicant)
    assert rating.aspects == {"attitude": 5, "service_level": 4} and rating.hall_id is not None
    waiting = client.get(f"/ratings/screen/{token}/pending/").content.decode()
    assert 'hx-trigger="every 3s"' in waiting and case.number not in waiting
    again = client.post(f"/ratings/screen/{token}/rate/{request.pk}/", {"score": "1"})
    assert again.status_code == 400 and Rating.objects.count() == 1


def test_a_new_request_replaces_the_pending_one():
    first, second = concluded_case(), concluded_case()
    clerk = window_clerk(first)
    one = services.request_window_rating(case=first, clerk=clerk)
    services.request_window_rating(case=second, clerk=clerk)
    assert WindowRatingRequest.objects.get(pk=one.pk).state == RequestState.CANCELLED
    with pytest.raises(services.RatingError, match="评价请求已结束"):
        services.rate(case=first, rater=None, channel="window", score=5, window_request=one)


def test_only_the_departments_clerks_ask(client):
    case = concluded_case()
    reviewer = staff("reviewer", Role.REVIEWER, department=case.department)
    other = staff("other", Role.WINDOW_CLERK, department=DepartmentFactory(name="区民政局"))
    for user in (reviewer, other):
        with pytest.raises(services.RatingError, match="窗口人员"):
            services.request_window_rating(case=case, clerk=user)


def test_bad_and_expired_links(client, monkeypatch):
    case = concluded_case()
    clerk = window_clerk(case)
    assert client.get("/ratings/screen/not-a-token/").status_code == 404
    forged = signing.dumps({"clerk": clerk.pk}, salt="another-salt", compress=True)
    assert client.get(f"/ratings/screen/{forged}/").status_code == 404
    monkeypatch.setattr("govhall.evaluation.screen.SCREEN_HOURS", 0)
    old = signing.dumps({"clerk": clerk.pk}, salt=SCREEN_SALT, compress=True)
    import time

    time.sleep(1.1)
    assert client.get(f"/ratings/screen/{old}/").status_code == 404
