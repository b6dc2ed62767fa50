"""Shared test set-up: a fast password hasher, tasks run immediately, uploads scanned by a local clamd peer, a fresh cache per test, files (materials and
documents) under the test's own temporary directory, never var/media."""

import os

import pytest

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")


@pytest.fixture(scope="session")
def clamd_peer():  # type: ignore[no-untyped-def]
    """A local clamd (govhall.cases.demo_clamd) on a free loopback port, speaking the real INSTREAM protocol."""
    from govhall.cases.demo_clamd import DemoClamd

    server = DemoClamd().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path, clamd_peer):  # type: ignore[no-untyped-def]
    settings.VIRUS_SCAN_PROVIDER = "govhall.cases.scanning.ClamdScanner"
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", clamd_peer.port
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
