"""Batch ingest never stops at a bad package (issue 13 item 6): each failure is a coded,
bilingual finding for that package, the next package is still ingested, ``--json`` prints the
whole batch, the exit code is 1, and a failed package leaves the archive unchanged."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from archive.packages.metsxml import METS, XLINK
from archive.packages.sipwrite import write_sip, zip_tree
from tests.support import sips
from tests.support.cli import run, snapshot
from tests.support.tamper import REP_METS, replace_file, zip_with_entries

ROOT = Path(__file__).resolve().parents[2]
DATA = "representations/rep1/data"


def _entries(folder: Path) -> list[tuple[str | Any, bytes]]:
    return [
        (p.relative_to(folder).as_posix(), p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    ]


def _long_path(tmp: Path) -> Path:
    folder = sips.write_folder(tmp / "long", 21)
    name = f"{DATA}/{'a' * 2100}.pdf"
    return zip_with_entries(tmp / "long.zip", [*_entries(folder), (name, b"%PDF-1.7 x")])


def _file_folder_clash(tmp: Path) -> Path:
    folder = sips.write_folder(tmp / "clash", 22)
    extra = [(f"{DATA}/a.pdf", b"%PDF-1.7 a"), (f"{DATA}/a.pdf/inner.pdf", b"%PDF-1.7 b")]
    return zip_with_entries(tmp / "clash.zip", [*_entries(folder), *extra])


def _mets_lists_a_file_twice(tmp: Path) -> Path:
    """Two documents of the rep METS point at the same original (the second one's file gone)."""
    folder = sips.write_folder(tmp / "twice", 23)
    rep = folder / REP_METS
    tree = etree.parse(str(rep))
    files = tree.findall(f".//{{{METS}}}fileGrp[@USE='Data']/{{{METS}}}file")
    first, second = files[0], files[1]
    href = f"{{{XLINK}}}href"
    first_loc, second_loc = (el.find(f"{{{METS}}}FLocat") for el in (first, second))
    assert first_loc is not None and second_loc is not None
    gone = second_loc.get(href, "")
    second_loc.set(href, first_loc.get(href, ""))
    for attr in ("CHECKSUM", "SIZE"):
        second.set(attr, first.get(attr, ""))
    (rep.parent / gone).unlink()
    replace_file(folder, REP_METS, etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return zip_tree(folder, tmp / "twice.zip")


def _same_name_in_two_folders(tmp: Path) -> Path:
    """Two documents whose files are ``data/x/a.pdf`` and ``data/y/a.pdf``."""
    folder = sips.write_folder(tmp / "names", 24)
    rep = folder / REP_METS
    tree = etree.parse(str(rep))
    href = f"{{{XLINK}}}href"
    for sub, flocat in zip("xy", tree.iter(f"{{{METS}}}FLocat"), strict=False):
        old = rep.parent / str(flocat.get(href))
        if not str(flocat.get(href)).startswith("data/"):
            continue
        target = rep.parent / "data" / sub / "a.pdf"
        target.parent.mkdir()
        old.rename(target)
        flocat.set(href, f"data/{sub}/a.pdf")
    replace_file(folder, REP_METS, etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    return zip_tree(folder, tmp / "names.zip")


def _kept(home: Path) -> dict[str, str]:
    """The archive's content: the catalog and the store (not the error log beside them)."""
    return {k: v for k, v in snapshot(home).items() if not k.startswith("logs/")}


def _ingest(home: Path, *packages: Path, env: dict[str, str] | None = None) -> tuple[int, Any]:
    result = run(home, "ingest", "--json", *(str(p) for p in packages), env=env)
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, json.loads(result.stdout)


def _codes(result: dict[str, Any]) -> list[str]:
    return [f["code"] for f in result["findings"]]


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert run(home, "init").exit_code == 0
    return home


CASES = {
    "long-path": (_long_path, "PKG005"),
    "file-and-folder": (_file_folder_clash, "ZIP008"),
    "mets-lists-a-file-twice": (_mets_lists_a_file_twice, "MET008"),
    "same-name-in-two-folders": (_same_name_in_two_folders, "MET009"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_package_is_a_finding_and_the_batch_goes_on(
    home: Path, tmp_path: Path, case: str
) -> None:
    make, code = CASES[case]
    bad = make(tmp_path)
    good = sips.write_zip(tmp_path / "good", 30)
    before = _kept(home)
    exit_code, results = _ingest(home, bad, good)
    assert exit_code == 1
    first, second = results
    assert first["status"] == "refused" and code in _codes(first), first["findings"]
    found = next(f for f in first["findings"] if f["code"] == code)
    assert found["severity"] == "error" and found["message_vi"] and found["message_en"]
    assert found["message_vi"] != found["message_en"]
    assert second["status"] == "accepted", second["findings"]
    assert not list((home / "staging").iterdir())
    # Only the good package changed the archive: ingesting it alone gives the same store.
    other = tmp_path / "other"
    assert run(other, "init").exit_code == 0
    assert _ingest(other, good)[0] == 0
    changed = {k for k in _kept(home) if k not in before}
    assert {k for k in changed if k.startswith("store/")} == {
        k for k in _kept(other) if k.startswith("store/") and k not in before
    }


def test_internal_error_before_storing_is_a_finding_with_a_log(home: Path, tmp_path: Path) -> None:
    packages = [sips.write_zip(tmp_path / n, int(n)) for n in ("31", "32")]
    before = _kept(home)
    exit_code, results = _ingest(home, *packages, env={"ARCHIVE_FAULT": "aip_built:raise"})
    assert exit_code == 1 and [r["status"] for r in results] == ["refused", "refused"]
    for result in results:
        (finding,) = result["findings"]
        assert finding["code"] == "ING999" and "InjectedFault" in finding["message_en"]
        assert "report it" in finding["message_en"] and "báo lỗi" in finding["message_vi"]
    log = home / "logs" / "ingest-errors.log"
    assert str(log.resolve()) in results[0]["findings"][0]["message_en"].replace(
        str(home), str(home.resolve())
    )
    assert log.read_text("utf-8").count("Traceback") == 2
    assert _kept(home) == before
    assert not list((home / "staging").iterdir())
    assert _ingest(home, *packages)[0] == 0  # nothing half-done was left behind


def test_failure_after_storing_says_to_ingest_again(home: Path, tmp_path: Path) -> None:
    package = sips.write_zip(tmp_path, 33)
    exit_code, (result,) = _ingest(home, package, env={"ARCHIVE_FAULT": "stored:raise"})
    assert exit_code == 1 and _codes(result) == ["ING003"]
    assert result["arc_file_code"] and "again" in result["findings"][0]["message_en"]
    exit_code, (retry,) = _ingest(home, package)
    assert exit_code == 0 and retry["status"] == "recovered"


def test_failure_after_the_catalog_commit_is_a_warning(home: Path, tmp_path: Path) -> None:
    package = sips.write_zip(tmp_path, 34)
    exit_code, (result,) = _ingest(home, package, env={"ARCHIVE_FAULT": "cataloged:raise"})
    assert exit_code == 0 and result["status"] == "accepted" and _codes(result) == ["ING004"]
    assert _ingest(home, package)[1][0]["status"] == "duplicate"


def _big_zip(tmp: Path) -> Path:
    """A valid package with a 6 MiB original of random bytes (zip cannot shrink them)."""
    extra = random.Random(35).randbytes(6 * 1024 * 1024)
    sip = sips.sip_input(35)
    doc = sip.documents[0]
    sip = replace(
        sip, documents=[replace(doc, content=sips.pdf_bytes(35, extra)), *sip.documents[1:]]
    )
    folder = write_sip(sip, tmp / "big", objid="uuid-big", created=sips.CREATED)
    return zip_tree(folder, tmp / "big.zip")


def test_full_disk_via_file_size_limit(home: Path, tmp_path: Path) -> None:
    """Without root: RLIMIT_FSIZE (4 MiB) makes writing the 6 MiB original fail with EFBIG
    (Python ignores SIGXFSZ, so the write returns the error instead of killing the process)."""
    big, good = _big_zip(tmp_path), sips.write_zip(tmp_path / "good", 36)

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (4 * 1024 * 1024, 4 * 1024 * 1024))

    packages = (str(big), str(good))
    proc = subprocess.run(
        [sys.executable, "-m", "cli.main", "--home", str(home), "ingest", "--json", *packages],
        cwd=ROOT,
        capture_output=True,
        text=True,
        preexec_fn=limit,
        timeout=300,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1
    first, second = json.loads(proc.stdout)
    assert _codes(first) == ["ING001"] and "EFBIG" in first["findings"][0]["message_en"]
    assert second["status"] == "accepted"
    assert not list((home / "staging").iterdir())
    # The disk has room again (no limit): the same package goes in whole.
    exit_code, (again,) = _ingest(home, big)
    assert exit_code == 0 and again["status"] == "accepted", again["findings"]


@pytest.fixture()
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MiB file system (tmpfs), mounted only when the tests run as root."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs (needs root): {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_full_disk_on_a_small_file_system(tiny_disk: Path, tmp_path: Path) -> None:
    home = tiny_disk / "home"
    assert run(home, "init").exit_code == 0
    big, good = _big_zip(tmp_path), sips.write_zip(tmp_path / "good", 37)
    exit_code, (first, second) = _ingest(home, big, good)
    assert exit_code == 1
    assert _codes(first) == ["ING001"] and "ENOSPC" in first["findings"][0]["message_en"]
    assert second["status"] == "accepted", second["findings"]
    assert not list((home / "staging").iterdir())
    # The disk grows (an operator freed or added space): the same package goes in whole.
    subprocess.run(["mount", "-o", "remount,size=64m", str(tiny_disk)], check=True)
    exit_code, (again,) = _ingest(home, big)
    assert exit_code == 0 and again["status"] == "accepted", again["findings"]
