"""Reading licences: a holder's licences, the current one of a type, and what verification shows anyone."""

import base64
from typing import Any

from django.db.models import QuerySet

from govhall.accounts.models import Organisation, User
from govhall.core.crypto import blind_index
from govhall.core.gm import KeyRing, SigningKeyError, licence_keyring, verify
from govhall.licences.constants import NATIONAL_STATE_CODES, LicenceState
from govhall.licences.models import Licence, LicenceType

STATUS_LABELS = {
    LicenceState.VALID: "有效",
    LicenceState.SUSPENDED: "已暂扣",
    LicenceState.REVOKED: "已撤销",
    LicenceState.EXPIRED: "已失效",
    LicenceState.REPLACED: "已换发",
}


def _with_type(queryset: QuerySet[Licence]) -> QuerySet[Licence]:
    return queryset.select_related("licence_type", "item").order_by("-issued_at", "-id")


def licences_of_user(user: User) -> QuerySet[Licence]:
    """The licences a person holds in their own name (newest first), every state."""
    return _with_type(Licence.objects.filter(holder_user=user))


def licences_of_organisation(organisation: Organisation) -> QuerySet[Licence]:
    return _with_type(Licence.objects.filter(holder_organisation=organisation))


def find_current(type_code: str, holder_id: str) -> Licence | None:
    """The valid licence of that type held by that ID (身份证号码 or 统一社会信用代码), newest version; None if none."""
    if not holder_id.strip():
        return None
    return (
        _with_type(
            Licence.objects.filter(
                licence_type__code=type_code, holder_index=blind_index(holder_id), state=LicenceState.VALID
            )
        )
        .order_by("-version", "-issued_at")
        .first()
    )


def by_identifier(identifier: str) -> Licence | None:
    """The licence a verification asks for (the verify page and API read its type, never its item)."""
    return Licence.objects.select_related("licence_type").filter(identifier=identifier.strip()).first()


def signature_valid(licence: Licence) -> bool:
    """The stored signature checked again (gm.verify) over the stored canonical bytes with the stored public key, and
    that key is one of the issuer's published keys."""
    data = bytes(licence.canonical)
    if not verify(licence.public_key, data, bytes.fromhex(licence.signature)):
        return False
    try:
        ring = licence_keyring(licence.issuer_uscc)
    except SigningKeyError:
        return False
    return ring.public_keys.get(licence.key_id) == licence.public_key


def verification(licence: Licence) -> dict[str, Any]:
    """What anyone may see of a licence to check it (GET /api/v1/licences/verify/…): no personal data beyond the masked
    holder; the exact signed bytes with their SM3, the signature and the public key for an independent check."""
    return {
        "identifier": licence.identifier,
        "status": licence.state,
        "status_label": STATUS_LABELS[LicenceState(licence.state)],
        "type": licence.licence_type.name,
        "issuer": licence.issuer_name,
        "holder_masked": licence.holder_masked,
        "issued_at": licence.issued_at.isoformat(),
        "valid_until": licence.valid_until.isoformat() if licence.valid_until else None,
        "canonical": base64.b64encode(bytes(licence.canonical)).decode("ascii"),
        "sm3": licence.sm3,
        "signature": licence.signature,
        "public_key": licence.public_key,
        "key_id": licence.key_id,
        "log_index": licence.log_index,
    }


def national_state_code(licence: Licence) -> str:
    return NATIONAL_STATE_CODES[licence.state]


def issuer_keys() -> list[dict[str, Any]]:
    """Every issuer's published keys (USCC, name, whether another system issues its licences, the current key and the
    older ones that still verify). An issuer whose key cannot be loaded is listed without keys."""
    issuers: dict[str, tuple[str, bool]] = {}
    for uscc, name, external in LicenceType.objects.order_by("issuer_uscc").values_list(
        "issuer_uscc", "issuer_name", "external"
    ):
        if uscc:
            issuers.setdefault(uscc, (name, external))
    for uscc, name, external in (
        Licence.objects.order_by("issuer_uscc")
        .values_list("issuer_uscc", "issuer_name", "licence_type__external")
        .distinct()
    ):
        issuers.setdefault(uscc, (name, external))
    result = []
    for uscc, (name, external) in sorted(issuers.items()):
        try:
            ring: KeyRing | None = licence_keyring(uscc)
        except SigningKeyError:
            ring = None
        keys = []
        if ring is not None:
            current = ring.current.key_id
            keys = [
                {"key_id": key_id, "public_key": public, "current": key_id == current}
                for key_id, public in ring.public_keys.items()
            ]
            keys.sort(key=lambda key: not key["current"])
        result.append({"uscc": uscc, "name": name, "external": external, "keys": keys})
    return result
