"""Root and representation METS documents of TT05 packages (SIP and AIP share the shape;
the AIP adds the PREMIS amdSec and the submission file group). The same root builder writes
the E-ARK SIP 2.0.4 root of a transfer package (``PackageHeader.eark_sip``, ADR 0008) and the
E-ARK DIP root of a certified copy (ADR 0017)."""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from lxml import etree

from archive import __version__
from archive.packages.metsxml import CSIP, METS, md_ref, mets_el, mets_file, to_bytes
from archive.storage.digest import Digests

__all__ = [
    "AIP_PROFILE",
    "CSIP_PROFILE",
    "DIP_PROFILE",
    "SIP_PROFILE",
    "DocEntry",
    "PackageHeader",
    "file_group",
    "mimetype",
    "rep_mets",
    "root_mets",
]

CSIP_PROFILE: Final = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml"
AIP_PROFILE: Final = "http://www.ra.ee/METS/v01/IP.xml"
SIP_PROFILE: Final = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
DIP_PROFILE: Final = "https://earkdip.dilcis.eu/profile/E-ARK-DIP.xml"


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
    eark_sip: bool = False
    """The root METS of a transfer package, which E-ARK CSIP/SIP 2.0.4 also check (ADR 0008):
    the E-ARK SIP profile, the software as the one CREATOR and the organisation as ARCHIVIST,
    LASTMODDATE, a current dmdSec, and rep1 in a ``Representations`` division. A package of
    type DIP with it (a certified copy, ADR 0017) names the E-ARK DIP profile instead."""

    @property
    def profile(self) -> str:
        """METS @PROFILE of the package type (docs/domain.md §4.3)."""
        if self.eark_sip:
            return DIP_PROFILE if self.package_type == "DIP" else SIP_PROFILE
        return AIP_PROFILE if self.package_type == "AIP" else CSIP_PROFILE


def _premis_amd(premis: Digests, href: str, created: str) -> etree._Element:
    amd = mets_el("amdSec", ID="amd-premis")
    digiprov = mets_el("digiprovMD", ID="digiprov-premis", CREATED=created)
    digiprov.append(md_ref(href, premis, mdtype="PREMIS", created=created))
    amd.append(digiprov)
    return amd


def _organisation(head: PackageHeader, role: str) -> etree._Element:
    agent = mets_el("agent", ROLE=role, TYPE="ORGANIZATION")
    etree.SubElement(agent, f"{{{METS}}}name").text = head.creator_name
    if head.fonds_code:
        note = mets_el("note", {"csip:NOTETYPE": "IDENTIFICATIONCODE"})
        note.text = head.fonds_code
        agent.append(note)
    return agent


def _software() -> etree._Element:
    software = mets_el("agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    etree.SubElement(software, f"{{{METS}}}name").text = "archive"
    version = mets_el("note", {"csip:NOTETYPE": "SOFTWARE VERSION"})
    version.text = __version__
    software.append(version)
    return software


def _header(root: etree._Element, head: PackageHeader) -> None:
    dates = {"CREATEDATE": head.created}
    if head.eark_sip:
        dates["LASTMODDATE"] = head.created
    hdr = mets_el(
        "metsHdr",
        {**dates, "RECORDSTATUS": "NEW", "csip:OAISPACKAGETYPE": head.package_type},
    )
    if head.eark_sip:
        hdr.append(_software())
        hdr.append(_organisation(head, "ARCHIVIST"))
    else:
        hdr.append(_organisation(head, "CREATOR"))
        hdr.append(_software())
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


def _rep_group(head: PackageHeader, rep: Digests) -> etree._Element:
    """The file group of the representation's METS."""
    if head.eark_sip:
        attrs = {"ID": "grp-rep1", "USE": "Representations", "csip:CONTENTINFORMATIONTYPE": "MIXED"}
    else:
        attrs = {"ID": "grp-rep1", "USE": "Representations/rep1"}
    grp = mets_el("fileGrp", attrs)
    grp.append(
        mets_file(
            "rep1-mets",
            "representations/rep1/METS.xml",
            rep,
            mimetype="text/xml",
            created=head.created,
        )
    )
    return grp


def _rep_div(head: PackageHeader) -> etree._Element:
    """The structMap division pointing to the representation's METS."""
    mptr = {"LOCTYPE": "URL", "xlink:type": "simple"}
    if head.eark_sip:
        mptr["xlink:title"] = "rep1"
    mptr["xlink:href"] = "representations/rep1/METS.xml"
    rep1 = mets_el("div", ID="div-rep1", LABEL="rep1" if head.eark_sip else "Representations/rep1")
    rep1.append(mets_el("mptr", mptr))
    if not head.eark_sip:
        return rep1
    reps = mets_el("div", ID="div-representations", LABEL="Representations")
    reps.append(mets_el("fptr", FILEID="grp-rep1"))
    reps.append(rep1)
    return reps


def root_mets(
    head: PackageHeader,
    ead: Digests,
    rep: Digests,
    schemas: Mapping[str, Digests],
    premis: Digests | None = None,
    documentation: Mapping[str, Digests] | None = None,
) -> bytes:
    """Root METS: EAD dmdSec, optional PREMIS amdSec, an optional Documentation group (href →
    digests), schema, extra and representation groups."""
    root = mets_el("mets", OBJID=head.objid, TYPE="Mixed", PROFILE=head.profile, LABEL=head.title)
    root.set(f"{{{CSIP}}}CONTENTINFORMATIONTYPE", "MIXED")
    _header(root, head)
    status = {"STATUS": "CURRENT"} if head.eark_sip else {}
    dmd = mets_el("dmdSec", {"ID": "dmd-ead", "CREATED": head.created, **status})
    dmd.append(md_ref("metadata/descriptive/EAD.xml", ead, mdtype="TT05-EAD", created=head.created))
    root.append(dmd)
    if premis is not None:
        root.append(_premis_amd(premis, "metadata/preservation/PREMIS.xml", head.created))
    struct = mets_el("structMap", ID="structmap-root", TYPE="PHYSICAL", LABEL="CSIP")
    top = mets_el("div", ID="div-root", LABEL=head.objid)
    top.append(mets_el("div", ID="div-metadata", LABEL="Metadata", DMDID="dmd-ead"))
    file_sec = mets_el("fileSec", ID="filesec-root")
    if documentation is not None:
        doc_div = mets_el("div", ID="div-documentation", LABEL="Documentation")
        file_sec.append(file_group("doc", "Documentation", documentation, head.created, doc_div))
        top.append(doc_div)
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
    file_sec.append(_rep_group(head, rep))
    root.append(file_sec)
    top.append(_rep_div(head))
    struct.append(top)
    root.append(struct)
    return to_bytes(root)
