"""Bearer tokens for the API: OIDC access tokens (apps acting for a person) and API keys (department systems).
Both are scoped and revocable; `ghk_<prefix>_<secret>` is the key format."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer
from oauth2_provider.models import get_access_token_model

from govhall.accounts.models import ApiKey, User
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.organisations.models import Department

API_SCOPES = {
    "catalog:read": "读取事项目录",
    "cases:receive": "接收推送的办件",
    "cases:decide": "回传办理结果",
}


@dataclass(frozen=True)
class Caller:
    """Who is calling the API: a person through an app (user) or a department system (api_key)."""

    scopes: frozenset[str]
    user: User | None = None
    api_key: ApiKey | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def issue_api_key(*, name: str, department: Department, scopes: list[str], actor: User | None) -> tuple[ApiKey, str]:
    unknown = set(scopes) - set(API_SCOPES)
    if unknown:
        raise ValueError(f"未知的权限范围：{', '.join(sorted(unknown))}")
    prefix, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        name=name, department=department, prefix=prefix, secret_hash=_hash(secret), scopes=sorted(scopes)
    )
    audit.record(
        actor=actor,
        action="accounts.issue_api_key",
        channel=Channel.ADMIN,
        target=key,
        detail={"scopes": sorted(scopes)},
    )
    return key, f"ghk_{prefix}_{secret}"


@transaction.atomic
def revoke_api_key(*, key: ApiKey, actor: User | None) -> None:
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    audit.record(actor=actor, action="accounts.revoke_api_key", channel=Channel.ADMIN, target=key)


def caller_for(token: str) -> Caller | None:
    if token.startswith("ghk_"):
        _, prefix, secret = [*token.split("_", 2), "", ""][:3]
        key = ApiKey.objects.filter(prefix=prefix, revoked_at__isnull=True).select_related("department").first()
        if key is None or not hmac.compare_digest(key.secret_hash, _hash(secret)):
            return None
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
        return Caller(scopes=frozenset(key.scopes), api_key=key)
    access_token = (
        get_access_token_model().objects.select_related("user").filter(token_checksum=_checksum(token)).first()
    )
    if access_token is None or not access_token.is_valid() or access_token.user is None:
        return None
    return Caller(scopes=frozenset(access_token.scope.split()), user=access_token.user)


def _checksum(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class BearerAuth(HttpBearer):
    """ninja auth: `auth=BearerAuth("scope")` lets through callers holding that scope."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        caller = caller_for(token)
        if caller is None or self.scope not in caller.scopes:
            return None
        return caller
