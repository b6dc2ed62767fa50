"""/o/introspect/: a POST by an authenticated client about its own tokens; another client's token reads as inactive;
no GET (the token would sit in the address)."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.accounts.tests.oidc_flow import code_for, exchange, pkce, register_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):  # type: ignore[no-untyped-def]
    client.force_login(person("alice", phone="13812341234"))
    owner, other = register_client(), register_client(name="区社保系统")
    verifier, challenge = pkce()
    tokens = exchange(client, owner, code_for(client, owner, challenge), verifier).json()
    client.logout()
    return {"owner": owner, "other": other, "token": tokens["access_token"]}


def introspect(http, registered, token):  # type: ignore[no-untyped-def]
    return http.post(
        "/o/introspect/", {"token": token, "client_id": registered.client_id, "client_secret": registered.secret}
    )


def test_a_client_introspects_its_own_token(client, world):
    answer = introspect(client, world["owner"], world["token"])
    assert answer.status_code == 200
    assert answer.json()["active"] is True and answer.json()["client_id"] == world["owner"].client_id


def test_another_clients_token_reads_as_inactive(client, world):
    answer = introspect(client, world["other"], world["token"])
    assert answer.status_code == 200 and answer.json() == {"active": False}


def test_introspection_needs_client_credentials_and_a_post(client, world):
    assert client.post("/o/introspect/", {"token": world["token"]}).status_code in {401, 403}
    wrong = client.post(
        "/o/introspect/", {"token": world["token"], "client_id": world["owner"].client_id, "client_secret": "x"}
    )
    assert wrong.status_code in {401, 403}
    assert client.get("/o/introspect/", {"token": world["token"]}).status_code == 405


def test_a_token_bearer_cannot_introspect_other_clients_tokens(client, world):
    """The toolkit also lets a token with the `introspection` scope in; it too sees only its client's tokens."""
    from govhall.cases.tests.api_factories import app_headers

    headers = app_headers(person("bob", number=1), scope="introspection")
    answer = client.post("/o/introspect/", {"token": world["token"]}, headers=headers)
    assert answer.status_code in {200, 401, 403}
    if answer.status_code == 200:
        assert answer.json() == {"active": False}


def test_a_client_introspects_without_a_csrf_token(world):
    """A department system posts its credentials, never a browser's CSRF cookie: the endpoint must not answer with
    Django's CSRF page (the test client skips CSRF checks unless told, which hid this)."""
    from django.test import Client

    answer = introspect(Client(enforce_csrf_checks=True), world["owner"], world["token"])
    assert answer.status_code == 200
    assert answer.json()["active"] is True
