"""GET /api/v1/bundles, /api/v1/bundles/{slug} (the questionnaire) and /api/v1/bundles/{slug}/plan."""

import pytest

from govhall.bundles.tests.factories import answer, newborn_bundle

pytestmark = pytest.mark.django_db


def test_the_list_and_one_bundle_with_its_questionnaire(client):
    bundle = newborn_bundle()
    listed = client.get("/api/v1/bundles").json()
    assert [row["slug"] for row in listed] == ["newborn"] and listed[0]["url"] == "/bundles/newborn/"
    detail = client.get("/api/v1/bundles/newborn").json()
    assert [item["name"] for item in detail["items"]][:2] == ["出生医学证明首次签发", "户口登记"]
    question = detail["questions"][0]
    assert question["text"] == "是否同时申领社会保障卡？" and [o["label"] for o in question["options"]] == ["是", "否"]
    card = next(item for item in detail["items"] if item["name"] == "社会保障卡申领")
    assert question["options"][0]["includes"] == [card["id"]] and card["included"] is False
    assert bundle.slug == "newborn"


def test_the_plan_of_a_set_of_answers(client):
    bundle = newborn_bundle()
    query = {f"q_{key}": value for key, value in answer(bundle, "是").items()}
    plan = client.get("/api/v1/bundles/newborn/plan", query).json()
    assert "社会保障卡申领" in plan["items"]
    assert [field["key"] for field in plan["fields"]] == ["baby_name", "birth_date", "guardian_phone"]
    assert {material["name"] for material in plan["materials"]} == {"父母双方有效身份证件", "近期免冠白底证件照片"}


def test_unknown_bundles_and_bad_answers_are_refused_in_chinese(client):
    newborn_bundle()
    missing = client.get("/api/v1/bundles/nothing")
    assert missing.status_code == 404 and "没有标识为" in missing.json()["detail"]
    bad = client.get("/api/v1/bundles/newborn/plan", {"q_1": "x"})
    assert bad.status_code == 400 and "请回答" in bad.json()["detail"]
    assert client.get("/api/v1/bundles/bad%20slug!").status_code in (404, 422)
