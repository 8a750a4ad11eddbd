"""Holds (freeze): a held dossier cannot be destroyed, transferred away or deleted.

Placing a hold records who and why, writes a PREMIS event and, on S3, turns on the Object Lock
legal hold of every stored version of the dossier's OCFL object, so even the storage refuses to
delete it. Releasing needs its own reason; the S3 legal hold is lifted only when no other hold
on the dossier stays active.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.audit.rowstate import with_state
from archive.clock import event_time
from archive.db.engine import unit_of_work
from archive.errors import Conflict, InvalidInput, NotFound
from archive.retention.dossiers import load_dossier, object_prefix
from archive.retention.models import Hold
from archive.services import Services
from archive.storage.erase import set_prefix_legal_hold

__all__ = [
    "HoldView",
    "active_holds",
    "held_codes",
    "list_holds",
    "place_hold",
    "refuse_held",
    "release_hold",
]


@dataclass(frozen=True)
class HoldView:
    """A hold as shown to people."""

    id: int
    arc_file_code: str
    reason: str
    placed_by: str
    placed_at: str
    released_by: str | None
    released_at: str | None
    release_reason: str | None
    legal_hold_keys: int = 0

    @property
    def active(self) -> bool:
        """Not released yet."""
        return self.released_at is None

    def as_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "id": self.id,
            "arcFileCode": self.arc_file_code,
            "reason": self.reason,
            "placedBy": self.placed_by,
            "placedAt": self.placed_at,
            "releasedBy": self.released_by,
            "releasedAt": self.released_at,
            "releaseReason": self.release_reason,
            "active": self.active,
            "legalHoldKeys": self.legal_hold_keys,
        }


def _view(h: Hold, keys: int = 0) -> HoldView:
    return HoldView(
        h.id,
        h.arc_file_code,
        h.reason,
        h.placed_by,
        h.placed_at,
        h.released_by,
        h.released_at,
        h.release_reason,
        keys,
    )


def _need_reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) < 3:
        raise InvalidInput(
            "cần ghi lý do (ít nhất 3 ký tự) / a reason is required (at least 3 characters)"
        )
    return reason


def active_holds(session: Session, code: str) -> list[Hold]:
    """Active holds on a dossier (by arcFileCode)."""
    return list(
        session.scalars(select(Hold).where(Hold.arc_file_code == code, Hold.released_at.is_(None)))
    )


def held_codes(session: Session, codes: Iterable[str]) -> set[str]:
    """Which of ``codes`` (arcFileCodes) are under an active hold."""
    wanted = list(codes)
    if not wanted:
        return set()
    return set(
        session.scalars(
            select(Hold.arc_file_code).where(
                Hold.arc_file_code.in_(wanted), Hold.released_at.is_(None)
            )
        )
    )


def refuse_held(session: Session, codes: Iterable[str], action_vi: str, action_en: str) -> None:
    """Raise Conflict naming every held dossier among ``codes``."""
    held = sorted(held_codes(session, codes))
    if held:
        raise Conflict(
            f"hồ sơ đang bị phong tỏa, không thể {action_vi}: {', '.join(held)}; gỡ phong tỏa "
            f"trước ('archive hold release') / held dossier(s) cannot be {action_en}: "
            f"{', '.join(held)}; release the hold first ('archive hold release')"
        )


def place_hold(archive: Services, code: str, reason: str, agent: AgentRef) -> HoldView:
    """Place a hold on a dossier (and the S3 legal hold on its bytes)."""
    reason = _need_reason(reason)
    with archive.sessions() as session:
        dossier = load_dossier(session, code)
        arc, object_id = dossier.arc_file_code, dossier.object_id
    keys = sum(
        set_prefix_legal_hold(root.store, object_prefix(object_id), True)
        for root in archive.roots().values()
        if root.exists(object_id)
    )

    with unit_of_work(archive.sessions) as session:
        hold = Hold(arc_file_code=arc, reason=reason, placed_by=agent.name, placed_at=event_time())
        session.add(hold)
        session.flush()
        append_events(
            session,
            [
                NewEvent(
                    "hold placed",
                    f"Phong tỏa hồ sơ {arc} / Hold placed on {arc}: {reason}",
                    outcome_detail=with_state(
                        f"hold {hold.id}; S3 legal hold on {keys} key(s)", hold
                    ),
                    agents=[agent, software_agent()],
                    objects=[(arc, "source")],
                )
            ],
        )
        return _view(hold, keys)


def release_hold(archive: Services, hold_id: int, reason: str, agent: AgentRef) -> HoldView:
    """Release a hold; the S3 legal hold goes only when no other hold on the dossier remains."""
    reason = _need_reason(reason)

    with unit_of_work(archive.sessions) as session:
        hold = session.get(Hold, hold_id)
        if hold is None:
            raise NotFound(
                f"không có phong tỏa số {hold_id} / no hold {hold_id} ('archive hold ls')"
            )
        if hold.released_at is not None:
            raise Conflict(
                f"phong tỏa {hold_id} đã được gỡ lúc {hold.released_at} / hold {hold_id} was "
                f"already released at {hold.released_at}"
            )
        hold.released_at = event_time()
        hold.released_by = agent.name
        hold.release_reason = reason
        session.flush()
        others = [h for h in active_holds(session, hold.arc_file_code) if h.id != hold.id]
        dossier = load_dossier(session, hold.arc_file_code) if not others else None
        keys = 0
        if dossier is not None:
            keys = sum(
                set_prefix_legal_hold(root.store, object_prefix(dossier.object_id), False)
                for root in archive.roots().values()
                if root.exists(dossier.object_id)
            )
        append_events(
            session,
            [
                NewEvent(
                    "hold released",
                    f"Gỡ phong tỏa hồ sơ {hold.arc_file_code} / Hold released on "
                    f"{hold.arc_file_code}: {reason}",
                    outcome_detail=with_state(
                        f"hold {hold.id}; S3 legal hold lifted on {keys} key(s)"
                        + (f"; {len(others)} other hold(s) remain" if others else ""),
                        hold,
                    ),
                    agents=[agent, software_agent()],
                    objects=[(hold.arc_file_code, "source")],
                )
            ],
        )
        return _view(hold, keys)


def list_holds(archive: Services, *, all_: bool = False) -> list[HoldView]:
    """Holds, newest first; only active ones unless ``all_``."""
    with archive.sessions() as session:
        query = select(Hold).order_by(Hold.id.desc())
        if not all_:
            query = query.where(Hold.released_at.is_(None))
        return [_view(h) for h in session.scalars(query)]
