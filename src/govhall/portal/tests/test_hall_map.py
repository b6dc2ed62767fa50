"""The service map's data: each hall with its open-now status (organisations.hours) and distance, the person's
position, and the district boundary file it is drawn on."""

import json
import re
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from govhall.catalog.tests.factories import HallFactory
from govhall.organisations.models import HallSession

pytestmark = pytest.mark.django_db
STATIC = Path(__file__).resolve().parents[2] / "static"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def map_data(page: str) -> dict:
    found = re.search(r'<script id="hall-map-data" type="application/json">(.*?)</script>', page, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_the_map_says_which_halls_are_open_now_and_how_far(client, monkeypatch):
    weekday = HallFactory(name="工作日大厅", slug="weekday", latitude="30.47", longitude="106.63")
    weekend = HallFactory(name="周末大厅", slug="weekend", latitude="30.50", longitude="106.66")
    for day in range(5):
        HallSession.objects.create(hall=weekday, weekday=day, start=time(9), end=time(17))
    for day in (5, 6):
        HallSession.objects.create(hall=weekend, weekday=day, start=time(9), end=time(17))
    saturday_morning = datetime(2026, 12, 5, 10, 0, tzinfo=SHANGHAI)
    monkeypatch.setattr("django.utils.timezone.now", lambda: saturday_morning)
    page = client.get("/halls/", {"lat": "30.47", "lng": "106.63"}).content.decode()
    data = map_data(page)
    halls = {hall["name"]: hall for hall in data["halls"]}
    assert halls["周末大厅"]["open"] is True and halls["周末大厅"]["status"] == "办公中"
    assert halls["工作日大厅"]["open"] is False and halls["工作日大厅"]["status"] == "未在办公时间"
    assert halls["工作日大厅"]["km"] == 0.0 and halls["周末大厅"]["km"] > 3
    assert data["you"] == [106.63, 30.47] and data["district"] == "广安区"
    assert "现在办公中" in page and "现在不在办公时间" in page
    assert 'data-geo="/static/geo/511600-guangan.json"' in page


def test_the_boundary_file_holds_the_demo_district():
    boundary = json.loads((STATIC / "geo/511600-guangan.json").read_text(encoding="utf-8"))
    names = [feature["properties"]["name"] for feature in boundary["features"]]
    assert "广安区" in names and len(names) == 6
    assert "UTF8Encoding" not in boundary  # plain coordinates (ECharts would try to decode them otherwise)
