"""The OIDC code flow driven through Django's test client: register a client, sign a person in, consent, exchange the
code. Used by the tests of each OIDC endpoint."""

import base64
import hashlib
import io
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlparse

from django.core.management import call_command
from django.test import Client

REDIRECT = "http://127.0.0.1:8999/callback"


@dataclass
class RegisteredClient:
    client_id: str
    secret: str
    redirect: str


def register_client(*extra: str, redirect: str = REDIRECT, name: str = "区不动产登记系统") -> RegisteredClient:
    out = io.StringIO()
    call_command("register_oidc_client", "--name", name, "--redirect-uri", redirect, *extra, stdout=out)
    text = out.getvalue()
    found = re.search(r"client_secret: (\S*)", text)
    return RegisteredClient(re.search(r"client_id: (\S+)", text)[1], found[1] if found else "", redirect)  # type: ignore[index]


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_params(client: RegisteredClient, challenge: str, **extra: str) -> dict[str, str]:
    return {
        "client_id": client.client_id,
        "response_type": "code",
        "redirect_uri": client.redirect,
        "scope": "openid profile",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": "st-1",
        "nonce": "n-1",
    } | extra


def code_for(browser: Client, client: RegisteredClient, challenge: str, **extra: str) -> str:
    """The person (signed in on `browser`) consents; returns the authorization code."""
    page = browser.get("/o/authorize/", authorize_params(client, challenge, **extra))
    assert page.status_code == 200, page.status_code
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.content.decode()))
    fields.pop("csrfmiddlewaretoken", None)
    response = browser.post("/o/authorize/", fields | {"allow": "Authorize"})
    assert response.status_code == 302, response.status_code
    return parse_qs(urlparse(response["Location"]).query)["code"][0]


def exchange(http: Client, client: RegisteredClient, code: str, verifier: str) -> Any:
    return http.post(
        "/o/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": client.redirect,
            "client_id": client.client_id,
            "client_secret": client.secret,
            "code_verifier": verifier,
        },
    )


def refresh(http: Client, client: RegisteredClient, refresh_token: str) -> Any:
    return http.post(
        "/o/token/",
        {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": client.client_id,
            "client_secret": client.secret,
        },
    )


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
