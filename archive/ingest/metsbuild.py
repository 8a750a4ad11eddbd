"""Root and representation METS documents of TT05 packages (SIP and AIP share the shape;
the AIP adds the PREMIS amdSec and the submission file group)."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from archive import __version__
from archive.ingest.metsxml import CSIP, METS, md_ref, mets_el, mets_file, to_bytes
from archive.storage.digest import Digests

__all__ = [
    "AIP_PROFILE",
    "CSIP_PROFILE",
    "DocEntry",
    "PackageHeader",
    "file_group",
    "mimetype",
    "rep_mets",
    "root_mets",
]

CSIP_PROFILE: Final = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"
AIP_PROFILE: Final = "http://www.ra.ee/METS/v01/IP.xml"


def mimetype(name: str) -> str:
    """MIME type by file name (METS @MIMETYPE)."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@dataclass(frozen=True)
class DocEntry:
    """A document in the representation METS: its EAD_doc and its data file."""

    ead_name: str
    ead: Digests
    data_name: str
    data: Digests


@dataclass(frozen=True)
class PackageHeader:
    """What the root METS says about the package."""

    objid: str
    package_type: str  # SIP | AIP
    title: str
    creator_name: str
    created: str
    fonds_code: str | None = None
    submission_agreement: str | None = None
    extra_groups: Mapping[str, Mapping[str, Digests]] = field(default_factory=dict)

    @property
    def profile(self) -> str:
        """METS @PROFILE of the package type (docs/domain.md §4.3)."""
        return AIP_PROFILE if self.package_type == "AIP" else CSIP_PROFILE


def _premis_amd(premis: Digests, href: str, created: str) -> etree._Element:
    amd = mets_el("amdSec", ID="amd-premis")
    digiprov = mets_el("digiprovMD", ID="digiprov-premis", CREATED=created)
    digiprov.append(md_ref(href, premis, mdtype="PREMIS", created=created))
    amd.append(digiprov)
    return amd


def _header(root: etree._Element, head: PackageHeader) -> None:
    hdr = mets_el(
        "metsHdr",
        {
            "CREATEDATE": head.created,
            "RECORDSTATUS": "NEW",
            "csip:OAISPACKAGETYPE": head.package_type,
        },
    )
    agent = mets_el("agent", ROLE="CREATOR", TYPE="ORGANIZATION")
    etree.SubElement(agent, f"{{{METS}}}name").text = head.creator_name
    if head.fonds_code:
        note = mets_el("note", {"csip:NOTETYPE": "IDENTIFICATIONCODE"})
        note.text = head.fonds_code
        agent.append(note)
    hdr.append(agent)
    software = mets_el("agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    etree.SubElement(software, f"{{{METS}}}name").text = "archive"
    version = mets_el("note", {"csip:NOTETYPE": "SOFTWARE VERSION"})
    version.text = __version__
    software.append(version)
    hdr.append(software)
    if head.submission_agreement:
        alt = mets_el("altRecordID", TYPE="SUBMISSIONAGREEMENT")
        alt.text = head.submission_agreement
        hdr.append(alt)
    root.append(hdr)


def rep_mets(head: PackageHeader, docs: Sequence[DocEntry], premis: Digests | None = None) -> bytes:
    """Representation METS: a dmdSec per EAD_doc, a Data file per document linked by DMDID."""
    root = mets_el("mets", OBJID=f"{head.objid}-rep1", TYPE="Mixed", PROFILE=head.profile)
    _header(root, head)
    for n, doc in enumerate(docs, start=1):
        dmd = mets_el("dmdSec", ID=f"dmd-doc-{n}", CREATED=head.created)
        dmd.append(
            md_ref(
                f"metadata/descriptive/{doc.ead_name}",
                doc.ead,
                mdtype="TT05-EAD_doc",
                created=head.created,
            )
        )
        root.append(dmd)
    if premis is not None:
        root.append(_premis_amd(premis, "metadata/preservation/PREMIS_rep1.xml", head.created))
    file_sec = mets_el("fileSec", ID="filesec-rep1")
    data_grp = mets_el("fileGrp", ID="grp-data", USE="Data")
    data_div = mets_el("div", ID="div-data", LABEL="Data")
    for n, doc in enumerate(docs, start=1):
        data_grp.append(
            mets_file(
                f"file-{n}",
                f"data/{doc.data_name}",
                doc.data,
                mimetype=mimetype(doc.data_name),
                created=head.created,
                dmdid=f"dmd-doc-{n}",
            )
        )
        data_div.append(mets_el("fptr", FILEID=f"file-{n}"))
    file_sec.append(data_grp)
    root.append(file_sec)
    struct = mets_el("structMap", ID="structmap-rep1", TYPE="PHYSICAL", LABEL="CSIP")
    top = mets_el("div", ID="div-rep1", LABEL="rep1")
    top.append(data_div)
    struct.append(top)
    root.append(struct)
    return to_bytes(root)


def file_group(
    grp_id: str, use: str, files: Mapping[str, Digests], created: str, div: etree._Element
) -> etree._Element:
    """A METS fileGrp of ``files`` (href → digests), one fptr each in ``div``."""
    grp = mets_el("fileGrp", ID=grp_id, USE=use)
    for n, (href, digests) in enumerate(sorted(files.items()), start=1):
        file_id = f"{grp_id}-{n}"
        grp.append(mets_file(file_id, href, digests, mimetype=mimetype(href), created=created))
        div.append(mets_el("fptr", FILEID=file_id))
    return grp


def root_mets(
    head: PackageHeader,
    ead: Digests,
    rep: Digests,
    schemas: Mapping[str, Digests],
    premis: Digests | None = None,
) -> bytes:
    """Root METS: EAD dmdSec, optional PREMIS amdSec, schema and representation groups."""
    root = mets_el("mets", OBJID=head.objid, TYPE="Mixed", PROFILE=head.profile, LABEL=head.title)
    root.set(f"{{{CSIP}}}CONTENTINFORMATIONTYPE", "MIXED")
    _header(root, head)
    dmd = mets_el("dmdSec", ID="dmd-ead", CREATED=head.created)
    dmd.append(md_ref("metadata/descriptive/EAD.xml", ead, mdtype="TT05-EAD", created=head.created))
    root.append(dmd)
    if premis is not None:
        root.append(_premis_amd(premis, "metadata/preservation/PREMIS.xml", head.created))
    struct = mets_el("structMap", ID="structmap-root", TYPE="PHYSICAL", LABEL="CSIP")
    top = mets_el("div", ID="div-root", LABEL=head.objid)
    top.append(mets_el("div", ID="div-metadata", LABEL="Metadata", DMDID="dmd-ead"))
    file_sec = mets_el("fileSec", ID="filesec-root")
    schemas_div = mets_el("div", ID="div-schemas", LABEL="Schemas")
    file_sec.append(
        file_group(
            "schema",
            "Schemas",
            {f"schemas/{k}": v for k, v in schemas.items()},
            head.created,
            schemas_div,
        )
    )
    top.append(schemas_div)
    for n, (use, files) in enumerate(sorted(head.extra_groups.items()), start=1):
        div = mets_el("div", ID=f"div-extra-{n}", LABEL=use)
        file_sec.append(file_group(f"extra{n}", use, files, head.created, div))
        top.append(div)
    rep_grp = mets_el("fileGrp", ID="grp-rep1", USE="Representations/rep1")
    rep_grp.append(
        mets_file(
            "rep1-mets",
            "representations/rep1/METS.xml",
            rep,
            mimetype="text/xml",
            created=head.created,
        )
    )
    file_sec.append(rep_grp)
    root.append(file_sec)
    rep_div = mets_el("div", ID="div-rep1", LABEL="Representations/rep1")
    rep_div.append(
        mets_el(
            "mptr",
            {
                "LOCTYPE": "URL",
                "xlink:type": "simple",
                "xlink:href": "representations/rep1/METS.xml",
            },
        )
    )
    top.append(rep_div)
    struct.append(top)
    root.append(struct)
    return to_bytes(root)
