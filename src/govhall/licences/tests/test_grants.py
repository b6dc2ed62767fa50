"""授权用证: one department or one enterprise, a purpose, a time limit; used once; revocable until used; refused after
use, expiry or revocation; only the grantee (staff of that department, someone acting for that enterprise) reaches it."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from govhall.accounts.tests import factories as people_factories
from govhall.core.models import AuditEvent
from govhall.licences import grants
from govhall.licences.tests import wallet_factories
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return wallet_factories.wallet()


def grant_to_enterprise(people, **extra):
    values = {"purpose": "办理食品经营许可", "valid_until": timezone.now() + timedelta(days=1)}
    values.update(extra)
    return grants.grant_licence(licence=people.licence, actor=people.alice, organisation=people.enterprise, **values)


def test_a_grant_is_used_once_and_then_refused(people):
    grant = grant_to_enterprise(people)
    assert grants.state_of(grant) == "待使用"
    used = grants.use_grant(grant=grant, user=people.dave)
    assert used.used_by == people.dave and grants.state_of(used) == "已使用"
    with pytest.raises(grants.GrantRefused) as again:
        grants.use_grant(grant=grant, user=people.carol)
    assert again.value.status == 410 and "已使用" in str(again.value)
    assert AuditEvent.objects.filter(action="licences.use_grant", actor_id=people.dave.pk).count() == 1


def test_a_revoked_grant_is_refused_and_a_used_one_cannot_be_revoked(people):
    grant = grants.revoke_grant(grant=grant_to_enterprise(people), actor=people.alice)
    with pytest.raises(grants.GrantRefused) as refused:
        grants.use_grant(grant=grant, user=people.dave)
    assert "已撤回" in str(refused.value)
    with pytest.raises(grants.GrantRefused):
        grants.revoke_grant(grant=grant, actor=people.alice)
    other = grant_to_enterprise(people)
    grants.use_grant(grant=other, user=people.dave)
    with pytest.raises(grants.GrantRefused) as used:
        grants.revoke_grant(grant=other, actor=people.alice)
    assert used.value.status == 409


def test_an_expired_grant_is_refused(people):
    now = timezone.now()
    grant = grant_to_enterprise(people, valid_until=now + timedelta(hours=1), now=now)
    with pytest.raises(grants.GrantRefused) as refused:
        grants.use_grant(grant=grant, user=people.dave, now=now + timedelta(hours=1))
    assert "已过期" in str(refused.value)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"purpose": "  "}, "用途"),
        ({"purpose": "字" * 201}, "200"),
        ({"valid_until": timezone.now() - timedelta(minutes=1)}, "晚于现在"),
        ({"valid_until": timezone.now() + timedelta(days=31)}, "最长 30 天"),
    ],
)
def test_bad_grants_are_refused_in_chinese(people, extra, message):
    with pytest.raises(grants.GrantRefused) as refused:
        grant_to_enterprise(people, **extra)
    assert message in str(refused.value)


def test_exactly_one_grantee(people):
    with pytest.raises(grants.GrantRefused):
        grants.grant_licence(
            licence=people.licence, actor=people.alice, purpose="x", valid_until=timezone.now() + timedelta(hours=1)
        )
    with pytest.raises(grants.GrantRefused):
        grants.grant_licence(
            licence=people.business,
            actor=people.carol,
            purpose="x",
            valid_until=timezone.now() + timedelta(hours=1),
            organisation=people.enterprise,
        )


def test_only_the_grantee_reaches_a_grant(people):
    enterprise_grant = grant_to_enterprise(people)
    department = people.licence.issuer_department
    department_grant = grants.grant_licence(
        licence=people.licence,
        actor=people.alice,
        department=department,
        purpose="核验身份",
        valid_until=timezone.now() + timedelta(hours=2),
    )
    clerk = wallet_factories.clerk(people.licence)
    other_clerk = people_factories.staff("other", Role.WINDOW_CLERK)
    assert grants.get_grant_for_grantee(people.dave, people.enterprise, enterprise_grant.pk) == enterprise_grant
    assert grants.get_grant_for_grantee(clerk, None, department_grant.pk) == department_grant
    for user, acting_for, grant in [
        (people.dave, None, enterprise_grant),  # not acting for the enterprise now
        (people.bob, people.enterprise, enterprise_grant),  # claims to act for it, but may not
        (other_clerk, None, department_grant),  # staff of another department
        (clerk, None, enterprise_grant),
    ]:
        with pytest.raises(Http404):
            grants.get_grant_for_grantee(user, acting_for, grant.pk)


def test_the_user_who_opened_it_may_download_for_a_few_minutes(people, settings):
    settings.LICENCE_SHOWING_MINUTES = 5
    now = timezone.now()
    grant = grants.use_grant(grant=grant_to_enterprise(people), user=people.dave, now=now)
    assert grants.may_download(grant, people.dave, now + timedelta(minutes=4))
    assert not grants.may_download(grant, people.dave, now + timedelta(minutes=5))
    assert not grants.may_download(grant, people.carol, now)
    assert not grants.may_download(grant_to_enterprise(people), people.dave, now)
