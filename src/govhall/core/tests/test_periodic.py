"""govhall.core.periodic: each periodic task is due at its own interval."""

import pytest

from govhall.core.periodic import Schedule, periodic_tasks


def test_every_task_is_due_at_first():
    schedule = Schedule([("a", 60), ("b", 600)])
    assert schedule.due(1000.0) == ["a", "b"]
    assert schedule.seconds_until_next(1000.0) == 0


def test_a_task_is_due_again_when_its_interval_has_passed():
    schedule = Schedule([("sign", 60), ("sweep", 600)])
    schedule.mark(["sign", "sweep"], 0.0)
    assert schedule.due(59.9) == []
    assert schedule.seconds_until_next(59.9) == pytest.approx(0.1)
    assert schedule.due(60.0) == ["sign"]
    schedule.mark(["sign"], 540.0)
    assert schedule.due(599.0) == []  # the signer ran at 540; the sweep waits its ten minutes
    assert schedule.due(600.0) == ["sign", "sweep"]


def test_the_wait_is_to_the_nearest_due_task():
    schedule = Schedule([("sign", 60), ("sweep", 600)])
    schedule.mark(["sweep"], 0.0)
    schedule.mark(["sign"], 30.0)
    assert schedule.seconds_until_next(40.0) == pytest.approx(50.0)


def test_an_interval_below_one_second_is_refused():
    with pytest.raises(ValueError):
        Schedule([("a", 0)])


def test_intervals_come_from_the_settings(settings):
    settings.PERIODIC_TASKS = ["x.a", "x.b"]
    settings.PERIODIC_INTERVAL = 600
    settings.PERIODIC_INTERVALS = {"x.b": 60}
    assert periodic_tasks() == [("x.a", 600), ("x.b", 60)]


def test_the_log_signer_runs_at_least_every_minute(settings):
    intervals = dict(periodic_tasks())
    assert intervals["govhall.transparency.tasks.sign_tree_head"] <= 60
    others = [seconds for path, seconds in intervals.items() if path != "govhall.transparency.tasks.sign_tree_head"]
    assert min(others) == settings.PERIODIC_INTERVAL == 600
