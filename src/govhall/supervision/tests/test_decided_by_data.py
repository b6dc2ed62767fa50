"""supervision.decided_by_data: 秒批 and 免申即享 counted from their own records, in the supervisor's scope, and shown
on the dashboard."""

import pytest
from django.test import Client
from django.urls import reverse

from govhall.accounts.tests.factories import staff
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.entitlements import services as entitlements
from govhall.entitlements.models import BenefitOffer
from govhall.entitlements.tests.factories import elderly, elderly_allowance
from govhall.instant.constants import Outcome, ReviewState
from govhall.instant.models import InstantDecision
from govhall.instant.tests.factories import applicant, business_item
from govhall.organisations.constants import Role
from govhall.supervision.computation import Filters
from govhall.supervision.decided_by_data import data_counts

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded():
    item = business_item()
    user = applicant()
    for outcome, review in [
        (Outcome.APPROVED, ReviewState.NOT_SAMPLED),
        (Outcome.APPROVED, ReviewState.WRONG),
        (Outcome.FALLBACK, ReviewState.NOT_SAMPLED),
    ]:
        case = submitted_case(applicant=user, item=item)
        InstantDecision.objects.create(case=case, outcome=outcome, review_state=review)
    policy = elderly_allowance()
    zhao = elderly()
    entitlements.run_policy(policy)
    entitlements.decline(offer=BenefitOffer.objects.get(), person=zhao, channel="web")
    return item, policy


def numbers(filters: Filters) -> dict[str, int]:
    return {count.key: number for count, number in data_counts(filters)}


def test_the_counts(recorded):
    assert numbers(Filters()) == {
        "instant_approved": 2,
        "instant_fallback": 1,
        "instant_sampled": 1,
        "instant_wrong": 1,
        "offers_made": 1,
        "offers_confirmed": 0,
        "offers_declined": 1,
        "offers_opted_out": 0,
    }


def test_the_scope_narrows_them(recorded):
    assert set(numbers(Filters(departments=[DepartmentFactory(name="区民政局").pk])).values()) == {0}
    item, policy = recorded
    assert numbers(Filters(departments=[item.department_id]))["instant_approved"] == 2
    assert numbers(Filters(department=policy.department_id))["offers_made"] == 1


def test_the_dashboard_shows_them(client: Client, recorded):
    item, _policy = recorded
    client.force_login(staff("sue", Role.SUPERVISOR, department=item.department))
    page = client.get(reverse("supervision:dashboard"))
    assert page.status_code == 200 and "由数据决定：秒批与免申即享" in page.text and "系统秒批件数" in page.text
