"""The canonical encoding of a licence: the exact bytes that are hashed (SM3) and signed (SM2). Format in
docs/licences.md ("govhall-licence/1"): UTF-8 JSON, keys sorted, no whitespace, non-ASCII characters as themselves.

Personal data appears only masked (the holder's name) or as salted SM3 hashes (the holder's ID and the values of
personal fields): `sm3:` + hex of SM3(salt ‖ 0x1F ‖ value), the salt 32 random hex digits per licence, known to the
holder (so a holder can prove the value to whom they choose) and never published."""

import json
import secrets
from datetime import UTC, date, datetime
from typing import Any

from govhall.core.crypto import mask_name
from govhall.core.gm import sm3_hex
from govhall.licences.constants import HolderKind

FORMAT = "govhall-licence/1"
SEPARATOR = "\x1f"


def new_salt() -> str:
    return secrets.token_hex(16)


def salted_hash(salt: str, value: str) -> str:
    """`sm3:` + SM3(salt ‖ 0x1F ‖ value) in hex; the value stripped (an ID also upper-cased by the caller)."""
    return "sm3:" + sm3_hex(f"{salt}{SEPARATOR}{value.strip()}".encode())


def masked_holder_name(holder_kind: str, name: str) -> str:
    """A person's name masked (张*); an organisation's name in full (it is public in the licence library)."""
    return mask_name(name) if holder_kind == HolderKind.PERSON else name


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def personal_keys(holder_kind: str, fields: list[dict[str, Any]]) -> set[str]:
    """The field keys whose values are personal data: every field of a person's licence, and the fields a legal
    person's type marks `"personal": true` (e.g. 经营者姓名 on an individual business's licence)."""
    return {
        str(field["key"])
        for field in fields
        if holder_kind == HolderKind.PERSON
        or field.get("personal")
        or str(field.get("source", "")).startswith("holder.")
    }


def document(
    *,
    identifier: str,
    type_code: str,
    type_name: str,
    number: str,
    issuer_name: str,
    issuer_uscc: str,
    holder_kind: str,
    holder_name: str,
    holder_id: str,
    holder_id_type: str,
    salt: str,
    data: dict[str, Any],
    personal: set[str],
    issued_at: datetime,
    valid_from: date,
    valid_until: date | None,
    case_number: str,
    item_code: str,
    version: int,
) -> dict[str, Any]:
    """The signed object (see docs/licences.md for each member)."""
    person = holder_kind == HolderKind.PERSON
    fields = {str(key): salted_hash(salt, str(value)) if key in personal else str(value) for key, value in data.items()}
    return {
        "format": FORMAT,
        "identifier": identifier,
        "type": {"code": type_code, "name": type_name},
        "number": number,
        "issuer": {"name": issuer_name, "uscc": issuer_uscc},
        "holder": {
            "kind": holder_kind,
            "name": masked_holder_name(holder_kind, holder_name),
            "id_type": holder_id_type,
            "id": salted_hash(salt, holder_id.upper()) if person else holder_id,
        },
        "fields": fields,
        "issued_at": utc_text(issued_at),
        "valid_from": valid_from.isoformat(),
        "valid_until": valid_until.isoformat() if valid_until else None,
        "case_number": case_number,
        "item_code": item_code,
        "version": version,
    }


def encode(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def decode(data: bytes) -> dict[str, Any]:
    value = json.loads(data.decode("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("a canonical licence is a JSON object")
    return value
