"""`make bench`'s licence issuance (bench/run.py): in a migrated database, one licence type, then N licences issued
one after another through `licences.services.issue` (canonical encoding, SM2 signature, the log entry, the rows, the
audit row: each in its transaction), each timed; then a signed tree head. Prints one JSON line: count, seconds,
licences/s, per-issuance p50/p95/p99 in ms; writes the identifiers (one a line) to --identifiers for wrk.

    DATABASE_URL=... LICENCE_DEVELOPMENT_KEYS=true python bench/licence_issue.py --count 2000 --identifiers ids.txt
"""

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import django

TYPE_CODE = "11100000000013338W032"  # GB/T 36904's example: the defining authority's USCC and 3 digits
ISSUER = "11220000013544541J"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--identifiers", type=Path, required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govhall.settings")
    django.setup()
    from govhall.licences import services
    from govhall.licences.constants import HolderKind
    from govhall.licences.models import LicenceType
    from govhall.transparency import services as log

    licence_type, _ = LicenceType.objects.get_or_create(
        code=TYPE_CODE,
        defaults={
            "name": "基准测试许可证",
            "issuer_name": "广安区市场监督管理局",
            "issuer_uscc": ISSUER,
            "holder_kind": HolderKind.PERSON,
            "fields": [
                {"key": "name", "label": "姓名", "source": "holder.name"},
                {"key": "address", "label": "住所", "source": "address"},
                {"key": "scope", "label": "许可范围", "source": "scope"},
            ],
            "validity_years": 5,
        },
    )
    services.issue(  # the first one loads (or makes) the issuer's key: not timed
        licence_type=licence_type, holder_name="预热", holder_id="11010519491231002X", holder_id_type="身份证",
        data={"name": "预热", "address": "广安区", "scope": "预热"},
    )  # fmt: skip
    timings, identifiers = [], []
    started = time.perf_counter()
    for n in range(args.count):
        t = time.perf_counter()
        licence = services.issue(
            licence_type=licence_type, holder_name=f"测试{n}", holder_id="11010519491231002X",
            holder_id_type="身份证", data={"name": f"测试{n}", "address": f"广安区{n}号", "scope": "预包装食品销售"},
            case_number=f"BENCH{n:08d}",
        )  # fmt: skip
        timings.append((time.perf_counter() - t) * 1000)
        identifiers.append(licence.identifier)
    seconds = time.perf_counter() - started
    log.sign_tree_head()
    args.identifiers.write_text("\n".join(identifiers) + "\n")
    cuts = statistics.quantiles(timings, n=100)
    print(json.dumps({
        "count": args.count, "seconds": round(seconds, 2), "per_second": round(args.count / seconds, 1),
        "p50_ms": round(cuts[49], 2), "p95_ms": round(cuts[94], 2), "p99_ms": round(cuts[98], 2),
        "log_size": log.log_size(),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
