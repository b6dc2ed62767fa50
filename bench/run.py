"""`make bench`: search speed and search quality of GovHall, on SQLite and on PostgreSQL.

For each database: a fresh database (SQLite var/bench/bench.sqlite3; PostgreSQL govhall_bench, dropped and recreated),
`migrate`, `load_demo`, search quality over bench/search_eval.json (demo catalog), the catalog grown to 20,000 items
(bench/generate_catalog.py), then gunicorn (sync workers) on 127.0.0.1 loaded with wrk at 32 connections:

    health          GET /api/v1/health                 the trivial JSON view every other figure is compared with
    api_search      GET /api/v1/catalog/items?q=...    realistic queries (Chinese, pinyin, questions, some filters)
    portal_search   GET /search/?q=...                 the same queries, as the HTML search page

Results are printed and written to docs/performance.md (between the generated-section markers) and var/bench/.

    .venv/bin/python bench/run.py [--db sqlite|postgres|both] [--quick] [--workers N] [--sweep 2,3,4,5]
"""

import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VAR = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "performance.md"
LUA = BENCH / "paths.lua"
EVAL = BENCH / "search_eval.json"
DEMO_FILES = ["demo_departments.json", "demo_guides.json", "demo_halls.json", "demo_themes.json",
              "demo_life_events.json", "demo_synonyms.json"]  # fmt: skip
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/govhall_bench")
DEFAULT_WORKERS = 4
CONNECTIONS = 32
THREADS = 2
AIM_P95_MS = 30.0
AIM_RATIO = 0.5
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
CLK_TCK = os.sysconf("SC_CLK_TCK")

# The queries people type, as the benchmark sends them: (q, filters). "{theme:slug}" and "{department:name}" are
# resolved against the running catalog (a query whose placeholder is not found there is left out).
QUERIES: list[tuple[str, dict[str, str]]] = [
    ("开饭店", {}),
    ("户口", {}),
    ("营业执照", {}),
    ("残疾人", {}),
    ("社保", {}),
    ("spjy", {}),
    ("怎么办理营业执照", {}),
    ("新生儿上户口", {}),
    ("身份证补办", {}),
    ("公积金提取", {}),
    ("食品经营许可", {}),
    ("低保", {}),
    ("结婚登记", {}),
    ("异地就医备案", {}),
    ("shebaoka", {}),
    ("不动产登记", {}),
    ("残疾人证", {"audience": "person"}),
    ("营业执照", {"audience": "legal", "online": "one"}),
    ("社保", {"theme": "{theme:shebao}"}),
    ("开饭店", {"item_type": "01"}),
    ("户口", {"page": "2"}),
    ("养老保险", {"department": "{department:区人社局}"}),
]


@dataclass
class Settings:
    databases: list[str]
    quick: bool
    workers: int
    duration: int
    warmup: int
    total: int
    src: Path
    sweep: list[int]
    write_doc: bool
    reuse: bool
    quiet_wait: float


@dataclass
class Scenario:
    name: str
    paths: list[str]
    description: str


@dataclass
class DatabaseRun:
    name: str
    url: str
    steps: dict[str, float] = field(default_factory=dict)
    catalog: dict[str, Any] = field(default_factory=dict)
    quality: dict[str, Any] | None = None
    quality_note: str = ""
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    memory: dict[str, Any] = field(default_factory=dict)
    probes: list[dict[str, Any]] = field(default_factory=list)
    sweep: list[dict[str, Any]] = field(default_factory=list)
    server_log: list[str] = field(default_factory=list)
    database_settings: dict[str, str] = field(default_factory=dict)
    idle_before: float | None = None


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------------------------------------------------- set-up


def environment(settings: Settings, url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SETTINGS_MODULE": "govhall.settings",
            "PYTHONPATH": str(settings.src),
            "GOVHALL_SRC": str(settings.src),
            "GOVHALL_VAR_DIR": str(VAR),
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def run_step(run: DatabaseRun, step: str, command: list[str], env: dict[str, str], timeout: int) -> str:
    started = time.monotonic()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    run.steps[step] = round(time.monotonic() - started, 1)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"bench: step {step!r} failed on {run.name} (exit {done.returncode})")
    log(f"{run.name}: {step} done in {run.steps[step]} s")
    return done.stdout


def manage(settings: Settings, *arguments: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *arguments]


def recreate_database(run: DatabaseRun) -> None:
    if run.name == "sqlite":
        path = Path(urllib.parse.urlparse(run.url).path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    parts = urllib.parse.urlparse(run.url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or "bench" not in name:
        raise SystemExit(f"bench: refusing to drop database {name!r} (the name must contain 'bench')")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def postgres_settings(url: str) -> dict[str, str]:
    import psycopg

    names = ["server_version", "shared_buffers", "work_mem", "effective_cache_size", "max_connections", "jit"]
    with psycopg.connect(url, connect_timeout=10) as connection:
        return {name: str(connection.execute(f"SHOW {name}").fetchone()[0]) for name in names}  # type: ignore[index]


def catalog_size(settings: Settings, env: dict[str, str]) -> int:
    code = "from govhall.catalog.models import Item; print(Item.objects.count())"
    done = subprocess.run(
        manage(settings, "shell", "-c", code), cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    try:
        return int(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return -1


def prepare(settings: Settings, run: DatabaseRun) -> dict[str, str]:
    env = environment(settings, run.url)
    if settings.reuse and catalog_size(settings, env) >= settings.total:
        log(f"{run.name}: reusing the existing {settings.total}-item catalog (--reuse)")
        run_step(run, "migrate", manage(settings, "migrate", "--noinput", "-v", "0"), env, 600)
        run.quality_note = "not measured (--reuse)"
        run.catalog = {"items": catalog_size(settings, env), "reused": True}
        return env
    log(f"{run.name}: recreating the database")
    recreate_database(run)
    run_step(run, "migrate", manage(settings, "migrate", "--noinput", "-v", "0"), env, 600)
    missing = [name for name in DEMO_FILES if not (settings.src / "govhall" / "catalog" / "data" / name).is_file()]
    if missing:
        log(f"{run.name}: demo data missing ({', '.join(missing)}): importing the district list instead")
        csv = settings.src / "govhall" / "catalog" / "data" / "guangan-district-items.csv"
        run_step(run, "import_items", manage(settings, "import_items", str(csv)), env, 900)
        run.quality_note = f"not measured: demo data missing ({', '.join(missing)})"
    else:
        run_step(run, "load_demo", manage(settings, "load_demo"), env, 900)
        if EVAL.is_file():
            out = run_step(
                run, "search_quality", [sys.executable, str(BENCH / "search_quality.py"), "--json"], env, 600
            )
            run.quality = json.loads(out.strip().splitlines()[-1])
        else:
            run.quality_note = "not measured: bench/search_eval.json missing"
    out = run_step(
        run, "generate_catalog", [sys.executable, str(BENCH / "generate_catalog.py"), "--total", str(settings.total)],
        env, 900,
    )  # fmt: skip
    run.catalog = json.loads(out.strip().splitlines()[-1])
    return env


def collectstatic(settings: Settings) -> None:
    env = environment(settings, f"sqlite:///{VAR / 'collectstatic.sqlite3'}")
    started = time.monotonic()
    done = subprocess.run(
        manage(settings, "collectstatic", "--noinput", "-v", "0"), cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=600, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-3000:])
        raise SystemExit("bench: collectstatic failed")
    log(f"collectstatic done in {time.monotonic() - started:.1f} s")


# ---------------------------------------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(part) for part in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def fetch(url: str, timeout: float = 30.0) -> tuple[int, bytes, float]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # only http://127.0.0.1 URLs are built here
            return response.status, response.read(), time.perf_counter() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.perf_counter() - started


class Server:
    def __init__(self, settings: Settings, env: dict[str, str], workers: int, label: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.log_path = VAR / f"gunicorn-{label}.log"
        self.log_path.unlink(missing_ok=True)
        command = [
            sys.executable, "-m", "gunicorn", "govhall.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers), "--worker-class", "sync",
            "--chdir", str(settings.src), "--error-logfile", str(self.log_path), "--log-level", "warning",
            "--graceful-timeout", "5",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def wait_ready(self, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"bench: gunicorn exited ({self.process.returncode}); see {self.log_path}")
            try:
                status, _, _ = fetch(f"{self.base}/api/v1/health", timeout=2)
                if status == 200 and len(self.worker_pids()) == self.workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"bench: gunicorn did not answer /api/v1/health within {seconds:.0f} s")

    def worker_pids(self) -> list[int]:
        return children(self.process.pid)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # quick shutdown: nothing of interest is in flight
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log_lines(self) -> list[str]:
        if not self.log_path.is_file():
            return []
        return [line for line in self.log_path.read_text(errors="replace").splitlines() if line.strip()]


def memory(pids: list[int]) -> dict[str, Any]:
    """RSS (and PSS, which splits the pages forked workers share) of the given processes, in MiB."""
    rss, pss = [], []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            rss.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)  # type: ignore[union-attr]
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            pss.append(int(re.search(r"Pss:\s+(\d+)", rollup).group(1)) / 1024)  # type: ignore[union-attr]
        except (OSError, AttributeError):
            continue
    return {
        "workers": len(rss),
        "rss_mean": round(statistics.mean(rss), 1) if rss else None,
        "rss_max": round(max(rss), 1) if rss else None,
        "rss_total": round(sum(rss), 1),
        "pss_total": round(sum(pss), 1) if pss else None,
    }


# ------------------------------------------------------------------------------------------------------- CPU usage


def cpu_snapshot(master: int | None) -> dict[str, Any]:
    """CPU seconds used so far by each gunicorn process (the master and its children) and each PostgreSQL process, and
    by the whole machine (busy, not idle)."""
    processes: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        command = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        pid, parent = int(entry.name), int(fields[1])
        # utime + stime, plus cutime + cstime: the CPU of children that ended and were reaped (a gunicorn worker
        # killed on timeout; PostgreSQL backends and per-query parallel workers, reaped by the postmaster).
        seconds = sum(int(value) for value in fields[11:15]) / CLK_TCK
        if master is not None and master in (pid, parent):
            processes[pid] = ("gunicorn", seconds)
        elif command in ("postgres", "postmaster"):
            processes[pid] = ("postgres", seconds)
    ticks = [int(value) for value in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return {
        "processes": processes,
        "machine_busy": (sum(ticks) - ticks[3] - ticks[4]) / CLK_TCK,
        "wall": time.monotonic(),
    }


def cpu_used(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """CPU seconds per group between two snapshots. A process started meanwhile counts from zero; one that ended
    meanwhile is counted in its parent's reaped-children time."""
    used = {"gunicorn": 0.0, "postgres": 0.0}
    for pid, (group, seconds) in after["processes"].items():
        previous = before["processes"].get(pid)
        used[group] += seconds - (previous[1] if previous and previous[0] == group else 0.0)
    used["machine_busy"] = after["machine_busy"] - before["machine_busy"]
    return used


def machine_busy(seconds: float = 1.0) -> float:
    """Cores busy over the next `seconds` (from /proc/stat)."""
    before = cpu_snapshot(None)
    time.sleep(seconds)
    after = cpu_snapshot(None)
    return (after["machine_busy"] - before["machine_busy"]) / (after["wall"] - before["wall"])


def wait_quiet(limit: float) -> float:
    """Waits (at most `limit` seconds) until other work on the machine leaves it nearly idle, so that the figures are
    this benchmark's own. Returns the busy cores measured last."""
    deadline = time.monotonic() + limit
    busy = machine_busy()
    if busy > 0.3:
        log(f"machine busy with other work ({busy:.2f} cores); waiting up to {limit:.0f} s for it to settle")
    while busy > 0.3 and time.monotonic() < deadline:
        busy = machine_busy(3.0)
    if busy > 0.3:
        log(f"WARNING: the machine is still busy with other work ({busy:.2f} cores): figures will be low")
    return busy


# -------------------------------------------------------------------------------------------------------- scenarios


def resolve_placeholders(base: str) -> dict[str, str]:
    """Values for the "{theme:slug}" and "{department:name}" placeholders of QUERIES, from the running catalog."""
    found: dict[str, str] = {}
    status, body, _ = fetch(f"{base}/api/v1/catalog/themes")
    if status == 200:
        found |= {f"theme:{theme['slug']}": theme["slug"] for theme in json.loads(body) if theme["item_count"]}
    status, body, _ = fetch(f"{base}/api/v1/catalog/departments")
    if status == 200:
        found |= {f"department:{row['name']}": str(row["id"]) for row in json.loads(body) if row["item_count"]}
    return found


def query_params(q: str, filters: dict[str, str], placeholders: dict[str, str], *, api: bool) -> str | None:
    params = {"q": q}
    for key, value in filters.items():
        if value.startswith("{"):
            value = placeholders.get(value.strip("{}"), "")
            if not value:
                return None
        if key == "page" and api:
            params["offset"] = str((int(value) - 1) * 20)
            continue
        params[key] = value
    if api:
        params["limit"] = "20"
    return urllib.parse.urlencode(params, quote_via=urllib.parse.quote)


def scenarios(base: str) -> list[Scenario]:
    placeholders = resolve_placeholders(base)
    api, portal = [], []
    for q, filters in QUERIES:
        for target, prefix, is_api in ((api, "/api/v1/catalog/items?", True), (portal, "/search/?", False)):
            params = query_params(q, filters, placeholders, api=is_api)
            if params is not None:
                target.append(prefix + params)
    return [
        Scenario("health", ["/api/v1/health"], "GET /api/v1/health (trivial JSON view)"),
        Scenario("api_search", api, f"GET /api/v1/catalog/items?q=… ({len(api)} queries in rotation)"),
        Scenario("portal_search", portal, f"GET /search/?q=… HTML page ({len(portal)} queries in rotation)"),
    ]


def probe(base: str, scenario: Scenario, budget: float = 180.0) -> list[dict[str, Any]]:
    """Requests each path, one request at a time: every path must answer 200. Records the unloaded time (the median of
    three requests after a first one, unless that first one was already slow) and the match count."""
    found = []
    deadline = time.monotonic() + budget
    for path in scenario.paths:
        entry: dict[str, Any] = {"path": urllib.parse.unquote(path), "ms": None}
        found.append(entry)
        if time.monotonic() > deadline:
            entry["note"] = "skipped (probe time budget spent)"
            continue
        try:
            status, body, seconds = fetch(base + path, timeout=30)
            if status == 200 and seconds < 2:  # then the median of three more (workers and connections warm up)
                timings = []
                for _ in range(3):
                    status, body, took = fetch(base + path, timeout=30)
                    timings.append(took)
                seconds = statistics.median(timings)
        except (TimeoutError, urllib.error.URLError) as error:
            entry["note"] = f"no answer in 30 s ({error})"
            continue
        if status != 200:
            raise SystemExit(f"bench: {path} answered {status}: {body[:300]!r}")
        entry["ms"] = round(seconds * 1000, 1)
        if scenario.name == "api_search":
            entry["count"] = json.loads(body)["count"]
    return found


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wrk(base: str, scenario: Scenario, seconds: int, server: Server) -> dict[str, Any]:
    paths_file = VAR / f"paths-{scenario.name}.txt"
    paths_file.write_text("\n".join(scenario.paths) + "\n")
    command = [
        "wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(LUA), base,
        "--", str(paths_file),
    ]  # fmt: skip
    before = cpu_snapshot(server.process.pid)
    wrk_before = children_cpu()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)
    except subprocess.TimeoutExpired as error:
        raise SystemExit(f"bench: wrk did not finish {scenario.name} in time") from error
    wrk_cpu = children_cpu() - wrk_before  # wrk is the only child reaped meanwhile
    after = cpu_snapshot(server.process.pid)
    line = next((line for line in done.stdout.splitlines() if line.startswith("WRK_JSON ")), None)
    if line is None:
        raise SystemExit(f"bench: wrk gave no result for {scenario.name}:\n{done.stdout}\n{done.stderr}")
    result: dict[str, Any] = json.loads(line.removeprefix("WRK_JSON "))
    elapsed = result["duration_us"] / 1e6
    result["seconds"] = round(elapsed, 2)
    result["rps"] = result["requests"] / elapsed if elapsed else 0.0
    for key in ("p50", "p75", "p90", "p95", "p99", "mean", "max"):
        result[f"{key}_ms"] = result[f"{key}_us"] / 1000
    result["errors"] = sum(
        result[key] for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts")
    )
    wall = after["wall"] - before["wall"]
    used = cpu_used(before, after)
    cores = {key: value / wall for key, value in used.items()}
    cores["wrk"] = wrk_cpu / wall
    # Whatever else ran on the machine meanwhile: the kernel's network work (not charged to a process; noticeable at
    # thousands of connections per second, as sync workers close each one) and any other job.
    cores["other"] = max(0.0, cores["machine_busy"] - cores["gunicorn"] - cores["postgres"] - cores["wrk"])
    result["cpu_cores"] = {key: round(value, 2) for key, value in cores.items()}
    served = used["gunicorn"] + used["postgres"]
    result["cpu_ms_per_request"] = round(served * 1000 / result["requests"], 2) if result["requests"] else None
    if not result["requests"]:  # nothing answered within the run: there is no latency to report
        for key in ("p50", "p75", "p90", "p95", "p99", "mean", "max"):
            result[f"{key}_ms"] = None
    return result


def summary_line(name: str, result: dict[str, Any], health_rps: float | None) -> str:
    ratio = f"  {result['rps'] / health_rps:5.0%} of health" if health_rps else ""
    errors = f"  errors {result['errors']}" if result["errors"] else ""
    return (
        f"{name:20} {result['rps']:8.1f} req/s  p50 {fmt(result['p50_ms']):>7}  p95 {fmt(result['p95_ms']):>7}  "
        f"p99 {fmt(result['p99_ms']):>7} ms{ratio}{errors}"
    )


def drain(server: Server, seconds: float = 30.0) -> None:
    """Waits (bounded) until the workers have finished what an earlier load left queued: health answers quickly."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _, took = fetch(f"{server.base}/api/v1/health", timeout=seconds)
            if status == 200 and took < 0.05:
                return
        except (TimeoutError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    log(f"server still busy after {seconds:.0f} s; carrying on")


def measure(settings: Settings, run: DatabaseRun, env: dict[str, str]) -> None:
    # First a server to check every path and time it alone; it is thrown away, with any slow request still running.
    # The probe server has the search result cache off, so that the times are those of the search itself.
    server = Server(settings, {**env, "SEARCH_CACHE_SECONDS": "0"}, settings.workers, f"{run.name}-probe")
    try:
        server.wait_ready()
        plan = scenarios(server.base)
        api_probes = probe(server.base, plan[1], budget=45)
        portal_probes = probe(server.base, plan[2], budget=45)
        for entry, portal in zip(api_probes, portal_probes, strict=False):
            entry["portal_ms"] = portal["ms"]
        run.probes = api_probes
    finally:
        run.server_log = server.log_lines()[-30:]  # read before the shutdown adds its own noise
        server.stop()
    log(f"{run.name}: every path answers 200; load: {CONNECTIONS} connections, {THREADS} wrk threads")
    run.idle_before = round(wait_quiet(settings.quiet_wait), 2)
    server = Server(settings, env, settings.workers, run.name)
    try:
        server.wait_ready()
        run.memory["before"] = memory(server.worker_pids())
        run.memory["master_before"] = memory([server.process.pid])
        health_rps = None
        for scenario in plan:
            drain(server)
            if settings.warmup:
                wrk(server.base, scenario, settings.warmup, server)
                drain(server)
            result = wrk(server.base, scenario, settings.duration, server)
            result["description"] = scenario.description
            if scenario.name == "health":
                health_rps = result["rps"]
            result["ratio"] = result["rps"] / health_rps if health_rps else None
            run.results[scenario.name] = result
            log(f"{run.name}: {summary_line(scenario.name, result, health_rps)}")
        run.memory["after"] = memory(server.worker_pids())
        run.memory["master_after"] = memory([server.process.pid])
    finally:
        run.server_log += server.log_lines()[-30:]
        server.stop()
    # The same API queries with the search result cache off: what a query nobody asked recently costs.
    uncached = Scenario("api_search_uncached", plan[1].paths, plan[1].description + ", SEARCH_CACHE_SECONDS=0")
    server = Server(settings, {**env, "SEARCH_CACHE_SECONDS": "0"}, settings.workers, f"{run.name}-uncached")
    try:
        server.wait_ready()
        if settings.warmup:
            wrk(server.base, uncached, settings.warmup, server)
            drain(server)
        result = wrk(server.base, uncached, settings.duration, server)
        result["description"] = uncached.description
        result["ratio"] = result["rps"] / health_rps if health_rps else None
        run.results[uncached.name] = result
        log(f"{run.name}: {summary_line(uncached.name, result, health_rps)}")
    finally:
        run.server_log += server.log_lines()[-30:]
        server.stop()


def sweep(settings: Settings, run: DatabaseRun, env: dict[str, str]) -> None:
    """Short runs of health and api_search with each worker count, to choose --workers."""
    seconds = 5 if settings.quick else 8
    for workers in settings.sweep:
        wait_quiet(min(settings.quiet_wait, 60))
        server = Server(settings, env, workers, f"{run.name}-sweep{workers}")
        try:
            server.wait_ready()
            plan = {scenario.name: scenario for scenario in scenarios(server.base)}
            entry: dict[str, Any] = {"workers": workers}
            for name in ("health", "api_search", "portal_search"):
                drain(server)
                wrk(server.base, plan[name], 2, server)
                drain(server)
                result = wrk(server.base, plan[name], seconds, server)
                entry[name] = {key: result[key] for key in ("rps", "p50_ms", "p95_ms", "p99_ms")}
                entry[name]["errors"] = result["errors"]
            run.sweep.append(entry)
            log(
                f"{run.name}: sweep {workers} workers: "
                + ", ".join(
                    f"{name} {entry[name]['rps']:.0f} req/s p95 {fmt(entry[name]['p95_ms'])} ms"
                    for name in ("health", "api_search", "portal_search")
                )
            )
        finally:
            server.stop()


# ---------------------------------------------------------------------------------------------------------- report


def machine() -> dict[str, str]:
    import sqlite3

    import django
    import gunicorn

    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False).stdout
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu.group(1).strip() if cpu else "?",
        "memory": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "?",
        "kernel": os.uname().release,
        "python": sys.version.split()[0],
        "django": django.__version__,
        "gunicorn": gunicorn.__version__,
        "sqlite": sqlite3.sqlite_version,
        "wrk": wrk_version.split(" [")[0].strip() or "?",
    }


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def verdict(result: dict[str, Any]) -> str:
    fast = result["p95_ms"] is not None and result["p95_ms"] < AIM_P95_MS
    share = (result.get("ratio") or 0) >= AIM_RATIO
    return ("✅" if fast else "❌") + " p95 / " + ("✅" if share else "❌") + " ratio"


def analysis(run: DatabaseRun) -> list[str]:
    """Where the two cores go, computed from the CPU accounting of the measured runs."""
    lines = []
    health = run.results.get("health")
    for name, result in run.results.items():
        cores = result["cpu_cores"]
        lines.append(
            f"- `{name}`: machine busy {cores['machine_busy']:.2f} of {os.cpu_count()} cores — gunicorn "
            f"{cores['gunicorn']:.2f}, PostgreSQL {cores['postgres']:.2f}, wrk {cores['wrk']:.2f}, "
            f"kernel and other {cores.get('other', 0):.2f}; "
            f"{fmt(result['cpu_ms_per_request'], 2)} ms of server CPU (gunicorn + database) per request."
        )
    # The trivial view's "other" is mostly the kernel's TCP work for ~2,000 new connections a second: not a disturbance.
    searches = [result for name, result in run.results.items() if name != "health"]
    disturbed = max((result["cpu_cores"].get("other", 0.0) for result in searches), default=0.0)
    if disturbed > 0.25:
        lines.append(
            f"- ⚠ Other processes used up to {disturbed:.2f} cores during these runs: the req/s and latencies above are "
            "lower than this stack gives on a quiet machine (the CPU per request is not affected much)."
        )
    for name, search in run.results.items():
        if name == "health" or not (health and health["cpu_ms_per_request"] and search["cpu_ms_per_request"]):
            continue
        extra = search["cpu_ms_per_request"] - health["cpu_ms_per_request"]
        capacity = 1000 * (os.cpu_count() or 1) / search["cpu_ms_per_request"]  # CPU-bound ceiling
        lines.append(
            f"- `{name}` costs {search['cpu_ms_per_request'] / health['cpu_ms_per_request']:.1f}× the CPU of the "
            f"trivial view ({extra:.2f} ms more per request): at most ≈ {capacity:,.0f} req/s on "
            f"{os.cpu_count()} cores even with nothing else running."
        )
    return lines


def markdown(settings: Settings, runs: list[DatabaseRun], info: dict[str, str], started: datetime) -> str:
    out = [
        BEGIN,
        "",
        f"_Generated by `make bench` (`bench/run.py`) on {started:%Y-%m-%d %H:%M} "
        f"{'(--quick: short runs, indicative only) ' if settings.quick else ''}— do not edit between the markers._",
        "",
        "### Set-up",
        "",
        f"- Command: `make bench` (= `{Path(sys.executable).relative_to(ROOT) if sys.executable.startswith(str(ROOT)) else sys.executable} "
        f"bench/run.py {' '.join(sys.argv[1:])}`)".replace("  ", " ").replace(" `)", "`)"),
        f"- Machine: {info['nproc']} cores ({info['cpu']}), {info['memory']} RAM, Linux {info['kernel']}",
        f"- Software: Python {info['python']}, Django {info['django']}, gunicorn {info['gunicorn']} "
        f"(sync workers), SQLite {info['sqlite']}, {info['wrk']}",
        f"- Load: wrk, {CONNECTIONS} connections, {THREADS} threads, {settings.duration} s per scenario after "
        f"{settings.warmup} s of warm-up, all on the same machine as the server (wrk's CPU is counted below); "
        f"gunicorn `--workers {settings.workers}`; DEBUG off.",
        f"- Catalog: demo catalog grown to {settings.total:,} published items (`bench/generate_catalog.py`).",
        f"- Aims: p95 < {AIM_P95_MS:.0f} ms and at least {AIM_RATIO:.0%} of the trivial view's req/s.",
        "",
    ]
    for run in runs:
        title = "SQLite" if run.name == "sqlite" else "PostgreSQL"
        if run.database_settings:
            settings_text = ", ".join(f"{key} {value}" for key, value in run.database_settings.items())
            title += f" ({settings_text})"
        out += [f"### {title}", ""]
        if run.results:
            out += [
                "| scenario | req/s | p50 ms | p95 ms | p99 ms | ratio to trivial | errors | aims |",
                "|---|---:|---:|---:|---:|---:|---:|---|",
            ]
            for name, result in run.results.items():
                ratio = "1.00" if name == "health" else fmt(result.get("ratio"), 2)
                aims = "" if name == "health" else verdict(result)
                out.append(
                    f"| {name} | {fmt(result['rps'])} | {fmt(result['p50_ms'])} | {fmt(result['p95_ms'])} | "
                    f"{fmt(result['p99_ms'])} | {ratio} | {result['errors'] if result['requests'] else 'none answered'} | "
                    f"{aims} |"
                )
            out += ["", "Where the CPU goes:", "", *analysis(run), ""]
        if run.memory:
            before, after = run.memory.get("before", {}), run.memory.get("after", {})
            out += [
                "Gunicorn memory (per worker RSS from /proc; PSS total splits the pages workers share):",
                "",
                "| | workers | RSS mean MiB | RSS max MiB | RSS total MiB | PSS total MiB |",
                "|---|---:|---:|---:|---:|---:|",
            ]
            for label, figures in (("before load", before), ("after load", after)):
                if figures:
                    out.append(
                        f"| {label} | {figures['workers']} | {fmt(figures['rss_mean'])} | {fmt(figures['rss_max'])} "
                        f"| {fmt(figures['rss_total'])} | {fmt(figures['pss_total'])} |"
                    )
            master = run.memory.get("master_after", {})
            if master:
                out.append(f"\nMaster process: {fmt(master['rss_total'])} MiB RSS.")
            out.append("")
        if run.probes:
            out += [
                "Unloaded response time of each query (one request at a time, result cache off, median of 3 after a "
                "warm-up request) and how many items it matches:",
                "",
                "| query | matches | API ms | page ms |",
                "|---|---:|---:|---:|",
            ]
            for entry in run.probes:
                query = entry["path"].split("?", 1)[1]
                out.append(
                    f"| `{query}` | {fmt(entry.get('count'), 0)} | {fmt(entry['ms'])} | {fmt(entry.get('portal_ms'))} |"
                )
            out.append("")
        if run.sweep:
            out += ["Worker-count sweep (short runs):", "", "| workers | health req/s | api_search req/s | "
                    "api_search p95 | portal_search req/s | portal_search p95 |", "|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
            for entry in run.sweep:
                out.append(
                    f"| {entry['workers']} | {fmt(entry['health']['rps'])} | {fmt(entry['api_search']['rps'])} | "
                    f"{fmt(entry['api_search']['p95_ms'])} | {fmt(entry['portal_search']['rps'])} | "
                    f"{fmt(entry['portal_search']['p95_ms'])} |"
                )
            out.append("")
        steps = ", ".join(f"{step} {seconds:.0f} s" for step, seconds in run.steps.items())
        if steps:
            out += [f"Set-up time: {steps}.", ""]
        out += quality_markdown(run)
        if run.server_log:
            out += ["Gunicorn error log (last lines):", "", "```", *run.server_log[-10:], "```", ""]
    out.append(END)
    return "\n".join(out)


def quality_markdown(run: DatabaseRun) -> list[str]:
    quality = run.quality
    if quality is None:
        return [f"Search quality: {run.quality_note or 'not measured'}.", ""]
    out = [
        f"Search quality over `bench/search_eval.json` ({quality['cases']} queries, demo catalog of "
        f"{quality['catalog_items']:,} items, `search_items(query, ItemFilters(), limit=5)`): "
        f"**top-1 {quality['top1']}/{quality['cases']} ({quality['top1_rate']:.0%}), "
        f"top-5 {quality['top5']}/{quality['cases']} ({quality['top5_rate']:.0%})**.",
        "",
    ]
    if quality["misses"]:
        out += ["Not first (✓ = in the top 5 at least):", "", "| query | expected | got (top 5) |", "|---|---|---|"]
        for miss in quality["misses"]:
            mark = "✓ " if miss.get("in_top5") else ""
            expected = " ／ ".join(miss.get("expected_names") or miss["expected"])
            got = " ／ ".join(miss["got"]) or "（无结果）"
            out.append(f"| {mark}{miss['query']} | {expected} | {got} |")
        out.append("")
    if quality["unknown_codes"]:
        out += [f"Expected codes missing from the demo catalog: {', '.join(quality['unknown_codes'])}.", ""]
    return out


DOC_HEADER = """# Performance

How fast GovHall's search is, and how good. Measured by `make bench`; the section between the markers below is
rewritten by every full run (`bench/run.py`), the rest of this page is written by hand.

"""


def write_doc(text: str) -> None:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    current = DOC.read_text(encoding="utf-8") if DOC.is_file() else DOC_HEADER + BEGIN + "\n" + END + "\n"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        DOC.write_text(head + text + tail, encoding="utf-8")
    else:
        DOC.write_text(current.rstrip() + "\n\n" + text + "\n", encoding="utf-8")
    log(f"wrote {DOC.relative_to(ROOT)}")


def print_table(runs: list[DatabaseRun]) -> None:
    print()
    print(f"{'database':10} {'scenario':20} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'ratio':>6} errors")
    for run in runs:
        for name, result in run.results.items():
            ratio = fmt(result.get("ratio"), 2) if name != "health" else "1.00"
            print(
                f"{run.name:10} {name:20} {result['rps']:9.1f} {fmt(result['p50_ms']):>8} {fmt(result['p95_ms']):>8} "
                f"{fmt(result['p99_ms']):>8} {ratio:>6} {result['errors']}"
            )
        if run.quality:
            quality = run.quality
            print(
                f"{run.name:10} search quality: top-1 {quality['top1']}/{quality['cases']} "
                f"({quality['top1_rate']:.0%}), top-5 {quality['top5']}/{quality['cases']} ({quality['top5_rate']:.0%})"
            )
            for miss in quality["misses"]:
                mark = "in top 5" if miss.get("in_top5") else "miss"
                print(f"{'':10}   [{mark}] {miss['query']}: got {' ／ '.join(miss['got'][:3]) or '(nothing)'}")
        elif run.quality_note:
            print(f"{run.name:10} search quality: {run.quality_note}")
    print()


# ------------------------------------------------------------------------------------------------------------ main


def parse(argv: list[str] | None = None) -> Settings:
    parser = argparse.ArgumentParser(description="GovHall search benchmark (make bench).")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="short runs (5 s per scenario) for iteration")
    parser.add_argument(
        "--workers", type=int, default=DEFAULT_WORKERS, help=f"gunicorn workers (default {DEFAULT_WORKERS})"
    )
    parser.add_argument("--duration", type=int, help="seconds per scenario (default 15, --quick 5)")
    parser.add_argument("--total", type=int, default=20_000, help="catalog size (default 20000)")
    parser.add_argument("--sweep", default="", help="also try these worker counts, e.g. 2,3,4,5,6")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the source tree to serve (A/B a patched copy)")
    parser.add_argument("--reuse", action="store_true", help="keep an existing database that already has the catalog")
    parser.add_argument("--doc", dest="write_doc", action="store_true", default=None, help="write docs/performance.md")
    parser.add_argument("--no-doc", dest="write_doc", action="store_false", help="do not write docs/performance.md")
    parser.add_argument(
        "--quiet-wait", type=float, default=60, help="wait up to this many seconds for other work to finish (60)"
    )
    arguments = parser.parse_args(argv)
    duration = arguments.duration or (5 if arguments.quick else 15)
    if not 1 <= duration <= 120 or not 1 <= arguments.workers <= 32:
        parser.error("--duration must be 1–120 s and --workers 1–32")
    sweep_counts = [int(part) for part in arguments.sweep.split(",") if part.strip()]
    if any(not 1 <= count <= 32 for count in sweep_counts):
        parser.error("--sweep worker counts must be 1–32")
    src = arguments.src.resolve()
    default_src = src == (ROOT / "src").resolve()
    return Settings(
        databases=["sqlite", "postgres"] if arguments.db == "both" else [arguments.db],
        quick=arguments.quick,
        workers=arguments.workers,
        duration=duration,
        warmup=1 if arguments.quick else 3,
        total=arguments.total,
        src=src,
        sweep=sweep_counts,
        # The page is rewritten by full runs of the checked-out code, unless asked otherwise.
        write_doc=arguments.write_doc if arguments.write_doc is not None else (not arguments.quick and default_src),
        reuse=arguments.reuse,
        quiet_wait=arguments.quiet_wait,
    )


def main() -> None:
    settings = parse()
    if shutil.which("wrk") is None:
        raise SystemExit("bench: wrk is not installed (scripts/system-deps wrk)")
    if urllib.parse.urlparse(PG_URL).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("bench: BENCH_PG_URL must point at this machine")
    started_at = datetime.now().astimezone()
    started = time.monotonic()
    VAR.mkdir(parents=True, exist_ok=True)
    info = machine()
    log(f"{info['nproc']} cores, {info['memory']}; databases: {', '.join(settings.databases)}; "
        f"{settings.workers} workers; {settings.duration} s per scenario; serving {settings.src}")  # fmt: skip
    collectstatic(settings)
    urls = {"sqlite": f"sqlite:///{VAR / 'bench.sqlite3'}", "postgres": PG_URL}
    runs = []
    for name in settings.databases:
        run = DatabaseRun(name=name, url=urls[name])
        env = prepare(settings, run)
        if name == "postgres":
            run.database_settings = postgres_settings(run.url)
        if settings.sweep:
            sweep(settings, run, env)
        measure(settings, run, env)
        runs.append(run)
    print_table(runs)
    results = {
        "started": started_at.isoformat(timespec="seconds"),
        "seconds": round(time.monotonic() - started, 1),
        "machine": info,
        "settings": {**settings.__dict__, "src": str(settings.src)},
        "runs": [run.__dict__ for run in runs],
    }
    stamp = started_at.strftime("%Y%m%d-%H%M%S")
    (VAR / f"results-{stamp}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    (VAR / "results-latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    text = markdown(settings, runs, info, started_at)
    (VAR / "performance-latest.md").write_text(text + "\n", encoding="utf-8")
    if settings.write_doc:
        write_doc(text)
    else:
        log(
            f"docs/performance.md left as it is; this run's section is in {(VAR / 'performance-latest.md').relative_to(ROOT)}"
        )
    log(f"done in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
