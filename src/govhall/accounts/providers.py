"""The outside world of identity: the real-name check and the SMS gateway. Their base classes are providers
(core.providers) chosen by setting (IDENTITY_PROVIDER, SMS_PROVIDER). `HttpIdentityCheck` and `HttpSmsSender` speak
signed JSON over HTTP (core.providers.signed_request) to the URLs in IDENTITY_SERVICE_URL / SMS_GATEWAY_URL; in
development and the tests `govhall.contrib.demo` answers them over loopback."""

from dataclasses import dataclass

from django.conf import settings

from govhall.core import providers
from govhall.core.providers import Provider, ProviderError


@dataclass(frozen=True)
class IdentityResult:
    matched: bool
    reason: str = ""
    reference: str = ""


class IdentityCheck(Provider):
    """The national population information service (公安人口信息核验): does the name belong to the document?"""

    def verify(self, *, real_name: str, document_type: str, document_number: str) -> IdentityResult:
        raise NotImplementedError


class SmsError(Exception):
    """The SMS gateway did not take the message (a provider raises this, whatever its transport's own error)."""


class SmsSender(Provider):
    """`send` returns the provider's message id. With an `idempotency_key`, a second send with the same key sends
    nothing and returns the first message's id (gateways take a client reference for this; a notice resent after a
    crash uses the same key)."""

    def send(self, *, phone: str, text: str, idempotency_key: str = "") -> str:
        """Hand one message to the gateway; returns its message id or raises SmsError."""
        raise NotImplementedError


class HttpIdentityCheck(IdentityCheck):
    """POSTs {name, document_type, document_number} signed to IDENTITY_SERVICE_URL; the service answers
    {"result": "match" | "mismatch", "reason": …, "reference": …}. A service that cannot be reached is not a match
    (the person is told to try again later), never a pass."""

    name = "http"
    required_settings = ("IDENTITY_SERVICE_URL", "IDENTITY_SERVICE_KEY_ID", "IDENTITY_SERVICE_KEY_SECRET")

    def verify(self, *, real_name: str, document_type: str, document_number: str) -> IdentityResult:
        try:
            answer = providers.signed_request(
                settings.IDENTITY_SERVICE_URL,
                key_id=settings.IDENTITY_SERVICE_KEY_ID,
                secret=settings.IDENTITY_SERVICE_KEY_SECRET,
                payload={"name": real_name, "document_type": document_type, "document_number": document_number},
            )
        except ProviderError:
            return IdentityResult(False, "实名核验服务暂时不可用，请稍后重试。")
        return IdentityResult(
            answer.get("result") == "match", str(answer.get("reason", "")), str(answer.get("reference", ""))
        )


class HttpSmsSender(SmsSender):
    """POSTs {phone, text, out_id} signed to SMS_GATEWAY_URL and returns the gateway's message id; `out_id` is the
    idempotency key, which the gateway de-duplicates by. Anything but a 2xx JSON answer with an id is an SmsError."""

    name = "http"
    required_settings = ("SMS_GATEWAY_URL", "SMS_GATEWAY_KEY_ID", "SMS_GATEWAY_KEY_SECRET")

    def send(self, *, phone: str, text: str, idempotency_key: str = "") -> str:
        try:
            answer = providers.signed_request(
                settings.SMS_GATEWAY_URL,
                key_id=settings.SMS_GATEWAY_KEY_ID,
                secret=settings.SMS_GATEWAY_KEY_SECRET,
                payload={"phone": phone, "text": text, "out_id": idempotency_key},
            )
        except ProviderError as error:
            raise SmsError(str(error)) from error
        if not answer.get("message_id"):
            raise SmsError(f"the gateway answered without a message id: {answer}")
        return str(answer["message_id"])


def identity_check() -> IdentityCheck:
    return providers.get("identity", IdentityCheck)


def sms_sender() -> SmsSender:
    return providers.get("sms", SmsSender)
