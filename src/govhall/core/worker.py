"""The task worker, kept alive and honest. `manage.py run_worker` runs django_tasks_db's worker with three additions:

- a lease: while a task runs, a heartbeat thread renews its `TaskLease` every third of TASK_LEASE_SECONDS;
- a reaper (`requeue_abandoned_tasks`, also in settings.PERIODIC_TASKS): a RUNNING task whose lease ran out (its worker
  was killed) and a task that failed because the database went away are made READY again, so they run once more
  (every task is idempotent: notices and webhooks keep a delivery row per channel, documents one row per kind);
- supervision: a lost database connection (PostgreSQL restarted) closes the connections and retries with a growing
  pause instead of ending the process. The process itself is restarted by systemd (deploy/systemd) or scripts/serve.
"""

import logging
import threading
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.db.models import Exists, OuterRef, Q
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from govhall.core.models import TaskLease

logger = logging.getLogger("govhall.worker")

# A task that failed because the database was unreachable is run again, up to this many runs in all.
MAX_RUNS = 5
DATABASE_ERRORS = (
    "django.db.utils.OperationalError",
    "django.db.utils.InterfaceError",
    "psycopg.OperationalError",
    "psycopg.InterfaceError",
)
MAX_BACKOFF_SECONDS = 30.0


def lease() -> timedelta:
    return timedelta(seconds=settings.TASK_LEASE_SECONDS)


def requeue_abandoned() -> int:
    """Make READY again the RUNNING tasks whose lease ran out and the tasks that failed on a database error in the last
    day (fewer than MAX_RUNS runs so far). Returns how many. Conditional UPDATEs: several reapers at once do no harm,
    and a lease renewed meanwhile keeps its task."""
    now = timezone.now()
    cutoff = now - lease()
    live = TaskLease.objects.filter(task=OuterRef("pk"), renewed_at__gte=cutoff)
    abandoned = Q(status=TaskResultStatus.RUNNING, started_at__lt=cutoff) & ~Exists(live)
    lost_database = Q(
        status=TaskResultStatus.FAILED,
        exception_class_path__in=DATABASE_ERRORS,
        finished_at__gte=now - timedelta(days=1),
    )
    ids = [
        row.pk
        for row in DBTaskResult.objects.filter(abandoned | lost_database).only("pk", "worker_ids", "status")
        if row.status == TaskResultStatus.RUNNING or len(row.worker_ids) < MAX_RUNS
    ]
    if not ids:
        return 0
    count = (
        DBTaskResult.objects.filter(pk__in=ids)
        .filter(abandoned | Q(status=TaskResultStatus.FAILED))
        .update(status=TaskResultStatus.READY, finished_at=None, exception_class_path="", traceback="")
    )
    TaskLease.objects.filter(task_id__in=ids, renewed_at__lt=cutoff).delete()
    if count:
        logger.warning("Requeued %d abandoned task(s)", count)
    return count


@task()
def requeue_abandoned_tasks() -> int:
    """Periodic: run again the tasks of a worker that died (see requeue_abandoned)."""
    return requeue_abandoned()


class Heartbeat(threading.Thread):
    """Renews the lease of the task being run, in its own database connection, until stopped."""

    def __init__(self, task_id: Any, worker_id: str) -> None:
        super().__init__(name=f"lease-{task_id}", daemon=True)
        self.task_id = task_id
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self) -> None:
        # The claim set started_at, which counts as the first beat: the first renewal is due a third of a lease later
        # (so a task of a few milliseconds never writes a lease).
        every = max(settings.TASK_LEASE_SECONDS / 3, 1.0)
        try:
            while not self.stopped.wait(every):
                try:
                    TaskLease.objects.update_or_create(
                        task_id=self.task_id, defaults={"worker_id": self.worker_id, "renewed_at": timezone.now()}
                    )
                except Exception:  # the database is away: try again at the next beat
                    logger.warning("Could not renew the lease of task %s", self.task_id, exc_info=True)
                    connections.close_all()
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.join(timeout=5)


class Reaper(threading.Thread):
    """Runs requeue_abandoned every half lease in the worker process (besides the periodic task)."""

    def __init__(self) -> None:
        super().__init__(name="reaper", daemon=True)
        self.stopped = threading.Event()

    def run(self) -> None:
        every = max(settings.TASK_LEASE_SECONDS / 2, 1.0)
        while not self.stopped.wait(every):
            try:
                requeue_abandoned()
            except Exception:
                logger.warning("Reaper could not reach the database", exc_info=True)
                connections.close_all()
        connections.close_all()


class LeasedWorker(Worker):
    """django_tasks_db's worker, holding a renewed lease on the task it runs and dropping it afterwards."""

    def run_task(self, db_task_result: DBTaskResult) -> None:
        heartbeat = Heartbeat(db_task_result.pk, self.worker_id)
        heartbeat.start()
        try:
            super().run_task(db_task_result)
        finally:
            heartbeat.stop()
        TaskLease.objects.filter(task_id=db_task_result.pk).delete()


def run_supervised(make_worker: Any, *, batch: bool) -> None:
    """Run workers one after another: a lost database connection ends one, closes the connections and starts the
    next after a growing pause (0.5 s doubling to MAX_BACKOFF_SECONDS, back to 0.5 s after a minute without error)."""
    backoff = 0.5
    last_error = 0.0
    while True:
        try:
            requeue_abandoned()
            make_worker().run()
            return
        except (OperationalError, InterfaceError) as error:
            now = time.monotonic()
            if now - last_error > 60:
                backoff = 0.5
            last_error = now
            logger.warning("Database unavailable (%s); retrying in %.1f s", error, backoff)
            connections.close_all()
            time.sleep(backoff)
            backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
            close_old_connections()
            if batch and backoff >= MAX_BACKOFF_SECONDS:
                raise
