"""The 快递寄递 panels and their forms: the workbench (寄出结果, a waybill by hand, cancel) for staff of the case's
department only, the applicant's page (timeline, 预约取件) for the applicant's side only; names and phones masked."""

from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.accounts.tests.factories import person, staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.delivery import services
from govhall.delivery.models import Shipment
from govhall.delivery.tests.factories import concluded_post_case, courier_orders, originals_case
from govhall.organisations.constants import Role
from govhall.organisations.models import StaffMembership

pytestmark = pytest.mark.django_db


def test_the_clerk_posts_the_result_from_the_panel(client):
    case, approver = concluded_post_case()
    client.force_login(approver)
    page = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert "寄出结果" in page and "录入运单号" in page
    assert 'value="deliver"' not in page  # no second 送达 button for a result by post
    answer = client.post(f"/workbench/cases/{case.number}/post/", follow=True).content.decode()
    shipment = Shipment.objects.get(case=case)
    assert f"已寄出，运单号 {shipment.waybill}" in answer and "已下单" in answer
    assert "13900001111" not in answer.split("快递寄递")[1]  # the recipient's phone masked in the panel


def test_staff_of_another_department_reach_nothing(client):
    case, _approver = concluded_post_case()
    other = staff("other", Role.APPROVER, department=DepartmentFactory())
    client.force_login(other)
    assert client.post(f"/workbench/cases/{case.number}/post/").status_code == 404
    assert (
        client.post(
            f"/workbench/cases/{case.number}/waybill/", {"carrier": "sf", "waybill": "SF1234567890"}
        ).status_code
        == 404
    )
    assert courier_orders() == [] and not Shipment.objects.exists()


def test_a_reviewer_of_the_department_who_approves_elsewhere_sees_but_cannot_post(client):
    case, _approver = concluded_post_case()
    clerk = staff("two-places", Role.APPROVER, department=DepartmentFactory())
    StaffMembership.objects.create(user=clerk, department=case.department, role=Role.REVIEWER)
    client.force_login(clerk)
    page = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert "寄出结果" not in page
    answer = client.post(f"/workbench/cases/{case.number}/post/", follow=True).content.decode()
    assert "无权" in answer and courier_orders() == []


def test_a_waybill_typed_wrong_is_explained(client):
    case, approver = concluded_post_case()
    client.force_login(approver)
    page = client.post(
        f"/workbench/cases/{case.number}/waybill/", {"carrier": "ems", "waybill": "RR473124828CN"}, follow=True
    )
    assert page.status_code == 200 and "校验位不正确" in page.content.decode()
    client.post(f"/workbench/cases/{case.number}/waybill/", {"carrier": "ems", "waybill": "RR473124829CN"})
    shipment = Shipment.objects.get(case=case)
    assert shipment.manual
    client.post(f"/workbench/cases/{case.number}/shipments/{shipment.pk}/tracking/", {"state": "signed"})
    case.refresh_from_db()
    assert case.state == "delivered"


def test_the_applicant_books_a_pickup_and_sees_the_timeline(client):
    case = originals_case()
    client.force_login(case.applicant)
    assert "预约快递上门取件（寄送原件）" in client.get(f"/cases/{case.number}/").content.decode()
    day = (timezone.localdate() + timedelta(days=2)).isoformat()
    form = {"name": "李四", "phone": "13900002222", "address": "广安区某路 8 号", "day": day, "slot": "14-18"}
    page = client.post(f"/cases/{case.number}/pickup/", form, follow=True).content.decode()
    shipment = Shipment.objects.get(case=case)
    assert f"运单号 {shipment.waybill}" in page and "已预约快递上门取件" in page
    assert "预约快递上门取件（寄送原件）" not in page  # booked: the form is gone
    client.post(f"/cases/{case.number}/shipments/{shipment.pk}/cancel/")
    shipment.refresh_from_db()
    assert shipment.state == "cancelled"


def test_others_cannot_book_or_cancel_for_the_applicant(client):
    case = originals_case()
    shipment = services.book_pickup(
        case=case,
        actor=case.applicant,
        name="李四",
        phone="13900002222",
        address="广安区某路 8 号",
        day=(timezone.localdate() + timedelta(days=1)).isoformat(),
        slot="09-12",
    )
    client.force_login(person("mallory", number=3))
    assert client.post(f"/cases/{case.number}/pickup/", {}).status_code == 404
    assert client.post(f"/cases/{case.number}/shipments/{shipment.pk}/cancel/").status_code == 404
    other = originals_case(applicant=person("carol", number=2))
    client.force_login(other.applicant)
    assert client.post(f"/cases/{other.number}/shipments/{shipment.pk}/cancel/").status_code == 404
    shipment.refresh_from_db()
    assert shipment.state == "ordered"


def test_the_label_is_printed_in_full_by_staff_and_audited(client):
    from govhall.core.models import AuditEvent

    case, approver = concluded_post_case()
    shipment = services.post_result(case=case, actor=approver)
    client.force_login(approver)
    assert "打印面单" in client.get(f"/workbench/cases/{case.number}/").content.decode()
    page = client.post(f"/workbench/cases/{case.number}/shipments/{shipment.pk}/label/").content.decode()
    assert "13900000000" in page and shipment.waybill in page
    assert AuditEvent.objects.filter(action="delivery.label", actor_id=approver.pk).count() == 1
    reviewer = staff("reviewer", Role.REVIEWER, department=case.department)
    client.force_login(reviewer)
    assert client.post(f"/workbench/cases/{case.number}/shipments/{shipment.pk}/label/").status_code == 403
