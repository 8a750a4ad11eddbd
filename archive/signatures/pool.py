"""Signature validation on every core: a pool of worker processes for the ingest step.

pyHanko is CPU-bound pure Python, so threads bring nothing (docs/signatures.md, "pyHanko
pitfalls"); processes do. The pool only ever *reads* staged files and returns plain, picklable
``(ValidationReport, ValidationData)`` pairs: the parent alone builds, stores and catalogues, in
the order it always did, so the single-writer catalog and the crash guarantees stay what they
were (a worker that dies takes no stored byte and no catalog row with it).

Workers are started with ``spawn`` (a fresh interpreter: no lock or thread of the parent is
inherited) and initialised once with the settings they need (trust store, fetching, the signer
pattern); each keeps its own ``memo`` caches for the whole run. The ingest also hands them
other work that only reads a staged file (``run``: the text for the search index). As with any
``spawn`` pool, a worker imports the main module of the program again: a script that ingests
through the pool must keep its work under ``if __name__ == "__main__":`` (``archive``,
``python -m cli.main`` and the benchmarks do), or every worker dies at start and each package is
refused with SIG005.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from archive.signatures.context import ValidationData, ValidationSettings
from archive.signatures.report import ValidationReport
from archive.signatures.trust import TrustStore

__all__ = ["PARENT_POLL_SECONDS", "ValidationPool", "WorkerSettings", "machine_workers"]

Validated = tuple[ValidationReport, ValidationData]
T = TypeVar("T")
PARENT_POLL_SECONDS = 1.0


def machine_workers(setting: int) -> int:
    """How many validation processes ``ingest_workers = setting`` means: 0 = one per core this
    process may run on."""
    if setting > 0:
        return setting
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class WorkerSettings:
    """What a worker needs to build its ``ValidationSettings``: plain, picklable values."""

    trust_roots: tuple[Path, ...]
    trust_intermediates: tuple[Path, ...]
    fetch: bool
    organisation_pattern: str

    def build(self) -> ValidationSettings:
        """The validation settings, loaded from the files."""
        return ValidationSettings(
            trust=TrustStore.from_paths(self.trust_roots, self.trust_intermediates),
            fetch=self.fetch,
            organisation_pattern=self.organisation_pattern,
        )


_WORKER: dict[str, ValidationSettings] = {}  # the worker's settings, set once per process


def _watch_parent(parent: int) -> None:
    """A worker whose ingest process died (``kill -9``) ends too: its queues would keep it
    waiting forever (it holds their write ends itself)."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _initialise(settings: WorkerSettings, parent: int) -> None:
    from archive.signatures import hexread
    from archive.signatures.memo import install

    # ``parent`` from the parent itself: it may have died while this worker was starting.
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    install()
    hexread.install()
    _WORKER["cfg"] = settings.build()


def _validate(path: str, name: str) -> Validated:
    from archive.signatures.validate import validate_pdf

    return validate_pdf(Path(path), _WORKER["cfg"], name=name)


class ValidationPool:
    """A process pool validating PDFs; started on first use, restarted after a worker died."""

    def __init__(self, settings: WorkerSettings, workers: int) -> None:
        self.settings = settings
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def submit(self, path: Path, name: str) -> Future[Validated]:
        """Validate ``path`` in a worker; the future's result is ``validate_pdf``'s."""
        return self.run(_validate, str(path), name)

    def run(self, task: Callable[..., T], *args: object) -> Future[T]:
        """Run ``task(*args)`` in a worker: other read-only work of the ingest on a staged file
        (the text for the search index). ``task`` must be a module-level function, and its
        arguments and result picklable."""
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_initialise,
                initargs=(self.settings, os.getpid()),
            )
        return self._executor.submit(task, *args)

    def pids(self) -> list[int]:
        """The worker processes running now (for tests and diagnostics)."""
        executor = self._executor
        if executor is None:
            return []
        return [p.pid for p in list(getattr(executor, "_processes", {}).values()) if p.pid]

    def broken(self) -> None:
        """A worker died: drop the pool; the next submission starts a new one."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers (waits for running validations)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
