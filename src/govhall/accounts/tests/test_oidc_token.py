"""/o/token/: a replayed authorization code revokes the tokens issued from it; a replayed (rotated) refresh token
revokes the whole family; the API accepts tokens only in the Authorization header."""

import pytest
from oauth2_provider.models import AccessToken, RefreshToken

from govhall.accounts.models import CodeRedemption
from govhall.accounts.tests.factories import person
from govhall.accounts.tests.oidc_flow import bearer, code_for, exchange, pkce, refresh, register_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):  # type: ignore[no-untyped-def]
    client.force_login(person("alice", phone="13812341234"))
    return client


def first_tokens(browser, registered):  # type: ignore[no-untyped-def]
    verifier, challenge = pkce()
    code = code_for(browser, registered, challenge)
    response = exchange(browser, registered, code, verifier)
    assert response.status_code == 200, response.content
    return code, verifier, response.json()


def test_a_replayed_code_is_refused_and_revokes_what_it_issued(signed_in):
    registered = register_client()
    code, verifier, tokens = first_tokens(signed_in, registered)
    assert signed_in.get("/o/userinfo/", headers=bearer(tokens["access_token"])).status_code == 200
    assert CodeRedemption.objects.count() == 1
    again = exchange(signed_in, registered, code, verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    assert signed_in.get("/o/userinfo/", headers=bearer(tokens["access_token"])).status_code in {401, 403}
    assert refresh(signed_in, registered, tokens["refresh_token"]).status_code == 400
    assert not AccessToken.objects.exists()


def test_a_replayed_code_revokes_tokens_refreshed_since(signed_in):
    registered = register_client()
    code, verifier, tokens = first_tokens(signed_in, registered)
    renewed = refresh(signed_in, registered, tokens["refresh_token"]).json()
    assert exchange(signed_in, registered, code, verifier).status_code == 400
    assert signed_in.get("/o/userinfo/", headers=bearer(renewed["access_token"])).status_code in {401, 403}
    assert refresh(signed_in, registered, renewed["refresh_token"]).status_code == 400


def test_another_clients_code_replay_touches_nothing(signed_in):
    mine, other = register_client(), register_client(name="区社保系统")
    code, verifier, tokens = first_tokens(signed_in, mine)
    assert exchange(signed_in, other, code, verifier).status_code in {400, 401}
    assert signed_in.get("/o/userinfo/", headers=bearer(tokens["access_token"])).status_code == 200


def test_a_replayed_refresh_token_revokes_the_whole_family(signed_in):
    registered = register_client()
    _code, _verifier, tokens = first_tokens(signed_in, registered)
    second = refresh(signed_in, registered, tokens["refresh_token"])
    assert second.status_code == 200
    renewed = second.json()
    stolen_replay = refresh(signed_in, registered, tokens["refresh_token"])
    assert stolen_replay.status_code == 400
    assert signed_in.get("/o/userinfo/", headers=bearer(renewed["access_token"])).status_code in {401, 403}
    assert refresh(signed_in, registered, renewed["refresh_token"]).status_code == 400
    assert not RefreshToken.objects.filter(revoked__isnull=True).exists()


def test_an_access_token_in_the_query_string_is_not_accepted(signed_in):
    registered = register_client()
    _code, _verifier, tokens = first_tokens(signed_in, registered)
    signed_in.logout()
    token = tokens["access_token"]
    assert signed_in.get("/o/userinfo/", {"access_token": token}).status_code == 400
    assert signed_in.get("/api/v1/accounts/me", {"access_token": token}).status_code == 401
    assert signed_in.get("/o/userinfo/", headers=bearer(token)).status_code == 200


ODD_TOKEN_REQUESTS = [
    {},
    {"grant_type": "nonsense"},
    {"grant_type": "authorization_code"},
    {"grant_type": "authorization_code", "code": "x" * 5000, "code_verifier": "v" * 50},
    {"grant_type": "password", "username": "alice", "password": "x"},
    {"grant_type": "client_credentials"},
    {"grant_type": "implicit"},
    {"grant_type": "urn:ietf:params:oauth:grant-type:device_code", "device_code": "x"},
    {"grant_type": "refresh_token", "refresh_token": "nope"},
    {"grant_type": "refresh_token"},
]


@pytest.mark.parametrize("data", ODD_TOKEN_REQUESTS, ids=[str(sorted(d.items()))[:50] for d in ODD_TOKEN_REQUESTS])
def test_odd_token_requests_are_refused_with_a_4xx(client, data):
    registered = register_client()
    credentials = {"client_id": registered.client_id, "client_secret": registered.secret}
    for body in (data, data | credentials):
        response = client.post("/o/token/", body)
        assert 400 <= response.status_code < 500, (body, response.status_code)
        assert "error" in response.json()
