"""`manage.py run_worker`: the task worker as it runs in production and under `make run` — django_tasks_db's
`db_worker` with a lease on each running task, a reaper for tasks of a dead worker, and reconnection with backoff when
the database goes away (see govhall.core.worker). It takes db_worker's options."""

from typing import Any

from django_tasks_db.management.commands import db_worker

from govhall.core.worker import LeasedWorker, Reaper, run_supervised


class Command(db_worker.Command):
    help = "Run the database task worker, surviving a lost database connection; tasks of a dead worker run again."

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []

        def make_worker() -> LeasedWorker:
            worker = LeasedWorker(
                queue_names=queue_names,
                interval=options["interval"],
                batch=options["batch"],
                backend_name=options["backend_name"],
                startup_delay=options["startup_delay"],
                max_tasks=options["max_tasks"],
                worker_id=options["worker_id"],
                excluded_queue_names=excluded,
            )
            worker.configure_signals()
            return worker

        reaper = None if options["batch"] else Reaper()
        if reaper is not None:
            reaper.start()
        try:
            run_supervised(make_worker, batch=options["batch"])
        finally:
            if reaper is not None:
                reaper.stopped.set()
