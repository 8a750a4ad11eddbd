"""One statistics report: the holdings grouped one way, their growth and the use of the
archive per month, the most used records; as JSON (docs/statistics.md) and as a workbook.

The JSON is stable: its keys are documented in docs/statistics.md, codes stay codes (the
labels are the catalogue's, in the workbook and on the page), months are ``yyyy-mm`` in
Vietnam's calendar and days ISO ``yyyy-mm-dd``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy.orm import Session

from archive.config import Settings
from archive.dates import vn_date
from archive.exports import new_workbook, workbook_bytes, xlsx_append
from archive.messages.catalogue import text
from archive.statistics.activity import MEASURES, RecordUse, Restricted, monthly, records
from archive.statistics.holdings import (
    Grouping,
    Holding,
    group_label,
    growth,
    holdings,
    organ_names,
    totals,
)
from archive.statistics.periods import Period

__all__ = ["FORMAT_VERSION", "Report", "build_report"]

FORMAT_VERSION: Final = 1
"""Raised when a key of the JSON changes meaning or goes away (docs/statistics.md)."""

_COUNTS: Final = ("dossiers", "documents", "files", "bytes")


@dataclass(frozen=True)
class Report:
    """Everything one report shows; built by :func:`build_report`."""

    by: Grouping
    period: Period
    role: str
    total: Holding
    groups: list[Holding]
    truncated: bool
    growth: dict[str, Holding]
    activity: dict[str, dict[str, int]]
    top: list[RecordUse]
    restricted: Restricted
    names: dict[str, str] = field(default_factory=dict)

    def label(self, key: str, lang: str) -> str:
        """A group's key as people read it (an organ with its fonds' name)."""
        if self.by == "organ" and key in self.names:
            return f"{key} — {self.names[key]}"
        return group_label(self.by, key, lang)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON (docs/statistics.md)."""
        return {
            "format": FORMAT_VERSION,
            "by": self.by,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "role": self.role,
            "holdings": {
                "total": {k: getattr(self.total, k) for k in _COUNTS},
                "groups": [g.as_dict() for g in self.groups],
                "truncated": self.truncated,
            },
            "growth": [g.as_dict() | {"key": m} for m, g in self.growth.items()],
            "activity": [{"month": m} | v for m, v in self.activity.items()],
            "records": [u.as_dict() for u in self.top],
            "restricted": self.restricted.as_dict(),
        }

    def workbook(self, lang: str) -> bytes:
        """The report as an XLSX workbook (archive/exports.py: no cell is a formula; the
        same report gives the same bytes)."""
        t = _translate(lang)
        wb, ws = new_workbook(t("sheet_holdings"))
        xlsx_append(ws, [t("period"), vn_date(self.period.start), vn_date(self.period.end)])
        xlsx_append(ws, [t(f"by_{self.by}"), *(t(k) for k in _COUNTS)])
        for g in self.groups:
            xlsx_append(ws, [self.label(g.key, lang), *(getattr(g, k) for k in _COUNTS)])
        xlsx_append(ws, [t("total"), *(getattr(self.total, k) for k in _COUNTS)])
        growth_ws = wb.create_sheet(t("sheet_growth"))
        xlsx_append(growth_ws, [t("month"), *(t(k) for k in _COUNTS)])
        for month, g in self.growth.items():
            xlsx_append(growth_ws, [month, *(getattr(g, k) for k in _COUNTS)])
        use_ws = wb.create_sheet(t("sheet_activity"))
        xlsx_append(use_ws, [t("month"), *(t(m) for m in MEASURES)])
        for month, values in self.activity.items():
            xlsx_append(use_ws, [month, *(values[m] for m in MEASURES)])
        top_ws = wb.create_sheet(t("sheet_records"))
        xlsx_append(top_ws, [t("code"), t("record_title"), t("mode"), t("views"), t("deliveries")])
        for u in self.top:
            xlsx_append(top_ws, [u.code, u.title, u.mode, u.views, u.deliveries])
        r = self.restricted
        xlsx_append(top_ws, [t("restricted", records=r.records), "", "", r.views, r.deliveries])
        return workbook_bytes(wb)


def _translate(lang: str) -> Any:
    def t(key: str, **params: object) -> str:
        return text(f"stats.{key}", lang, **params)

    return t


def build_report(
    session: Session, settings: Settings, role: str, by: Grouping, period: Period
) -> Report:
    """The report for ``role`` (which records it may name: users/access.py) over ``period``."""
    groups, truncated = holdings(session, by)
    top, restricted = records(session, settings, role, period)
    names = organ_names(session, [g.key for g in groups]) if by == "organ" else {}
    return Report(
        by=by,
        period=period,
        role=role,
        total=totals(session),
        groups=groups,
        truncated=truncated,
        growth=growth(session, period),
        activity=monthly(session, period),
        top=top,
        restricted=restricted,
        names=names,
    )
