import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_application_model

from govhall.accounts.models import ApiKey
from govhall.accounts.tests.factories import person
from govhall.accounts.tokens import issue_api_key, revoke_api_key
from govhall.catalog.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def access_token(user, scope="openid profile", expires_in=3600):
    application = get_application_model().objects.create(
        name="app",
        client_type="confidential",
        authorization_grant_type="authorization-code",
        redirect_uris="https://app.example/cb",
        user=None,
    )
    from oauth2_provider.models import set_token_value

    token = get_access_token_model()(
        user=user, application=application, scope=scope, expires=timezone.now() + timedelta(seconds=expires_in)
    )
    set_token_value(token, "raw-access-token-for-tests")
    token.save()
    return "raw-access-token-for-tests", token


def test_oidc_access_token_reads_the_persons_masked_profile(client):
    alice = person("alice", phone="13812341234")
    raw, _ = access_token(alice)
    body = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {raw}"}).json()
    assert body["username"] == "alice"
    assert body["id_number_masked"] == "110105********002X"
    assert body["phone_masked"] == "138****1234"


@pytest.mark.parametrize("case", ["none", "garbage", "expired", "revoked", "wrong-scope"])
def test_bad_tokens_get_401_with_a_message(client, case):
    alice = person("alice")
    raw, token = access_token(
        alice,
        scope="openid" if case == "wrong-scope" else "openid profile",
        expires_in=-10 if case == "expired" else 3600,
    )
    if case == "revoked":
        token.revoke()
    headers = {} if case == "none" else {"Authorization": f"Bearer {'nonsense' if case == 'garbage' else raw}"}
    response = client.get("/api/v1/accounts/me", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "访问令牌" in response.json()["detail"]


def test_api_key_for_a_department_system_is_scoped_and_revocable(client):
    department = DepartmentFactory(name="区市监局")
    out = io.StringIO()
    call_command(
        "issue_api_key", "--name", "市场监管业务系统", "--department", "区市监局", "--scope", "catalog:read", stdout=out
    )
    token = out.getvalue().split("api_key: ")[1].split()[0]
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get("/api/v1/accounts/system", headers=headers).json()
    assert body == {"name": "市场监管业务系统", "department": "区市监局", "scopes": ["catalog:read"]}
    key = ApiKey.objects.get()
    assert token.split("_", 2)[2] not in key.secret_hash  # only a hash is kept (the secret may itself hold "_")
    assert client.get("/api/v1/accounts/me", headers=headers).status_code == 401  # no "profile" scope
    revoke_api_key(key=key, actor=None)
    assert client.get("/api/v1/accounts/system", headers=headers).status_code == 401
    _, other = issue_api_key(name="x", department=department, scopes=["cases:receive"], actor=None)
    assert client.get("/api/v1/accounts/system", headers={"Authorization": f"Bearer {other}"}).status_code == 401
    with pytest.raises(ValueError, match="未知的权限范围"):
        issue_api_key(name="y", department=department, scopes=["everything"], actor=None)


def test_a_person_token_cannot_use_the_system_endpoint(client):
    raw, _ = access_token(person("alice"), scope="openid catalog:read")
    assert client.get("/api/v1/accounts/system", headers={"Authorization": f"Bearer {raw}"}).status_code == 403
