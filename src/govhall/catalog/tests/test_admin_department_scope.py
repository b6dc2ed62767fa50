"""The catalog back office by department: a catalog manager placed in one department sees, drafts and publishes only
that department's items; one placed in the government office (区政府办) works for every department; rows shared by
the district (departments, halls, themes, synonyms) are changed only district-wide."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.catalog.constants import GuideStatus
from govhall.catalog.models import GuideVersion
from govhall.catalog.tests.factories import DepartmentFactory, SynonymFactory, published_item
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def manager(username: str, department):  # type: ignore[no-untyped-def]
    user = staff(username, Role.CATALOG_MANAGER, department=department)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def draft_of(item) -> GuideVersion:  # type: ignore[no-untyped-def]
    from govhall.catalog import services
    from govhall.core.constants import Channel

    return services.start_draft(item=item, actor=None, channel=Channel.ADMIN)


def test_a_department_catalog_manager_works_only_on_their_departments_items(client):
    ours, theirs = (
        published_item(name="食品经营许可", number=1),
        published_item(name="社会团体登记", number=2, department="区民政局"),
    )
    client.force_login(manager("alice", ours.department))

    listing = client.get("/admin/catalog/item/").content.decode()
    assert "食品经营许可" in listing and "社会团体登记" not in listing
    assert client.get(f"/admin/catalog/item/{theirs.pk}/change/").status_code == 302  # "does not exist" → index
    client.post("/admin/catalog/item/", {"action": "start_drafts", "_selected_action": [ours.pk, theirs.pk]})
    assert GuideVersion.objects.filter(item=ours, status=GuideStatus.DRAFT).exists()
    assert not GuideVersion.objects.filter(item=theirs, status=GuideStatus.DRAFT).exists()

    their_draft = draft_of(theirs)
    assert client.get(f"/admin/catalog/guideversion/{their_draft.pk}/change/").status_code == 302
    assert client.post(f"/admin/catalog/guideversion/{their_draft.pk}/publish/").status_code == 404
    their_draft.refresh_from_db()
    assert their_draft.status == GuideStatus.DRAFT
    assert client.get(f"/admin/catalog/guideversion/{their_draft.pk}/diff/").status_code == 404

    our_draft = GuideVersion.objects.get(item=ours, status=GuideStatus.DRAFT)
    client.post(f"/admin/catalog/guideversion/{our_draft.pk}/publish/")
    our_draft.refresh_from_db()
    assert our_draft.status == GuideStatus.PUBLISHED


def test_a_new_item_can_only_be_filed_under_the_managers_department(client):
    ours = DepartmentFactory()
    DepartmentFactory(name="区民政局")
    client.force_login(manager("alice", ours))
    form = client.get("/admin/catalog/item/add/").content.decode()
    assert ours.name in form and "区民政局" not in form


def test_a_district_wide_catalog_manager_works_for_every_department(client):
    ours, theirs = (
        published_item(name="食品经营许可", number=1),
        published_item(name="社会团体登记", number=2, department="区民政局"),
    )
    client.force_login(manager("carol", DepartmentFactory(name="区政府办")))
    listing = client.get("/admin/catalog/item/").content.decode()
    assert "食品经营许可" in listing and "社会团体登记" in listing
    draft = draft_of(theirs)
    client.post(f"/admin/catalog/guideversion/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == GuideStatus.PUBLISHED
    assert ours.department_id != theirs.department_id


def test_district_rows_are_changed_only_district_wide(client):
    synonym = SynonymFactory()
    department = DepartmentFactory()
    client.force_login(manager("alice", department))
    assert client.get("/admin/catalog/synonym/").status_code == 200  # seen
    page = client.get(f"/admin/catalog/synonym/{synonym.pk}/change/").content.decode()
    assert 'name="_save"' not in page  # not changed
    assert client.get(f"/admin/organisations/department/{department.pk}/change/").status_code == 200
    client.force_login(manager("carol", DepartmentFactory(name="区政府办")))
    page = client.get(f"/admin/catalog/synonym/{synonym.pk}/change/").content.decode()
    assert 'name="_save"' in page
