"""The 导办回答评价 admin: catalog managers read the ratings (filter by 有帮助), nobody changes them, clerks are refused."""

from django.urls import reverse

from govhall.accounts.tests.factories import staff
from govhall.assist.models import AnswerFeedback
from govhall.organisations.constants import Role


def feedback() -> AnswerFeedback:
    return AnswerFeedback.objects.create(
        question="开饭店要带什么材料", item_code="X-1", intent="materials", confident=True, helpful=False
    )


def test_a_catalog_manager_reads_the_unhelpful_answers_and_changes_nothing(client, db):
    row = feedback()
    manager = staff("cm", Role.CATALOG_MANAGER)
    manager.is_staff = True  # the back office is for staff accounts (organisations.admin.RoleScopedAdmin)
    manager.save(update_fields=["is_staff"])
    client.force_login(manager)
    listing = client.get(reverse("admin:assist_answerfeedback_changelist"), {"helpful__exact": "0"})
    assert listing.status_code == 200 and "开饭店要带什么材料" in listing.text
    change = reverse("admin:assist_answerfeedback_change", args=[row.pk])
    client.post(change, {"question": "改过", "helpful": "on"})
    row.refresh_from_db()
    assert row.question == "开饭店要带什么材料" and row.helpful is False


def test_a_clerk_is_refused(client, db):
    feedback()
    clerk = staff("clerk", Role.WINDOW_CLERK)
    clerk.is_staff = True
    clerk.save(update_fields=["is_staff"])
    client.force_login(clerk)
    assert client.get(reverse("admin:assist_answerfeedback_changelist")).status_code in (302, 403)
