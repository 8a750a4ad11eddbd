"""Ingest a batch of packages one by one: a bad package never stops the batch.

``Ingestor.ingest`` refuses bad input with coded findings; what it cannot foresee (a full disk,
a name the file system refuses, a bug) arrives here as an exception. Each becomes a coded,
bilingual finding on that package's result and the batch goes on with the next one.

What the archive holds afterwards is what the pipeline guarantees (ADR 0001): before the AIP is
published nothing of the package is in the store or the catalog (staging is discarded); once it
is published but not catalogued, ingesting the same package again adopts it (ING003); after the
catalog commit the dossier is complete (ING004 is only a warning).

With a pool of validation workers, ``ingest_batch`` keeps one package ahead: the next one is
unpacked, scanned, read and handed to the workers (``Ingestor.steps`` pauses there, nothing of it
stored or looked up) before the one before it is stored and catalogued. The catalog keeps its
single writer, this process, and the packages reach it in their order; a failure is still
charged to the package it happened to (each keeps its own ``IngestProgress``).

The crash tests call ``Ingestor.ingest`` directly, so a simulated crash still propagates there;
through a batch it becomes a finding like any other exception. ``KeyboardInterrupt`` and
``SystemExit`` still stop the batch.
"""

from __future__ import annotations

import errno
import os
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from archive.audit.chain import AgentRef
from archive.clock import catalog_time
from archive.findings import Finding, Report
from archive.ingest.pipeline import (
    Ingestor,
    IngestProgress,
    IngestResult,
    IngestSteps,
    object_id_for,
)
from archive.packages.unpack import MAX_NAME_BYTES, MAX_PATH_BYTES

__all__ = ["ingest_batch", "ingest_one"]

_DISK_FULL: Final = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def ingest_one(ingestor: Ingestor, source: Path, agent: AgentRef, log_dir: Path) -> IngestResult:
    """Ingest ``source``; never raises for that package, whatever goes wrong.

    An unexpected exception's traceback is appended to a file in ``log_dir`` that the ING999
    finding names, so that it can be reported without being printed into the batch's output.
    """
    try:
        return ingestor.ingest(source, agent)
    except Exception as exc:  # the point: one package's failure is a finding, not a stop
        return _failed(ingestor, source, exc, log_dir)


@dataclass
class _Started:
    """A package of a batch, paused in ``Ingestor.steps`` or already done."""

    source: Path
    steps: IngestSteps | None
    progress: IngestProgress = field(default_factory=IngestProgress)
    result: IngestResult | None = None


def _step(ingestor: Ingestor, started: _Started, log_dir: Path) -> None:
    """Run ``started`` to its pause (first call) or to its end (second call)."""
    assert started.steps is not None
    ingestor.progress = started.progress
    try:
        next(started.steps)
    except StopIteration as done:
        started.result = done.value
    except Exception as exc:  # as in ingest_one: a finding for this package
        started.result = _failed(ingestor, started.source, exc, log_dir)
    started.progress = ingestor.progress
    if started.result is not None:
        started.steps = None


def ingest_batch(
    ingestor: Ingestor, sources: Iterable[Path], agent: AgentRef, log_dir: Path, *, ahead: int = 1
) -> Iterator[IngestResult]:
    """The result of each package, in order, as ``ingest_one`` gives it; ``ahead`` packages
    are started (and their validation with them) before the one before them is finished."""
    queue: deque[_Started] = deque()
    try:
        for source in sources:
            started = _Started(source, ingestor.steps(source, agent))
            _step(ingestor, started, log_dir)
            queue.append(started)
            while len(queue) > ahead:
                yield _finish(ingestor, queue.popleft(), log_dir)
        while queue:
            yield _finish(ingestor, queue.popleft(), log_dir)
    finally:
        for left in queue:  # the caller stopped early: discard their staging, nothing stored
            if left.steps is not None:
                left.steps.close()


def _finish(ingestor: Ingestor, started: _Started, log_dir: Path) -> IngestResult:
    if started.steps is not None:
        _step(ingestor, started, log_dir)
    assert started.result is not None
    return started.result


def _failed(ingestor: Ingestor, source: Path, exc: Exception, log_dir: Path) -> IngestResult:
    report = Report(str(source))
    progress = ingestor.progress
    detail = _describe(exc)
    arc = progress.arc_file_code
    if arc is not None and progress.catalogued:
        report.add("ING004", "", value=arc, detail=detail)
        return IngestResult(str(source), "accepted", report, None, arc, object_id_for(arc))
    if arc is not None and progress.stored:
        report.add("ING003", "", value=arc, detail=detail)
        return IngestResult(str(source), "refused", report, None, arc, object_id_for(arc))
    report.findings.append(_unchanged_finding(source, exc, detail, log_dir))
    return IngestResult(str(source), "refused", report)


def _unchanged_finding(source: Path, exc: Exception, detail: str, log_dir: Path) -> Finding:
    """The finding for a failure before anything was stored."""
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
        return Finding.make("ING001", str(source), detail=detail)
    if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
        # The zip checks catch long names first; this is a folder package or the staging path.
        return Finding.make(
            "PKG005", str(source), detail=detail, max_name=MAX_NAME_BYTES, max_path=MAX_PATH_BYTES
        )
    if isinstance(exc, OSError):
        return Finding.make("ING002", str(source), detail=detail)
    return Finding.make("ING999", str(source), detail=detail, log=_log(source, exc, log_dir))


def _describe(exc: BaseException) -> str:
    """One line naming what failed: the exception type, its message and the file, if any."""
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        name = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
        return f"{name} {exc.strerror or exc}{where}"
    return f"{type(exc).__name__}: {exc}"


def _log(source: Path, exc: Exception, log_dir: Path) -> str:
    """Append the traceback to ``log_dir/ingest-errors.log``; returns the path to quote."""
    path = log_dir / "ingest-errors.log"
    stamp = catalog_time()
    text = "".join(traceback.format_exception(exc))
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp} pid {os.getpid()} package {source}\n{text}\n")
    except OSError as log_exc:  # the disk that failed the ingest may refuse the log too
        return f"(không ghi được nhật ký / log not written: {log_exc.strerror})"
    return str(path)
