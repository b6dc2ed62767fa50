"""/enquiries/: asking from a guide page, a case page or the header (department chosen); the person's list and
answer; 满意 / 不满意; the guide page shows the published Q&A; every bad input a 4xx with a Chinese message."""

import pytest

from govhall.cases.tests.factories import submitted_case
from govhall.enquiries import publishing, services
from govhall.enquiries.constants import Source, State
from govhall.enquiries.models import Enquiry
from govhall.enquiries.tests.factories import citizen, clerk, enquiry, item, other_department

pytestmark = pytest.mark.django_db


def test_asking_from_a_guide_page(client):
    client.force_login(citizen())
    code = item().implementation_code
    page = client.get(f"/items/{code}/")
    assert f"/enquiries/new/?item={code}" in page.content.decode()
    form = client.get(f"/enquiries/new/?item={code}")
    assert form.status_code == 200 and item().name in form.content.decode()
    answer = client.post(
        f"/enquiries/new/?item={code}", {"kind": "consult", "title": "要带什么", "content": "要带什么材料？"}
    )
    made = Enquiry.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/enquiries/{made.pk}/"
    assert made.source == Source.GUIDE and made.department == item().department


def test_asking_from_the_portal_needs_a_department(client):
    client.force_login(citizen())
    missing = client.post("/enquiries/new/", {"kind": "suggestion", "title": "建议", "content": "多开窗口"})
    assert missing.status_code == 400 and "这个字段是必填项" in missing.content.decode()
    market = other_department()
    made = client.post(
        "/enquiries/new/", {"kind": "suggestion", "title": "建议", "content": "多开窗口", "department": market.pk}
    )
    assert made.status_code == 302 and Enquiry.objects.get().department == market


def test_a_complaint_from_a_case_page_about_its_handler(client):
    case = submitted_case()
    case.handler = clerk("henry", department=case.department)
    case.save(update_fields=["handler"])
    client.force_login(case.applicant)
    assert f"/enquiries/new/?case={case.number}" in client.get(f"/cases/{case.number}/").content.decode()
    client.post(
        f"/enquiries/new/?case={case.number}",
        {"kind": "complaint", "title": "办理太慢", "content": "超过承诺时间", "about_handler": "on"},
    )
    made = Enquiry.objects.get()
    assert made.case == case and made.about_staff == case.handler and made.escalated_at is not None


@pytest.mark.parametrize(
    ("url", "data", "status", "words"),
    [
        ("/enquiries/new/?item=no-such", None, 404, ""),
        ("/enquiries/new/?case=GH00000000000000", None, 404, ""),
        ("/enquiries/new/", {"kind": "praise", "title": "x", "content": "x"}, 400, "有效"),
        ("/enquiries/new/", {"kind": "consult", "title": "", "content": "x"}, 400, "这个字段是必填项"),
        ("/enquiries/new/", {"kind": "consult", "title": "x" * 101, "content": "x"}, 400, "100"),
        ("/enquiries/999999999999999999999/", None, 404, ""),
    ],
)
def test_bad_input_is_a_4xx(client, url, data, status, words):  # type: ignore[no-untyped-def]
    client.force_login(citizen())
    answer = client.post(url, data) if data is not None else client.get(url)
    assert answer.status_code == status
    assert words in answer.content.decode()


def test_the_person_sees_the_answer_and_rates_it_once(client):
    asked = enquiry()
    services.reply(asked, actor=clerk(), text="请带身份证到窗口办理。")
    client.force_login(asked.user)
    assert asked.title in client.get("/enquiries/").content.decode()
    page = client.get(f"/enquiries/{asked.pk}/").content.decode()
    assert "请带身份证到窗口办理。" in page and "满意" in page
    assert client.post(f"/enquiries/{asked.pk}/rate/", {"satisfaction": "nope"}).status_code == 400
    assert client.post(f"/enquiries/{asked.pk}/rate/", {"satisfaction": "satisfied"}).status_code == 302
    asked.refresh_from_db()
    assert asked.state == State.CLOSED
    assert client.post(f"/enquiries/{asked.pk}/rate/", {"satisfaction": "unsatisfied"}).status_code == 400


def test_others_cannot_see_an_enquiry_and_staff_are_sent_to_the_workbench(client):
    asked = enquiry()
    client.force_login(citizen("bob", 1))
    assert client.get(f"/enquiries/{asked.pk}/").status_code == 404
    client.force_login(clerk())
    assert client.get("/enquiries/new/").status_code == 403


def test_the_guide_shows_published_answers(client):
    asked = enquiry()
    services.reply(asked, actor=clerk(), text="带营业执照正副本。")
    publishing.publish(asked, actor=clerk(), question="营业执照丢了怎么补办？", answer="带身份证到窗口补领。")
    page = client.get(f"/items/{item().implementation_code}/").content.decode()
    assert "营业执照丢了怎么补办？" in page and "带身份证到窗口补领。" in page
