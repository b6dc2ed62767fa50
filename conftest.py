"""Shared test set-up: a fast password hasher, tasks run immediately, uploads scanned by a local clamd peer, SMS / identity / courier /
shared data answered by the demo outside world over loopback, a fresh cache per test, files (materials and
documents) under the test's own temporary directory, never var/media."""

import os

import pytest

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")


@pytest.fixture(scope="session")
def clamd_peer():  # type: ignore[no-untyped-def]
    """A local clamd (govhall.contrib.demo.clamd) on a free loopback port, speaking the real INSTREAM protocol."""
    from govhall.contrib.demo.clamd import DemoClamd

    server = DemoClamd().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def outside_world():  # type: ignore[no-untyped-def]
    """The demo SMS gateway, identity service, courier, shared data, WeChat Pay and Alipay (govhall.contrib.demo.outside)
    on a free loopback port; the payment gateways with keys of their own, made once a session."""
    from govhall.contrib.demo.outside import OutsideWorld
    from govhall.contrib.demo.paydesk import DemoMerchant

    KEYS = [
        ("/sms/", "sms"),
        ("/identity/", "identity"),
        ("/courier/", "courier"),
        ("/shared/", "shared"),
        ("/finance/", "finance"),
        ("/cardreader/", "cardreader"),
        ("/printer/", "printer"),
    ]

    keys = {prefix: (f"test-{name}", f"test-{name}-secret") for prefix, name in KEYS}
    merchant = DemoMerchant.generate()
    server = OutsideWorld(keys=keys, merchant=merchant).start()
    server.payment_settings = merchant.govhall_settings(server.url)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path, clamd_peer, outside_world):  # type: ignore[no-untyped-def]
    settings.VIRUS_SCAN_PROVIDER = "govhall.cases.scanning.ClamdScanner"
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", clamd_peer.port
    # The providers are GovHall's real HTTP clients, talking to the demo outside world; the demo phone and the
    # courier's waybills are files under the test's own directory.
    url = outside_world.url
    settings.IDENTITY_PROVIDER = "govhall.accounts.providers.HttpIdentityCheck"
    settings.IDENTITY_SERVICE_URL = f"{url}/identity/verify"
    settings.IDENTITY_SERVICE_KEY_ID, settings.IDENTITY_SERVICE_KEY_SECRET = "test-identity", "test-identity-secret"
    settings.SMS_PROVIDER = "govhall.notices.providers.HttpSmsSender"
    settings.SMS_GATEWAY_URL = f"{url}/sms/send"
    settings.SMS_GATEWAY_KEY_ID, settings.SMS_GATEWAY_KEY_SECRET = "test-sms", "test-sms-secret"
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")
    settings.COURIER_PROVIDER = "govhall.delivery.couriers.HttpCourier"
    settings.COURIER_API_URL = f"{url}/courier"
    settings.COURIER_KEY_ID, settings.COURIER_KEY_SECRET = "test-courier", "test-courier-secret"
    settings.COURIER_OUTBOX_FILE = str(tmp_path / "waybills.jsonl")
    settings.SHARED_DATA_PROVIDER = "govhall.sharing.providers.HttpDataSource"
    settings.SHARED_DATA_URL = f"{url}/shared"
    settings.SHARED_DATA_KEY_ID, settings.SHARED_DATA_KEY_SECRET = "test-shared", "test-shared-secret"
    outside_world.shared_data_trouble.clear()
    settings.NON_TAX_PROVIDER = "govhall.payments.nontax.NonTaxGateway"
    settings.NON_TAX_URL = f"{url}/finance"
    settings.NON_TAX_KEY_ID, settings.NON_TAX_KEY_SECRET = "test-finance", "test-finance-secret"
    settings.NON_TAX_NOTIFY_URL = "http://127.0.0.1:9/payments/notify/non_tax/"  # nobody listens (tests say where)
    settings.CARD_READER_PROVIDER = "govhall.kiosk.cardreader.HttpCardReader"
    settings.CARD_READER_URL = f"{url}/cardreader"
    settings.CARD_READER_KEY_ID, settings.CARD_READER_KEY_SECRET = "test-cardreader", "test-cardreader-secret"
    outside_world.cards.clear()
    settings.PRINTER_PROVIDER = "govhall.kiosk.printing.HttpPrinter"
    settings.PRINTER_URL = f"{url}/printer"
    settings.PRINTER_KEY_ID, settings.PRINTER_KEY_SECRET = "test-printer", "test-printer-secret"
    settings.PRINTER_OUTBOX_DIR = str(tmp_path / "printed")
    from govhall.contrib.demo.finance import ledger

    ledger(outside_world).clear()
    # WeChat Pay and Alipay: GovHall's gateways with the session's merchant keys; the demo gateways start empty.
    for name, value in outside_world.payment_settings.items():
        setattr(settings, name, value)
    outside_world.wechatpay.reset()
    outside_world.alipay.reset()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    # Each test's licence signing keys are its own, made on first use.
    settings.LICENCE_SIGNING_KEY_DIR = tmp_path / "licence-keys"
    settings.LICENCE_SIGNING_KEYS = {}
    settings.LICENCE_DEVELOPMENT_KEYS = True
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
