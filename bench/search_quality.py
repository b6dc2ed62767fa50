"""Search quality over the demo catalog: top-1 and top-5 accuracy of the tuning set (bench/search_eval.json) and,
printed once at the very end, of the held-out set (bench/search_eval_holdout.json, 50 queries drawn at random with a fixed
seed by bench/search_eval_split.py, never looked at while tuning synonyms and aliases: its misses are not printed).

Each entry is {"query": ..., "expected": [implementation codes]}; a query is a hit at k when any expected code is among
the first k results of govhall.catalog.selectors.search_items(query, ItemFilters(), limit=5). Entries marked
"no_item" ask for something the district catalog does not hold (公积金, 驾驶证, 不动产登记…): they are counted apart and
left out of the rates. Run after `manage.py load_demo` (and before bench/generate_catalog.py: the figures are about the
demo catalog), with the same environment as the server:

    .venv/bin/python bench/search_quality.py [--eval bench/search_eval.json] [--holdout bench/search_eval_holdout.json]
                                             [--json]
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, os.environ.get("GOVHALL_SRC", str(ROOT / "src")))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govhall.settings")

import django  # noqa: E402

django.setup()

from govhall.catalog.models import Item  # noqa: E402
from govhall.catalog.search import QueryError  # noqa: E402
from govhall.catalog.selectors import ItemFilters, search_items  # noqa: E402

DEFAULT_EVAL = ROOT / "bench" / "search_eval.json"
DEFAULT_HOLDOUT = ROOT / "bench" / "search_eval_holdout.json"


def evaluate(cases: list[dict[str, Any]]) -> dict[str, Any]:
    known = set(Item.objects.values_list("implementation_code", flat=True))
    top1 = top5 = 0
    misses: list[dict[str, Any]] = []
    unknown: list[str] = []
    no_item = [case["query"] for case in cases if case.get("no_item")]
    cases = [case for case in cases if not case.get("no_item")]
    started = time.monotonic()
    for case in cases:
        query, expected = case["query"], list(case["expected"])
        unknown += [code for code in expected if code not in known]
        try:
            found = search_items(query, ItemFilters(), limit=5).items
        except QueryError as error:
            found = []
            misses.append({"query": query, "expected": expected, "got": [], "error": str(error)})
            continue
        codes = [item.implementation_code for item in found]
        hit1 = bool(codes[:1]) and codes[0] in expected
        hit5 = any(code in expected for code in codes[:5])
        top1 += hit1
        top5 += hit5
        if not hit1:
            misses.append(
                {
                    "query": query,
                    "expected": expected,
                    "expected_names": list(
                        Item.objects.filter(implementation_code__in=expected).values_list("name", flat=True)
                    ),
                    "got": [item.name for item in found],
                    "in_top5": hit5,
                }
            )
    total = len(cases)
    return {
        "cases": total,
        "top1": top1,
        "top5": top5,
        "top1_rate": round(top1 / total, 4) if total else None,
        "top5_rate": round(top5 / total, 4) if total else None,
        "misses": misses,
        "no_item": len(no_item),
        "unknown_codes": sorted(set(unknown)),
        "catalog_items": len(known),
        "seconds": round(time.monotonic() - started, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Top-1/top-5 accuracy of the search over bench/search_eval.json.")
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--holdout", type=Path, default=DEFAULT_HOLDOUT)
    parser.add_argument("--json", action="store_true", help="print one JSON line instead of the readable report")
    parser.add_argument("--tuning-only", action="store_true", help="leave the held-out set out (while tuning)")
    arguments = parser.parse_args()
    tuning_cases = json.loads(arguments.eval.read_text(encoding="utf-8"))
    held_out_cases = []
    if arguments.holdout.exists() and not arguments.tuning_only:
        held_out_cases = json.loads(arguments.holdout.read_text(encoding="utf-8"))
    result = evaluate(tuning_cases)
    if arguments.json:
        held_out = evaluate(held_out_cases)
        whole = evaluate(tuning_cases + held_out_cases)
        held_out.pop("misses")
        whole.pop("misses")
        print(json.dumps({**result, "held_out": held_out, "whole": whole}, ensure_ascii=False))
        return
    print(f"tuning set: {_figures(result)}")
    for miss in result["misses"]:
        where = "in top 5" if miss.get("in_top5") else "MISS"
        print(f"  [{where}] {miss['query']!r}: expected {miss.get('expected_names') or miss['expected']}")
        print(f"      got {miss['got']}")
    if result["unknown_codes"]:
        print(f"  expected codes not in the catalog: {result['unknown_codes']}")
    if held_out_cases:
        # Last, and only the figure: the held-out queries' misses stay unseen.
        print(f"whole set: {_figures(evaluate(tuning_cases + held_out_cases))}")
        print(f"held-out set: {_figures(evaluate(held_out_cases))}")


def _figures(result: dict[str, Any]) -> str:
    if not result["cases"]:
        return "no queries"
    return (
        f"{result['cases']} queries over {result['catalog_items']} items: "
        f"top-1 {result['top1']}/{result['cases']} ({result['top1_rate']:.0%}), "
        f"top-5 {result['top5']}/{result['cases']} ({result['top5_rate']:.0%}); "
        f"{result['no_item']} more ask for what the catalog does not hold (not counted)"
    )


if __name__ == "__main__":
    main()
