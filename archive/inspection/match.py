"""Does the catalog say what the stored files say? One dossier, one copy.

Every catalog file row against the inventory of its own version (the path there, the content
path, the size in the store, SHA-256 and SHA-512), the counts of documents and original files,
the document codes, and every TT 05 field of the dossier (EAD.xml) and of each document
(EAD_doc) against the catalog's rows. Storage is the truth (ADR 0001): a disagreement is
reported with the address of the stored side; nothing is changed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalog.fields import DOCUMENT_AIP_FIELDS, DOSSIER_AIP_FIELDS, FieldSpec
from archive.catalog.models import Document, Dossier, File
from archive.errors import ArchiveError, NotFound
from archive.packages.aipread import AipRecord
from archive.packages.stored import read_stored_aip
from archive.storage.ocfl import OcflRoot, content_sha256

__all__ = ["EAD", "Mismatch", "compare", "normalized"]

EAD = "metadata/descriptive/EAD.xml"


@dataclass(frozen=True)
class Mismatch:
    """One disagreement: its kind, where in the object, and what differs."""

    kind: str  # file | size | checksum | count | document | field | version
    version: str
    path: str
    detail: str
    field: str = ""  # the TT 05 element, for kind "field"
    code: str = ""  # the dossier or document the field belongs to
    stored: str = ""  # the stored value, for kind "field"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return dict(self.__dict__)


def normalized(kind: str, value: object) -> str:
    """A value as text, the same for the catalog's typed column and the stored XML text."""
    if value is None or value == "":
        return ""
    if kind == "boolean":
        return "1" if value in (True, "1", "true") else "0"
    if kind == "number":
        try:
            return str(int(str(value)))
        except ValueError:
            return str(value)
    return str(value)


def _fields(
    specs: tuple[FieldSpec, ...], row: object, stored: dict[str, str], code: str, path: str
) -> list[Mismatch]:
    out = []
    for spec in specs:
        if spec.name not in stored or not hasattr(type(row), spec.attr):
            continue
        mine, theirs = (
            normalized(spec.kind, getattr(row, spec.attr)),
            normalized(spec.kind, stored[spec.name]),
        )
        if mine != theirs:
            out.append(
                Mismatch(
                    "field",
                    "",
                    path,
                    # No values: a restricted record's title must not reach a listing.
                    f"{code}: {spec.name}: the catalog differs from the stored metadata",
                    spec.name,
                    code,
                    stored[spec.name],
                )
            )
    return out


def _files(
    session: Session, root: OcflRoot, dossier: Dossier, inventory: dict[str, Any]
) -> list[Mismatch]:
    sha256_of = content_sha256(inventory)
    out: list[Mismatch] = []
    rows = session.scalars(select(File).where(File.dossier_id == dossier.id).order_by(File.path))
    for row in rows:
        state = inventory["versions"].get(row.version, {}).get("state", {})
        found = [
            (d, inventory["manifest"][d][0]) for d, paths in state.items() if row.path in paths
        ]
        if not found:
            detail = f"{row.path}: in the catalog, not in the stored {row.version}"
            out.append(Mismatch("file", row.version, row.path, detail))
            continue
        digest, content = found[0]
        try:
            size = root.store.size(root.content_key(dossier.object_id, content))
        except NotFound:
            out.append(Mismatch("file", row.version, content, f"{content}: not in the store"))
            continue
        if content != row.content_path:
            detail = f"{row.path}: catalog content {row.content_path}, stored {content}"
            out.append(Mismatch("file", row.version, content, detail))
        if size != row.size:
            detail = f"{row.path}: catalog {row.size} bytes, stored {size}"
            out.append(Mismatch("size", row.version, content, detail))
        if sha256_of.get(content, row.sha256) != row.sha256 or digest != row.sha512:
            detail = f"{row.path}: the catalog's SHA-256/512 differ from the stored inventory"
            out.append(Mismatch("checksum", row.version, content, detail))
    return out


def _documents(session: Session, dossier: Dossier, record: AipRecord) -> list[Mismatch]:
    version = record.version
    docs = {
        d.doc_code: d
        for d in session.scalars(select(Document).where(Document.dossier_id == dossier.id))
    }
    stored = {d.values.get("docCode", ""): d for d in record.documents}
    originals = session.scalar(
        select(File.id).where(File.dossier_id == dossier.id, File.role == "original").limit(1)
    )
    out = []
    if len(docs) != len(stored):
        detail = (
            f"{dossier.arc_file_code}: {len(docs)} documents in the catalog, {len(stored)} stored"
        )
        out.append(Mismatch("count", version, "METS.xml", detail))
    if originals is None and stored:
        detail = f"{dossier.arc_file_code}: no original file in the catalog"
        out.append(Mismatch("count", version, "METS.xml", detail))
    for code in sorted(set(docs) - set(stored)):
        detail = f"{code}: in the catalog, not in the stored METS/EAD_doc"
        out.append(Mismatch("document", version, "METS.xml", detail, code=code))
    for code in sorted(set(stored) - set(docs)):
        path = stored[code].file_path
        out.append(
            Mismatch("document", version, path, f"{code}: stored, not in the catalog", code=code)
        )
    for code in sorted(set(docs) & set(stored)):
        path = _ead_doc(stored[code].file_path)
        for m in _fields(DOCUMENT_AIP_FIELDS, docs[code], stored[code].values, code, path):
            out.append(Mismatch(m.kind, version, m.path, m.detail, m.field, m.code, m.stored))
    return out


def _ead_doc(original: str) -> str:
    folder, _, name = original.rpartition("/data/")
    return f"{folder}/metadata/descriptive/EAD_doc_{name.rsplit('.', 1)[0]}.xml"


def compare(session: Session, root: OcflRoot, dossier: Dossier) -> list[Mismatch]:
    """Every disagreement between the catalog and the copy of ``dossier`` in ``root``."""
    try:
        inventory = root.inventory(dossier.object_id)
    except ArchiveError as exc:
        return [Mismatch("file", "", "inventory.json", f"inventory unreadable: {exc}")]
    version = dossier.object_version
    if version not in inventory["versions"]:
        detail = f"the catalog says {version}, the stored head is {inventory['head']}"
        return [Mismatch("version", str(inventory["head"]), "inventory.json", detail)]
    out = _files(session, root, dossier, inventory)
    try:
        record = read_stored_aip(root, dossier.object_id, version)
    except (ArchiveError, KeyError, ValueError) as exc:
        out.append(Mismatch("file", version, EAD, f"the stored metadata cannot be read: {exc}"))
        return out
    for m in _fields(DOSSIER_AIP_FIELDS, dossier, record.dossier, dossier.arc_file_code, EAD):
        out.append(Mismatch(m.kind, version, m.path, m.detail, m.field, m.code, m.stored))
    return out + _documents(session, dossier, record)
