"""``archive rebuild --check``: the restore drill on a running archive. The catalog is rebuilt
from the primary store into a scratch catalog (a temporary SQLite file in the staging area,
whatever the live catalog runs on), then compared with the live one row for row
(``archive.rebuild.compare``). The live catalog is only read, and storage is not written."""

from __future__ import annotations

from sqlalchemy import MetaData

from archive.audit.chain import AgentRef
from archive.audit.seal import stored_head
from archive.db.engine import make_engine, make_session_factory
from archive.db.migrate import upgrade
from archive.rebuild.compare import Comparison, compare
from archive.rebuild.run import RebuildReport, rebuild
from archive.services import Services
from archive.storage.ocfl import scratch

__all__ = ["check"]


def check(
    archive: Services, metadata: MetaData, agents: list[AgentRef]
) -> tuple[RebuildReport, Comparison]:
    """Rebuild into a scratch catalog and compare it with the live one, up to the sealed
    head of the primary store's log."""
    head = stored_head(archive.ocfl).seq
    with scratch(archive.settings.staging_dir, "rebuild-check") as work:
        engine = make_engine(f"sqlite:///{work / 'catalog.sqlite'}")
        try:
            upgrade(engine)
            sessions = make_session_factory(engine)
            report = rebuild(archive.settings, sessions, archive.roots(), archive.ocfl, agents)
            with archive.sessions() as live, sessions() as rebuilt:
                comparison = compare(live, rebuilt, metadata, head)
        finally:
            engine.dispose()
    return report, comparison
