"""An independent OIDC client (authlib + joserfc) against a live GovHall: discovery, code flow with PKCE, id_token
signature and claims, userinfo with masked values, and logout."""

import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from django.core.management import call_command
from joserfc import jwt
from joserfc.jwk import KeySet

from govhall.accounts.models import OidcClientProfile
from govhall.accounts.tests.factories import PASSWORD, person
from govhall.core.models import AuditEvent

REDIRECT = "http://127.0.0.1:8999/callback"


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    """The live test server speaks plain HTTP; production cookies are Secure (HTTPS only)."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False


def register_client(*extra: str) -> tuple[str, str]:
    out = io.StringIO()
    call_command("register_oidc_client", "--name", "区不动产登记系统", "--redirect-uri", REDIRECT, *extra, stdout=out)
    text = out.getvalue()
    return re.search(r"client_id: (\S+)", text)[1], re.search(r"client_secret: (\S+)", text)[1]


def signed_in_browser(base: str, username: str) -> requests.Session:
    browser = requests.Session()
    browser.get(f"{base}/accounts/login/")
    response = browser.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
    )
    assert response.status_code == 302
    return browser


def authorise(base: str, browser: requests.Session, url: str) -> str:
    """Follow the consent page as a person would: read its hidden fields and press 同意并登录."""
    page = browser.get(url)
    assert page.status_code == 200 and "请求使用您的政务服务账户登录" in page.text
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    fields["allow"] = "Authorize"
    response = browser.post(page.url, data=fields, headers={"Referer": page.url}, allow_redirects=False)
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.django_db(transaction=True)
def test_code_flow_with_pkce_and_claims(live_server):
    person("alice", phone="13812341234")
    client_id, secret = register_client()
    base = live_server.url
    discovery = requests.get(f"{base}/o/.well-known/openid-configuration", timeout=10).json()
    assert "S256" in discovery["code_challenge_methods_supported"]
    keys = KeySet.import_key_set(requests.get(discovery["jwks_uri"], timeout=10).json())

    client = OAuth2Session(
        client_id,
        secret,
        scope="openid profile phone identity organisations",
        redirect_uri=REDIRECT,
        code_challenge_method="S256",
    )
    verifier = generate_token(64)
    url, state = client.create_authorization_url(
        discovery["authorization_endpoint"], code_verifier=verifier, nonce="n-0S6_WzA2Mj"
    )
    browser = signed_in_browser(base, "alice")
    callback = authorise(base, browser, url)
    assert parse_qs(urlparse(callback).query)["state"] == [state]

    token = client.fetch_token(discovery["token_endpoint"], authorization_response=callback, code_verifier=verifier)
    claims = jwt.decode(token["id_token"], keys).claims
    assert claims["iss"] == discovery["issuer"]
    assert claims["aud"] == client_id
    assert claims["nonce"] == "n-0S6_WzA2Mj"
    assert claims["id_number"] == "110105********002X"  # masked: this client is not entitled
    assert claims["phone_number"] == "138****1234"

    userinfo = client.get(discovery["userinfo_endpoint"]).json()
    assert userinfo["real_name"] == "测试alice"
    assert userinfo["id_type"] == "resident_id"
    assert userinfo["id_number"] == "110105********002X"

    # The same code cannot be used twice, and a code without the verifier is refused.
    again = requests.post(
        discovery["token_endpoint"],
        timeout=10,
        data={
            "grant_type": "authorization_code",
            "code": parse_qs(urlparse(callback).query)["code"][0],
            "redirect_uri": REDIRECT,
            "client_id": client_id,
            "client_secret": secret,
            "code_verifier": verifier,
        },
    )
    assert again.status_code == 400

    logout = browser.get(f"{discovery['end_session_endpoint']}?id_token_hint={token['id_token']}")
    assert logout.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_entitled_client_gets_full_values_and_the_release_is_audited(live_server):
    person("alice", phone="13812341234")
    client_id, secret = register_client("--full-identity")
    assert OidcClientProfile.objects.get(application__client_id=client_id).full_identity
    base = live_server.url
    client = OAuth2Session(
        client_id, secret, scope="openid identity phone", redirect_uri=REDIRECT, code_challenge_method="S256"
    )
    verifier = generate_token(64)
    url, _ = client.create_authorization_url(f"{base}/o/authorize/", code_verifier=verifier)
    callback = authorise(base, signed_in_browser(base, "alice"), url)
    client.fetch_token(f"{base}/o/token/", authorization_response=callback, code_verifier=verifier)
    userinfo = client.get(f"{base}/o/userinfo/").json()
    assert userinfo["id_number"] == "11010519491231002X"
    assert userinfo["phone_number"] == "13812341234"
    assert AuditEvent.objects.filter(action="accounts.oidc_full_identity").exists()


@pytest.mark.django_db
def test_register_oidc_client_rejects_bad_uris():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="不是有效的网址"):
        call_command("register_oidc_client", "--name", "x", "--redirect-uri", "javascript:alert(1)")
