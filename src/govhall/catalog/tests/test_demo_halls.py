"""The demo halls carry what appointments need: a code, a weekly schedule (one hall 周末不打烊), window groups with
slot length and capacity serving items, and windows; loading twice changes nothing."""

from datetime import date

import pytest

from govhall.catalog import demo
from govhall.catalog.tests.factories import published_item
from govhall.organisations.hours import opens_on_rest_days, sessions_on
from govhall.organisations.models import Hall, HallSession, Window, WindowGroup

pytestmark = pytest.mark.django_db


def test_demo_halls_have_codes_hours_and_window_groups():
    demo.load_departments()
    published_item(name="不动产登记（首次登记）", department="区行政审批局")
    demo.load_halls()
    demo.load_halls()  # idempotent
    halls = {hall.code: hall for hall in Hall.objects.all()}
    assert set(halls) == {"GA-ZX", "GA-NH", "GA-BC", "GA-WS", "GA-ZS", "GA-HQ"}
    centre, weekend = halls["GA-ZX"], halls["GA-NH"]
    monday, sunday = date(2026, 12, 7), date(2026, 12, 13)
    assert len(sessions_on(centre, monday)) == 2 and sessions_on(centre, sunday) == []
    assert opens_on_rest_days(weekend) and len(sessions_on(weekend, sunday)) == 1
    assert HallSession.objects.filter(hall=centre).count() == 11  # 5 × 2 + Saturday morning
    estate = WindowGroup.objects.get(hall=centre, code="B")
    assert estate.items.filter(name__contains="不动产").exists() and estate.slot_capacity == 3
    assert WindowGroup.objects.filter(hall=centre).count() == 3 and Window.objects.filter(hall=centre).count() == 8
