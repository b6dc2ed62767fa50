"""GovHall as an OpenID Connect provider (统一身份认证, 单点登录) for department systems, on django-oauth-toolkit.

Hardening beyond the toolkit's settings (settings.OAUTH2_PROVIDER enforces the RFC 9700 gates: PKCE S256 only, no
access token in a query string, refresh-token replay revokes the family):
- redirect URIs: `http` only for loopback addresses, and a confidential client's URI must match a registered one
  exactly, port included (the RFC 8252 any-port rule is for native public clients);
- PKCE: S256 is the only code challenge method (GovHallServer): `plain`, or no method (which means plain), is refused
  at the authorization request itself with `invalid_request`, as is an empty challenge;
- `prompt=none` is answered with the OIDC error `login_required` (GovHall always asks the person), never a crash;
- an authorization code exchanged once is remembered (CodeRedemption): presenting it again revokes the access token
  and the refresh-token family issued from it.

Claims by scope: `profile` (name, account), `phone`, `identity` (document type and number), `organisations` (legal
persons the person may act for). Phone and document numbers are masked unless the client is entitled to full values
(OidcClientProfile.full_identity, granted by an operator); each release of a full value is audited."""

import hashlib
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone
from oauth2_provider.models import AbstractApplication, get_access_token_model, get_refresh_token_model
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.oauth2.rfc6749 import errors
from oauthlib.oauth2.rfc6749.grant_types.authorization_code import code_challenge_method_s256
from oauthlib.openid import Server

from govhall.accounts.access import organisations_for
from govhall.accounts.models import CodeRedemption
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.core.crypto import mask_document_number, mask_phone

# The claims get_additional_claims may release (advertised in discovery).
CLAIMS = (
    "preferred_username",
    "name",
    "real_name",
    "id_type",
    "id_number",
    "id_verified",
    "phone_number",
    "phone_number_verified",
    "organisations",
)
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
REMEMBER_CODES = timedelta(days=1)  # far beyond a code's 60-second life


def checksum(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def redirect_uri_acceptable(client: Any, redirect_uri: str) -> bool:
    """The toolkit's match, narrowed: plain http only to a loopback address; exact for confidential clients."""
    try:
        parsed = urlsplit(redirect_uri)
        parsed.port  # noqa: B018 (raises ValueError for a bad port)
    except ValueError:
        return False
    if parsed.scheme == "http" and parsed.hostname not in LOOPBACK_HOSTS:
        return False
    if client.client_type == AbstractApplication.CLIENT_CONFIDENTIAL:
        return redirect_uri in client.redirect_uris.split()
    return True


def revoke_tokens_of_code(code: str, client: Any) -> bool:
    """A replayed authorization code: revoke what was issued from it. True when the code had been redeemed."""
    redemption = CodeRedemption.objects.filter(code_checksum=checksum(code), application=client).first()
    if redemption is None:
        return False
    for access_token in get_access_token_model().objects.filter(token_checksum=redemption.access_token_checksum):
        access_token.revoke()
    get_refresh_token_model().revoke_family(redemption.token_family)
    audit.record(
        actor=None,
        action="accounts.oidc_code_replayed",
        channel=Channel.API,
        detail={"client": client.client_id},
    )
    return True


class GovHallServer(Server):
    """oauthlib's OIDC server (OIDC_SERVER_CLASS) with S256 as the only PKCE method, for both the OAuth2 and the
    OpenID Connect authorization code grants."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        only_s256 = {"S256": code_challenge_method_s256}
        for grant in (self.auth_grant, self.openid_connect_auth.proxy_target):
            grant._code_challenge_methods = only_s256


class GovHallValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "real_name": "profile",
        "id_type": "identity",
        "id_number": "identity",
        "id_verified": "identity",
        "organisations": "organisations",
    }

    def get_discovery_claims(self, request: Any) -> list[str]:
        return ["sub", *CLAIMS]

    def validate_redirect_uri(self, client_id: str, redirect_uri: str, request: Any, *args: Any, **kwargs: Any) -> bool:
        return bool(
            super().validate_redirect_uri(client_id, redirect_uri, request, *args, **kwargs)
            and redirect_uri_acceptable(request.client, redirect_uri)
        )

    def is_pkce_required(self, client_id: str, request: Any) -> bool:
        """As configured (PKCE_REQUIRED); an empty challenge counts as none (oauthlib would take "" as given)."""
        if getattr(request, "code_challenge", None) == "":
            raise errors.MissingCodeChallengeError(request=request)
        return bool(super().is_pkce_required(client_id, request))

    def validate_silent_login(self, request: Any) -> bool:
        return False  # prompt=none: the person always signs in and consents on GovHall's own pages

    def validate_silent_authorization(self, request: Any) -> bool:
        return False

    def validate_code(self, client_id: str, code: str, client: Any, request: Any, *args: Any, **kwargs: Any) -> bool:
        if super().validate_code(client_id, code, client, request, *args, **kwargs):
            return True
        revoke_tokens_of_code(code, client)
        return False

    def save_bearer_token(self, token: dict[str, Any], request: Any, *args: Any, **kwargs: Any) -> Any:
        saved = super().save_bearer_token(token, request, *args, **kwargs)
        if request.grant_type == "authorization_code" and request.code:
            family = None
            if token.get("refresh_token"):
                refresh = get_refresh_token_model().objects.filter(token_checksum=checksum(token["refresh_token"]))
                family = refresh.values_list("token_family", flat=True).first()
            CodeRedemption.objects.filter(redeemed_at__lt=timezone.now() - REMEMBER_CODES).delete()
            CodeRedemption.objects.create(
                code_checksum=checksum(request.code),
                application=request.client,
                access_token_checksum=checksum(token["access_token"]),
                token_family=family,
            )
        return saved

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        profile = getattr(user, "person", None)
        entitled = bool(getattr(getattr(request.client, "govhall_profile", None), "full_identity", False))
        claims: dict[str, Any] = {"preferred_username": user.get_username()}
        if profile is not None:
            claims |= {
                "name": profile.real_name,
                "real_name": profile.real_name,
                "id_type": profile.document_type,
                "id_number": profile.document_number if entitled else mask_document_number(profile.document_number),
                "id_verified": profile.verified_at is not None,
            }
        if user.phone:
            claims |= {
                "phone_number": user.phone if entitled else mask_phone(user.phone),
                "phone_number_verified": True,
            }
        claims["organisations"] = [{"name": o.name, "uscc": o.uscc} for o in organisations_for(user)]
        if entitled and "identity" in (request.scopes or []):
            audit.record(
                actor=user,
                action="accounts.oidc_full_identity",
                channel=Channel.API,
                target=user,
                detail={"client": request.client.client_id, "subject": user.pk},
            )
        return claims
