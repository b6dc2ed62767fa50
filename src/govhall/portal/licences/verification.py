"""What the wallet's public and staff pages show of a licence being verified (亮证, 核验证照, 授权用证): the licence's
own verification (licences.selectors.verification) and whether its signature checks out with a published key."""

from typing import Any

from govhall.licences import selectors
from govhall.licences.constants import LicenceState
from govhall.licences.models import Licence


def verification_context(licence: Licence) -> dict[str, Any]:
    facts = selectors.verification(licence)
    return {
        "licence": licence,
        "verification": facts,
        "state_label": facts["status_label"],
        "is_valid": licence.state == LicenceState.VALID,
        "signature_valid": selectors.signature_valid(licence),
        "holder_masked": facts["holder_masked"],
    }
