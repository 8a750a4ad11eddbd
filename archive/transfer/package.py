"""TT 05/2025 SIP_hoso packages for the historical archive that also conform to E-ARK SIP 2.0.4.

``write_sip`` (ingest/sipwrite.py) writes the TT05 layout; this module adds the agreed
``documentation/`` extension (the dossier's evidence and validation data) and writes the root
METS the E-ARK CSIP/SIP 2.0.4 rules (as checked by eark-validator) require on top of TT05
(ADR 0008):

* ``mets/@PROFILE`` is the E-ARK SIP profile;
* the one CREATOR agent is the software (TYPE OTHER, OTHERTYPE SOFTWARE, note "SOFTWARE
  VERSION"); the creating organisation, with the mã phông as IDENTIFICATIONCODE note, is the
  ARCHIVIST agent (our ingest reads either);
* file groups ``Documentation``, ``Schemas`` and ``Representations``, and structMap divisions
  of the same names (``Representations`` holding ``rep1`` with the mptr).

Every file is listed with its SHA-256 and size.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

from lxml import etree

from archive import __version__
from archive.ingest.metsbuild import file_group
from archive.ingest.metsxml import (
    METS,
    iso_now,
    md_ref,
    mets_el,
    mets_file,
    to_bytes,
)
from archive.ingest.sipwrite import SIP_SCHEMAS, SipInput, write_sip
from archive.storage.digest import Digests, file_digests

__all__ = ["SIP_PROFILE", "TransferPackage", "write_transfer_sip", "zip_package"]

SIP_PROFILE: Final = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"


@dataclass(frozen=True)
class TransferPackage:
    """Where a package was written."""

    objid: str
    folder: Path


def _agents(hdr: etree._Element, sip: SipInput) -> None:
    software = mets_el("agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    etree.SubElement(software, f"{{{METS}}}name").text = "archive"
    note = mets_el("note", {"csip:NOTETYPE": "SOFTWARE VERSION"})
    note.text = __version__
    software.append(note)
    hdr.append(software)
    org = mets_el("agent", ROLE="ARCHIVIST", TYPE="ORGANIZATION")
    etree.SubElement(org, f"{{{METS}}}name").text = sip.creator_name
    if sip.fonds_code:
        code = mets_el("note", {"csip:NOTETYPE": "IDENTIFICATIONCODE"})
        code.text = sip.fonds_code
        org.append(code)
    hdr.append(org)


def _root_mets(
    objid: str,
    sip: SipInput,
    created: str,
    ead: Digests,
    rep: Digests,
    schemas: Mapping[str, Digests],
    documentation: Mapping[str, Digests],
) -> bytes:
    title = sip.dossier.get("title", "")
    root = mets_el("mets", OBJID=objid, TYPE="Mixed", PROFILE=SIP_PROFILE, LABEL=title)
    root.set("{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}CONTENTINFORMATIONTYPE", "MIXED")
    hdr = mets_el(
        "metsHdr",
        {
            "CREATEDATE": created,
            "LASTMODDATE": created,
            "RECORDSTATUS": "NEW",
            "csip:OAISPACKAGETYPE": "SIP",
        },
    )
    _agents(hdr, sip)
    if sip.submission_agreement:
        alt = mets_el("altRecordID", TYPE="SUBMISSIONAGREEMENT")
        alt.text = sip.submission_agreement
        hdr.append(alt)
    root.append(hdr)
    dmd = mets_el("dmdSec", ID="dmd-ead", CREATED=created, STATUS="CURRENT")
    dmd.append(md_ref("metadata/descriptive/EAD.xml", ead, mdtype="TT05-EAD", created=created))
    root.append(dmd)
    struct = mets_el("structMap", ID="structmap-root", TYPE="PHYSICAL", LABEL="CSIP")
    top = mets_el("div", ID="div-root", LABEL=objid)
    top.append(mets_el("div", ID="div-metadata", LABEL="Metadata", DMDID="dmd-ead"))
    file_sec = mets_el("fileSec", ID="filesec-root")
    doc_div = mets_el("div", ID="div-documentation", LABEL="Documentation")
    file_sec.append(file_group("doc", "Documentation", documentation, created, doc_div))
    schemas_div = mets_el("div", ID="div-schemas", LABEL="Schemas")
    file_sec.append(
        file_group(
            "schema",
            "Schemas",
            {f"schemas/{k}": v for k, v in schemas.items()},
            created,
            schemas_div,
        )
    )
    rep_grp = mets_el(
        "fileGrp",
        {"ID": "grp-rep1", "USE": "Representations", "csip:CONTENTINFORMATIONTYPE": "MIXED"},
    )
    rep_grp.append(
        mets_file(
            "rep1-mets", "representations/rep1/METS.xml", rep, mimetype="text/xml", created=created
        )
    )
    file_sec.append(rep_grp)
    root.append(file_sec)
    top.append(doc_div)
    top.append(schemas_div)
    reps = mets_el("div", ID="div-representations", LABEL="Representations")
    reps.append(mets_el("fptr", FILEID="grp-rep1"))
    rep1 = mets_el("div", ID="div-rep1", LABEL="rep1")
    rep1.append(
        mets_el(
            "mptr",
            {
                "LOCTYPE": "URL",
                "xlink:type": "simple",
                "xlink:title": "rep1",
                "xlink:href": "representations/rep1/METS.xml",
            },
        )
    )
    reps.append(rep1)
    top.append(reps)
    struct.append(top)
    root.append(struct)
    return to_bytes(root)


def write_transfer_sip(
    sip: SipInput,
    documentation: Mapping[str, bytes],
    out_dir: Path,
    *,
    objid: str,
    created: datetime | None = None,
) -> TransferPackage:
    """Write the package folder ``out_dir/<objid>`` with ``documentation/<name>`` files."""
    stamp = iso_now(created)
    pkg = write_sip(sip, out_dir, objid=objid, created=created)
    docs: dict[str, Digests] = {}
    for name, data in sorted(documentation.items()):
        path = pkg / "documentation" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        docs[f"documentation/{name}"] = file_digests(path)
    schemas = {name: file_digests(pkg / "schemas" / name) for name in SIP_SCHEMAS}
    mets = _root_mets(
        objid,
        sip,
        stamp,
        file_digests(pkg / "metadata" / "descriptive" / "EAD.xml"),
        file_digests(pkg / "representations" / "rep1" / "METS.xml"),
        schemas,
        docs,
    )
    (pkg / "METS.xml").unlink()
    (pkg / "METS.xml").write_bytes(mets)
    return TransferPackage(objid, pkg)


def zip_package(tree: Path, zip_path: Path) -> Path:
    """Zip a package folder under its own name, atomically. The originals
    (``representations/*/data/``) are stored as they are: they are mostly compressed formats
    already (PDF, JPEG, MP4), and deflating them costs most of an export's time for nothing;
    METS, EAD and the other XML files are deflated."""
    tmp = zip_path.with_name(f".{zip_path.name}.{os.getpid()}.part")
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for path in sorted(tree.rglob("*")):
                if not path.is_file():
                    continue
                rel = path.relative_to(tree).as_posix()
                data_file = rel.startswith("representations/") and "/data/" in rel
                zf.write(
                    path,
                    f"{tree.name}/{rel}",
                    compress_type=zipfile.ZIP_STORED if data_file else zipfile.ZIP_DEFLATED,
                )
        tmp.replace(zip_path)
    finally:
        tmp.unlink(missing_ok=True)
    return zip_path
