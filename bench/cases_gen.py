"""Fills the benchmark database with cases (办件) and their events, for the case scenarios of `make bench`.

Run after `migrate`, `load_demo` and `bench/generate_catalog.py`, with the same environment (DATABASE_URL, SECRET_KEY...):

    .venv/bin/python bench/cases_gen.py --cases 1000000

What it makes, spread over the catalog's items with guides and their departments:

- a few hundred applicants (`bench_applicant_NNN`) and staff (`bench_staff_NNN`, window clerks, reviewers and approvers
  of the departments with cases), and `bench_inbox`, a window clerk of the busiest department, who signs in with
  BENCH_PASSWORD and the TOTP seed INBOX_TOTP_SEED (the inbox scenario);
- N cases over the last two years, departments and items drawn from Zipf-like weights (a few departments and items get
  most cases, as in a real district), ids in the order of submission;
- each case's events, from 申报 to 送达 (or withdrawn, not accepted, a correction round, a special procedure, denial,
  a rare revocation), with realistic gaps; whatever lies in the future has not happened yet, so recent cases are still
  open, and a small share of older cases is stuck open (overdue);
- the derived columns (state, revision, handler, accepted/concluded dates, promised and statutory deadlines) and the
  case-number sequence of every day, so that new submissions continue the numbering.

Fast: PostgreSQL through COPY, SQLite through executemany in large transactions with bulk-load PRAGMAs; the tables'
secondary indexes are dropped during the load and built again after, foreign-key checks are off during the load (the
rows are consistent by construction). The column lists come from the models' _meta: a column the generator does not
set gets its field's default (or its database default), so columns added later do not break it. Then ANALYZE (and
VACUUM on PostgreSQL, as autovacuum would have done on a live system). Prints one JSON line at the end.
"""

import argparse
import bisect
import itertools
import json
import math
import os
import random
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("GOVHALL_SRC", str(ROOT / "src")))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govhall.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from govhall.accounts.constants import AccountKind  # noqa: E402
from govhall.accounts.models import TotpDevice, User  # noqa: E402
from govhall.cases.constants import Act, CaseState  # noqa: E402
from govhall.cases.models import Case, CaseEvent, CaseNumberSequence  # noqa: E402
from govhall.catalog.models import Item  # noqa: E402
from govhall.organisations.constants import Role  # noqa: E402
from govhall.organisations.models import Department, StaffMembership  # noqa: E402

BENCH_PASSWORD = "GovHall#2026bench"
INBOX_USER = "bench_inbox"
INBOX_TOTP_SEED = "JBSWY3DPEHPK3PXPBENCHINB"
APPLICANT_PREFIX = "bench_applicant_"
STAFF_PREFIX = "bench_staff_"
DAYS = 730
CHUNK = 50_000  # cases per COPY / transaction
TZ_OFFSET = 8 * 3600  # the working day is counted in Beijing time (Asia/Shanghai has no DST)
S = CaseState
CHANNELS = (["web"] * 60) + (["window"] * 25) + (["mobile"] * 12) + (["kiosk"] * 3)
REASONS = ["开设餐馆", "新生儿落户", "办理社保", "个人申请", "企业经营需要", "材料更新", "证件到期", "迁入本区"]
MISSING = [["营业执照复印件"], ["经营场所平面图", "法定代表人身份证明"], ["申请书签字页"], ["照片（白底）"]]


def log(message: str) -> None:
    print(f"[cases_gen {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------------------------ columns from _meta


class Columns:
    """The INSERT/COPY column list of a model: the fields the generator sets, in order, then every other concrete
    field without a database default, with its field default (prepared for this database once). Fields with a
    database default are left out: the database fills them in."""

    def __init__(self, model: type[models.Model], generated: list[str]) -> None:
        self.table = model._meta.db_table
        by_attname = {field.attname: field for field in model._meta.concrete_fields}
        columns = {attname: str(field.column) for attname, field in by_attname.items()}
        unknown = [name for name in generated if name not in by_attname]
        if unknown:
            raise SystemExit(f"cases_gen: {model.__name__} has no column {', '.join(unknown)}")
        self.generated = generated
        self.constants: list[tuple[str, Any]] = []
        self.left_to_database: list[str] = []
        for attname, field in by_attname.items():
            if attname in generated:
                continue
            if field.has_db_default():
                self.left_to_database.append(columns[attname])
                continue
            if field.primary_key or (not field.null and not field.has_default() and not field.empty_strings_allowed):
                raise SystemExit(
                    f"cases_gen: {model.__name__}.{attname} has no default; teach bench/cases_gen.py its value"
                )
            self.constants.append((columns[attname], prepared(field, field.get_default())))
        self.names = [columns[name] for name in generated] + [column for column, _ in self.constants]
        self.tail = tuple(value for _, value in self.constants)

    def sql_columns(self) -> str:
        return ", ".join(connection.ops.quote_name(name) for name in self.names)


def prepared(field: Any, value: Any) -> Any:
    """A field default as the plain value COPY or sqlite3 takes (JSON as text, datetimes as text)."""
    value = field.get_db_prep_save(value, connection)
    if hasattr(value, "obj"):  # psycopg's Json / Jsonb wrapper
        return json.dumps(value.obj, ensure_ascii=False)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return timestamp(value.timestamp())
    if isinstance(value, date):
        return value.isoformat()
    return value


POSTGRES = connection.vendor == "postgresql"


def timestamp(epoch: float) -> str:
    text = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return text + "+00" if POSTGRES else text  # Django's SQLite backend keeps UTC without an offset


# ------------------------------------------------------------------------------------------------------- loading


def secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's indexes that back no constraint and no primary key."""
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute(
                "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
                [table],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
        return [(name, sql) for name, sql in cursor.fetchall()]


def drop_indexes(tables: list[str]) -> list[tuple[str, str]]:
    saved = [entry for table in tables for entry in secondary_indexes(table)]
    with connection.cursor() as cursor:
        for name, _ in saved:
            cursor.execute(f"DROP INDEX {name}")
    return saved


def create_indexes(saved: list[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("SET maintenance_work_mem = '512MB'")
        for _, sql in saved:
            cursor.execute(sql)


def load(columns: Columns, rows: Iterable[tuple[Any, ...]]) -> int:
    count = 0
    tail = columns.tail
    with connection.cursor() as cursor:
        if POSTGRES:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(
                f"COPY {connection.ops.quote_name(columns.table)} ({columns.sql_columns()}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row + tail)
                    count += 1
        else:
            marks = ", ".join(["%s"] * len(columns.names))
            sql = f"INSERT INTO {connection.ops.quote_name(columns.table)} ({columns.sql_columns()}) VALUES ({marks})"
            batch = [row + tail for row in rows]
            cursor.executemany(sql, batch)
            count = len(batch)
    return count


def reset_sequence(model: type[models.Model]) -> None:
    if not POSTGRES:
        return  # SQLite's AUTOINCREMENT follows the largest id inserted
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT coalesce(max(id), 1) FROM {table}))", [table]
        )


# -------------------------------------------------------------------------------------------------------- people


def bench_users(applicants: int, departments: list[int], busiest: int, rng: random.Random) -> dict[str, Any]:
    """Creates the applicants and the staff (idempotent). Returns their ids: applicants, staff by department."""
    password = make_password(BENCH_PASSWORD)  # hashed once (argon2 is slow on purpose)
    existing = set(User.objects.filter(username__startswith="bench_").values_list("username", flat=True))
    new: list[User] = []
    for index in range(applicants):
        username = f"{APPLICANT_PREFIX}{index:04d}"
        if username not in existing:
            new.append(User(username=username, password=password, kind=AccountKind.PERSON, first_name="申请人"))
    # Staff: the busiest departments get more people; every department with cases gets at least one clerk.
    plan: list[tuple[str, int, str]] = []
    number = 0
    for rank, department in enumerate(departments):
        people = max(1, min(8, round(12 / (rank + 1) ** 0.6)))
        for slot in range(people):
            role = (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER)[slot % 3]
            plan.append((f"{STAFF_PREFIX}{number:04d}", department, role))
            number += 1
    for username, _, _ in plan:
        if username not in existing:
            new.append(User(username=username, password=password, kind=AccountKind.STAFF))
    if INBOX_USER not in existing:
        new.append(User(username=INBOX_USER, password=password, kind=AccountKind.STAFF, first_name="收件"))
    User.objects.bulk_create(new, batch_size=1000)
    ids = dict(User.objects.filter(username__startswith="bench_").values_list("username", "id"))
    memberships = [
        StaffMembership(user_id=ids[username], department_id=department, role=role)
        for username, department, role in plan
    ]
    memberships.append(StaffMembership(user_id=ids[INBOX_USER], department_id=busiest, role=Role.WINDOW_CLERK))
    taken = set(StaffMembership.objects.filter(user_id__in=ids.values()).values_list("user_id", flat=True))
    StaffMembership.objects.bulk_create([m for m in memberships if m.user_id not in taken])
    if not TotpDevice.objects.filter(user_id=ids[INBOX_USER]).exists():
        TotpDevice.objects.create(user_id=ids[INBOX_USER], secret=INBOX_TOTP_SEED, confirmed_at=timezone.now())
    staff: dict[int, list[int]] = {}
    for username, department, _ in plan:
        staff.setdefault(department, []).append(ids[username])
    return {
        "applicants": [ids[f"{APPLICANT_PREFIX}{index:04d}"] for index in range(applicants)],
        "staff": staff,
        "staff_count": len(plan) + 1,
        "inbox_user": ids[INBOX_USER],
    }


# --------------------------------------------------------------------------------------------------------- cases


def zipf_cumulative(count: int, exponent: float) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


class Catalog:
    """Items with a published guide, grouped by department, and the weights cases are drawn with."""

    def __init__(self, rng: random.Random, busiest: str) -> None:
        rows = list(
            Item.objects.filter(current_version__isnull=False, current_version__catalog_only=False)
            .values_list(
                "id", "department_id", "current_version_id", "current_version__promised_limit",
                "current_version__statutory_limit", "is_immediate",
            )
            .order_by("id")
        )  # fmt: skip
        if not rows:
            raise SystemExit("cases_gen: no item has a published guide (run load_demo and generate_catalog first)")
        by_department: dict[int, list[tuple[Any, ...]]] = {}
        for row in rows:
            by_department.setdefault(row[1], []).append(row)
        # `busiest` first (the district's approval bureau, as in a real district), then the departments with the most
        # items (a small random shake so that ties do not follow ids).
        first = set(Department.objects.filter(name=busiest).values_list("id", flat=True))
        self.departments = sorted(by_department, key=lambda d: (d not in first, -len(by_department[d]), rng.random()))
        self.department_weights = zipf_cumulative(len(self.departments), 1.0)
        self.items: dict[int, list[tuple[Any, ...]]] = {}
        self.item_weights: dict[int, list[float]] = {}
        for department in self.departments:
            items = by_department[department]
            rng.shuffle(items)
            self.items[department] = items
            self.item_weights[department] = zipf_cumulative(len(items), 1.1)
        self.item_count = len(rows)

    def draw(self, rng: random.Random) -> tuple[Any, ...]:
        weights = self.department_weights
        department = self.departments[bisect.bisect(weights, rng.random() * weights[-1])]
        weights = self.item_weights[department]
        items = self.items[department]
        return items[min(len(items) - 1, bisect.bisect(weights, rng.random() * weights[-1]))]


def local_day(epoch: float) -> date:
    return datetime.fromtimestamp(epoch + TZ_OFFSET, UTC).date()


def deadline(accepted: float, limit: int | None) -> str | None:
    """A working-day limit as calendar days (7 for every 5), counted from the day after acceptance."""
    if limit is None:
        return None
    return (local_day(accepted) + timedelta(days=math.ceil(limit * 7 / 5))).isoformat()


DAY = 86400.0


def life(rng: random.Random, immediate: bool, limit: int) -> list[tuple[str, str, str, float]]:
    """(act, from, to, seconds after submission) of one case's whole life, as it would run to the end."""
    steps: list[tuple[str, str, str, float]] = [(Act.SUBMIT, S.DRAFT, S.SUBMITTED, 0.0)]
    t = 0.0
    roll = rng.random()
    if roll < 0.03:
        return [*steps, (Act.WITHDRAW, S.SUBMITTED, S.WITHDRAWN, rng.uniform(0.05, 5) * DAY)]
    if rng.random() < 0.15:
        t += rng.uniform(0.1, 3) * DAY
        steps.append((Act.REQUEST_CORRECTION, S.SUBMITTED, S.CORRECTION, t))
        t += rng.uniform(0.5, 10) * DAY
        if roll < 0.05:
            return [*steps, (Act.NOT_ACCEPT, S.CORRECTION, S.NOT_ACCEPTED, t)]
        if rng.random() < 0.1:
            return steps  # the applicant never comes back: the case waits in correction for good
        steps.append((Act.RESUBMIT, S.CORRECTION, S.SUBMITTED, t))
    if roll < 0.06:
        return [*steps, (Act.NOT_ACCEPT, S.SUBMITTED, S.NOT_ACCEPTED, t + rng.uniform(0.1, 3) * DAY)]
    t += rng.uniform(0.02, 2) * DAY
    steps.append((Act.ACCEPT, S.SUBMITTED, S.ACCEPTED, t))
    state = S.ACCEPTED
    if not immediate:
        t += rng.uniform(0.05, 2) * DAY
        steps.append((Act.START_REVIEW, S.ACCEPTED, S.UNDER_REVIEW, t))
        state = S.UNDER_REVIEW
        if rng.random() < 0.04:
            t += rng.uniform(0.5, 3) * DAY
            steps.append((Act.SUSPEND, S.UNDER_REVIEW, S.SUSPENDED, t))
            t += rng.uniform(3, 20) * DAY
            steps.append((Act.RESUME, S.SUSPENDED, S.UNDER_REVIEW, t))
        t += rng.uniform(0.3, max(1.0, limit * 1.3)) * DAY
    else:
        t += rng.uniform(0.01, 0.2) * DAY
    approved = rng.random() < 0.92
    decision = S.APPROVED if approved else S.DENIED
    steps.append((Act.APPROVE if approved else Act.DENY, state, decision, t))
    t += rng.uniform(0.01, 1) * DAY
    steps.append((Act.CONCLUDE, decision, S.CONCLUDED, t))
    t += rng.uniform(0.01, 5) * DAY
    steps.append((Act.DELIVER, S.CONCLUDED, S.DELIVERED, t))
    if approved and rng.random() < 0.001:
        steps.append((Act.REVOKE, S.DELIVERED, S.REVOKED, t + rng.uniform(30, 300) * DAY))
    return steps


def submission_times(count: int, now: float, rng: random.Random) -> list[float]:
    """Working-hour submission times over the last DAYS days (Beijing time), weekdays five times as busy, sorted."""
    today = local_day(now)
    midnight = datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp() - TZ_OFFSET
    days = [(offset, 5 if (today - timedelta(days=offset)).weekday() < 5 else 1) for offset in range(DAYS)]
    cumulative = list(itertools.accumulate(weight for _, weight in days))
    times: list[float] = []
    while len(times) < count:
        offset = days[bisect.bisect(cumulative, rng.random() * cumulative[-1])][0]
        moment = midnight - offset * DAY + rng.uniform(8.5, 17.5) * 3600
        if moment < now - 60:
            times.append(moment)
    times.sort()
    return times


class Generator:
    def __init__(self, total: int, seed: int, busiest: str) -> None:
        self.total = total
        self.rng = random.Random(seed)
        self.now = timezone.now().timestamp()
        self.catalog = Catalog(self.rng, busiest)
        # Numbering continues after the cases already there (the demo's of today, an earlier run's): a generated
        # number never meets one the services handed out.
        self.sequences: dict[date, int] = dict(CaseNumberSequence.objects.values_list("day", "last"))
        self.state_counts: dict[str, int] = {}
        self.events = 0
        self.case_columns = Columns(
            Case,
            [
                "id", "number", "item_id", "guide_version_id", "department_id", "applicant_id", "channel", "state",
                "form_data", "idempotency_key", "revision", "handler_id", "created_at", "submitted_at",
                "accepted_at", "concluded_at", "promised_deadline", "statutory_deadline", "clock_stopped",
            ],
        )  # fmt: skip
        self.event_columns = Columns(
            CaseEvent,
            ["id", "case_id", "act", "from_state", "to_state", "at", "actor_id", "channel", "reason", "detail"],
        )

    def start_ids(self) -> tuple[int, int]:
        case = Case.objects.order_by("-id").values_list("id", flat=True).first() or 0
        event = CaseEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        return case + 1, event + 1

    def chunks(self, users: dict[str, Any]) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
        rng = self.rng
        applicants = users["applicants"]
        staff = users["staff"]
        case_id, event_id = self.start_ids()
        times = submission_times(self.total, self.now, rng)
        now = self.now
        empty = json.dumps({})
        cases: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        for submitted in times:
            item, department, version, promised_limit, statutory_limit, immediate = self.catalog.draw(rng)
            limit = promised_limit or statutory_limit or 20
            steps = life(rng, immediate, limit)
            if rng.random() < 0.004:  # stuck: the case stopped moving somewhere (overdue in the inbox)
                steps = steps[: rng.randint(1, max(1, len(steps) - 1))]
            happened = [step for step in steps if submitted + step[3] < now]
            applicant = applicants[int(rng.random() * len(applicants))]
            people = staff.get(department) or [None]
            handler = people[int(rng.random() * len(people))]
            channel = CHANNELS[int(rng.random() * len(CHANNELS))]
            day = local_day(submitted)
            sequence = self.sequences.get(day, 0) + 1
            self.sequences[day] = sequence
            accepted = concluded = None
            for act, from_state, to_state, offset in happened:
                at = submitted + offset
                actor = applicant if act in (Act.SUBMIT, Act.RESUBMIT, Act.WITHDRAW) else handler
                reason, detail = "", empty
                if act == Act.REQUEST_CORRECTION:
                    missing = MISSING[int(rng.random() * len(MISSING))]
                    reason, detail = "；".join(missing), json.dumps({"missing": missing}, ensure_ascii=False)
                elif act in (Act.NOT_ACCEPT, Act.DENY, Act.SUSPEND):
                    reason = (
                        "不符合受理条件"
                        if act == Act.NOT_ACCEPT
                        else ("现场核查" if act == Act.SUSPEND else "审查未通过")
                    )
                elif act == Act.ACCEPT:
                    accepted = at
                elif act == Act.CONCLUDE:
                    concluded = at
                events.append(
                    (event_id, case_id, str(act), str(from_state), str(to_state), timestamp(at), actor, channel,
                     reason, detail)
                )  # fmt: skip
                event_id += 1
            state = str(happened[-1][2])
            stopped = state == S.SUSPENDED
            self.state_counts[state] = self.state_counts.get(state, 0) + 1
            self.events += len(happened)
            cases.append(
                (
                    case_id, f"GH{day:%Y%m%d}{sequence:06d}", item, version, department, applicant, channel, state,
                    json.dumps({"申请事由": REASONS[case_id % len(REASONS)], "办理情形": ""}, ensure_ascii=False), "",
                    len(happened), handler if accepted is not None else None, timestamp(submitted),
                    timestamp(submitted), timestamp(accepted) if accepted else None,
                    timestamp(concluded) if concluded else None,
                    deadline(accepted, promised_limit or limit) if accepted else None,
                    deadline(accepted, statutory_limit) if accepted else None, stopped,
                )
            )  # fmt: skip
            case_id += 1
            if len(cases) >= CHUNK:
                yield cases, events
                cases, events = [], []
        if cases:
            yield cases, events


def bulk_pragmas(on: bool) -> None:
    with connection.cursor() as cursor:
        if POSTGRES:
            # The rows are consistent by construction; skipping the foreign-key triggers during the load is the
            # bulk-load path (superuser on the benchmark's own server).
            cursor.execute(f"SET session_replication_role = {'replica' if on else 'DEFAULT'}")
            return
        if on:
            for pragma in ("foreign_keys = OFF", "synchronous = OFF", "cache_size = -500000", "temp_store = MEMORY"):
                cursor.execute(f"PRAGMA {pragma}")
        else:
            for pragma in ("synchronous = NORMAL", "cache_size = -32000", "foreign_keys = ON"):
                cursor.execute(f"PRAGMA {pragma}")


def write_sequences(sequences: dict[date, int]) -> None:
    existing = dict(CaseNumberSequence.objects.values_list("day", "last"))
    rows = [CaseNumberSequence(day=day, last=max(last, existing.get(day, 0))) for day, last in sequences.items()]
    CaseNumberSequence.objects.filter(day__in=[row.day for row in rows]).delete()
    CaseNumberSequence.objects.bulk_create(rows, batch_size=2000)


def analyze(tables: list[str]) -> None:
    with connection.cursor() as cursor:
        if POSTGRES:
            for table in tables:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(table)}")
        else:
            cursor.execute("ANALYZE")


APPLY_ITEM_NUMBER = 9_999_000_001  # the implementation code of the submission scenario's item
APPLY_ITEM_DEPARTMENT = "区民政局"  # not the inbox's department: submissions do not change what the inbox shows


def scenario_setup() -> dict[str, Any]:
    """The item the submission scenario applies for, made once: a complete published guide with one required
    material, no 情形 and no form fields of its own (the guide the catalog tests use, so it keeps every consistency
    rule as they change), in a department other than the inbox's. Returns what bench/run.py signs in with."""
    from govhall.accounts.demo import DEMO_PASSWORD, PEOPLE
    from govhall.catalog.indexing import items_for_indexing, reindex_items
    from govhall.catalog.schema import GuideIn
    from govhall.catalog.services import put_item
    from govhall.catalog.tests.factories import guide_data
    from govhall.core.constants import Channel

    data = guide_data(
        number=APPLY_ITEM_NUMBER, name="基准测试申报事项（食品经营许可）", department=APPLY_ITEM_DEPARTMENT
    )
    item = Item.objects.filter(implementation_code=data["implementation_code"]).first()
    if item is None or item.current_version is None:
        item, _ = put_item(guide=GuideIn.model_validate(data), actor=None, channel=Channel.SYSTEM)
        reindex_items(items_for_indexing().filter(pk=item.pk))
        item.refresh_from_db()
    version = item.current_version
    if version is None:
        raise SystemExit("cases_gen: the submission item has no published guide")
    inbox_user = User.objects.filter(username=INBOX_USER).first()
    if inbox_user is None:
        raise SystemExit("cases_gen: no generated cases in this database (bench_inbox is missing)")
    return {
        "apply_code": item.implementation_code,
        "apply_materials": list(version.materials.values_list("name", flat=True)),
        "apply_variants": version.variants.count(),
        "citizen": PEOPLE[0][0],
        "citizen_password": DEMO_PASSWORD,
        "inbox_user": INBOX_USER,
        "inbox_password": BENCH_PASSWORD,
        "inbox_totp_seed": INBOX_TOTP_SEED,
        "inbox_department": inbox_user.memberships.values_list("department__name", flat=True).first(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--applicants", type=int, default=400)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--busiest", default="区行政审批局", help="the department that gets the most cases")
    parser.add_argument(
        "--setup", action="store_true", help="only make sure the scenarios' item and accounts exist; print them"
    )
    arguments = parser.parse_args()
    if arguments.setup:
        print(json.dumps(scenario_setup(), ensure_ascii=False))
        return
    started = time.monotonic()
    if (
        User.objects.filter(username=INBOX_USER, cases__isnull=False).exists()
        or Case.objects.filter(applicant__username__startswith=APPLICANT_PREFIX).exists()
    ):
        raise SystemExit("cases_gen: this database already has generated cases (start from a fresh one)")
    generator = Generator(arguments.cases, arguments.seed, arguments.busiest)
    busiest = generator.catalog.departments[0]
    users = bench_users(arguments.applicants, generator.catalog.departments, busiest, generator.rng)
    prepare_seconds = time.monotonic() - started
    tables = [Case._meta.db_table, CaseEvent._meta.db_table]
    saved = drop_indexes(tables)
    log(f"{len(saved)} secondary indexes dropped for the load; {generator.catalog.item_count} items")
    written = time.monotonic()
    cases = events = 0
    bulk_pragmas(True)
    try:
        for case_rows, event_rows in generator.chunks(users):
            with transaction.atomic():
                cases += load(generator.case_columns, case_rows)
                events += load(generator.event_columns, event_rows)
            if cases % 200_000 < CHUNK:
                log(f"{cases:,} cases, {events:,} events ({time.monotonic() - written:.0f} s)")
    finally:
        bulk_pragmas(False)
        index_started = time.monotonic()
        create_indexes(saved)
    write_seconds = index_started - written
    index_seconds = time.monotonic() - index_started
    reset_sequence(Case)
    reset_sequence(CaseEvent)
    write_sequences(generator.sequences)
    analyzed = time.monotonic()
    analyze(tables)
    busiest_open = (
        Case.objects.filter(department_id=busiest)
        .exclude(state__in=[S.NOT_ACCEPTED, S.DELIVERED, S.WITHDRAWN, S.REVOKED])
        .count()
    )
    summary = {
        "cases": cases,
        "events": events,
        "applicants": len(users["applicants"]),
        "staff": users["staff_count"],
        "departments": len(generator.catalog.departments),
        "items": generator.catalog.item_count,
        "busiest_department": busiest,
        "busiest_department_cases": Case.objects.filter(department_id=busiest).count(),
        "busiest_department_open": busiest_open,
        "states": dict(sorted(generator.state_counts.items(), key=lambda entry: -entry[1])),
        "columns_left_to_database": generator.case_columns.left_to_database,
        "prepare_seconds": round(prepare_seconds, 1),
        "write_seconds": round(write_seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "analyze_seconds": round(time.monotonic() - analyzed, 1),
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
