"""The run: plan, then claim and work on one file at a time, then renew evidence records.

Each file is committed on its own; a failure (an ``ArchiveError``) fails that item, releases its
claim and the run goes on.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef
from archive.clock import utc_now
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError, NotSupported
from archive.evidence.service import renew_due
from archive.preserve import planning
from archive.preserve.copies import augment_item, revalidate_item
from archive.preserve.model import ItemResult, PreserveReport
from archive.services import Services
from archive.signatures.augment import timestamper_for
from archive.signatures.step import validation_settings

__all__ = ["run"]


def run(
    archive: Services,
    *,
    agent: AgentRef,
    dry_run: bool = False,
    limit: int | None = None,
    now: datetime | None = None,
) -> PreserveReport:
    """Plan and (unless ``dry_run``) do the work, one claimed file at a time.

    ``now`` is the planning time (which files are due); claims always use the clock.
    """
    now = now or utc_now()
    with unit_of_work(archive.sessions) as session:
        items = planning.plan(session, archive.settings, now, limit)
    report = PreserveReport(dry_run, items)
    if dry_run:
        report.evidence = renew_due(archive, agent=agent, now=now, dry_run=True)
        return report
    worker = f"{socket.gethostname()}:{os.getpid()}"
    cfg = validation_settings(archive.settings)
    agents = [agent, software_agent()]
    no_tsa = None
    try:
        timestamper_for(archive.settings.tsa_url)
    except NotSupported as exc:
        no_tsa = str(exc)
    minutes = archive.settings.preserve_claim_minutes
    for item in items:
        if no_tsa and item.action in ("augment", "renew"):
            # Said plainly, and nothing is claimed or written.
            report.results.append(ItemResult(item, "failed", item.bottom_line, None, no_tsa))
            continue
        if not planning.claim(archive.sessions, item, worker, minutes):
            continue
        work = augment_item if item.action in ("augment", "renew") else revalidate_item
        try:
            report.results.append(work(archive, item, cfg, agents, worker))
        except ArchiveError as exc:
            report.results.append(ItemResult(item, "failed", item.bottom_line, None, str(exc)))
            planning.release(archive.sessions, item)
        except BaseException:
            planning.release(archive.sessions, item)
            raise
    report.evidence = renew_due(archive, agent=agent, now=now, dry_run=False)
    return report
