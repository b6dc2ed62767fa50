"""While the database restarts, the API answers 503 with Retry-After and a message (the client retries with its
Idempotency-Key), never a 500."""

import pytest
from django.db import InterfaceError, OperationalError

from govhall.api import catalog as catalog_api

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("gone")])
def test_a_lost_database_is_a_503_to_retry(client, monkeypatch, error):
    def lost(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise error

    monkeypatch.setattr(catalog_api.selectors, "departments_with_counts", lost)
    answer = client.get("/api/v1/catalog/departments")
    assert answer.status_code == 503
    assert answer["Retry-After"] == "5"
    assert answer.json() == {"detail": "系统正在恢复，请稍后重试。"}
