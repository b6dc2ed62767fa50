"""GovHall as an OpenID Connect provider (统一身份认证, 单点登录) for department systems, on django-oauth-toolkit.

Claims by scope: `profile` (name, account), `phone`, `identity` (document type and number), `organisations` (legal
persons the person may act for). Phone and document numbers are masked unless the client is entitled to full values
(OidcClientProfile.full_identity, granted by an operator); each release of a full value is audited."""

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

from govhall.accounts.access import organisations_for
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.core.crypto import mask_document_number, mask_phone


class GovHallValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "real_name": "profile",
        "id_type": "identity",
        "id_number": "identity",
        "id_verified": "identity",
        "organisations": "organisations",
    }

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
