"""The composition root: builds the one ``Archive`` object the CLI and the web drive.

Nothing else constructs engines, stores or services. ``open_archive`` also clears staging left
behind by dead processes (a crash never leaves anything in the store or the catalog; its
scratch files are removed here).

Opening an archive stays light (start-up time of every command, tests/cli/test_start.py): the
ingest pipeline, search and the pyHanko signature step are imported where first used, and the
signature step is created on first use.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from archive import __version__
from archive.audit.agents import person_agent, software_agent
from archive.audit.chain import AgentRef, ChainReport, NewEvent, append_events, verify_chain
from archive.catalog.queries import catalog_counts, find_document, secret_documents
from archive.certificates import DEMO_TSA_SCHEME
from archive.config import Settings, load_settings
from archive.db import migrate
from archive.db.engine import make_engine, make_session_factory, unit_of_work
from archive.errors import (
    ConfigurationError,
    InvalidInput,
    NotFound,
)
from archive.home import no_archive_at
from archive.storage.deliver import deliver
from archive.storage.ocfl import OcflRoot, discard
from archive.storage.stores import open_primary, open_replica

if TYPE_CHECKING:
    from pyhanko.sign.timestamps import TimeStamper

    from archive.audit.seal import Seal
    from archive.ingest.pipeline import Ingestor, IngestResult
    from archive.search.service import SearchService
    from archive.services import CopyHolder, Services
    from archive.signatures.api import SignatureStep
    from archive.storage.api import ObjectStore

__all__ = ["Archive", "open_archive", "person_agent", "software_agent"]

log = logging.getLogger(__name__)


@dataclass
class Archive:
    """Settings, catalog, storage and services of one archive home."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    ocfl: OcflRoot
    replica: OcflRoot | None = None
    seal_on_close: bool = True  # False: a command that must leave the catalog as it found it
    _signatures: SignatureStep | None = field(default=None, repr=False)

    @property
    def signatures(self) -> SignatureStep:
        """The signature step of ingest (pyHanko, per the settings), created on first use."""
        if self._signatures is None:
            from archive.signatures.pool import machine_workers
            from archive.signatures.step import PyHankoSignatureStep

            workers = machine_workers(self.settings.ingest_workers)
            self._signatures = PyHankoSignatureStep(self.settings, workers=workers)
        return self._signatures

    @signatures.setter
    def signatures(self, step: SignatureStep) -> None:
        self._signatures = step

    def close(self) -> None:
        """Seal the audit log into storage when it is due, stop the signature workers, release
        database connections (SQLite then folds its WAL back into the file)."""
        if self.seal_on_close:
            self.seal_audit_if_due()
        if self._signatures is not None:
            self._signatures.close()
        self.engine.dispose()

    def seal_audit_if_due(self, *, job: bool = True, force: bool = False) -> Seal | None:
        """Seal the audit log when ``archive.audit.seal.seal_due`` says so (``job``: a command
        or job is ending), or whatever waits (``force``: a server stopping). Never raises: a
        seal that fails is logged and made by the next one, and must not hide what the
        command itself did or raised."""
        from archive.audit.seal import seal, seal_due

        try:
            if force:
                return seal(self, [software_agent()])
            return seal_due(self, [software_agent()], job=job)
        except Exception as exc:  # a broken store or catalog too: close and serve go on
            log.warning("audit log not sealed: %s", exc)
            return None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def timestamper(self) -> TimeStamper:
        """The RFC 3161 client of the configured TSA (``tsa_url``): an HTTP TSA, or for a
        ``demo-tsa:`` URL (``archive demo``; refused in production) the demo's in-process TSA.
        NotSupported when none is configured."""
        url = self.settings.tsa_url
        if url and url.startswith(DEMO_TSA_SCHEME):
            from archive.demo.tsa import timestamper_from_url

            return timestamper_from_url(url)
        from archive.signatures.augment import timestamper_for

        return timestamper_for(url)

    @property
    def search(self) -> SearchService:
        """A search service on this archive (index maintenance, access-controlled search); a new
        one per call: the caller closes it (``close``) when done with the index it opened."""
        from archive.search.service import SearchService

        return SearchService(self.settings, self.sessions, self.ocfl)

    @property
    def ingestor(self) -> Ingestor:
        """The ingest pipeline bound to this archive."""
        from archive.ingest.pipeline import Ingestor
        from archive.packages.viruscheck import open_scanner

        scanner = open_scanner(self.settings)  # production without a scanner: refused here
        sync = self.replica if self.settings.replication == "sync" else None
        return Ingestor(
            self.settings,
            self.sessions,
            self.ocfl,
            self.signatures,
            software_agent(),
            sync,
            scanner,
        )

    def roots(self) -> dict[str, OcflRoot]:
        """Every store of the archive by name: the primary first, then the replica."""
        found = {self.ocfl.store.name: self.ocfl}
        if self.replica is not None:
            found[self.replica.store.name] = self.replica
        return found

    def other_holders(self) -> list[CopyHolder]:
        """Holders of copies beyond the live stores, which a destruction erases too. None yet:
        the dated backup sets (``archive/backup/``) join here, each a :class:`CopyHolder`."""
        return []

    def ingest(self, source: Path, agent: AgentRef) -> IngestResult:
        """Ingest one package. A dossier whose originals the gate found held already (DUP002)
        is listed "Xem xét hủy" when every original is kept by an earlier dossier at least as
        long (``disposal_list_duplicates_at_ingest``; docs/retention.md)."""
        result = self.ingestor.ingest(source, agent)
        duplicate = any(f.code == "DUP002" for f in result.report.findings)
        if (
            duplicate
            and result.status == "accepted"
            and result.arc_file_code is not None
            and self.settings.disposal_list_duplicates_at_ingest
        ):
            from archive.retention.disposal.review import review_at_ingest

            review_at_ingest(self, result.arc_file_code, software_agent())
        return result

    def retrieve_original(
        self,
        doc_code: str,
        out: Path | BinaryIO,
        agent: AgentRef,
        *,
        force: bool = False,
        rendition: str | None = None,
    ) -> int:
        """Write a document's original bytes to ``out``, verifying SHA-256; logs the access.

        ``out`` is a path or an open binary stream (``archive get -o -``). A path that is a
        device, a pipe or a socket (``/dev/null``, a FIFO) is written in place, never replaced;
        a new regular file appears whole or not at all; an existing one is replaced only with
        ``force``. The dissemination event is written once every byte was delivered.
        ``rendition="ocr"``: the document's OCR rendition instead (``archive ocr run``), logged
        as a rendition, never as the original.
        """
        if rendition not in (None, "ocr"):
            raise InvalidInput(f"không có loại bản sao {rendition} / no rendition {rendition!r}")
        role = "rendition" if rendition else "original"
        with unit_of_work(self.sessions) as session:
            doc = find_document(session, doc_code)
            if doc is None:
                raise NotFound(
                    f"không có tài liệu mã {doc_code} / no document with docCode {doc_code}"
                )
            files = sorted((f for f in doc.files if f.role == role), key=lambda f: f.id)
            if not files:
                raise NotFound(
                    f"tài liệu {doc_code} chưa có bản OCR / document {doc_code} has no OCR "
                    "rendition yet (archive ocr run)"
                )
            chosen = files[-1] if rendition else files[0]
            key = self.ocfl.content_key(doc.dossier.object_id, chosen.content_path)
            arc = doc.dossier.arc_file_code
        with self.ocfl.store.open(key) as src:
            size = deliver(src, out, chosen.sha256, key, force=force)
        what = (
            ("bản OCR (không phải bản gốc)", "the OCR rendition (not the original)")
            if rendition
            else ("bản gốc", "the original")
        )
        with unit_of_work(self.sessions) as session:
            append_events(
                session,
                [
                    NewEvent(
                        "dissemination",
                        f"Truy xuất {what[0]} {doc_code} / Retrieval of {what[1]} of {doc_code}",
                        agents=[agent, software_agent()],
                        objects=[(doc_code, "source"), (f"{arc}/{chosen.path}", "source")],
                    )
                ],
            )
        return size

    def verify_audit(self) -> ChainReport:
        """Recompute the whole audit chain."""
        with unit_of_work(self.sessions) as session:
            return verify_chain(session)

    def info(self) -> dict[str, object]:
        """Where things are and how much is stored."""
        with unit_of_work(self.sessions) as session:
            counts = catalog_counts(session)
            secret = secret_documents(session)
        search = self.search
        try:
            search_status = search.status()
        finally:
            search.close()
        return {
            "version": __version__,
            "home": str(self.settings.home.resolve()),
            "environment": self.settings.environment,
            "catalog": {
                "backend": self.engine.dialect.name,
                "url": self.engine.url.render_as_string(hide_password=True),
                "revision": migrate.current_revision(self.engine),
            },
            "storage": {
                "backend": self.settings.storage_backend,
                "root": self.ocfl.store.describe(),
                "layout": "OCFL 1.1, 0003-hash-and-id-n-tuple-storage-layout",
                "objects": sum(1 for _ in self.ocfl.iter_object_ids()),
                "replica": None
                if self.replica is None
                else {
                    "backend": self.settings.replica_backend,
                    "root": self.replica.store.describe(),
                    "replication": self.settings.replication,
                },
            },
            "search": search_status,
            # Named, not built: building it checks the trust roots ingest needs (and loads pyHanko).
            "signatures": {
                "validation": type(self._signatures).__name__
                if self._signatures is not None
                else "PyHankoSignatureStep"
            },
            "counts": counts,
            # docs/secrets.md: the profile, and the Mật documents held (a networked archive
            # should hold none; `archive info` warns when it does).
            "secrets": {"profile": self.settings.secret_records, "held": secret},
        }


def _clean_staging(staging: Path) -> None:
    """Remove scratch directories of ingest processes that no longer run."""
    if not staging.is_dir():
        return
    for job in staging.iterdir():
        parts = job.name.split("-")
        if len(parts) >= 3 and parts[1].isdigit() and not _alive(int(parts[1])):
            discard(job)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def open_archive(settings: Settings | None = None, *, create: bool = False) -> Archive:
    """Open (or with ``create``, initialise) the archive described by ``settings``."""
    settings = settings or load_settings()
    s3 = settings.storage_backend == "s3"
    root = settings.home if s3 else settings.resolved_storage_root
    if create:
        settings.home.mkdir(parents=True, exist_ok=True)
        root.mkdir(parents=True, exist_ok=True)
    elif not root.is_dir():
        raise no_archive_at(settings.home)
    store: ObjectStore = open_primary(settings)
    replica_store = open_replica(settings, create=create)
    settings.staging_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(
        settings.resolved_database_url, busy_timeout_s=settings.sqlite_busy_timeout_s
    )
    try:
        _ensure_schema(engine, create)
    except BaseException:
        engine.dispose()
        raise
    ocfl = OcflRoot(store)
    ocfl.ensure_initialized()
    replica = OcflRoot(replica_store) if replica_store is not None else None
    if replica is not None:
        replica.ensure_initialized()
    _clean_staging(settings.staging_dir)
    return Archive(
        settings,
        engine,
        make_session_factory(engine),
        ocfl,
        replica,
    )


def _ensure_schema(engine: Engine, create: bool) -> None:
    current = migrate.current_revision(engine)
    if current == migrate.head_revision():
        return
    if create or (current is None and engine.dialect.name == "sqlite"):
        migrate.upgrade(engine)
        return
    raise ConfigurationError(
        f"catalog schema is at {current or 'nothing'}, this version needs "
        f"{migrate.head_revision()}: run 'archive db upgrade'"
    )


if TYPE_CHECKING:  # Archive is what the lower layers type against (archive/services.py)
    _SERVICES: type[Services] = Archive
