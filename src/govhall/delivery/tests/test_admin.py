"""The back office's read-only parcels: masked names and phones, no addresses; staff see their departments' only."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.delivery import services
from govhall.delivery.tests.factories import concluded_post_case
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def test_a_parcel_is_shown_masked_and_only_to_its_department(client):
    case, approver = concluded_post_case()
    shipment = services.post_result(case=case, actor=approver)
    approver.is_staff = True
    approver.save()
    client.force_login(approver)
    page = client.get("/admin/delivery/shipment/").content.decode()
    assert shipment.waybill in page and "测试*" in page and "13900000000" not in page
    page = client.get(f"/admin/delivery/shipment/{shipment.pk}/change/").content.decode()
    assert "139****0000" in page and "金安大道 1 号" not in page and "已下单" in page
    other = staff("other", Role.APPROVER, department=DepartmentFactory())
    other.is_staff = True
    other.save()
    client.force_login(other)
    assert shipment.waybill not in client.get("/admin/delivery/shipment/").content.decode()
    assert client.get(f"/admin/delivery/shipment/{shipment.pk}/change/").status_code in (302, 403, 404)
