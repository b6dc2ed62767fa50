"""The stored-subtree tree against the RFC 9162 reference, on every size, index and pair up to 21 leaves."""

import pytest

from govhall.transparency import merkle
from govhall.transparency.tests import reference

ENTRIES = [f"entry {i}".encode() for i in range(21)]


def memory_tree(entries: list[bytes]) -> merkle.Tree:
    """Every perfect subtree of the entries, as the log stores them."""
    store: dict[tuple[int, int], bytes] = {(0, i): merkle.leaf_hash(e) for i, e in enumerate(entries)}
    level = 0
    while (1 << (level + 1)) <= len(entries):
        for position in range(len(entries) >> (level + 1)):
            store[(level + 1, position)] = merkle.node_hash(
                store[(level, 2 * position)], store[(level, 2 * position + 1)]
            )
        level += 1
    return merkle.Tree(len(entries), lambda keys: {key: store[key] for key in keys})


def test_hashes_are_rfc9162_with_sm3():
    assert merkle.leaf_hash(b"abc") == reference.H(b"\x00abc")
    assert merkle.node_hash(b"l", b"r") == reference.H(b"\x01lr")
    assert merkle.EMPTY_ROOT.hex() == "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"


def test_roots_paths_and_proofs_match_the_reference():
    tree = memory_tree(ENTRIES)
    for n in range(len(ENTRIES) + 1):
        root = tree.root(n)
        assert root == reference.mth(ENTRIES[:n]), n
        for m in range(n):
            path = tree.inclusion_path(m, n)
            assert path == reference.path(m, ENTRIES[:n]), (m, n)
            assert merkle.verify_inclusion(m, n, merkle.leaf_hash(ENTRIES[m]), path, root)
            assert not merkle.verify_inclusion(m, n, merkle.leaf_hash(b"forged"), path, root)
            if n > 1:
                assert not merkle.verify_inclusion((m + 1) % n, n, merkle.leaf_hash(ENTRIES[m]), path, root)
        for m in range(1, n + 1):
            proof = tree.consistency_proof(m, n)
            assert proof == (reference.proof(m, ENTRIES[:n]) if m < n else []), (m, n)
            assert merkle.verify_consistency(m, n, tree.root(m), root, proof)
            if m < n:
                assert not merkle.verify_consistency(m, n, merkle.leaf_hash(b"x"), root, proof)
                assert not merkle.verify_consistency(m, n, tree.root(m), root, proof[:-1])


def test_subtrees_completed_by_an_append():
    assert merkle.subtrees_completed_by(0) == []
    assert merkle.subtrees_completed_by(1) == [(0, 0)]
    assert merkle.subtrees_completed_by(7) == [(0, 6), (1, 2), (2, 0)]
    assert merkle.subtrees_completed_by(10) == []


def test_proofs_fetch_once_and_few_subtrees():
    calls: list[int] = []
    size = 1_000_000

    def fetch(keys):
        keys = list(keys)
        calls.append(len(keys))
        return dict.fromkeys(keys, b"\x00" * 32)

    tree = merkle.Tree(size, fetch)
    tree.inclusion_path(123_457)
    tree.consistency_proof(654_321)
    tree.root()
    assert len(calls) <= 3 and max(calls) <= 2 * 20  # one fetch per question, O(log n) subtrees


def test_out_of_range_is_refused():
    tree = memory_tree(ENTRIES[:4])
    for call in (lambda: tree.inclusion_path(4), lambda: tree.consistency_proof(0), lambda: tree.root(5)):
        with pytest.raises(ValueError):
            call()
    assert not merkle.verify_inclusion(4, 4, b"", [], b"")
    assert not merkle.verify_consistency(3, 2, b"", b"", [])


def test_compact_range_gives_the_roots_and_the_subtrees():
    assert merkle.right_edge(13) == [(3, 0), (2, 2), (0, 12)]
    assert merkle.right_edge(0) == []
    edge = merkle.CompactRange()
    assert edge.root() == reference.mth([])
    completed = []
    for n, entry in enumerate(ENTRIES, start=1):
        completed += edge.push(merkle.leaf_hash(entry))
        assert edge.root() == reference.mth(ENTRIES[:n])
    assert (2, 1, reference.mth(ENTRIES[4:8])) in completed
    assert len(completed) == 10 + 5 + 2 + 1  # levels 1..4 of 21 leaves
    # resumed from a stored right edge
    stored = [reference.mth(ENTRIES[p << level : (p + 1) << level]) for level, p in merkle.right_edge(13)]
    resumed = merkle.CompactRange(13, stored)
    for entry in ENTRIES[13:]:
        resumed.push(merkle.leaf_hash(entry))
    assert resumed.root() == reference.mth(ENTRIES)
