"""Periodic 好差评 work for the task worker (`manage.py sweep_ratings` enqueues both; scripts/serve runs it beside the
deadline sweep): escalate overdue rectifications once, remind each unrated concluded case once."""

from django.tasks import task

from govhall.evaluation import services


@task()
def escalate_overdue_rectifications() -> int:
    return services.escalate_overdue()


@task()
def send_rating_reminders() -> int:
    return services.send_reminders()
