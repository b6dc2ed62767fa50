from typing import Any

from django import template

register = template.Library()


@register.filter
def get_value(mapping: Any, key: str) -> Any:
    """mapping[key] in a template (a row's figure values and drill links)."""
    if not mapping:
        return None
    return mapping.get(key)
