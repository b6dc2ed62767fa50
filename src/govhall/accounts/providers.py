"""The outside world of identity: the real-name check and the SMS gateway, each behind a small interface chosen in
settings (IDENTITY_PROVIDER, SMS_PROVIDER). The demo providers work locally; a real deployment names its own classes."""

import fcntl
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from stdnum.cn import ric

from govhall.accounts.constants import DocumentType


@dataclass(frozen=True)
class IdentityResult:
    matched: bool
    reason: str = ""
    reference: str = ""


class IdentityCheck(Protocol):
    name: str

    def verify(self, *, real_name: str, document_type: str, document_number: str) -> IdentityResult: ...


class SmsError(Exception):
    """The SMS gateway did not take the message (a provider raises this, whatever its transport's own error)."""


class SmsSender(Protocol):
    """`send` returns the provider's message id. With an `idempotency_key`, a second send with the same key sends
    nothing and returns the first message's id (gateways take a client reference for this; a notice resent after a
    crash uses the same key)."""

    name: str

    def send(self, *, phone: str, text: str, idempotency_key: str = "") -> str:
        """Hand one message to the gateway; returns its message id or raises SmsError."""
        ...


DOCUMENT_FORMATS = {
    DocumentType.PASSPORT: re.compile(r"^[A-Z0-9]{5,17}$"),
    DocumentType.HK_MACAO_PERMIT: re.compile(r"^[HM]\d{8}(\d{2})?$"),
    DocumentType.TAIWAN_PERMIT: re.compile(r"^\d{8}$"),
    DocumentType.FOREIGN_PERMANENT: re.compile(r"^([A-Z]{3}\d{12}|9\d{16}[0-9X])$"),
}

# Numbers the demo "national identity service" answers 查无此人 / 信息不一致 for, so failures can be shown and tested.
DEMO_MISMATCHES = frozenset({"110101199003070134", "E99999999", "H99999999"})


class DemoIdentityCheck:
    """Accepts documents whose format (and, for resident IDs, GB 11643 check character) is valid, except the numbers in
    DEMO_MISMATCHES. A real provider calls the national population information service with the same inputs."""

    name = "demo"

    def verify(self, *, real_name: str, document_type: str, document_number: str) -> IdentityResult:
        number = document_number.strip().upper()
        if document_type == DocumentType.RESIDENT_ID:
            if not ric.is_valid(number):
                return IdentityResult(False, "公民身份号码校验位不正确。")
        elif not DOCUMENT_FORMATS[DocumentType(document_type)].match(number):
            return IdentityResult(False, "证件号码格式不正确。")
        if number in DEMO_MISMATCHES:
            return IdentityResult(False, "姓名与证件号码不一致，请核对后重试。")
        return IdentityResult(True, reference=f"demo-{timezone.now():%Y%m%d%H%M%S}")


class FileSmsSender:
    """Plays the phone network: writes each message, as the phone receives it (codes included), as a JSON line to
    SMS_OUTBOX_FILE. The operator's outbox in the back office (OutboundSms) never holds a code. A real provider posts to
    the carrier's gateway instead. Like a gateway, it drops a message whose idempotency key it has seen (the file is
    locked while it looks, so several workers agree)."""

    name = "file"

    def send(self, *, phone: str, text: str, idempotency_key: str = "") -> str:
        path = Path(settings.SMS_OUTBOX_FILE)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a+", encoding="utf-8") as outbox:
                fcntl.flock(outbox, fcntl.LOCK_EX)  # released when the file is closed
                if idempotency_key:
                    outbox.seek(0)
                    needle = json.dumps(idempotency_key)
                    for line in outbox:
                        if needle in line and (sent := json.loads(line)).get("key") == idempotency_key:
                            return str(sent["id"])
                message_id = f"sms-{timezone.now():%Y%m%d%H%M%S%f}"
                record = {"id": message_id, "phone": phone, "text": text, "key": idempotency_key}
                outbox.write(json.dumps(record, ensure_ascii=False) + "\n")
        except OSError as error:
            raise SmsError(str(error)) from error
        return message_id


def identity_check() -> IdentityCheck:
    return import_string(settings.IDENTITY_PROVIDER)()


def sms_sender() -> SmsSender:
    return import_string(settings.SMS_PROVIDER)()
