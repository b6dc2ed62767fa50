"""Conversion on a seeded dataset with known answers: of the people told, how many then applied online (web or mobile)
for one of the campaign's items after being told; of the held-out baseline, how many did after the campaign started."""

from datetime import date

import pytest
from django.utils import timezone

from govhall.accounts.constants import AccountKind
from govhall.accounts.models import User
from govhall.outreach import selectors
from govhall.outreach.constants import ContactGroup
from govhall.outreach.models import Campaign, Contact
from govhall.outreach.services import start_campaign
from govhall.outreach.tests.factories import at, filed, online_item, supervisor

pytestmark = pytest.mark.django_db

MAY = selectors.Period(start=date(2026, 5, 1), end=date(2026, 5, 31))
STARTED = at("2026-06-01", 9)
TOLD = at("2026-06-01", 10)


@pytest.fixture
def seeded():
    pension = online_item(1, "城乡居民养老保险参保登记")
    social = online_item(2, "社会保障卡申领")
    elsewhere = online_item(3, "残疾人证申领")  # fully online, but not in the campaign
    people = [User.objects.create_user(username=f"p{n:02d}", kind=AccountKind.PERSON) for n in range(11)]
    for someone in people:
        filed(someone, pension, at("2026-05-10"))
    campaign = start_campaign(
        actor=supervisor(),
        items=[pension, social],
        period=MAY,
        message="可全程网办。",
        holdout_percent=40,
        channel="web",
    )
    # The sending is not run here: the times are set as if it ran on 1 June, one person not reached yet.
    Campaign.objects.filter(pk=campaign.pk).update(started_at=STARTED, sent_at=TOLD)
    told = list(Contact.objects.filter(campaign=campaign, group=ContactGroup.CONTACTED).order_by("pk"))
    held = list(Contact.objects.filter(campaign=campaign, group=ContactGroup.HOLDOUT).order_by("pk"))
    assert (len(told), len(held)) == (7, 4)  # 11 × 40 % = 4 held out
    Contact.objects.filter(pk__in=[c.pk for c in told[:6]]).update(sent_at=TOLD, channels="inbox")
    t1, t2, t3, t4, t5, t6, pending = (c.person for c in told)
    h1, h2, _h3, _h4 = (c.person for c in held)

    filed(t1, pension, at("2026-06-05"), channel="web")  # converted
    filed(t1, social, at("2026-06-20"), channel="web")  # the same person again: counted once
    filed(t2, social, at("2026-06-10"), channel="mobile")  # converted: any of the campaign's items
    filed(t3, pension, at("2026-05-20"), channel="web")  # online, but before being told
    filed(t3, pension, at("2026-06-01", 9), channel="web")  # after the start, still before being told
    filed(t4, elsewhere, at("2026-06-05"), channel="web")  # another item
    filed(t5, pension, at("2026-06-05"), channel="window")  # came to the window again
    filed(t5, pension, at("2026-06-06"), channel="kiosk")  # self-service terminal in the hall
    filed(t6, pension, at("2026-06-07"), channel="web", state="draft")  # never submitted
    filed(pending, pension, at("2026-06-05"), channel="web")  # not told yet: not in the figures
    filed(h1, pension, at("2026-06-02"), channel="web")  # baseline converted
    filed(h2, pension, at("2026-05-31"), channel="web")  # before the campaign
    return campaign, t1, t2


def test_conversion_counts_exactly(seeded):
    campaign = seeded[0]
    result = selectors.conversion(campaign)
    assert (result.contacted.people, result.contacted.applied_online) == (6, 2)
    assert (result.baseline.people, result.baseline.applied_online) == (4, 1)
    assert result.pending == 1
    assert result.contacted.rate == 33.3
    assert result.baseline.rate == 25.0
    assert result.lift == 8.3


def test_each_contact_shows_when_they_first_applied_online(seeded):
    campaign, t1, t2 = seeded
    rows = {row.person_id: row for row in selectors.contact_page(campaign)}
    assert len(rows) == 11
    assert timezone.localtime(rows[t1.pk].applied_online_at) == at("2026-06-05")
    assert timezone.localtime(rows[t2.pk].applied_online_at) == at("2026-06-10")
    assert sum(row.applied_online_at is not None for row in rows.values()) == 4  # t1, t2, pending, h1
    assert [row.group for row in selectors.contact_page(campaign)][:7] == ["contacted"] * 7


def test_no_baseline_no_lift():
    result = selectors.Conversion(
        contacted=selectors.GroupConversion(people=3, applied_online=1),
        baseline=selectors.GroupConversion(people=0, applied_online=0),
        pending=0,
    )
    assert result.contacted.rate == 33.3
    assert result.baseline.rate is None and result.lift is None
