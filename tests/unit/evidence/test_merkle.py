"""Merkle trees, reduced hash trees and the DER of records built from them."""

from __future__ import annotations

import hashlib
import random

import pytest
from asn1crypto import cms

from archive.evidence.asn1 import EvidenceRecord
from archive.evidence.merkle import MerkleTree, reduce_groups


def leaves(n: int, algorithm: str = "sha256", seed: int = 5) -> bytes:
    rng = random.Random(seed)
    return b"".join(hashlib.new(algorithm, rng.randbytes(16)).digest() for _ in range(n))


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 100, 1023])
@pytest.mark.parametrize("algorithm", ["sha256", "sha512"])
def test_every_reduced_tree_reduces_to_the_root(n: int, algorithm: str) -> None:
    tree = MerkleTree(leaves(n, algorithm), algorithm)
    for i in range(n):
        groups = tree.reduced(i)
        assert tree.leaf(i) in groups[0]
        assert reduce_groups(groups, algorithm) == tree.root
        assert len(groups) <= max(1, (n - 1).bit_length())


def test_pairs_are_hashed_sorted_and_single_values_pass_through() -> None:
    a, b, c = (hashlib.sha256(x).digest() for x in (b"a", b"b", b"c"))
    tree = MerkleTree(a + b + c, "sha256")
    ab = hashlib.sha256(min(a, b) + max(a, b)).digest()
    assert tree.root == hashlib.sha256(min(ab, c) + max(ab, c)).digest()
    assert tree.reduced(2) == [[c], [ab]]  # c has no sibling on its level: carried up


def test_a_changed_leaf_no_longer_reduces_to_the_root() -> None:
    tree = MerkleTree(leaves(10), "sha256")
    groups = tree.reduced(3)
    groups[0][0] = hashlib.sha256(b"tampered").digest()
    assert reduce_groups(groups, "sha256") != tree.root


def test_leaves_must_be_whole_digests() -> None:
    with pytest.raises(ValueError, match="32-byte"):
        MerkleTree(b"\x00" * 33, "sha256")


def test_hand_written_der_parses_with_the_corrected_schema() -> None:
    from archive.evidence.ers import initial_record

    tree = MerkleTree(leaves(5), "sha256")
    token = cms.ContentInfo(
        {"content_type": "signed_data", "content": cms.SignedData({"version": "v3"})}
    ).dump()
    er = EvidenceRecord.load(initial_record(tree, 4, token))
    assert er["version"].native == "v1"
    [chain] = er["archive_time_stamp_sequence"]
    [ats] = chain
    assert ats["digest_algorithm"]["algorithm"].native == "sha256"
    assert [list(g.native) for g in ats["reduced_hashtree"]] == tree.reduced(4)
    assert ats["time_stamp"].dump() == token


def test_fast_timestamp_renewal_matches_the_parsed_one() -> None:
    from archive.evidence.ers import initial_record, timestamp_renewed, timestamp_renewed_der

    tree = MerkleTree(leaves(300), "sha256")
    token = cms.ContentInfo(
        {"content_type": "signed_data", "content": cms.SignedData({"version": "v3"})}
    ).dump()
    later = cms.ContentInfo(
        {"content_type": "signed_data", "content": cms.SignedData({"version": "v1"})}
    ).dump()
    der = initial_record(tree, 7, token + b"")
    slow = timestamp_renewed(EvidenceRecord.load(der), later)
    assert timestamp_renewed_der(der, later) == slow
    twice = timestamp_renewed_der(slow, later)
    assert len(EvidenceRecord.load(twice)["archive_time_stamp_sequence"][0]) == 3
