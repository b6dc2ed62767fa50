"""Validators for national identifiers, via python-stdnum (never hand-written check digits)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

AREA_CODE = re.compile(r"^\d{12}$")


def validate_uscc(value: str) -> None:
    """统一社会信用代码 (GB 32100): 18 characters with a check character."""
    try:
        uscc.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("统一社会信用代码“%(value)s”无效：应为 18 位且校验位正确。"), params={"value": value}, code="uscc"
        ) from exc


def is_valid_uscc(value: str) -> bool:
    return uscc.is_valid(value)


def validate_resident_id(value: str) -> None:
    """公民身份号码 (GB 11643): 17 digits and a check character."""
    try:
        ric.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("公民身份号码“%(value)s”无效：应为 18 位且校验位正确。"), params={"value": value}, code="ric"
        ) from exc


def validate_area_code(value: str) -> None:
    """12-digit administrative area code (统计用区划代码)."""
    if not AREA_CODE.match(value or ""):
        raise ValidationError(_("行政区划代码应为 12 位数字。"), code="area_code")
