"""The demo ratings load through the services, once."""

import pytest

from govhall.accounts.demo import load_demo_accounts
from govhall.catalog.tests.factories import published_item
from govhall.evaluation.demo import PLAN, load_demo_ratings
from govhall.evaluation.models import Appeal, Rating, Rectification

pytestmark = pytest.mark.django_db


def test_demo_ratings_are_made_once():
    published_item()  # in 区行政审批局, where the demo staff work
    load_demo_accounts()
    assert load_demo_ratings() == len(PLAN)
    assert load_demo_ratings() == 0
    assert Rating.objects.count() == len(PLAN)
    assert Rating.objects.filter(channel="window").count() == 2
    assert Rectification.objects.filter(escalated_at__isnull=False).count() == 1
    assert Rectification.objects.filter(rater_satisfied=True).count() == 1
    assert Appeal.objects.get().rating.excluded is True
    assert Rating.objects.filter(moderation="approved").exclude(public_comment="").count() == 3
    assert "13800000001" not in "".join(Rating.objects.values_list("public_comment", flat=True))
