"""Licence identifiers (电子证照标识, GB/T 36904-2018).

`1.2.156.3005.2.<type code>.<issuer USCC>.<serial>.<version>.<check>`: the type code is the defining authority's
统一社会信用代码 and 3 digits, the issuer the issuing department's 统一社会信用代码, the serial the department's own
number for the licence (digits and capital letters), the version 3 digits (001 for the first issue), and the check
character ISO 7064 MOD 37,36 over type code, issuer, serial and version joined without dots (the OID prefix is not
checked). Real example: 1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.iso7064 import mod_37_36

from govhall.core.validators import is_valid_uscc

PREFIX = "1.2.156.3005.2"
_TYPE_CODE = re.compile(r"^[0-9A-Z]{18}[0-9]{3}$")
_SERIAL = re.compile(r"^[0-9A-Z]{1,64}$")
_VERSION = re.compile(r"^[0-9]{3}$")


@dataclass(frozen=True)
class LicenceIdentifier:
    type_code: str
    issuer: str
    serial: str
    version: str
    check: str

    def __str__(self) -> str:
        return ".".join((PREFIX, self.type_code, self.issuer, self.serial, self.version, self.check))

    @property
    def defining_authority(self) -> str:
        return self.type_code[:18]


def check_character(type_code: str, issuer: str, serial: str, version: str) -> str:
    return str(mod_37_36.calc_check_digit(type_code + issuer + serial + version))


def _check_parts(type_code: str, issuer: str, serial: str, version: str) -> None:
    if not _TYPE_CODE.match(type_code) or not is_valid_uscc(type_code[:18]):
        raise ValidationError(
            _("证照类型代码“%(value)s”无效：应为定义机构的统一社会信用代码加 3 位数字。"),
            params={"value": type_code},
            code="type_code",
        )
    if not is_valid_uscc(issuer):
        raise ValidationError(
            _("颁证单位代码“%(value)s”无效：应为 18 位统一社会信用代码且校验位正确。"),
            params={"value": issuer},
            code="issuer",
        )
    if not _SERIAL.match(serial):
        raise ValidationError(
            _("证照顺序号“%(value)s”无效：应为 1 至 64 位数字或大写字母。"), params={"value": serial}, code="serial"
        )
    if not _VERSION.match(version) or version == "000":
        raise ValidationError(
            _("证照版本号“%(value)s”无效：应为 3 位数字，从 001 起。"), params={"value": version}, code="version"
        )


def build(type_code: str, issuer: str, serial: str, version: int | str = 1) -> LicenceIdentifier:
    """A new identifier with its check character; raises ValidationError naming the part that is wrong."""
    version_text = f"{version:03d}" if isinstance(version, int) else version
    _check_parts(type_code, issuer, serial, version_text)
    return LicenceIdentifier(
        type_code, issuer, serial, version_text, check_character(type_code, issuer, serial, version_text)
    )


def parse(value: str) -> LicenceIdentifier:
    """The parts of an identifier, checked (prefix, each part, check character); ValidationError with a message."""
    text = value.strip()
    if not text.startswith(PREFIX + "."):
        raise ValidationError(_("电子证照标识应以 %(prefix)s 开头。"), params={"prefix": PREFIX}, code="prefix")
    parts = text[len(PREFIX) + 1 :].split(".")
    if len(parts) != 5:
        raise ValidationError(
            _("电子证照标识的格式应为 %(prefix)s.类型代码.颁证单位代码.顺序号.版本号.校验位。"),
            params={"prefix": PREFIX},
            code="format",
        )
    type_code, issuer, serial, version, check = parts
    _check_parts(type_code, issuer, serial, version)
    expected = check_character(type_code, issuer, serial, version)
    if check != expected:
        raise ValidationError(_("电子证照标识的校验位“%(value)s”不正确。"), params={"value": check}, code="check")
    return LicenceIdentifier(type_code, issuer, serial, version, check)


def is_valid(value: str) -> bool:
    try:
        parse(value)
    except ValidationError:
        return False
    return True
