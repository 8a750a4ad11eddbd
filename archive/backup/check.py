"""``archive backup check``: the quarterly check of the backup system (TT 05/2025 Chương V,
docs/domain.md §4.9: "backup system checked quarterly and reported").

Every set is read back, a restore drill runs on the latest chain, the schedule is compared
with the law's (``archive.backup.schedule``), and the report is written as JSON to the
target (``checks/<time>.json``, beside the sets it speaks of) and recorded as an event.
Run it from a timer every quarter (docs/operations.md); ``archive due`` says when it is late."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.backup.drill import restore_drill
from archive.backup.schedule import missed
from archive.backup.target import CHECKS, open_target
from archive.backup.verify import verify_set
from archive.clock import utc_now
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError
from archive.services import Services

__all__ = ["CheckReport", "check_backups"]


@dataclass(frozen=True)
class CheckReport:
    """The report of one check, as written to the target."""

    path: str
    report: dict[str, Any]

    @property
    def ok(self) -> bool:
        return bool(self.report["ok"])


def _drill(services: Services, agents: list[AgentRef]) -> dict[str, Any]:
    try:
        return restore_drill(services, agents).as_dict()
    except ArchiveError as exc:  # no set to drill, a broken chain: a failed check, reported
        return {"ok": False, "problems": [str(exc)]}


def check_backups(
    services: Services, agents: list[AgentRef], *, now: datetime | None = None
) -> CheckReport:
    """Run the check (module docstring) and write its report."""
    now = now or utc_now()
    settings = services.settings
    target = open_target(settings)
    sets = [verify_set(target, name).as_dict() for name in target.set_names()]
    drill = _drill(services, agents)
    late = [
        {
            "what": m.what,
            "last": m.last.isoformat() if m.last else None,
            "due": m.due.isoformat() if m.due else None,
            "action": m.action,
        }
        for m in missed(target, now)
        if m.what != "quarterly"  # this check is the quarterly one
    ]
    report = {
        "checked_at": now.isoformat(timespec="seconds"),
        "target": target.describe(),
        "keep": {"daily": settings.backup_keep_daily, "monthly": settings.backup_keep_monthly},
        "sets": sets,
        "drill": drill,
        "late": late,
        "partial": target.partial(),
        "ok": bool(sets) and all(s["ok"] for s in sets) and drill["ok"] and not late,
    }
    path = f"{now:%Y%m%dT%H%M%SZ}-{'ok' if report['ok'] else 'failed'}.json"
    target.replace(CHECKS, path, json.dumps(report, ensure_ascii=False, indent=1).encode())
    damaged = [s["name"] for s in sets if not s["ok"]]
    detail = (
        f"{len(sets)} set(s), {len(damaged)} damaged; drill "
        f"{'passed' if drill['ok'] else 'failed'}; {len(late)} late"
    )
    with unit_of_work(services.sessions) as session:
        append_events(
            session,
            [
                NewEvent(
                    "backup check",
                    f"Kiểm tra hệ thống sao lưu hằng quý ({target.describe()}) / quarterly "
                    f"check of the backup system ({target.describe()})",
                    outcome="success" if report["ok"] else "failure",
                    outcome_detail=detail,
                    agents=agents,
                    objects=[(f"backup-check:{path}", "outcome")],
                )
            ],
        )
    return CheckReport(f"{CHECKS}/{path}", report)
