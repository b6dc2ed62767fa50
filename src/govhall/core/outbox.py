"""The database task queue is the outbox: follow-up work (a notice, a document, a webhook) is enqueued inside the
transaction that causes it, so a committed change always has its follow-ups and a rolled-back one has none. Only the
calls to the outside world run later, in the task worker, each recording its state first (see notices.sending).

django_tasks_db's DatabaseBackend writes the task row with the default connection, so inside `transaction.atomic()`
the row is part of the caller's transaction (0.13 has no enqueue-on-commit option: it never defers the write). A
backend that runs the task at once instead (the tests' ImmediateBackend) has no row to write; running the task inline
would send SMS and email inside the caller's transaction, so it runs once the transaction commits."""

from datetime import timedelta
from functools import cache
from typing import Any

from django.db import transaction
from django.tasks import Task
from django.utils import timezone
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


def queue_row(task: Task[Any, Any], *, args_sql: str, source: str) -> tuple[str, list[Any]]:
    """`INSERT … SELECT` of `task`'s queue row — the DBTaskResult row django_tasks_db's backend writes on enqueue —
    for each row of `source` (a CTE of the caller's statement; no row, no task), its arguments the SQL expression
    `args_sql` over `source` (a JSON array): SQL and parameters. For a caller that writes a change and its task in one
    statement (one round trip, atomic without a transaction: payments.notifications' inbox). Only for the database
    backend (`stores_rows`); `task_enqueued`, which only logs, is not sent."""
    sql, fields = _queue_row_template(task, args_sql, source)
    backend = task.get_backend()
    fresh = {"id": backend._get_id(), "now": timezone.now()}  # type: ignore[attr-defined]
    return sql, [fresh[value] if isinstance(value, str) else value[0] for value in fields]


@cache
def _queue_row_template(task: Task[Any, Any], args_sql: str, source: str) -> tuple[str, list[str | tuple[Any]]]:
    """The statement, once per process, and its parameters: a row made as the backend makes it (the model's fields,
    its pre-save signal: run_after), all alike but the id and the enqueuing time (named here, filled per row)."""
    from django.db import connection
    from django.db.models.signals import pre_save
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    backend.validate_task(task)
    row: DBTaskResult[Any, Any] = DBTaskResult(
        args_kwargs={},
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after,  # type: ignore[misc]
        backend_name=backend.alias,
    )
    pre_save.send(sender=DBTaskResult, instance=row, raw=False, using=connection.alias, update_fields=None)
    columns: list[str] = []
    values: list[str] = []
    fields: list[str | tuple[Any]] = []
    for field in DBTaskResult._meta.local_concrete_fields:
        columns.append(connection.ops.quote_name(str(field.column)))
        if field.name == "args_kwargs":
            values.append(f"jsonb_build_object('args', {args_sql}, 'kwargs', '{{}}'::jsonb)")
            continue
        values.append("%s")
        if field.primary_key:
            fields.append("id")
        elif getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            fields.append("now")
        else:
            fields.append((field.get_db_prep_save(field.pre_save(row, add=True), connection),))
    table = connection.ops.quote_name(DBTaskResult._meta.db_table)
    # Names from the model, values as parameters: nothing of a request is spliced in.
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source}", fields  # noqa: S608
