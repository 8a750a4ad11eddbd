"""TT 05/2025 SIP_hoso packages for the historical archive that also conform to E-ARK SIP 2.0.4.

``write_sip`` (packages/sipwrite.py) writes the TT05 layout; this module adds the agreed
``documentation/`` extension (the dossier's evidence and validation data) and writes the root
METS the E-ARK CSIP/SIP 2.0.4 rules (as checked by eark-validator) require on top of TT05
(ADR 0008), with the ingest's root METS builder (``root_mets`` of packages/metsbuild.py with
``PackageHeader.eark_sip``):

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

from archive.packages.metsbuild import root_mets
from archive.packages.metsxml import iso_now
from archive.packages.sipwrite import SIP_SCHEMAS, SipInput, sip_header, write_sip
from archive.storage.digest import Digests, file_digests

__all__ = ["TransferPackage", "write_transfer_sip", "zip_package"]


@dataclass(frozen=True)
class TransferPackage:
    """Where a package was written."""

    objid: str
    folder: Path


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
    head = sip_header(sip, objid, stamp, eark_sip=True)
    mets = root_mets(
        head,
        file_digests(pkg / "metadata" / "descriptive" / "EAD.xml"),
        file_digests(pkg / "representations" / "rep1" / "METS.xml"),
        schemas,
        documentation=docs,
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
