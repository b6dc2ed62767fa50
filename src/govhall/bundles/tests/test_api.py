"""GET /api/v1/bundles, /api/v1/bundles/{slug} (the questionnaire), /api/v1/bundles/{slug}/plan, and filing a bundle:
POST /api/v1/bundles/{slug}/cases, GET /api/v1/bundles/{slug}/cases/{number}."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.tests.factories import person
from govhall.bundles.models import BundleCase
from govhall.bundles.tests.factories import answer, newborn_bundle
from govhall.cases.tests.api_factories import app_headers
from govhall.cases.tests.files import PDF

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


def submit(client, bundle, user, *, files=True, key="api-1", **extra):
    payload = {
        "answers": answer(bundle, "否"),
        "form_data": {
            "reason": "出生",
            "baby_name": "小宝",
            "birth_date": "2026-11-30",
            "guardian_phone": "13900001111",
        },
        "materials": ["父母双方有效身份证件"] if files else [],
        **extra,
    }
    data = {"payload": json.dumps(payload, ensure_ascii=False)}
    if files:
        data["files"] = [SimpleUploadedFile("证件.pdf", PDF)]
    return client.post(
        f"/api/v1/bundles/{bundle.slug}/cases", data, headers={**app_headers(user), "Idempotency-Key": key}
    )


def test_filing_a_bundle_through_the_api(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bundle = newborn_bundle()
    alice = person("alice")
    response = submit(client, bundle, alice)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["progress"] == "0/3" and [part["state"] for part in body["parts"]] == [
        "submitted",
        "waiting",
        "submitted",
    ]
    assert submit(client, bundle, alice).json()["number"] == body["number"]  # the same key, the same bundle case
    detail = client.get(f"/api/v1/bundles/newborn/cases/{body['number']}", headers=app_headers(alice))
    assert detail.status_code == 200 and detail.json()["number"] == body["number"]
    other = client.get(f"/api/v1/bundles/newborn/cases/{body['number']}", headers=app_headers(person("bob", number=2)))
    assert other.status_code == 404


def test_a_bad_bundle_submission_is_refused_with_the_reason(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bundle = newborn_bundle()
    alice = person("alice")
    missing = submit(client, bundle, alice, files=False, key="k2")
    assert missing.status_code == 400 and "缺少必要材料" in missing.json()["detail"]
    bad = client.post("/api/v1/bundles/newborn/cases", {"payload": "{not json"}, headers=app_headers(alice))
    assert bad.status_code == 400 and "payload" in bad.json()["detail"]
    assert client.post("/api/v1/bundles/newborn/cases", {"payload": "{}"}).status_code == 401
    assert not BundleCase.objects.exists()
