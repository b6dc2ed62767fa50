"""The transparency log at scale (issue 11's bar: proofs at 1,000,000 entries): build a log of N entries in a fresh
database with `append_many`, sign its head, then time inclusion and consistency proofs (and their verification).

    DATABASE_URL=sqlite:////tmp/log-bench.sqlite3 python bench/log_bench.py --entries 1000000

Run by `make bench` (bench/licence_bench.py) in a database it keeps: an existing log is only grown to N entries."""

import argparse
import json
import os
import random
import statistics
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--proofs", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govhall.settings")
    django.setup()
    from django.core.management import call_command

    from govhall.transparency import merkle, services
    from govhall.transparency.models import LogEntry

    call_command("migrate", verbosity=0)
    have = services.log_size()
    started = time.monotonic()
    step = 50_000
    for first in range(have, args.entries, step):
        count = min(step, args.entries - first)
        services.append_many([services.encode_entry("bench", n=first + i, sm3="00" * 32) for i in range(count)])
    build = time.monotonic() - started
    head = services.sign_tree_head(force=True)
    assert head is not None
    size, root = head.tree_size, bytes.fromhex(head.root_hash)
    inclusion, consistency = [], []
    rng = random.Random(11)
    for _ in range(args.proofs):
        index = rng.randrange(size)
        t = time.perf_counter()
        path = services.tree(size).inclusion_path(index)
        inclusion.append((time.perf_counter() - t) * 1000)
        entry = bytes(LogEntry.objects.get(index=index).entry)
        assert merkle.verify_inclusion(index, size, merkle.leaf_hash(entry), path, root)
        first = rng.randrange(1, size + 1)
        t = time.perf_counter()
        proof = services.tree(size).consistency_proof(first)
        consistency.append((time.perf_counter() - t) * 1000)
        assert merkle.verify_consistency(first, size, services.tree(size).root(first), root, proof)

    def p95(values: list[float]) -> float:
        return round(statistics.quantiles(values, n=20)[-1], 2)

    print(json.dumps({"entries": size, "built": max(0, args.entries - have), "build_seconds": round(build, 1),
                      "inclusion_p95_ms": p95(inclusion),
                      "consistency_p95_ms": p95(consistency)}))  # fmt: skip


if __name__ == "__main__":
    main()
