"""Numbers handed out to money records: order numbers (out_trade_no, "PAY" + date + serial), refund numbers ("RF" +
date + serial) and receipt numbers (票据号码, per year). Serials come from PaymentSequence under a row lock, so two at
once never get the same one."""

import hashlib
import hmac
from datetime import date

from django.conf import settings

from govhall.payments.models import PaymentSequence


def next_serial(kind: str, period: str) -> int:
    sequence, _ = PaymentSequence.objects.select_for_update().get_or_create(kind=kind, period=period)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last


def order_number(day: date) -> str:
    return f"PAY{day:%Y%m%d}{next_serial('order', f'{day:%Y%m%d}'):08d}"


def refund_number(day: date) -> str:
    return f"RF{day:%Y%m%d}{next_serial('refund', f'{day:%Y%m%d}'):08d}"


def receipt_number(day: date) -> str:
    return f"{next_serial('receipt', f'{day:%Y}'):010d}"


def check_code(code: str, number: str, amount_fen: int) -> str:
    """The receipt's 校验码: six characters no one can make without the server's key (SECRET_KEY)."""
    message = f"receipt:{code}:{number}:{amount_fen}".encode()
    digest = hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()
    return digest[:6].upper()
