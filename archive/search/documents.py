"""Index documents built from catalog rows and the text of the stored originals."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import BinaryIO

from archive.catalog.codes import effective_mode, label
from archive.catalog.models import Document, Dossier, File
from archive.config import Settings
from archive.findings import Finding
from archive.search.analyzer import nfc
from archive.search.api import IndexDoc
from archive.search.extract import Extraction, StagedText, extract_text
from archive.storage.ocfl import OcflRoot

__all__ = ["index_docs", "parse_date"]


def parse_date(value: str | None) -> date | None:
    """A TT05 date ``DD/MM/YYYY`` (or ISO), or None when it is not a real date."""
    if not value:
        return None
    try:
        if "/" in value:
            day, month, year = (int(p) for p in value.split("/"))
            return date(year, month, day)
        return date.fromisoformat(value)
    except ValueError:
        return None


def _original(doc: Document) -> File | None:
    originals = sorted(
        (f for f in doc.files if f.role == "original"), key=lambda f: (len(f.version), f.version)
    )
    return originals[0] if originals else None


def _rendition(doc: Document) -> File | None:
    """The latest OCR rendition of a scanned original (``archive ocr run``), if any."""
    made = [f for f in doc.files if f.role == "rendition"]
    return max(made, key=lambda f: (len(f.version), f.version)) if made else None


def _extract(settings: Settings, ocfl: OcflRoot, dossier: Dossier, file: File) -> Extraction:
    @contextmanager
    def opener() -> Iterator[BinaryIO]:
        key = ocfl.content_key(dossier.object_id, file.content_path)
        with ocfl.store.open(key) as stream:
            yield stream

    return extract_text(
        opener,
        name=file.path,
        mime=file.mime_type,
        size=file.size,
        max_bytes=settings.search_extract_max_bytes,
        max_chars=settings.search_max_text_chars,
        path=f"{dossier.arc_file_code}/{file.path}",
        sha256=file.sha256,
    )


def _meta(dossier: Dossier, doc: Document) -> str:
    values = (
        label("typeName", doc.type_name),
        doc.keyword,
        doc.signer_full_name,
        doc.signer_position,
        doc.description,
        doc.doc_code,
        dossier.title,
        dossier.keyword,
        dossier.file_code,
        dossier.arc_file_code,
    )
    # A blank line between values: a phrase never spans two of them.
    return "\n\n".join(nfc(v) for v in values if v)


def index_docs(
    settings: Settings,
    ocfl: OcflRoot,
    dossier: Dossier,
    staged: Mapping[str, StagedText] | None = None,
) -> tuple[list[IndexDoc], list[Finding]]:
    """One IndexDoc per document of ``dossier`` (rows loaded), with extraction findings.

    Documents of mode 03 (Mật) are left out entirely (not even read) unless
    ``search_index_restricted`` is on. ``staged``: texts extracted at ingest before the files
    were stored (by file path), used for the file of that path and SHA-256 instead of reading it
    again.
    """
    docs: list[IndexDoc] = []
    findings: list[Finding] = []
    fonds = dossier.fonds.code if dossier.fonds else ""
    for doc in dossier.documents:
        mode = effective_mode(doc.mode, dossier.mode)
        if mode == "03" and not settings.search_index_restricted:
            continue
        # A scan's words come from its OCR rendition, which exists only for originals
        # without a text layer (archive.ocr); the rendition is never shown as the original.
        source = _rendition(doc) or _original(doc)
        ready = staged.get(source.path) if staged and source is not None else None
        if source is None:
            extraction = Extraction("", "missing")
        elif ready is not None and ready.sha256 == source.sha256:
            extraction = ready.extraction
        else:
            extraction = _extract(settings, ocfl, dossier, source)
        findings.extend(extraction.findings)
        symbol = "/".join(p for p in (doc.code_number, doc.code_notation) if p)
        docs.append(
            IndexDoc(
                doc_code=doc.doc_code,
                dossier_code=dossier.arc_file_code,
                file_code=dossier.file_code,
                subject=nfc(doc.subject),
                symbol=nfc(symbol),
                type_code=doc.type_name,
                organ=nfc(doc.organ_name),
                issued=parse_date(doc.issued_date),
                maintenance=doc.maintenance,
                mode=mode,
                fonds=fonds,
                dossier_title=nfc(dossier.title),
                meta=_meta(dossier, doc),
                text=extraction.text,
                text_status=extraction.status,
            )
        )
    return docs, findings
