"""The queue's bench (docs/queue.md "Bench"): ticket taking under many connections at once, and the hall calling
screen's event streams held open by many screens at once. On PostgreSQL (a database whose name contains "bench",
dropped and made again) with the shared cache in Redis, as in production:

1. taking: N threads (32) take tickets through queueing.services.take_ticket for S seconds, spread over the window
   groups of four halls (a number is taken under its group's sequence lock); latency p50/p95/max, tickets per
   second, and the check that every group's numbers are 1…n without a gap or a repeat;
2. streams: gunicorn with threads (as govhall-events.service) serves M (200) open streams of one hall's calling
   screen; windows call C tickets one after another; for each call, the delay from its commit to its arrival on each
   screen (p50/p95/max), the screens that got every call, and the database connections the server held meanwhile.

    python bench/queue_bench.py [--database-url postgres://postgres@127.0.0.1:5432/govhall_bench_queue]
        [--connections 32] [--seconds 10] [--streams 200] [--calls 10] [--redis redis://127.0.0.1:6379/15]

Prints one JSON line with the results (and the steps on stderr). DEBUG is on (development keys), so the figures are
indicative; loopback only."""

import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PY = sys.executable


def log(message: str) -> None:
    print(f"[queue-bench] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1) if ordered else 0.0


def recreate(url: str) -> None:
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or "bench" not in name:
        raise SystemExit(f"queue bench: refusing to drop database {name!r} (the name must contain 'bench')")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True, connect_timeout=10) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def environment(arguments: argparse.Namespace, stream_seconds: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "govhall.settings",
        "PYTHONPATH": str(SRC),
        "DEBUG": "true",
        "SECRET_KEY": "queue-bench-only-not-a-secret",
        "DATABASE_URL": arguments.database_url,
        "CACHE_URL": arguments.redis,
        "QUEUE_STREAM_SECONDS": str(stream_seconds),
        "QUEUE_STARVATION_MINUTES": "0",
    }


def setup_floor() -> dict[str, Any]:
    from govhall.accounts.constants import AccountKind
    from govhall.accounts.models import User
    from govhall.organisations.constants import Role
    from govhall.organisations.models import Department, Hall, StaffMembership, Window, WindowGroup

    department = Department.objects.create(name="区行政审批局", area_code="511602000000")
    clerk = User.objects.create_user(username="bench-clerk", password=None, kind=AccountKind.STAFF)
    groups, windows = [], []
    for n in range(4):
        hall = Hall.objects.create(
            name=f"压测大厅{n}", slug=f"bench-hall-{n}", code=f"BENCH-{n}", area_code="511602000000", address="广安区", phone="0826-0",
            opening_hours="周一至周五", latitude="30.47", longitude="106.63",
        )  # fmt: skip
        for code in ("A", "B"):
            group = WindowGroup.objects.create(hall=hall, code=code, name=f"分组{code}")
            groups.append(group)
        for number in range(1, 6):
            window = Window.objects.create(hall=hall, number=str(number))
            window.groups.set([g for g in groups if g.hall_id == hall.pk])
            windows.append(window)
    StaffMembership.objects.create(user=clerk, department=department, hall=Hall.objects.get(slug="bench-hall-0"),
                                   role=Role.WINDOW_CLERK)  # fmt: skip
    return {"groups": groups, "windows": [w for w in windows if w.hall.slug == "bench-hall-0"], "clerk": clerk}


def taking(floor: dict[str, Any], connections: int, seconds: float) -> dict[str, Any]:
    from django.db import connection

    from govhall.queueing import services
    from govhall.queueing.constants import TicketSource
    from govhall.queueing.models import Ticket

    groups = floor["groups"]
    latencies: list[float] = []
    errors: list[str] = []
    start = threading.Barrier(connections)
    deadline = [0.0]

    def taker(index: int) -> None:
        try:
            start.wait()
            if index == 0:
                deadline[0] = time.monotonic() + seconds
            n = index
            while not deadline[0] or time.monotonic() < deadline[0]:
                began = time.perf_counter()
                services.take_ticket(group=groups[n % len(groups)], source=TicketSource.KIOSK)
                latencies.append((time.perf_counter() - began) * 1000)
                n += 1
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=taker, args=(i,)) for i in range(connections)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    gapless = all(
        sorted(Ticket.objects.filter(group=g).values_list("number", flat=True))
        == list(range(1, Ticket.objects.filter(group=g).count() + 1))
        for g in groups
    )
    return {
        "connections": connections,
        "tickets": len(latencies),
        "per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": percentile(latencies, 0.5),
        "p95_ms": percentile(latencies, 0.95),
        "max_ms": round(max(latencies), 1) if latencies else 0,
        "numbers_gapless": gapless,
        "errors": errors[:5],
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Screen(threading.Thread):
    """One calling screen: reads the stream, noting when each call event arrives."""

    def __init__(self, port: int, path: str) -> None:
        super().__init__(daemon=True)
        self.port, self.path = port, path
        self.ready = threading.Event()
        self.arrivals: dict[int, float] = {}
        self.error = ""

    def run(self) -> None:
        try:
            link = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            link.request("GET", self.path, headers={"Accept": "text/event-stream"})
            response = link.getresponse()
            event_id = None
            while True:
                line = response.fp.readline()
                if not line:
                    return
                text = line.decode().rstrip("\n")
                if text.startswith("retry:"):
                    self.ready.set()
                elif text.startswith("id: "):
                    event_id = int(text[4:])
                elif text.startswith("data: ") and event_id is not None:
                    self.arrivals[event_id] = time.monotonic()
        except Exception as error:
            self.error = repr(error)
            self.ready.set()


def database_connections(url: str) -> int:
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    admin = urllib.parse.urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as link:
        row = link.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]).fetchone()
    return int(row[0]) if row else 0


def streams(arguments: argparse.Namespace, floor: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    from django.db import connection

    from govhall.queueing import services
    from govhall.queueing.constants import TicketSource
    from govhall.queueing.selectors import last_call_id

    hall = floor["windows"][0].hall
    for _ in range(arguments.calls + 5):
        services.take_ticket(group=floor["groups"][0], source=TicketSource.KIOSK)
    port = free_port()
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "govhall.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--worker-class", "gthread", "--threads", str(arguments.streams + 20), "--timeout", "120",
         "--access-logfile", "/dev/null", "--error-logfile", "-"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        path = f"/halls/{hall.slug}/calls/stream/?after={last_call_id(hall.pk)}"
        screens = [Screen(port, path) for _ in range(arguments.streams)]
        for screen in screens:
            screen.start()
        for screen in screens:
            screen.ready.wait(60)
        opened = sum(1 for s in screens if not s.error)
        log(f"{opened} of {arguments.streams} streams open")
        time.sleep(2)
        held_while_waiting = database_connections(arguments.database_url)
        committed: dict[int, float] = {}
        clerk, windows = floor["clerk"], floor["windows"]
        for index in range(arguments.calls):
            window = windows[index % len(windows)]
            ticket = services.call_next(window=window, staff=clerk)
            committed[ticket.events.filter(act="call").latest("pk").pk] = time.monotonic()
            services.skip(ticket=ticket, staff=clerk)
            time.sleep(arguments.call_interval)
        connection.close()
        time.sleep(6)  # the slowest path: the every-5th-look database read
        delays = [
            (screen.arrivals[event] - at) * 1000 for screen in screens for event, at in committed.items()
            if event in screen.arrivals
        ]  # fmt: skip
        complete = sum(1 for s in screens if all(event in s.arrivals for event in committed))
        return {
            "streams": arguments.streams,
            "opened": opened,
            "calls": arguments.calls,
            "screens_with_every_call": complete,
            "delay_p50_ms": percentile(delays, 0.5),
            "delay_p95_ms": percentile(delays, 0.95),
            "delay_max_ms": round(max(delays), 1) if delays else None,
            "database_connections_while_waiting": held_while_waiting,
            "errors": sorted({s.error for s in screens if s.error})[:5],
        }
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:  # streams still open past the graceful timeout (a busy machine)
            server.kill()
            server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/govhall_bench_queue")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--streams", type=int, default=200)
    parser.add_argument("--calls", type=int, default=10)
    parser.add_argument("--call-interval", type=float, default=1.5)
    arguments = parser.parse_args()
    env = environment(arguments, stream_seconds=int(arguments.calls * arguments.call_interval) + 30)
    log("database: made again, migrated")
    recreate(arguments.database_url)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    from django.core.cache import cache

    cache.clear()
    floor = setup_floor()
    log(f"taking: {arguments.connections} threads for {arguments.seconds} s")
    results = {"taking": taking(floor, arguments.connections, arguments.seconds)}
    log(f"taking: {results['taking']}")
    log(f"streams: {arguments.streams} screens, {arguments.calls} calls")
    results["streams"] = streams(arguments, floor, env)
    log(f"streams: {results['streams']}")
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
