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
    """The demo SMS gateway, identity service and courier (govhall.contrib.demo.outside) on a free loopback port."""
    from govhall.contrib.demo.outside import OutsideWorld

    KEYS = [("/sms/", "sms"), ("/identity/", "identity"), ("/courier/", "courier"), ("/shared/", "shared")]

    server = OutsideWorld(keys={prefix: (f"test-{name}", f"test-{name}-secret") for prefix, name in KEYS}).start()
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
