"""The demo enquiries load through the services, once; the published ones carry no personal data."""

import pytest

from govhall.accounts.demo import load_demo_accounts
from govhall.catalog.tests.factories import published_item
from govhall.enquiries.demo import PLAN, load_demo_enquiries
from govhall.enquiries.models import Enquiry, PublicAnswer

pytestmark = pytest.mark.django_db


def test_demo_enquiries_are_made_once():
    published_item()  # in 区行政审批局, where the demo clerk works
    load_demo_accounts()
    assert load_demo_enquiries() == len(PLAN) + 1
    assert load_demo_enquiries() == 0
    assert Enquiry.objects.filter(source="hotline").count() == 1
    assert PublicAnswer.objects.count() == 2
    assert "13800000001" not in "".join(PublicAnswer.objects.values_list("question", flat=True))
    assert Enquiry.objects.filter(satisfaction="satisfied").count() == 1
