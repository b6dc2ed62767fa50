"""Periodic 好差评 work for the task worker, listed in settings.PERIODIC_TASKS (run by `manage.py run_periodic`;
`manage.py sweep_ratings [--now]` runs just these two): escalate overdue rectifications once, remind each unrated
concluded case once."""

from django.tasks import task

from govhall.evaluation import services


@task()
def escalate_overdue_rectifications() -> int:
    return services.escalate_overdue()


@task()
def send_rating_reminders() -> int:
    return services.send_reminders()
