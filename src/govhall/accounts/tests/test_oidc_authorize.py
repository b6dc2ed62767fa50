"""/o/authorize/: PKCE S256 only, redirect URIs matched strictly, and every odd request answered with a 4xx or an OIDC
error redirect to the registered URI, never a 500."""

from urllib.parse import parse_qs, urlparse

import pytest

from govhall.accounts.models import User
from govhall.accounts.tests.factories import person
from govhall.accounts.tests.oidc_flow import REDIRECT, authorize_params, code_for, pkce, register_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice() -> User:
    return person("alice", phone="13812341234")


def error_of(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    assert location.startswith(REDIRECT + "?"), location
    query = parse_qs(urlparse(location).query)
    assert query["state"] == ["st-1"]
    return query["error"][0]


@pytest.mark.parametrize(
    "pkce_params",
    [
        {"code_challenge_method": "plain", "code_challenge": "x" * 50},
        {"code_challenge_method": ""},  # no method means plain
        {"code_challenge": ""},
        {"code_challenge_method": "S512"},
    ],
)
def test_only_s256_pkce_is_accepted(client, alice, pkce_params):
    client.force_login(alice)
    _verifier, challenge = pkce()
    params = authorize_params(register_client(), challenge) | pkce_params
    params = {key: value for key, value in params.items() if value != "" or key == "code_challenge"}
    assert error_of(client.get("/o/authorize/", params)) == "invalid_request"


def test_a_missing_challenge_is_refused(client, alice):
    client.force_login(alice)
    params = authorize_params(register_client(), "")
    del params["code_challenge"], params["code_challenge_method"]
    assert error_of(client.get("/o/authorize/", params)) == "invalid_request"


@pytest.mark.parametrize("signed_in", [True, False])
def test_prompt_none_is_an_oidc_error_not_a_crash(client, alice, signed_in):
    if signed_in:
        client.force_login(alice)
    _verifier, challenge = pkce()
    params = authorize_params(register_client(), challenge, prompt="none")
    assert error_of(client.get("/o/authorize/", params)) == "login_required"
    params["id_token_hint"] = "not-a-token"
    assert error_of(client.get("/o/authorize/", params)) == "login_required"


ODD = [
    {"response_type": "token"},
    {"response_type": "id_token"},
    {"response_type": "code id_token"},
    {"response_type": ""},
    {"scope": "openid unknown"},
    {"prompt": "create"},
    {"prompt": "select_account"},
    {"claims": "{not json"},
    {"max_age": "abc"},
    {"request": "a.b.c"},
    {"request_uri": "https://attacker.example/r"},
    {"resource": "not a uri"},
    {"response_mode": "form_post"},
    {"nonce": "n" * 5000},
    {"state": "a\x00b"},
    {"client_id": "nope"},
    {"client_id": ""},
    {"redirect_uri": "https://attacker.example/cb"},
    {"redirect_uri": "not a uri"},
    {"redirect_uri": "http://127.0.0.1:99999/callback"},
    {"code_challenge": "x" * 5000},
]


@pytest.mark.parametrize("odd", ODD, ids=[str(sorted(odd))[:40] for odd in ODD])
@pytest.mark.parametrize("method", ["get", "post"])
def test_odd_authorization_requests_get_a_4xx_or_an_error_redirect(client, alice, odd, method):
    client.force_login(alice)
    _verifier, challenge = pkce()
    params = authorize_params(register_client(), challenge) | odd
    response = getattr(client, method)("/o/authorize/", params)
    assert response.status_code in {200, 302, 400, 403, 404}, response.status_code
    if response.status_code == 302:
        location = response["Location"]
        assert location.startswith((REDIRECT, "/accounts/login/")), location
        assert "attacker" not in location.split("?")[0]


def test_a_confidential_clients_loopback_port_must_match_exactly(client, alice):
    client.force_login(alice)
    _verifier, challenge = pkce()
    confidential = register_client()
    other_port = authorize_params(confidential, challenge, redirect_uri="http://127.0.0.1:9000/callback")
    assert client.get("/o/authorize/", other_port).status_code == 400
    assert client.get("/o/authorize/", authorize_params(confidential, challenge)).status_code == 200


def test_a_public_native_client_may_use_any_loopback_port(client, alice):
    client.force_login(alice)
    _verifier, challenge = pkce()
    public = register_client("--public", name="办事 App")
    public.redirect = "http://127.0.0.1:53124/callback"
    assert code_for(client, public, challenge)


def test_plain_http_is_only_for_loopback(client, alice):
    from django.core.management.base import CommandError
    from oauth2_provider.models import Application

    with pytest.raises(CommandError, match="https"):
        register_client(redirect="http://records.example.gov.cn/callback")
    client.force_login(alice)
    _verifier, challenge = pkce()
    insecure = register_client(redirect="https://records.example.gov.cn/callback")
    insecure.redirect = "http://records.example.gov.cn/callback"  # registered before the rule, say
    Application.objects.filter(client_id=insecure.client_id).update(redirect_uris=insecure.redirect)
    assert client.get("/o/authorize/", authorize_params(insecure, challenge)).status_code == 400


def test_a_refusal_is_never_sent_to_an_unregistered_redirect_uri(client, alice):
    client.force_login(alice)
    _verifier, challenge = pkce()
    fields = authorize_params(register_client(), challenge, redirect_uri="https://attacker.example/cb")
    response = client.post("/o/authorize/", fields)  # 拒绝: no "allow"
    assert response.status_code == 400 and "回调地址无效" in response.content.decode()
