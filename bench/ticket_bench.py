"""The ticket-taking scenarios of `make bench` over HTTP (bench/run.py `--only queue`, and part of a full run): wrk
against gunicorn, as the hall's clients take tickets (docs/queue.md "Bench"). For each database:

1. set-up: a fresh database (SQLite var/bench/tickets.sqlite3; PostgreSQL govhall_bench_tickets), `migrate`, then
   bench/ticket_gen.py setup: 4 halls with two window groups each, 8 kiosk devices per hall, 800 signed-in people;
2. the kiosks are opened as a kiosk's browser is (GET /kiosk/start/?device=&key=, then the ticket page for the session
   and the form's CSRF token): 32 kiosks, each with its own cookies;
3. under wrk at 32 connections, beside the trivial view of the same run:
   - `kiosk_ticket`: POST /kiosk/ticket/ (group=…, the kiosk's CSRF token) — the walk-up ticket at a kiosk, nobody
     signed in (the common case in a hall); 302 to the ticket page is a ticket taken;
   - `phone_ticket`: POST /halls/<hall>/ticket/ (group=…) from a signed-in person's phone (session and CSRF cookie,
     as after scanning the hall's QR code), each person once per group at most (one live ticket per group);
4. the check (bench/ticket_gen.py check): every group's numbers are 1…n without a gap or a repeat, nobody holds two
   live tickets in a group, and the tickets in the database match the redirects counted.

The cache is Redis (BENCH_REDIS_URL, default redis://127.0.0.1:6379/12) as in deployment. The helpers of
bench/run.py come in as `bench` (the module), so that this file does not import it back."""

import json
import os
import re
import sys
import urllib.parse
from typing import Any

TICKETS_PG_URL = os.environ.get("BENCH_TICKETS_PG_URL", "postgres://postgres@127.0.0.1:5432/govhall_bench_tickets")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
BEGIN, END = "<!-- bench:tickets:begin -->", "<!-- bench:tickets:end -->"
AIM_P95_MS = 50.0
HALLS, KIOSKS, PEOPLE = 4, 8, 800
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
GROUP = re.compile(rb'name="group" value="(\d+)"')


def gen(bench: Any, run: Any, step: str, arguments: list[str], env: dict[str, str], timeout: int = 1800) -> Any:
    out = bench.run_step(run, step, [sys.executable, str(bench.BENCH / "ticket_gen.py"), *arguments], env, timeout)
    return json.loads(out.strip().splitlines()[-1])


def open_kiosks(bench: Any, base: str, halls: list[dict[str, Any]]) -> list[tuple[str, str, list[int]]]:
    """Each kiosk opened as its browser is: (its cookie header, its form's CSRF token, the groups it offers)."""
    opened = []
    for hall in halls:
        for kiosk in hall["kiosks"]:
            browser = bench.Browser(base)
            query = urllib.parse.urlencode({"device": kiosk["code"], "key": kiosk["key"]})
            status, _, _ = browser.request("GET", f"/kiosk/start/?{query}")
            if status != 302:
                raise SystemExit(f"bench: opening kiosk {kiosk['code']} answered {status}")
            status, _, page = browser.request("GET", "/kiosk/ticket/")
            token, groups = TOKEN.search(page), [int(g) for g in GROUP.findall(page)]
            if status != 200 or token is None or not groups:
                raise SystemExit(f"bench: the kiosk ticket page answered {status} without its form")
            opened.append((browser.cookie_header(), token.group(1).decode(), groups))
    return opened


def kiosk_lines(kiosks: list[tuple[str, str, list[int]]], count: int) -> list[str]:
    lines = []
    for n in range(count):
        cookie, token, groups = kiosks[n % len(kiosks)]
        group = groups[(n // len(kiosks)) % len(groups)]
        lines.append(f"/kiosk/ticket/\t{cookie}\tcsrfmiddlewaretoken={token}&group={group}")
    return lines


def phone_lines(halls: list[dict[str, Any]], phones: list[dict[str, str]]) -> list[str]:
    """Every (person, group) once: people in turn, each taking a ticket in the next group round the halls."""
    pairs = [(hall["slug"], group) for hall in halls for group in hall["groups"]]
    return [
        f"/halls/{slug}/ticket/\t{phone['cookie']}\tcsrfmiddlewaretoken={phone['csrf']}&group={group}"
        for turn in range(len(pairs))
        for index, phone in enumerate(phones)
        for slug, group in [pairs[(index + turn) % len(pairs)]]
    ]


def measure(bench: Any, settings: Any, run: Any) -> None:
    sqlite = run.name == "sqlite"
    url = f"sqlite:///{bench.VAR / 'tickets.sqlite3'}" if sqlite else TICKETS_PG_URL
    env = {**bench.environment(settings, url), "CACHE_URL": REDIS_URL}
    bench.recreate_database(run, url)
    bench.run_step(run, "tickets_migrate", bench.manage(settings, "migrate", "--noinput", "-v", "0"), env, 900)
    setup = gen(bench, run, "tickets_setup", ["setup", "--halls", str(HALLS), "--kiosks", str(KIOSKS),
                                              "--people", str(PEOPLE)], env)  # fmt: skip
    found = run.tickets = {"halls": HALLS, "kiosks": HALLS * KIOSKS, "people": PEOPLE}
    phones = phone_lines(setup["halls"], setup["phones"])
    warm_phones, phones = phones[: len(phones) // 6], phones[len(phones) // 6 :]
    run.idle_before = round(bench.wait_quiet(settings.quiet_wait), 2)
    found["load"] = {"busy_cores_before": run.idle_before, "loadavg": [round(x, 2) for x in os.getloadavg()]}
    server = bench.Server(settings, env, settings.workers, f"{run.name}-tickets")
    try:
        server.wait_ready()
        kiosks = open_kiosks(bench, server.base, setup["halls"])
        files = {}
        for name, lines in (("kiosk-warm", kiosk_lines(kiosks, 20_000)), ("kiosk", kiosk_lines(kiosks, 50_000)),
                            ("phone-warm", warm_phones), ("phone", phones)):  # fmt: skip
            files[name] = bench.VAR / f"ticket-lines-{name}.txt"
            files[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
        lua = bench.BENCH / "ticket.lua"
        threads = str(bench.THREADS)
        plan = [
            (bench.Scenario("health", ["/api/v1/health"], "GET /api/v1/health (trivial JSON view)"), None),
            (
                bench.Scenario("kiosk_ticket", [], "POST /kiosk/ticket/ (a kiosk's browser, nobody signed in)",
                               script=lua, script_args=[str(files["kiosk"]), threads]),
                bench.Scenario("kiosk_ticket", [], "", script=lua, script_args=[str(files["kiosk-warm"]), threads]),
            ),
            (
                bench.Scenario("phone_ticket", [], "POST /halls/<hall>/ticket/ (a signed-in phone, once per group)",
                               script=lua, script_args=[str(files["phone"]), threads]),
                bench.Scenario("phone_ticket", [], "", script=lua, script_args=[str(files["phone-warm"]), threads]),
            ),
        ]  # fmt: skip
        health_rps = None
        for scenario, warm in plan:
            result = bench.measure_load(
                settings, server, run.name, scenario, run.ticket_results, health_rps=health_rps, warmup=warm
            )
            health_rps = health_rps or result["rps"]
            if warm:
                bench.log(
                    f"{run.name}: {scenario.name}: {result.get('ok', 0)} redirects, {result.get('unexpected', 0)} other"
                )
            if result.get("ran_out"):
                bench.log(f"{run.name}: WARNING {scenario.name} used up its lines: requests were sent again")
    finally:
        found["server_log"] = server.log_lines()[-20:]
        server.stop()
    found["check"] = gen(bench, run, "tickets_check", ["check"], env)
    bench.log(f"{run.name}: tickets check {found['check']}")


def load_lines(runs: list[Any]) -> list[str]:
    lines = []
    for run in runs:
        load = run.tickets.get("load")
        if load:
            average = " / ".join(f"{x:.2f}" for x in load["loadavg"])
            lines.append(
                f"- Machine load ({run.name}): {load['busy_cores_before']:.2f} of 2 cores busy with other work just "
                f'before, load average {average} (1/5/15 min); "other cores" is the rest of the machine during each '
                "scenario. CPU ms/req (gunicorn + PostgreSQL per request) depends little on the load."
            )
    return lines


def verdict(result: dict[str, Any]) -> str:
    ok = result["p95_ms"] is not None and result["p95_ms"] < AIM_P95_MS and not result["errors"]
    ok = ok and not result.get("unexpected")
    return ("✅" if ok else "❌") + f" p95 < {AIM_P95_MS:.0f} ms, every answer a ticket"


def markdown(bench: Any, settings: Any, runs: list[Any], started: Any) -> str:
    fmt = bench.fmt
    out = [
        *bench.section_header(BEGIN, settings, started),
        f"- {HALLS} halls with two window groups each; {HALLS * KIOSKS} kiosks opened through /kiosk/start/ (each its "
        f"own device cookie, session and CSRF token); {PEOPLE} signed-in people on their phones, each taking a ticket "
        "in a group at most once (warm-up and run use different people × groups). Cache: Redis.",
        "",
        *load_lines(runs),
        "",
        "| database | scenario | req/s | p50 ms | p95 ms | p99 ms | of health | CPU ms/req | other cores | tickets "
        "(302) | not 302 | aim |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        for name, result in run.ticket_results.items():
            ratio = "1.00" if name == "health" else fmt(result.get("ratio"), 2)
            aim = "" if name == "health" else verdict(result)
            taken = "" if name == "health" else f"{result.get('ok', 0):,}"
            other = "" if name == "health" else f"{result.get('unexpected', 0):,}"
            out.append(
                f"| {run.name} | `{name}` | {result['rps']:,.1f} | {fmt(result['p50_ms'])} | {fmt(result['p95_ms'])} | "
                f"{fmt(result['p99_ms'])} | {ratio} | {fmt(result.get('cpu_ms_per_request'), 2)} | "
                f"{fmt(result.get('cpu_cores', {}).get('other'), 2)} | {taken} | {other} | {aim} |"
            )
    for run in runs:
        check = run.tickets.get("check")
        if check:
            sources = ", ".join(f"{source} {count:,}" for source, count in sorted(check["by_source"].items()))
            out += [
                "",
                f"Check ({run.name}, after the run, warm-up included): {check['tickets']:,} tickets ({sources}); "
                f"numbers 1…n per group without a gap or a repeat: {'✅' if check['numbers_gapless'] else '❌'}; "
                f"people holding two live tickets in a group: {check['doubled']}.",
            ]
    out += ["", END]
    return "\n".join(out)
