"""The periodic tracking sync (delivery.tracking.sync_tracking): a parcel without news for COURIER_SYNC_HOURS is
queried; what the query finds is recorded once, whatever a push brings later."""

from datetime import timedelta

import pytest
from django.utils import timezone

from govhall.contrib.demo import courier as demo
from govhall.delivery import services, tracking
from govhall.delivery.models import Shipment
from govhall.delivery.tests.factories import concluded_post_case, post_push

pytestmark = pytest.mark.django_db


def test_a_quiet_parcel_is_queried_and_its_events_recorded_once(client):
    case, approver = concluded_post_case()
    shipment = services.post_result(case=case, actor=approver)
    demo.advance(shipment.waybill)  # the courier collected it; its push was lost
    assert tracking.sync_tracking.call() == 0  # not quiet long enough yet
    Shipment.objects.filter(pk=shipment.pk).update(tracked_at=timezone.now() - timedelta(hours=7))
    assert tracking.sync_tracking.call() == 1
    shipment.refresh_from_db()
    assert shipment.state == "collected" and shipment.events.get(state="collected").source == "query"
    body, headers = demo.signed_push(
        shipment.waybill, demo.tracking(shipment.waybill)["events"][0], "test-courier", "test-courier-secret"
    )
    assert post_push(client, body, headers).json() == {"recorded": False}  # the late push is the same event


def test_a_courier_that_cannot_answer_is_tried_again_later(settings):
    case, approver = concluded_post_case()
    shipment = services.post_result(case=case, actor=approver)
    Shipment.objects.filter(pk=shipment.pk).update(tracked_at=timezone.now() - timedelta(hours=7))
    settings.COURIER_API_URL = "http://127.0.0.1:9/courier"
    assert tracking.sync_tracking.call() == 0
    shipment.refresh_from_db()
    assert shipment.tracked_at > timezone.now() - timedelta(minutes=1)
