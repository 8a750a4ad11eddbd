"""The format step of ingest: every file of the package identified against PRONOM
(``formatid``), classed by the format policy (``formatpolicy``: FMT001 refused, FMT002 at risk)
and, for PDFs, its PDF/A claim read and checked (``pdfa``: FMT004). The results go into the
AIP's PREMIS (objectCharacteristics/format: name, version, PRONOM key, notes naming the tool,
the basis and the PDF/A claim), from there into the catalog, and into one PREMIS
``format identification`` event.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from archive.audit.chain import AgentRef, NewEvent
from archive.config import Settings
from archive.findings import Finding
from archive.packages.formatid import FormatId, identify_files
from archive.packages.formatpolicy import format_finding
from archive.packages.pdfa import read_claim

__all__ = ["FormatCheck", "IdentifiedFormat", "check_formats"]


@dataclass(frozen=True)
class IdentifiedFormat:
    """A file's format as the AIP records it."""

    puid: str | None
    name: str
    version: str
    notes: tuple[str, ...]


@dataclass
class FormatCheck:
    """Formats by package path, the findings, and the PREMIS event."""

    formats: dict[str, IdentifiedFormat]
    findings: list[Finding]
    event: NewEvent


def _identified(found: FormatId, pdfa: str | None) -> IdentifiedFormat:
    notes = [f"identified by: {found.tool}"]
    if found.basis:
        notes.append(f"basis: {found.basis}")
    if found.warning:
        notes.append(f"warning: {found.warning}")
    if pdfa:
        notes.append(f"PDF/A: {pdfa}")
    return IdentifiedFormat(found.puid, found.name, found.version, tuple(notes))


def check_formats(
    files: dict[str, Path],
    settings: Settings,
    agents: list[AgentRef],
    sha256: Mapping[str, str] | None = None,
) -> FormatCheck:
    """Identify, class and check every file (package path → staged file; ``sha256``: their
    digests, if known, so that a PDF parsed already is not parsed again, ``pdfshare``)."""
    found = identify_files(files)
    formats: dict[str, IdentifiedFormat] = {}
    findings: list[Finding] = []
    for rel in sorted(files):
        fmt = found[rel]
        policy = format_finding(rel, fmt.puid, fmt.name, settings)
        if policy is not None:
            findings.append(policy)
        digest = sha256.get(rel) if sha256 is not None else None
        pdf = fmt.mime == "application/pdf"
        claim = read_claim(files[rel], fmt.puid, digest) if pdf else None
        if claim is not None and claim.problems:
            detail = ", ".join(claim.problems)
            findings.append(Finding.make("FMT004", rel, value=claim.claim, detail=detail))
        formats[rel] = _identified(fmt, claim.summary() if claim else None)
    tool = next(iter(found.values())).tool if found else ""
    counts: dict[str, int] = {}
    for kept in formats.values():
        counts[kept.puid or "UNKNOWN"] = counts.get(kept.puid or "UNKNOWN", 0) + 1
    listing = ", ".join(f"{puid} ×{n}" for puid, n in sorted(counts.items()))
    event = NewEvent(
        "format identification",
        f"Nhận dạng định dạng (PRONOM) / format identification: {tool}; {listing}",
        outcome="warning" if findings else "success",
        outcome_detail="; ".join(f"{f.code} {f.path}" for f in findings)[:2000],
        agents=agents,
    )
    return FormatCheck(formats, findings, event)
