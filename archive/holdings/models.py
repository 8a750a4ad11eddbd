"""Holdings models: one row per copy of an OCFL object in one store (ADR 0009: replication and
fixity).

Derived data like the rest of the catalog; the events table keeps the history of replications
and checks.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from archive.db.base import Base

__all__ = ["ObjectCopy"]


class ObjectCopy(Base):
    """One copy of an OCFL object in one store: what was replicated and when it was last checked.

    Derived data like the rest of the catalog (``archive rebuild`` recreates a row per object and
    store found, unchecked); the events table keeps the history of replications and checks.
    """

    __tablename__ = "object_copies"
    __table_args__ = (UniqueConstraint("object_id", "store"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    object_id: Mapped[str] = mapped_column(String(100), index=True)
    store: Mapped[str] = mapped_column(String(40))
    # Head version of the copy when it was last written or checked.
    head: Mapped[str] = mapped_column(String(10))
    # ok | damaged | missing
    state: Mapped[str] = mapped_column(String(20), index=True)
    replicated_at: Mapped[str | None] = mapped_column(String(40))
    checked_at: Mapped[str | None] = mapped_column(String(40), index=True)
    check_outcome: Mapped[str | None] = mapped_column(String(20))
    check_detail: Mapped[str | None] = mapped_column(Text)
    checked_bytes: Mapped[int | None] = mapped_column(BigInteger)
