"""财政电子票据 of a paid order: issued with the payment (issue_receipt, in its transaction), identified by 票据代码
(settings.FINANCE_RECEIPT_CODE), 票据号码 (a yearly serial) and 校验码 (numbers.check_code); the PDF is written on demand
(receipt_pdf) with a QR code to the public verification page (verify_url → payments:verify_receipt)."""

from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from govhall.cases.fees import yuan
from govhall.core.pdf import FONT_FAMILY, qr_data_uri, render_pdf
from govhall.payments import numbers
from govhall.payments.constants import PaymentChannel, PaymentPurpose
from govhall.payments.models import PaymentOrder, Receipt

TITLE = "非税收入统一票据（电子）"
# What people call a fee's receipt: the name of its link and of its file (the PDF carries the formal TITLE).
NAME = gettext_noop("财政电子票据")
# 邮费 is not non-tax revenue (it is the courier's charge, collected by the hall): its receipt is a plain 收款凭证,
# titled and named alike.
POSTAGE_TITLE = gettext_noop("寄递费电子收款凭证")


def receipt_title(order: PaymentOrder) -> str:
    """The heading printed on the receipt: a fee's 非税收入统一票据, or the postage's 收款凭证."""
    return POSTAGE_TITLE if order.purpose == PaymentPurpose.POSTAGE else TITLE


def receipt_name(order: PaymentOrder) -> str:
    """The receipt's everyday name, for its download link and file name: 财政电子票据, or the postage's 收款凭证."""
    return POSTAGE_TITLE if order.purpose == PaymentPurpose.POSTAGE else NAME


DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
SECTIONS = ["", "万", "亿"]


def issue_receipt(order: PaymentOrder) -> Receipt:
    """The receipt of a paid order (once; inside the payment's transaction)."""
    existing = Receipt.objects.filter(order=order).first()
    if existing is not None:
        return existing
    now = timezone.now()
    code = str(settings.FINANCE_RECEIPT_CODE)
    number = numbers.receipt_number(timezone.localdate(now))
    case = order.case
    payer = case.organisation.name if case.organisation_id and case.organisation else case.applicant.display_name
    return Receipt.objects.create(
        order=order,
        code=code,
        number=number,
        check_code=numbers.check_code(code, number, order.amount_fen),
        issuer=case.department.name,
        payer_name=str(payer)[:200],
        amount_fen=order.amount_fen,
        lines=order.lines,
        issued_at=now,
    )


def verify_url(receipt: Receipt) -> str:
    query = urlencode({"code": receipt.code, "number": receipt.number, "check": receipt.check_code})
    return f"{settings.SITE_URL}{reverse('payments:verify_receipt')}?{query}"


def find_receipt(*, code: str, number: str, check: str) -> Receipt | None:
    """The receipt these three identify, or None (a wrong 校验码 finds nothing)."""
    found = Receipt.objects.filter(code=code.strip()[:8], number=number.strip()[:10]).first()
    if found is None or found.check_code != check.strip().upper()[:6]:
        return None
    return found


def amount_in_words(fen: int) -> str:
    """Fen as the capitalised amount printed on receipts: 12345 → 壹佰贰拾叁元肆角伍分."""
    yuan_part, jiao, fen_part = fen // 100, fen // 10 % 10, fen % 10
    words = _integer_words(yuan_part) + "元" if yuan_part else ""
    if jiao == 0 and fen_part == 0:
        return (words or "零元") + "整"
    if jiao:
        words += DIGITS[jiao] + "角"
    elif words:
        words += "零"
    if fen_part:
        words += DIGITS[fen_part] + "分"
    return words


def _integer_words(value: int) -> str:
    """Whole yuan in words: digits from the highest, 万/亿 after each non-empty section of four, and one 零 for any
    run of zeros followed by a digit."""
    digits = str(value)
    words, zero, section_used = "", False, False
    for index, char in enumerate(digits):
        position = len(digits) - 1 - index
        if char == "0":
            zero = True
        else:
            words += ("零" if zero and words else "") + DIGITS[int(char)] + UNITS[position % 4]
            zero, section_used = False, True
        if position % 4 == 0 and position:
            words += SECTIONS[position // 4 % len(SECTIONS)] if section_used else ""
            section_used = False
    return words


def receipt_pdf(receipt: Receipt) -> bytes:
    order = receipt.order
    url = verify_url(receipt)
    html = render_to_string(
        "payments/pdf/receipt.html",
        {
            "title": receipt_title(order),
            "receipt": receipt,
            "lines": [{"name": line["name"], "yuan": yuan(int(line["amount_fen"]))} for line in receipt.lines],
            "total": yuan(receipt.amount_fen),
            "total_words": amount_in_words(receipt.amount_fen),
            "channel": PaymentChannel(order.channel).label if order.channel else "",
            "order_number": order.number,
            "case_number": order.case.number,
            "verify_url": url,
            "qr": qr_data_uri(url),
            "font_family": FONT_FAMILY,
        },
    )
    return render_pdf(html)
