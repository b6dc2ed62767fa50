"""Periodic enquiry work, listed in settings.PERIODIC_TASKS (run by `manage.py run_periodic`): reminders before the
reply limit and overdue flags after it (deadlines.py), and the notices to the 12345 hotline that are due again."""

from django.tasks import task

from govhall.enquiries import deadlines, hotline


@task()
def remind_and_flag_enquiries() -> int:
    return deadlines.send_reminders() + deadlines.flag_overdue()


@task()
def retry_hotline_deliveries() -> int:
    return hotline.retry_due()
