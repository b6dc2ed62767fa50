import pytest

from govhall.catalog.tests.factories import HallFactory, LifeEventFactory, ThemeFactory, published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return published_item()


def test_search_items(client, item):
    response = client.get("/api/v1/catalog/items", {"q": "开饭店", "limit": 5})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["code"] == item.implementation_code
    assert body["items"][0]["name"] == "食品经营许可（新办）"
    assert body["items"][0]["department"] == "区行政审批局"
    assert body["items"][0]["item_type"] == "01"


def test_guide(client, item):
    body = client.get(f"/api/v1/catalog/items/{item.implementation_code}").json()
    assert body["version"] == 1
    assert body["guide"]["materials"][0]["name"] == "食品经营许可申请书"
    assert [step["name"] for step in body["guide"]["steps"]] == ["受理", "审查", "决定", "办结", "送达"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/catalog/items/NO-SUCH-CODE-1", 404),
        ("/api/v1/catalog/items/" + "A" * 200, 422),
        ("/api/v1/catalog/items/bad%20code", 422),
        ("/api/v1/catalog/items?limit=1000", 422),
        ("/api/v1/catalog/items?limit=abc", 422),
        ("/api/v1/catalog/items?offset=-1", 422),
        ("/api/v1/catalog/items?q=" + "户" * 500, 422),
        ("/api/v1/catalog/items?audience=martian", 422),
        ("/api/v1/catalog/items?item_type=99", 422),
        ("/api/v1/catalog/departments/0", 422),
        ("/api/v1/catalog/departments/999999", 404),
        ("/api/v1/catalog/halls?lat=100&lng=1", 422),
        ("/api/v1/catalog/themes?audience=x", 422),
    ],
)
def test_bad_input_gets_a_clear_4xx(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response.json()["detail"]


def test_departments_halls_themes_life_events(client, item):
    ThemeFactory(name="户籍办理", slug="huji").items.add(item)
    LifeEventFactory(name="开办餐饮店", slug="restaurant").items.add(item)
    HallFactory(name="近的大厅", slug="near", latitude="30.47", longitude="106.63")
    HallFactory(name="远的大厅", slug="far", latitude="30.60", longitude="106.80")
    departments = client.get("/api/v1/catalog/departments").json()
    assert departments[0]["name"] == "区行政审批局" and departments[0]["item_count"] == 1
    one = client.get(f"/api/v1/catalog/departments/{departments[0]['id']}").json()
    assert one["name"] == "区行政审批局"
    halls = client.get("/api/v1/catalog/halls", {"lat": 30.61, "lng": 106.81}).json()
    assert [h["slug"] for h in halls] == ["far", "near"]
    assert halls[0]["distance_km"] < halls[1]["distance_km"]
    assert client.get("/api/v1/catalog/themes?audience=person").json()[0]["item_count"] == 1
    assert client.get("/api/v1/catalog/life-events").json()[0]["items"] == [item.implementation_code]


def test_openapi_and_health(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/catalog/items" in schema["paths"]
    assert client.get("/api/v1/health").json() == {"status": "ok"}
