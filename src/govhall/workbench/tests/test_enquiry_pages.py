"""/workbench/enquiries/: the queue of the departments where the member of staff handles enquiries (a clerk placed
in two departments sees both, nobody else's), the acts, the audited contact, publishing; refusals are 4xx."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.core.models import AuditEvent
from govhall.enquiries.constants import State
from govhall.enquiries.models import Enquiry, PublicAnswer
from govhall.enquiries.tests.factories import citizen, clerk, enquiry, item, other_department
from govhall.organisations.constants import Role
from govhall.organisations.models import Department, StaffMembership

pytestmark = pytest.mark.django_db


def test_the_queue_shows_only_the_departments_handled(client):
    mine = enquiry(title="本部门的咨询")
    market = other_department()
    theirs = enquiry(title="市场局的咨询", department=market, item=None)
    third = Department.objects.create(name="区民政局", area_code="511602000000")
    elsewhere = enquiry(title="民政局的咨询", department=third, item=None)
    clara = clerk()
    StaffMembership.objects.create(user=clara, department=market, role=Role.REVIEWER)
    client.force_login(clara)
    page = client.get("/workbench/enquiries/").content.decode()
    assert mine.title in page and theirs.title in page and elsewhere.title not in page
    assert client.get(f"/workbench/enquiries/{elsewhere.pk}/").status_code == 404
    assert client.get("/workbench/enquiries/?state=nope").status_code == 400


def test_staff_without_the_permission_are_refused(client):
    client.force_login(staff("sam", Role.SUPERVISOR, department=item().department))
    assert client.get("/workbench/enquiries/").status_code == 403
    client.force_login(citizen())
    assert client.get("/workbench/enquiries/").status_code == 403


def test_accept_reply_publish_through_the_pages(client):
    asked = enquiry()
    client.force_login(clerk())
    page = client.get(f"/workbench/enquiries/{asked.pk}/").content.decode()
    assert citizen().phone not in page and "139****0000" in page  # the contact: the account's phone, masked
    assert client.post(f"/workbench/enquiries/{asked.pk}/accept/").status_code == 302
    empty = client.post(f"/workbench/enquiries/{asked.pk}/reply/", {"reply": ""})
    assert empty.status_code == 400 and "请填写答复内容" in empty.content.decode()
    assert client.post(f"/workbench/enquiries/{asked.pk}/reply/", {"reply": "带身份证。"}).status_code == 302
    asked.refresh_from_db()
    assert asked.state == State.ANSWERED
    page = client.get(f"/workbench/enquiries/{asked.pk}/").content.decode()
    assert "公开问答" in page
    draft = page.split('name="question"')[1].split("</textarea>")[0]
    assert "13812345678" not in draft and "***" in draft  # the draft for publishing is stripped
    published = client.post(
        f"/workbench/enquiries/{asked.pk}/publish/", {"question": "营业执照丢了怎么办？", "answer": "带身份证。"}
    )
    assert published.status_code == 302 and PublicAnswer.objects.get().question == "营业执照丢了怎么办？"
    assert client.post(f"/workbench/enquiries/{asked.pk}/nonsense/").status_code == 404


def test_the_full_contact_is_shown_on_request_and_audited(client):
    asked = enquiry()
    client.force_login(clerk())
    page = client.post(f"/workbench/enquiries/{asked.pk}/contact/").content.decode()
    assert citizen().phone in page
    assert AuditEvent.objects.filter(action="enquiries.contact_viewed", result="success").count() == 1


def test_transfer_and_assign_refusals(client):
    asked = enquiry()
    client.force_login(clerk())
    bad = client.post(f"/workbench/enquiries/{asked.pk}/transfer/", {"department": "x", "note": "n"})
    assert bad.status_code == 400 and "请选择转办部门" in bad.content.decode()
    assert client.post(f"/workbench/enquiries/{asked.pk}/assign/", {"assignee": "99999"}).status_code == 400
    market = other_department()
    moved = client.post(f"/workbench/enquiries/{asked.pk}/transfer/", {"department": market.pk, "note": "职责"})
    assert moved.status_code == 302
    assert Enquiry.objects.get().department == market
