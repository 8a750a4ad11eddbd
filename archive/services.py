"""What the services below the composition root need of an open archive.

``Services`` lists the parts of ``archive.bootstrap.Archive`` that the signature preservation
job and the evidence records use: the settings, the catalog's sessions and the primary OCFL
root. ``Archive`` satisfies it structurally; these layers type against it instead of importing
the composition root (which imports them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from archive.config import Settings
    from archive.storage.ocfl import OcflRoot

__all__ = ["Services"]


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
