"""Whole numbers read from what a client sends (ids, pages, revisions, days, scores).

`str.isdigit()` is true for characters `int()` refuses (superscripts such as "²", circled digits) and Python's `int()`
reads other scripts' digits ("١٢") that no form offers; a number larger than the database's 64-bit integers makes
SQLite raise OverflowError in an `IN (...)` lookup. Every such value is read here: plain ASCII digits only, at most
MAX_ID, else None — the caller answers with a 4xx and a message."""

from typing import Any

MAX_ID = 2**63 - 1  # the largest value of a 64-bit signed integer column (BigAutoField, PositiveIntegerField fits)


def whole_number(value: Any, *, maximum: int = MAX_ID) -> int | None:
    """The non-negative integer `value` spells in ASCII digits (a str or an int), or None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= maximum else None
    if not isinstance(value, str) or not value or len(value) > len(str(maximum)):
        return None
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number <= maximum else None
