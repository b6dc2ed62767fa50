"""`make bench`'s payment scenarios, the Django side (bench/payment_bench.py runs it with the bench's environment:
DATABASE_URL, the WECHAT_PAY_* settings of the keys the bench controls, PAYMENT_DEMO_KEY_DIR):

    python bench/payment_gen.py setup --orders 20000 --warmup 2000 --inprocess 2000 --create 300
        one case waiting for its fee made through the services (a fee item, accepted, reviewed, approved: 通知缴费
        makes its order), then cloned in bulk — the case, its events and its pending order, started at WeChat Pay —
        into the orders wrk pays (BPN…), the warm-up's (BPW…) and the in-process measurement's (BPI…); then the two
        ways orders are made, timed one by one: the 通知缴费 event (cases.services.request_payment; payments' subscriber
        makes the order) over --create approved cases, and start_checkout (the gateway's order at the demo WeChat Pay
        of contrib.demo, over loopback, in this process: its time is included) over --create of those orders.
    python bench/payment_gen.py notifications --prefix BPN --copies 2 --out FILE
        the signed WeChat Pay notification of every order with the prefix (contrib.demo's signed_notification, fresh
        timestamps: generate just before the run), each `copies` times, shuffled; one request a line for wrk
        (bench/notify.lua): timestamp, nonce, signature, serial, body, tab-separated.
    python bench/payment_gen.py inprocess --prefix BPI
        the same notifications (each twice) verified and received in this process, without HTTP (the endpoint's
        work: verify_notification + receive_notification, first deliveries and duplicates apart), then each kept one
        applied (the worker's work: apply_received), timed apart.
    python bench/payment_gen.py verify --prefix BPN
        after the run and the worker: every order paid at most once and every notified order paid (one 缴费完成 event,
        one receipt, one applied notification per paid order), nothing refused or left unapplied.

Each prints one JSON line at the end."""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("GOVHALL_SRC", str(ROOT / "src")))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govhall.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from govhall.cases.constants import Act, PaymentState  # noqa: E402
from govhall.cases.models import Case, CaseEvent  # noqa: E402
from govhall.payments.constants import CheckoutMethod, OrderState, PaymentChannel  # noqa: E402
from govhall.payments.models import PaymentNotification, PaymentOrder, Receipt  # noqa: E402

BATCH = 2000
BLOCK = 256  # orders whose notifications are shuffled together
TEMPLATE_NUMBER = "BENCHPAYTEMPLATE"


def percentiles(timings: list[float]) -> dict[str, float]:
    if len(timings) < 2:
        return {"p50_ms": round(timings[0], 2) if timings else 0.0, "p95_ms": 0.0, "p99_ms": 0.0}
    cuts = statistics.quantiles(timings, n=100)
    return {"p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2), "p99_ms": round(cuts[98], 2)}


def rate(timings: list[float], seconds: float) -> dict[str, Any]:
    return {"count": len(timings), "seconds": round(seconds, 2), "per_second": round(len(timings) / seconds, 1),
            **percentiles(timings)}  # fmt: skip


# ------------------------------------------------------------------------------------------------------------ setup


def template() -> PaymentOrder:
    """A case waiting for its fee, made the way production makes it (the payments test helpers: a fee item, its
    approver, submitted → accepted → reviewed → approved, and 通知缴费 → the order)."""
    from govhall.payments.tests.factories import due_order

    order = due_order()
    Case.objects.filter(pk=order.case_id).update(number=TEMPLATE_NUMBER)
    return PaymentOrder.objects.select_related("case").get(pk=order.pk)


def clone_cases(model_case: Case, events: list[CaseEvent], prefix: str, count: int, **changes: Any) -> list[Case]:
    """`count` copies of `model_case` (numbered prefix + serial) with copies of `events`, in bulk."""
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    event_fields = [f for f in CaseEvent._meta.concrete_fields if not f.primary_key]
    made: list[Case] = []
    for start in range(0, count, BATCH):
        with transaction.atomic():
            cases = []
            for n in range(start, min(count, start + BATCH)):
                values = {f.attname: getattr(model_case, f.attname) for f in fields}
                values.update(number=f"{prefix}{n:08d}", **changes)
                cases.append(Case(**values))
            cases = Case.objects.bulk_create(cases)
            copies = []
            for case in cases:
                for event in events:
                    values = {f.attname: getattr(event, f.attname) for f in event_fields}
                    values["case_id"] = case.pk
                    copies.append(CaseEvent(**values))
            CaseEvent.objects.bulk_create(copies)
        made += cases
    return made


def clone_orders(model: PaymentOrder, prefix: str, count: int) -> int:
    """Cases waiting for their fee, each with its pending order started at WeChat Pay (Native), numbered prefix…"""
    events = list(model.case.events.order_by("at", "pk"))
    cases = clone_cases(model.case, events, prefix, count)
    by_case = {
        event.case_id: event.pk
        for event in CaseEvent.objects.filter(case__number__startswith=prefix, act=Act.REQUEST_PAYMENT).only("case_id")
    }
    fields = [f for f in PaymentOrder._meta.concrete_fields if not f.primary_key]
    for start in range(0, len(cases), BATCH):
        orders = []
        for n, case in enumerate(cases[start : start + BATCH], start=start):
            values = {f.attname: getattr(model, f.attname) for f in fields}
            values.update(
                number=f"{prefix}{n:010d}", case_id=case.pk, request_event_id=by_case[case.pk],
                channel=PaymentChannel.WECHAT, method=CheckoutMethod.WECHAT_NATIVE,
                code_url=f"weixin://wxpay/bizpayurl?pr={prefix}{n:010d}",
            )  # fmt: skip
            orders.append(PaymentOrder(**values))
        PaymentOrder.objects.bulk_create(orders)
    return len(cases)


def measure_creation(model: PaymentOrder, count: int) -> dict[str, Any]:
    """通知缴费 over `count` approved cases (not yet asked to pay): cases.services.request_payment, in which payments'
    subscriber makes the order; each in its own transaction, one after another."""
    from govhall.cases.services import request_payment

    before = [e for e in model.case.events.order_by("at", "pk") if e.act != Act.REQUEST_PAYMENT]
    cases = clone_cases(model.case, before, "BPC", count, payment_state=PaymentState.NONE)
    lines = list(model.lines)
    stage = str(model.request_event.detail.get("stage", "after_decision")) if model.request_event else "after_decision"
    timings = []
    started = time.perf_counter()
    for case in cases:
        t = time.perf_counter()
        request_payment(case=case, actor=None, channel="system", stage=stage, lines=lines)
        timings.append((time.perf_counter() - t) * 1000)
    seconds = time.perf_counter() - started
    made = PaymentOrder.objects.filter(case__number__startswith="BPC", state=OrderState.PENDING).count()
    if made != count:
        raise SystemExit(f"payment_gen: {count} payment requests made {made} orders")
    return rate(timings, seconds)


def measure_checkout(count: int) -> dict[str, Any]:
    """start_checkout (WeChat Native) over `count` of the orders just made: the order is locked and marked, the
    gateway's order made at the demo WeChat Pay (signed request, signed answer checked) and the QR kept."""
    from django.test import override_settings

    from govhall.contrib.demo.outside import OutsideWorld
    from govhall.payments.services import start_checkout

    world = OutsideWorld().start()
    try:
        with override_settings(WECHAT_PAY_URL=f"{world.url}/wechatpay"):
            orders = list(PaymentOrder.objects.filter(case__number__startswith="BPC").order_by("pk")[:count])
            start_checkout(order=orders.pop(), method=CheckoutMethod.WECHAT_NATIVE, actor=None)  # warm-up
            timings = []
            started = time.perf_counter()
            for order in orders:
                t = time.perf_counter()
                done = start_checkout(order=order, method=CheckoutMethod.WECHAT_NATIVE, actor=None)
                timings.append((time.perf_counter() - t) * 1000)
                if not done.code_url:
                    raise SystemExit(f"payment_gen: no code_url for {order.number}")
            seconds = time.perf_counter() - started
    finally:
        world.stop()
    return rate(timings, seconds)


def setup(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    model = template()
    made = {}
    for prefix, count in (("BPN", args.orders), ("BPW", args.warmup), ("BPI", args.inprocess)):
        made[prefix] = clone_orders(model, prefix, count)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    bulk_seconds = round(time.perf_counter() - started, 1)
    creation = measure_creation(model, args.create) if args.create else None
    checkout = measure_checkout(args.create) if args.create else None
    return {"orders": made, "bulk_seconds": bulk_seconds, "creation": creation, "checkout": checkout,
            "amount_fen": model.amount_fen}  # fmt: skip


# ---------------------------------------------------------------------------------------------------- notifications


def demo_gateway() -> Any:
    from govhall.contrib.demo.paydesk import DemoMerchant
    from govhall.contrib.demo.wechatpay import DemoWechatPay

    return DemoWechatPay(DemoMerchant.development())


def signed_requests(prefix: str) -> list[tuple[dict[str, str], bytes]]:
    demo = demo_gateway()
    orders = PaymentOrder.objects.filter(number__startswith=prefix).values_list("number", "amount_fen")
    return [demo.signed_notification(number, amount) for number, amount in orders.order_by("pk")]


def notifications(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    signed = signed_requests(args.prefix)
    lines = []
    for headers, body in signed:
        text = body.decode()
        if "\t" in text or "\n" in text:
            raise SystemExit("payment_gen: a notification body has a tab or a newline")
        fields = [headers[name] for name in ("Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature",
                                             "Wechatpay-Serial")]  # fmt: skip
        lines.append("\t".join([*fields, text]))
    # Each notification `copies` times, shuffled within blocks of BLOCK orders: any stretch of the file has the same
    # share of duplicates (a run that stops half-way still sent every other request twice), and a copy often arrives
    # while the first is being applied (the race the row lock settles).
    shuffler = random.Random(12)
    shuffler.shuffle(lines)
    ordered: list[str] = []
    for start in range(0, len(lines), BLOCK):
        block = lines[start : start + BLOCK] * args.copies
        shuffler.shuffle(block)
        ordered += block
    lines = ordered
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"orders": len(signed), "requests": len(lines), "seconds": round(time.perf_counter() - started, 1)}


def inprocess(args: argparse.Namespace) -> dict[str, Any]:
    """What the endpoint does, then what the worker does, for every request (each order's notification twice,
    shuffled), without HTTP: verify_notification + receive_notification per request (first deliveries and duplicates
    apart), then apply_received per kept notification."""
    from govhall.payments.gateways import gateway
    from govhall.payments.notifications import apply_received
    from govhall.payments.services import receive_notification

    signed = signed_requests(args.prefix)
    requests = signed * 2
    random.Random(7).shuffle(requests)
    provider = gateway(PaymentChannel.WECHAT)
    provider.verify_notification(headers=requests[0][0], body=requests[0][1])  # warm-up (key parsing, imports)
    verify_ms, first_ms, duplicate_ms, apply_ms, outcomes = [], [], [], [], {}
    received: list[int] = []
    started = time.perf_counter()
    for headers, body in requests:
        t = time.perf_counter()
        notification = provider.verify_notification(headers=headers, body=body)
        t1 = time.perf_counter()
        record = receive_notification(channel=PaymentChannel.WECHAT, notification=notification)
        t2 = time.perf_counter()
        verify_ms.append((t1 - t) * 1000)
        (duplicate_ms if record.outcome == "duplicate" else first_ms).append((t2 - t1) * 1000)
        outcomes[record.outcome] = outcomes.get(record.outcome, 0) + 1
        if record.outcome == "received":
            received.append(record.pk)
    seconds = time.perf_counter() - started
    applying = time.perf_counter()
    for pk in received:
        t = time.perf_counter()
        apply_received.call(pk)
        apply_ms.append((time.perf_counter() - t) * 1000)
    apply_seconds = time.perf_counter() - applying
    return {
        "requests": len(requests),
        "seconds": round(seconds, 2),
        "per_second": round(len(requests) / seconds, 1),
        "outcomes": outcomes,
        "verify": {"mean_ms": round(statistics.mean(verify_ms), 3), **percentiles(verify_ms)},
        "receive_first": {"mean_ms": round(statistics.mean(first_ms), 3), **percentiles(first_ms)},
        "receive_duplicate": {"mean_ms": round(statistics.mean(duplicate_ms), 3), **percentiles(duplicate_ms)},
        "apply": {"mean_ms": round(statistics.mean(apply_ms), 3), **percentiles(apply_ms)},
        "apply_per_second": round(len(apply_ms) / apply_seconds, 1) if apply_seconds else 0.0,
        "check": check(args.prefix),
    }


# ---------------------------------------------------------------------------------------------------------- verify


def check(prefix: str) -> dict[str, Any]:
    orders = PaymentOrder.objects.filter(number__startswith=prefix)
    notices = PaymentNotification.objects.filter(channel=PaymentChannel.WECHAT, out_trade_no__startswith=prefix)
    paid_events = CaseEvent.objects.filter(case__number__startswith=prefix, act=Act.RECEIVE_PAYMENT)
    twice = paid_events.values("case_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    notified = notices.values("out_trade_no").distinct().count()
    found = {
        "orders": orders.count(),
        "paid": orders.filter(state=OrderState.PAID).count(),
        "pending": orders.filter(state=OrderState.PENDING).count(),
        "notified_orders": notified,
        "notifications": {row["outcome"]: row["n"] for row in notices.values("outcome").annotate(n=Count("pk"))},
        "receive_payment_events": paid_events.count(),
        "cases_paid_twice": twice,
        "cases_paid": Case.objects.filter(number__startswith=prefix, payment_state=PaymentState.PAID).count(),
        "receipts": Receipt.objects.filter(order__number__startswith=prefix).count(),
    }
    applied = found["notifications"].get("applied", 0)
    found["ok"] = (
        twice == 0
        and found["paid"] == applied == notified == found["receive_payment_events"] == found["receipts"]
        and found["cases_paid"] == found["paid"]
        and set(found["notifications"]) <= {"applied"}
    )
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("setup")
    made.add_argument("--orders", type=int, default=20_000)
    made.add_argument("--warmup", type=int, default=2_000)
    made.add_argument("--inprocess", type=int, default=2_000)
    made.add_argument("--create", type=int, default=300)
    signing = commands.add_parser("notifications")
    signing.add_argument("--prefix", default="BPN")
    signing.add_argument("--copies", type=int, default=2)
    signing.add_argument("--out", type=Path, required=True)
    local = commands.add_parser("inprocess")
    local.add_argument("--prefix", default="BPI")
    after = commands.add_parser("verify")
    after.add_argument("--prefix", default="BPN")
    args = parser.parse_args()
    if args.command == "setup":
        result = setup(args)
    elif args.command == "notifications":
        result = notifications(args)
    elif args.command == "inprocess":
        result = inprocess(args)
    else:
        result = check(args.prefix)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
