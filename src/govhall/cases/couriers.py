"""Posting results (物流快递送达) behind a small interface chosen in settings (COURIER_PROVIDER). The demo courier books
a waybill in a JSON-lines file and answers its number; a real provider calls the courier's order API."""

import hashlib
import json
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class Courier(Protocol):
    name: str

    def book(self, *, reference: str, address: str, contents: str) -> str:
        """Book a pick-up of `contents` for `address`; return the waybill (tracking) number."""
        ...


class FileCourier:
    name = "file"

    def book(self, *, reference: str, address: str, contents: str) -> str:
        digest = hashlib.sha256(f"{reference}:{timezone.now().isoformat()}".encode()).hexdigest()
        waybill = "YD" + str(int(digest[:12], 16))[:12].zfill(12)
        path = Path(settings.COURIER_OUTBOX_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as outbox:
            row = {"waybill": waybill, "reference": reference, "address": address, "contents": contents}
            outbox.write(json.dumps(row, ensure_ascii=False) + "\n")
        return waybill


def courier() -> Courier:
    return import_string(settings.COURIER_PROVIDER)()
