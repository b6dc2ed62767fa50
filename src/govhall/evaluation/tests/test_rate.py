"""services.rate: only the applicant, once, within RATING_WINDOW_DAYS of conclusion, only concluded cases; the
channel's aspect questions; a bad rating opens a rectification due in working days."""

import pytest
from django.utils import timezone

from govhall.accounts.tests.factories import authorise, organisation, person
from govhall.cases.tests.factories import submitted_case
from govhall.core.models import AuditEvent
from govhall.core.workdays import add_working_days
from govhall.evaluation import services
from govhall.evaluation.constants import Moderation
from govhall.evaluation.models import Rating, Rectification
from govhall.evaluation.tests.factories import alice, concluded_case, rated

pytestmark = pytest.mark.django_db


def test_the_applicant_rates_once_with_the_online_aspects():
    case = concluded_case()
    rating = services.rate(
        case=case,
        rater=alice(),
        channel="web",
        score="5",
        aspects={"efficiency": "5", "guide_accuracy": "4", "convenience": "", "usability": "5"},
        comment="  很快  ",
    )
    assert rating.score == 5 and rating.aspects == {"efficiency": 5, "guide_accuracy": 4, "usability": 5}
    assert rating.comment == "很快" and rating.moderation == Moderation.PENDING
    assert (rating.department_id, rating.item_id) == (case.department_id, case.item_id)
    assert not Rectification.objects.exists()  # a good rating opens nothing
    assert AuditEvent.objects.filter(action="evaluation.rate", actor=alice()).count() == 1
    with pytest.raises(services.RatingError, match="已经评价过"):
        services.rate(case=case, rater=alice(), channel="web", score=3)
    assert Rating.objects.count() == 1


def test_a_person_cannot_rate_a_case_that_is_not_theirs():
    case = concluded_case()
    bob = person("bob", number=1)
    with pytest.raises(services.RatingError, match="只有该办件的申请人"):
        services.rate(case=case, rater=bob, channel="web", score=5)
    assert not Rating.objects.exists()


def test_an_agent_of_the_enterprise_is_not_the_applicant():
    carol = person("carol", number=2)
    dave = person("dave", number=3)
    org = organisation(carol)
    authorise(org, dave, all_items=True)
    case = concluded_case(carol, organisation=org)
    with pytest.raises(services.RatingError, match="只有该办件的申请人"):
        services.rate(case=case, rater=dave, channel="web", score=1)


def test_outside_the_window_or_not_concluded(settings):
    settings.RATING_WINDOW_DAYS = 30
    late = concluded_case(days_ago=31)
    with pytest.raises(services.RatingError, match="评价期已过"):
        services.rate(case=late, rater=alice(), channel="web", score=5)
    just_in = concluded_case(days_ago=29)
    assert services.rate(case=just_in, rater=alice(), channel="web", score=5).pk
    open_case = submitted_case(applicant=alice())
    with pytest.raises(services.RatingError, match="办结后才能评价"):
        services.rate(case=open_case, rater=alice(), channel="web", score=5)
    settings.RATING_WINDOW_DAYS = 40  # configurable
    assert services.rate(case=late, rater=alice(), channel="web", score=4).pk


def test_bad_input_is_refused_with_a_message():
    case = concluded_case()
    for score in ("", "0", "6", "x", "²", "٥", "9" * 30):  # "²".isdigit() is true, int("²") raised: a 500
        with pytest.raises(services.RatingError, match="请选择整体满意度"):
            services.rate(case=case, rater=alice(), channel="web", score=score)
    with pytest.raises(services.RatingError, match="评价项目无效"):
        services.rate(case=case, rater=alice(), channel="web", score=5, aspects={"attitude": "5"})  # a window question
    with pytest.raises(services.RatingError, match="请选择 1 到 5"):
        services.rate(case=case, rater=alice(), channel="web", score=5, aspects={"efficiency": "²"})
    with pytest.raises(services.RatingError, match="不超过"):
        services.rate(case=case, rater=alice(), channel="web", score=5, comment="长" * 501)
    assert not Rating.objects.exists()


@pytest.mark.parametrize("score", [1, 2])
def test_a_bad_rating_opens_a_rectification_due_in_working_days(settings, score):
    settings.RATING_RECTIFICATION_DAYS = 5
    rating = rated(score=score)
    rectification = Rectification.objects.get(rating=rating)
    assert rectification.department_id == rating.department_id
    assert rectification.due_date == add_working_days(timezone.localdate(rating.created_at), 5)
    assert rectification.stage == "待回访"
