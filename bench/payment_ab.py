"""A/B of the notification endpoint under the same load: gunicorn (4 sync workers) serving another source tree (a
commit before a change: `git archive <commit> src | tar -x -C DIR`) and this tree's, alternately, twice; each time
fresh orders (4,000, cloned from bench/payment_gen.py's template) whose signed notifications are each sent twice,
10 s of the trivial view then 10 s of notifications under wrk (bench/run.py's helpers: the gunicorn CPU per request
beside the rates). For a machine too busy for two full `bench/run.py --only payments` runs to be compared:

    python bench/payment_ab.py DATABASE_URL BEFORE_SRC      # a migrated database with the bench's template order

(payment_profile.py makes the template in a fresh database)."""

import json
import subprocess
import sys
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import payment_bench
import run as bench

url = sys.argv[1]
trees = {"before": Path(sys.argv[2]), "after": bench.ROOT / "src"}
out = {}
for round_ in (1, 2):
    for label, src in trees.items():
        s = types.SimpleNamespace(src=src)
        env = payment_bench.payment_environment(bench, s, url)
        prefix = f"BAB{label[0].upper()}{round_}"
        file = Path(f"/tmp/notify/ab-{prefix}.txt")
        gen_env = dict(env, GOVHALL_SRC=str(bench.ROOT / "src"), PYTHONPATH=str(bench.ROOT / "src"))
        code = (
            "import sys; sys.path.insert(0,'bench'); sys.argv=['x']; import payment_gen as g; "
            "m=g.PaymentOrder.objects.select_related('case').get(case__number=g.TEMPLATE_NUMBER); "
            f"g.clone_orders(m, '{prefix}', 4000)"
        )
        subprocess.run([sys.executable, "-c", code], env=gen_env, check=True, cwd=bench.ROOT)
        subprocess.run(
            [
                sys.executable,
                "bench/payment_gen.py",
                "notifications",
                "--prefix",
                prefix,
                "--copies",
                "2",
                "--out",
                str(file),
            ],
            env=gen_env,
            check=True,
            cwd=bench.ROOT,
            capture_output=True,
        )
        settings = types.SimpleNamespace(src=src)
        server = bench.Server(settings, env, 4, f"ab-{label}")
        try:
            server.wait_ready()
            health = bench.Scenario("health", ["/api/v1/health"], "")
            notify = bench.Scenario("notify", [], "", script=payment_bench.NOTIFY_LUA, script_args=[str(file), "2"])
            bench.wrk(server.base, health, 2, server)
            h = bench.wrk(server.base, health, 10, server)
            n = bench.wrk(server.base, notify, 10, server)
        finally:
            server.stop()
        row = {
            "health_rps": round(h["rps"], 1),
            "notify_rps": round(n["rps"], 1),
            "ratio": round(n["rps"] / h["rps"], 2),
            "health_cpu_ms": h["cpu_ms_per_request"],
            "notify_cpu_ms": n["cpu_ms_per_request"],
            "notify_cores": n["cpu_cores"],
            "health_cores": h["cpu_cores"],
            "unexpected": n["unexpected"],
            "notify_p50": n["p50_ms"],
        }
        out[f"{label}{round_}"] = row
        print(label, round_, json.dumps(row), flush=True)
