"""Read and validate a TT 05/2025 SIP_hoso in staging, collecting every problem as a finding.

Checks, in order: mandatory files; safe, schema-valid METS (root and rep1); package type;
every referenced file present with the declared SHA-256 and size; nothing present that METS
does not list; EAD.xml and each EAD_doc against the field tables and the TT05 XSDs; the
mã hồ sơ and docCode structures; duplicate docCodes; document counts; the conditional rules of
the metadata (``rules``) and the scan standard of digitized documents (``digitized``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from lxml import etree

from archive.catalog.fields import (
    DOCUMENT_SIP_FIELDS,
    DOSSIER_SIP_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
    EXT_NS,
    FieldSpec,
)
from archive.catalog.xsd import load_schema
from archive.config import Settings
from archive.findings import Finding, Report
from archive.identifiers import FileCode, parse_doc_code, parse_file_code
from archive.packages.digitized import digitized_findings
from archive.packages.fieldcheck import check_fields, parse_date
from archive.packages.metsxml import CSIP, METS, XLINK
from archive.packages.pdfscan import scan_package
from archive.packages.rules import RuleRecord, conditional_findings
from archive.packages.unpack import UnpackedPackage
from archive.safexml import parse_untrusted

__all__ = ["ParsedDocument", "ParsedSip", "read_sip"]

_NS = {"mets": METS, "xlink": XLINK}
REP_METS = "representations/rep1/METS.xml"


@dataclass
class ParsedDocument:
    """One document of the SIP: its metadata and where its file is."""

    ordinal: int
    values: dict[str, str]
    ext: dict[str, str]
    ead_rel: str
    file_rel: str


@dataclass
class ParsedSip:
    """The validated content of a SIP_hoso."""

    objid: str
    creator_name: str
    fonds_code: str | None
    submission_agreement: str | None
    file_code: FileCode
    dossier: dict[str, str]
    dossier_ext: dict[str, str]
    documents: list[ParsedDocument] = field(default_factory=list)
    listed: set[str] = field(default_factory=set)


@dataclass
class _Ctx:
    pkg: UnpackedPackage
    settings: Settings
    report: Report
    listed: set[str] = field(default_factory=lambda: {"METS.xml"})

    def load(self, rel: str) -> etree._ElementTree | None:
        entry = self.pkg.entries.get(rel)
        if entry is None:
            self.report.add("MET001", rel, detail=rel)
            return None
        if entry.digests.size > self.settings.max_xml_bytes:
            self.report.add("XML004", rel, detail=f"{rel}: {entry.digests.size} B")
            return None
        tree, findings = parse_untrusted(
            entry.path.read_bytes(), rel, max_bytes=self.settings.max_xml_bytes
        )
        self.report.extend(findings)
        return tree


def _schema_findings(tree: etree._ElementTree, parts: tuple[str, ...], rel: str) -> list[Finding]:
    schema = load_schema(*parts)
    if schema.validate(tree):
        return []
    errors = "; ".join(
        f"{rel} (dòng/line {e.line}): {e.message}"
        for e in list(schema.error_log)[:3]  # type: ignore[call-overload]
    )
    return [Finding.make("XML003", rel, schema="/".join(parts), detail=errors)]


def _resolve(base: str, href: str) -> str | None:
    """Package path of an href written in the METS at ``base``; None if unsafe or remote."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/"):
        return None
    path = PurePosixPath(base).parent / unquote(parts.path)
    clean: list[str] = []
    for part in path.parts:
        if part == "..":
            return None
        if part not in (".", ""):
            clean.append(part)
    return "/".join(clean)


def _check_reference(ctx: _Ctx, el: etree._Element, href_el: etree._Element, base: str) -> str:
    """Check one METS file/mdRef against the staged bytes; returns its package path."""
    href = href_el.get(f"{{{XLINK}}}href", "")
    rel = _resolve(base, href)
    if rel is None or rel not in ctx.pkg.entries:
        ctx.report.add("MET004", rel or href, detail=f"{href} ({base})")
        return rel or href
    ctx.listed.add(rel)
    entry = ctx.pkg.entries[rel].digests
    checksum, algo, size = el.get("CHECKSUM"), el.get("CHECKSUMTYPE"), el.get("SIZE")
    if not checksum or not algo:
        ctx.report.add("MET006", rel, detail=f"CHECKSUM/CHECKSUMTYPE ({rel})")
    elif algo.upper() != "SHA-256":
        ctx.report.add("FIX003", rel, detail=algo)
    elif checksum.lower() != entry.sha256:
        ctx.report.add("FIX001", rel, expected=checksum.lower(), found=entry.sha256)
    if size is not None and size != str(entry.size):
        ctx.report.add("FIX002", rel, expected=size, found=entry.size)
    return rel


def _references(ctx: _Ctx, tree: etree._ElementTree, base: str) -> dict[str, str]:
    """Check every mdRef and file of a METS; map METS ids (dmdSec or file) to paths."""
    ids: dict[str, str] = {}
    seen: set[str] = set()

    def once(rel: str) -> str:
        # Two entries for one file would put one original (or one EAD_doc) in the AIP twice.
        if rel in seen:
            ctx.report.add("MET008", rel, mets=base, detail=rel)
        seen.add(rel)
        return rel

    for md in tree.iterfind(".//mets:mdRef", _NS):
        rel = once(_check_reference(ctx, md, md, base))
        parent = md.getparent()
        if parent is not None and parent.get("ID"):
            ids[parent.get("ID", "")] = rel
    for file_el in tree.iterfind(".//mets:file", _NS):
        flocat = file_el.find("mets:FLocat", _NS)
        if flocat is None:
            ctx.report.add("MET006", base, detail=f"FLocat ({file_el.get('ID')})")
            continue
        ids[file_el.get("ID", "")] = once(_check_reference(ctx, file_el, flocat, base))
    return ids


def _record(tree: etree._ElementTree) -> tuple[dict[str, str], dict[str, str]]:
    """TT05 values and extension values of a <simpledc> record."""
    values: dict[str, str] = {}
    ext: dict[str, str] = {}
    for child in tree.getroot():
        if not isinstance(child.tag, str):
            continue
        qname = etree.QName(child)
        text = (child.text or "").strip()
        if qname.namespace == EXT_NS:
            ext[qname.localname] = text
        elif qname.namespace is None:
            values[qname.localname] = text
    return values, ext


def _check_record(
    ctx: _Ctx,
    tree: etree._ElementTree,
    rel: str,
    specs: Iterable[FieldSpec],
    ext_specs: Iterable[FieldSpec],
    schema: tuple[str, ...],
) -> tuple[dict[str, str], dict[str, str]]:
    values, ext = _record(tree)
    findings = check_fields(values, specs, rel) + check_fields(ext, ext_specs, rel)
    if not findings:
        findings = _schema_findings(tree, schema, rel)
    ctx.report.extend(findings)
    if values.get("maintenance") == "07" and not ext.get("maintenanceYears"):
        ctx.report.add("VAL008", rel)
    return values, ext


def _check_dossier(ctx: _Ctx, values: dict[str, str], rel: str) -> FileCode | None:
    code = parse_file_code(values.get("fileCode", ""))
    if code is None and values.get("fileCode"):
        ctx.report.add("ID001", rel, value=values["fileCode"])
    start = parse_date(values.get("startDate", ""), ("%d/%m/%Y",))
    end = parse_date(values.get("endDate", ""), ("%d/%m/%Y",))
    if start and end and end < start:
        ctx.report.add("VAL006", rel, start=values["startDate"], end=values["endDate"])
    return code


def _read_documents(
    ctx: _Ctx, rep: etree._ElementTree, ids: dict[str, str], file_code: str
) -> list[ParsedDocument]:
    docs: list[ParsedDocument] = []
    seen: set[str] = set()
    for file_el in rep.iterfind(".//mets:fileGrp[@USE='Data']/mets:file", _NS):
        file_rel = ids.get(file_el.get("ID", ""), "")
        ead_rel = ids.get(file_el.get("DMDID", ""))
        if ead_rel is None:
            ctx.report.add("MET007", file_rel, detail=file_rel)
            continue
        tree = ctx.load(ead_rel)
        if tree is None:
            continue
        values, ext = _check_record(
            ctx,
            tree,
            ead_rel,
            DOCUMENT_SIP_FIELDS,
            EXT_DOCUMENT_FIELDS,
            ("tt05", "EAD_doc_SIP.xsd"),
        )
        doc_code = values.get("docCode", "")
        parsed = parse_doc_code(doc_code)
        if parsed is None:
            if doc_code:
                ctx.report.add("ID002", ead_rel, value=doc_code)
            continue
        if parsed[0] != file_code:
            ctx.report.add("ID004", ead_rel, value=doc_code, expected=file_code)
        if doc_code in seen:
            ctx.report.add("ID003", ead_rel, value=doc_code)
        seen.add(doc_code)
        docs.append(ParsedDocument(parsed[1], values, ext, ead_rel, file_rel))
    return docs


def _check_counts(ctx: _Ctx, dossier: dict[str, str], docs: list[ParsedDocument]) -> None:
    total = dossier.get("totalDoc", "")
    if total.isdigit() and int(total) != len(docs):
        ctx.report.add("CNT001", "metadata/descriptive/EAD.xml", expected=total, found=len(docs))
    pages = dossier.get("numberOfPage", "")
    doc_pages = [d.values.get("numberOfPage", "") for d in docs]
    if pages.isdigit() and all(p.isdigit() for p in doc_pages):
        found = sum(int(p) for p in doc_pages)
        if found != int(pages):
            ctx.report.add("CNT002", "metadata/descriptive/EAD.xml", expected=pages, found=found)


def _check_data_names(ctx: _Ctx, docs: list[ParsedDocument]) -> None:
    """The AIP keeps originals as ``rep1/data/<name>``: two documents' files with one name (in
    different folders of the SIP) would collide there."""
    first: dict[str, str] = {}
    for doc in docs:
        name = PurePosixPath(doc.file_rel).name
        other = first.setdefault(name, doc.file_rel)
        if other != doc.file_rel:
            ctx.report.add("MET009", doc.file_rel, value=name, detail=f"{other}, {doc.file_rel}")


def _digitized_files(
    pkg: UnpackedPackage, dossier: dict[str, str], docs: list[ParsedDocument]
) -> list[tuple[str, Path]]:
    """The files of the digitized documents: confidenceLevel 02 in the EAD_doc, or in the
    dossier's EAD.xml when the EAD_doc says nothing."""
    return [
        (doc.file_rel, pkg.entries[doc.file_rel].path)
        for doc in docs
        if (doc.values.get("confidenceLevel") or dossier.get("confidenceLevel")) == "02"
        and doc.file_rel in pkg.entries
    ]


def _header(ctx: _Ctx, mets: etree._ElementTree) -> tuple[str, str, str | None, str | None]:
    root = mets.getroot()
    objid = root.get("OBJID", "")
    if not objid:
        ctx.report.add("MET006", "METS.xml", detail="mets/@OBJID")
    hdr = root.find("mets:metsHdr", _NS)
    ptype = hdr.get(f"{{{CSIP}}}OAISPACKAGETYPE", "") if hdr is not None else ""
    if ptype != "SIP":
        ctx.report.add("MET002", "METS.xml", detail=ptype or "(không có/none)")
    creator = mets.findtext(
        ".//mets:agent[@ROLE='CREATOR'][@TYPE='ORGANIZATION']/mets:name", default="", namespaces=_NS
    ) or mets.findtext(  # E-ARK SIP 2.0.4 form (transfer packages, ADR 0008)
        ".//mets:agent[@ROLE='ARCHIVIST'][@TYPE='ORGANIZATION']/mets:name",
        default="",
        namespaces=_NS,
    )
    fonds = mets.findtext(
        ".//mets:agent/mets:note[@csip:NOTETYPE='IDENTIFICATIONCODE']",
        namespaces={**_NS, "csip": CSIP},
    )
    agreement = mets.findtext(".//mets:altRecordID[@TYPE='SUBMISSIONAGREEMENT']", namespaces=_NS)
    return objid, (creator or "").strip(), fonds, agreement


def read_sip(pkg: UnpackedPackage, settings: Settings, report: Report) -> ParsedSip | None:
    """Validate the staged package; returns None (with findings in ``report``) if refused."""
    ctx = _Ctx(pkg, settings, report)
    if "METS.xml" not in pkg.entries:  # not a package at all: say how to make one
        source = Path(pkg.source)
        folder = str(source) if source.is_dir() else None
        report.add(
            "PKG007",
            "METS.xml",
            detail=str(source),
            folder_vi=folder or "THƯ_MỤC",
            folder_en=folder or "FOLDER",
        )
        return None
    mets = ctx.load("METS.xml")
    if mets is None:
        return None
    report.extend(_schema_findings(mets, ("mets", "mets.xsd"), "METS.xml"))
    objid, creator, fonds, agreement = _header(ctx, mets)
    root_ids = _references(ctx, mets, "METS.xml")
    ead_rel = "metadata/descriptive/EAD.xml"
    if ead_rel not in root_ids.values():
        report.add("MET003", ead_rel, detail=ead_rel)
    rep = ctx.load(REP_METS)
    ead = ctx.load(ead_rel)
    if rep is None or ead is None:
        return None
    report.extend(_schema_findings(rep, ("mets", "mets.xsd"), REP_METS))
    ctx.listed.add(REP_METS)
    dossier, dossier_ext = _check_record(
        ctx, ead, ead_rel, DOSSIER_SIP_FIELDS, EXT_DOSSIER_FIELDS, ("tt05", "EAD_SIP.xsd")
    )
    file_code = _check_dossier(ctx, dossier, ead_rel)
    rep_ids = _references(ctx, rep, REP_METS)
    docs = _read_documents(ctx, rep, rep_ids, dossier.get("fileCode", ""))
    for doc in docs:
        doc.values.setdefault("maintenance", dossier.get("maintenance", ""))
        if doc.values["maintenance"] == "07" and "maintenanceYears" not in doc.ext:
            doc.ext["maintenanceYears"] = dossier_ext.get("maintenanceYears", "")
    _check_counts(ctx, dossier, docs)
    _check_data_names(ctx, docs)
    rules = [RuleRecord(d.values, d.ext, d.ead_rel) for d in docs]
    report.extend(conditional_findings(RuleRecord(dossier, dossier_ext, ead_rel), rules, settings))
    report.extend(digitized_findings(_digitized_files(pkg, dossier, docs), settings))
    report.extend(scan_package(pkg, settings))
    for rel in sorted(set(pkg.entries) - ctx.listed):
        report.add("MET005", rel, detail=rel)
    if not report.ok or file_code is None:
        return None
    return ParsedSip(
        objid,
        creator,
        fonds,
        agreement,
        file_code,
        dossier,
        dossier_ext,
        sorted(docs, key=lambda d: d.ordinal),
        ctx.listed,
    )
