"""Bring a submission (directory or .zip) into the staging area, safely, hashing as it goes.

Zip archives are checked whole before a byte is extracted: entry count, path safety (absolute,
``..``, backslashes), symlinks and special files, encryption, declared sizes and compression
ratios. Extraction then enforces the declared sizes, so a lying header cannot overrun them.
Every file is written once into staging with SHA-256 and SHA-512 computed on the way; nothing
outside the staging directory is ever written.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Final

from archive.config import Settings
from archive.findings import Report
from archive.storage.digest import Digests, copy_with_digests

__all__ = ["MAX_NAME_BYTES", "MAX_PATH_BYTES", "StagedEntry", "UnpackedPackage", "unpack"]

_RATIO_EXEMPT_BYTES = 1024 * 1024
# Longest file or folder name (Linux NAME_MAX) and longest path inside a package. A stored
# file's key is the package path plus the object's prefix, ``v1/content/`` and the AIP folders
# (about 200 bytes), and S3 keys stop at 1024 bytes; checked before a byte is written, so a
# hostile name is a finding, not an ENAMETOOLONG halfway through staging.
MAX_NAME_BYTES: Final = 255
MAX_PATH_BYTES: Final = 800


def _path_problem(rel: str) -> str | None:
    """Why ``rel`` is too long to keep, or None."""
    size = len(rel.encode("utf-8"))
    if size > MAX_PATH_BYTES:
        return f"{rel[:60]}… ({size} byte)"
    longest = max(rel.split("/"), key=lambda part: len(part.encode("utf-8")))
    if len(longest.encode("utf-8")) > MAX_NAME_BYTES:
        return f"{longest[:60]}… ({len(longest.encode('utf-8'))} byte)"
    return None


def _add_long_path(report: Report, rel: str, problem: str) -> None:
    report.add(
        "PKG005", rel[:120], detail=problem, max_name=MAX_NAME_BYTES, max_path=MAX_PATH_BYTES
    )


@dataclass(frozen=True)
class StagedEntry:
    """One file of the package, copied into staging."""

    rel: str
    path: Path
    digests: Digests


@dataclass
class UnpackedPackage:
    """A package in staging: its files by relative path, and its content fingerprint."""

    source: str
    root: Path
    entries: dict[str, StagedEntry]

    @property
    def fingerprint(self) -> str:
        """SHA-256 over the sorted (path, SHA-256) pairs: the same package gives the same value
        whether it arrives zipped or as a folder."""
        h = hashlib.sha256()
        for rel in sorted(self.entries):
            h.update(f"{rel}\t{self.entries[rel].digests.sha256}\n".encode())
        return h.hexdigest()


def unpack(
    source: Path, staging: Path, settings: Settings
) -> tuple[UnpackedPackage | None, Report]:
    """Copy ``source`` into ``staging`` (which must not exist yet) with all safety checks."""
    report = Report(str(source))
    if source.is_symlink():
        report.add("PKG004", str(source), detail=str(source))
        return None, report
    if not source.exists():
        report.add("PKG001", str(source), detail=str(source))
        return None, report
    staging.mkdir(parents=True)
    if source.is_dir():
        entries = _copy_dir(source, staging, settings, report)
    elif zipfile.is_zipfile(source):
        entries = _extract_zip(source, staging, settings, report)
    else:
        _not_a_zip(source, report)
        return None, report
    if not report.ok:
        return None, report
    return _strip_top_folder(UnpackedPackage(str(source), staging, entries)), report


def _not_a_zip(source: Path, report: Report) -> None:
    """A file that is no readable zip: a truncated zip, another file named .zip, or neither."""
    with source.open("rb") as fh:
        head = fh.read(512)
    size = source.stat().st_size
    if head.startswith(b"PK\x03\x04"):  # a zip's first entry, but no end: cut short
        report.add("ZIP009", str(source), detail=f"{source} ({size} B)")
    elif source.suffix.lower() == ".zip":
        kind_vi, kind_en = _content_kind(head)
        report.add("PKG006", str(source), detail=str(source), kind_vi=kind_vi, kind_en=kind_en)
    else:
        report.add("PKG002", str(source), detail=str(source))


def _content_kind(head: bytes) -> tuple[str, str]:
    """What the first bytes of a file look like, in Vietnamese and English."""
    if not head:
        return "tệp rỗng", "an empty file"
    if head.startswith(b"%PDF"):
        return "tệp PDF", "a PDF file"
    if head.startswith(b"Rar!") or head.startswith(b"7z\xbc\xaf"):
        return "tệp nén RAR/7z, không phải zip", "a RAR/7z archive, not a zip"
    try:  # incremental: a character cut at the end of the 512 bytes is fine
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "dữ liệu nhị phân không rõ loại", "binary data of unknown kind"
    if b"\x00" in head:
        return "dữ liệu nhị phân không rõ loại", "binary data of unknown kind"
    return "văn bản", "text"


def _strip_top_folder(pkg: UnpackedPackage) -> UnpackedPackage:
    """Packages are usually zipped as ``<OBJID>/METS.xml``: drop that single top folder."""
    if "METS.xml" in pkg.entries:
        return pkg
    tops = {rel.split("/", 1)[0] for rel in pkg.entries}
    if len(tops) != 1 or all("/" not in rel for rel in pkg.entries):
        return pkg
    top = tops.pop()
    entries = {
        rel.split("/", 1)[1]: StagedEntry(rel.split("/", 1)[1], e.path, e.digests)
        for rel, e in pkg.entries.items()
    }
    return UnpackedPackage(pkg.source, pkg.root / top, entries)


def _write_staged(target: Path, src: IO[bytes], limit: int) -> Digests:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as dst:
        digests = copy_with_digests(src, dst, limit=limit, sync_fd=dst.fileno())
        dst.flush()
        os.fsync(dst.fileno())
    return digests


def _copy_dir(
    source: Path, staging: Path, settings: Settings, report: Report
) -> dict[str, StagedEntry]:
    files: list[tuple[str, Path]] = []
    total = 0
    for dirpath, dirnames, filenames in os.walk(source, followlinks=False):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath, name)
            mode = path.lstat().st_mode
            rel = path.relative_to(source).as_posix()
            long_path = _path_problem(rel)
            if long_path is not None:
                _add_long_path(report, rel, long_path)
            elif stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                report.add("PKG004", rel, detail=rel)
            elif stat.S_ISREG(mode):
                files.append((rel, path))
                total += path.stat().st_size
                if path.stat().st_size > settings.max_file_bytes:
                    report.add("PKG003", rel, detail=f"{rel}: > {settings.max_file_bytes} B")
    if total > settings.max_package_bytes:
        report.add("PKG003", "", detail=f"{total} > {settings.max_package_bytes} B")
    if not report.ok:
        return {}
    entries: dict[str, StagedEntry] = {}
    for rel, path in files:
        target = staging.joinpath(*rel.split("/"))
        with path.open("rb") as src:
            digests = _write_staged(target, src, settings.max_file_bytes)
        entries[rel] = StagedEntry(rel, target, digests)
    return entries


def _zip_entry_problem(info: zipfile.ZipInfo, settings: Settings) -> tuple[str, str] | None:
    """The finding code and detail for an unsafe zip entry, or None."""
    name = info.filename
    pure = PurePosixPath(name)
    if (
        "\\" in name
        or pure.is_absolute()
        or ".." in pure.parts
        or (len(name) > 1 and name[1] == ":")
    ):
        return "ZIP002", name
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        return "ZIP003", name
    if info.flag_bits & 0x1:
        return "ZIP006", name
    if info.file_size > settings.max_file_bytes:
        return "PKG003", f"{name}: {info.file_size} > {settings.max_file_bytes} B"
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > _RATIO_EXEMPT_BYTES and ratio > settings.max_compression_ratio:
        return "ZIP004", f"{name}: {info.file_size} / {info.compress_size} = {ratio:.0f}"
    return None


def _check_zip(zf: zipfile.ZipFile, settings: Settings, report: Report) -> list[zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > settings.max_entries:
        report.add("ZIP005", "", detail=f"{len(infos)} > {settings.max_entries}")
        return []
    seen: set[str] = set()
    total = 0
    files: list[zipfile.ZipInfo] = []
    for info in infos:
        long_path = _path_problem(info.filename.rstrip("/"))
        if long_path is not None:
            _add_long_path(report, info.filename, long_path)
            continue
        problem = _zip_entry_problem(info, settings)
        if problem is not None:
            report.add(problem[0], info.filename, detail=problem[1])
            continue
        if info.is_dir():
            continue
        if info.filename in seen:
            report.add("ZIP007", info.filename, detail=info.filename)
        seen.add(info.filename)
        total += info.file_size
        files.append(info)
    if total > settings.max_package_bytes:
        report.add("PKG003", "", detail=f"{total} > {settings.max_package_bytes} B")
    _check_file_folder_clash(infos, report)
    return files


def _check_file_folder_clash(infos: list[zipfile.ZipInfo], report: Report) -> None:
    """A name that is a file and also a folder (``a.pdf`` and ``a.pdf/inner.pdf``) cannot be
    extracted: refuse it before writing, instead of failing halfway through."""
    files = {i.filename for i in infos if not i.is_dir()}
    folders = {i.filename.rstrip("/") for i in infos if i.is_dir()}
    for name in files:
        parts = name.split("/")
        folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
    for name in sorted(files & folders):
        report.add("ZIP008", name, detail=name)


def _extract_zip(
    source: Path, staging: Path, settings: Settings, report: Report
) -> dict[str, StagedEntry]:
    entries: dict[str, StagedEntry] = {}
    try:
        with zipfile.ZipFile(source) as zf:
            files = _check_zip(zf, settings, report)
            if not report.ok:
                return {}
            for info in files:
                target = staging.joinpath(*PurePosixPath(info.filename).parts)
                with zf.open(info) as src:
                    try:
                        digests = _write_staged(target, src, info.file_size)
                    except OverflowError:
                        report.add(
                            "ZIP004",
                            info.filename,
                            detail=f"{info.filename}: more bytes than declared",
                        )
                        return {}
                entries[info.filename] = StagedEntry(info.filename, target, digests)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as exc:
        report.add("ZIP001", str(source), detail=f"{source.name}: {exc}")
        return {}
    return entries
