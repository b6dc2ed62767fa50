"""The static files build for production: collectstatic with the hashed manifest storage of settings (DEBUG off)
post-processes every CSS and JS file, and refuses to finish when one names a file that is not there (a source map of
a vendored library, a font, an image)."""

from pathlib import Path
from typing import Any

from django.core.management import call_command

PRODUCTION = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # settings.STORAGES with DEBUG off


def test_collectstatic_builds_the_manifest(settings: Any, tmp_path: Path) -> None:
    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION}}  # the tests' conftest: plain
    call_command("collectstatic", "--noinput", "-v", "0")
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/swagger-ui.*.css")), "the API docs' stylesheet was not collected"
