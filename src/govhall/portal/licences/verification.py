"""What the wallet's public and staff pages show of a licence being verified (亮证, 核验证照, 授权用证): the licence's
own verification (state, type, issuer, masked holder, validity, whether its SM2 signature checks out)."""

from typing import Any

from govhall.core import gm
from govhall.licences.constants import LicenceState
from govhall.licences.models import Licence


def signature_valid(licence: Licence) -> bool:
    try:
        return gm.verify(licence.public_key, bytes(licence.canonical), bytes.fromhex(licence.signature))
    except ValueError:
        return False


def verification_context(licence: Licence) -> dict[str, Any]:
    return {
        "licence": licence,
        "state_label": LicenceState(licence.state).label,
        "is_valid": licence.state == LicenceState.VALID,
        "signature_valid": signature_valid(licence),
        "holder_masked": licence.holder_masked,
    }
