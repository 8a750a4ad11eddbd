"""The search service: keeps the index in step with the catalog and answers with access control.

Layout of ``search_index_dir`` (default ``<home>/index``)::

    <backend>/CURRENT        name of the live generation (replaced atomically)
    <backend>/write.lock     one writer at a time, across processes (flock)
    <backend>/g-<stamp>/     a generation: the engine's files + index.json (format, settings)

``reindex`` builds a new generation beside the live one and switches ``CURRENT`` when it is
complete, so searches keep working (on the old generation) during a rebuild and a crash leaves
the old index in place. Writers take the lock and read ``CURRENT`` after getting it, so an
ingest that waited for a rebuild writes into the new generation.

Access (docs/architecture.md, invariant "Restricted records never leak"): every query carries
the modes the role may see, applied by the backend to hits, total and facet counts; mode 03
documents are not even indexed unless ``search_index_restricted`` is on.

A query without hits is answered by its fallback (:func:`answer`): the documents with any of
its words, ranked, marked ``fallback`` so that every door says so (issue #18).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from archive.catalog.models import Document, Dossier
from archive.clock import utc_now
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.errors import ConfigurationError, IntegrityFailure, Unavailable
from archive.findings import Finding
from archive.search._fields import INDEX_FORMAT
from archive.search.abbreviations import Abbreviations
from archive.search.api import SearchIndex, SearchQuery, SearchRequest, SearchResult
from archive.search.documents import index_docs
from archive.search.extract import StagedText
from archive.search.findings import finding
from archive.search.limits import SearchLimits, check_request
from archive.search.parse import parse_query
from archive.storage.ocfl import OcflRoot
from archive.users.access import allowed_modes

__all__ = [
    "ReindexSummary",
    "SearchService",
    "answer",
    "open_backend",
    "update_index_after_ingest",
]

log = logging.getLogger(__name__)

_CURRENT: Final = "CURRENT"
_META: Final = "index.json"
_LOCK: Final = "write.lock"


def open_backend(backend: str, directory: Path, *, threads: int = 1) -> SearchIndex:
    """Open (or create) the index of ``backend`` in ``directory``."""
    if backend == "tantivy":
        from archive.search.tantivy_index import TantivyIndex

        return TantivyIndex(directory, threads=threads)
    if backend == "whoosh":
        from archive.search.whoosh_index import WhooshIndex

        return WhooshIndex(directory)
    raise ConfigurationError(f"unknown search backend {backend!r}")


def answer(index: SearchIndex, query: SearchQuery) -> SearchResult:
    """``index``'s answer to ``query``; when nothing has all the words, the closest matches
    instead: the documents with any of them, ranked (more of the words and rarer ones first,
    neighbouring words first), with ``fallback`` set. A query of one word (or one abbreviation)
    has no fallback. Filters and access modes hold for the fallback as for the query."""
    result = index.search(query)
    if result.total or query.relaxed:
        return result
    if not parse_query(query.request.text, query.abbreviations).relaxable:
        return result
    closest = index.search(replace(query, relaxed=True))
    if not closest.total:
        return result
    return replace(closest, fallback=True, took_ms=result.took_ms + closest.took_ms)


@dataclass
class ReindexSummary:
    """What a rebuild did."""

    backend: str
    dossiers: int = 0
    documents: int = 0
    seconds: float = 0.0
    text_status: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "backend": self.backend,
            "dossiers": self.dossiers,
            "documents": self.documents,
            "seconds": round(self.seconds, 3),
            "text_status": self.text_status,
            "findings": [f.as_dict() for f in self.findings],
        }


class SearchService:
    """Index maintenance and access-controlled search over one archive's index."""

    def __init__(self, settings: Settings, sessions: sessionmaker[Session], ocfl: OcflRoot) -> None:
        self.settings = settings
        self.sessions = sessions
        self.ocfl = ocfl
        self.root = settings.resolved_search_index_dir / settings.search_backend
        self._open: tuple[str, SearchIndex] | None = None
        self._abbreviations: Abbreviations | None = None

    @property
    def abbreviations(self) -> Abbreviations:
        """The built-in abbreviations with the ``search_abbreviations`` changes (read when
        first used: a bad entry fails searches with its reason, never an ingest)."""
        if self._abbreviations is None:
            self._abbreviations = Abbreviations.with_changes(self.settings.search_abbreviations)
        return self._abbreviations

    # ------------------------------------------------------------------ generations

    def _current(self) -> str | None:
        try:
            name = (self.root / _CURRENT).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name and (self.root / name).is_dir() else None

    def _index(self, generation: str) -> SearchIndex:
        if self._open is not None and self._open[0] == generation:
            return self._open[1]
        self.close()
        directory = self.root / generation
        meta = json.loads((directory / _META).read_text(encoding="utf-8"))
        if meta.get("format") != INDEX_FORMAT:
            raise ConfigurationError(
                "chỉ mục tìm kiếm được tạo bởi phiên bản khác: chạy 'archive search reindex' / "
                "the search index was built by another version: run 'archive search reindex'"
            )
        index = open_backend(self.settings.search_backend, directory)
        self._open = (generation, index)
        return index

    def _new_generation(self) -> Path:
        stamp = utc_now().strftime("%Y%m%dT%H%M%S%fZ")
        directory = self.root / f"g-{stamp}-{os.getpid()}"
        directory.mkdir(parents=True)
        meta = {
            "format": INDEX_FORMAT,
            "backend": self.settings.search_backend,
            "restricted": self.settings.search_index_restricted,
            "created": utc_now().isoformat(),
        }
        (directory / _META).write_text(json.dumps(meta), encoding="utf-8")
        return directory

    def _switch(self, directory: Path) -> None:
        tmp = self.root / f".{_CURRENT}.{os.getpid()}"
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(directory.name)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(self.root / _CURRENT)
        fd = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        for old in self.root.glob("g-*"):
            if old.name != directory.name:
                shutil.rmtree(old, ignore_errors=True)

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.settings.search_lock_timeout_s
        with (self.root / _LOCK).open("a") as fh:
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise Unavailable(
                            "chỉ mục tìm kiếm đang được ghi bởi tiến trình khác / the search "
                            "index is being written by another process"
                        ) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def close(self) -> None:
        """Release the open index."""
        if self._open is not None:
            self._open[1].close()
            self._open = None

    # ------------------------------------------------------------------ reads

    def exists(self) -> bool:
        """Whether an index has been built."""
        return self._current() is not None

    def search(self, request: SearchRequest, role: str) -> SearchResult:
        """Search as ``role``: only documents of the modes it may see, in hits and counts."""
        modes = allowed_modes(self.settings, role)
        limits = SearchLimits.from_settings(self.settings)
        check_request(request, limits)  # every door (web, API, CLI) passes here
        generation = self._current()
        if generation is None:
            raise ConfigurationError(
                "chưa có chỉ mục tìm kiếm: chạy 'archive search reindex' / "
                "no search index yet: run 'archive search reindex'"
            )
        query = SearchQuery(request, modes, limits.max_prefix_expansions, self.abbreviations)
        result = answer(self._index(generation), query)
        leaked = [h.doc_code for h in result.hits if h.mode not in modes]
        if leaked:  # a backend bug; never show the documents
            raise IntegrityFailure(f"search backend returned documents outside {modes}: {leaked}")
        return result

    def status(self) -> dict[str, object]:
        """Backend, location, generation and size of the index."""
        generation = self._current()
        out: dict[str, object] = {
            "backend": self.settings.search_backend,
            "directory": str(self.root),
            "generation": generation,
            "documents": None,
            "restricted_indexed": self.settings.search_index_restricted,
        }
        if generation is not None:
            out["documents"] = self._index(generation).count()
        with unit_of_work(self.sessions) as session:
            out["catalog_documents"] = session.scalar(select(func.count(Document.id))) or 0
        return out

    # ------------------------------------------------------------------ writes

    def _load(self, session: Session, arc_file_code: str) -> Dossier | None:
        return session.scalar(
            select(Dossier)
            .where(Dossier.arc_file_code == arc_file_code)
            .options(
                selectinload(Dossier.documents).selectinload(Document.files),
                selectinload(Dossier.fonds),
            )
        )

    def index_dossier(
        self, arc_file_code: str, staged: Mapping[str, StagedText] | None = None
    ) -> list[Finding]:
        """Bring one dossier's documents in the index up to date with the catalog (``staged``:
        texts extracted at ingest, ``index_docs``).

        Without an index yet, one is created if this is the catalog's only dossier; otherwise
        the index would silently miss the others, so an IDX001 finding asks for a reindex.
        """
        with unit_of_work(self.sessions) as session:  # read and extract before locking
            dossier = self._load(session, arc_file_code)
            docs, findings = (
                index_docs(self.settings, self.ocfl, dossier, staged) if dossier else ([], [])
            )
            dossiers = session.scalar(select(func.count(Dossier.id))) or 0
        with self._write_lock():
            generation = self._current()
            if generation is None:
                if dossiers > 1:
                    return [*findings, finding("IDX001", detail="no index yet")]
                directory = self._new_generation()
                self._switch(directory)
                generation = directory.name
            with self._index(generation).writing() as writer:
                writer.delete_dossier(arc_file_code)
                writer.upsert(docs)
        return findings

    def remove_dossier(self, arc_file_code: str) -> None:
        """Take a dossier's documents out of the index (disposal, transfer)."""
        with self._write_lock():
            generation = self._current()
            if generation is None:
                return
            with self._index(generation).writing() as writer:
                writer.delete_dossier(arc_file_code)

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> ReindexSummary:
        """Rebuild the whole index from the catalog and the stored originals."""
        started = time.perf_counter()
        summary = ReindexSummary(self.settings.search_backend)
        with self._write_lock():
            with unit_of_work(self.sessions) as session:
                codes = list(session.scalars(select(Dossier.arc_file_code).order_by(Dossier.id)))
            directory = self._new_generation()
            try:
                index = open_backend(self.settings.search_backend, directory, threads=2)
                try:
                    with index.writing() as writer:
                        for done, code in enumerate(codes, start=1):
                            with unit_of_work(self.sessions) as session:
                                dossier = self._load(session, code)
                                if dossier is None:  # removed meanwhile
                                    continue
                                docs, findings = index_docs(self.settings, self.ocfl, dossier)
                            writer.upsert(docs)
                            summary.dossiers += 1
                            summary.documents += len(docs)
                            summary.findings.extend(findings)
                            for doc in docs:
                                status = doc.text_status
                                summary.text_status[status] = summary.text_status.get(status, 0) + 1
                            if progress is not None:
                                progress(done, len(codes))
                finally:
                    index.close()
            except BaseException:
                shutil.rmtree(directory, ignore_errors=True)
                raise
            self.close()
            self._switch(directory)
        summary.seconds = time.perf_counter() - started
        return summary


def update_index_after_ingest(
    settings: Settings,
    sessions: sessionmaker[Session],
    ocfl: OcflRoot,
    arc_file_code: str,
    staged: Mapping[str, StagedText] | None = None,
) -> list[Finding]:
    """Index a dossier just catalogued. Never raises: the index is derived data, and a failure
    here must not fail an ingest whose dossier is already stored; it is logged and reported
    (IDX001), and ``archive search reindex`` repairs it."""
    service = SearchService(settings, sessions, ocfl)
    try:
        return service.index_dossier(arc_file_code, staged)
    except Exception as exc:
        log.warning("search index update failed for %s: %s", arc_file_code, exc, exc_info=True)
        return [finding("IDX001", detail=f"{type(exc).__name__}: {exc}"[:300])]
    finally:
        service.close()
