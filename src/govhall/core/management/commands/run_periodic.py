"""Enqueue the periodic tasks named in settings.PERIODIC_TASKS (the reaper of a dead worker's tasks, the deadline
sweep, retries of failed notices and webhooks, rating reminders and escalations, the supervision figures, the signing
of the transparency log's tree head).

- once (no option): every task, now;
- `--loop`: forever, each task when it is due by its own interval (govhall.core.periodic: settings.PERIODIC_INTERVAL,
  10 minutes, unless settings.PERIODIC_INTERVALS names another — the log's signer every LOG_SIGNING_INTERVAL, 60 s);
  scripts/serve and deploy/systemd/govhall-periodic.service run it so; a lost database connection only skips a round;
- `--every N`: forever, every task every N seconds whatever its interval (the chaos bench);
- `--now`: run each task in this process instead of enqueueing it (for a quick check).
A task whose previous run still waits in the queue is not enqueued again."""

import time
from collections.abc import Callable, Sequence
from typing import Any

from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from govhall.core.outbox import stores_rows
from govhall.core.periodic import Schedule, periodic_tasks


class Command(BaseCommand):
    help = "Enqueue (or with --now run) the periodic tasks of settings.PERIODIC_TASKS, once or each at its interval."
    clock: Callable[[], float] = staticmethod(time.monotonic)
    sleep: Callable[[float], None] = staticmethod(time.sleep)

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="run each task here instead of enqueueing it")
        parser.add_argument("--loop", action="store_true", help="keep running each task at its own interval")
        parser.add_argument("--every", type=int, default=0, help="keep running every task every this many seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        tasks = periodic_tasks()
        if options["every"] > 0:
            tasks = [(path, options["every"]) for path, _seconds in tasks]
        elif not options["loop"]:
            self.run_tasks([path for path, _seconds in tasks], now=options["now"])
            return
        schedule = Schedule(tasks)
        while True:
            started = self.clock()
            due = schedule.due(started)
            try:
                self.run_tasks(due, now=options["now"])
            except (OperationalError, InterfaceError) as error:
                self.stderr.write(f"database unavailable, skipping this round: {error}")
                connections.close_all()
            schedule.mark(due, started)
            self.sleep(schedule.seconds_until_next(self.clock()))

    def run_tasks(self, paths: Sequence[str], *, now: bool) -> None:
        for path in paths:
            task = import_string(path)
            if now:
                self.stdout.write(f"{path}: {task.call()}")
            elif stores_rows(task) and DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists():
                self.stdout.write(f"{path}: still queued")  # the worker is behind or away: one in the queue is enough
            else:
                task.enqueue()
                self.stdout.write(f"{path}: enqueued")
