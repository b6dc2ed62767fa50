import pytest

from govhall.catalog.constants import GuideStatus
from govhall.catalog.models import GuideVersion, ItemSearchDocument
from govhall.catalog.tests.factories import published_item
from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_draft_publish_and_diff_through_admin(admin_client):
    item = published_item()
    response = admin_client.post("/admin/catalog/item/", {"action": "start_drafts", "_selected_action": [item.pk]})
    assert response.status_code == 302
    draft = GuideVersion.objects.get(item=item, status=GuideStatus.DRAFT)
    assert admin_client.get(f"/admin/catalog/guideversion/{draft.pk}/change/").status_code == 200
    response = admin_client.post(f"/admin/catalog/guideversion/{draft.pk}/publish/", {"note": "复核"}, follow=True)
    assert "已发布第 2 版" in response.content.decode()
    item.refresh_from_db()
    assert item.current_version_id == draft.pk
    diff = admin_client.get(f"/admin/catalog/guideversion/{draft.pk}/diff/").content.decode()
    assert "两版内容相同" in diff
    # a published version is read-only
    first = GuideVersion.objects.get(item=item, number=1)
    page = admin_client.get(f"/admin/catalog/guideversion/{first.pk}/change/").content.decode()
    assert 'name="_save"' not in page


def test_publishing_a_broken_draft_shows_each_problem(admin_client):
    item = published_item()
    admin_client.post("/admin/catalog/item/", {"action": "start_drafts", "_selected_action": [item.pk]})
    draft = GuideVersion.objects.get(item=item, status=GuideStatus.DRAFT)
    GuideVersion.objects.filter(pk=draft.pk).update(complaint_phone=draft.consult_phone, visit_reason="")
    page = admin_client.post(f"/admin/catalog/guideversion/{draft.pk}/publish/", follow=True).content.decode()
    assert "咨询电话与投诉电话不得相同" in page and "必须现场办理的原因" in page
    draft.refresh_from_db()
    assert draft.status == GuideStatus.DRAFT


def test_rebuild_search_runs_as_a_task_and_is_audited(admin_client, django_capture_on_commit_callbacks):
    item = published_item()
    ItemSearchDocument.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/catalog/item/", {"action": "rebuild_search", "_selected_action": [item.pk]})
    assert ItemSearchDocument.objects.filter(item=item).exists()
    assert AuditEvent.objects.filter(action="catalog.rebuild_search").exists()


def test_holiday_admin_warns_about_missing_years(admin_client, settings):
    page = admin_client.get("/admin/core/holiday/").content.decode()
    assert "尚无节假日数据" in page  # 2027 is not in chinesecalendar yet


def test_back_office_access_follows_the_role_table(client):
    from govhall.accounts.tests.factories import staff
    from govhall.organisations.constants import Role

    item = published_item()
    manager = staff("catalog", Role.CATALOG_MANAGER, department=item.department)
    manager.is_staff = True
    manager.save(update_fields=["is_staff"])
    clerk = staff("clerk", Role.WINDOW_CLERK)
    clerk.is_staff = True
    clerk.save(update_fields=["is_staff"])

    client.force_login(manager)
    assert client.get("/admin/catalog/item/").status_code == 200
    assert client.get(f"/admin/catalog/item/{item.pk}/change/").status_code == 200
    client.post("/admin/catalog/item/", {"action": "start_drafts", "_selected_action": [item.pk]})
    draft = GuideVersion.objects.get(item=item, status=GuideStatus.DRAFT)
    page = client.get(f"/admin/catalog/guideversion/{draft.pk}/change/").content.decode()
    assert "materials-TOTAL_FORMS" in page  # the parts are editable in a draft
    client.post(f"/admin/catalog/guideversion/{draft.pk}/publish/")
    draft.refresh_from_db()
    assert draft.status == GuideStatus.PUBLISHED

    client.force_login(clerk)
    assert client.get("/admin/catalog/item/").status_code == 403
    assert client.get(f"/admin/catalog/guideversion/{draft.pk}/change/").status_code == 403
