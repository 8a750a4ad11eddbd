"""``archive preserve run``: keep signed originals provable over time.

Per file (original, or its current preservation copy), in this order of urgency:

- **augment**: a B-T/B-LT original whose last verdict is TOTAL_PASSED gets a PAdES-LTA
  preservation copy (DSS + document timestamp). An INDETERMINATE one is not augmented (its
  validation data cannot be gathered while it does not validate); it is revalidated on schedule
  and augmented once it passes. B-B files are never augmented (``augment.B_B_REFUSAL``);
- **renew**: a B-LTA file whose protection horizon is within ``renewal_margin_days`` gets a new
  archive timestamp (``update_archival_timestamp_chain``). A renewal that would not move the
  horizon later (the new timestamp's algorithms or TSA certificate end no later) is not stored:
  the item fails with the reason, so the operator changes the TSA or reviews the crypto-suite
  table instead of the job adding a useless version every night;
- **revalidate**: anything validated longer ago than ``revalidate_after_days`` is validated again;
  a change of verdict or of any signature's status (for example newly revoked) is reported
  loudly (``ItemResult.changed``, the CLI exits 1).

Copies are written as a new OCFL version of the dossier: ``representations/rep2/data/<name>``
(the original's path with ``rep1`` → ``rep2``), a manifest ``metadata/preservation/lta/
<docCode>.json`` (source path and SHA-512, copy path, report, action, TSA, time), the copy's
report ``metadata/preservation/signatures/<docCode>/lta-report.json`` and the validation data
gathered (beside the ingest report). The original in ``representations/rep1/data`` is never
touched and stays a byte prefix of the copy. A copy is only stored when it validates no worse
than what it preserves.

Workers and crashes:

- each file is claimed with a conditional UPDATE (not superseded, no live claim) before work
  starts, so several workers (processes, hosts) can run at once; a claim lapses after
  ``preserve_claim_minutes`` so the work of a dead worker is taken over;
- two documents of one dossier share an OCFL object: when another worker published the version
  number first (``ObjectExists``), the version is rebuilt on the new head and published again;
- each file is committed on its own. A run that died after publishing the version but before the
  catalog commit is finished by the next run: the manifest in the head version names the source
  it was made from (SHA-512), and a copy the catalog does not know yet is *adopted* (catalogued,
  events recorded) instead of being made again.

Modules: ``model`` (work items, results, where copies live), ``planning`` (planning and claims),
``copies`` (making the copies through pyHanko, revalidation), ``record`` (the new OCFL version,
catalog rows and events), ``worker`` (the run).
"""

from __future__ import annotations

from archive.preserve.model import (
    ItemResult,
    PreserveReport,
    WorkItem,
    copy_path,
    manifest_path,
)
from archive.preserve.planning import plan
from archive.preserve.worker import run

__all__ = ["ItemResult", "PreserveReport", "WorkItem", "copy_path", "manifest_path", "plan", "run"]
