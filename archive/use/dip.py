"""The DIP of a certified copy (bản sao có xác thực dạng DIP, TT 05/2025 Đ42; docs/domain.md §4.6;
ADR 0017), an E-ARK CSIP 2.0.4 package of type DIP built with the SIP/AIP writers' blocks::

    <OBJID>/METS.xml                                        root METS (OAISPACKAGETYPE DIP)
    <OBJID>/metadata/descriptive/EAD.xml                    the request data (§4.6)
    <OBJID>/metadata/preservation/PREMIS.xml                objects with fixity, the
                                                            certification event, its agents
    <OBJID>/documentation/XacThuc_<docCode>.pdf             the signed authentication PDF/A
    <OBJID>/representations/rep1/METS.xml
    <OBJID>/representations/rep1/metadata/descriptive/EAD_doc_<stem>.xml   the record's metadata
    <OBJID>/representations/rep1/data/<original>            the original, bit for bit
    <OBJID>/schemas/                                        mets, xlink, premis, EAD_doc, ext

Every file is listed in a METS ``file`` or ``mdRef`` with its SHA-256 and size. The original
keeps the authenticity elements it came with (its own signatures), as Đ42 asks: it is the
stored bytes, never re-rendered.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Final

from archive import __version__
from archive.audit.chain import NewEvent
from archive.catalog.fields import DOCUMENT_SIP_FIELDS, EXT_DOCUMENT_FIELDS
from archive.packages.metsbuild import DocEntry, PackageHeader, rep_mets, root_mets
from archive.packages.metsxml import simpledc, to_bytes
from archive.packages.premis import PremisFile, premis_document
from archive.resources import schema_path
from archive.storage.digest import Digests, file_digests

__all__ = ["DIP_SCHEMAS", "REQUEST_FIELDS", "DipContent", "write_dip"]

DIP_SCHEMAS: Final[dict[str, tuple[str, ...]]] = {
    "mets.xsd": ("mets", "mets.xsd"),
    "xlink.xsd": ("mets", "xlink.xsd"),
    "premis.xsd": ("premis", "premis-v3-0.xsd"),
    "EAD_doc.xsd": ("tt05", "EAD_doc_SIP.xsd"),
    "archive-ext.xsd": ("tt05", "archive-ext.xsd"),
}
"""File name inside the package → path below schemas/."""

REQUEST_FIELDS: Final = (
    "requestID",
    "requestDate",
    "purpose",
    "purposeContent",
    "recipient",
    "docCode",
    "description",
)
"""The DIP's package-level request data, in this order (§4.6; ``recipient`` and ``docCode``
name who the copy is for and what it copies)."""


@dataclass(frozen=True)
class DipContent:
    """Everything the package holds, gathered by :mod:`archive.use.certify`."""

    objid: str
    title: str
    archive_name: str
    agency_code: str
    created: str
    original: Path
    """The original, already copied from storage into staging with its SHA-256 checked."""
    original_name: str
    original_id: str
    """``arcFileCode/path`` of the original in the archive (PREMIS identifier)."""
    original_format: str
    original_puid: str | None
    document: Mapping[str, str]
    """The document's TT05 EAD_doc values (and ``ext:`` values under ``ext``)."""
    document_ext: Mapping[str, str]
    request: Mapping[str, str]
    page_name: str
    page: bytes
    events: Sequence[NewEvent]


def _write(path: Path, data: bytes) -> Digests:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return file_digests(path)


def _request_xml(values: Mapping[str, str]) -> bytes:
    """The package-level EAD.xml: a ``simpledc`` of the request data (§4.6). TT 05/2025 gives no
    XSD of its own for it in the archive's corpus; the fields are the law's names."""
    from lxml import etree

    root = etree.Element("simpledc")
    for name in REQUEST_FIELDS:
        value = values.get(name)
        if value:
            etree.SubElement(root, name).text = value
    return to_bytes(root)


def write_dip(content: DipContent, staging: Path) -> Path:
    """Write the package as the folder ``staging/<OBJID>`` and return it."""
    pkg = staging / content.objid
    rep = pkg / "representations" / "rep1"
    data = rep / "data" / content.original_name
    data.parent.mkdir(parents=True)
    shutil.move(content.original, data)  # a rename inside staging: the bytes are not touched
    data_digests = file_digests(data)
    stem = PurePosixPath(content.original_name).stem
    ead_doc = to_bytes(
        simpledc(content.document, DOCUMENT_SIP_FIELDS, content.document_ext, EXT_DOCUMENT_FIELDS)
    )
    ead_name = f"EAD_doc_{stem}.xml"
    ead_doc_digests = _write(rep / "metadata" / "descriptive" / ead_name, ead_doc)
    head = PackageHeader(
        content.objid,
        "DIP",
        content.title,
        content.archive_name,
        content.created,
        content.agency_code,
        eark_sip=True,  # the E-ARK root (software CREATOR, Representations); the DIP profile
    )
    rep_digests = _write(
        rep / "METS.xml",
        rep_mets(head, [DocEntry(ead_name, ead_doc_digests, content.original_name, data_digests)]),
    )
    page_href = f"documentation/{content.page_name}"
    page_digests = _write(pkg / page_href, content.page)
    files = [
        PremisFile(
            identifier=content.original_id,
            original_name=content.original_name,
            size=data_digests.size,
            sha256=data_digests.sha256,
            format_name=content.original_format,
            puid=content.original_puid,
            content_location=f"representations/rep1/data/{content.original_name}",
            linked_entity=content.document.get("docCode"),
        ),
        PremisFile(
            identifier=f"{content.objid}/{page_href}",
            original_name=content.page_name,
            size=page_digests.size,
            sha256=page_digests.sha256,
            format_name="PDF/A-2B",
            puid="fmt/477",
            content_location=page_href,
            linked_entity=content.document.get("docCode"),
        ),
    ]
    premis = to_bytes(premis_document(files, content.events, software_version=__version__))
    premis_digests = _write(pkg / "metadata" / "preservation" / "PREMIS.xml", premis)
    ead_digests = _write(
        pkg / "metadata" / "descriptive" / "EAD.xml", _request_xml(content.request)
    )
    schemas: dict[str, Digests] = {}
    for name, parts in DIP_SCHEMAS.items():
        target = pkg / "schemas" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(schema_path(*parts), target)
        schemas[name] = file_digests(target)
    root = root_mets(
        head, ead_digests, rep_digests, schemas, premis_digests, {page_href: page_digests}
    )
    _write(pkg / "METS.xml", root)
    return pkg
