"""`make bench`'s appointment scenarios, the Django side (bench/appointment_bench.py runs it with the bench's
environment, DATABASE_URL included):
    python bench/appointment_gen.py setup --halls 20 --people 400
        bookable items, halls open on weekdays (and one 周末不打烊) with window groups serving them, and real-name
        people; prints the slot-query paths wrk rotates over (every hall × item × the booking window's days).
    python bench/appointment_gen.py book --threads 32 --capacity 5
        the last places under concurrency, in this process: `threads` people at a time book the same slot (capacity
        `capacity`) of one hall, slot after slot, through appointments.booking.book (PostgreSQL: each thread its own
        connection); timed per booking; then checked: no slot holds more than its capacity.
Each prints one JSON line at the end."""

import argparse
import json
import os
import statistics
import sys
import threading
import time
from datetime import time as clock
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("GOVHALL_SRC", str(ROOT / "src")))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govhall.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from govhall.accounts.constants import AccountKind  # noqa: E402
from govhall.accounts.models import User  # noqa: E402
from govhall.appointments import booking  # noqa: E402
from govhall.appointments.constants import AppointmentState  # noqa: E402
from govhall.appointments.models import Appointment  # noqa: E402
from govhall.appointments.services import AppointmentError  # noqa: E402
from govhall.appointments.slots import booking_days, slot_times  # noqa: E402
from govhall.catalog.models import Item  # noqa: E402
from govhall.core.workdays import is_working_day  # noqa: E402
from govhall.organisations.models import Hall, HallSession, WindowGroup  # noqa: E402

ITEMS = 5
PREFIX = "BA"


def percentiles(timings: list[float]) -> dict[str, float]:
    if len(timings) < 2:
        return {"p50_ms": round(timings[0], 2) if timings else 0.0, "p95_ms": 0.0, "p99_ms": 0.0}
    cuts = statistics.quantiles(timings, n=100)
    return {"p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2), "p99_ms": round(cuts[98], 2)}


def setup(halls: int, people: int) -> dict[str, Any]:
    from govhall.catalog.tests.factories import HallFactory, published_item

    items = [
        published_item(number=9000 + n, name=f"预约测试事项{n}", appointment=True, department="区行政审批局")
        for n in range(ITEMS)
    ]
    made = []
    for n in range(halls):
        hall = HallFactory(name=f"预约测试大厅{n}", slug=f"bench-hall-{n}", code=f"{PREFIX}-{n:03d}")
        weekdays = range(7) if n == 0 else range(5)
        HallSession.objects.bulk_create(
            HallSession(hall=hall, weekday=day, start=start, end=end)
            for day in weekdays
            for start, end in ((clock(9), clock(12)), (clock(13, 30), clock(17, 30)))
        )
        group = WindowGroup.objects.create(hall=hall, code="A", name="综合受理", slot_capacity=5, slot_minutes=30)
        group.items.set(items)
        made.append(hall)
    accounts = [User(username=f"bench-appt-{n}", kind=AccountKind.PERSON) for n in range(people)]
    for account in accounts:
        account.set_unusable_password()
    User.objects.bulk_create(accounts, batch_size=1000)
    first, last = booking_days()
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    paths = [
        f"/api/v1/halls/{hall.code}/slots?item={item.implementation_code}&date={day:%Y-%m-%d}"
        for hall in made
        for item in items
        for day in days
    ]
    return {"halls": halls, "items": ITEMS, "people": people, "days": len(days), "paths": paths}


def book(threads: int, capacity: int) -> dict[str, Any]:
    hall = Hall.objects.get(code=f"{PREFIX}-001")
    group = hall.window_groups.get()
    group.slot_capacity = capacity
    group.save(update_fields=["slot_capacity"])
    item = Item.objects.filter(name="预约测试事项0").get()
    day = booking_days()[0]
    while not is_working_day(day):
        day += timedelta(days=1)
    people = list(User.objects.filter(username__startswith="bench-appt-").order_by("pk"))
    starts = [start for start, _end in slot_times(group, ((clock(9), clock(12)), (clock(13, 30), clock(17, 30))))]
    rounds = min(len(starts), len(people) // threads)
    timings: list[float] = []
    outcomes = {"booked": 0, "full": 0, "other": 0}
    lock = threading.Lock()

    def attempt(account: User, start: clock, barrier: threading.Barrier) -> None:
        try:
            barrier.wait()
            began = time.perf_counter()
            try:
                booking.book(account=account, hall=hall, item=item, day=day, start=start)
                outcome = "booked"
            except AppointmentError as error:
                outcome = "full" if "已约满" in str(error) else "other"
            with lock:
                timings.append((time.perf_counter() - began) * 1000)
                outcomes[outcome] += 1
        finally:
            connection.close()

    began = time.perf_counter()
    for n in range(rounds):
        barrier = threading.Barrier(threads)
        group_people = people[n * threads : (n + 1) * threads]
        workers = [threading.Thread(target=attempt, args=(p, starts[n], barrier)) for p in group_people]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    seconds = time.perf_counter() - began
    taken = (
        Appointment.objects.filter(group=group, day=day)
        .exclude(state=AppointmentState.CANCELLED)
        .values("start")
        .annotate(n=Count("pk"))
    )
    most = max((row["n"] for row in taken), default=0)
    return {
        "threads": threads,
        "capacity": capacity,
        "slots": rounds,
        "attempts": sum(outcomes.values()),
        **outcomes,
        "per_second": round(sum(outcomes.values()) / seconds, 1) if seconds else 0.0,
        **percentiles(timings),
        "most_in_a_slot": most,
        "ok": most <= capacity and outcomes["booked"] == rounds * min(capacity, threads) and not outcomes["other"],
        "at": timezone.now().isoformat(timespec="seconds"),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("setup")
    made.add_argument("--halls", type=int, default=20)
    made.add_argument("--people", type=int, default=400)
    booked = commands.add_parser("book")
    booked.add_argument("--threads", type=int, default=32)
    booked.add_argument("--capacity", type=int, default=5)
    arguments = parser.parse_args()
    if arguments.command == "setup":
        result = setup(arguments.halls, arguments.people)
    else:
        result = book(arguments.threads, arguments.capacity)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
