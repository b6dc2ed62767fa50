from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govhall.cases.deadlines import sweep_deadlines


class Command(BaseCommand):
    help = "Sends deadline warnings and overdue alerts (enqueued for the task worker, or run now with --now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="run in this process instead of the worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            self.stdout.write(f"deadline alerts: {sweep_deadlines.call()}")
        else:
            sweep_deadlines.enqueue()
            self.stdout.write("deadline sweep enqueued")
