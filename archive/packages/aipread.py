"""Read an AIP (staged or stored) back into the values the catalog holds.

The catalog is derived data: ingest fills it by reading the AIP it has just built with this
module, and recovery (and ``archive rebuild``) reads stored AIPs the same way, so what the
catalog says can always be re-derived from storage alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from archive.audit.chain import AgentRef, NewEvent
from archive.catalog.fields import EXT_NS
from archive.packages.metsxml import CSIP, METS, PREMIS, XLINK
from archive.safexml import parser
from archive.storage.ocfl import content_sha256

__all__ = ["AipDocument", "AipFileRecord", "AipRecord", "read_aip"]

_NS = {"mets": METS, "xlink": XLINK, "p": PREMIS, "csip": CSIP}
_FINGERPRINT = re.compile(r"package sha256:([0-9a-f]{64})")
REP = "representations/rep1"


@dataclass
class AipDocument:
    """EAD_doc values (TT05 and extension) and the document's original file."""

    values: dict[str, str]
    ext: dict[str, str]
    file_path: str


@dataclass(frozen=True)
class AipFileRecord:
    """A file of the AIP with its digests and where its bytes are."""

    path: str
    role: str
    size: int
    sha256: str
    sha512: str
    content_path: str
    original_name: str | None
    format_name: str | None
    puid: str | None
    doc_code: str | None
    format_version: str | None = None
    format_tool: str | None = None
    pdfa: str | None = None


@dataclass
class AipRecord:
    """Everything the catalog keeps about one AIP."""

    object_id: str
    version: str
    created: str
    fingerprint: str
    sip_objid: str
    creator_name: str
    fonds_code: str | None
    dossier: dict[str, str]
    dossier_ext: dict[str, str]
    documents: list[AipDocument] = field(default_factory=list)
    files: list[AipFileRecord] = field(default_factory=list)
    events: list[NewEvent] = field(default_factory=list)
    # docCode → signature validation report (JSON) and its logical path
    reports: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)


def _xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, parser())


def _record(root: etree._Element) -> tuple[dict[str, str], dict[str, str]]:
    values: dict[str, str] = {}
    ext: dict[str, str] = {}
    for child in root:
        if isinstance(child.tag, str):
            qname = etree.QName(child)
            (ext if qname.namespace == EXT_NS else values)[qname.localname] = child.text or ""
    return values, ext


def _documents(opener: Callable[[str], bytes]) -> list[AipDocument]:
    rep = _xml(opener(f"{REP}/METS.xml"))
    dmd = {el.get("ID"): el.find("mets:mdRef", _NS) for el in rep.iterfind("mets:dmdSec", _NS)}
    docs: list[AipDocument] = []
    for file_el in rep.iterfind(".//mets:fileGrp[@USE='Data']/mets:file", _NS):
        ref = dmd[file_el.get("DMDID")]
        assert ref is not None
        values, ext = _record(_xml(opener(f"{REP}/{ref.get(f'{{{XLINK}}}href')}")))
        flocat = file_el.find("mets:FLocat", _NS)
        assert flocat is not None
        docs.append(AipDocument(values, ext, f"{REP}/{flocat.get(f'{{{XLINK}}}href')}"))
    return docs


def _premis_objects(premis: etree._Element, prefix: str) -> dict[str, dict[str, str | None]]:
    out: dict[str, dict[str, str | None]] = {}
    for obj in premis.iterfind("p:object", _NS):
        ident = obj.findtext("p:objectIdentifier/p:objectIdentifierValue", "", _NS)
        out[ident.removeprefix(prefix)] = {
            "name": obj.findtext("p:originalName", None, _NS),
            "format": obj.findtext(".//p:formatName", None, _NS),
            "puid": obj.findtext(".//p:formatRegistryKey", None, _NS),
            "doc": obj.findtext(".//p:relatedObjectIdentifierValue", None, _NS),
            "version": obj.findtext(".//p:formatVersion", None, _NS),
            **_notes(obj),
        }
    return out


def _notes(obj: etree._Element) -> dict[str, str | None]:
    """The identifying tool and the PDF/A claim, from the object's formatNotes."""
    notes: dict[str, str | None] = {"tool": None, "pdfa": None}
    for note in obj.iterfind(".//p:formatNote", _NS):
        key, _, value = (note.text or "").partition(": ")
        if key == "identified by":
            notes["tool"] = value
        elif key == "PDF/A":
            notes["pdfa"] = value
    return notes


def _events(premis: etree._Element) -> list[NewEvent]:
    agents = {
        a.findtext("p:agentIdentifier/p:agentIdentifierValue", "", _NS): (
            a.findtext("p:agentName", "", _NS),
            a.findtext("p:agentType", "", _NS),
        )
        for a in premis.iterfind("p:agent", _NS)
    }
    events: list[NewEvent] = []
    for ev in premis.iterfind("p:event", _NS):
        refs = []
        for link in ev.iterfind("p:linkingAgentIdentifier", _NS):
            ident = link.findtext("p:linkingAgentIdentifierValue", "", _NS)
            name, kind = agents.get(ident, (ident, "software"))
            refs.append(AgentRef(ident, name, kind, link.findtext("p:linkingAgentRole", "", _NS)))
        objects = [
            (
                link.findtext("p:linkingObjectIdentifierValue", "", _NS),
                link.findtext("p:linkingObjectRole", "", _NS),
            )
            for link in ev.iterfind("p:linkingObjectIdentifier", _NS)
        ]
        events.append(
            NewEvent(
                event_type=ev.findtext("p:eventType", "", _NS),
                detail=ev.findtext(".//p:eventDetail", "", _NS),
                outcome=ev.findtext(".//p:eventOutcome", "success", _NS),  # type: ignore[arg-type]
                outcome_detail=ev.findtext(".//p:eventOutcomeDetailNote", "", _NS),
                agents=refs,
                objects=objects,
                event_id=ev.findtext("p:eventIdentifier/p:eventIdentifierValue", "", _NS),
                occurred_at=ev.findtext("p:eventDateTime", "", _NS),
            )
        )
    return events


def _role(path: str, originals: set[str]) -> str:
    if path in originals:
        return "original"
    return "submission" if path.startswith("submission/") else "metadata"


def _files(
    inventory: dict[str, Any],
    version: str,
    objects: dict[str, dict[str, str | None]],
    originals: set[str],
) -> list[AipFileRecord]:
    sha256_of = content_sha256(inventory)
    sizes: dict[str, int] = inventory.get("_sizes", {})
    files: list[AipFileRecord] = []
    for digest, paths in inventory["versions"][version]["state"].items():
        content = inventory["manifest"][digest][0]
        for path in paths:
            meta = objects.get(path, {})
            files.append(
                AipFileRecord(
                    path,
                    _role(path, originals),
                    sizes.get(path, -1),
                    sha256_of[content],
                    digest,
                    content,
                    meta.get("name"),
                    meta.get("format"),
                    meta.get("puid"),
                    meta.get("doc"),
                    meta.get("version"),
                    meta.get("tool"),
                    meta.get("pdfa"),
                )
            )
    return sorted(files, key=lambda f: f.path)


def read_aip(
    inventory: dict[str, Any],
    opener: Callable[[str], bytes],
    sizes: dict[str, int],
    version: str | None = None,
) -> AipRecord:
    """Read a version (default: the head) of an AIP. ``opener`` returns the bytes of a logical
    path in that version and ``sizes`` gives each logical path's size."""
    version = version or inventory["head"]
    mets = _xml(opener("METS.xml"))
    dossier, dossier_ext = _record(_xml(opener("metadata/descriptive/EAD.xml")))
    premis = _xml(opener("metadata/preservation/PREMIS.xml"))
    arc = dossier.get("arcFileCode", "")
    documents = _documents(opener)
    objects = _premis_objects(premis, f"{arc}/")
    # The package fingerprint and SIP id are recorded once, by the ingest that made v1.
    message = inventory["versions"]["v1"].get("message", "")
    match = _FINGERPRINT.search(message)
    sip_objid = message.removeprefix("Ingest of SIP ").split(";")[0]
    inv = {**inventory, "_sizes": sizes}
    logical = {p for paths in inventory["versions"][version]["state"].values() for p in paths}
    reports: dict[str, tuple[str, dict[str, Any]]] = {}
    for doc in documents:
        code = doc.values.get("docCode", "")
        path = f"metadata/preservation/signatures/{code}/report.json"
        if path in logical:
            reports[code] = (path, json.loads(opener(path)))
    return AipRecord(
        object_id=inventory["id"],
        version=version,
        created=inventory["versions"]["v1"]["created"],
        fingerprint=match.group(1) if match else "",
        sip_objid=sip_objid,
        creator_name=mets.findtext(".//mets:agent[@TYPE='ORGANIZATION']/mets:name", "", _NS),
        fonds_code=mets.findtext(
            ".//mets:agent/mets:note[@csip:NOTETYPE='IDENTIFICATIONCODE']", None, _NS
        ),
        dossier=dossier,
        dossier_ext=dossier_ext,
        documents=documents,
        files=_files(inv, version, objects, {d.file_path for d in documents}),
        events=_events(premis),
        reports=reports,
    )
