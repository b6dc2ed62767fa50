"""GET /api/v1/assist: the answer's shape, the guide quoted, unsure answers, and refusals with Chinese messages."""

import pytest

from govhall.catalog.tests.factories import published_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def food():
    return published_item()


def test_answers_with_the_item_intent_and_guide_text(client, food):
    response = client.get("/api/v1/assist", {"q": "开饭店要带什么材料"})
    assert response.status_code == 200
    body = response.json()
    assert body["item"] == {"code": food.implementation_code, "name": "食品经营许可（新办）"}
    assert body["intent"] == "materials"
    assert "食品经营许可申请书" in body["answer"]
    assert body["source"] == f"/items/{food.implementation_code}/"
    assert body["confident"] is True
    assert isinstance(body["alternatives"], list)


@pytest.mark.parametrize(
    ("question", "intent", "quoted"),
    [
        ("开饭店多久能办好", "time_limit", "承诺办结时限：5 个工作日。"),
        ("开饭店要花钱吗", "fees", "收费：不收费。"),
        ("开饭店网上能办吗", "online", "网上办理深度："),
        ("开饭店怎么办", "how", "1. 受理（审批科）"),
    ],
)
def test_each_intent_quotes_its_field(client, food, question, intent, quoted):
    body = client.get("/api/v1/assist", {"q": question}).json()
    assert body["intent"] == intent
    assert quoted in body["answer"]


def test_unknown_service_is_not_confident_and_has_no_item(client, food):
    body = client.get("/api/v1/assist", {"q": "彩票中奖了去哪兑奖"}).json()
    assert body["item"] is None
    assert body["confident"] is False
    assert body["source"] == ""
    assert "没有找到" in body["answer"]


def test_unsure_answer_lists_alternatives(client, food):
    published_item(number=2, name="餐饮服务食品安全等级评定", keywords="开饭店")
    body = client.get("/api/v1/assist", {"q": "开饭店的父母"}).json()
    assert body["confident"] is False
    assert "不能确定" in body["answer"]
    assert {alt["name"] for alt in body["alternatives"]} | {body["item"]["name"]} >= {
        "食品经营许可（新办）",
        "餐饮服务食品安全等级评定",
    }
    assert all(alt["source"].startswith("/items/") for alt in body["alternatives"])


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20", "?q=" + "问" * 201, "?q=%00"])
def test_bad_questions_are_400_with_a_chinese_message(client, query):
    response = client.get("/api/v1/assist" + query)
    assert response.status_code == 400
    assert any("\u4e00" <= character <= "\u9fff" for character in response.json()["detail"])


def test_listed_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "400" in schema["paths"]["/api/v1/assist"]["get"]["responses"]


def test_bundles_are_listed(client):
    from govhall.bundles.tests.factories import newborn_bundle

    newborn_bundle()
    body = client.get("/api/v1/assist", {"q": "宝宝出生了要办什么"}).json()
    assert body["bundles"] == [
        {"slug": "newborn", "name": "新生儿出生一件事", "source": "/bundles/newborn/", "promised_days": 5}
    ]
