from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govhall.evaluation.tasks import escalate_overdue_rectifications, send_rating_reminders


class Command(BaseCommand):
    help = "Escalates overdue rectifications of bad ratings and reminds unrated concluded cases, each once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="run in this process instead of the worker")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            escalated = escalate_overdue_rectifications.call()
            reminded = send_rating_reminders.call()
            self.stdout.write(f"rectifications escalated: {escalated}; rating reminders sent: {reminded}")
        else:
            escalate_overdue_rectifications.enqueue()
            send_rating_reminders.enqueue()
            self.stdout.write("rating sweep enqueued")
