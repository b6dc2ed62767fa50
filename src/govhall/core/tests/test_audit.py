import pytest

from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core import audit
from govhall.core.constants import AuditResult, Channel
from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_record_names_actor_object_channel_and_result(django_user_model):
    alice = django_user_model.objects.create_user(username="alice", password="x")
    department = DepartmentFactory(name="区民政局")
    event = audit.record(
        actor=alice,
        action="catalog.test",
        channel=Channel.WEB,
        target=department,
        result=AuditResult.DENIED,
        detail={"why": "test"},
        ip_address="127.0.0.1",
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_label, stored.channel, stored.result) == (alice, "alice", "web", "denied")
    assert (stored.object_type, stored.object_id, stored.object_label) == (
        "organisations.department",
        str(department.pk),
        "区民政局",
    )


def test_system_actor():
    event = audit.record(actor=None, action="catalog.import")
    assert event.actor is None
    assert event.actor_label == "system"
