"""docs/metadata-mapping.md: the TT05 field tables as a page (field → model → XSD → code list).

Generated with the XSDs by ``python -m archive.catalog.xsdgen``; the page and the schemas come
from the same tables, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from archive.catalog.codes import CODE_LISTS
from archive.catalog.fields import (
    EXT_AIP_DOCUMENT_FIELDS,
    EXT_AIP_DOSSIER_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
    EXT_NS,
    FieldSpec,
)
from archive.catalog.xsdbuild import (
    EXT_SCHEMA,
    GENERATED_NOTE,
    TT05_DIR,
    TT05_SCHEMAS,
    SchemaTarget,
    date_forms,
    ext_fields,
)

__all__ = ["mapping_markdown"]


def _md_row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _md_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    lines = [_md_row(header), _md_row("---" for _ in header)]
    lines.extend(_md_row(row) for row in rows)
    return lines


def _type_text(spec: FieldSpec) -> str:
    if spec.kind == "string":
        return "string"
    if spec.kind == "number":
        return "number (non-negative integer)"
    if spec.kind == "boolean":
        return "boolean (`0`/`1`)"
    if spec.kind == "date":
        return "date (" + ", ".join(f"`{form}`" for form in date_forms(spec.date_formats)) + ")"
    if spec.kind == "code":
        return "code"
    return "codes (one or more, `01, 02`)"


def _length_text(spec: FieldSpec) -> str:
    if spec.max_len is None:
        return "—"
    if spec.kind == "number":
        return f"{spec.max_len} digit" + ("" if spec.max_len == 1 else "s")
    return str(spec.max_len)


def _code_list_text(spec: FieldSpec) -> str:
    return f"[`{spec.code_list}`](#code-list-{spec.code_list.lower()})" if spec.code_list else "—"


def _attr_text(model: str, spec: FieldSpec) -> str:
    text = f"`{model}.{spec.attr}`"
    if spec.kind == "codes":
        text += ' (text, e.g. `"01,02"`)'
    return text


def _field_rows(target: SchemaTarget) -> list[list[str]]:
    return [
        [
            str(number),
            f"`{spec.name}`",
            spec.label_vi,
            spec.label_en,
            _type_text(spec),
            _length_text(spec),
            _code_list_text(spec),
            "yes" if spec.required else "no",
            _attr_text(target.model, spec),
            f"`{target.filename}`",
        ]
        for number, spec in enumerate(target.fields, start=1)
    ]


_FIELD_HEADER: Final = (
    "#",
    "TT05 element",
    "Trường (VI)",
    "Label (EN)",
    "Type",
    "Max length",
    "Code list",
    "Required",
    "Model attribute",
    "XSD",
)


def _target_section(target: SchemaTarget) -> list[str]:
    xsd = f"{TT05_DIR}/{target.filename}"
    return [
        f"### {target.title_en}",
        "",
        f"{target.title_vi}. XSD: [`{xsd}`](../{xsd}), root element `<simpledc>`, "
        f"{len(target.fields)} elements in this order.",
        "",
        *_md_table(_FIELD_HEADER, _field_rows(target)),
        "",
    ]


def _ext_used_in(spec: FieldSpec) -> str:
    places = []
    if spec in EXT_DOSSIER_FIELDS:
        places.append(f"EAD.xml → `Dossier.{spec.attr}`")
    if spec in EXT_DOCUMENT_FIELDS:
        places.append(f"EAD_doc → `Document.{spec.attr}`")
    if spec in EXT_AIP_DOSSIER_FIELDS:
        places.append(f"AIP EAD.xml only → `Dossier.{spec.attr}`")
    if spec in EXT_AIP_DOCUMENT_FIELDS:
        places.append(f"AIP EAD_doc only → `Document.{spec.attr}`")
    return "; ".join(places)


def _ext_section() -> list[str]:
    xsd = f"{TT05_DIR}/{EXT_SCHEMA}"
    header = (
        "Element",
        "Trường (VI)",
        "Label (EN)",
        "Type",
        "Max length",
        "Required",
        "Used in → model attribute",
        "XSD",
    )
    rows = [
        [
            f"`ext:{spec.name}`",
            spec.label_vi,
            spec.label_en,
            _type_text(spec),
            _length_text(spec),
            "yes" if spec.required else "no",
            _ext_used_in(spec),
            f"`{EXT_SCHEMA}`",
        ]
        for spec in ext_fields()
    ]
    return [
        "### Extensions (namespace `" + EXT_NS + "`)",
        "",
        f"XSD: [`{xsd}`](../{xsd}), imported by the four schemas above. Extension elements "
        "come after the TT05 elements, in any order; the XSD does not limit repetition.",
        "",
        *_md_table(header, rows),
        "",
    ]


def _code_list_section() -> list[str]:
    source = "From `archive/catalog/codes.py` ([domain.md §4.7](domain.md))."
    lines = ["## Code lists", "", source, ""]
    for name, codes in CODE_LISTS.items():
        lines += [f'<a id="code-list-{name.lower()}"></a>', "", f"### `{name}`", ""]
        lines += _md_table(
            ("Code", "Nhãn (VI)"), ([f"`{code}`", label] for code, label in codes.items())
        )
        lines.append("")
    return lines


_INTRO: Final = """\
# TT 05/2025 metadata: elements, types and catalog attributes

<!-- {note} `python -m archive.catalog.xsdgen --check` fails when this page is stale. -->

The tables below list every metadata element of the packages of Thông tư 05/2025/TT-BNV that
the archive reads and writes ([domain.md §4.4–4.5](domain.md)), with its type, the catalog model
attribute that stores it and the XSD that checks it. They are generated from the field tables
in `archive/catalog/fields.py` and the code lists in `archive/catalog/codes.py`, which are the
only place the fields are listed; the XSDs in `schemas/tt05/` come from the same tables.

How to read them:

* **Model attribute** is `FieldSpec.attr`, the snake_case form of the element name, on the
  `Dossier` and `Document` models of `archive/catalog/models.py`. The dossier keeps both codes:
  `fileCode` → `file_code` (SIP) and `arcFileCode` → `arc_file_code` (AIP). Elements that carry
  several codes (`language`) are stored as the text of the codes joined by commas, e.g. `"01,02"`.
* **Dates** are stored as the law's text, not as SQL dates: `DD/MM/YYYY` (two-digit day and
  month), and in AIP dossiers also `MM/YYYY` or `YYYY`, because a dossier's start or end may be
  known only to the month or year. Code that needs a date range parses the text.
* **Codes** are the two-digit codes of the circular; their labels are in the code lists at the
  end of this page and in `archive/catalog/codes.py`.
* **Required** elements have `minOccurs="1"` (and, for text, at least one character). Rules that
  depend on other elements are checked in Python at ingest, not by the XSD
  (`archive/packages/rules.py`, `sipread.py`): `riskRecoveryStatus` when `riskRecovery` is `1`,
  in EAD.xml and in each EAD_doc (VAL009); `paperFileCode` for digitized (`02`) and mixed (`03`)
  dossiers (VAL010); the year count `maintenanceYears` when `maintenance` is `07` (VAL008); a
  dossier kept under 5 years is refused (RET001, NĐ 30/2020 Điều 31 k3 c; a warning with
  `ingest_short_retention = "warn"`); a document's `confidenceLevel` that does not fit its
  dossier's, or a document kept longer than its dossier, is a warning (VAL007). Documents with
  `confidenceLevel` `02` are checked against the scan standard (PDF 1.4 or later, colour,
  200 dpi; DIG001–DIG005, `archive/packages/digitized.py`). `maintenance` `01` is required
  only when a dossier is registered for transfer to the historical archive
  (`archive/transfer/registration.py`). `process` for documents processed in the System is
  not checked. The catalog's `riskRecoveryStatus` is not the submitter's value: it says whether
  the archive holds two good copies of the dossier (`01`) or not (`02`), and changes with them
  (`archive/holdings/copies.py`); a package that claims `01` while the archive holds one copy
  gets warning REP002.
* **Extensions.** After the TT05 elements, each `<simpledc>` accepts elements of the namespace
  `{ext_ns}` (lax wildcard). They carry what TT05 has no element for: the NĐ 30/2020 input
  fields that arrive from the document-management system (Phụ lục VI Phần II) and the number of
  years of retention code `07` "Khác". See ADR 0003 in `docs/decisions/`. Because the TT05
  schemas import `archive-ext.xsd`, declared extension elements are type-checked too; a
  package's `schemas/` folder must ship that file next to the EAD schemas.
"""


def mapping_markdown() -> str:
    """The text of ``docs/metadata-mapping.md``."""
    lines = [_INTRO.format(note=GENERATED_NOTE, ext_ns=EXT_NS), "## Elements by record kind", ""]
    for target in TT05_SCHEMAS:
        lines += _target_section(target)
    lines += _ext_section()
    lines += _code_list_section()
    return "\n".join(lines).rstrip("\n") + "\n"


# --------------------------------------------------------------------------- files
