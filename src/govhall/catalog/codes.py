"""Reading implementation codes (实施编码): local basic code - 12-digit area code - 000 - implementing body's USCC - 1 - 00.
Real catalogs also hold older forms (a 9-digit organisation code with a dash, shorter codes); those are accepted and
reported as non-standard, never rejected: the list is the government's own."""

import re

from govhall.catalog.constants import ItemType
from govhall.core.validators import is_valid_uscc

STANDARD = re.compile(r"^(?P<basic>.+)-(?P<area>\d{12})-000-(?P<body>[0-9A-Z]{18})-(?P<kind>\d)-(?P<seq>\d{2})$")
LOOSE = re.compile(r"^(?P<basic>.+?)-(?P<area>\d{12})-")
ITEM_TYPE_BY_LABEL = {str(choice.label): choice.value for choice in ItemType}


def basic_code(implementation_code: str) -> str:
    for pattern in (STANDARD, LOOSE):
        found = pattern.match(implementation_code)
        if found:
            return found["basic"]
    return implementation_code.split("-", 1)[0]


def implementing_body_uscc(implementation_code: str) -> str:
    """The USCC inside a standard code, or '' when there is none or it fails its check digit."""
    found = STANDARD.match(implementation_code)
    if found and is_valid_uscc(found["body"]):
        return found["body"]
    return ""


def is_standard(implementation_code: str) -> bool:
    return bool(implementing_body_uscc(implementation_code))


def item_type_code(label_or_code: str) -> str | None:
    value = label_or_code.strip()
    if value in ItemType.values:
        return value
    return ITEM_TYPE_BY_LABEL.get(value)
