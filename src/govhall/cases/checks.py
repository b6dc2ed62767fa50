from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register("security", deploy=True)
def virus_scanner_configured(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """Production scans uploads with a real scanner (clamd); without one every upload is refused."""
    if settings.DEBUG:
        return []
    if not settings.VIRUS_SCAN_PROVIDER:
        return [
            Error(
                "VIRUS_SCAN_PROVIDER is not set: uploads cannot be scanned and are refused.",
                hint="Set VIRUS_SCAN_PROVIDER=govhall.cases.scanning.ClamdScanner and CLAMD_HOST/CLAMD_PORT.",
                id="govhall.E010",
            )
        ]
    return []
