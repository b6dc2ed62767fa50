"""`make chaos`: submissions under faults, then a count of what was lost, doubled or never sent.

On loopback only, in a PostgreSQL cluster of its own (var/chaos-pg, port 5433, made with initdb on the first run, so
restarting it disturbs nobody else's database), it runs GovHall as production does — gunicorn (sync workers), two
task workers (`manage.py run_worker`), the periodic tasks (`run_periodic --every`) and an SMTP server (aiosmtpd,
Maildir) — each restarted by a small supervisor when it dies, as systemd does (deploy/systemd). Then:

1. N submissions (default 300, started at --rate 5 a second so that the faults meet them) from 16 clients through
   POST /api/v1/cases, each with its own Idempotency-Key; a client repeats a request (same key) after an error or a
   lost connection until it is answered 201 (acknowledged);
2. meanwhile, faults: kill -9 of a gunicorn worker every ~2 s, of the gunicorn master twice, of a task worker every
   ~4 s, and two PostgreSQL restarts (one `fast`, one `immediate`, i.e. a crash and recovery);
3. the faults stop and the workers drain the queue (bounded: --drain seconds);
4. the count: submissions acknowledged / stored / lost / duplicated; per channel (in-app inbox, SMS from the demo
   gateway's outbox file, email from the Maildir) notices expected / sent / missing / doubled; receipts expected /
   missing; tasks left stuck; deliveries not sent. Exit status 1 if anything is lost, missing, doubled or stuck.

    .venv/bin/python bench/chaos.py [--submissions 300] [--clients 16] [--rate 5] [--drain 240] [--seed 1]

TASK_LEASE_SECONDS is 15 here (production: 300), so a dead worker's task is taken up again within the run.
"""

import argparse
import contextlib
import email
import email.policy
import http.client
import itertools
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from processes import children, free_port

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "chaos"
PG_BIN = Path(os.environ.get("CHAOS_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_DIR = ROOT / "var" / "chaos-pg"
PG_PORT = int(os.environ.get("CHAOS_PG_PORT", "5433"))
DATABASE = "govhall_chaos"
LEASE_SECONDS = 15
PERIODIC_SECONDS = 10
WEB_WORKERS = 3
TASK_WORKERS = 2
NUMBER = re.compile(r"GH\d{14}")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: its commands run as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Cluster:
    """The chaos run's own PostgreSQL cluster on 127.0.0.1:PG_PORT."""

    data = PG_DIR / "data"

    def ensure(self) -> None:
        if not (self.data / "PG_VERSION").exists():
            PG_DIR.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(PG_DIR, "postgres", "postgres")
            log(f"initdb {self.data}")
            subprocess.run(
                as_postgres([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                             "-E", "UTF8", "--locale=C.UTF-8"]),
                check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        if subprocess.run([str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(PG_PORT)],
                          stdout=subprocess.DEVNULL).returncode != 0:  # fmt: skip
            self.pg_ctl("start")

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on"
        subprocess.run(
            as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(PG_DIR / "server.log"), "-w",
                         "-t", "120", *args, "-o", options]),
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def restart(self, mode: str) -> None:
        self.pg_ctl("restart", "-m", mode)

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast")


def admin_sql(*statements: str) -> None:
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={PG_PORT} user=postgres dbname=postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[arg-type]


def query(sql: str, *params: Any) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(f"host=127.0.0.1 port={PG_PORT} user=postgres dbname={DATABASE}", connect_timeout=5) as conn:
        return list(conn.execute(sql, params).fetchall())  # type: ignore[arg-type]


# Keys of the chaos database only (production keys are separate secrets: docs/deployment.md).
CHAOS_FIELD_KEY = "Y2hhb3MtZmllbGQtZW5jcnlwdGlvbi1rZXktMzJieXQ="
CHAOS_INDEX_KEY = "chaos-blind-index-key-not-secret-0123456789"


def chaos_oidc_key() -> Path:
    path = VAR / "oidc-signing-key.pem"
    if not path.is_file():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        path.parent.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return path


def environment(web_port: int, smtp_port: int, outside_port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="govhall.settings",
        PYTHONPATH=str(ROOT / "src"),
        SECRET_KEY="chaos-only-not-secret",
        FIELD_ENCRYPTION_KEYS=CHAOS_FIELD_KEY,
        BLIND_INDEX_KEYS=CHAOS_INDEX_KEY,
        OIDC_RSA_PRIVATE_KEY_FILE=str(chaos_oidc_key()),
        # The transparency log's SM2 key: the GB/T 32918 example key, public and fit only for this test cluster.
        LOG_SIGNING_KEY="3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8",
        DEBUG="false",
        TASKS_IMMEDIATE="false",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PG_PORT}/{DATABASE}",
        GOVHALL_VAR_DIR=str(VAR),
        MEDIA_ROOT=str(VAR / "media"),
        SMS_OUTBOX_FILE=str(VAR / "sms.jsonl"),
        # The SMS gateway, identity service and courier: the demo outside world (run_demo_services), signed HTTP.
        SMS_PROVIDER="govhall.notices.providers.HttpSmsSender",
        SMS_GATEWAY_URL=f"http://127.0.0.1:{outside_port}/sms/send",
        SMS_GATEWAY_KEY_ID="chaos-sms",
        SMS_GATEWAY_KEY_SECRET="chaos-sms-secret",
        IDENTITY_PROVIDER="govhall.accounts.providers.HttpIdentityCheck",
        IDENTITY_SERVICE_URL=f"http://127.0.0.1:{outside_port}/identity/verify",
        IDENTITY_SERVICE_KEY_ID="chaos-identity",
        IDENTITY_SERVICE_KEY_SECRET="chaos-identity-secret",
        COURIER_PROVIDER="govhall.delivery.couriers.HttpCourier",
        COURIER_API_URL=f"http://127.0.0.1:{outside_port}/courier",
        COURIER_KEY_ID="chaos-courier",
        COURIER_KEY_SECRET="chaos-courier-secret",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp_port),
        SITE_URL=f"http://127.0.0.1:{web_port}",
        TASK_LEASE_SECONDS=str(LEASE_SECONDS),
        LOG_LEVEL="WARNING",
    )
    return env


class Supervised:
    """A process kept running as systemd's Restart=always does: when it ends (or is killed), whatever is left of its
    process group is killed and it is started again a second later."""

    def __init__(self, name: str, command: list[str], env: dict[str, str]) -> None:
        self.name, self.command, self.env = name, command, env
        self.log_path = VAR / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0
        self.stopping = False
        self.watcher = threading.Thread(target=self.watch, name=f"supervise-{name}", daemon=True)

    def start(self) -> "Supervised":
        self.launch()
        self.watcher.start()
        return self

    def launch(self) -> None:
        with self.log_path.open("ab") as output:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.starts += 1

    def watch(self) -> None:
        while not self.stopping:
            assert self.process is not None
            if self.process.poll() is not None:
                self.kill_group(signal.SIGKILL)
                if self.stopping:
                    return
                time.sleep(1.0)
                if not self.stopping:
                    self.launch()
            time.sleep(0.2)

    def kill_group(self, signum: int) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def kill9(self) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGKILL)

    def stop(self) -> None:
        self.stopping = True
        self.kill_group(signal.SIGTERM)
        assert self.process is not None
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=20)
        self.kill_group(signal.SIGKILL)


@dataclass
class Load:
    base_port: int
    item_code: str
    tokens: list[str]
    total: int
    run_id: str
    deadline: float
    rate: float  # submissions started per second, over all clients
    started: float = field(default_factory=time.monotonic)
    acknowledged: dict[str, str] = field(default_factory=dict)  # key → case number answered with 201
    attempts: Counter[str] = field(default_factory=Counter)  # what the requests met
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: Any = field(default_factory=itertools.count)

    def client(self, index: int) -> None:
        connection: http.client.HTTPConnection | None = None
        headers = {"Authorization": f"Bearer {self.tokens[index % len(self.tokens)]}",
                   "Content-Type": "application/json"}  # fmt: skip
        body = json.dumps({"item_code": self.item_code, "form_data": {"reason": "开设餐馆"}})
        while True:
            with self.lock:
                number = next(self.counter)
            if number >= self.total:
                return
            key = f"chaos-{self.run_id}-{number:06d}"
            time.sleep(max(0.0, self.started + number / self.rate - time.monotonic()))  # paced: faults meet the load
            while time.monotonic() < self.deadline:
                try:
                    if connection is None:
                        connection = http.client.HTTPConnection("127.0.0.1", self.base_port, timeout=30)
                    connection.request("POST", "/api/v1/cases", body, {**headers, "Idempotency-Key": key})
                    response = connection.getresponse()
                    payload = response.read()
                    with self.lock:
                        self.attempts[str(response.status)] += 1
                    if response.status == 201:
                        with self.lock:
                            self.acknowledged[key] = json.loads(payload)["number"]
                        break
                except (OSError, http.client.HTTPException) as error:
                    with self.lock:
                        self.attempts[type(error).__name__] += 1
                    if connection is not None:
                        connection.close()
                    connection = None
                time.sleep(0.2 + random.random() * 0.3)

    def progress(self) -> float:
        with self.lock:
            return len(self.acknowledged) / self.total


SETUP = r"""
import json, secrets
from datetime import timedelta
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_application_model, set_token_value
from stdnum.cn import ric
from govhall.accounts.constants import AccountKind, DocumentType
from govhall.accounts.models import PersonProfile, User
from govhall.catalog.tests.factories import published_item
from govhall.core.crypto import blind_index

item = published_item(materials=[{"name": "食品经营许可申请书", "originals": 1, "necessity": "deferrable"}])
app = get_application_model().objects.create(
    name="chaos", client_type="public", authorization_grant_type="authorization-code",
    redirect_uris="https://app.example/cb")
tokens = []
for n in range(CLIENTS):
    phone = f"1370000{n:04d}"
    user = User.objects.create_user(username=f"chaos{n:02d}", password=secrets.token_urlsafe(),
        kind=AccountKind.PERSON, phone=phone, phone_index=blind_index(phone), email=f"chaos{n:02d}@example.cn")
    body = f"51160219900101{n:03d}"
    number = body + ric.calc_check_digit(body)
    PersonProfile.objects.create(user=user, real_name=f"压测{n:02d}", document_type=DocumentType.RESIDENT_ID,
        document_number=number, document_index=blind_index(number), verified_at=timezone.now(), verified_by="chaos")
    raw = f"chaos-{secrets.token_hex(16)}"
    token = get_access_token_model()(user=user, application=app, scope="openid cases",
        expires=timezone.now() + timedelta(hours=6))
    set_token_value(token, raw)
    token.save()
    tokens.append(raw)
print(json.dumps({"item_code": item.implementation_code, "tokens": tokens}))
"""


def prepare(env: dict[str, str], clients: int) -> dict[str, Any]:
    for path in (VAR / "media", VAR / "mail", VAR / "sms.jsonl"):
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    for sub in ("tmp", "new", "cur"):
        (VAR / "mail" / sub).mkdir(parents=True, exist_ok=True)
    for old in VAR.glob("*.log"):
        old.unlink()
    admin_sql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)", f"CREATE DATABASE {DATABASE}")
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    made = subprocess.run(
        [*manage, "shell", "-c", SETUP.replace("CLIENTS", str(clients))],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return dict(json.loads(made.stdout.strip().splitlines()[-1]))


def wait_for_web(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/health")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("chaos: gunicorn did not answer within a minute; see var/chaos/web.log")


@dataclass
class Faults:
    cluster: Cluster
    web: Supervised
    workers: list[Supervised]
    load: Load
    rng: random.Random
    done: threading.Event = field(default_factory=threading.Event)
    counts: Counter[str] = field(default_factory=Counter)

    def run(self) -> None:
        """Faults until the load is done: web workers every ~2 s, a task worker every ~4 s; the gunicorn master at
        35% and 75% of the acknowledged submissions, PostgreSQL at 20% (fast restart) and 55% (immediate: a crash)."""
        plan = [(0.20, "pg:fast"), (0.35, "master"), (0.55, "pg:immediate"), (0.75, "master")]
        tick = 0
        while not self.done.wait(1.0):
            tick += 1
            if plan and self.load.progress() >= plan[0][0]:
                _, what = plan.pop(0)
                if what == "master":
                    log("fault: kill -9 gunicorn master")
                    self.web.kill9()
                    self.counts["gunicorn master killed (-9)"] += 1
                else:
                    mode = what.split(":")[1]
                    log(f"fault: PostgreSQL restart -m {mode}")
                    self.cluster.restart(mode)
                    self.counts[f"PostgreSQL restarted ({mode})"] += 1
            if tick % 2 == 0 and self.web.process is not None:
                pids = children(self.web.process.pid)
                if pids:
                    os.kill(self.rng.choice(pids), signal.SIGKILL)
                    self.counts["gunicorn worker killed (-9)"] += 1
            if tick % 4 == 0:
                self.rng.choice(self.workers).kill9()
                self.counts["task worker killed (-9)"] += 1


def drained() -> dict[str, int]:
    (tasks,) = query("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status IN ('READY', 'RUNNING')")
    (deliveries,) = query("SELECT count(*) FROM cases_delivery WHERE state <> 'sent'")
    (cases,) = query("SELECT count(*) FROM cases_case WHERE idempotency_key LIKE 'chaos-%%'")
    (notices,) = query("SELECT count(*) FROM cases_notification WHERE event_id IS NOT NULL")
    (sent,) = query("SELECT count(*) FROM cases_delivery WHERE state = 'sent'")
    (receipts,) = query("SELECT count(*) FROM cases_casedocument WHERE kind = 'receipt'")
    return {"open tasks": tasks[0], "unsent deliveries": deliveries[0], "cases": cases[0], "notices": notices[0],
            "sent deliveries": sent[0], "receipts": receipts[0]}  # fmt: skip


def count(load: Load) -> dict[str, Any]:
    stored: dict[str, list[str]] = defaultdict(list)
    for key, number in query("SELECT idempotency_key, number FROM cases_case WHERE idempotency_key LIKE 'chaos-%%'"):
        stored[key].append(number)
    numbers = {number for found in stored.values() for number in found}
    acknowledged = load.acknowledged
    submissions = {
        "requested": load.total,
        "acknowledged": len(acknowledged),
        "stored": len(numbers),
        "lost": sum(1 for key in acknowledged if key not in stored),
        "duplicated": sum(len(found) - 1 for found in stored.values()),
        "answered with another case": sum(
            1 for key, n in acknowledged.items() if key in stored and n not in stored[key]
        ),
        "stored, never acknowledged": sum(1 for key in stored if key not in acknowledged),
    }
    inbox = Counter(
        number
        for (number,) in query(
            "SELECT c.number FROM cases_notification n JOIN cases_caseevent e ON e.id = n.event_id "
            "JOIN cases_case c ON c.id = e.case_id WHERE e.act = 'submit' AND c.idempotency_key LIKE 'chaos-%%'"
        )
    )
    sms = Counter()
    sms_path = VAR / "sms.jsonl"
    for line in sms_path.read_text(encoding="utf-8").splitlines() if sms_path.exists() else []:
        found = NUMBER.search(json.loads(line)["text"])
        if found:
            sms[found.group()] += 1
    emails: Counter[str] = Counter()
    message_ids: dict[str, set[str]] = defaultdict(set)
    for path in [*(VAR / "mail" / "new").iterdir(), *(VAR / "mail" / "cur").iterdir()]:
        with path.open("rb") as raw:
            message = email.message_from_binary_file(raw, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        found = NUMBER.search(body.get_content() if body is not None else "")
        if found:
            emails[found.group()] += 1
            message_ids[found.group()].add(str(message["Message-ID"]))
    channels = {}
    for name, seen in (("in-app", inbox), ("SMS", sms), ("email", emails)):
        channels[name] = {
            "expected": len(numbers),
            "sent": sum(1 for number in numbers if seen[number] >= 1),
            "missing": sum(1 for number in numbers if seen[number] == 0),
            "doubled": sum(1 for number in numbers if seen[number] > 1),
        }
    # The same Message-ID twice: a resend after a crash that the receiver drops; a second Message-ID would be a real
    # second email.
    channels["email"]["doubled, different Message-ID"] = sum(1 for ids in message_ids.values() if len(ids) > 1)
    receipts = Counter(
        number
        for number, name in query(
            "SELECT c.number, d.file FROM cases_casedocument d JOIN cases_case c ON c.id = d.case_id "
            "WHERE d.kind = 'receipt' AND c.idempotency_key LIKE 'chaos-%%'"
        )
        if (VAR / "media" / name).exists()
    )
    documents = {
        "expected": len(numbers),
        "missing": sum(1 for number in numbers if receipts[number] == 0),
        "doubled": sum(1 for number in numbers if receipts[number] > 1),
    }
    tasks = dict(query("SELECT status, count(*) FROM django_tasks_database_dbtaskresult GROUP BY status"))
    failed = dict(
        query(
            "SELECT exception_class_path, count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status = 'FAILED' GROUP BY exception_class_path"
        )
    )
    deliveries = dict(query("SELECT via || ':' || state, count(*) FROM cases_delivery GROUP BY 1"))
    # Sent more than once by GovHall (a worker died between the provider's answer and the record): always with the
    # delivery's own idempotency key / Message-ID, so the gateway dropped the SMS copy and the email copy carries the
    # same Message-ID.
    resent = dict(query("SELECT 'resent ' || via, count(*) FROM cases_delivery WHERE attempts > 1 GROUP BY via"))
    requeued = sum(
        int(found)
        for path in VAR.glob("worker*.log")
        for found in re.findall(r"Requeued (\d+) abandoned", path.read_text(encoding="utf-8", errors="replace"))
    )
    return {
        "submissions": submissions,
        "notices": channels,
        "receipts": documents,
        "tasks": {
            "by status": tasks,
            "stuck (READY or RUNNING)": tasks.get("READY", 0) + tasks.get("RUNNING", 0),
            "failed runs by exception (taken up again)": failed,
            "taken up again after their worker died": requeued,
        },
        "deliveries": {**deliveries, **resent},
        "requests": dict(load.attempts),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submissions", type=int, default=300)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--rate", type=float, default=5.0, help="submissions started per second (default 5)")
    parser.add_argument("--load-seconds", type=int, default=300, help="give up submitting after this long")
    parser.add_argument("--drain", type=int, default=240, help="at most this long for the workers to finish")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep-cluster", action="store_true", help="leave the chaos PostgreSQL running afterwards")
    args = parser.parse_args()
    VAR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    cluster = Cluster()
    cluster.ensure()
    web_port, smtp_port, outside_port, clamd_port = free_port(), free_port(), free_port(), free_port()
    env = environment(web_port, smtp_port, outside_port)
    log(f"database {DATABASE} on 127.0.0.1:{PG_PORT}: migrate and set up {args.clients} applicants")
    setup = prepare(env, args.clients)
    python = sys.executable
    smtp = Supervised("smtp", [python, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{smtp_port}",
                               "-c", "aiosmtpd.handlers.Mailbox", str(VAR / "mail")], env).start()  # fmt: skip
    web = Supervised("web", [python, "-m", "gunicorn", "govhall.wsgi:application", "--bind", f"127.0.0.1:{web_port}",
                             "--workers", str(WEB_WORKERS), "--timeout", "30", "--graceful-timeout", "5",
                             "--chdir", str(ROOT / "src")], env).start()  # fmt: skip
    workers = [
        Supervised(f"worker{n}", [python, "manage.py", "run_worker", "--queue-name", "*", "--no-reload",
                                  "--interval", "0.5", "--worker-id", f"chaos-worker-{n}"], env).start()
        for n in range(TASK_WORKERS)
    ]  # fmt: skip
    periodic = Supervised("periodic", [python, "manage.py", "run_periodic", "--every", str(PERIODIC_SECONDS)],
                          env).start()  # fmt: skip
    outside = Supervised("outside", [python, "manage.py", "run_demo_services", "--port", str(outside_port),
                                     "--clamd-port", str(clamd_port)], env).start()  # fmt: skip
    processes = [smtp, outside, web, *workers, periodic]
    try:
        wait_for_web(web_port)
        run_id = time.strftime("%H%M%S")
        load = Load(web_port, setup["item_code"], setup["tokens"], args.submissions, run_id,
                    time.monotonic() + args.load_seconds, args.rate)  # fmt: skip
        faults = Faults(cluster, web, workers, load, random.Random(args.seed))
        fault_thread = threading.Thread(target=faults.run, name="faults", daemon=True)
        log(f"load: {args.submissions} submissions from {args.clients} clients, with faults")
        load_started = time.monotonic()
        clients = [threading.Thread(target=load.client, args=(n,), daemon=True) for n in range(args.clients)]
        fault_thread.start()
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        load_seconds = time.monotonic() - load_started
        faults.done.set()
        fault_thread.join()
        log(f"load done in {load_seconds:.0f} s: {len(load.acknowledged)} acknowledged; faults {dict(faults.counts)}")
        drain_started = time.monotonic()
        state: dict[str, int] = {}
        while time.monotonic() - drain_started < args.drain:
            try:
                state = drained()
            except Exception as error:  # the database may still be recovering
                log(f"drain: {error}")
                time.sleep(2)
                continue
            expected = state["cases"]
            if (state["open tasks"] == 0 and state["unsent deliveries"] == 0 and state["notices"] >= expected
                    and state["sent deliveries"] >= 2 * expected and state["receipts"] >= expected):  # fmt: skip
                break
            time.sleep(2)
        drain_seconds = time.monotonic() - drain_started
        log(f"drained in {drain_seconds:.0f} s: {state}")
        result = count(load)
    finally:
        for process in processes:
            process.stop()
        if not args.keep_cluster:
            cluster.stop()
    result["run"] = {
        "submissions": args.submissions,
        "clients": args.clients,
        "seed": args.seed,
        "load seconds": round(load_seconds),
        "drain seconds": round(drain_seconds),
        "total seconds": round(time.monotonic() - started),
        "faults": dict(faults.counts),
        "restarts by the supervisor": {process.name: process.starts - 1 for process in processes},
        "task lease seconds": LEASE_SECONDS,
    }
    (VAR / "result.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps(result, ensure_ascii=False, indent=2))
    submissions, notices, receipts = result["submissions"], result["notices"], result["receipts"]
    bad = (
        submissions["lost"] + submissions["duplicated"] + submissions["answered with another case"]
        + sum(channel["missing"] + channel["doubled"] for name, channel in notices.items() if name != "email")
        + notices["email"]["missing"] + notices["email"]["doubled, different Message-ID"]
        + receipts["missing"] + receipts["doubled"] + result["tasks"]["stuck (READY or RUNNING)"]
    )  # fmt: skip
    print("chaos: OK" if bad == 0 else f"chaos: {bad} problem(s)")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
