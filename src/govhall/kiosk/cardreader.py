"""The kiosk's ID card reader (二代身份证阅读器), a provider (core.providers kind "card_reader", CARD_READER_PROVIDER).

`HttpCardReader` asks the reader service at CARD_READER_URL for the card on a kiosk's reader: a POST {"device"} signed
with the access key (core.providers.signed_request). The service answers {"present": false} or the read, itself
signed: {"present": true, "device", "name", "document_number", "read_at" (unix seconds), "nonce", "signature"} with
signature = HMAC-SHA256(CARD_READER_KEY_SECRET, "device\\nname\\ndocument_number\\nread_at\\nnonce"). GovHall accepts a
read only when the signature is right, it is for this kiosk, it is at most CARD_READ_MAX_AGE_SECONDS old and its nonce
was not seen before — a replayed or forged read signs no one in. `govhall.contrib.demo` plays the reader over
loopback (a simulated card)."""

import hashlib
import hmac
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from govhall.core import providers
from govhall.core.providers import Provider, ProviderError


class CardReadError(Exception):
    """No usable card read; the message is for the person at the kiosk."""


@dataclass(frozen=True)
class CardRead:
    name: str
    document_number: str = field(repr=False)
    reader: str


def read_signature(secret: str, *, device: str, name: str, document_number: str, read_at: str, nonce: str) -> str:
    message = "\n".join((device, name, document_number, read_at, nonce)).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class CardReader(Provider):
    def read(self, *, device: str) -> CardRead:
        raise NotImplementedError


class HttpCardReader(CardReader):
    name = "http"
    required_settings = ("CARD_READER_URL", "CARD_READER_KEY_ID", "CARD_READER_KEY_SECRET")

    def read(self, *, device: str) -> CardRead:
        secret = settings.CARD_READER_KEY_SECRET
        try:
            answer = providers.signed_request(
                f"{settings.CARD_READER_URL}/read",
                key_id=settings.CARD_READER_KEY_ID,
                secret=secret,
                payload={"device": device},
            )
        except ProviderError as error:
            raise CardReadError("读卡器暂时无法使用，请改用扫码登录或到窗口办理。") from error
        if not answer.get("present"):
            raise CardReadError("没有读到身份证，请将身份证平放在读卡区后再试。")
        fields = {key: str(answer.get(key, "")) for key in ("device", "name", "document_number", "read_at", "nonce")}
        expected = read_signature(secret, **fields)
        if not hmac.compare_digest(expected, str(answer.get("signature", ""))):
            raise CardReadError("身份证读取结果校验未通过，请重新放置身份证。")
        if fields["device"] != device or not fields["read_at"].isdigit():
            raise CardReadError("身份证读取结果校验未通过，请重新放置身份证。")
        if abs(time.time() - int(fields["read_at"])) > settings.CARD_READ_MAX_AGE_SECONDS:
            raise CardReadError("身份证读取已超时，请重新放置身份证。")
        if not fields["nonce"] or not cache.add(f"kiosk:card-nonce:{fields['nonce'][:64]}", 1, 3600):
            raise CardReadError("身份证读取结果已使用过，请重新放置身份证。")
        return CardRead(name=fields["name"], document_number=fields["document_number"], reader=self.name)


def card_reader() -> CardReader:
    return providers.get("card_reader", CardReader)
