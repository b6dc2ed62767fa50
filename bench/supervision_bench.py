"""The supervision scenario of `make bench` (called from bench/run.py's case scenarios): over the generated cases,
refresh the monthly figure cells (a full rebuild, then an incremental refresh as the task worker runs it, both timed),
then the dashboard (signed in as the demo supervisor of 区政府办, who sees every department) and the public page are
loaded with wrk beside the inbox and the submission."""

import json
import time
from collections.abc import Callable
from typing import Any

SUPERVISOR = "supervisor"  # the demo account (load_demo), 效能监察 in 区政府办
SUPERVISOR_PASSWORD = "GovHall#2026demo"
SUPERVISOR_TOTP_SEED = "JBSWY3DPEHPK3PXPSUPERVIS"
DASHBOARD = "/supervision/"
PUBLIC = "/supervision/public/"
AIM_MS = 1000.0  # dashboard pages answer in < 1 s


def refresh(run_step: Callable[..., str], run: Any, manage: Callable[..., list[str]], settings: Any,
            env: dict[str, str]) -> dict[str, Any]:  # fmt: skip
    """Full rebuild, then one incremental refresh; seconds and what each wrote."""
    found: dict[str, Any] = {}
    for label, flag in (("full", "--full"), ("incremental", "--now")):
        started = time.monotonic()
        out = run_step(run, f"supervision_refresh_{label}", manage(settings, "refresh_figures", flag), env, 3600)
        found[label] = {"seconds": round(time.monotonic() - started, 1), "output": out.strip().splitlines()[-1:]}
    return found


def markdown(run: Any) -> list[str]:
    data = run.cases.get("supervision")
    if not data:
        return []
    full, incremental = data.get("full", {}), data.get("incremental", {})
    probes = run.case_probes
    return [
        "",
        f"Supervision (效能监察): monthly figure cells rebuilt in {full.get('seconds', 0):.1f} s "
        f"({' '.join(full.get('output') or [])}); an incremental refresh (the task worker's: the last two months and "
        f"months touched since) took {incremental.get('seconds', 0):.1f} s "
        f"({' '.join(incremental.get('output') or [])}; process start-up included). Unloaded: dashboard "
        f"{probes.get('dashboard_ms', '—')} ms, public page {probes.get('public_ms', '—')} ms "
        f"(median of 4 after one request). Aim: dashboard pages < {AIM_MS:.0f} ms.",
    ]


def verdict(name: str, result: dict[str, Any]) -> str:
    p95 = result.get("p95_ms")
    return ("✅" if p95 is not None and p95 < AIM_MS else "❌") + f" p95 < {AIM_MS:.0f} ms"


def summary(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
