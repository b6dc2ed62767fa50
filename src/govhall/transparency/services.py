"""Writing and reading the transparency log: append entries, tree hashes and proofs, signed tree heads."""

import json
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Q

from govhall.core.gm import log_keyring
from govhall.transparency import merkle
from govhall.transparency.models import LogEntry, LogState, MerkleNode, SignedTreeHead
from govhall.transparency.verify import sth_message


def encode_entry(kind: str, **fields: Any) -> bytes:
    """Canonical bytes of a log entry: UTF-8 JSON, keys sorted, no spaces. Entries carry identifiers and hashes, never
    personal data."""
    return json.dumps({"kind": kind, **fields}, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def log_size() -> int:
    state = LogState.objects.filter(pk=1).values_list("size", flat=True).first()
    return int(state or 0)


def fetch_subtrees(keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """The stored hashes of these perfect subtrees (level 0 from the entries): two queries at most."""
    keys = list(keys)
    found: dict[tuple[int, int], bytes] = {}
    leaves = [position for level, position in keys if level == 0]
    if leaves:
        for index, leaf in LogEntry.objects.filter(index__in=leaves).values_list("index", "leaf_hash"):
            found[(0, index)] = bytes(leaf)
    nodes = [key for key in keys if key[0] > 0]
    if nodes:
        condition = Q()
        for level, position in nodes:
            condition |= Q(level=level, position=position)
        for level, position, value in MerkleNode.objects.filter(condition).values_list("level", "position", "hash"):
            found[(level, position)] = bytes(value)
    missing = set(keys) - found.keys()
    if missing:
        raise LookupError(f"log subtrees missing from the database: {sorted(missing)[:5]}")
    return found


def tree(size: int | None = None) -> merkle.Tree:
    return merkle.Tree(log_size() if size is None else size, fetch_subtrees)


@transaction.atomic
def append(entry: bytes) -> LogEntry:
    """Add an entry at the next index and store the subtrees it completes."""
    LogState.objects.get_or_create(pk=1)
    LogState.objects.filter(pk=1).update(size=F("size") + 1)  # takes the lock before reading the size
    index = log_size() - 1
    leaf = merkle.leaf_hash(entry)
    row = LogEntry.objects.create(index=index, entry=entry, leaf_hash=leaf)
    siblings = merkle.subtrees_completed_by(index)
    if siblings:
        known = fetch_subtrees(siblings)
        value, nodes = leaf, []
        for level, position in siblings:
            value = merkle.node_hash(known[(level, position)], value)
            nodes.append(MerkleNode(level=level + 1, position=position // 2, hash=value))
        MerkleNode.objects.bulk_create(nodes)
    return row


@transaction.atomic
def append_many(entries: Sequence[bytes], batch: int = 5000) -> int:
    """Add many entries at once (an import of earlier records, the benchmark's log): the same rows as `append` one by
    one, computed in memory from the tree's right edge and written in batches. The new size."""
    if not entries:
        return log_size()
    LogState.objects.get_or_create(pk=1)
    LogState.objects.filter(pk=1).update(size=F("size") + len(entries))
    start = log_size() - len(entries)
    keys = merkle.right_edge(start)
    known = fetch_subtrees(keys) if keys else {}
    edge = merkle.CompactRange(start, [known[key] for key in keys])
    rows: list[LogEntry] = []
    nodes: list[MerkleNode] = []
    for offset, entry in enumerate(entries):
        leaf = merkle.leaf_hash(entry)
        rows.append(LogEntry(index=start + offset, entry=entry, leaf_hash=leaf))
        nodes.extend(
            MerkleNode(level=level, position=position, hash=value) for level, position, value in edge.push(leaf)
        )
        if len(rows) >= batch:
            LogEntry.objects.bulk_create(rows)
            MerkleNode.objects.bulk_create(nodes)
            rows, nodes = [], []
    LogEntry.objects.bulk_create(rows)
    MerkleNode.objects.bulk_create(nodes)
    return start + len(entries)


def sign_tree_head(*, force: bool = False) -> SignedTreeHead | None:
    """Sign the current head, unless the newest signed head already has this size (or `force`)."""
    size = log_size()
    latest = SignedTreeHead.objects.order_by("-tree_size", "-timestamp").first()
    if latest is not None and latest.tree_size == size and not force:
        return None
    root = tree(size).root()
    timestamp = int(time.time() * 1000)
    if latest is not None and timestamp <= latest.timestamp:
        timestamp = latest.timestamp + 1
    ring = log_keyring()
    signature = ring.sign(sth_message(size, timestamp, root))
    return SignedTreeHead.objects.create(
        tree_size=size,
        root_hash=root.hex(),
        timestamp=timestamp,
        signature=signature.hex,
        key_id=signature.key_id,
        public_key=ring.current.public_key_hex,
    )


def latest_tree_head() -> SignedTreeHead | None:
    return SignedTreeHead.objects.order_by("-tree_size", "-timestamp").first()


def audit_log(chunk: int = 5000) -> list[str]:
    """Recompute the whole log from its entries and compare with the stored hashes and every signed tree head (the
    signatures checked with the log's keys): the problems found, empty when the log is intact."""
    problems: list[str] = []
    ring = log_keyring()
    heads = list(SignedTreeHead.objects.order_by("tree_size", "timestamp"))
    for head in heads:
        message = sth_message(head.tree_size, head.timestamp, bytes.fromhex(head.root_hash))
        if not ring.verify(message, bytes.fromhex(head.signature), head.key_id):
            problems.append(f"signed tree head {head.pk} (size {head.tree_size}): signature does not verify")
    for head in heads:
        if head.tree_size == 0 and head.root_hash != merkle.EMPTY_ROOT.hex():
            problems.append("signed tree head of size 0: wrong empty root")
    pending = [head for head in heads if head.tree_size > 0]
    edge = merkle.CompactRange()
    expected_nodes = 0
    count = 0
    size = log_size()
    while True:
        rows = list(
            LogEntry.objects.filter(index__gte=count)
            .order_by("index")
            .values_list("index", "entry", "leaf_hash")[:chunk]
        )
        if not rows:
            break
        computed: dict[tuple[int, int], bytes] = {}
        start = count
        for index, entry, stored_leaf in rows:
            if index != count:
                problems.append(f"entry {count} is missing (next stored index is {index})")
                return problems
            leaf = merkle.leaf_hash(bytes(entry))
            if leaf != bytes(stored_leaf):
                problems.append(f"entry {index}: its stored leaf hash does not match its content")
            for level, position, value in edge.push(leaf):
                computed[(level, position)] = value
            count += 1
            while pending and pending[0].tree_size == count:
                head = pending.pop(0)
                if edge.root().hex() != head.root_hash:
                    problems.append(f"signed tree head of size {head.tree_size}: the entries give another root")
        expected_nodes += len(computed)
        for level in sorted({level for level, _ in computed}):
            stored = dict(
                MerkleNode.objects.filter(
                    level=level, position__gte=start >> level, position__lt=(count >> level) + 1
                ).values_list("position", "hash")
            )
            for (node_level, position), value in computed.items():
                if node_level == level and bytes(stored.get(position, b"")) != value:
                    problems.append(f"stored subtree {level}/{position} does not match the entries")
    for head in pending:
        problems.append(f"signed tree head of size {head.tree_size}: the log has only {count} entries")
    if count != size:
        problems.append(f"the log's size is {size} but {count} entries are stored")
    if MerkleNode.objects.count() != expected_nodes:
        problems.append(f"{MerkleNode.objects.count()} subtree rows stored, {expected_nodes} expected")
    return problems
