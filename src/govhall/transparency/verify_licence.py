"""The licence checks of the standalone verifier (`python -m govhall.transparency.verify URL --licence ID`): the
Python standard library and gmssl only, like verify.py. For one licence identifier it fetches
`/api/v1/licences/verify/ID` and checks, with gmssl (not the Tongsuo library GovHall signs with):

1. SM3 of the signed bytes (`canonical`, base64) is the `sm3` the site shows;
2. the SM2 signature (hex r‖s, Z for the default ID) over those bytes verifies with `public_key`;
3. that key is one the issuer publishes (`--issuer-key`, else `/api/v1/licences/keys`, trusted with a warning);
4. the signed bytes name this identifier and say what the site shows (type, issuer, holder as masked, issue time,
   validity): a row changed in the database after signing shows here;
5. the log entry at `log_index` is a "licence.issued" entry with this identifier and SM3;
6. that entry is included in the signed tree head (the caller checked the head's signature).

The status (valid / suspended / revoked / expired / replaced) is the site's word and is reported as such."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from govhall.transparency.verify import gmssl_sm3, gmssl_verify, leaf_hash, verify_inclusion

Fetch = Callable[..., Any]  # fetch(path under /api/v1/, **query) -> the decoded JSON (raises LookupError on 404)
Report = Callable[[bool, str], None]


def published_keys(answer: Any, issuer_uscc: str) -> set[str]:
    """The public keys (hex, lower case) that /api/v1/licences/keys lists for this issuer: a list (or {"issuers": …})
    of {"uscc", "name", "keys": [{"key_id", "public_key", "current"}]}."""
    issuers = answer.get("issuers", []) if isinstance(answer, dict) else answer
    keys = set()
    for issuer in issuers if isinstance(issuers, list) else []:
        if isinstance(issuer, dict) and issuer.get("uscc") == issuer_uscc:
            keys |= {str(key.get("public_key", "")).lower() for key in issuer.get("keys", []) if isinstance(key, dict)}
    return keys - {""}


def _same_moment(shown: Any, signed: Any) -> bool:
    try:
        first = datetime.fromisoformat(str(shown)).replace(microsecond=0)
        second = datetime.fromisoformat(str(signed)).replace(microsecond=0)
        return first == second
    except ValueError:
        return False


def _shown(record: dict[str, Any], name: str) -> Any:
    value = record.get(name)
    return value.get("code") or value.get("uscc") if isinstance(value, dict) else value


def _part(doc: dict[str, Any], name: str) -> dict[str, Any]:
    value = doc.get(name)
    return value if isinstance(value, dict) else {}


def _same_as_signed(record: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    """What the site shows that the signed bytes do not say (an empty list when they agree)."""
    differences = []
    if doc.get("identifier") != record.get("identifier"):
        differences.append("identifier")
    if record.get("issued_at") and not _same_moment(record["issued_at"], doc.get("issued_at")):
        differences.append("issued_at")
    if "valid_until" in record and (record["valid_until"] or None) != doc.get("valid_until"):
        differences.append("valid_until")
    issuer = _part(doc, "issuer")
    shown_issuer = _shown(record, "issuer")
    if shown_issuer and shown_issuer not in (issuer.get("uscc"), issuer.get("name")):
        differences.append("issuer")
    kind = _part(doc, "type")
    shown_type = _shown(record, "type")
    if shown_type and shown_type not in (kind.get("code"), kind.get("name")):
        differences.append("type")
    holder = _part(doc, "holder")
    if "holder_masked" in record and not str(record["holder_masked"]).startswith(str(holder.get("name", "\0"))):
        differences.append("holder")
    return differences


def check_licence(
    fetch: Fetch,
    identifier: str,
    head: tuple[int, bytes],
    report: Report,
    note: Callable[[str], None],
    issuer_keys: Sequence[str] = (),
) -> str | None:
    """Run the checks on one licence, reporting each; its status as the site states it, or None if not found, or
    "pending" when its entry is not yet covered by the signed head (signed at least once a minute)."""
    try:
        record = fetch(f"licences/verify/{identifier}")
    except LookupError as error:
        report(False, f"licence {identifier}: {error}")
        return None
    label = f"licence {identifier}"
    try:
        canonical = base64.b64decode(str(record.get("canonical", "")), validate=True)
    except (binascii.Error, ValueError):
        canonical = b""
    digest = gmssl_sm3(canonical).hex()
    report(bool(canonical) and digest == str(record.get("sm3", "")).lower(), f"{label}: SM3 of the signed bytes")
    public_key = str(record.get("public_key", ""))
    report(gmssl_verify(public_key, canonical, str(record.get("signature", ""))), f"{label}: SM2 signature")
    try:
        doc = json.loads(canonical.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        doc = None
    if not isinstance(doc, dict):
        report(False, f"{label}: the signed bytes are not a licence (JSON object)")
        doc = {}
    else:
        differences = _same_as_signed({**record, "identifier": identifier}, doc)
        report(
            not differences, f"{label}: the signed bytes say what the site shows ({', '.join(differences) or 'all'})"
        )
    issuer = str(_part(doc, "issuer").get("uscc", ""))
    if issuer_keys:
        keys = {key.lower() for key in issuer_keys}
    else:
        try:
            keys = published_keys(fetch("licences/keys"), issuer)
        except LookupError:
            keys = set()
        note(f"WARN  {label}: no --issuer-key given: trusting the keys the site publishes for {issuer or '?'}")
    report(public_key.lower() in keys, f"{label}: signed with a published key of issuer {issuer or '?'}")
    pending = _check_log_entry(fetch, record, digest, identifier, head, report, note)
    status = str(record.get("status", "")) or "unknown"
    note(f"INFO  {label}: status {status}" + (f" ({record['status_label']})" if record.get("status_label") else ""))
    return "pending" if pending and status == "valid" else status


def _check_log_entry(
    fetch: Fetch,
    record: dict[str, Any],
    digest: str,
    identifier: str,
    head: tuple[int, bytes],
    report: Report,
    note: Callable[[str], None],
) -> bool:
    """Checks 5 and 6; True when the entry is newer than the signed head (not a failure: try after the next head)."""
    label = f"licence {identifier}"
    index = record.get("log_index")
    if not isinstance(index, int) or index < 0:
        report(False, f"{label}: no log index")
        return False
    entries = fetch("log/entries", start=index, end=index + 1).get("entries", [])
    entry = bytes.fromhex(entries[0]["entry"]) if entries else b""
    try:
        logged = json.loads(entry.decode("utf-8")) if entry else {}
    except (UnicodeDecodeError, ValueError):
        logged = {}
    report(
        isinstance(logged, dict)
        and logged.get("kind") == "licence.issued"
        and logged.get("identifier") == identifier
        and logged.get("sm3") == digest,
        f"{label}: log entry {index} records its issuance with this SM3",
    )
    size, root = head
    if index >= size:
        note(f"WARN  {label}: log entry {index} is newer than the signed head (size {size}); check again in a minute")
        return True
    proof = fetch("log/proof/inclusion", leaf_index=index, tree_size=size)
    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    report(
        verify_inclusion(index, size, leaf_hash(entry), path, root), f"{label}: log entry {index} in the signed head"
    )
    return False
