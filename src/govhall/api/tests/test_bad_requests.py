"""Whatever a client sends, the API answers JSON with a message and a 4xx, never a 500 (nor an HTML page)."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.cases.tests.api_factories import app_headers, system_headers
from govhall.catalog.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
TOO_BIG_FOR_A_BIGINT = "9223372036854775809"


@pytest.fixture(params=[True, False], ids=["debug", "production"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def json_refusal(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    return response.json()


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/catalog/items?department={TOO_BIG_FOR_A_BIGINT}",
        f"/api/v1/catalog/departments/{TOO_BIG_FOR_A_BIGINT}",
        "/api/v1/catalog/items?limit=99999999999999999999999",
        "/api/v1/catalog/items?offset=99999999999999999999999",
    ],
)
def test_numbers_no_column_can_hold_are_a_422(client, url):
    body = json_refusal(client.get(url), 422)
    assert body["errors"]


@pytest.mark.parametrize("query", ["page=99999999999999999999", "page_size=99999999999999999999", "page=0"])
def test_case_list_pages_are_bounded(client, query):
    headers = app_headers(person("alice"))
    json_refusal(client.get(f"/api/v1/cases?{query}", headers=headers), 422)


def test_inbox_pages_are_bounded(client):
    headers = system_headers(DepartmentFactory())
    json_refusal(client.get("/api/v1/cases/inbox?page=9223372036854775808", headers=headers), 422)


def test_a_6_mb_json_body_is_a_413(client, debug):
    headers = app_headers(person("alice"))
    body = b'{"item_code": "' + b"x" * 6_000_000 + b'"}'
    answer = json_refusal(client.post("/api/v1/cases", body, content_type="application/json", headers=headers), 413)
    assert "过大" in answer["detail"]


def test_multipart_without_boundary_is_a_400(client, debug):
    headers = app_headers(person("alice"))
    response = client.post(
        "/api/v1/cases/GH1/materials", b"--x\r\n", content_type="multipart/form-data", headers=headers
    )
    json_refusal(response, 400)


def test_malformed_json_is_refused_with_json(client, debug):
    headers = app_headers(person("alice"))
    response = client.post("/api/v1/cases", b"{not json", content_type="application/json", headers=headers)
    assert response.status_code in (400, 422)
    json_refusal(response, response.status_code)


def test_an_unknown_api_path_is_a_json_404(client):
    json_refusal(client.get("/api/v1/nothing-here"), 404)


@pytest.mark.parametrize("method", ["delete", "put", "options"])
def test_a_method_the_api_does_not_offer_is_a_json_405(client, method):
    response = getattr(client, method)("/api/v1/catalog/items")
    body = json_refusal(response, 405)
    assert response["Allow"] == "GET" and "GET" in body["detail"]


@pytest.mark.parametrize(
    "url", ["/api/v1/catalog/items?theme=a%00", "/api/v1/catalog/items?q=%00", "/api/v1/cases/GH%00", "/search/?q=a%00"]
)
def test_a_nul_character_in_path_or_query_is_a_400(client, url):
    response = client.get(url, headers=app_headers(person("alice")))
    assert response.status_code == 400
    if url.startswith("/api/"):
        json_refusal(response, 400)


def test_a_nul_character_in_a_json_body_is_a_400_with_its_reason(client):
    headers = app_headers(person("alice"))
    body = {"item_code": "X", "form_data": {"name": "a\u0000b"}}
    answer = json_refusal(client.post("/api/v1/cases", body, content_type="application/json", headers=headers), 400)
    assert "空字符" in answer["detail"]


def test_a_body_that_is_not_json_gets_a_chinese_message(client):
    headers = app_headers(person("alice"))
    answer = json_refusal(client.post("/api/v1/cases", b"{nope", content_type="application/json", headers=headers), 400)
    assert "JSON" in answer["detail"] and "Cannot" not in answer["detail"]
