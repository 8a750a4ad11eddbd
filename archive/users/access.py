"""Who may see what: roles, the access modes each role sees, and role-gated capabilities.

The roles are the ``SearchRole`` literal of ``archive.config`` (one list for search, pages
and API). To add a role (e.g. ``council`` or ``head`` for disposal decisions): add it to
``SearchRole``, give it capabilities in :data:`CAPABILITIES` if it needs any, and list it in
the ``search_roles_mode_*`` settings where it should see restricted records. No migration is
needed: ``users.role`` is a plain string checked against :data:`ROLES`.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

from archive.catalog.codes import effective_mode
from archive.config import SearchRole, Settings
from archive.errors import InvalidInput

__all__ = [
    "CAPABILITIES",
    "ROLES",
    "Capability",
    "allowed_modes",
    "can",
    "visible",
]

ROLES: Final[tuple[str, ...]] = get_args(SearchRole)
"""Every role, in the order of ``SearchRole``."""


def allowed_modes(settings: Settings, role: str) -> frozenset[str]:
    """Access modes ``role`` may find: 01 always; 02 and 03 as the settings allow."""
    if role not in ROLES:
        raise InvalidInput(f"vai trò không hợp lệ / unknown role {role!r}: {', '.join(ROLES)}")
    modes = {"01"}
    if role in settings.search_roles_mode_02:
        modes.add("02")
    if settings.search_index_restricted and role in settings.search_roles_mode_03:
        modes.add("03")
    return frozenset(modes)


Capability = Literal[
    "verification",
    "audit_trail",
    "due_report",
    "statistics",
    "filing_tray",
    "minutes",
    "disposal_execute",
    "inspections",
]

CAPABILITIES: Final[dict[Capability, frozenset[str]]] = {
    "verification": frozenset({"auditor", "archivist", "admin"}),
    "audit_trail": frozenset({"auditor", "archivist", "admin"}),
    "due_report": frozenset({"archivist", "admin"}),
    "statistics": frozenset({"auditor", "archivist", "admin"}),
    "filing_tray": frozenset({"archivist", "admin"}),
    "minutes": frozenset({"archivist", "admin"}),
    "disposal_execute": frozenset({"archivist"}),
    "inspections": frozenset({"auditor", "archivist", "admin"}),
}
"""Role-gated views beyond reading records: the signature verification report, the audit
trail (who viewed and downloaded what), the report of what is due (the archivist's and the
operator's morning list), the statistics of holdings and use (docs/statistics.md), the
filing tray of received documents (docs/edxml.md), the minutes the archive wrote
(docs/minutes.md), and the archivist's part of a destruction
(the disposal lists' pages, attaching the appraisal, the execution: docs/retention.md). The
council's members and the head act on the disposal pages by their seat on the council
(``archive disposal council``), not by a role: they vote, and the head decides; and the
periodic inspection's plan, runs and failures (docs/operations.md "Inspection")."""


def can(role: str, capability: Capability) -> bool:
    """Whether ``role`` has ``capability``."""
    return role in CAPABILITIES[capability]


def visible(settings: Settings, role: str, *modes: str | None) -> bool:
    """Whether ``role`` may see a record with these (document, dossier) access modes."""
    return effective_mode(*modes) in allowed_modes(settings, role)
