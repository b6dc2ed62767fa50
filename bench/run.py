"""`make bench`: search speed and search quality of GovHall, on SQLite and on PostgreSQL.

For each database: a fresh database (SQLite var/bench/bench.sqlite3; PostgreSQL govhall_bench, dropped and recreated),
`migrate`, `load_demo`, search quality over bench/search_eval.json (demo catalog), the catalog grown to 20,000 items
(bench/generate_catalog.py), then gunicorn (sync workers) on 127.0.0.1 loaded with wrk at 32 connections:

    health          GET /api/v1/health                 the trivial JSON view every other figure is compared with
    api_search      GET /api/v1/catalog/items?q=...    realistic queries (Chinese, pinyin, questions, some filters)
    portal_search   GET /search/?q=...                 the same queries, as the HTML search page

Then the case scenarios (submission and inbox over 1,000,000 cases), the licence scenarios (issuance per second,
the verification API and page under wrk, proofs in a 1,000,000-entry log: bench/licence_bench.py) and the payment
scenarios (signed WeChat Pay notifications under wrk with duplicates mixed in, checked after the run; orders made:
bench/payment_bench.py) and the appointment scenarios (slot queries under wrk, the last places booked by 32 at once:
bench/appointment_bench.py) and ticket taking over HTTP (kiosks and signed-in phones posting the ticket form under
wrk: bench/ticket_bench.py; `--only queue` also runs bench/queue_bench.py, in-process taking and the calling screens'
streams).

Results are printed and written to docs/performance.md (between the generated-section markers) and var/bench/.

    .venv/bin/python bench/run.py [--db sqlite|postgres|both] [--quick] [--workers N] [--sweep 2,3,4,5]
                                  [--only search|cases|licences|payments|appointments|queue] [--licences N]
                                  [--log-entries N]
                                  [--payment-orders N]
"""

import argparse
import hashlib
import http.client
import http.cookies
import json
import os
import re
import resource
import secrets
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import appointment_bench
import licence_bench
import payment_bench
import supervision_bench
import ticket_bench
from processes import children, free_port

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
CASES_BEGIN, CASES_END = "<!-- bench:cases:begin -->", "<!-- bench:cases:end -->"
CASES_PG_URL = os.environ.get("BENCH_CASES_PG_URL", "postgres://postgres@127.0.0.1:5432/govhall_bench_cases")
CASES_SQLITE = Path(os.environ.get("BENCH_CASES_SQLITE", str(VAR / "cases.sqlite3")))
SESSION_LUA = BENCH / "session.lua"
SUBMIT_LUA = BENCH / "submit.lua"
FILTERED_STATE = "submitted"  # the filtered inbox: the 待受理 tab of a window clerk
AIM_SUBMIT_RPS = 300
AIM_SUBMIT_P95_MS = 100.0
AIM_INBOX_P95_MS = 50.0
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
    cases: int = 1_000_000
    only: str = "all"
    regenerate: bool = False
    licences: int = 2000
    log_entries: int = 1_000_000
    payment_orders: int = 20_000
    payment_inprocess: int = 2_000
    payment_create: int = 300


@dataclass
class Scenario:
    name: str
    paths: list[str]
    description: str
    connections: int = CONNECTIONS
    script: Path = LUA
    script_args: list[str] = field(default_factory=list)  # instead of the paths file (submit.lua)
    headers: list[str] = field(default_factory=list)  # wrk -H, e.g. the session cookie


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
    case_url: str = ""
    cases: dict[str, Any] = field(default_factory=dict)
    case_results: dict[str, dict[str, Any]] = field(default_factory=dict)
    case_memory: dict[str, Any] = field(default_factory=dict)
    case_probes: dict[str, Any] = field(default_factory=dict)
    case_server_log: list[str] = field(default_factory=list)
    licences: dict[str, Any] = field(default_factory=dict)
    licence_results: dict[str, dict[str, Any]] = field(default_factory=dict)
    payments: dict[str, Any] = field(default_factory=dict)
    payment_results: dict[str, dict[str, Any]] = field(default_factory=dict)
    appointments: dict[str, Any] = field(default_factory=dict)
    appointment_results: dict[str, dict[str, Any]] = field(default_factory=dict)
    tickets: dict[str, Any] = field(default_factory=dict)
    ticket_results: dict[str, dict[str, Any]] = field(default_factory=dict)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------------------------------------------------- set-up


# The bench's own keys (public, bench data only): DEBUG is off, so the servers refuse to start without them.
BENCH_FIELD_KEY = "YmVuY2gtZmllbGQtZW5jcnlwdGlvbi1rZXktMzJieXQ="
BENCH_INDEX_KEY = "bench-blind-index-key-not-secret-0123456789"


BENCH_LOG_KEY = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8"


def bench_oidc_key() -> Path:
    path = VAR / "bench-oidc-signing-key.pem"
    if not path.is_file():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            rsa.generate_private_key(public_exponent=65537, key_size=2048).private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return path


def environment(settings: Settings, url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "bench",
            "FIELD_ENCRYPTION_KEYS": BENCH_FIELD_KEY,
            "BLIND_INDEX_KEYS": BENCH_INDEX_KEY,
            "OIDC_RSA_PRIVATE_KEY_FILE": str(bench_oidc_key()),
            # The transparency log's SM2 key: the GB/T 32918 example key, public and fit only for a benchmark.
            "LOG_SIGNING_KEY": BENCH_LOG_KEY,
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


def recreate_database(run: DatabaseRun, url: str = "") -> None:
    url = url or run.url
    if run.name == "sqlite":
        path = Path(urllib.parse.urlparse(url).path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    parts = urllib.parse.urlparse(url)
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


# The PostgreSQL databases this benchmark uses: only their backends (and the server's shared background processes)
# count as "PostgreSQL" in the CPU accounting; backends of other databases on the same server are other work.
OUR_DATABASES = {
    urllib.parse.urlparse(url).path.lstrip("/")
    for url in (os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/govhall_bench"),
                os.environ.get("BENCH_CASES_PG_URL", "postgres://postgres@127.0.0.1:5432/govhall_bench_cases"),
                licence_bench.LICENCES_PG_URL, licence_bench.LOG_PG_URL, payment_bench.PAYMENTS_PG_URL,
                appointment_bench.APPOINTMENTS_PG_URL, ticket_bench.TICKETS_PG_URL)
}  # fmt: skip


def postgres_database(entry: Path) -> str | None:
    """The database a PostgreSQL process serves, from its process title ("postgres: user db 127.0.0.1(5432) idle",
    "postgres: autovacuum worker db"); None for the postmaster and the shared background processes."""
    try:
        title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return None
    found = re.match(r"postgres: (?:\S+: )?(?:autovacuum worker (\S+)|\S+ (\S+) (?:\S+\(\d+\)|\[local\]))", title)
    return (found.group(1) or found.group(2)) if found else None


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
            database = postgres_database(entry)
            if database is not None and database not in OUR_DATABASES:
                continue  # a backend of another database on the same server (other work): "other", not ours
            if database is None and parent == 1:  # the postmaster: its own time only, not that of every backend
                seconds = sum(int(value) for value in fields[11:13]) / CLK_TCK  # that ended, whatever its database
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
    api: list[str] = []
    portal: list[str] = []
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
    arguments = scenario.script_args
    if scenario.paths:
        paths_file = VAR / f"paths-{scenario.name}.txt"
        paths_file.write_text("\n".join(scenario.paths) + "\n")
        arguments = [str(paths_file)]
    headers = [part for header in scenario.headers for part in ("-H", header)]
    command = [
        "wrk", f"-t{THREADS}", f"-c{scenario.connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(scenario.script), *headers, base, "--", *arguments,
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


def measure_load(
    settings: Settings,
    server: Server,
    run_name: str,
    scenario: Scenario,
    results: dict[str, Any],
    *,
    health_rps: float | None = None,
    warmup: Scenario | None = None,
) -> dict[str, Any]:
    """One wrk measurement as every bench takes it: the workers drained, a warm-up run (of `warmup`, else the scenario
    itself) when settings.warmup and drained again, then settings.duration seconds of `scenario`. The result gets the
    scenario's description and its ratio to the trivial view (`health_rps`; a scenario named health is its own), is
    stored in results[scenario.name] and logged."""
    drain(server)
    if settings.warmup:
        wrk(server.base, warmup or scenario, settings.warmup, server)
        drain(server)
    result = wrk(server.base, scenario, settings.duration, server)
    result["description"] = scenario.description
    if scenario.name == "health":
        health_rps = result["rps"]
    result["ratio"] = result["rps"] / health_rps if health_rps else None
    results[scenario.name] = result
    log(f"{run_name}: {summary_line(scenario.name, result, health_rps)}")
    return result


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
            result = measure_load(settings, server, run.name, scenario, run.results, health_rps=health_rps)
            health_rps = health_rps or result["rps"]
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
        measure_load(settings, server, run.name, uncached, run.results, health_rps=health_rps)
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


# ------------------------------------------------------------------------------------------------ case scenarios
# The submission and the staff inbox over CASES generated cases (bench/cases_gen.py), in databases of their own
# (var/bench/cases.sqlite3, govhall_bench_cases) that are kept between runs: generating a million cases takes minutes,
# so a database is made again only when the generator, the catalog generator or the sizes changed (a stamp file
# records them); new migrations are applied to the kept database (then ANALYZE), as they would be in production.


def cases_url(name: str) -> str:
    return f"sqlite:///{CASES_SQLITE}" if name == "sqlite" else CASES_PG_URL


def db_value(url: str, sql: str, params: tuple[Any, ...] = ()) -> Any:
    """One value from the benchmark database (None if it cannot be read), without starting Django."""
    try:
        if url.startswith("sqlite"):
            import sqlite3

            path = urllib.parse.urlparse(url).path
            if not Path(path).is_file():
                return None
            with sqlite3.connect(path) as connection:
                row = connection.execute(sql.replace("%s", "?"), params).fetchone()
        else:
            import psycopg

            with psycopg.connect(url, connect_timeout=10) as connection:
                row = connection.execute(sql, params).fetchone()
    except Exception:  # a missing database or table reads as "no value"
        return None
    return row[0] if row else None


def cases_stamp_key(settings: Settings) -> str:
    digest = hashlib.sha256()
    for script in (BENCH / "cases_gen.py", BENCH / "generate_catalog.py"):
        digest.update(script.read_bytes())
    digest.update(f"{settings.cases}/{settings.total}/{BENCH_FIELD_KEY}/{BENCH_INDEX_KEY}".encode())
    return digest.hexdigest()[:16]


def analyze_cases(run: DatabaseRun, url: str) -> None:
    if url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(urllib.parse.urlparse(url).path) as connection:
            connection.execute("ANALYZE")
        return
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as connection:
        connection.execute("VACUUM (ANALYZE) cases_case")


def prepare_cases(settings: Settings, run: DatabaseRun) -> dict[str, str]:
    url = cases_url(run.name)
    run.case_url = url
    env = environment(settings, url)
    stamp_path = VAR / f"cases-{run.name}.json"
    key = cases_stamp_key(settings)
    stamp = json.loads(stamp_path.read_text()) if stamp_path.is_file() else {}
    count = db_value(url, "SELECT count(*) FROM cases_case")
    if not settings.regenerate and stamp.get("key") == key and (count or 0) >= settings.cases:
        started = time.monotonic()
        out = run_step(run, "cases_migrate", manage(settings, "migrate", "--noinput"), env, 1800)
        applied = [line.split("Applying ", 1)[1].split("...")[0] for line in out.splitlines() if "Applying " in line]
        if applied:
            analyze_cases(run, url)
        run.cases = {
            **stamp["summary"],
            "reused": True,
            "generated_at": stamp.get("generated_at"),
            "migrations_applied_now": applied,
            "cases_now": count,
        }
        log(
            f"{run.name}: reusing the {count:,} cases of {stamp.get('generated_at')} ({time.monotonic() - started:.0f} s)"
        )
        return env
    log(f"{run.name}: generating {settings.cases:,} cases (the kept database is missing or out of date)")
    recreate_database(run, url)
    run_step(run, "cases_migrate", manage(settings, "migrate", "--noinput", "-v", "0"), env, 900)
    run_step(run, "cases_load_demo", manage(settings, "load_demo"), env, 900)
    run_step(
        run, "cases_generate_catalog",
        [sys.executable, str(BENCH / "generate_catalog.py"), "--total", str(settings.total)], env, 900,
    )  # fmt: skip
    out = run_step(
        run, "cases_generate", [sys.executable, str(BENCH / "cases_gen.py"), "--cases", str(settings.cases)], env, 3600
    )
    summary = json.loads(out.strip().splitlines()[-1])
    generated_at = datetime.now().astimezone().isoformat(timespec="seconds")
    stamp_path.write_text(
        json.dumps({"key": key, "generated_at": generated_at, "summary": summary}, ensure_ascii=False)
    )
    run.cases = {**summary, "reused": False, "generated_at": generated_at, "setup_seconds": dict(run.steps)}
    return env


class Browser:
    """A small HTTP client for signing in: keeps cookies (GovHall sets them Secure, as in production; this client
    sends them to 127.0.0.1 over plain HTTP anyway) and does not follow redirects."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlparse(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, str, bytes]:
        headers = {"Cookie": self.cookie_header()} if self.cookies else {}
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers.get("Location", ""), data

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str, bytes]:
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded")


class Forms(HTMLParser):
    """The forms of a page: for each, its action and its fields as (tag, attributes, options)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.current: dict[str, Any] | None = None
        self.select: dict[str, Any] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.current = {"action": attributes.get("action", ""), "fields": []}
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "textarea", "select"):
            entry = {"tag": tag, **attributes, "options": []}
            self.current["fields"].append(entry)
            self.select = entry if tag == "select" else None
        elif tag == "option" and self.select is not None:
            self.select["options"].append(attributes.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None

    def with_field(self, name: str) -> dict[str, Any] | None:
        return next((form for form in self.forms if any(f.get("name") == name for f in form["fields"])), None)


def csrf_token(html: bytes, field: str) -> str:
    form = Forms(html.decode()).with_field(field)
    token = next((f["value"] for f in (form or {}).get("fields", []) if f.get("name") == "csrfmiddlewaretoken"), None)
    if not token:
        raise SystemExit(f"bench: no form with a CSRF token and the field {field!r}")
    return str(token)


def sign_in(base: str, username: str, password: str, totp_seed: str = "") -> Browser:
    """Signs in through the real login pages: password, then for staff the TOTP code (pyotp, as an authenticator app)."""
    browser = Browser(base)
    status, _, page = browser.request("GET", "/accounts/login/")
    if status != 200:
        raise SystemExit(f"bench: the login page answered {status}")
    token = csrf_token(page, "password")
    status, location, page = browser.post_form(
        "/accounts/login/", {"csrfmiddlewaretoken": token, "username": username, "password": password}
    )
    if status != 302:
        raise SystemExit(f"bench: signing in {username} answered {status}: {page[:300]!r}")
    if "totp" in location:
        import pyotp

        path = urllib.parse.urlparse(location).path
        status, _, page = browser.request("GET", path)
        token = csrf_token(page, "code")
        for _ in range(
            2
        ):  # a code already used (the same 30 s step as an earlier sign-in) is refused: wait for the next
            code = pyotp.TOTP(totp_seed).now()
            status, location, page = browser.post_form(path, {"csrfmiddlewaretoken": token, "code": code})
            if status == 302:
                break
            time.sleep(31 - time.time() % 30)
        if status != 302:
            raise SystemExit(f"bench: the TOTP step for {username} answered {status}")
    if "sessionid" not in browser.cookies:
        raise SystemExit(f"bench: no session after signing in {username}")
    return browser


def tiny_png() -> bytes:
    """A real 1×1 PNG (signature, IHDR, IDAT, IEND), 67 bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\x80")) + chunk(b"IEND", b"")
    )


KEY_PLACEHOLDER = "@@IDEMPOTENCY_KEY@@"


def apply_body(page: bytes, upload: bytes) -> tuple[bytes, str, list[str]]:
    """The multipart body of the apply form as the page serves it, filled in the way a person would: the hidden
    fields as they are (the idempotency key replaced by the placeholder), text in text fields, the first real choice
    of each list, every checkbox ticked, the file in the first file field. Returns (body, content type, field names)."""
    form = Forms(page.decode()).with_field("idempotency_key")
    if form is None:
        raise SystemExit("bench: the apply page has no form with an idempotency key")
    boundary = "----GovHallBench7MA4YWxkTrZu0gW"
    parts: list[bytes] = []
    names: list[str] = []
    file_given = False

    def field(name: str, value: str) -> None:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())

    for entry in form["fields"]:
        name, kind = entry.get("name"), entry.get("type", "text").lower()
        if not name or kind in ("submit", "button", "reset"):
            continue
        if name not in names:
            names.append(name)
        if name == "idempotency_key":
            field(name, KEY_PLACEHOLDER)
        elif kind == "hidden":
            field(name, entry.get("value", ""))
        elif kind == "file":
            if not file_given:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="申请书.png"\r\n'
                    "Content-Type: image/png\r\n\r\n".encode()
                    + upload
                    + b"\r\n"
                )
                file_given = True
        elif kind == "radio":
            # One value per group: the one the page checks, else the first (the default a person leaves).
            group = [f for f in form["fields"] if f.get("name") == name and f.get("type", "").lower() == "radio"]
            chosen = next((f for f in group if "checked" in f), group[0])
            if entry is chosen:
                field(name, entry.get("value") or "on")
        elif kind == "checkbox":
            field(name, entry.get("value") or "on")
        elif entry["tag"] == "select":
            # A list of locker documents is left empty (the file is uploaded); other lists take their first choice.
            choices = [option for option in entry["options"] if option]
            field(name, "" if name.startswith("locker") or not choices else choices[0])
        elif kind in ("date",):
            field(name, datetime.now().date().isoformat())
        elif kind in ("number",):
            field(name, "1")
        else:
            field(name, "基准测试申报")
    if not file_given:
        raise SystemExit("bench: the apply form has no file field")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}", names


def case_count(url: str, prefix: str) -> int:
    value = db_value(url, "SELECT count(*) FROM cases_case WHERE idempotency_key LIKE %s", (prefix + "%",))
    return int(value or 0)


def timed_get(browser: Browser, path: str, tries: int = 5) -> float:
    timings = []
    for _ in range(tries):
        started = time.perf_counter()
        status, _, _ = browser.request("GET", path)
        timings.append(time.perf_counter() - started)
        if status != 200:
            raise SystemExit(f"bench: {path} answered {status}")
    return round(statistics.median(timings[1:] or timings) * 1000, 1)


def measure_cases(settings: Settings, run: DatabaseRun, env: dict[str, str]) -> None:
    setup = json.loads(
        run_step(run, "cases_setup", [sys.executable, str(BENCH / "cases_gen.py"), "--setup"], env, 600)
        .strip()
        .splitlines()[-1]
    )
    run.cases["setup"] = {key: value for key, value in setup.items() if "password" not in key and "seed" not in key}
    run.cases["supervision"] = supervision_bench.refresh(run_step, run, manage, settings, env)
    run.idle_before = round(wait_quiet(settings.quiet_wait), 2)
    server = Server(settings, env, settings.workers, f"{run.name}-cases")
    try:
        server.wait_ready()
        staff = sign_in(server.base, setup["inbox_user"], setup["inbox_password"], setup["inbox_totp_seed"])
        citizen = sign_in(server.base, setup["citizen"], setup["citizen_password"])
        overseer = sign_in(server.base, supervision_bench.SUPERVISOR, supervision_bench.SUPERVISOR_PASSWORD,
                           supervision_bench.SUPERVISOR_TOTP_SEED)  # fmt: skip
        apply_path = f"/cases/apply/{urllib.parse.quote(setup['apply_code'])}/"
        status, _, page = citizen.request("GET", apply_path)
        if status != 200:
            raise SystemExit(f"bench: {apply_path} answered {status}")
        body, content_type, fields = apply_body(page, tiny_png())
        body_file = VAR / f"submit-body-{run.name}.bin"
        body_file.write_bytes(body)
        # One submission by hand first: it must make exactly one case and redirect to it.
        prefix = f"p{secrets.token_hex(3)}x"
        status, location, answer = citizen.request(
            "POST", apply_path, body.replace(KEY_PLACEHOLDER.encode(), (prefix + "0" * 10).encode()), content_type
        )
        if status != 302 or case_count(run.case_url, prefix) != 1:
            raise SystemExit(f"bench: a submission answered {status} ({location}): {answer[:600]!r}")
        filtered = f"/workbench/?state={FILTERED_STATE}"
        status, _, inbox_page = staff.request("GET", "/workbench/")
        if status != 200 or "办件工作台" not in inbox_page.decode():
            raise SystemExit(f"bench: /workbench/ answered {status}")
        run.case_probes = {
            "inbox_ms": timed_get(staff, "/workbench/"),
            "inbox_filtered_ms": timed_get(staff, filtered),
            "inbox_rows": inbox_page.decode().count("/workbench/cases/"),
            "inbox_bytes": len(inbox_page),
            "apply_fields": fields,
            "upload_bytes": len(tiny_png()),
            "body_bytes": len(body),
            "dashboard_ms": timed_get(overseer, supervision_bench.DASHBOARD),
            "public_ms": timed_get(Browser(server.base), supervision_bench.PUBLIC),
        }
        staff_cookie = [f"Cookie: {staff.cookie_header()}"]
        citizen_cookie = [f"Cookie: {citizen.cookie_header()}"]
        plan = [
            Scenario("health", ["/api/v1/health"], "GET /api/v1/health (trivial JSON view)"),
            Scenario("inbox@16", ["/workbench/"], "GET /workbench/ (default: all open cases)", 16, SESSION_LUA, [],
                     staff_cookie),
            Scenario("inbox@32", ["/workbench/"], "GET /workbench/ (default: all open cases)", 32, SESSION_LUA, [],
                     staff_cookie),
            Scenario("inbox_filtered@16", [filtered], f"GET {filtered}", 16, SESSION_LUA, [], staff_cookie),
            Scenario("inbox_filtered@32", [filtered], f"GET {filtered}", 32, SESSION_LUA, [], staff_cookie),
            Scenario("submit@32", [], "POST the apply form with one small PNG, a new idempotency key each", 32,
                     SUBMIT_LUA, [], citizen_cookie),
            Scenario("dashboard@16", [supervision_bench.DASHBOARD], "GET /supervision/ (all departments, 12 months)",
                     16, SESSION_LUA, [], [f"Cookie: {overseer.cookie_header()}"]),
            Scenario("public@16", [supervision_bench.PUBLIC], "GET /supervision/public/ (per department)", 16,
                     SESSION_LUA, [], []),
        ]  # fmt: skip
        log(f"{run.name}: signed in; inbox {run.case_probes['inbox_ms']} ms unloaded; load follows")
        run.case_memory["before"] = memory(server.worker_pids())
        health_rps = None
        for scenario in plan:
            drain(server)
            if scenario.script == SUBMIT_LUA:
                scenario.script_args = [apply_path, str(body_file), content_type, f"w{secrets.token_hex(3)}x"]
            if settings.warmup:
                wrk(server.base, scenario, settings.warmup, server)
                drain(server)
            if scenario.script == SUBMIT_LUA:
                prefix = f"m{secrets.token_hex(3)}x"
                scenario.script_args = [apply_path, str(body_file), content_type, prefix]
            result = wrk(server.base, scenario, settings.duration, server)
            result["description"] = scenario.description
            result["connections"] = scenario.connections
            if scenario.name == "health":
                health_rps = result["rps"]
            result["ratio"] = result["rps"] / health_rps if health_rps else None
            if scenario.script == SUBMIT_LUA:
                drain(server)  # the requests still running when wrk stopped finish and count
                result["created"] = case_count(run.case_url, prefix)
                result["submitted_per_s"] = result["ok"] / result["seconds"] if result["seconds"] else 0.0
            result["errors"] += result.get("unexpected", 0)
            run.case_results[scenario.name] = result
            log(f"{run.name}: {summary_line(scenario.name, result, health_rps)}")
            if scenario.script == SUBMIT_LUA:
                log(
                    f"{run.name}: {result['ok']:,} submissions answered 302, {result['created']:,} new cases "
                    f"({result['created'] - result['ok']} more: requests wrk left running at the end)"
                )
        run.case_memory["after"] = memory(server.worker_pids())
    finally:
        run.case_server_log = server.log_lines()[-30:]
        server.stop()


def case_verdict(name: str, result: dict[str, Any]) -> str:
    p95 = result.get("p95_ms")
    if name.startswith(("dashboard", "public")):
        return supervision_bench.verdict(name, result)
    if name.startswith("submit"):
        fast = p95 is not None and p95 < AIM_SUBMIT_P95_MS
        enough = result.get("submitted_per_s", 0) >= AIM_SUBMIT_RPS
        return ("✅" if enough else "❌") + f" ≥ {AIM_SUBMIT_RPS}/s / " + ("✅" if fast else "❌") + " p95"
    if name.startswith("inbox") and result.get("connections") == 16:
        return ("✅" if p95 is not None and p95 < AIM_INBOX_P95_MS else "❌") + f" p95 < {AIM_INBOX_P95_MS:.0f} ms"
    return ""


def section_header(begin: str, settings: Settings, started: datetime) -> list[str]:
    """The first lines of a generated section of a scenario module (licences, payments): the marker, when and how it
    was made, the command and the server under load."""
    return [
        begin,
        "",
        f"_Generated by `bench/run.py` on {started:%Y-%m-%d %H:%M} "
        f"{'(--quick: short runs, indicative only) ' if settings.quick else ''}— do not edit between the markers._",
        "",
        f"- Command: `{' '.join(['bench/run.py', *sys.argv[1:]])}`",
        f"- gunicorn {settings.workers} sync workers, wrk {THREADS} threads × {CONNECTIONS} connections, "
        f"{settings.duration} s per scenario after {settings.warmup} s of warm-up; DEBUG off.",
    ]


def cases_markdown(settings: Settings, runs: list[DatabaseRun], info: dict[str, str], started: datetime) -> str:
    command = "bench/run.py " + " ".join(sys.argv[1:])
    out = [
        CASES_BEGIN,
        "",
        f"_Generated by `bench/run.py` on {started:%Y-%m-%d %H:%M} "
        f"{'(--quick: short runs, indicative only) ' if settings.quick else ''}— do not edit between the markers._",
        "",
        "### Set-up",
        "",
        f"- Command: `.venv/bin/python {command.strip()}`",
        f"- Machine: {info['nproc']} cores ({info['cpu']}), {info['memory']} RAM; gunicorn `--workers {settings.workers}` "
        f"(sync); wrk {THREADS} threads, {settings.duration} s per scenario after {settings.warmup} s of warm-up, on "
        "the same machine.",
        f"- Data: {settings.cases:,} generated cases (`bench/cases_gen.py`) over the {settings.total:,}-item catalog.",
        f"- Aims: submissions ≥ {AIM_SUBMIT_RPS}/s with p95 < {AIM_SUBMIT_P95_MS:.0f} ms at 32 connections; inbox p95 "
        f"< {AIM_INBOX_P95_MS:.0f} ms at 16 connections.",
        "",
    ]
    for run in runs:
        if not run.case_results and not run.cases:
            continue
        title = "SQLite" if run.name == "sqlite" else "PostgreSQL"
        out += [f"### Cases on {title}", ""]
        data = run.cases
        if data:
            states = ", ".join(f"{state} {count:,}" for state, count in data.get("states", {}).items())
            made = (
                f"kept from {data.get('generated_at')} (migrations applied now: "
                f"{', '.join(data.get('migrations_applied_now') or []) or 'none'})"
                if data.get("reused")
                else f"generated now in {data.get('seconds', 0):.0f} s (write {data.get('write_seconds', 0):.0f} s, "
                f"indexes {data.get('index_seconds', 0):.0f} s, analyze {data.get('analyze_seconds', 0):.0f} s)"
            )
            out += [
                f"Data: {data.get('cases', 0):,} cases and {data.get('events', 0):,} events, {data.get('applicants', 0)} "
                f"applicants, {data.get('staff', 0)} staff, {data.get('departments', 0)} departments, "
                f"{data.get('items', 0):,} items with guides; {made}. The inbox user's department has "
                f"{data.get('busiest_department_cases', 0):,} cases, {data.get('busiest_department_open', 0):,} open. "
                f"States: {states}.",
                "",
            ]
        if run.case_results:
            out += [
                "| scenario | connections | req/s | p50 ms | p95 ms | p99 ms | ratio to trivial | errors | aims |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---|",
            ]
            for name, result in run.case_results.items():
                ratio = "1.00" if name == "health" else fmt(result.get("ratio"), 2)
                out.append(
                    f"| {name.split('@')[0]} | {result.get('connections', CONNECTIONS)} | {fmt(result['rps'])} | "
                    f"{fmt(result['p50_ms'])} | {fmt(result['p95_ms'])} | {fmt(result['p99_ms'])} | {ratio} | "
                    f"{result['errors']} | {case_verdict(name, result)} |"
                )
            submit = next((r for n, r in run.case_results.items() if n.startswith("submit")), None)
            if submit:
                out += [
                    "",
                    f"Submissions: {submit['ok']:,} answered 302 (the new case's page) in {submit['seconds']:.1f} s, "
                    f"{submit['created']:,} new cases in the database with the run's idempotency keys "
                    f"({submit['created'] - submit['ok']} from requests still running when wrk stopped); "
                    f"{submit.get('unexpected', 0)} other answers.",
                ]
            probes = run.case_probes
            if probes:
                out += [
                    "",
                    f"Unloaded (one request at a time, median of 4): inbox {fmt(probes['inbox_ms'])} ms "
                    f"({probes['inbox_rows']} rows, {probes['inbox_bytes'] / 1024:.0f} KiB), filtered inbox "
                    f"{fmt(probes['inbox_filtered_ms'])} ms. Apply form fields posted: "
                    f"{', '.join(probes['apply_fields'])}; the file is a {probes['upload_bytes']}-byte PNG.",
                ]
            out += supervision_bench.markdown(run)
            out += ["", "Where the CPU goes:", ""]
            out += [
                f"- `{name}`: machine busy {r['cpu_cores']['machine_busy']:.2f} — gunicorn {r['cpu_cores']['gunicorn']:.2f}, "
                f"PostgreSQL {r['cpu_cores']['postgres']:.2f}, wrk {r['cpu_cores']['wrk']:.2f}, other "
                f"{r['cpu_cores'].get('other', 0):.2f}; {fmt(r['cpu_ms_per_request'], 2)} ms of server CPU per request."
                for name, r in run.case_results.items()
            ]
            out.append("")
        for label, figures in (("before", run.case_memory.get("before")), ("after", run.case_memory.get("after"))):
            if figures:
                out.append(
                    f"Gunicorn workers {label} the load: {figures['workers']} × {fmt(figures['rss_mean'])} MiB RSS "
                    f"(max {fmt(figures['rss_max'])}), PSS total {fmt(figures['pss_total'])} MiB.  "
                )
        out.append("")
        if run.case_server_log:
            out += ["Gunicorn error log (last lines):", "", "```", *run.case_server_log[-10:], "```", ""]
    out.append(CASES_END)
    return "\n".join(out)


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
        f"top-5 {quality['top5']}/{quality['cases']} ({quality['top5_rate']:.0%})**"
        f" (the tuning set; {quality.get('no_item', 0)} more ask for what the catalog lacks and are not counted).",
        "",
    ]
    for name, title in (("whole", "Whole set"), ("held_out", "Held-out set (`bench/search_eval_holdout.json`)")):
        part = quality.get(name)
        if part and part["cases"]:
            out += [
                f"{title}: **top-1 {part['top1']}/{part['cases']} ({part['top1_rate']:.0%}), "
                f"top-5 {part['top5']}/{part['cases']} ({part['top5_rate']:.0%})**.",
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


def write_doc(text: str, begin: str = BEGIN, end: str = END) -> None:
    """Replaces the section between `begin` and `end` (the search section, or the cases section) with `text`."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    current = DOC.read_text(encoding="utf-8") if DOC.is_file() else DOC_HEADER + BEGIN + "\n" + END + "\n"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        tail = rest.split(end, 1)[1]
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
        for label, results in (
            ("cases ", run.case_results), ("licences ", run.licence_results), ("payments ", run.payment_results)
        ):  # fmt: skip
            for name, result in results.items():
                ratio = fmt(result.get("ratio"), 2) if name != "health" else "1.00"
                print(
                    f"{run.name:10} {label + name:20} {result['rps']:9.1f} {fmt(result['p50_ms']):>8} "
                    f"{fmt(result['p95_ms']):>8} {fmt(result['p99_ms']):>8} {ratio:>6} {result['errors']}"
                )
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
    parser.add_argument(
        "--only",
        choices=["all", "search", "cases", "licences", "payments", "appointments", "queue"],
        default="all",
        help="run only the search, the case, the licence and log, the payment, the appointment or the queue scenarios "
        "(queue: ticket taking over HTTP, bench/ticket_bench.py, then bench/queue_bench.py)",
    )
    parser.add_argument("--licences", type=int, help="licences issued (default 2000, --quick 300)")
    parser.add_argument(
        "--payment-orders", type=int, help="orders paid by notifications under wrk (default 20000, --quick 5000)"
    )
    parser.add_argument("--log-entries", type=int, default=1_000_000, help="size of the kept log (default 1000000)")
    parser.add_argument("--cases", type=int, default=1_000_000, help="generated cases (default 1000000; 0: none)")
    parser.add_argument(
        "--regenerate", action="store_true", help="generate the cases again even if the kept databases are current"
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
        cases=arguments.cases,
        only=arguments.only,
        regenerate=arguments.regenerate,
        licences=arguments.licences or (300 if arguments.quick else 2000),
        log_entries=arguments.log_entries,
        payment_orders=arguments.payment_orders or (5000 if arguments.quick else 20_000),
        payment_inprocess=500 if arguments.quick else 2000,
        payment_create=100 if arguments.quick else 300,
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
        if settings.only in ("all", "search"):
            env = prepare(settings, run)
            if name == "postgres":
                run.database_settings = postgres_settings(run.url)
            if settings.sweep:
                sweep(settings, run, env)
            measure(settings, run, env)
        if settings.only in ("all", "cases") and settings.cases > 0:
            env = prepare_cases(settings, run)
            if name == "postgres" and not run.database_settings:
                run.database_settings = postgres_settings(run.case_url)
            measure_cases(settings, run, env)
        if settings.only in ("all", "licences"):
            licence_bench.measure(sys.modules[__name__], settings, run)
        if settings.only in ("all", "payments"):
            payment_bench.measure(sys.modules[__name__], settings, run)
        if settings.only in ("all", "appointments"):
            appointment_bench.measure(sys.modules[__name__], settings, run)
        if settings.only in ("all", "queue"):
            ticket_bench.measure(sys.modules[__name__], settings, run)
        runs.append(run)
    if settings.only == "queue":  # ticket taking in one process and the calling screens' streams (PostgreSQL)
        queue_url = os.environ.get("BENCH_QUEUE_PG_URL", "postgres://postgres@127.0.0.1:5432/govhall_bench_queue")
        done = subprocess.run([sys.executable, str(BENCH / "queue_bench.py"), "--database-url", queue_url], check=False)
        if done.returncode != 0:
            log(f"bench/queue_bench.py exited {done.returncode}")
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
    sections = []
    if settings.only in ("all", "search"):
        sections.append((markdown(settings, runs, info, started_at), BEGIN, END))
    if settings.only in ("all", "cases") and settings.cases > 0:
        sections.append((cases_markdown(settings, runs, info, started_at), CASES_BEGIN, CASES_END))
    if settings.only in ("all", "licences"):
        sections.append(
            (licence_bench.markdown(sys.modules[__name__], settings, runs, started_at), licence_bench.BEGIN,
             licence_bench.END)
        )  # fmt: skip
    if settings.only in ("all", "payments"):
        sections.append(
            (payment_bench.markdown(sys.modules[__name__], settings, runs, started_at), payment_bench.BEGIN,
             payment_bench.END)
        )  # fmt: skip
    if settings.only in ("all", "appointments"):
        sections.append(
            (appointment_bench.markdown(sys.modules[__name__], settings, runs, started_at), appointment_bench.BEGIN,
             appointment_bench.END)
        )  # fmt: skip
    if settings.only in ("all", "queue"):
        sections.append(
            (ticket_bench.markdown(sys.modules[__name__], settings, runs, started_at), ticket_bench.BEGIN,
             ticket_bench.END)
        )  # fmt: skip
    (VAR / "performance-latest.md").write_text("\n\n".join(text for text, _, _ in sections) + "\n", encoding="utf-8")
    if settings.write_doc:
        for text, begin, end in sections:
            write_doc(text, begin, end)
    else:
        log(
            f"docs/performance.md left as it is; this run's section is in {(VAR / 'performance-latest.md').relative_to(ROOT)}"
        )
    log(f"done in {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
