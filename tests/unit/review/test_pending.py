"""The pending area (archive/review/pending.py): a package arrives whole or not at all, its files
are checked against the manifest, and what a dead process left is finished or removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.errors import IntegrityFailure
from archive.review import pending
from archive.storage.digest import file_digests

DEAD_PID = 4_194_303  # the highest pid Linux can hand out: no live process of a test has it


def _staged(tmp: Path) -> tuple[Path, dict[str, object]]:
    root = tmp / "staging" / "pkg"
    (root / "representations").mkdir(parents=True)
    (root / "METS.xml").write_bytes(b"<mets/>")
    (root / "representations" / "a.pdf").write_bytes(b"%PDF-1.7 x")
    return root, {rel: file_digests(root / rel) for rel in ("METS.xml", "representations/a.pdf")}


def test_held_verified_and_tampering_found(tmp_path: Path) -> None:
    root, entries = _staged(tmp_path)
    area = tmp_path / "pending"
    pending.hold(root, area, "CTN-1", entries)  # type: ignore[arg-type]
    pending.publish(area, "CTN-1")
    assert set(pending.verify(area, "CTN-1")) == {"METS.xml", "representations/a.pdf"}
    (pending.package_dir(area, "CTN-1") / "representations" / "a.pdf").write_bytes(b"changed")
    with pytest.raises(IntegrityFailure, match=r"a\.pdf"):
        pending.verify(area, "CTN-1")


def test_recover_finishes_or_removes_what_a_dead_process_left(tmp_path: Path) -> None:
    area = tmp_path / "pending"
    for code in ("CTN-row", "CTN-norow"):
        (area / f".{code}.incoming-{DEAD_PID}" / "package").mkdir(parents=True)
    (area / "CTN-done" / "package").mkdir(parents=True)
    done = pending.recover(area, {"CTN-row": "pending", "CTN-done": "accepted"})
    assert sorted(p.name for p in area.iterdir()) == ["CTN-row"]
    assert len(done) == 3
