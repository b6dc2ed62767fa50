"""When each periodic task is due. settings.PERIODIC_TASKS names the tasks; each runs every
settings.PERIODIC_INTERVALS[path] seconds, or settings.PERIODIC_INTERVAL when not named there (the log's signer every
LOG_SIGNING_INTERVAL, the sweeps and retries every 10 minutes). `manage.py run_periodic --loop` keeps a Schedule."""

from collections.abc import Iterable

from django.conf import settings


def periodic_tasks() -> list[tuple[str, int]]:
    """(dotted path, seconds between runs) of every periodic task, in the order of settings.PERIODIC_TASKS."""
    intervals = getattr(settings, "PERIODIC_INTERVALS", {})
    default = int(getattr(settings, "PERIODIC_INTERVAL", 600))
    return [(path, int(intervals.get(path, default))) for path in settings.PERIODIC_TASKS]


class Schedule:
    """Which tasks are due at a given time (seconds of a monotonic clock): one never run yet, or whose last run is at
    least its interval ago. Pure bookkeeping: the caller reads the clock, runs the tasks and marks them."""

    def __init__(self, tasks: Iterable[tuple[str, int]]) -> None:
        self.intervals = dict(tasks)
        if any(seconds <= 0 for seconds in self.intervals.values()):
            raise ValueError("a periodic task's interval must be at least one second")
        self.last_run: dict[str, float] = {}

    def due(self, now: float) -> list[str]:
        return [
            path
            for path, seconds in self.intervals.items()
            if path not in self.last_run or now - self.last_run[path] >= seconds
        ]

    def mark(self, paths: Iterable[str], now: float) -> None:
        for path in paths:
            self.last_run[path] = now

    def seconds_until_next(self, now: float) -> float:
        """How long to sleep before the next task is due (0 when one is due already)."""
        waits = [self.last_run.get(path, now - seconds) + seconds - now for path, seconds in self.intervals.items()]
        return max(0.0, min(waits, default=0.0))
