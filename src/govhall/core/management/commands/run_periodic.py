"""Enqueue every periodic task named in settings.PERIODIC_TASKS (the reaper of a dead worker's tasks, the deadline
sweep, retries of failed notices and webhooks, rating reminders and escalations, the supervision figures). `--every N`
keeps doing it every N seconds (scripts/serve and deploy/systemd/govhall-periodic.service run it so, and a lost
database connection only skips a round); `--now` runs them in this process instead (for a quick check)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from govhall.core.outbox import stores_rows


class Command(BaseCommand):
    help = "Enqueue (or with --now run) the periodic tasks of settings.PERIODIC_TASKS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="run each task here instead of enqueueing it")
        parser.add_argument("--every", type=int, default=0, help="repeat every this many seconds (0: once)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["every"] <= 0:
            self.run_all(now=options["now"])
            return
        while True:
            try:
                self.run_all(now=options["now"])
            except (OperationalError, InterfaceError) as error:
                self.stderr.write(f"database unavailable, skipping this round: {error}")
                connections.close_all()
            time.sleep(options["every"])

    def run_all(self, *, now: bool) -> None:
        for path in settings.PERIODIC_TASKS:
            task = import_string(path)
            if now:
                self.stdout.write(f"{path}: {task.call()}")
            elif stores_rows(task) and DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists():
                self.stdout.write(f"{path}: still queued")  # the worker is behind or away: one in the queue is enough
            else:
                task.enqueue()
                self.stdout.write(f"{path}: enqueued")
