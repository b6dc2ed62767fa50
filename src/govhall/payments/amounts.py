"""Yuan as the gateways write it ("12.30") and fen as GovHall keeps it (1230): exact, through Decimal, never float."""

import re
from decimal import Decimal

from govhall.cases.fees import yuan

_YUAN = re.compile(r"^(0|[1-9]\d{0,9})(\.\d{1,2})?$")


def yuan_to_fen(text: str) -> int:
    """'12.3' → 1230, '0.30' → 30; anything else (a sign, a third decimal, an exponent, spaces) is ValueError."""
    if not _YUAN.match(text):
        raise ValueError(f"not an amount in yuan: {text!r}")
    return int(Decimal(text) * 100)


def fen_to_yuan(fen: int) -> str:
    """1230 → '12.30' (two decimals, as Alipay and the bills write amounts): cases.fees.yuan, the one way fen are
    written, refusing a negative amount (no gateway takes one)."""
    if fen < 0:
        raise ValueError("a negative amount")
    return yuan(fen)
