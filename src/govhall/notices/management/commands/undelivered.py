"""`manage.py undelivered`: everything that should have reached someone and has not — notice deliveries (SMS, email)
given up or stuck, the lists other apps register (integrations: webhook deliveries given up or stuck;
notices.sending.list_undelivered_with), and tasks stuck in the queue — for an operator to look at. `--check` exits with
an error when the list is not empty (for monitoring)."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from govhall.notices.sending import undelivered_lines


class Command(BaseCommand):
    help = "List failed or stuck notice and webhook deliveries and stuck tasks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="exit with an error if anything is listed")

    def handle(self, *args: Any, **options: Any) -> None:
        stale = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS)
        found = 0
        for line in undelivered_lines():
            self.stdout.write(line)
            found += 1
        stuck = DBTaskResult.objects.filter(
            Q(status=TaskResultStatus.RUNNING, started_at__lt=stale)
            | Q(status=TaskResultStatus.READY, run_after__lt=stale)  # a retry overdue
            | Q(status=TaskResultStatus.READY, run_after=get_date_max(), enqueued_at__lt=stale)  # waiting too long
        )
        for row in stuck.order_by("enqueued_at"):
            self.stdout.write(f"task {row.pk} {row.status} {row.task_path} enqueued={row.enqueued_at:%Y-%m-%d %H:%M}")
            found += 1
        failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED, finished_at__gte=stale - timedelta(days=7))
        self.stdout.write(f"{found} undelivered or stuck; {failed.count()} task run(s) failed in the last 7 days")
        if options["check"] and found:
            raise CommandError(f"{found} undelivered or stuck")
