"""What the archive holds (Thống kê tài liệu lưu trữ, TT 05/2025 Chương VI): dossiers,
documents, original files and their bytes, grouped by one property, and their growth per month.

Only the dossiers the archive holds now count (``status`` active): a dossier handed over to a
historical archive (transferred) or destroyed is no longer held. Files are the originals (rep1),
never the archive's own metadata, preservation copies or OCR renditions, which are derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    String,
    and_,
    case,
    cast,
    distinct,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session

from archive.catalog.codes import label, maintenance_label
from archive.catalog.models import Document as Doc
from archive.catalog.models import Dossier, Fonds
from archive.catalog.models import File as Original
from archive.statistics.periods import Period, month_of

__all__ = [
    "GROUPINGS",
    "MAX_GROUPS",
    "Grouping",
    "Holding",
    "document_mode",
    "group_label",
    "growth",
    "holdings",
    "organ_names",
    "totals",
]

Grouping = Literal["year", "organ", "type", "mode", "format", "retention"]
GROUPINGS: Final[tuple[str, ...]] = get_args(Grouping)
MAX_GROUPS: Final = 1000
"""Most groups in one table (a format or an organ per row): the rest are left out, and said."""


@dataclass(frozen=True)
class Holding:
    """One group: its key (a year, an organ's identifier, a code, a PRONOM id) and counts."""

    key: str
    dossiers: int
    documents: int
    files: int
    bytes: int

    def as_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "dossiers": self.dossiers,
            "documents": self.documents,
            "files": self.files,
            "bytes": self.bytes,
        }


def _held() -> ColumnElement[bool]:
    return Dossier.status == "active"


def _counts() -> tuple[SQLColumnExpression[Any], ...]:
    return (
        func.count(distinct(Dossier.id)),
        func.count(distinct(Doc.id)),
        func.count(distinct(Original.id)),
        func.coalesce(func.sum(Original.size), 0),
    )


def _document_join(*columns: SQLColumnExpression[Any]) -> Select[*tuple[Any, ...]]:
    """``columns`` over the documents of held dossiers, each with its originals (none when it
    has none)."""
    return (
        select(*columns)
        .select_from(Doc)
        .join(Dossier, Dossier.id == Doc.dossier_id)
        .outerjoin(Original, and_(Original.document_id == Doc.id, Original.role == "original"))
        .where(_held())
    )


def document_mode() -> ColumnElement[str]:
    """The stricter of a document's and its dossier's mode, an unknown mode as 03 (as
    catalog/codes.effective_mode says): the mode a reader meets the document under."""
    known = ("01", "02", "03")
    return case(
        (
            or_(
                Doc.mode == "03",
                Dossier.mode == "03",
                Doc.mode.not_in(known),
                Dossier.mode.not_in(known),
            ),
            "03",
        ),
        (or_(Doc.mode == "02", Dossier.mode == "02"), "02"),
        else_="01",
    )


def _retention() -> ColumnElement[str]:
    """A dossier's retention code; for 07 (Khác) with its own years, ``07/<years>``."""
    return case(
        (
            and_(Dossier.maintenance == "07", Dossier.maintenance_years.is_not(None)),
            Dossier.maintenance + "/" + cast(Dossier.maintenance_years, String),
        ),
        else_=Dossier.maintenance,
    )


def totals(session: Session) -> Holding:
    """Everything the archive holds."""
    row = session.execute(_document_join(*_counts())).one()
    dossiers = session.scalar(select(func.count(Dossier.id)).where(_held())) or 0
    return Holding("", int(dossiers), int(row[1]), int(row[2]), int(row[3]))


def holdings(session: Session, by: Grouping) -> tuple[list[Holding], bool]:
    """The holdings grouped ``by`` one property, in the order of their keys; and whether
    groups were left out (more than :data:`MAX_GROUPS`)."""
    if by == "format":
        key: SQLColumnExpression[Any] = func.coalesce(
            Original.format_puid, Original.mime_type, "unknown"
        )
        query = (
            select(key, *_counts())
            .select_from(Original)
            .join(Dossier, Dossier.id == Original.dossier_id)
            .outerjoin(Doc, Doc.id == Original.document_id)
            .where(_held(), Original.role == "original")
        )
    else:
        key = {
            "year": cast(Dossier.end_year, String),
            "organ": Dossier.organ_id,
            "type": Doc.type_name,
            "mode": document_mode(),
            "retention": _retention(),
        }[by]
        query = _document_join(key, *_counts())
    rows = session.execute(query.group_by(key).order_by(key).limit(MAX_GROUPS + 1)).all()
    found = [Holding(str(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows]
    if by in ("year", "organ", "retention"):
        found = _with_empty_dossiers(session, by, found)
    return found[:MAX_GROUPS], len(found) > MAX_GROUPS


def _with_empty_dossiers(session: Session, by: Grouping, found: list[Holding]) -> list[Holding]:
    """Dossier counts from the dossiers themselves, so a dossier without documents still
    counts in its year, organ or retention."""
    key = {
        "year": cast(Dossier.end_year, String),
        "organ": Dossier.organ_id,
        "retention": _retention(),
    }[by]
    counted = dict(
        session.execute(
            select(key, func.count(Dossier.id))
            .where(_held())
            .group_by(key)
            .order_by(key)
            .limit(MAX_GROUPS + 1)
        ).all()
    )
    seen = {h.key: h for h in found}
    merged = [
        Holding(
            str(k),
            int(n),
            seen[str(k)].documents if str(k) in seen else 0,
            seen[str(k)].files if str(k) in seen else 0,
            seen[str(k)].bytes if str(k) in seen else 0,
        )
        for k, n in counted.items()
    ]
    return sorted(merged, key=lambda h: h.key)


def organ_names(session: Session, organs: list[str]) -> dict[str, str]:
    """The fonds name of each organ identifier (the first fonds by code when several)."""
    rows = session.execute(
        select(Fonds.organ_id, Fonds.name).where(Fonds.organ_id.in_(organs)).order_by(Fonds.code)
    ).all()
    names: dict[str, str] = {}
    for organ, name in rows:
        names.setdefault(str(organ), name)
    return names


def group_label(by: Grouping, key: str, lang: str = "vi") -> str:
    """A group's key as people read it: the TT05 label of a code (type, mode, retention);
    a year, an organ's identifier or a PRONOM id as it is."""
    if by == "type":
        return label("typeName", key, lang)
    if by == "mode":
        return label("mode", key, lang)
    if by == "retention":
        code, _, years = key.partition("/")
        return maintenance_label(code, int(years) if years.isdigit() else None, lang)
    return key


def growth(session: Session, period: Period) -> dict[str, Holding]:
    """Dossiers, documents, files and bytes ingested in each month of ``period`` (by the
    time of ingest, in Vietnam's calendar), whatever they became since."""
    month = month_of(Dossier.ingested_at, period.months)
    window = and_(Dossier.ingested_at >= period.lower, Dossier.ingested_at < period.upper)
    rows = session.execute(
        select(month, *_counts())
        .select_from(Dossier)
        .outerjoin(Doc, Doc.dossier_id == Dossier.id)
        .outerjoin(Original, and_(Original.document_id == Doc.id, Original.role == "original"))
        .where(window)
        .group_by(month)
    ).all()
    found = {
        str(r[0]): Holding(str(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows
    }
    return {m: found.get(m, Holding(m, 0, 0, 0, 0)) for m in period.months}
