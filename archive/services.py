"""What the services below the composition root need of an open archive.

``Services`` lists the parts of ``archive.bootstrap.Archive`` that the domains and jobs use:
the settings, the catalog's sessions, the primary OCFL root, the replica and every store by
name. ``Archive`` satisfies it structurally (mypy checks that in ``bootstrap.py``); the lower
layers type against it instead of importing the composition root, which imports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pyhanko.sign.timestamps import TimeStamper
    from sqlalchemy.orm import Session, sessionmaker

    from archive.config import Settings
    from archive.search.service import SearchService
    from archive.storage.ocfl import OcflRoot

__all__ = ["CopyHolder", "Services"]


class CopyHolder(Protocol):
    """Something beyond the live stores that keeps copies of stored objects (the dated backup
    sets): a destruction erases the object there too and lists what it erased."""

    @property
    def name(self) -> str:
        """The holder's name in the destruction records (``backup:2026-12-01-full``)."""
        ...

    def erase(self, object_id: str) -> int:
        """Erase every copy of ``object_id`` this holder keeps; returns the keys removed (0 when
        it holds none, or an earlier, interrupted run erased them already)."""
        ...


class Services(Protocol):
    """Settings, catalog sessions and primary OCFL root of one archive home."""

    @property
    def settings(self) -> Settings:
        """The archive's settings."""
        ...

    @property
    def sessions(self) -> sessionmaker[Session]:
        """Sessions on the catalog (one ``unit_of_work`` each)."""
        ...

    @property
    def ocfl(self) -> OcflRoot:
        """The primary OCFL storage root."""
        ...

    @property
    def replica(self) -> OcflRoot | None:
        """The replica's OCFL root, when one is configured."""
        ...

    def timestamper(self) -> TimeStamper:
        """The RFC 3161 client of the configured TSA (``tsa_url``); NotSupported without one."""
        ...

    @property
    def search(self) -> SearchService:
        """The search service (index maintenance, access-controlled search)."""
        ...

    def roots(self) -> dict[str, OcflRoot]:
        """Every store of the archive by name: the primary first, then the replica."""
        ...

    def other_holders(self) -> list[CopyHolder]:
        """Holders of copies beyond :meth:`roots` (the backup sets), which a destruction erases
        too (``archive.retention.dossiers.erase_copies``)."""
        ...
