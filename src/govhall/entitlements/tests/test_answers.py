"""entitlements.services confirm / decline / opt_out: the person only confirms (the prefilled draft is submitted),
declines (withdrawn), or opts out (never read nor offered again)."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.cases.constants import CaseState
from govhall.entitlements import services
from govhall.entitlements.models import BenefitOffer
from govhall.entitlements.tests.factories import elderly, elderly_allowance
from govhall.sharing.models import DataAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    policy = elderly_allowance()
    elderly()
    services.run_policy(policy)
    return BenefitOffer.objects.get()


def test_confirm_submits_the_case(offer):
    done = services.confirm(offer=offer, person=offer.person, channel="web")
    offer.case.refresh_from_db()
    assert done.state == "confirmed" and done.answered_at is not None
    assert offer.case.state == CaseState.SUBMITTED
    with pytest.raises(services.EntitlementError, match="该推送已答复（已确认）"):
        services.decline(offer=offer, person=offer.person, channel="web")
    with pytest.raises(services.EntitlementError, match="您已确认领取该政策"):
        services.opt_out(policy=offer.policy, person=offer.person, channel="web")


def test_only_the_person_answers(offer):
    with pytest.raises(services.EntitlementError, match="只有本人"):
        services.confirm(offer=offer, person=person("mallory", number=1), channel="web")


def test_decline_withdraws_the_draft_and_no_new_offer_follows(offer):
    services.decline(offer=offer, person=offer.person, channel="web")
    offer.refresh_from_db()
    offer.case.refresh_from_db()
    assert (offer.state, offer.case.state) == ("declined", CaseState.WITHDRAWN)
    run = services.run_policy(offer.policy)
    assert (run.checked, run.offered) == (0, 0)


def test_opting_out_in_advance_stops_reading_the_persons_data():
    policy = elderly_allowance()
    zhao = elderly()
    opted = services.opt_out(policy=policy, person=zhao, channel="web")
    assert (opted.state, opted.case) == ("opted_out", None)
    run = services.run_policy(policy)
    assert (run.checked, run.offered) == (0, 0)
    assert not DataAccess.objects.exists()


def test_opting_out_of_an_open_offer_withdraws_it(offer):
    services.opt_out(policy=offer.policy, person=offer.person, channel="web")
    offer.refresh_from_db()
    offer.case.refresh_from_db()
    assert (offer.state, offer.case.state) == ("opted_out", CaseState.WITHDRAWN)
