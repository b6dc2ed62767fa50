"""Shared test set-up: a fast password hasher, tasks run immediately, a fresh cache per test, files (materials and
documents) under the test's own temporary directory, never var/media."""

import os

import pytest

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):  # type: ignore[no-untyped-def]
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
