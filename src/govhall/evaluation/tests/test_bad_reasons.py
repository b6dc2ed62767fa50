"""A bad rating (1–2 stars) says why (差评原因, GB/T 39735): services.clean_bad_reasons, asked by services.rate for the
portal's rating form, the hall's rating screen and the kiosk alike (kiosk/tests/test_bad_rating.py)."""

import re

import pytest

from govhall.core.models import AuditEvent
from govhall.evaluation import services
from govhall.evaluation.constants import BadReason, RequestState
from govhall.evaluation.models import Rating, Rectification, WindowRatingRequest
from govhall.evaluation.tests.factories import alice, concluded_case

pytestmark = pytest.mark.django_db


def test_the_rule():
    assert services.clean_bad_reasons(5, ["slow"], "") == []  # a good rating keeps no reasons
    assert services.clean_bad_reasons(3, [], "") == []
    assert services.clean_bad_reasons(1, ["attitude", "slow", "slow"], "") == ["slow", "attitude"]
    with pytest.raises(services.RatingError, match="请至少选择一项差评原因"):
        services.clean_bad_reasons(2, [], "太慢")
    with pytest.raises(services.RatingError, match="选择“其他”时"):
        services.clean_bad_reasons(1, ["other"], "  ")
    assert services.clean_bad_reasons(1, ["other"], "窗口午休无人") == ["other"]
    with pytest.raises(services.RatingError, match="差评原因无效"):
        services.clean_bad_reasons(1, ["nonsense"], "")


def test_rate_refuses_a_bad_rating_without_a_reason_and_keeps_the_reasons_given():
    case = concluded_case()
    with pytest.raises(services.RatingError, match="差评原因"):
        services.rate(case=case, rater=alice(), channel="web", score=1, comment="不好")
    assert not Rating.objects.exists() and not Rectification.objects.exists()
    rating = services.rate(case=case, rater=alice(), channel="web", score=2, bad_reasons=["visits", "guide"])
    assert rating.bad_reasons == ["guide", "visits"]
    assert rating.bad_reason_labels() == [BadReason.GUIDE.label, BadReason.VISITS.label]
    assert Rectification.objects.filter(rating=rating).exists()
    assert AuditEvent.objects.get(action="evaluation.rate").detail["bad_reasons"] == ["guide", "visits"]


def test_the_portal_form_asks_for_the_reasons(client):
    case = concluded_case()
    client.force_login(alice())
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "差评原因" in page and 'name="bad_reason" value="attitude"' in page
    refused = client.post(f"/ratings/cases/{case.number}/rate/", {"score": "1", "comment": "跑了两趟"})
    assert refused.status_code == 400 and "请至少选择一项差评原因" in refused.content.decode()
    assert not Rating.objects.exists()
    given = client.post(f"/ratings/cases/{case.number}/rate/", {"score": "1", "bad_reason": ["visits", "slow"]})
    assert given.status_code == 302
    assert Rating.objects.get(case=case).bad_reasons == ["slow", "visits"]
    shown = client.get(f"/cases/{case.number}/").content.decode()
    assert "差评原因：办理时间长、效率低、多次跑动" in shown


def test_the_hall_rating_screen_asks_for_the_reasons(client):
    from govhall.accounts.tests.factories import staff
    from govhall.organisations.constants import Role

    case = concluded_case()
    clerk = staff("clerk", Role.WINDOW_CLERK, department=case.department)
    client.force_login(clerk)
    client.post(f"/ratings/window/{case.number}/request/")
    request = WindowRatingRequest.objects.get(case=case, state=RequestState.PENDING)
    token = re.search(r"/ratings/screen/([^/\"]+)/", client.get("/ratings/window/").content.decode()).group(1)
    client.logout()
    assert 'name="bad_reason"' in client.get(f"/ratings/screen/{token}/").content.decode()
    url = f"/ratings/screen/{token}/rate/{request.pk}/"
    refused = client.post(url, {"score": "2"})
    assert refused.status_code == 400 and "差评原因" in refused.content.decode()
    assert client.post(url, {"score": "2", "bad_reason": "attitude"}).status_code == 302
    assert Rating.objects.get(case=case).bad_reasons == ["attitude"]
