"""The department's and supervisors' pages: rectification list and page (call-back, reply, appeal), appeals and the
moderation queue; each reachable only by the right people."""

import pytest

from govhall.accounts.tests.factories import person, staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.evaluation.constants import AppealState, Moderation
from govhall.evaluation.models import Appeal, Rating, Rectification
from govhall.evaluation.tests.factories import city_supervisor, department_staff, rated
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def test_call_back_reply_and_appeal_through_the_pages(client, django_assert_max_num_queries):
    rating = rated(score=1, comment="不满意")
    approver = department_staff(rating.case)
    client.force_login(approver)
    with django_assert_max_num_queries(15):
        listing = client.get("/ratings/rectifications/")
    assert rating.case.number in listing.content.decode()
    page = client.get(f"/ratings/department/{rating.pk}/").content.decode()
    assert "记录回访" in page and "提出申诉" in page
    client.post(f"/ratings/department/{rating.pk}/call-back/", {"note": "电话回访"})
    client.post(f"/ratings/department/{rating.pk}/resolve/", {"outcome": "fixed", "reply": "已整改"})
    rectification = Rectification.objects.get(rating=rating)
    assert rectification.call_back_note == "电话回访" and rectification.reply == "已整改"
    client.post(f"/ratings/department/{rating.pk}/appeal/", {"reason": "恶意评价"})
    assert Appeal.objects.get(rating=rating).state == AppealState.PENDING


def test_strangers_get_nothing(client):
    rating = rated(score=1)
    outsider = staff("other", Role.APPROVER, department=DepartmentFactory(name="区民政局"))
    client.force_login(outsider)
    assert client.get(f"/ratings/department/{rating.pk}/").status_code == 404
    assert client.post(f"/ratings/department/{rating.pk}/call-back/", {"note": "x"}).status_code == 404
    assert rating.case.number not in client.get("/ratings/rectifications/").content.decode()
    assert client.get("/ratings/appeals/").status_code == 403
    assert client.get("/ratings/moderation/").status_code == 403
    client.force_login(person("bob", number=1))
    assert client.get("/ratings/rectifications/").status_code == 403


def test_supervisor_decides_and_moderates(client):
    rating = rated(score=1, comment="电话13812345678，太慢")
    appeal = Appeal.objects.create(
        rating=rating, department=rating.department, reason="误评", filed_by=department_staff(rating.case)
    )
    client.force_login(city_supervisor())
    assert rating.case.number in client.get("/ratings/appeals/").content.decode()
    assert "误评" in client.get(f"/ratings/appeals/{appeal.pk}/").content.decode()
    client.post(f"/ratings/appeals/{appeal.pk}/", {"upheld": "yes", "decision": "核实为误评"})
    assert Rating.objects.get(pk=rating.pk).excluded is True
    other = rated(score=5, comment="好 13900001111")
    queue = client.get("/ratings/moderation/").content.decode()
    assert "好 ***" in queue  # the suggested public text
    assert "太慢" not in queue  # an excluded rating is not published
    client.post(f"/ratings/moderation/{other.pk}/", {"decision": "approve", "text": "好 13900001111，谢谢"})
    other.refresh_from_db()
    assert other.moderation == Moderation.APPROVED and other.public_comment == "好 ***，谢谢"
