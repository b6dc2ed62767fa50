from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from govhall.accounts import access, services
from govhall.accounts.tests.factories import authorise, organisation, person, staff
from govhall.catalog.tests.factories import DepartmentFactory, published_item
from govhall.core.models import AuditEvent
from govhall.organisations.access import staff_can
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def test_register_organisation_checks_the_code():
    carol = person("carol")
    with pytest.raises(services.AccountError, match="统一社会信用代码无效"):
        services.register_organisation(
            actor=carol, name="好味道", uscc="91350100M000100Y44", kind="enterprise", channel="web"
        )
    found = services.register_organisation(
        actor=carol, name="好味道", uscc="91350100m000100y43", kind="enterprise", channel="web"
    )
    assert found.uscc == "91350100M000100Y43"
    with pytest.raises(services.AccountError, match="已注册"):
        services.register_organisation(
            actor=carol, name="又一家", uscc="91350100M000100Y43", kind="enterprise", channel="web"
        )


def test_grant_scope_expiry_and_revoke():
    carol, dave, eve = person("carol", number=0), person("dave", number=1), person("eve", number=2)
    org = organisation(carol)
    food = published_item(number=1)
    other = published_item(number=2, name="另一个事项")
    grant = services.grant_authorisation(
        actor=carol,
        organisation=org,
        agent_username="dave",
        valid_until=timezone.localdate() + timedelta(days=10),
        item_codes=[food.implementation_code],
        channel="web",
    )
    assert access.may_act_for(dave, org, food)
    assert not access.may_act_for(dave, org, other)
    assert not access.may_act_for(eve, org)
    assert list(access.organisations_for(dave)) == [org]
    event = AuditEvent.objects.get(action="accounts.grant_authorisation")
    assert event.on_behalf_of == org.name

    with pytest.raises(services.AccountError, match="只有法定代表人"):
        services.revoke_authorisation(actor=dave, authorisation=grant, channel="web")
    services.revoke_authorisation(actor=carol, authorisation=grant, channel="web")
    assert not access.may_act_for(dave, org, food)
    assert list(access.organisations_for(dave)) == []
    with pytest.raises(services.AccountError, match="已撤销"):
        services.revoke_authorisation(actor=carol, authorisation=grant, channel="web")


def test_expired_authorisation_gives_no_access():
    carol, dave = person("carol", number=0), person("dave", number=1)
    org = organisation(carol)
    authorise(org, dave, days=-1)
    assert not access.may_act_for(dave, org)
    with pytest.raises(Http404):
        access.get_organisation_for_user(dave, org.pk)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"agent_username": "nobody"}, "找不到该实名用户"),
        ({"valid_until_days": 0}, "晚于今天"),
        ({"item_codes": ["NO-SUCH-CODE"]}, "不存在"),
    ],
)
def test_bad_grants(overrides, message):
    carol = person("carol", number=0)
    person("dave", number=1)
    org = organisation(carol)
    days = overrides.pop("valid_until_days", 5)
    data = {"agent_username": "dave", "item_codes": []} | overrides
    with pytest.raises(services.AccountError, match=message):
        services.grant_authorisation(
            actor=carol,
            organisation=org,
            valid_until=timezone.localdate() + timedelta(days=days),
            channel="web",
            **data,
        )


def test_only_the_representative_grants():
    carol, dave = person("carol", number=0), person("dave", number=1)
    org = organisation(carol)
    with pytest.raises(services.AccountError, match="只有法定代表人"):
        services.grant_authorisation(
            actor=dave,
            organisation=org,
            agent_username="carol",
            valid_until=timezone.localdate() + timedelta(days=3),
            item_codes=[],
            channel="web",
        )


def test_staff_permissions_are_per_department():
    licensing, civil = DepartmentFactory(name="区行政审批局"), DepartmentFactory(name="区民政局")
    approver = staff("approver", Role.APPROVER, department=licensing)
    assert staff_can(approver, "cases.decide", licensing)
    assert not staff_can(approver, "cases.decide", civil)
    assert not staff_can(approver, "catalog.publish")
    supervisor = staff("supervisor", Role.SUPERVISOR, department=licensing)
    assert not staff_can(supervisor, "personal_data.full")
