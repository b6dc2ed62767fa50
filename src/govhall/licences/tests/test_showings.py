"""亮证: a showing lasts LICENCE_SHOWING_MINUTES, opens by token or short code until then, is refused once expired or
changed, records every view (who, department, masked address), and is made only of a valid licence."""

from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.core.models import AuditEvent
from govhall.licences import services, showings, tokens
from govhall.licences.models import LicenceShowing, LicenceShowingView
from govhall.licences.tests import wallet_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return wallet_factories.wallet()


def test_a_showing_keeps_only_digests_and_expires_after_the_configured_minutes(people, settings):
    settings.LICENCE_SHOWING_MINUTES = 3
    now = timezone.now()
    shown = showings.show_licence(licence=people.licence, actor=people.alice, now=now)
    stored = LicenceShowing.objects.get()
    assert stored.expires_at == now + timedelta(minutes=3)
    assert shown.code not in (stored.key_digest, stored.code_digest)
    assert stored.code_digest == tokens.digest(shown.code)
    assert shown.token not in str(list(LicenceShowing.objects.values()))
    assert AuditEvent.objects.filter(action="licences.show", actor_id=people.alice.pk).exists()


def test_anyone_opens_it_by_token_until_it_expires_and_each_view_is_recorded(people):
    now = timezone.now()
    shown = showings.show_licence(licence=people.licence, actor=people.alice, now=now)
    showing, view = showings.open_showing(
        token=shown.token, viewer=None, ip_address="203.0.113.77", now=now + timedelta(minutes=4)
    )
    assert showing.licence == people.licence
    assert view.viewer is None and view.ip_masked == "203.0.*.*"
    with pytest.raises(showings.ShowingRefused) as expired:
        showings.open_showing(token=shown.token, viewer=people.bob, now=now + timedelta(minutes=5))
    assert expired.value.status == 410 and "过期" in str(expired.value)
    assert LicenceShowingView.objects.count() == 1


def test_a_changed_token_is_refused_with_400(people):
    shown = showings.show_licence(licence=people.licence, actor=people.alice)
    with pytest.raises(showings.ShowingRefused) as refused:
        showings.open_showing(token=shown.token[:-2] + "xx", viewer=None)
    assert refused.value.status == 400


def test_a_well_signed_token_of_no_showing_is_404(people):
    token = tokens.make_token(tokens.new_key(), timezone.now() + timedelta(minutes=5))
    with pytest.raises(showings.ShowingRefused) as refused:
        showings.open_showing(token=token, viewer=None)
    assert refused.value.status == 404


def test_the_database_expiry_holds_even_if_the_token_says_later(people):
    now = timezone.now()
    shown = showings.show_licence(licence=people.licence, actor=people.alice, now=now)
    LicenceShowing.objects.update(expires_at=now + timedelta(minutes=1))
    with pytest.raises(showings.ShowingRefused):
        showings.open_showing(token=shown.token, viewer=None, now=now + timedelta(minutes=2))


def test_a_clerk_opens_it_by_code_recorded_with_their_department(people):
    clerk = wallet_factories.clerk(people.licence)
    department = people.licence.issuer_department
    now = timezone.now()
    shown = showings.show_licence(licence=people.licence, actor=people.alice, now=now)
    typed = tokens.display_code(shown.code).lower()
    _showing, view = showings.open_showing_by_code(
        code=typed, clerk=clerk, department=department, ip_address="2001:db8:1:2::5", now=now
    )
    assert view.viewer == clerk and view.viewer_department == department
    assert view.ip_masked == "2001:0db8:0001::*"
    with pytest.raises(showings.ShowingRefused) as expired:
        showings.open_showing_by_code(
            code=shown.code, clerk=clerk, department=department, now=now + timedelta(minutes=6)
        )
    assert expired.value.status == 410
    with pytest.raises(showings.ShowingRefused) as malformed:
        showings.open_showing_by_code(code="12", clerk=clerk, department=department)
    assert malformed.value.status == 400


def test_only_a_valid_licence_is_shown(people):
    services.suspend(people.licence, reason="暂扣")
    people.licence.refresh_from_db()
    with pytest.raises(showings.ShowingRefused) as refused:
        showings.show_licence(licence=people.licence, actor=people.alice)
    assert refused.value.status == 409 and "暂扣" in str(refused.value)


def test_the_holder_sees_each_showing_with_its_views(people):
    now = timezone.now()
    clerk = wallet_factories.clerk(people.licence)
    first = showings.show_licence(licence=people.licence, actor=people.alice, now=now - timedelta(hours=1))
    second = showings.show_licence(licence=people.licence, actor=people.alice, now=now)
    showings.open_showing(token=second.token, viewer=None, now=now)
    showings.open_showing_by_code(code=second.code, clerk=clerk, department=clerk.memberships.get().department, now=now)
    found = showings.showings_of(people.licence)
    assert [showing.pk for showing in found] == [second.showing.pk, first.showing.pk]
    assert [view.viewer for view in found[0].views.all()] == [clerk, None]
    assert list(found[1].views.all()) == []
