from typing import Any

from django.conf import settings
from django.core.checks import Warning, register


@register("security", deploy=True)
def encryption_keys_set(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Production should hold its own keys for personal data, not ones derived from SECRET_KEY."""
    problems = []
    if not settings.FIELD_ENCRYPTION_KEYS:
        problems.append(
            Warning(
                "FIELD_ENCRYPTION_KEYS is not set: personal data is encrypted with a key derived from "
                "SECRET_KEY, so rotating SECRET_KEY would make it unreadable.",
                id="govhall.W001",
            )
        )
    if not settings.BLIND_INDEX_KEY:
        problems.append(Warning("BLIND_INDEX_KEY is not set: it is derived from SECRET_KEY.", id="govhall.W002"))
    return problems
