"""What ``archive metadata set`` may change, and the checks of the values asked for.

Fields that identify a record (its codes, its ordinal, the checksums of its files) never change:
they are how the record is found, cited and proven (docs/domain.md §7.3). Dates, retention and
counts are not changed here either, since other rules hang on them (retention and lock dates,
deadlines). The access mode changes only with the decision (quyết định) that orders it, with its
number and date (giải mật, docs/domain.md §5.6).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from archive.catalog.fields import DOCUMENT_AIP_FIELDS, DOSSIER_AIP_FIELDS, FieldSpec
from archive.errors import InvalidInput
from archive.packages.fieldcheck import check_value, parse_date

__all__ = [
    "EDITABLE",
    "IDENTIFYING",
    "Decision",
    "Kind",
    "check_changes",
    "parse_assignments",
    "spec_of",
]

Kind = Literal["dossier", "document"]

EDITABLE: Final[dict[Kind, tuple[str, ...]]] = {
    "dossier": ("title", "mode", "language", "keyword", "inforSign", "description"),
    "document": (
        "mode",
        "subject",
        "language",
        "keyword",
        "inforSign",
        "description",
        "codeNumber",
        "codeNotation",
        "organName",
        "autograph",
    ),
}
"""The TT05 elements (of the AIP's EAD.xml and EAD_doc) that may be changed, by kind."""

IDENTIFYING: Final = frozenset(
    {
        "arcFileCode",
        "fileCode",
        "docCode",
        "docId",
        "docOrdinal",
        "organId",
        "fileCatalog",
        "fileNotation",
        "objectId",
        "sha256",
        "sha512",
        "checksum",
        "size",
    }
)
"""Names of what identifies a record or proves its bytes: never changed."""

_SPECS: Final[dict[Kind, tuple[FieldSpec, ...]]] = {
    "dossier": DOSSIER_AIP_FIELDS,
    "document": DOCUMENT_AIP_FIELDS,
}
_ASSIGNMENT = re.compile(r"^([A-Za-z][A-Za-z0-9_]*)=(.*)$", re.DOTALL)


@dataclass(frozen=True)
class Decision:
    """The decision (quyết định) ordering a change: its number and its date (DD/MM/YYYY)."""

    number: str
    date: str

    def __post_init__(self) -> None:
        if not self.number.strip():
            raise InvalidInput(
                "thiếu số quyết định (--decision) / the decision's number is missing (--decision)"
            )
        if parse_date(self.date, ("%d/%m/%Y",)) is None:
            raise InvalidInput(
                f"ngày quyết định {self.date!r} không đúng dạng DD/MM/YYYY / the decision's date "
                f"{self.date!r} is not DD/MM/YYYY (--decision-date)"
            )

    def as_dict(self) -> dict[str, str]:
        """JSON form."""
        return {"number": self.number, "date": self.date}


def parse_assignments(items: Sequence[str]) -> dict[str, str]:
    """``FIELD=VALUE`` items as a mapping; a malformed or repeated item is refused."""
    if not items:
        raise InvalidInput("cần ít nhất một TRƯỜNG=GIÁ_TRỊ / give at least one FIELD=VALUE")
    out: dict[str, str] = {}
    for item in items:
        match = _ASSIGNMENT.match(item)
        if match is None:
            raise InvalidInput(
                f"{item!r}: cần dạng TRƯỜNG=GIÁ_TRỊ, vd mode=01 / expected FIELD=VALUE, "
                "e.g. mode=01"
            )
        name, value = match.group(1), match.group(2).strip()
        if name in out:
            raise InvalidInput(f"trường {name} nêu hai lần / field {name} given twice")
        out[name] = value
    return out


def spec_of(kind: Kind, name: str) -> FieldSpec:
    """The field table entry of an editable element."""
    return next(s for s in _SPECS[kind] if s.name == name)


def check_changes(kind: Kind, values: dict[str, str]) -> None:
    """Refuse identifying fields, fields not editable here and malformed values."""
    label = {"dossier": "hồ sơ / dossier", "document": "tài liệu / document"}[kind]
    for name, value in values.items():
        if name in IDENTIFYING:
            raise InvalidInput(
                f"{name}: trường định danh hoặc mã kiểm tra không bao giờ được sửa (mã hồ sơ, mã "
                f"tài liệu, giá trị băm) / {name} identifies the record or proves its bytes "
                "(codes, checksums) and is never changed"
            )
        if name not in EDITABLE[kind]:
            raise InvalidInput(
                f"{name}: không sửa được ở {label.split(' / ')[0]}; sửa được: "
                f"{', '.join(EDITABLE[kind])} / {name} cannot be changed on a "
                f"{label.split(' / ')[1]}; these can: {', '.join(EDITABLE[kind])}"
            )
        spec = spec_of(kind, name)
        if not value:
            if spec.required:
                raise InvalidInput(
                    f"{name}: trường bắt buộc, không để trống / a required field cannot be empty"
                )
            continue
        problems = check_value(spec, value, name)
        if problems:
            raise InvalidInput("; ".join(f"{p.message_vi} / {p.message_en}" for p in problems))
