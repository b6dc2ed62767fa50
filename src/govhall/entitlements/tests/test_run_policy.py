"""entitlements.services.run_policy: the real-name users read in chunks, every fetch logged with the run as its
purpose, an offer (a prefilled draft and a notice) once per policy and person."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.cases.constants import CaseState
from govhall.entitlements import services
from govhall.entitlements.models import BenefitOffer
from govhall.entitlements.purposes import purpose_number
from govhall.entitlements.tasks import match_benefit_policies
from govhall.entitlements.tests.factories import disability_allowance, elderly, elderly_allowance
from govhall.licences.tests.factories import LicenceTypeFactory, issued
from govhall.notices.models import Notification
from govhall.sharing import purposes
from govhall.sharing.models import DataAccess

pytestmark = pytest.mark.django_db


def test_the_elderly_are_offered_once_and_every_fetch_is_logged_with_the_run():
    policy = elderly_allowance()
    zhao, alice = elderly(), person("alice", number=0)  # alice was born in 1949
    run = services.run_policy(policy, chunk=1)
    assert (run.checked, run.offered, run.failed) == (2, 1, 0) and run.finished_at is not None
    offer = BenefitOffer.objects.get()
    assert (offer.person, offer.state, offer.run) == (zhao, "offered", run)
    assert offer.case.state == CaseState.DRAFT and offer.case.item == policy.item
    assert offer.reasons == [{"condition": "户籍信息·出生日期 年满周岁 80", "observed": "86 周岁", "held": True}]
    told = Notification.objects.get(user=zhao)
    assert told.title == "您符合“高龄津贴”享受条件" and "/benefits/" in told.body and told.case == offer.case
    accesses = {access.subject_user: access for access in DataAccess.objects.all()}
    assert accesses[zhao].purpose == purpose_number(run, zhao.pk) and accesses[zhao].outcome == "found"
    assert accesses[alice].purpose == purpose_number(run, alice.pk)
    again = services.run_policy(policy)
    assert (again.checked, again.offered) == (1, 0)  # zhao is not read again; alice is, and still too young
    assert BenefitOffer.objects.count() == 1


def test_a_finished_run_is_no_longer_a_purpose():
    policy = elderly_allowance()
    zhao = elderly()
    run = services.run_policy(policy)
    assert purposes.find(purpose_number(run, zhao.pk)) is None
    assert purposes.find("MSJX00000001-x") is None


def test_holders_of_a_disability_card_are_offered_the_allowance():
    card = LicenceTypeFactory(name="残疾人证")
    policy = disability_allowance(card.code)
    holder, other = person("bob", number=1), person("alice", number=0)
    issued(card, holder_name="测试bob", holder_id=holder.person.document_number, holder_user=holder)
    run = services.run_policy(policy)
    assert (run.checked, run.offered) == (2, 1)
    assert BenefitOffer.objects.get().person == holder
    assert set(DataAccess.objects.values_list("outcome", flat=True)) == {"found", "no_record"}
    assert not BenefitOffer.objects.filter(person=other).exists()


def test_a_failing_source_counts_as_failed_and_offers_nothing(outside_world):
    policy = elderly_allowance()
    elderly()
    outside_world.shared_data_trouble["gongan"] = "down"
    run = services.run_policy(policy)
    assert (run.checked, run.offered, run.failed) == (1, 0, 1)
    assert DataAccess.objects.get().outcome == "failed"


def test_the_periodic_task_runs_active_policies_only():
    policy = elderly_allowance()
    elderly()
    policy.active = False
    policy.save(update_fields=["active"])
    assert match_benefit_policies.call() == {}
    policy.active = True
    policy.save(update_fields=["active"])
    assert match_benefit_policies.call() == {"gaoling": {"checked": 1, "offered": 1, "failed": 0}}
