"""The payment scenarios of `make bench` (bench/run.py `--only payments`, and part of a full run): for each database,

1. set-up: a fresh database (SQLite var/bench/payments.sqlite3; PostgreSQL govhall_bench_pay), `migrate`, then
   bench/payment_gen.py setup: one case waiting for its fee made through the services, cloned in bulk into N cases
   with their pending orders started at WeChat Pay; and the two ways orders are made, timed one by one in one
   process — the 通知缴费 event (payments' subscriber makes the order) and start_checkout (the gateway's order at the
   demo WeChat Pay over loopback: the demo's time is included);
2. in-process: each order's notification verified (signature, AES-GCM) and received twice, without HTTP, then each
   kept one applied (the endpoint's and the worker's work timed apart);
3. notification throughput under wrk against gunicorn: POST /payments/notify/wechat/ with signed notifications
   (fresh timestamps, signed just before the run by contrib.demo's signed_notification), every one sent twice in
   shuffled order (about half the requests are duplicates), beside the trivial view of the same run; then the task
   worker applies what was received (`run_worker --batch`, timed: the applying rate); then the database is checked:
   every notified order paid exactly once (one 缴费完成 event, one receipt), nothing refused or left unapplied.

The server runs with the WeChat Pay settings of keys the bench controls (development keys in var/bench/payment-keys,
PAYMENT_DEMO_KEY_DIR: the demo gateway signs with their platform half). The helpers of bench/run.py come in as
`bench` (the module), so that this file does not import it back."""

import json
import os
import sys
from pathlib import Path
from typing import Any

PAYMENTS_PG_URL = os.environ.get("BENCH_PAYMENTS_PG_URL", "postgres://postgres@127.0.0.1:5432/govhall_bench_pay")
BEGIN, END = "<!-- bench:payments:begin -->", "<!-- bench:payments:end -->"
AIM_NOTIFY_RPS = 1000.0
NOTIFY_LUA = Path(__file__).resolve().parent / "notify.lua"
MCHID, APPID = "1900000001", "wx0000000000demo01"
MERCHANT_SERIAL = "0000000000000000000000000000BENCH0000001"
PLATFORM_SERIAL = "PUB_KEY_ID_0000000000BENCH000000000001"
APIV3_KEY = "bench-apiv3-key-not-a-secret-001"  # 32 bytes


def payment_environment(bench: Any, settings: Any, url: str) -> dict[str, str]:
    """The bench's environment plus WeChat Pay settings of development keys kept in var/bench/payment-keys."""
    sys.path.insert(0, str(settings.src))
    from govhall.payments import keys

    directory = bench.VAR / "payment-keys"
    merchant = keys.development_key(directory, keys.WECHAT_MERCHANT)
    platform = keys.development_key(directory, keys.WECHAT_PLATFORM)
    return {
        **bench.environment(settings, url),
        "PAYMENT_DEMO_KEY_DIR": str(directory),
        "WECHAT_PAY_PROVIDER": "govhall.payments.wechat.WechatPayV3",
        "WECHAT_PAY_URL": "http://127.0.0.1:9/wechatpay",  # payment_gen points it at its own demo for start_checkout
        "WECHAT_PAY_MCHID": MCHID,
        "WECHAT_PAY_APPID": APPID,
        "WECHAT_PAY_PRIVATE_KEY": merchant,
        "WECHAT_PAY_CERT_SERIAL": MERCHANT_SERIAL,
        "WECHAT_PAY_APIV3_KEY": APIV3_KEY,
        "WECHAT_PAY_PLATFORM_PUBLIC_KEY": keys.public_pem(platform),
        "WECHAT_PAY_PLATFORM_SERIAL": PLATFORM_SERIAL,
    }


def gen(bench: Any, run: Any, step: str, arguments: list[str], env: dict[str, str], timeout: int = 1800) -> Any:
    out = bench.run_step(run, step, [sys.executable, str(bench.BENCH / "payment_gen.py"), *arguments], env, timeout)
    return json.loads(out.strip().splitlines()[-1])


def measure(bench: Any, settings: Any, run: Any) -> None:
    sqlite = run.name == "sqlite"
    url = f"sqlite:///{bench.VAR / 'payments.sqlite3'}" if sqlite else PAYMENTS_PG_URL
    env = payment_environment(bench, settings, url)
    bench.recreate_database(run, url)
    bench.run_step(run, "payments_migrate", bench.manage(settings, "migrate", "--noinput", "-v", "0"), env, 900)
    orders = settings.payment_orders
    found = run.payments
    found["setup"] = gen(
        bench, run, "payments_setup",
        ["setup", "--orders", str(orders), "--warmup", str(max(500, orders // 10)), "--inprocess",
         str(settings.payment_inprocess), "--create", str(settings.payment_create)], env,
    )  # fmt: skip
    setup = found["setup"]
    if setup.get("creation"):
        bench.log(f"{run.name}: orders made by 通知缴费 {setup['creation']['per_second']}/s; "
                  f"start_checkout (demo WeChat Pay included) {setup['checkout']['per_second']}/s")  # fmt: skip
    found["inprocess"] = gen(bench, run, "payments_inprocess", ["inprocess", "--prefix", "BPI"], env)
    local = found["inprocess"]
    bench.log(
        f"{run.name}: in-process {local['per_second']} notifications/s received (verify p50 "
        f"{local['verify']['p50_ms']} ms, receive p50 {local['receive_first']['p50_ms']} ms, duplicate p50 "
        f"{local['receive_duplicate']['p50_ms']} ms), applied {local['apply_per_second']}/s (p50 "
        f"{local['apply']['p50_ms']} ms); check ok: {local['check']['ok']}"
    )
    warm_file, main_file = bench.VAR / f"notify-warmup-{run.name}.txt", bench.VAR / f"notify-{run.name}.txt"
    health = bench.Scenario("health", ["/api/v1/health"], "GET /api/v1/health (trivial JSON view)")
    run.idle_before = round(bench.wait_quiet(settings.quiet_wait), 2)
    found["idle_before"] = run.idle_before
    server = bench.Server(settings, env, settings.workers, f"{run.name}-payments")
    try:
        server.wait_ready()
        health_rps = bench.measure_load(settings, server, run.name, health, run.payment_results)["rps"]
        # Signed now: WeChat Pay's notifications are refused five minutes after their timestamp.
        found["signing"] = gen(
            bench, run, "payments_sign", ["notifications", "--prefix", "BPN", "--copies", "2", "--out", str(main_file)],
            env,
        )  # fmt: skip
        gen(bench, run, "payments_sign_warmup", ["notifications", "--prefix", "BPW", "--out", str(warm_file)], env)
        notify = bench.Scenario(
            "notify", [], "POST /payments/notify/wechat/ (signed WeChat Pay notifications, each sent twice, shuffled)",
            script=NOTIFY_LUA, script_args=[str(main_file), str(bench.THREADS)],
        )  # fmt: skip
        warm = bench.Scenario(
            "notify_warmup", [], "", script=NOTIFY_LUA, script_args=[str(warm_file), str(bench.THREADS)]
        )
        result = bench.measure_load(
            settings, server, run.name, notify, run.payment_results, health_rps=health_rps, warmup=warm
        )
        bench.log(f"{run.name}: notify: unexpected answers {result['unexpected']}")
    finally:
        found["server_log"] = server.log_lines()[-20:]
        server.stop()
    found["applying"] = apply_received(bench, settings, run, env)
    bench.log(
        f"{run.name}: the worker applied what was received with {found['applying']['workers']} process(es) in "
        f"{found['applying']['seconds']} s"
    )
    found["verify"] = gen(bench, run, "payments_verify", ["verify", "--prefix", "BPN"], env)
    verified = found["verify"]
    applied = verified["notifications"].get("applied", 0)
    found["duplicates"] = result["ok"] - applied
    bench.log(
        f"{run.name}: after the run: {verified['paid']:,} orders paid of {verified['notified_orders']:,} notified, "
        f"{verified['cases_paid_twice']} paid twice, {verified['receipts']:,} receipts; "
        f"{found['duplicates']:,} duplicates answered; check ok: {verified['ok']}"
    )


def apply_received(bench: Any, settings: Any, run: Any, env: dict[str, str]) -> dict[str, Any]:
    """The worker's side: `run_worker --batch` (two processes on PostgreSQL, one on SQLite, whose writers queue
    anyway) until the queue is empty — every received notification applied, with its follow-ups (the 缴费完成
    notices' tasks, the receipts)."""
    import subprocess
    import time

    workers = 1 if run.name == "sqlite" else 2
    command = bench.manage(settings, "run_worker", "--batch", "--no-startup-delay", "-v", "0")
    started = time.monotonic()
    processes = [
        subprocess.Popen(command, cwd=bench.ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(workers)
    ]
    for process in processes:
        _, errors = process.communicate(timeout=3600)
        if process.returncode != 0:
            sys.stderr.write(errors.decode(errors="replace")[-3000:])
            raise SystemExit(f"bench: the task worker failed on {run.name} (exit {process.returncode})")
    seconds = time.monotonic() - started
    run.steps["payments_apply"] = round(seconds, 1)
    return {"workers": workers, "seconds": round(seconds, 1)}


def verdict(result: dict[str, Any]) -> str:
    ok = result["rps"] >= AIM_NOTIFY_RPS and not result.get("unexpected") and not result["errors"]
    return ("✅" if ok else "❌") + f" ≥ {AIM_NOTIFY_RPS:,.0f}/s, no errors"


def markdown(bench: Any, settings: Any, runs: list[Any], started: Any) -> str:
    fmt = bench.fmt
    out = [
        *bench.section_header(BEGIN, settings, started),
        f"- {settings.payment_orders:,} cases waiting for their fee, each with its pending order started at WeChat Pay "
        "(made in bulk from one made through the services); the notifications are signed just before the run, every "
        "one sent twice in shuffled order.",
        "",
        "| database | scenario | req/s | p50 ms | p95 ms | p99 ms | of health | errors | non-2xx | aim |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        for name, result in run.payment_results.items():
            ratio = "1.00" if name == "health" else fmt(result.get("ratio"), 2)
            aim = verdict(result) if name == "notify" else ""
            out.append(
                f"| {run.name} | `{name}` | {result['rps']:,.1f} | {fmt(result['p50_ms'])} | {fmt(result['p95_ms'])} | "
                f"{fmt(result['p99_ms'])} | {ratio} | {result['errors']} | {result.get('unexpected', '')} | {aim} |"
            )
    out += [
        "",
        "The endpoint keeps each verified notification once with its apply task and answers (docs/payments.md, "
        "the inbox); the task worker applies them after the run (`run_worker --batch`, the follow-ups included), "
        "orders of the run only:",
        "",
        "| database | notified orders | paid | paid twice | 缴费完成 events | receipts | duplicates answered | "
        "refused | worker processes | worker s | applied/s | check | machine busy before (cores) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for run in runs:
        found = run.payments
        verified = found.get("verify")
        if verified:
            refused = sum(n for outcome, n in verified["notifications"].items() if outcome != "applied")
            applying = found.get("applying") or {"workers": "", "seconds": 0}
            applied = verified["notifications"].get("applied", 0)
            rate = applied / applying["seconds"] if applying["seconds"] else None
            out.append(
                f"| {run.name} | {verified['notified_orders']:,} | {verified['paid']:,} | {verified['cases_paid_twice']} "
                f"| {verified['receive_payment_events']:,} | {verified['receipts']:,} | {found['duplicates']:,} | "
                f"{refused} | {applying['workers']} | {applying['seconds']} | {fmt(rate)} | "
                f"{'✅' if verified['ok'] else '❌'} | {found.get('idle_before')} |"
            )
    out += [
        "",
        "In one process, without HTTP (each order's notification verified and received twice, shuffled — the "
        "endpoint's work; then each kept one applied — the worker's; one after another):",
        "",
        "| database | requests | endpoint work/s | verify p50 ms | receive p50 ms | receive p95 ms | duplicate p50 ms | "
        "apply p50 ms | apply p95 ms | applied/s | check |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        local = run.payments.get("inprocess")
        if local:
            out.append(
                f"| {run.name} | {local['requests']:,} | {local['per_second']:,.1f} | {local['verify']['p50_ms']} | "
                f"{local['receive_first']['p50_ms']} | {local['receive_first']['p95_ms']} | "
                f"{local['receive_duplicate']['p50_ms']} | {local['apply']['p50_ms']} | {local['apply']['p95_ms']} | "
                f"{local['apply_per_second']:,.1f} | {'✅' if local['check']['ok'] else '❌'} |"
            )
    out += [
        "",
        "Orders made, one after another in one process:",
        "",
        "| database | how | orders | per second | p50 ms | p95 ms | p99 ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        setup = run.payments.get("setup") or {}
        for key, label in (("creation", "通知缴费 (request_payment → order)"),
                           ("checkout", "start_checkout, demo WeChat Pay included")):  # fmt: skip
            found = setup.get(key)
            if found:
                out.append(
                    f"| {run.name} | {label} | {found['count']:,} | {found['per_second']:,.1f} | {found['p50_ms']} | "
                    f"{found['p95_ms']} | {found['p99_ms']} |"
                )
    out += ["", END]
    return "\n".join(out)
