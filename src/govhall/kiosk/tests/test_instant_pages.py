"""即办件 at the kiosk: the hall's 秒批 items, applied for with the portal's form and filed through cases.filing with the
kiosk's channel and hall; the system's rules decide at once."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import IDS
from govhall.cases import uploads
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.catalog.tests.factories import published_item
from govhall.instant.tests.factories import applicant, business_rules
from govhall.kiosk.tests.factories import kiosk, opened, signed_in_by_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def zhang_at_kiosk(client, outside_world):
    rules = business_rules()
    device = kiosk()
    device.hall.items.add(rules.item)
    person = applicant()
    signed_in_by_card(opened(client, device), outside_world, device, "张三", IDS[0])
    return person, device, rules.item


def test_instant_items_of_the_hall_are_listed(client, zhang_at_kiosk):
    *_, item = zhang_at_kiosk
    elsewhere = published_item(number=8, name="别的大厅的事项")
    page = client.get(reverse("kiosk:instant")).content.decode()
    assert item.name in page and elsewhere.name not in page
    assert client.get(reverse("kiosk:instant_apply", args=[elsewhere.implementation_code])).status_code == 404


def test_apply_at_the_kiosk_is_decided_by_the_rules(client, zhang_at_kiosk, django_capture_on_commit_callbacks):
    person, device, item = zhang_at_kiosk
    form = client.get(reverse("kiosk:instant_apply", args=[item.implementation_code]))
    assert form.status_code == 200 and "提交申请" in form.content.decode()
    key = form.context["form"].initial["idempotency_key"]
    with uploads.transaction_with_files():
        kept = uploads.store_generated(
            owner=person, name="食品经营许可申请书", original_name="申请书", pdf=b"%PDF-1.4 test", trust_level="C"
        )
    data = {"idempotency_key": key, "reason": "开设小吃店", "delivery_method": "online", "declaration": "on"}
    data["locker-0"] = str(kept.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("kiosk:instant_apply", args=[item.implementation_code]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(applicant=person)
    assert response["Location"] == reverse("kiosk:case", args=[case.number])
    assert (case.channel, case.hall_id) == ("kiosk", device.hall_id)
    assert case.state == CaseState.DELIVERED  # approved and concluded by the system (秒批)


def test_a_refused_application_is_told(client, zhang_at_kiosk):
    _, _, item = zhang_at_kiosk
    response = client.post(reverse("kiosk:instant_apply", args=[item.implementation_code]), {"reason": ""})
    assert response.status_code == 400
