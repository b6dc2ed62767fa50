"""One statement that checks the connection itself. With CONN_HEALTH_CHECKS Django sends `SELECT 1` before a
request's first statement on a kept connection — a round trip of its own, as long as the statement a payment
notification needs (payments.notifications). `fetch_one_rechecking` sends the statement at once instead and, should the
kept connection turn out to be dead (the server restarted, the connection dropped), sends it once more on a new one:
the same outcome as the health check, one round trip fewer when all is well. Only for a statement that is a
transaction of its own (outside `atomic`) and that changes nothing when repeated (an INSERT … ON CONFLICT DO
NOTHING: a statement that did commit before its connection died finds its own row the second time)."""

from collections.abc import Sequence
from typing import Any

from django.db import InterfaceError, OperationalError, connection


def fetch_one_rechecking(sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    """The first row of `sql` (see the module): sent on the kept connection without Django's health check first,
    again on a new connection if that one was dead."""
    kept: Any = connection  # the health check's flags are not in django-stubs
    checking = (
        kept.connection is not None
        and kept.health_check_enabled
        and not kept.health_check_done
        and not kept.in_atomic_block
    )
    if checking:
        kept.health_check_done = True  # this statement is the check
    try:
        return _fetch_one(sql, params)
    except (OperationalError, InterfaceError):
        if not checking or connection.is_usable():
            raise  # the statement failed, not the connection
    connection.close()
    return _fetch_one(sql, params)


def _fetch_one(sql: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else tuple(row)
