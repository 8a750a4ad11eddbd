"""edXML header → TT 05/2025 EAD_doc fields (docs/edxml.md, "The mapping, field by field").

One table, :data:`MAPPING`, says where each field comes from; :func:`ead_doc` applies it.
Values the header does not carry get the archive's defaults for a born-digital received
document (language 01 Tiếng Việt, confidenceLevel 01 Gốc điện tử, ``process`` 1 because the
trace list is kept as the processing history). The dossier's values (maintenance, mode) are
the archivist's, at filing.
"""

from __future__ import annotations

from typing import Any, Final

from archive.catalog.codes import TYPE_NAME
from archive.edxml.header import Envelope

__all__ = ["MAPPING", "ead_doc", "type_code"]

MAPPING: Final[tuple[tuple[str, str], ...]] = (
    ("docId", "DocumentId"),
    ("typeName", "DocumentType/TypeName (tên → mã 01–32)"),
    ("codeNumber", "Code/CodeNumber"),
    ("codeNotation", "Code/CodeNotation"),
    ("issuedDate", "PromulgationInfo/PromulgationDate"),
    ("organName", "From/OrganName"),
    ("subject", "Subject"),
    ("numberOfPage", "OtherInfo/PageAmount"),
    ("signerPosition", "SignerInfo/Competence + SignerInfo/Position"),
    ("signerFullName", "SignerInfo/FullName"),
    ("priority", "OtherInfo/Priority"),
    ("issuedAmount", "OtherInfo/PromulgationAmount"),
    ("dueDate", "DueDate"),
    ("toPlaces", "ToPlaces/Place"),
    ("recipients", "To/OrganName"),
    ("description", "Content; From/OrganId"),
    ("process", "TraceHeaderList (1 khi có / when present)"),
    ("language", "— (01 Tiếng Việt)"),
    ("confidenceLevel", "— (01 Gốc điện tử)"),
)
"""(EAD_doc field, where it comes from in the envelope)."""

_TYPES_BY_NAME: Final = {name.casefold(): code for code, name in TYPE_NAME.items()}


def type_code(name: str) -> str:
    """The TT 05 code (01–32) of a type name; 32 (Khác) when the name is not in the list."""
    return _TYPES_BY_NAME.get(" ".join(name.split()).casefold(), "32")


def _get(header: dict[str, Any], *path: str) -> str:
    value: Any = header
    for key in path:
        value = value.get(key, "") if isinstance(value, dict) else ""
    if isinstance(value, list):
        return "; ".join(v for v in value if isinstance(v, str) and v)
    return value.strip() if isinstance(value, str) else ""


def _many(header: dict[str, Any], key: str, leaf: str) -> str:
    value = header.get(key)
    items = value if isinstance(value, list) else [value] if value else []
    out: list[str] = []
    for item in items:
        text = item.get(leaf, "") if isinstance(item, dict) else item
        if isinstance(text, list):
            out.extend(t for t in text if isinstance(t, str))
        elif isinstance(text, str) and text:
            out.append(text)
    return "; ".join(out)


def ead_doc(env: Envelope) -> dict[str, str]:
    """The EAD_doc fields of the envelope's document (empty values left out)."""
    h = env.header
    position = " ".join(
        p for p in (_get(h, "SignerInfo", "Competence"), _get(h, "SignerInfo", "Position")) if p
    )
    note = " — ".join(
        p for p in (_get(h, "Content"), f"Nơi gửi / sender: {_get(h, 'From', 'OrganId')}") if p
    )
    values = {
        "docId": env.document_id[:25],
        "typeName": type_code(_get(h, "DocumentType", "TypeName")),
        "codeNumber": _get(h, "Code", "CodeNumber"),
        "codeNotation": _get(h, "Code", "CodeNotation"),
        "issuedDate": _get(h, "PromulgationInfo", "PromulgationDate"),
        "organName": _get(h, "From", "OrganName"),
        "subject": _get(h, "Subject"),
        "numberOfPage": _get(h, "OtherInfo", "PageAmount"),
        "signerPosition": position[:100],
        "signerFullName": _get(h, "SignerInfo", "FullName")[:50],
        "priority": _get(h, "OtherInfo", "Priority"),
        "issuedAmount": _get(h, "OtherInfo", "PromulgationAmount"),
        "dueDate": _get(h, "DueDate"),
        "toPlaces": _many(h, "ToPlaces", "Place")[:1000],
        "recipients": _many(h, "To", "OrganName")[:2000],
        "description": note[:500],
        "process": "1" if env.trace else "0",
        "language": "01",
        "confidenceLevel": "01",
    }
    return {k: v for k, v in values.items() if v}
