import pytest

from govhall.catalog import services
from govhall.catalog.constants import GuideStatus, OnlineLevel
from govhall.catalog.guides import diff, guide_of
from govhall.catalog.models import GuideVersion, Material
from govhall.catalog.schema import GuideIn
from govhall.catalog.tests.factories import guide_data, published_item
from govhall.core.constants import Channel
from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_published_item_carries_facets_and_snapshot():
    item = published_item()
    version = item.current_version
    assert version.status == GuideStatus.PUBLISHED
    assert version.snapshot["name"] == "食品经营许可（新办）"
    assert (item.for_person, item.for_legal, item.visits) == (True, True, 1)
    assert item.online_level == OnlineLevel.III
    assert item.has_guide
    assert AuditEvent.objects.filter(action="catalog.publish", object_id=str(version.pk)).exists()


def test_draft_copies_the_published_version_and_publishing_supersedes_it(admin_user):
    item = published_item()
    first = item.current_version
    draft = services.start_draft(item=item, actor=admin_user, channel=Channel.ADMIN)
    assert draft.number == 2 and draft.status == GuideStatus.DRAFT
    assert draft.materials.count() == first.materials.count() == 1
    assert services.start_draft(item=item, actor=admin_user, channel=Channel.ADMIN) == draft  # one draft at a time

    changed = guide_of(draft).model_copy(update={"promised_limit": 3})
    services.save_draft(version=draft, guide=changed, actor=admin_user, channel=Channel.ADMIN)
    services.publish_version(version=draft, actor=admin_user, channel=Channel.ADMIN, change_note="压缩时限")

    item.refresh_from_db()
    first.refresh_from_db()
    assert item.current_version_id == draft.pk
    assert first.status == GuideStatus.SUPERSEDED
    assert first.promised_limit == 5  # the old version is frozen: cases filed under it keep it
    changes = diff(first.snapshot, GuideVersion.objects.get(pk=draft.pk).snapshot)
    assert [(c.field, c.before, c.after) for c in changes] == [("承诺办结时限", "5", "3")]


def test_published_version_cannot_be_edited(admin_user):
    item = published_item()
    with pytest.raises(services.GuideError, match="不可修改"):
        services.save_draft(
            version=item.current_version, guide=guide_of(item.current_version), actor=admin_user, channel=Channel.ADMIN
        )


def test_publishing_a_broken_guide_lists_every_problem_and_changes_nothing(admin_user):
    item = published_item()
    draft = services.start_draft(item=item, actor=admin_user, channel=Channel.ADMIN)
    broken = guide_of(draft).model_copy(update={"visit_reason": "", "complaint_phone": "0826-2345678", "steps": []})
    services.save_draft(version=draft, guide=broken, actor=admin_user, channel=Channel.ADMIN)
    with pytest.raises(services.GuideError) as caught:
        services.publish_version(version=draft, actor=admin_user, channel=Channel.ADMIN)
    assert len(caught.value.problems) == 3
    draft.refresh_from_db()
    item.refresh_from_db()
    assert draft.status == GuideStatus.DRAFT
    assert item.current_version.number == 1


def test_put_item_is_idempotent():
    guide = GuideIn.model_validate(guide_data())
    item, outcome = services.put_item(guide=guide, actor=None, channel=Channel.SYSTEM)
    assert outcome == "created"
    again, outcome = services.put_item(guide=guide, actor=None, channel=Channel.SYSTEM)
    assert (again.pk, outcome) == (item.pk, "unchanged")
    assert item.versions.count() == 1
    changed = guide.model_copy(update={"summary": "新的简介"})
    _, outcome = services.put_item(guide=changed, actor=None, channel=Channel.SYSTEM)
    assert outcome == "updated"
    assert item.versions.count() == 2
    assert Material.objects.filter(version__item=item).count() == 2
