"""core.numbers.whole_number: only plain ASCII digits within a 64-bit column make a number."""

import pytest

from govhall.core.bounds import DB_ID_MAX, whole_number


@pytest.mark.parametrize(
    ("given", "expected"), [("0", 0), ("7", 7), ("0042", 42), (str(DB_ID_MAX), DB_ID_MAX), (12, 12)]
)
def test_plain_digits_are_read(given: object, expected: int) -> None:
    assert whole_number(given) == expected


@pytest.mark.parametrize(
    "given",
    ["", "²", "①", "١٢", "１２", "-1", "+1", "1.0", "1e5", "abc", str(DB_ID_MAX + 1), "9" * 40, None, [], True, -3],
)
def test_anything_else_is_none(given: object) -> None:
    assert whole_number(given) is None


def test_a_maximum_is_kept() -> None:
    assert whole_number("30", maximum=30) == 30
    assert whole_number("31", maximum=30) is None
