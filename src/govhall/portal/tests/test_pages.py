import pytest

from govhall.catalog.tests.factories import HallFactory, LifeEventFactory, ThemeFactory, published_item
from govhall.core.context_processors import LARGE_TEXT_COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture
def item():
    return published_item()


def test_home(client, item):
    ThemeFactory(name="户籍办理", slug="huji", audience="person")
    LifeEventFactory(name="开办餐饮店", slug="restaurant").items.add(item)
    page = client.get("/").content.decode()
    assert "个人办事" in page and "法人办事" in page and "户籍办理" in page and "开办餐饮店" in page
    assert "食品经营许可（新办）" in page  # a popular item


def test_search_page_and_htmx_partial(client, item):
    page = client.get("/search/", {"q": "开饭店"})
    assert page.status_code == 200
    assert "食品经营许可（新办）" in page.content.decode()
    partial = client.get("/search/", {"q": "开饭店"}, headers={"HX-Request": "true"}).content.decode()
    assert "食品经营许可（新办）" in partial and "<html" not in partial


@pytest.mark.parametrize("params", [{"q": "户" * 101}, {"page": "0"}, {"department": "abc"}, {"item_type": "99"}])
def test_bad_search_input_is_a_400_page_in_chinese(client, params):
    response = client.get("/search/", params)
    assert response.status_code == 400
    assert "搜索条件有误" in response.content.decode()


def test_guide_page_shows_what_a_person_needs(client, item):
    page = client.get(item.get_absolute_url()).content.decode()
    for text in (
        "申请材料",
        "食品经营许可申请书",
        "办理流程",
        "0826-2345678",
        "12345",
        "常见问题",
        "最多跑一次",
        "打印办事指南",
    ):
        assert text in page, text


def test_unknown_item_is_a_chinese_404(client):
    response = client.get("/items/NO-SUCH-CODE/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_halls_nearest_first_and_bad_coordinates(client):
    HallFactory(name="近的大厅", slug="near", latitude="30.47", longitude="106.63")
    HallFactory(name="远的大厅", slug="far", latitude="30.60", longitude="106.80")
    page = client.get("/halls/", {"lat": "30.47", "lng": "106.63"}).content.decode()
    assert page.index("近的大厅") < page.index("远的大厅")
    assert client.get("/halls/", {"lat": "999", "lng": "0"}).status_code == 400


def test_theme_life_event_and_departments(client, item):
    ThemeFactory(name="准营准办", slug="zhunying", audience="legal").items.add(item)
    LifeEventFactory(name="开办餐饮店", slug="restaurant").items.add(item)
    assert "食品经营许可（新办）" in client.get("/themes/zhunying/").content.decode()
    assert "食品经营许可（新办）" in client.get("/life-events/restaurant/").content.decode()
    assert "区行政审批局" in client.get("/departments/").content.decode()
    assert client.get("/themes/nope/").status_code == 404


def test_large_text_mode_toggles_by_cookie(client):
    response = client.post("/display/large-text/", {"next": "/search/"})
    assert response.status_code == 302 and response["Location"] == "/search/"
    assert response.cookies[LARGE_TEXT_COOKIE].value == "1"
    assert 'class="large-text' in client.get("/").content.decode()
    assert client.post("/display/large-text/", {"next": "https://evil.example/"})["Location"] == "/"


def test_security_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Language"] == "zh-hans"


def test_english_on_request(client):
    client.cookies["django_language"] = "en"
    assert client.get("/")["Content-Language"] == "en"


def test_list_pages_use_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for number in range(1, 8):
        published_item(number=number, name=f"事项{number}号食品经营")
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200
    # The search page: + the search log's one INSERT and the query's click boosts (then cached for minutes).
    with django_assert_max_num_queries(10):
        assert client.get("/search/", {"q": "食品经营"}).status_code == 200
    with django_assert_max_num_queries(9):
        assert client.get("/search/", {"q": "食品经营"}).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/catalog/items", {"q": "食品经营", "limit": 50}).status_code == 200


def test_blank_form_and_sample_of_an_application_form(client, item):
    material = item.current_version.materials.get()
    assert material.name == "食品经营许可申请书"
    page = client.get(item.get_absolute_url()).content.decode()
    blank_url = f"/items/{item.implementation_code}/materials/{material.pk}/blank.xlsx"
    assert blank_url in page
    response = client.get(blank_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == "食品经营许可申请书"
    sample = load_workbook(BytesIO(client.get(blank_url.replace("blank", "sample")).content)).active
    assert sample["A1"].value == "食品经营许可申请书（示例）"
    assert client.get(blank_url.replace("blank.xlsx", "other.xlsx")).status_code == 404
    assert client.get(f"/items/{item.implementation_code}/materials/999999/blank.xlsx").status_code == 404


def test_guide_page_names_the_e_licence_its_result_is(client, item):
    from govhall.licences.tests.factories import LicenceTypeFactory

    assert "办结后自动签发" not in client.get(item.get_absolute_url()).content.decode()
    LicenceTypeFactory(name="食品经营许可证").items.add(item)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "食品经营许可证：办结后自动签发" in page and "我的证照" in page
