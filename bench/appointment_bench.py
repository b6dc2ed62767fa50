"""The appointment scenarios of `make bench` (bench/run.py `--only appointments`, and part of a full run): for each
database,

1. set-up: a fresh database (SQLite var/bench/appointments.sqlite3; PostgreSQL govhall_bench_appts), `migrate`, then
   bench/appointment_gen.py setup: bookable items, 20 halls with weekly sessions and a window group, people;
2. slot queries under wrk against gunicorn (32 connections): GET /api/v1/halls/{hall}/slots?item=&date= over every
   hall × item × day of the booking window, beside the trivial view of the same run (issue 13 aims at p95 < 50 ms);
3. the last places under concurrency (PostgreSQL only; SQLite serialises writers): 32 people at a time book the same
   slot of capacity 5 through appointments.booking.book, slot after slot, in one process with a connection per
   thread; timed per booking, then checked: no slot holds more than its capacity.

The helpers of bench/run.py come in as `bench` (the module), so that this file does not import it back."""

import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

APPOINTMENTS_PG_URL = os.environ.get(
    "BENCH_APPOINTMENTS_PG_URL", "postgres://postgres@127.0.0.1:5432/govhall_bench_appts"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
BEGIN, END = "<!-- bench:appointments:begin -->", "<!-- bench:appointments:end -->"
AIM_SLOTS_P95_MS = 50.0
HALLS, THREADS, CAPACITY, ROUNDS = 20, 32, 5, 14


def gen(bench: Any, run: Any, step: str, arguments: list[str], env: dict[str, str], timeout: int = 1800) -> Any:
    out = bench.run_step(run, step, [sys.executable, str(bench.BENCH / "appointment_gen.py"), *arguments], env, timeout)
    return json.loads(out.strip().splitlines()[-1])


def measure(bench: Any, settings: Any, run: Any) -> None:
    sqlite = run.name == "sqlite"
    url = f"sqlite:///{bench.VAR / 'appointments.sqlite3'}" if sqlite else APPOINTMENTS_PG_URL
    # The shared cache as in deployment (Redis): the slot answers and their versions live there.
    env = {**bench.environment(settings, url), "CACHE_URL": REDIS_URL}
    bench.recreate_database(run, url)
    bench.run_step(run, "appointments_migrate", bench.manage(settings, "migrate", "--noinput", "-v", "0"), env, 900)
    found = run.appointments
    setup = gen(
        bench, run, "appointments_setup", ["setup", "--halls", str(HALLS), "--people", str(THREADS * ROUNDS)], env
    )
    paths = setup.pop("paths")
    found["setup"] = setup
    health = bench.Scenario("health", ["/api/v1/health"], "GET /api/v1/health (trivial JSON view)")
    slots = bench.Scenario(
        "slots", paths, f"GET /api/v1/halls/{{hall}}/slots?item=&date= ({len(paths):,} hall × item × day queries), "
        "answers kept (after one pass over every path)",
    )  # fmt: skip
    uncached = bench.Scenario(
        "slots_uncached", paths, "the same queries, keeping off (APPOINTMENT_SLOTS_CACHE_SECONDS=0): every answer made"
    )
    run.idle_before = round(bench.wait_quiet(settings.quiet_wait), 2)
    found["load"] = {"busy_cores_before": run.idle_before, "loadavg": [round(x, 2) for x in os.getloadavg()]}
    health_rps = None
    for label, server_env, plan in (
        ("", env, (health, slots)),
        ("-uncached", {**env, "APPOINTMENT_SLOTS_CACHE_SECONDS": "0"}, (uncached,)),
    ):
        server = bench.Server(settings, server_env, settings.workers, f"{run.name}-appointments{label}")
        try:
            server.wait_ready()
            for scenario in plan:
                if scenario is slots:
                    found["first_pass"] = first_pass(bench, server.base, paths)
                    bench.log(f"{run.name}: first pass over {len(paths):,} paths: {found['first_pass']}")
                result = bench.measure_load(
                    settings, server, run.name, scenario, run.appointment_results, health_rps=health_rps
                )
                health_rps = health_rps or result["rps"]
        finally:
            found["server_log"] = found.get("server_log", []) + server.log_lines()[-20:]
            server.stop()
    if not sqlite:
        found["booking"] = gen(
            bench, run, "appointments_book", ["book", "--threads", str(THREADS), "--capacity", str(CAPACITY)], env
        )
        booked = found["booking"]
        bench.log(
            f"{run.name}: {booked['attempts']} bookings tried by {THREADS} at a time for {booked['slots']} slots of "
            f"{CAPACITY}: {booked['booked']} booked, {booked['full']} told 已约满, at most {booked['most_in_a_slot']} "
            f"in a slot; {booked['per_second']}/s, p95 {booked['p95_ms']} ms; check ok: {booked['ok']}"
        )


def load_lines(runs: list[Any]) -> list[str]:
    """What else the shared machine was doing: busy cores just before the run (of 2) and the load average."""
    lines = []
    for run in runs:
        load = run.appointments.get("load")
        if load:
            average = " / ".join(f"{x:.2f}" for x in load["loadavg"])
            lines.append(
                f"- Machine load ({run.name}): {load['busy_cores_before']:.2f} of 2 cores busy with other work just "
                f'before, load average {average} (1/5/15 min); "other cores" below is the rest of the machine during '
                "each scenario. CPU ms/req (gunicorn + PostgreSQL per request) depends little on the load."
            )
    return lines


def first_pass(bench: Any, base: str, paths: list[str]) -> dict[str, Any]:
    """Every path once, 8 at a time (the answers are made and kept): how long it took and any answer not 200."""
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda path: bench.fetch(base + path)[0], paths))
    seconds = time.monotonic() - started
    return {
        "requests": len(paths),
        "seconds": round(seconds, 1),
        "per_second": round(len(paths) / seconds, 1),
        "not_200": sum(1 for status in statuses if status != 200),
    }


def first_pass_lines(runs: list[Any]) -> list[str]:
    lines = []
    for run in runs:
        made = run.appointments.get("first_pass")
        if made:
            lines.append(
                f"- The first pass ({run.name}): {made['requests']:,} queries, 8 at a time, in {made['seconds']} s "
                f"({made['per_second']}/s, answers made and kept); answers other than 200: {made['not_200']}."
            )
    return lines


def verdict(result: dict[str, Any]) -> str:
    ok = result["p95_ms"] is not None and result["p95_ms"] < AIM_SLOTS_P95_MS and not result["errors"]
    return ("✅" if ok else "❌") + f" p95 < {AIM_SLOTS_P95_MS:.0f} ms, no errors"


def markdown(bench: Any, settings: Any, runs: list[Any], started: Any) -> str:
    fmt = bench.fmt
    out = [
        *bench.section_header(BEGIN, settings, started),
        f"- {HALLS} halls (weekly sessions, one open at weekends) with a window group serving 5 bookable items; the slot "
        "queries rotate over every hall × item × day of the booking window.",
        "- `slots`: the answers are kept in the shared cache (Redis, as deployed; appointments.slot_cache) and one pass "
        "over every path made them first, so nearly every query is a kept answer (a booking drops its day's answer); "
        "`slots_uncached`: a second server with keeping off, every answer made from the database (as before the "
        "cache).",
        *first_pass_lines(runs),
        *load_lines(runs),
        "",
        "| database | scenario | req/s | p50 ms | p95 ms | p99 ms | of health | CPU ms/req | other cores | errors | aim |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        for name, result in run.appointment_results.items():
            ratio = "1.00" if name == "health" else fmt(result.get("ratio"), 2)
            aim = verdict(result) if name.startswith("slots") else ""
            out.append(
                f"| {run.name} | `{name}` | {result['rps']:,.1f} | {fmt(result['p50_ms'])} | {fmt(result['p95_ms'])} | "
                f"{fmt(result['p99_ms'])} | {ratio} | {fmt(result.get('cpu_ms_per_request'), 2)} | "
                f"{fmt(result.get('cpu_cores', {}).get('other'), 2)} | {result['errors']} | {aim} |"
            )
    out += [
        "",
        f"The last places (PostgreSQL): {THREADS} people at a time book the same slot of {CAPACITY} places "
        "(appointments.booking.book in one process, a connection per thread; the group's day row is locked):",
        "",
        "| database | slots | bookings tried | booked | 已约满 | most in a slot | bookings/s | p50 ms | p95 ms | check |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        booked = run.appointments.get("booking")
        if booked:
            out.append(
                f"| {run.name} | {booked['slots']} | {booked['attempts']} | {booked['booked']} | {booked['full']} | "
                f"{booked['most_in_a_slot']} | {booked['per_second']} | {booked['p50_ms']} | {booked['p95_ms']} | "
                f"{'✅' if booked['ok'] else '❌'} |"
            )
    out += ["", END]
    return "\n".join(out)
