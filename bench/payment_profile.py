"""Where one payment notification request's time goes: signed WeChat Pay notifications (each twice, shuffled, as under
wrk) driven through the WSGI application gunicorn serves (govhall.wsgi: every middleware, the URL resolver, the
view), in this process, without sockets — first timed request by request, beside the trivial view (GET
/api/v1/health) through the same application, then once more under cProfile (CPU time of this process), summarised
by layer (the handler and its middleware, the view's signature check, its database work) and by the most expensive
functions.

Run with the bench's environment (a database made by `bench/run.py --only payments`, or any migrated one; the
WeChat Pay settings of the bench's keys):

    python bench/payment_profile.py --orders 500 [--top 25] [--out FILE]

It makes 2 × `--orders` pending WeChat Pay orders (bench/payment_gen.py's clones, numbered BPP…/BPQ…) and pays
them; prints a JSON line at the end (the timings), the profile summary before it."""

import argparse
import cProfile
import io
import json
import pstats
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import payment_gen  # sets Django up

from govhall.payments.constants import PaymentChannel
from govhall.payments.models import PaymentOrder

# Functions whose cumulative time tells the layers apart (a name matches file:function in the profile).
LAYERS = {
    "WSGI handler, all": "handlers/wsgi.py:__call__",
    "the view": "portal/payments/notify.py:notify",
    "  verify_notification (RSA, AES-GCM, JSON)": "payments/wechat.py:verify_notification",
    "  receive_notification (queries, inserts)": "payments/notifications.py:receive_notification",
    "  task row (enqueue)": "core/outbox.py:enqueue",
    "database: execute": "backends/utils.py:_execute",
    "database: commit": "base/base.py:commit",
}


def environ(path: str, method: str = "GET", headers: dict[str, str] | None = None, body: bytes = b"") -> dict[str, Any]:
    found: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if body:
        found["CONTENT_LENGTH"] = str(len(body))
    for name, value in (headers or {}).items():
        key = name.upper().replace("-", "_")
        found[key if key == "CONTENT_TYPE" else f"HTTP_{key}"] = value
    return found


def call(application: Any, env: dict[str, Any]) -> int:
    env["wsgi.input"].seek(0)
    statuses: list[str] = []
    chunks = application(env, lambda status, headers, *rest: statuses.append(status))
    for _ in chunks:
        pass
    if hasattr(chunks, "close"):
        chunks.close()
    return int(statuses[0].split()[0])


def timed(application: Any, requests: list[dict[str, Any]]) -> tuple[list[float], float, dict[int, int]]:
    """Each request's wall time (ms), this process's CPU time per request (ms: the Python side, without the
    database server's), the statuses answered."""
    timings, statuses = [], {}
    cpu = time.process_time()
    for env in requests:
        started = time.perf_counter()
        status = call(application, env)
        timings.append((time.perf_counter() - started) * 1000)
        statuses[status] = statuses.get(status, 0) + 1
    return timings, (time.process_time() - cpu) * 1000 / len(requests), statuses


def layers(stats: pstats.Stats, count: int) -> dict[str, float]:
    found = {}
    for label, where in LAYERS.items():
        filename, function = where.split(":")
        total = sum(
            row[3]
            for (file, _, name), row in stats.stats.items()  # type: ignore[attr-defined]
            if name == function and file.endswith(filename)
        )
        found[label] = round(total * 1000 / count, 3)
    return found


def notifications(prefix: str, orders: int) -> list[dict[str, Any]]:
    model = PaymentOrder.objects.select_related("case").get(case__number=payment_gen.TEMPLATE_NUMBER)
    payment_gen.clone_orders(model, prefix, orders)
    signed = payment_gen.signed_requests(prefix) * 2
    random.Random(3).shuffle(signed)
    return [
        environ(
            f"/payments/notify/{PaymentChannel.WECHAT}/", "POST", {**headers, "Content-Type": "application/json"}, body
        )
        for headers, body in signed
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", type=Path, help="also write the pstats text here")
    args = parser.parse_args()
    from govhall.wsgi import application

    if not PaymentOrder.objects.filter(case__number=payment_gen.TEMPLATE_NUMBER).exists():
        payment_gen.template()
    health = [environ("/api/v1/health") for _ in range(args.orders * 2)]
    timed(application, health[:50])  # warm-up: imports, URL resolver, keys parsed
    health_ms, health_cpu, _ = timed(application, health)
    run = f"{int(time.time()) % 100_000:05d}"  # fresh orders every run (cases numbered BPP<run><serial>)
    plain, profiled = notifications(f"BPP{run}", args.orders), notifications(f"BPQ{run}", args.orders)
    timed(application, plain[:2])
    notify_ms, notify_cpu, statuses = timed(application, plain[2:])
    # This process's CPU time, not the wall clock: the time spent waiting for the database server (another process on
    # the same cores, measured apart by notify_ms − notify_cpu_ms) would otherwise hide what Python costs.
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    _, _, profiled_statuses = timed(application, profiled)
    profiler.disable()
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    print(text.getvalue())
    if args.out:
        args.out.write_text(text.getvalue())
    result = {
        "requests": len(notify_ms),
        "statuses": statuses,
        "profiled_statuses": profiled_statuses,
        "notify_p50_ms": round(statistics.median(notify_ms), 3),
        "notify_mean_ms": round(statistics.mean(notify_ms), 3),
        "notify_cpu_ms": round(notify_cpu, 3),
        "health_p50_ms": round(statistics.median(health_ms), 3),
        "health_mean_ms": round(statistics.mean(health_ms), 3),
        "health_cpu_ms": round(health_cpu, 3),
        "profiled_ms_per_request": layers(stats, len(profiled)),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
