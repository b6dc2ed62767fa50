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


class StopLoop(Exception):
    pass


def looping_command(rounds: int):
    """run_periodic's command with a fake clock: each sleep moves the clock on; the loop ends after `rounds` sleeps."""
    from govhall.core.management.commands.run_periodic import Command

    command = Command()
    state = {"now": 0.0, "sleeps": []}

    def sleep(seconds: float) -> None:
        state["sleeps"].append(seconds)
        if len(state["sleeps"]) >= rounds:
            raise StopLoop
        state["now"] += seconds

    command.clock = lambda: state["now"]
    command.sleep = sleep
    return command, state


def test_the_loop_runs_each_task_at_its_own_interval(settings):
    settings.PERIODIC_TASKS = ["govhall.transparency.tasks.sign_tree_head", "govhall.cases.deadlines.sweep_deadlines"]
    settings.PERIODIC_INTERVALS = {"govhall.transparency.tasks.sign_tree_head": 60}
    settings.PERIODIC_INTERVAL = 600
    command, state = looping_command(rounds=11)
    out = StringIO()
    with pytest.raises(StopLoop):
        call_command(command, "--loop", "--now", stdout=out)
    lines = out.getvalue().splitlines()
    assert sum(line.startswith("govhall.transparency.tasks.sign_tree_head:") for line in lines) == 11  # 0, 60 … 600
    assert sum(line.startswith("govhall.cases.deadlines.sweep_deadlines:") for line in lines) == 2  # 0 and 600
    assert state["sleeps"][:10] == [60.0] * 10


def test_every_overrides_the_intervals(settings):
    settings.PERIODIC_TASKS = ["govhall.transparency.tasks.sign_tree_head", "govhall.cases.deadlines.sweep_deadlines"]
    command, state = looping_command(rounds=3)
    out = StringIO()
    with pytest.raises(StopLoop):
        call_command(command, "--every", "10", "--now", stdout=out)
    assert len(out.getvalue().splitlines()) == 6
    assert state["sleeps"] == [10.0] * 3


def test_the_loop_keeps_the_still_queued_guard(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PERIODIC_TASKS = ["govhall.transparency.tasks.sign_tree_head"]
    settings.PERIODIC_INTERVALS = {"govhall.transparency.tasks.sign_tree_head": 60}
    command, _state = looping_command(rounds=3)
    out = StringIO()
    with pytest.raises(StopLoop):
        call_command(command, "--loop", stdout=out)  # no worker runs: the first one stays in the queue
    assert out.getvalue().splitlines() == [
        "govhall.transparency.tasks.sign_tree_head: enqueued",
        "govhall.transparency.tasks.sign_tree_head: still queued",
        "govhall.transparency.tasks.sign_tree_head: still queued",
    ]


def test_a_lost_database_skips_a_round(settings, monkeypatch):
    from django.db import OperationalError

    from govhall.core.management.commands.run_periodic import Command

    settings.PERIODIC_TASKS = ["govhall.transparency.tasks.sign_tree_head"]
    settings.PERIODIC_INTERVALS = {"govhall.transparency.tasks.sign_tree_head": 60}
    calls = []

    def failing(self, paths, *, now):
        calls.append(list(paths))
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(Command, "run_tasks", failing)
    command, state = looping_command(rounds=2)
    err = StringIO()
    with pytest.raises(StopLoop):
        call_command(command, "--loop", stderr=err, stdout=StringIO())
    assert calls == [["govhall.transparency.tasks.sign_tree_head"]] * 2
    assert err.getvalue().count("skipping this round") == 2
    assert state["sleeps"] == [60.0, 60.0]
