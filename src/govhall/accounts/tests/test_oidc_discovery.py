"""/o/.well-known/openid-configuration advertises only what GovHall supports; only the code flow's endpoints are
mounted (no device flow, no self-service application pages)."""

import pytest

pytestmark = pytest.mark.django_db


def test_discovery_advertises_only_the_supported_flow(client):
    document = client.get("/o/.well-known/openid-configuration").json()
    assert document["response_types_supported"] == ["code"]
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["grant_types_supported"] == ["authorization_code", "refresh_token"]
    assert "device_authorization_endpoint" not in document
    assert {"real_name", "id_number", "phone_number", "organisations"} <= set(document["claims_supported"])


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/o/device-authorization/"),
        ("get", "/o/device/"),
        ("get", "/o/device-confirm/x/y"),
        ("get", "/o/device-grant-status/x/y"),
        ("get", "/o/applications/"),
        ("get", "/o/authorized_tokens/"),
        ("post", "/o/register/"),
    ],
)
def test_endpoints_not_offered_are_not_mounted(client, method, url):
    assert getattr(client, method)(url).status_code == 404
