"""评价 at the kiosk: a bad rating needs its 差评原因 there too (evaluation.services.clean_bad_reasons)."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import IDS, person
from govhall.evaluation.models import Rating
from govhall.evaluation.tests.factories import concluded_case
from govhall.kiosk.tests.factories import kiosk, opened, signed_in_by_card

pytestmark = pytest.mark.django_db


def test_a_bad_rating_at_the_kiosk_needs_a_reason(client, outside_world):
    alice = person("alice", number=0, phone="13812345678")
    device = kiosk()
    signed_in_by_card(opened(client, device), outside_world, device, "测试alice", IDS[0])
    case = concluded_case(alice)
    url = reverse("kiosk:rate", args=[case.number])
    assert 'name="bad_reason"' in client.get(url).content.decode()
    refused = client.post(url, {"score": "1"})
    assert refused.status_code == 400 and "请至少选择一项差评原因" in refused.content.decode()
    assert 'name="bad_reason"' in refused.content.decode()  # the form again, to choose one
    done = client.post(url, {"score": "1", "bad_reason": "slow"})
    assert done.status_code == 200 and Rating.objects.get(case=case).bad_reasons == ["slow"]
