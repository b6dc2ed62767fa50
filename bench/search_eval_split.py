"""Split the search evaluation set once: 50 queries, drawn at random with a fixed seed from the whole set (the 87 original
queries of bench/search_eval.json and the new ones of bench/search_eval_new_queries.json), become the held-out set
bench/search_eval_holdout.json; the rest stay in bench/search_eval.json as the tuning set. Run once (issue 14); the held-out
set is not looked at while tuning synonyms and aliases, and bench/search_quality.py prints only its figure, at the end.

    python bench/search_eval_split.py
"""

import json
import random
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SEED = 14
HELD_OUT = 50


def main() -> None:
    original = json.loads((BENCH / "search_eval.json").read_text(encoding="utf-8"))
    new = json.loads((BENCH / "search_eval_new_queries.json").read_text(encoding="utf-8"))
    whole = [{"query": case["query"], "expected": list(case["expected"])} for case in original]
    whole += [{"query": case["query"], "expected": []} for case in new]
    chosen = set(random.Random(SEED).sample(range(len(whole)), HELD_OUT))
    tuning = [case for index, case in enumerate(whole) if index not in chosen]
    held_out = [case for index, case in enumerate(whole) if index in chosen]
    for name, cases in (("search_eval.json", tuning), ("search_eval_holdout.json", held_out)):
        text = json.dumps(cases, ensure_ascii=False, indent=2) + "\n"
        (BENCH / name).write_text(text, encoding="utf-8")
    print(f"{len(whole)} queries: {len(tuning)} for tuning, {len(held_out)} held out (seed {SEED})")


if __name__ == "__main__":
    main()
