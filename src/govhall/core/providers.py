"""One pattern for every external system (identity check, SMS, courier, virus scan, webhook transport, …).

Each kind of outside system has a base class that lives with its domain (accounts.providers: IdentityCheck and
SmsSender; delivery.couriers: Courier; cases.scanning: VirusScanner; integrations.transport: WebhookTransport;
sharing.providers: DataSource; payments.gateways: PaymentGateway, for WeChat Pay and Alipay; kiosk.cardreader:
CardReader; kiosk.printing: Printer; enquiries.hotline: Hotline, the 12345 hotline) and a
setting naming the class a deployment uses (KINDS below). `get(kind, base)` returns one cached instance of the
configured class. The system check `providers_configured` (govhall.E021-E023) fails `manage.py check`, runserver,
the worker and gunicorn's start (core.checks.verify_keys_at_start) when a configured class cannot be imported, is not
a subclass of its kind's base class, or reports missing settings from its own `check()` — never a network call at
start. `check --deploy` also fails while a kind is not configured at all (govhall.E020).

Providers that speak HTTP share `signed_request`: a JSON body signed with HMAC-SHA256 over "timestamp\\nbody" with an
access key id and secret (the scheme Aliyun and Tencent Cloud SMS use, simplified); `govhall.contrib.demo` plays the
other side over loopback for development and the tests.

Email's provider is Django's own MAILERS setting (its BACKEND is checked here too); the demo is aiosmtpd."""

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from govhall.core.checks import KEYS


class Provider:
    """Base of every provider. `required_settings` names the settings the class cannot work without; `check()` says
    what is missing (override it for more, without reaching the network)."""

    name: ClassVar[str] = ""
    required_settings: ClassVar[tuple[str, ...]] = ()

    def check(self) -> list[str]:
        return [f"{setting} is not set" for setting in self.required_settings if not getattr(settings, setting, None)]


@dataclass(frozen=True)
class ProviderKind:
    """A kind of outside system: the setting naming its class and the dotted path of its base class. `optional`:
    an empty setting is allowed (the domain says what then happens; virus scan refuses uploads, govhall.E010)."""

    name: str
    setting: str
    base: str
    optional: bool = False


KINDS: dict[str, ProviderKind] = {
    kind.name: kind
    for kind in (
        ProviderKind("identity", "IDENTITY_PROVIDER", "govhall.accounts.providers.IdentityCheck"),
        ProviderKind("sms", "SMS_PROVIDER", "govhall.notices.providers.SmsSender"),
        ProviderKind("courier", "COURIER_PROVIDER", "govhall.delivery.couriers.Courier"),
        ProviderKind("virus_scan", "VIRUS_SCAN_PROVIDER", "govhall.cases.scanning.VirusScanner", optional=True),
        ProviderKind("webhook_transport", "WEBHOOK_TRANSPORT", "govhall.integrations.transport.WebhookTransport"),
        ProviderKind("shared_data", "SHARED_DATA_PROVIDER", "govhall.sharing.providers.DataSource"),
        ProviderKind("non_tax", "NON_TAX_PROVIDER", "govhall.payments.gateways.PaymentGateway"),
        # Optional: a district without a WeChat Pay or Alipay merchant account offers what it has (every fee can be
        # paid by 缴款码 through the non-tax system, which stays required); payments.channels offers only those named.
        ProviderKind("wechat_pay", "WECHAT_PAY_PROVIDER", "govhall.payments.gateways.PaymentGateway", optional=True),
        ProviderKind("alipay", "ALIPAY_PROVIDER", "govhall.payments.gateways.PaymentGateway", optional=True),
        # Optional: a district without self-service kiosks names neither (kiosk.cardreader, kiosk.printing).
        ProviderKind("card_reader", "CARD_READER_PROVIDER", "govhall.kiosk.cardreader.CardReader", optional=True),
        ProviderKind("printer", "PRINTER_PROVIDER", "govhall.kiosk.printing.Printer", optional=True),
        # Optional: a district not connected to a 12345 hotline names none (enquiries.hotline: nothing is sent back).
        ProviderKind("hotline", "HOTLINE_PROVIDER", "govhall.enquiries.hotline.Hotline", optional=True),
    )
}

_cache: dict[tuple[str, str], Provider] = {}


def get[P: Provider](kind: str, base: type[P]) -> P:
    """The configured provider of `kind` (one instance per configured class; a changed setting gets a new one)."""
    declared = KINDS[kind]
    path = getattr(settings, declared.setting, "")
    if not path:
        raise ImproperlyConfigured(f"{declared.setting} is not set")
    found = _cache.get((kind, path))
    if found is None:
        cls = import_string(path)
        if not (isinstance(cls, type) and issubclass(cls, base)):
            raise ImproperlyConfigured(f"{declared.setting}={path!r} is not a {base.__name__}")
        found = _cache[(kind, path)] = cls()
    assert isinstance(found, base)
    return found


def problems(kind: ProviderKind) -> list[Error]:
    path = getattr(settings, kind.setting, "")
    if not path:
        return []
    try:
        cls = import_string(path)
    except ImportError as error:
        return [Error(f"{kind.setting}={path!r} cannot be imported: {error}", id="govhall.E021")]
    base = import_string(kind.base)
    if not (isinstance(cls, type) and issubclass(cls, base)):
        return [Error(f"{kind.setting}={path!r} is not a subclass of {kind.base}.", id="govhall.E022")]
    missing = cls().check()
    return [
        Error(f"{kind.setting}={path!r} is not configured: {', '.join(missing)}.", id="govhall.E023")
        for _ in missing[:1]
    ]


@register(KEYS, "providers")
def providers_configured(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Every configured provider loads and has its settings; email's backend (MAILERS) imports."""
    found: list[CheckMessage] = []
    for kind in KINDS.values():
        found += problems(kind)
    for alias, mailer in getattr(settings, "MAILERS", {}).items():
        try:
            import_string(mailer["BACKEND"])
        except (ImportError, KeyError) as error:
            found.append(Error(f"MAILERS[{alias!r}] BACKEND cannot be imported: {error}", id="govhall.E021"))
    return found


@register("providers", deploy=True)
def providers_named(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """A production server names every provider (with DEBUG on the demo ones are the defaults)."""
    return [
        Error(f"{kind.setting} is not set.", hint="Name your provider's class (docs/deployment.md).", id="govhall.E020")
        for kind in KINDS.values()
        if not kind.optional and not getattr(settings, kind.setting, "")
    ]


# --- HTTP providers: signed JSON over HTTP(S) ---------------------------------------------------------------------


class ProviderError(Exception):
    """An outside system could not be reached or refused the request (the message says which and why)."""


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


def signed_request(
    url: str, *, key_id: str, secret: str, payload: dict[str, Any] | None = None, timeout: float | None = None
) -> dict[str, Any]:
    """POST `payload` as JSON (GET when None) with the access key's signature; the JSON answer, or ProviderError for
    no answer, a non-2xx status or a body that is not JSON."""
    body = b"" if payload is None else json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 (the URL is a setting, http(s))
        url,
        data=body if payload is not None else None,
        method="GET" if payload is None else "POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "X-Access-Key-Id": key_id,
            "X-Timestamp": timestamp,
            "X-Nonce": uuid.uuid4().hex,
            "X-Signature": signature(secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout or settings.PROVIDER_TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = response.read()
    except urllib.error.HTTPError as error:
        detail = error.read()[:300].decode("utf-8", "replace")
        error.close()
        raise ProviderError(f"{url} answered HTTP {error.code}: {detail}") from error
    except OSError as error:
        raise ProviderError(f"{url}: {error}") from error
    try:
        data = json.loads(answer)
    except ValueError as error:
        raise ProviderError(f"{url} answered something that is not JSON") from error
    if not isinstance(data, dict):
        raise ProviderError(f"{url} answered something that is not a JSON object")
    return data
