"""Bounds for whole numbers that come from outside (query strings, forms, paths, the API): a number a database column
cannot hold is refused as bad input (400/422), never passed on to a query where it would become a 500."""

from typing import Annotated

from django import forms
from ninja import Field

# The largest value of a BigAutoField / BigIntegerField on every database GovHall runs on.
DB_ID_MAX = 9_223_372_036_854_775_807
# The largest value of an IntegerField on every database GovHall runs on.
DB_INT_MAX = 2_147_483_647

ObjectId = Annotated[int, Field(ge=1, le=DB_ID_MAX)]


class IdConverter:
    """Path converter `<id:name>`: a positive database id (at most 18 digits, so it always fits a bigint)."""

    regex = "[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def id_field(**kwargs: object) -> forms.IntegerField:
    """A form field for an object id: a positive number a bigint column can hold."""
    return forms.IntegerField(min_value=1, max_value=DB_ID_MAX, **kwargs)  # type: ignore[arg-type]


def page_number(value: str | None, *, maximum: int) -> int:
    """A page number from the query string: 1 when missing or not a plain number, at most `maximum`."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 9:
        return 1
    return min(max(int(text), 1), maximum)


def whole_number(value: object, *, maximum: int = DB_ID_MAX) -> int | None:
    """The non-negative whole number `value` spells (an int, or a str of ASCII digits; at most `maximum`), or None.

    `str.isdigit()` is true for characters `int()` refuses (superscripts such as "²") and `int()` reads other scripts'
    digits ("١٢") that no form offers; a number past a 64-bit column makes the database raise. Every whole number a
    client sends (ids, pages, revisions, days, scores, timestamps) is read here; None means a 4xx with a message."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= maximum else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None
