import base64
import hashlib

import pytest
from gmssl import sm3 as gmssl_sm3

from govhall.licences import identifiers, services
from govhall.licences.tests.factories import PERSON_ID, issued
from govhall.transparency.verify import gmssl_verify

pytestmark = pytest.mark.django_db
FIELDS = {
    "identifier",
    "status",
    "status_label",
    "type",
    "issuer",
    "holder_masked",
    "issued_at",
    "valid_until",
    "canonical",
    "sm3",
    "signature",
    "public_key",
    "key_id",
    "log_index",
}


def test_verify_answers_enough_to_check_the_signature_with_another_library(client):
    licence = issued()
    response = client.get(f"/api/v1/licences/verify/{licence.identifier}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == FIELDS
    assert body["status"] == "valid" and body["status_label"] == "有效"
    assert body["holder_masked"] == "张**（110105********002X）"
    message = base64.b64decode(body["canonical"])
    assert gmssl_sm3.sm3_hash(list(message)) == body["sm3"]  # gmssl's SM3, not ours
    assert gmssl_verify(body["public_key"], message, body["signature"])
    assert not gmssl_verify(body["public_key"], message + b" ", body["signature"])
    assert body["public_key"].startswith("04") and len(body["public_key"]) == 130
    assert body["log_index"] == licence.log_index
    assert PERSON_ID.encode() not in response.content and "张三丰".encode() not in response.content
    assert hashlib.sha256(message).digest() != b""  # the bytes are the stored ones
    assert message == bytes(licence.canonical)


def test_verify_shows_a_revoked_licence_as_revoked(client):
    licence = issued()
    services.revoke(licence, reason="事后核查发现承诺不实")
    body = client.get(f"/api/v1/licences/verify/{licence.identifier}").json()
    assert (body["status"], body["status_label"]) == ("revoked", "已撤销")


@pytest.mark.parametrize(
    "identifier",
    [
        "nonsense",
        "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.G",  # wrong check character
        "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001",
    ],
)
def test_malformed_identifiers_are_404_json_in_chinese(client, identifier):
    response = client.get(f"/api/v1/licences/verify/{identifier}")
    assert response.status_code == 404
    assert "校验位" in response.json()["detail"]


def test_an_unknown_valid_identifier_is_404(client):
    unknown = "1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F"
    assert identifiers.is_valid(unknown)
    response = client.get(f"/api/v1/licences/verify/{unknown}")
    assert response.status_code == 404
    assert "未找到" in response.json()["detail"]


def test_keys_lists_each_issuer_with_its_current_key(client):
    licence = issued()
    body = client.get("/api/v1/licences/keys").json()
    [issuer] = body["issuers"]
    assert issuer["uscc"] == licence.issuer_uscc and issuer["external"] is False
    assert issuer["keys"] == [{"key_id": licence.key_id, "public_key": licence.public_key, "current": True}]
