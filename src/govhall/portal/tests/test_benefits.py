"""我的免申即享 pages (portal.benefit_views): the person sees their offers, confirms or declines, opts out."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import person
from govhall.cases.constants import CaseState
from govhall.entitlements import services
from govhall.entitlements.models import BenefitOffer
from govhall.entitlements.tests.factories import elderly, elderly_allowance

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer():
    services.run_policy(elderly_allowance())
    return BenefitOffer.objects.get()


@pytest.fixture
def zhao():
    return elderly()


def test_the_person_sees_the_offer_and_confirms(client, zhao, offer):
    client.force_login(zhao)
    page = client.get(reverse("portal:benefits"))
    assert page.status_code == 200 and "高龄津贴" in page.text and "86 周岁" in page.text and "确认领取" in page.text
    done = client.post(reverse("portal:benefit_answer", args=[offer.pk]), {"answer": "confirm"}, follow=True)
    assert "已确认领取，办件已提交部门办理。" in done.text
    offer.case.refresh_from_db()
    assert offer.case.state == CaseState.SUBMITTED


def test_decline_and_a_bad_answer(client, zhao, offer):
    client.force_login(zhao)
    bad = client.post(reverse("portal:benefit_answer", args=[offer.pk]), {"answer": "maybe"}, follow=True)
    assert "请选择“确认领取”或“放弃”。" in bad.text
    client.post(reverse("portal:benefit_answer", args=[offer.pk]), {"answer": "decline"})
    offer.refresh_from_db()
    assert offer.state == "declined"
    again = client.post(reverse("portal:benefit_answer", args=[offer.pk]), {"answer": "confirm"}, follow=True)
    assert "该推送已答复（已放弃）。" in again.text


def test_someone_else_gets_404(client, zhao, offer):
    client.force_login(person("mallory", number=1))
    assert client.post(reverse("portal:benefit_answer", args=[offer.pk]), {"answer": "confirm"}).status_code == 404
    assert client.post(reverse("portal:benefit_opt_out", args=["nope"])).status_code == 404


def test_opt_out_from_the_list_of_policies(client):
    policy = elderly_allowance()
    alice = person("alice", number=0)
    client.force_login(alice)
    assert "不参与比对" in client.get(reverse("portal:benefits")).text
    done = client.post(reverse("portal:benefit_opt_out", args=[policy.code]), follow=True)
    assert "不再比对您的数据" in done.text
    assert BenefitOffer.objects.get(person=alice).state == "opted_out"


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get(reverse("portal:benefits")).status_code == 302
