"""The licence scenarios of `make bench` (bench/run.py `--only licences`, and part of a full run): for each database,

1. issuance: a fresh database (SQLite var/bench/licences.sqlite3; PostgreSQL govhall_bench_licences), `migrate`, then
   bench/licence_issue.py issues N licences one after another through `licences.services.issue` (signing, log
   append, rows): licences/s and the per-issuance p50/p95/p99;
2. verification under wrk against gunicorn: `GET /api/v1/licences/verify/<id>` and the page `/verify/<id>` over the
   issued identifiers in rotation, beside the trivial view of the same run;
3. the transparency log at LOG_ENTRIES entries (bench/log_bench.py, in a database kept between runs —
   var/bench/log.sqlite3, govhall_bench_log — and grown when smaller): build time, inclusion and consistency proof p95.

The helpers of bench/run.py come in as `bench` (the module), so that this file does not import it back."""

import json
import os
import sys
import time
from typing import Any

LICENCES_PG_URL = os.environ.get("BENCH_LICENCES_PG_URL", "postgres://postgres@127.0.0.1:5432/govhall_bench_licences")
LOG_PG_URL = os.environ.get("BENCH_LOG_PG_URL", "postgres://postgres@127.0.0.1:5432/govhall_bench_log")
BEGIN, END = "<!-- bench:licences:begin -->", "<!-- bench:licences:end -->"
AIM_VERIFY_P95_MS = 50.0
ROTATION = 500  # identifiers in the wrk rotation


def measure(bench: Any, settings: Any, run: Any) -> None:
    sqlite = run.name == "sqlite"
    url = f"sqlite:///{bench.VAR / 'licences.sqlite3'}" if sqlite else LICENCES_PG_URL
    env = {**bench.environment(settings, url), "LICENCE_DEVELOPMENT_KEYS": "true"}
    bench.recreate_database(run, url)
    bench.run_step(run, "licences_migrate", bench.manage(settings, "migrate", "--noinput", "-v", "0"), env, 900)
    ids = bench.VAR / f"licence-ids-{run.name}.txt"
    out = bench.run_step(
        run, "licences_issue",
        [sys.executable, str(bench.BENCH / "licence_issue.py"), "--count", str(settings.licences), "--identifiers",
         str(ids)], env, 3600,
    )  # fmt: skip
    run.licences["issuance"] = json.loads(out.strip().splitlines()[-1])
    issuance = run.licences["issuance"]
    bench.log(
        f"{run.name}: {issuance['count']} licences issued at {issuance['per_second']}/s "
        f"(p50 {issuance['p50_ms']} ms, p95 {issuance['p95_ms']} ms)"
    )
    identifiers = ids.read_text().split()[:ROTATION]
    plan = [
        bench.Scenario("health", ["/api/v1/health"], "GET /api/v1/health (trivial JSON view)"),
        bench.Scenario(
            "api_verify", [f"/api/v1/licences/verify/{i}" for i in identifiers],
            f"GET /api/v1/licences/verify/<id> ({len(identifiers)} licences in rotation)",
        ),
        bench.Scenario(
            "page_verify", [f"/verify/{i}" for i in identifiers], f"GET /verify/<id> HTML ({len(identifiers)} in rotation)"
        ),
    ]  # fmt: skip
    run.idle_before = round(bench.wait_quiet(settings.quiet_wait), 2)
    server = bench.Server(settings, env, settings.workers, f"{run.name}-licences")
    try:
        server.wait_ready()
        for scenario in plan[1:]:
            status, body, seconds = bench.fetch(server.base + scenario.paths[0])
            if status != 200:
                raise SystemExit(f"bench: {scenario.paths[0]} answered {status}: {body[:300]!r}")
            run.licences[f"{scenario.name}_first_ms"] = round(seconds * 1000, 1)
        health_rps = None
        for scenario in plan:
            result = bench.measure_load(
                settings, server, run.name, scenario, run.licence_results, health_rps=health_rps
            )
            health_rps = health_rps or result["rps"]
    finally:
        server.stop()
    measure_log(bench, settings, run)


def measure_log(bench: Any, settings: Any, run: Any) -> None:
    url = f"sqlite:///{bench.VAR / 'log.sqlite3'}" if run.name == "sqlite" else LOG_PG_URL
    env = bench.environment(settings, url)
    if run.name == "postgres":
        ensure_database(url)
    bench.run_step(run, "log_migrate", bench.manage(settings, "migrate", "--noinput", "-v", "0"), env, 900)
    started = time.monotonic()
    out = bench.run_step(
        run, "log_bench",
        [sys.executable, str(bench.BENCH / "log_bench.py"), "--entries", str(settings.log_entries)], env, 7200,
    )  # fmt: skip
    run.licences["log"] = {
        **json.loads(out.strip().splitlines()[-1]),
        "step_seconds": round(time.monotonic() - started),
    }
    found = run.licences["log"]
    bench.log(
        f"{run.name}: log of {found['entries']:,} entries ({found['built']:,} appended now in {found['build_seconds']} s): "
        f"inclusion p95 {found['inclusion_p95_ms']} ms, consistency p95 {found['consistency_p95_ms']} ms"
    )


def ensure_database(url: str) -> None:
    """The kept log database: created when missing, never dropped (growing it to a million entries takes minutes)."""
    import urllib.parse

    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(parts._replace(path="/postgres").geturl(), autocommit=True, connect_timeout=10) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def verdict(name: str, result: dict[str, Any]) -> str:
    if name == "health":
        return ""
    p95 = result.get("p95_ms")
    return ("✅" if p95 is not None and p95 < AIM_VERIFY_P95_MS else "❌") + f" p95 < {AIM_VERIFY_P95_MS:.0f} ms"


def markdown(bench: Any, settings: Any, runs: list[Any], started: Any) -> str:
    fmt = bench.fmt
    out = [
        *bench.section_header(BEGIN, settings, started),
        "",
        "| database | licences issued | licences/s | issuance p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        issuance = run.licences.get("issuance")
        if issuance:
            out.append(
                f"| {run.name} | {issuance['count']:,} | {issuance['per_second']:.1f} | {fmt(issuance.get('p50_ms'))} | "
                f"{fmt(issuance.get('p95_ms'))} | {fmt(issuance.get('p99_ms'))} |"
            )
    out += [
        "",
        "| database | scenario | req/s | p50 ms | p95 ms | p99 ms | of health | errors | aim |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        for name, result in run.licence_results.items():
            ratio = "1.00" if name == "health" else fmt(result.get("ratio"), 2)
            out.append(
                f"| {run.name} | `{name}` | {result['rps']:,.1f} | {fmt(result['p50_ms'])} | {fmt(result['p95_ms'])} | "
                f"{fmt(result['p99_ms'])} | {ratio} | {result['errors']} | {verdict(name, result)} |"
            )
    out += [
        "",
        "| database | log entries | appended this run | build s | inclusion proof p95 ms | consistency proof p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        found = run.licences.get("log")
        if found:
            out.append(
                f"| {run.name} | {found['entries']:,} | {found['built']:,} | {found['build_seconds']} | "
                f"{found['inclusion_p95_ms']} | {found['consistency_p95_ms']} |"
            )
    out += [
        "",
        "Issuance is one licence after another in one process (canonical bytes, SM2 signature with Tongsuo, the log "
        "entry and its subtrees, the licence, event and audit rows, each issuance its own transaction). The log's "
        "proofs are computed from the stored subtrees (two queries) and checked; a build time of 0 means the kept log "
        "database already had the entries.",
        "",
        END,
    ]
    return "\n".join(out)
