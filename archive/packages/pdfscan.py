"""Hostile content in a package's files: active PDF features and disguised file names.

An archive keeps documents for decades and hands them to officers and auditors, who open them
in PDF readers: a PDF that runs JavaScript when opened (``/OpenAction``, ``/AA``, the
``/JavaScript`` name tree, XFA forms), launches a program (``/Launch``) or carries other files
(``/EmbeddedFiles``, file-attachment annotations, ``/GoToE``) is a risk to them, whatever its
signature says. Findings PDF002-PDF004 report each; PDF005 a PDF whose structure could not be
read to check. They are warnings unless ``ingest_refuse_active_content`` makes them errors.
Always errors: a ``.pdf`` of 0 bytes (PDF001, not a document) and a name holding a Unicode
bidirectional control (NAM001: ``invoice\u202efdp.exe`` shows as ``invoiceexe.pdf``).

The scan only reads the document catalog, the page tree, page and annotation actions, with a
budget of objects and a depth limit: nothing in the file is executed, decompressed beyond the
objects named, or followed without bound, and any parser failure becomes PDF005.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Final

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from archive.config import Settings
from archive.findings import Finding, Severity
from archive.packages.pdfshare import reader_for
from archive.packages.unpack import UnpackedPackage

__all__ = ["BIDI_CONTROLS", "MAX_OBJECTS", "PdfFeatures", "scan_package", "scan_pdf"]

# pypdf reports recoverable oddities through logging; without a handler Python would print them.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

BIDI_CONTROLS: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Unicode bidirectional formatting characters (UAX #9): none belongs in a file name."""
MAX_OBJECTS: Final = 100_000
"""Objects one scan may look at (pages, annotations, actions): a bound on hostile files."""
_MAX_ACTION_DEPTH: Final = 32
_SHOWN: Final = 3


class _TooComplex(Exception):
    pass


@dataclass
class PdfFeatures:
    """Where a PDF holds active content (empty lists: none found)."""

    javascript: list[str] = field(default_factory=list)
    launch: list[str] = field(default_factory=list)
    embedded: list[str] = field(default_factory=list)
    unreadable: str | None = None


class _Scan:
    def __init__(self) -> None:
        self.budget = MAX_OBJECTS
        self.seen: set[tuple[int, int]] = set()
        self.found = PdfFeatures()

    def resolve(self, obj: Any) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _TooComplex
        return obj.get_object() if isinstance(obj, IndirectObject) else obj

    def first_visit(self, obj: Any) -> bool:
        """False for an indirect object already scanned (cycles, shared objects)."""
        if not isinstance(obj, IndirectObject):
            return True
        key = (obj.idnum, obj.generation)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def action(self, obj: Any, where: str, depth: int = 0) -> None:
        if depth > _MAX_ACTION_DEPTH or not self.first_visit(obj):
            return
        act = self.resolve(obj)
        if not isinstance(act, DictionaryObject):
            return  # e.g. an /OpenAction that is a destination (a page to show)
        kind = act.get("/S")
        if kind == "/JavaScript" or "/JS" in act:
            self.found.javascript.append(where)
        if kind == "/Launch":
            self.found.launch.append(where)
        if kind == "/GoToE":
            self.found.embedded.append(where)
        nxt = self.resolve(act.get("/Next"))
        for item in nxt if isinstance(nxt, ArrayObject) else [nxt]:
            if item is not None:
                self.action(item, where, depth + 1)

    def triggers(self, obj: Any, where: str) -> None:
        """An /AA dictionary: actions run on events (open, close, mouse, page shown…)."""
        table = self.resolve(obj)
        if isinstance(table, DictionaryObject):
            for event, act in table.items():
                self.action(act, f"{where} /AA {event}")

    def catalog(self, root: DictionaryObject) -> None:
        self.action(root.get("/OpenAction"), "/OpenAction")
        self.triggers(root.get("/AA"), "catalog")
        names = self.resolve(root.get("/Names"))
        if isinstance(names, DictionaryObject):
            if "/JavaScript" in names:
                self.found.javascript.append("/Names /JavaScript")
            if "/EmbeddedFiles" in names:
                self.found.embedded.append("/Names /EmbeddedFiles")
        form = self.resolve(root.get("/AcroForm"))
        if isinstance(form, DictionaryObject) and "/XFA" in form:
            self.found.javascript.append("/AcroForm /XFA")

    def pages(self, root: DictionaryObject) -> None:
        stack: list[Any] = [root.get("/Pages")]
        number = 0
        while stack:
            ref = stack.pop()
            if ref is None or not self.first_visit(ref):
                continue
            node = self.resolve(ref)
            if not isinstance(node, DictionaryObject):
                continue
            kids = self.resolve(node.get("/Kids"))
            if isinstance(kids, ArrayObject):
                stack.extend(reversed(list(kids)))
                continue
            number += 1
            self.page(node, number)

    def page(self, page: DictionaryObject, number: int) -> None:
        self.triggers(page.get("/AA"), f"page {number}")
        annots = self.resolve(page.get("/Annots"))
        if not isinstance(annots, ArrayObject):
            return
        for ref in annots:
            annot = self.resolve(ref)
            if not isinstance(annot, DictionaryObject):
                continue
            where = f"page {number} annotation"
            if annot.get("/Subtype") == "/FileAttachment":
                self.found.embedded.append(where)
            self.action(annot.get("/A"), where)
            self.triggers(annot.get("/AA"), where)


def scan_pdf(path: Path, sha256: str | None = None) -> PdfFeatures:
    """The active content of the PDF at ``path`` (whose bytes have SHA-256 ``sha256``, if
    given: its parse is then shared, ``pdfshare``); never raises for a bad file."""
    scan = _Scan()
    try:
        reader = reader_for(path, sha256)
        if reader.is_encrypted and not reader.decrypt(""):
            scan.found.unreadable = "encrypted with a password / mã hóa bằng mật khẩu"
            return scan.found
        root = reader.trailer["/Root"].get_object()
        if not isinstance(root, DictionaryObject):
            raise ValueError("no document catalog")
        scan.catalog(root)
        scan.pages(root)
    except _TooComplex:
        scan.found.unreadable = f"more than {MAX_OBJECTS} objects to check"
    # A hostile file can make any parser fail in any way (pypdf raises many exception types,
    # RecursionError included): whatever it is, it is a finding about this file, not a crash.
    except Exception as exc:
        scan.found.unreadable = f"{type(exc).__name__}: {exc}"[:300]
    return scan.found


def _shown(places: list[str]) -> str:
    unique = list(dict.fromkeys(places))
    more = f" (+{len(unique) - _SHOWN})" if len(unique) > _SHOWN else ""
    return "; ".join(unique[:_SHOWN]) + more


def _visible(name: str) -> str:
    """The name with its bidi controls written out (so the message itself is not reordered)."""
    return "".join(f"<U+{ord(c):04X}>" if c in BIDI_CONTROLS else c for c in name)


def _is_pdf(rel: str, path: Path) -> bool:
    if PurePosixPath(rel).suffix.lower() == ".pdf":
        return True
    with path.open("rb") as fh:
        return b"%PDF-" in fh.read(1024)  # a PDF header may sit anywhere in the first 1 KiB


def scan_package(pkg: UnpackedPackage, settings: Settings) -> list[Finding]:
    """Findings about hostile names and active PDF content in every file of the package."""
    out: list[Finding] = []
    severity: Severity = "error" if settings.ingest_refuse_active_content else "warning"
    for rel, entry in sorted(pkg.entries.items()):
        controls = sorted({f"U+{ord(c):04X}" for c in rel if c in BIDI_CONTROLS})
        if controls:
            out.append(Finding.make("NAM001", rel, value=_visible(rel), detail=", ".join(controls)))
        if not _is_pdf(rel, entry.path):
            continue
        shown = _visible(rel)
        if entry.digests.size == 0:
            out.append(Finding.make("PDF001", rel, value=shown))
            continue
        found = scan_pdf(entry.path, entry.digests.sha256)
        for code, places in (
            ("PDF002", found.javascript),
            ("PDF003", found.launch),
            ("PDF004", found.embedded),
        ):
            if places:
                out.append(
                    _with(Finding.make(code, rel, value=shown, detail=_shown(places)), severity)
                )
        if found.unreadable is not None:
            out.append(
                _with(Finding.make("PDF005", rel, value=shown, detail=found.unreadable), severity)
            )
    return out


def _with(finding: Finding, severity: Severity) -> Finding:
    return Finding(finding.code, severity, finding.path, finding.message_vi, finding.message_en)
