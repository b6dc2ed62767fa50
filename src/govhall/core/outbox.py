"""The database task queue is the outbox: follow-up work (a notice, a document, a webhook) is enqueued inside the
transaction that causes it, so a committed change always has its follow-ups and a rolled-back one has none. Only the
calls to the outside world run later, in the task worker, each recording its state first (see notices.sending).

django_tasks_db's DatabaseBackend writes the task row with the default connection, so inside `transaction.atomic()`
the row is part of the caller's transaction (0.13 has no enqueue-on-commit option: it never defers the write). A
backend that runs the task at once instead (the tests' ImmediateBackend) has no row to write; running the task inline
would send SMS and email inside the caller's transaction, so it runs once the transaction commits."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.tasks import Task
from django_tasks_db.backend import DatabaseBackend


def enqueue(task: Task[Any, Any], *args: Any, **kwargs: Any) -> None:
    """Enqueue `task` as part of the current transaction (the queue row commits or rolls back with the change)."""
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def stores_rows(task: Task[Any, Any]) -> bool:
    """Does the task's backend keep rows in this database (so a deferred retry can be enqueued)?"""
    return isinstance(task.get_backend(), DatabaseBackend)


def backoff(attempts: int) -> timedelta:
    """The one retry delay of everything sent to the outside world (notices, webhooks): 1, 2, 4, 8, 16 minutes after
    the 1st … 5th failed attempt."""
    return timedelta(seconds=30 * 2**attempts)
