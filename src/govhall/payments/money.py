"""Money typed by people: yuan as text ("12.5", "12.50", "1,200") to integer fen, by exact Decimal arithmetic — never
float. Shown back with cases.fees.yuan (the `yuan` template filter, payments.templatetags.payments)."""

from decimal import Decimal, InvalidOperation

from govhall.cases.fees import MAX_FEE_FEN

MAX_YUAN_FEN = MAX_FEE_FEN  # one million yuan: past it a typed amount is surely a mistake (cases.fees)


def parse_yuan(text: str, *, allow_zero: bool = False) -> int | None:
    """Fen for `text` in yuan with at most two decimals; None when it is not such an amount (or is ≤ 0, unless
    `allow_zero`, or past MAX_YUAN_FEN)."""
    cleaned = str(text).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    if (
        not cleaned
        or len(cleaned) > 16
        or not all(char.isascii() and (char.isdigit() or char == ".") for char in cleaned)
    ):
        return None
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    fen = amount * 100
    if fen != fen.to_integral_value():
        return None  # more than two decimals (0.001 元)
    value = int(fen)
    if value > MAX_YUAN_FEN or value < 0 or (value == 0 and not allow_zero):
        return None
    return value
