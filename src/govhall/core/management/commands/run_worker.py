"""`manage.py run_worker`: the task worker as it runs in production and under `make run` — django_tasks_db's
`db_worker` with a lease on each running task, a reaper for tasks of a dead worker, and reconnection with backoff when
the database goes away (see govhall.core.worker). It takes db_worker's options (`--reload`, on with DEBUG, restarts it
when the code changes)."""

from typing import Any

from django.utils.autoreload import run_with_reloader
from django_tasks_db.management.commands import db_worker

from govhall.core.worker import LeasedWorker, Reaper, run_supervised


class Command(db_worker.Command):
    help = "Run the database task worker, surviving a lost database connection; tasks of a dead worker run again."

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        batch = options["batch"]
        reload = options["reload"] and not batch

        def make_worker() -> LeasedWorker:
            worker = LeasedWorker(
                queue_names=queue_names,
                interval=options["interval"],
                batch=batch,
                backend_name=options["backend_name"],
                startup_delay=options["startup_delay"],
                max_tasks=options["max_tasks"],
                worker_id=options["worker_id"],
                excluded_queue_names=excluded,
            )
            if not reload:  # under the reloader the worker runs in a thread, where signals cannot be set
                worker.configure_signals()
            return worker

        def work() -> None:
            reaper = None if batch else Reaper()
            if reaper is not None:
                reaper.start()
            try:
                run_supervised(make_worker, batch=batch)
            finally:
                if reaper is not None:
                    reaper.stopped.set()

        if reload:
            run_with_reloader(work)
        else:
            work()
