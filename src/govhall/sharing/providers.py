"""The shared-data exchange (数据共享交换平台) behind the provider registry (kind "shared_data").

`DataSource.query` asks the owning department's system for the record of one subject; `HttpDataSource` speaks the
JSON protocol of docs/sharing.md: POST {SHARED_DATA_URL}/{provider}/query, signed like every HTTP provider
(core.providers.signed_request: HMAC-SHA256 over "timestamp\\nbody" with SHARED_DATA_KEY_ID / _SECRET), answered
{"found": true, "record": {…}} or {"found": false}. A connection that cannot be made is tried once more; a timeout
is not (the source may still be working on it). Every failure is a DataSourceError whose message says, in Chinese,
which source failed and why."""

import socket
import urllib.error
import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings

from govhall.core.providers import Provider, ProviderError, signed_request


class DataSourceError(Exception):
    """The source could not answer (unreachable, timed out, refused the request, answered nonsense)."""


@dataclass(frozen=True)
class Requester:
    """Who asks: the requesting department (name and USCC) and, when a member of staff asks, their id."""

    department: str
    department_uscc: str = ""
    staff_id: int | None = None


class DataSource(Provider):
    def query(
        self,
        *,
        provider: str,
        resource_code: str,
        subject_id: str,
        subject_kind: str,
        purpose: str,
        requester: Requester,
        timeout: float,
    ) -> dict[str, Any] | None:
        """The record of `subject_id` in the resource, or None when the source has none; DataSourceError if it
        cannot answer."""
        raise NotImplementedError


def _reason(error: ProviderError) -> tuple[str, bool]:
    """A Chinese reason for a failed call, and whether it is worth trying again at once (no connection made)."""
    cause = error.__cause__
    if isinstance(cause, urllib.error.HTTPError):
        if cause.code in (401, 403):
            return "数据源拒绝了本平台的签名或授权", False
        if cause.code == 400:
            return "数据源认为请求格式不正确", False
        return f"数据源服务故障（HTTP {cause.code}）", False
    reason = cause.reason if isinstance(cause, urllib.error.URLError) else cause
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "数据源响应超时", False
    if isinstance(reason, OSError):
        return "无法连接数据源", True
    return "数据源返回的内容无法识别", False


class HttpDataSource(DataSource):
    name = "共享交换平台（HTTP）"
    required_settings: ClassVar[tuple[str, ...]] = ("SHARED_DATA_URL", "SHARED_DATA_KEY_ID", "SHARED_DATA_KEY_SECRET")

    def query(
        self,
        *,
        provider: str,
        resource_code: str,
        subject_id: str,
        subject_kind: str,
        purpose: str,
        requester: Requester,
        timeout: float,
    ) -> dict[str, Any] | None:
        url = f"{settings.SHARED_DATA_URL.rstrip('/')}/{provider}/query"
        payload = {
            "request_id": uuid.uuid4().hex,
            "resource": resource_code,
            "subject_kind": subject_kind,
            "subject_id": subject_id,
            "purpose": purpose,
            "requester": {"department": requester.department, "uscc": requester.department_uscc},
        }
        for attempt in (1, 2):
            try:
                answer = signed_request(
                    url,
                    key_id=settings.SHARED_DATA_KEY_ID,
                    secret=settings.SHARED_DATA_KEY_SECRET,
                    payload=payload,
                    timeout=timeout,
                )
                break
            except ProviderError as error:
                reason, again = _reason(error)
                if not (again and attempt == 1):
                    raise DataSourceError(reason) from error
        if answer.get("found") is False:
            return None
        record = answer.get("record")
        if answer.get("found") is not True or not isinstance(record, dict):
            raise DataSourceError("数据源返回的内容无法识别")
        return record
