"""The SMS signature (sms_text) and the operator's SMS outbox (OutboundSms): every code SMS handed to the gateway, the number encrypted and the text
with the one-time code masked. accounts.security sends the code message from the request (a code is never queued)
and records it here."""

import re

from django.conf import settings

from govhall.notices.models import OutboundSms

# A one-time code (or any run of 4 to 8 digits) in a message's text, as the operator's outbox must never show it.
CODE_PATTERN = re.compile(r"(?<!\d)\d{4,8}(?!\d)")


def mask_codes(text: str) -> str:
    return CODE_PATTERN.sub(lambda found: "*" * len(found.group()), text)


def sms_text(body: str) -> str:
    """An SMS as the phone receives it: the carrier-registered signature (SMS_SIGNATURE) in 【】, then the text."""
    return f"【{settings.SMS_SIGNATURE}】{body}"


def record_code_message(*, phone: str, text: str, provider: str, provider_message_id: str) -> OutboundSms:
    """Keep a sent code SMS in the operator's outbox, its code masked."""
    return OutboundSms.objects.create(
        phone=phone, text=mask_codes(text), provider=provider, provider_message_id=provider_message_id
    )
