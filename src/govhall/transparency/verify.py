"""Check a GovHall transparency log from outside: `python -m govhall.transparency.verify URL [options]`.

Standalone on purpose: the Python standard library and gmssl (an SM2/SM3 implementation independent of the Tongsuo
library GovHall signs with), no Django, no GovHall import. A department or an auditor runs it against the public API:

    python -m govhall.transparency.verify https://zwfw.example.gov.cn \\
        --public-key 04…            # the log's published key (else the one the server sends is trusted, with a warning)
        --leaf-index 12 --leaf-index 40   # check these entries are included in the signed head
        --entry-hex 7b22…           # check this exact entry (hex of its bytes) is in the log (with --leaf-index)
        --previous-size 100 --previous-root ab…   # a head kept from before: check the log only grew since
        --licence 1.2.156.3005.2.…   # check this e-licence: its SM2 signature, and its issuance entry in the head

It checks the signed tree head's SM2 signature, each inclusion proof against the head's root, the consistency proof
between the earlier head and the current one, and for each licence (GET /api/v1/licences/verify/<identifier>) the SM3
and SM2 signature of its signed bytes and that its "licence.issued" log entry (same identifier and SM3) is in the head;
it exits 0 only if all pass.

The tree is RFC 9162's (Certificate Transparency 2.0) with SM3 as the hash: leaf = SM3(0x00 ‖ entry), node =
SM3(0x01 ‖ left ‖ right). A tree head is signed (SM2 over SM3, Z for the default ID "1234567812345678") over
`sth_message`: b"GovHall-STH-v1\\x00" ‖ tree_size (8 bytes, big-endian) ‖ timestamp in ms (8 bytes) ‖ root (32 bytes).
This module is also where GovHall itself takes these definitions from (one home)."""

from __future__ import annotations

import argparse
import base64
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any

from gmssl import sm2, sm3

Hash = Callable[[bytes], bytes]
STH_DOMAIN = b"GovHall-STH-v1\x00"


def gmssl_sm3(data: bytes) -> bytes:
    return bytes.fromhex(sm3.sm3_hash(list(data)))


def sth_message(tree_size: int, timestamp_ms: int, root_hash: bytes) -> bytes:
    return STH_DOMAIN + tree_size.to_bytes(8, "big") + timestamp_ms.to_bytes(8, "big") + root_hash


def leaf_hash(entry: bytes, hash_: Hash = gmssl_sm3) -> bytes:
    return hash_(b"\x00" + entry)


def node_hash(left: bytes, right: bytes, hash_: Hash = gmssl_sm3) -> bytes:
    return hash_(b"\x01" + left + right)


def verify_inclusion(
    leaf_index: int, tree_size: int, leaf: bytes, audit_path: Sequence[bytes], root: bytes, hash_: Hash = gmssl_sm3
) -> bool:
    """RFC 9162 §2.1.3.2: whether the leaf hash at leaf_index is in the tree of tree_size with this root."""
    if not 0 <= leaf_index < tree_size:
        return False
    fn, sn, r = leaf_index, tree_size - 1, leaf
    for p in audit_path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r, hash_)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p, hash_)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes], hash_: Hash = gmssl_sm3
) -> bool:
    """RFC 9162 §2.1.4.2: whether the tree of size `second` extends the tree of size `first`."""
    if not 0 < first <= second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if not proof:
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # a power of two: the old root is the first node of the path
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr, hash_)
            sr = node_hash(c, sr, hash_)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c, hash_)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


CURVE_ORDER = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123


def gmssl_verify(public_key_hex: str, message: bytes, signature_hex: str) -> bool:
    """SM2-over-SM3 (Z for the default ID) with gmssl; signature as hex of r‖s."""
    try:
        point = bytes.fromhex(public_key_hex)
        r, s = int(signature_hex[:64], 16), int(signature_hex[64:], 16)
    except ValueError:
        return False
    if len(point) != 65 or point[0] != 4 or len(signature_hex) != 128:
        return False
    if not (1 <= r < CURVE_ORDER and 1 <= s < CURVE_ORDER):
        return False
    crypt = sm2.CryptSM2(private_key="00", public_key="00")
    crypt.public_key = point[1:].hex()  # set directly: the constructor's lstrip("04") would eat a leading 0 or 4
    try:
        return bool(crypt.verify_with_sm3(signature_hex.lower(), message))
    except (ValueError, TypeError):
        return False


# The command line ---------------------------------------------------------------------------------------------------


def _get(base: str, path: str, **params: int) -> Any:
    url = base.rstrip("/") + "/api/v1/log/" + path
    if params:
        url += "?" + urllib.parse.urlencode(params)
    return _fetch(url)


def _fetch(url: str) -> Any:
    if not url.startswith(("http://", "https://")):
        raise SystemExit(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 — scheme checked above
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read().decode("utf-8"))


def check_licence(
    base: str, identifier: str, size: int, root: bytes, report: Callable[[bool, str], None], out: Callable[[str], None]
) -> None:
    """A licence's signed bytes, signature and issuance entry, checked against the head of `size` with `root`."""
    url = base.rstrip("/") + "/api/v1/licences/verify/" + urllib.parse.quote(identifier, safe="")
    try:
        licence = _fetch(url)
    except urllib.error.HTTPError as exc:
        report(False, f"licence {identifier}: the site answers {exc.code}")
        return
    message = base64.b64decode(licence["canonical"])
    out(f"INFO  licence {identifier}: {licence['status']} ({licence['status_label']}), {licence['type']}")
    report(gmssl_sm3(message).hex() == licence["sm3"], f"licence {identifier}: SM3 of the signed bytes")
    signed = json.loads(message.decode("utf-8"))
    report(signed.get("identifier") == identifier, f"licence {identifier}: the signed bytes name this licence")
    report(
        gmssl_verify(licence["public_key"], message, licence["signature"]),
        f"licence {identifier}: SM2 signature (key {licence['key_id']}; compare with the issuer's published keys)",
    )
    index = licence.get("log_index")
    if index is None or index >= size:
        report(False, f"licence {identifier}: its log entry is not in the signed head of size {size} yet")
        return
    entries = _get(base, "entries", start=index, end=index + 1)["entries"]
    entry = bytes.fromhex(entries[0]["entry"]) if entries else b""
    try:
        logged = json.loads(entry.decode("utf-8"))
    except ValueError:
        logged = {}
    expected = {"kind": "licence.issued", "identifier": identifier, "sm3": licence["sm3"]}
    report(
        all(logged.get(key) == value for key, value in expected.items()),
        f"licence {identifier}: log entry {index} records its issuance and SM3",
    )
    proof = _get(base, "proof/inclusion", leaf_index=index, tree_size=size)
    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    report(verify_inclusion(index, size, leaf_hash(entry), path, root), f"licence {identifier}: entry {index} included")


def run(argv: Sequence[str] | None = None, out: Callable[[str], None] = print) -> int:
    parser = argparse.ArgumentParser(prog="python -m govhall.transparency.verify", description=__doc__.split("\n")[0])
    parser.add_argument("url", help="the GovHall site, e.g. https://zwfw.example.gov.cn")
    parser.add_argument("--public-key", help="the log's published SM2 public key (hex of 04‖x‖y)")
    parser.add_argument("--leaf-index", type=int, action="append", default=[], help="an entry to check (repeatable)")
    parser.add_argument("--entry-hex", action="append", default=[], help="expected entry bytes, hex, per --leaf-index")
    parser.add_argument("--previous-size", type=int, help="the size of an earlier signed tree head")
    parser.add_argument("--previous-root", help="its root hash (hex)")
    parser.add_argument("--licence", action="append", default=[], help="an e-licence identifier to check (repeatable)")
    args = parser.parse_args(argv)
    failures = 0

    def report(ok: bool, text: str) -> None:
        nonlocal failures
        failures += 0 if ok else 1
        out(("OK    " if ok else "FAIL  ") + text)

    sth = _get(args.url, "sth")
    size, root = int(sth["tree_size"]), bytes.fromhex(sth["root_hash"])
    public_key = args.public_key or sth.get("public_key", "")
    if not args.public_key:
        out("WARN  no --public-key given: trusting the key the server sent")
    message = sth_message(size, int(sth["timestamp"]), root)
    report(gmssl_verify(public_key, message, sth["signature"]), f"tree head signature (size {size})")

    for position, index in enumerate(args.leaf_index):
        proof = _get(args.url, "proof/inclusion", leaf_index=index, tree_size=size)
        entries = _get(args.url, "entries", start=index, end=index + 1)["entries"]
        entry = bytes.fromhex(entries[0]["entry"]) if entries else b""
        if position < len(args.entry_hex):
            report(entry == bytes.fromhex(args.entry_hex[position]), f"entry {index} is the expected one")
        path = [bytes.fromhex(h) for h in proof["audit_path"]]
        report(verify_inclusion(index, size, leaf_hash(entry), path, root), f"entry {index} included in the head")

    for identifier in args.licence:
        check_licence(args.url, identifier, size, root, report, out)

    if args.previous_size is not None:
        if not args.previous_root:
            parser.error("--previous-size needs --previous-root")
        proof = _get(args.url, "proof/consistency", first=args.previous_size, second=size)
        ok = verify_consistency(
            args.previous_size,
            size,
            bytes.fromhex(args.previous_root),
            root,
            [bytes.fromhex(h) for h in proof["proof"]],
        )
        report(ok, f"head of size {size} consistent with the earlier head of size {args.previous_size}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(run())
