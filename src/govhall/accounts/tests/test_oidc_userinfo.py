"""/o/userinfo/: GET and POST (OpenID Connect Core §5.3.1) with the access token in the Authorization header; no
CSRF cookie is needed (a client has none), and a token in the address is refused."""

import pytest
from django.test import Client

from govhall.accounts.tests.factories import person
from govhall.accounts.tests.oidc_flow import bearer, code_for, exchange, pkce, register_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(client):  # type: ignore[no-untyped-def]
    client.force_login(person("alice", phone="13812341234"))
    registered = register_client()
    verifier, challenge = pkce()
    tokens = exchange(client, registered, code_for(client, registered, challenge), verifier).json()
    client.logout()
    return tokens["access_token"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_userinfo_answers_both_methods_without_csrf(token, method):  # type: ignore[no-untyped-def]
    http = Client(enforce_csrf_checks=True)
    answer = getattr(http, method)("/o/userinfo/", headers=bearer(token))
    assert answer.status_code == 200
    assert answer.json()["sub"]


def test_a_token_in_the_address_is_refused(token):  # type: ignore[no-untyped-def]
    answer = Client(enforce_csrf_checks=True).get("/o/userinfo/", {"access_token": token})
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"
