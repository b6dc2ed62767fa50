"""The devices standing beside a kiosk, as the demo outside world plays them (outside.py routes /cardreader/ and
/printer/ here, after checking the caller's signature):

- POST /cardreader/read {device} → the card on that kiosk's reader as a signed read (kiosk.cardreader): the card placed
  with `place_card` (tests, `OutsideWorld.cards`), else DEFAULT_CARD (the demo person 张三); {"present": false} when
  the card was taken away (placed as None).
- POST /printer/jobs {device, title, pdf} → the PDF kept as PRINTER_OUTBOX_DIR/<job id>.pdf, with a JSON line per job
  in jobs.jsonl; {"job_id", "state": "printed"}."""

import base64
import json
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from govhall.kiosk.cardreader import read_signature

DEFAULT_CARD = ("张三", "11010519491231002X")
MAX_PDF_BYTES = 4 * 1024 * 1024

Cards = dict[str, tuple[str, str] | None]


def read_card(cards: Cards, device: str, secret: str) -> dict[str, Any]:
    card = cards.get(device, DEFAULT_CARD)
    if card is None:
        return {"present": False}
    name, number = card
    read = {
        "device": device,
        "name": name,
        "document_number": number,
        "read_at": str(int(time.time())),
        "nonce": secrets.token_hex(12),
    }
    return {"present": True, **read, "signature": read_signature(secret, **read)}


def print_job(data: dict[str, Any]) -> dict[str, str]:
    pdf = base64.b64decode(str(data["pdf"]), validate=True)
    if not pdf.startswith(b"%PDF-") or len(pdf) > MAX_PDF_BYTES:
        raise ValueError("not a PDF")
    job_id = datetime.now(UTC).strftime("P%Y%m%d%H%M%S") + secrets.token_hex(4)
    outbox = Path(settings.PRINTER_OUTBOX_DIR)
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / f"{job_id}.pdf").write_bytes(pdf)
    line = {"job_id": job_id, "device": str(data["device"]), "title": str(data.get("title", ""))[:100]}
    with (outbox / "jobs.jsonl").open("a", encoding="utf-8") as jobs:
        jobs.write(json.dumps(line, ensure_ascii=False) + "\n")
    return {"job_id": job_id, "state": "printed"}
