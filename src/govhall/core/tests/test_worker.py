"""The task worker's lease and reaper (a task of a worker that died runs again) and its supervision (a lost database
connection is waited out, not the end of the worker)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import OperationalError
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from govhall.core import worker
from govhall.core.models import TaskLease
from govhall.core.worker import requeue_abandoned, requeue_abandoned_tasks, run_supervised

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_LEASE_SECONDS = 60


def queued(status: str, *, started_minutes_ago: int = 0, error: str = "", runs: int = 1) -> DBTaskResult:
    result = requeue_abandoned_tasks.enqueue()
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = status
    row.started_at = timezone.now() - timedelta(minutes=started_minutes_ago)
    row.exception_class_path = error
    row.finished_at = timezone.now() if status == TaskResultStatus.FAILED else None
    row.worker_ids = [f"w{n}" for n in range(runs)]
    row.save()
    return row


def status_of(row: DBTaskResult) -> str:
    return DBTaskResult.objects.get(pk=row.pk).status


def test_a_running_task_whose_worker_died_is_made_ready_again():
    dead = queued(TaskResultStatus.RUNNING, started_minutes_ago=5)
    TaskLease.objects.create(task=dead, worker_id="w0", renewed_at=timezone.now() - timedelta(minutes=2))
    assert requeue_abandoned() == 1
    assert status_of(dead) == TaskResultStatus.READY
    assert not TaskLease.objects.exists()


def test_a_running_task_with_a_renewed_lease_or_just_started_is_left_alone():
    long_running = queued(TaskResultStatus.RUNNING, started_minutes_ago=30)
    TaskLease.objects.create(task=long_running, worker_id="w0", renewed_at=timezone.now())
    just_started = queued(TaskResultStatus.RUNNING, started_minutes_ago=0)
    assert requeue_abandoned() == 0
    assert status_of(long_running) == status_of(just_started) == TaskResultStatus.RUNNING


def test_a_task_failed_by_a_lost_database_runs_again_a_few_times_and_a_bug_does_not():
    lost = queued(TaskResultStatus.FAILED, error="django.db.utils.OperationalError")
    too_often = queued(TaskResultStatus.FAILED, error="django.db.utils.InterfaceError", runs=worker.MAX_RUNS)
    bug = queued(TaskResultStatus.FAILED, error="builtins.KeyError")
    last_week = queued(TaskResultStatus.FAILED, error="django.db.utils.OperationalError")
    DBTaskResult.objects.filter(pk=last_week.pk).update(finished_at=timezone.now() - timedelta(days=7))
    assert requeue_abandoned() == 1
    assert status_of(lost) == TaskResultStatus.READY
    assert status_of(too_often) == status_of(bug) == status_of(last_week) == TaskResultStatus.FAILED


def test_the_reaper_is_a_periodic_task(settings):
    assert "govhall.core.worker.requeue_abandoned_tasks" in settings.PERIODIC_TASKS


def test_a_lost_database_connection_is_waited_out_with_a_growing_pause(monkeypatch):
    pauses: list[float] = []
    monkeypatch.setattr(worker.time, "sleep", pauses.append)
    closed = []
    monkeypatch.setattr(worker, "connections", SimpleNamespace(close_all=lambda: closed.append(1)))
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    runs = []

    class Flaky:
        def run(self) -> None:
            runs.append(1)
            if len(runs) < 4:
                raise OperationalError("server closed the connection unexpectedly")

    run_supervised(Flaky, batch=True)
    assert len(runs) == 4
    assert pauses == [0.5, 1.0, 2.0]
    assert len(closed) == 3  # a fresh connection after each loss
