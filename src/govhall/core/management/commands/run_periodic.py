"""Enqueue every periodic task named in settings.PERIODIC_TASKS (the deadline sweep, retries of failed notices and
webhooks, rating reminders and escalations, the supervision figures). `make run` calls it every few minutes; in
production a cron entry or systemd timer does. `--now` runs them in this process instead (for a quick check)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Enqueue (or with --now run) the periodic tasks of settings.PERIODIC_TASKS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="run each task here instead of enqueueing it")

    def handle(self, *args: Any, **options: Any) -> None:
        for path in settings.PERIODIC_TASKS:
            task = import_string(path)
            if options["now"]:
                self.stdout.write(f"{path}: {task.call()}")
            else:
                task.enqueue()
                self.stdout.write(f"{path}: enqueued")
