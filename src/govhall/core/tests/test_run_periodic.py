"""`manage.py run_periodic` runs or enqueues every task of settings.PERIODIC_TASKS."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_every_periodic_task_runs():
    out = StringIO()
    call_command("run_periodic", "--now", stdout=out)
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == settings.PERIODIC_TASKS


def test_enqueueing_names_each_task():
    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert out.getvalue().count("enqueued") == len(settings.PERIODIC_TASKS)


def test_a_task_still_in_the_queue_is_not_enqueued_again(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("run_periodic", stdout=StringIO())
    out = StringIO()
    call_command("run_periodic", stdout=out)  # the worker has not run them yet
    assert out.getvalue().count("still queued") == len(settings.PERIODIC_TASKS)
    assert DBTaskResult.objects.count() == len(settings.PERIODIC_TASKS)
