"""How the API reads bodies and forms: JSON as usual, but a NUL character in any text is refused (PostgreSQL cannot
store it, and no field has a use for it), with a message instead of a database error."""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import HttpError
from ninja.parser import Parser

NUL_REFUSED = "请求中含有空字符（\\u0000），无法处理。"
UNREADABLE_BODY = "请求体无法读取：应为有效的 JSON（UTF-8 编码）。"


def has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False


class GovHallParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if has_nul(data):
            raise ValueError(NUL_REFUSED)  # ninja turns any parse failure into its 400 (see router.http_error)
        return data

    def parse_querydict(self, data: MultiValueDict, list_fields: list[str], request: HttpRequest) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        if has_nul(result):
            raise HttpError(400, NUL_REFUSED)
        return result
