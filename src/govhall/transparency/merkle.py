"""RFC 9162 Merkle tree hashes and proofs over stored perfect subtrees, with SM3.

A perfect subtree is named by (level, position): it covers leaves [position·2^level, (position+1)·2^level). Level 0 are
the leaf hashes; the log stores every complete subtree as it appends (models.LogEntry, models.MerkleNode). Any tree
hash, inclusion path or consistency proof of RFC 9162 §2.1 is then a combination of at most 2·log2(n) stored subtrees:
`Tree` first walks the RFC's recursion to learn which ones it needs, fetches them at once, then computes. The
verification functions are the standalone verifier's (verify.py), with Tongsuo's SM3."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from govhall.core.gm import sm3
from govhall.transparency import verify as _rfc

Key = tuple[int, int]  # (level, position)
Fetch = Callable[[Iterable[Key]], dict[Key, bytes]]
EMPTY_ROOT = sm3(b"")


def leaf_hash(entry: bytes) -> bytes:
    return _rfc.leaf_hash(entry, sm3)


def node_hash(left: bytes, right: bytes) -> bytes:
    return _rfc.node_hash(left, right, sm3)


def verify_inclusion(leaf_index: int, tree_size: int, leaf: bytes, audit_path: Sequence[bytes], root: bytes) -> bool:
    return _rfc.verify_inclusion(leaf_index, tree_size, leaf, audit_path, root, sm3)


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes]) -> bool:
    return _rfc.verify_consistency(first, second, first_root, second_root, proof, sm3)


def largest_power_of_two_below(n: int) -> int:
    """k < n ≤ 2k, for n > 1 (RFC 9162's split)."""
    return 1 << ((n - 1).bit_length() - 1)


def subtrees_completed_by(index: int) -> list[Key]:
    """The left siblings the leaf at `index` completes, lowest first: (level, position) of each, while the position of
    the growing subtree at that level is odd."""
    siblings = []
    level, position = 0, index
    while position & 1:
        siblings.append((level, position - 1))
        level, position = level + 1, position >> 1
    return siblings


class Tree:
    """Hashes and proofs of the first `size` leaves, from the stored perfect subtrees `fetch` returns."""

    def __init__(self, size: int, fetch: Fetch) -> None:
        self.size = size
        self._fetch = fetch
        self._known: dict[Key, bytes] = {}
        self._wanted: set[Key] | None = None

    def _perfect(self, level: int, position: int) -> bytes:
        if self._wanted is not None:
            self._wanted.add((level, position))
            return b""
        return self._known[(level, position)]

    def _hash(self, start: int, end: int) -> bytes:
        n = end - start
        if n & (n - 1) == 0 and start % n == 0:
            return self._perfect(n.bit_length() - 1, start // n)
        k = largest_power_of_two_below(n)
        return node_hash(self._hash(start, start + k), self._hash(start + k, end))

    def _path(self, m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = largest_power_of_two_below(n)
        if m < start + k:
            return [*self._path(m, start, start + k), self._hash(start + k, end)]
        return [*self._path(m, start + k, end), self._hash(start, start + k)]

    def _subproof(self, m: int, start: int, end: int, complete: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if complete else [self._hash(start, end)]
        k = largest_power_of_two_below(n)
        if m <= k:
            return [*self._subproof(m, start, start + k, complete), self._hash(start + k, end)]
        return [*self._subproof(m - k, start + k, end, False), self._hash(start, start + k)]

    def _run[T](self, compute: Callable[[], T]) -> T:
        self._wanted = set()
        compute()
        missing = self._wanted - self._known.keys()
        self._wanted = None
        if missing:
            self._known.update(self._fetch(missing))
        return compute()

    def root(self, size: int | None = None) -> bytes:
        size = self.size if size is None else size
        if not 0 <= size <= self.size:
            raise ValueError("size out of range")
        if size == 0:
            return EMPTY_ROOT
        return self._run(lambda: self._hash(0, size))

    def inclusion_path(self, leaf_index: int, size: int | None = None) -> list[bytes]:
        size = self.size if size is None else size
        if not 0 <= leaf_index < size <= self.size:
            raise ValueError("leaf index or size out of range")
        return self._run(lambda: self._path(leaf_index, 0, size))

    def consistency_proof(self, first: int, second: int | None = None) -> list[bytes]:
        second = self.size if second is None else second
        if not 0 < first <= second <= self.size:
            raise ValueError("sizes out of range")
        if first == second:
            return []
        return self._run(lambda: self._subproof(first, 0, second, True))


def right_edge(size: int) -> list[Key]:
    """The perfect subtrees that make up a tree of `size` leaves, largest (leftmost) first: one per set bit."""
    keys, start = [], 0
    for level in reversed(range(size.bit_length())):
        if size >> level & 1:
            keys.append((level, start >> level))
            start += 1 << level
    return keys


class CompactRange:
    """The right edge of a growing tree (its perfect subtrees, largest first): push leaves one by one, learn the
    subtrees each completes, ask for the root at any size. For bulk appends and for recomputing the whole log."""

    def __init__(self, size: int = 0, edge: Sequence[bytes] = ()) -> None:
        self.size = size
        self._stack = list(zip((level for level, _ in right_edge(size)), edge, strict=True))

    def push(self, leaf: bytes) -> list[tuple[int, int, bytes]]:
        """Add the next leaf hash; the (level, position, hash) of every subtree of level ≥ 1 it completes."""
        completed = []
        self._stack.append((0, leaf))
        position = self.size
        while len(self._stack) > 1 and self._stack[-1][0] == self._stack[-2][0]:
            (level, right), (_, left) = self._stack.pop(), self._stack.pop()
            position >>= 1
            value = node_hash(left, right)
            completed.append((level + 1, position, value))
            self._stack.append((level + 1, value))
        self.size += 1
        return completed

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        root = self._stack[-1][1]
        for _level, value in reversed(self._stack[:-1]):
            root = node_hash(value, root)
        return root
