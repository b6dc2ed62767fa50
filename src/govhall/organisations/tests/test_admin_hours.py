"""The back office of halls: a district-wide catalog manager edits a hall's code and weekly sessions inline and a
window group's slot length and places; a department's manager only views them."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.appointments.tests.factories import bookable_hall, bookable_item
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def manager(username: str, department):  # type: ignore[no-untyped-def]
    user = staff(username, Role.CATALOG_MANAGER, department=department)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_hall_sessions_and_window_groups_in_the_back_office(client):
    hall, group = bookable_hall(bookable_item())
    client.force_login(manager("carol", DepartmentFactory(name="区政府办")))
    page = client.get(f"/admin/organisations/hall/{hall.pk}/change/").content.decode()
    assert "开放时段" in page and 'name="code"' in page and 'name="_save"' in page
    page = client.get(f"/admin/organisations/windowgroup/{group.pk}/change/").content.decode()
    assert 'name="slot_capacity"' in page and 'name="_save"' in page
    assert client.get("/admin/organisations/windowgroup/").status_code == 200
    client.force_login(manager("alice", DepartmentFactory()))
    page = client.get(f"/admin/organisations/windowgroup/{group.pk}/change/").content.decode()
    assert 'name="_save"' not in page
