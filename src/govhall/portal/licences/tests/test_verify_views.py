import pytest

from govhall.licences import services
from govhall.licences.models import Licence
from govhall.licences.tests.factories import PERSON_ID, issued

pytestmark = pytest.mark.django_db


def test_a_valid_licence_page(client):
    licence = issued()
    response = client.get(f"/verify/{licence.identifier}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "有效" in page and "SM2 签名核验通过" in page
    assert licence.licence_type.name in page and "张**" in page
    assert "张三丰" not in page and PERSON_ID not in page
    assert f"leaf_index={licence.log_index}" in page
    assert "/verify/keys/" in page


def test_a_revoked_licence_page_says_so(client):
    licence = issued()
    services.revoke(licence, reason="撤销")
    page = client.get(f"/verify/{licence.identifier}").content.decode()
    assert "已撤销" in page and "licence-status-revoked" in page


def test_a_changed_licence_fails_the_signature_check(client):
    licence = issued()
    changed = bytes(licence.canonical).replace(b'"version":1', b'"version":2')
    Licence.objects.filter(pk=licence.pk).update(canonical=changed)
    page = client.get(f"/verify/{licence.identifier}").content.decode()
    assert "签名核验未通过" in page


@pytest.mark.parametrize(
    ("identifier", "words"),
    [
        ("not-an-id", "校验位"),
        ("1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F", "没有这张证照"),
    ],
)
def test_unknown_or_malformed_identifiers_are_a_chinese_404_page(client, identifier, words):
    response = client.get(f"/verify/{identifier}")
    assert response.status_code == 404
    assert words in response.content.decode()
    assert 'lang="zh' in response.content.decode()


def test_the_form_opens_the_licence_page(client):
    licence = issued()
    response = client.get("/verify/", {"identifier": f"  {licence.identifier} "})
    assert response.status_code == 302 and response["Location"] == f"/verify/{licence.identifier}"
    assert client.get("/verify/", {"identifier": "1.2.3"}).status_code == 400
    assert client.get("/verify/").status_code == 200


def test_the_keys_page_lists_the_issuers_public_keys(client):
    licence = issued()
    page = client.get("/verify/keys/").content.decode()
    assert licence.public_key in page and licence.issuer_name in page and "当前" in page
