"""Periodic appointment work for the task worker, listed in settings.PERIODIC_TASKS (run by `manage.py run_periodic`):
mark the appointments missed (爽约) and send the reminders of tomorrow's, each once."""

from django.tasks import task

from govhall.appointments import booking


@task()
def mark_no_shows() -> int:
    return booking.mark_no_shows()


@task()
def send_appointment_reminders() -> int:
    return booking.send_reminders()
