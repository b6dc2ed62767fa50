"""`manage.py undelivered`: everything that should have reached someone and has not — notice deliveries (SMS, email)
given up or stuck, webhook deliveries given up or stuck, and tasks stuck in the queue — for an operator to look at.
`--check` exits with an error when the list is not empty (for monitoring)."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from govhall.cases.notifications import undelivered
from govhall.integrations.models import WebhookDelivery


class Command(BaseCommand):
    help = "List failed or stuck notice and webhook deliveries and stuck tasks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="exit with an error if anything is listed")

    def handle(self, *args: Any, **options: Any) -> None:
        stale = timezone.now() - timedelta(seconds=settings.TASK_LEASE_SECONDS)
        found = 0
        for delivery in undelivered().select_related("notification__case").order_by("pk"):
            case = delivery.notification.case
            self.stdout.write(
                f"notice {delivery.pk} {delivery.via} {delivery.state} attempts={delivery.attempts} "
                f"case={case.number if case else '-'} notification={delivery.notification_id} "
                f"error={delivery.last_error or '-'}"
            )
            found += 1
        webhooks = WebhookDelivery.objects.filter(
            Q(state=WebhookDelivery.State.FAILED)
            | Q(state=WebhookDelivery.State.SENDING, last_attempt_at__lt=stale)
            | Q(state=WebhookDelivery.State.PENDING, created_at__lt=stale, attempts=0)
        )
        for hook in webhooks.select_related("event__case", "endpoint").order_by("pk"):
            self.stdout.write(
                f"webhook {hook.pk} {hook.state} attempts={hook.attempts} case={hook.event.case.number} "
                f"endpoint={hook.endpoint.name} error={hook.last_error or '-'}"
            )
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
