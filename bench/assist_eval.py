"""智能导办 quality: is the answer about the right item, and does it answer what was asked?

bench/assist_eval_questions.json holds everyday questions written before the catalog was looked at, each labelled
with its intent and the acceptable item codes (null: the district catalog has no such service, and the right answer
is confident=false). bench/assist_eval_holdout.json names the 25 held out from tuning (drawn with a fixed seed).
For each set it prints:
  item-right   top-1 code in the expected set, or confident=false when the expected is null
  intent-right the intent equals the label
  both-right   both of those
  confident-and-wrong   answered confidently with an item not in the expected set (or any item when null)
Run against a database with the demo catalog (`manage.py load_demo`), with the server's environment:

    .venv/bin/python bench/assist_eval.py [--set tuning|holdout|both] [--misses] [--json]
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

from govhall.assist.services import answer  # noqa: E402

QUESTIONS = ROOT / "bench" / "assist_eval_questions.json"
HOLDOUT = ROOT / "bench" / "assist_eval_holdout.json"


def judge(case: dict[str, Any]) -> dict[str, Any]:
    result = answer(case["q"])
    expected = case["expected"]
    code = result.item.code if result.item is not None else None
    if expected is None:
        item_right = not result.confident
        confident_wrong = result.confident
    else:
        item_right = code in expected
        confident_wrong = result.confident and not item_right
    intent_right = result.intent == case["intent"]
    return {
        "id": case["id"],
        "q": case["q"],
        "item_right": item_right,
        "intent_right": intent_right,
        "both_right": item_right and intent_right,
        "confident": result.confident,
        "confident_wrong": confident_wrong,
        "got": result.item.name if result.item is not None else None,
        "got_intent": result.intent,
        "expected": case.get("expected_names"),
        "expected_intent": case["intent"],
    }


def figures(rows: list[dict[str, Any]]) -> dict[str, Any]:
    total = len(rows)

    def share(key: str) -> dict[str, Any]:
        count = sum(1 for row in rows if row[key])
        return {"count": count, "rate": round(count / total, 3) if total else None}

    return {
        "questions": total,
        "item_right": share("item_right"),
        "intent_right": share("intent_right"),
        "both_right": share("both_right"),
        "confident": share("confident"),
        "confident_wrong": share("confident_wrong"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Item and intent accuracy of 智能导办 over bench/assist_eval_*.json.")
    parser.add_argument("--set", choices=("tuning", "holdout", "both"), default="both")
    parser.add_argument("--misses", action="store_true", help="list the questions answered wrongly")
    parser.add_argument("--json", action="store_true", help="print one JSON line instead of the readable report")
    arguments = parser.parse_args()
    cases = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    held = set(json.loads(HOLDOUT.read_text(encoding="utf-8"))["ids"])
    sets = {
        "tuning": [case for case in cases if case["id"] not in held],
        "holdout": [case for case in cases if case["id"] in held],
    }
    chosen = ["tuning", "holdout"] if arguments.set == "both" else [arguments.set]
    report: dict[str, Any] = {}
    for name in chosen:
        started = time.monotonic()
        rows = [judge(case) for case in sets[name]]
        report[name] = {**figures(rows), "seconds": round(time.monotonic() - started, 2)}
        report[name]["misses"] = [row for row in rows if not row["both_right"] or row["confident_wrong"]]
    if arguments.json:
        print(json.dumps(report, ensure_ascii=False))
        return
    for name in chosen:
        part = report[name]
        print(
            f"{name}: {part['questions']} questions — item-right {part['item_right']['count']} "
            f"({part['item_right']['rate']:.0%}), intent-right {part['intent_right']['count']} "
            f"({part['intent_right']['rate']:.0%}), both-right {part['both_right']['count']} "
            f"({part['both_right']['rate']:.0%}), confident-and-wrong {part['confident_wrong']['count']} "
            f"({part['confident_wrong']['rate']:.0%}); confident {part['confident']['count']}; {part['seconds']} s"
        )
        if arguments.misses:
            for row in part["misses"]:
                flags = ("" if row["item_right"] else "ITEM ") + ("" if row["intent_right"] else "INTENT ")
                flags += "CONFIDENT-WRONG" if row["confident_wrong"] else ""
                print(
                    f"  [{flags.strip()}] {row['q']}: got {row['got']} / {row['got_intent']}, "
                    f"expected {row['expected']} / {row['expected_intent']}"
                )


if __name__ == "__main__":
    main()
