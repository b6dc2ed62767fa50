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


def whole_number(value: str | None, *, maximum: int = DB_ID_MAX) -> int | None:
    """A non-negative whole number from a query string or form (ASCII digits, at most `maximum`), or None."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None
