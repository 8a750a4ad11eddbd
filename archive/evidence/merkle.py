"""Binary Merkle trees with RFC 4998 sorted-pair hashing, and reduced hash trees.

A level is one contiguous ``bytes`` of equal-size digests, so a tree over a million SHA-256
leaves costs about 64 MB (32 MB of leaves, then half, a quarter, …) instead of a million
Python objects per level. A node is the hash of its two children sorted in binary ascending
order and concatenated (RFC 4998 §4.2); an odd last node is carried up unchanged (a single
value is never hashed again, §4.3 step 2).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

__all__ = ["MerkleTree", "hasher", "reduce_groups"]


def hasher(algorithm: str) -> Callable[[bytes], bytes]:
    """``bytes -> digest`` for a hash algorithm name (``sha256``, ``sha512``…)."""
    new = getattr(hashlib, algorithm, None) or (lambda data: hashlib.new(algorithm, data))
    return lambda data: new(data).digest()


def reduce_groups(groups: Sequence[Sequence[bytes]], algorithm: str) -> bytes | None:
    """The value a reduced hash tree reduces to (None for an empty tree).

    Each group's values plus the previous result: one value passes through unchanged, more are
    sorted binary ascending, concatenated and hashed.
    """
    h = hasher(algorithm)
    previous: bytes | None = None
    for group in groups:
        values = [*group, previous] if previous is not None else list(group)
        if not values:
            continue
        previous = values[0] if len(values) == 1 else h(b"".join(sorted(values)))
    return previous


class MerkleTree:
    """A tree over ``n`` leaves of one algorithm, built once, read per leaf."""

    def __init__(self, leaves: bytes, algorithm: str) -> None:
        h = hasher(algorithm)
        size = len(h(b""))
        if not leaves or len(leaves) % size:
            raise ValueError(f"leaves must be a non-empty concatenation of {size}-byte digests")
        self.algorithm = algorithm
        self.size = size
        self.levels: list[bytes] = [bytes(leaves)]
        level = self.levels[0]
        while len(level) > size:
            count = len(level) // size
            out = bytearray()
            for i in range(0, count - 1, 2):
                a = level[i * size : (i + 1) * size]
                b = level[(i + 1) * size : (i + 2) * size]
                out += h(a + b if a <= b else b + a)
            if count % 2:
                out += level[(count - 1) * size :]
            level = bytes(out)
            self.levels.append(level)

    def __len__(self) -> int:
        return len(self.levels[0]) // self.size

    @property
    def root(self) -> bytes:
        """The root: the value the time-stamp token's message imprint must carry."""
        return self.levels[-1]

    def leaf(self, index: int) -> bytes:
        """The digest of leaf ``index``."""
        return self.levels[0][index * self.size : (index + 1) * self.size]

    def reduced(self, index: int) -> list[list[bytes]]:
        """The reduced hash tree of a leaf: [leaf, sibling], then one sibling per level up.

        Levels where the node has no sibling are left out (the node passes through).
        """
        size = self.size
        groups: list[list[bytes]] = []
        node = index
        for depth, level in enumerate(self.levels[:-1]):
            count = len(level) // size
            sibling = node ^ 1
            value = [level[sibling * size : (sibling + 1) * size]] if sibling < count else []
            if depth == 0:
                groups.append([self.leaf(index), *value])
            elif value:
                groups.append(value)
            node //= 2
        if not groups:
            groups.append([self.leaf(index)])
        return groups
