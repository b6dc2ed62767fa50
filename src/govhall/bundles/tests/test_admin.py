"""The bundle admin: a catalog manager configures a bundle (its items, order, the earlier item and its result) and the
questionnaire (options including and excluding items); bundle cases are read-only; a window clerk has no access."""

import pytest

from govhall.accounts.tests.factories import staff
from govhall.bundles.models import Bundle
from govhall.bundles.tests.factories import newborn_bundle
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def test_the_bundle_and_its_questionnaire_are_configured_in_admin(admin_client):
    bundle = newborn_bundle()
    question = bundle.questions.get()
    for url in (
        "/admin/bundles/bundle/",
        f"/admin/bundles/bundle/{bundle.pk}/change/",
        f"/admin/bundles/question/{question.pk}/change/",
        "/admin/bundles/bundlecase/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
    page = admin_client.get(f"/admin/bundles/bundle/{bundle.pk}/change/").content.decode()
    assert "前序事项" in page and "前序结果作为材料" in page and "是否同时申领社会保障卡？" in page
    assert "选择后办理" in admin_client.get(f"/admin/bundles/question/{question.pk}/change/").content.decode()
    response = admin_client.post(
        f"/admin/bundles/bundle/{bundle.pk}/change/",
        {
            "name": bundle.name, "slug": bundle.slug, "description": bundle.description, "keywords": "生孩子",
            "promised_days": 4, "active": "on", "order": 1,
            "parts-TOTAL_FORMS": 0, "parts-INITIAL_FORMS": 0, "questions-TOTAL_FORMS": 0, "questions-INITIAL_FORMS": 0,
        },
    )  # fmt: skip
    assert response.status_code in (200, 302)


def test_a_window_clerk_cannot_change_bundles(client):
    newborn_bundle()
    clerk = staff("clerk", Role.WINDOW_CLERK)
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)
    assert client.get("/admin/bundles/bundle/").status_code in (302, 403)
    assert Bundle.objects.count() == 1
