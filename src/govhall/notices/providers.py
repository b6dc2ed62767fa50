"""The SMS gateway, notices' provider (core.providers) chosen by setting (SMS_PROVIDER). `HttpSmsSender` speaks signed
JSON over HTTP (core.providers.signed_request) to SMS_GATEWAY_URL; in development and the tests `govhall.contrib.demo`
answers it over loopback. Code messages (accounts.security) and notices both go through it."""

from django.conf import settings

from govhall.core import providers
from govhall.core.providers import Provider, ProviderError


class SmsError(Exception):
    """The SMS gateway did not take the message (a provider raises this, whatever its transport's own error)."""


class SmsSender(Provider):
    """`send` returns the provider's message id. With an `idempotency_key`, a second send with the same key sends
    nothing and returns the first message's id (gateways take a client reference for this; a notice resent after a
    crash uses the same key)."""

    def send(self, *, phone: str, text: str, idempotency_key: str = "") -> str:
        """Hand one message to the gateway; returns its message id or raises SmsError."""
        raise NotImplementedError


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


def sms_sender() -> SmsSender:
    return providers.get("sms", SmsSender)
