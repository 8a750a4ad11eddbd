"""Write TT 05/2025 SIP_hoso packages (E-ARK CSIP 2.0.4 based), as a folder or a zip.

Layout (docs/domain.md §4.3)::

    <OBJID>/METS.xml
    <OBJID>/metadata/descriptive/EAD.xml
    <OBJID>/representations/rep1/METS.xml
    <OBJID>/representations/rep1/metadata/descriptive/EAD_doc_<file stem>.xml
    <OBJID>/representations/rep1/data/<files>
    <OBJID>/schemas/{mets.xsd, xlink.xsd, EAD.xsd, EAD_doc.xsd, archive-ext.xsd}
    <OBJID>/documentation/<files>                    optional (E-ARK CSIP "Documentation")

Every file is listed in a METS ``file`` or ``mdRef`` with its SHA-256 and size.
"""

from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from archive.catalog.fields import (
    DOCUMENT_SIP_FIELDS,
    DOSSIER_SIP_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
)
from archive.errors import InvalidInput
from archive.packages.metsbuild import DocEntry, PackageHeader, rep_mets, root_mets
from archive.packages.metsxml import iso_now, simpledc, to_bytes
from archive.resources import schema_path
from archive.storage.digest import Digests, copy_with_digests, file_digests

__all__ = ["SIP_SCHEMAS", "SipDocument", "SipInput", "sip_header", "write_sip", "zip_tree"]

# File name inside the package → path below our schemas/ directory.
SIP_SCHEMAS: dict[str, tuple[str, ...]] = {
    "mets.xsd": ("mets", "mets.xsd"),
    "xlink.xsd": ("mets", "xlink.xsd"),
    "EAD.xsd": ("tt05", "EAD_SIP.xsd"),
    "EAD_doc.xsd": ("tt05", "EAD_doc_SIP.xsd"),
    "archive-ext.xsd": ("tt05", "archive-ext.xsd"),
}


@dataclass(frozen=True)
class SipDocument:
    """One document: its EAD_doc values, extension values and the file (path or bytes)."""

    values: dict[str, str]
    filename: str
    content: Path | bytes
    ext: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SipInput:
    """Everything a SIP_hoso holds."""

    dossier: dict[str, str]
    documents: list[SipDocument]
    creator_name: str
    dossier_ext: dict[str, str] = field(default_factory=dict)
    fonds_code: str | None = None
    submission_agreement: str | None = None
    documentation: dict[str, Path | bytes] = field(default_factory=dict)
    """Files under ``documentation/`` (path inside it → content): what the package carries
    about its documents, e.g. the edXML envelopes they came in (docs/edxml.md, "Filing"); the
    AIP keeps them under ``submission/documentation/``."""


def _write_bytes(path: Path, data: bytes) -> Digests:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return file_digests(path)


def _write_content(path: Path, content: Path | bytes) -> Digests:
    if isinstance(content, bytes):
        return _write_bytes(path, content)
    path.parent.mkdir(parents=True, exist_ok=True)
    with content.open("rb") as src, path.open("wb") as dst:
        return copy_with_digests(src, dst)


def sip_header(sip: SipInput, objid: str, stamp: str, *, eark_sip: bool = False) -> PackageHeader:
    """The root METS header of a SIP built from ``sip`` (``eark_sip``: a transfer package)."""
    return PackageHeader(
        objid,
        "SIP",
        sip.dossier.get("title", ""),
        sip.creator_name,
        stamp,
        sip.fonds_code,
        sip.submission_agreement,
        eark_sip=eark_sip,
    )


def write_sip(
    sip: SipInput, out_dir: Path, *, objid: str | None = None, created: datetime | None = None
) -> Path:
    """Write the package as the folder ``out_dir/<OBJID>`` and return that folder."""
    objid = objid or f"uuid-{uuid.uuid4()}"
    stamp = iso_now(created)
    pkg = out_dir / objid
    pkg.mkdir(parents=True)
    rep = pkg / "representations" / "rep1"
    head = sip_header(sip, objid, stamp)
    docs: list[DocEntry] = []
    stems = [PurePosixPath(PurePosixPath(d.filename).name).stem for d in sip.documents]
    if len(set(stems)) != len(stems):
        raise InvalidInput(
            "two documents share a file name (stem); EAD_doc_<stem>.xml must be "
            f"unique: {sorted(s for s in stems if stems.count(s) > 1)}"
        )
    for doc in sip.documents:
        name = PurePosixPath(doc.filename).name
        data_digests = _write_content(rep / "data" / name, doc.content)
        ead_name = f"EAD_doc_{PurePosixPath(name).stem}.xml"
        ead_bytes = to_bytes(
            simpledc(doc.values, DOCUMENT_SIP_FIELDS, doc.ext, EXT_DOCUMENT_FIELDS)
        )
        ead_digests = _write_bytes(rep / "metadata" / "descriptive" / ead_name, ead_bytes)
        docs.append(DocEntry(ead_name, ead_digests, name, data_digests))
    rep_digests = _write_bytes(rep / "METS.xml", rep_mets(head, docs))
    ead = to_bytes(simpledc(sip.dossier, DOSSIER_SIP_FIELDS, sip.dossier_ext, EXT_DOSSIER_FIELDS))
    ead_digests = _write_bytes(pkg / "metadata" / "descriptive" / "EAD.xml", ead)
    schemas: dict[str, Digests] = {}
    for name, parts in SIP_SCHEMAS.items():
        target = pkg / "schemas" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(schema_path(*parts), target)
        schemas[name] = file_digests(target)
    documentation: dict[str, Digests] = {}
    for rel, content in sorted(sip.documentation.items()):
        where = PurePosixPath(rel)
        if where.is_absolute() or ".." in where.parts:
            raise InvalidInput(f"documentation path {rel!r} leaves documentation/")
        documentation[f"documentation/{where}"] = _write_content(
            pkg / "documentation" / where, content
        )
    root = root_mets(head, ead_digests, rep_digests, schemas, documentation=documentation or None)
    _write_bytes(pkg / "METS.xml", root)
    return pkg


def zip_tree(tree: Path, zip_path: Path) -> Path:
    """Zip a package folder with the folder name as the top-level directory."""
    tmp = zip_path.with_name(f".{zip_path.name}.{os.getpid()}.part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(tree.rglob("*")):
            if path.is_file():
                zf.write(path, f"{tree.name}/{path.relative_to(tree).as_posix()}")
    tmp.replace(zip_path)
    return zip_path
