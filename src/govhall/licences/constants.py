"""Licence states and holder kinds (DOMAIN.md "Electronic licences")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HolderKind(models.TextChoices):
    PERSON = "person", _("自然人")
    LEGAL_PERSON = "legal_person", _("法人和其他组织")


class LicenceState(models.TextChoices):
    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂扣")
    REVOKED = "revoked", _("撤销")
    EXPIRED = "expired", _("失效")
    REPLACED = "replaced", _("已换发")


# The national licence library's state codes (证照状态代码): 01 有效, 02 暂扣, 03 撤销/吊销, 05 失效. A replaced licence
# (已换发) has no code of its own there: it is reported as 05 失效, its successor (version + 1) as 01.
NATIONAL_STATE_CODES: dict[str, str] = {
    LicenceState.VALID: "01",
    LicenceState.SUSPENDED: "02",
    LicenceState.REVOKED: "03",
    LicenceState.EXPIRED: "05",
    LicenceState.REPLACED: "05",
}

# state → the states a licence may move to from it (services.change_state). Revoked, expired and replaced are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    LicenceState.VALID: frozenset(
        {LicenceState.SUSPENDED, LicenceState.REVOKED, LicenceState.EXPIRED, LicenceState.REPLACED}
    ),
    LicenceState.SUSPENDED: frozenset({LicenceState.VALID, LicenceState.REVOKED, LicenceState.EXPIRED}),
    LicenceState.REVOKED: frozenset(),
    LicenceState.EXPIRED: frozenset(),
    LicenceState.REPLACED: frozenset(),
}

# Where a licence type's field takes its value at issuance, besides a form field key of the case.
HOLDER_SOURCES = ("holder.name", "holder.id", "organisation.name", "organisation.uscc", "new.uscc", "new.uscc:91")
