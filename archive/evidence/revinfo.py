"""Revocation data fetched right after a batch's timestamp, kept in the batch object.

A proof of existence at time T helps a signature only if revocation data issued *after* T shows
its certificates were not revoked before T (past certificate validation, EN 319 102-1); the
data kept at ingest or in the PDF's DSS is older than any evidence record. So, once the TSA has
answered, each signed PDF of the batch is validated with fetching on and the OCSP responses,
CRLs and certificates gathered are stored beside its record: ``revinfo/<n>/{ocsp,crl,certs}/
<sha256>.der`` for leaf *n*. ``archive verify`` adds them to the validation data
(``archive/evidence/bridge.py``). A fetch that fails only leaves that leaf without fresh data.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive.clock import utc_now
from archive.db.engine import unit_of_work
from archive.errors import ArchiveError
from archive.services import Services
from archive.signatures.models import Signature

__all__ = ["fresh_revocation", "revinfo_prefix"]

# pyHanko compares times with a tolerance of 1 s (ValidationContext.time_tolerance): data
# issued within it of the proven time would not count as later.
_MARGIN_S = 2.5
_KINDS = {"ocsps": "ocsp", "crls": "crl", "certs": "certs"}


def revinfo_prefix(index: int) -> str:
    """Folder of leaf ``index``'s fresh revocation data in its batch object."""
    return f"revinfo/{index}/"


def _after(moment: datetime) -> None:
    """Wait until the clock is a whole second past ``moment``: OCSP and CRL times have whole
    seconds, and data stamped in the timestamp's own second would not be later than it."""
    delay = moment.replace(microsecond=0) + timedelta(seconds=_MARGIN_S) - utc_now()
    if delay.total_seconds() > 0:
        time.sleep(delay.total_seconds())


def fresh_revocation(
    archive: Services, leaves: Sequence[Any], folder: Path, after: datetime
) -> dict[str, bytes]:
    """Logical path → DER of the revocation data fetched for every signed PDF leaf, once the
    clock is past ``after`` (the batch's timestamp)."""
    from archive.signatures.step import looks_like_pdf, validation_settings
    from archive.signatures.validate import validate_pdf

    if not archive.settings.signature_fetch:
        return {}
    ids = {leaf.file_id for leaf in leaves if leaf.file_id is not None}
    with unit_of_work(archive.sessions) as session:
        signed = set(
            session.scalars(select(Signature.file_id).where(Signature.file_id.in_(ids)).distinct())
        )
    if not signed:
        return {}
    _after(after)
    cfg = validation_settings(archive.settings)
    out: dict[str, bytes] = {}
    for index, leaf in enumerate(leaves):
        if leaf.file_id not in signed:
            continue
        copy = folder / f"revinfo-{index}"
        try:
            opened = archive.ocfl.open_logical(leaf.target_object, leaf.path, leaf.target_version)
            with opened as src, copy.open("wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
            if not looks_like_pdf(copy):
                continue
            _, data = validate_pdf(copy, cfg)
        except (ArchiveError, OSError):
            continue
        finally:
            copy.unlink(missing_ok=True)
        for attr, kind in _KINDS.items():
            for der in getattr(data, attr).values():
                digest = hashlib.sha256(der).hexdigest()
                out[f"{revinfo_prefix(index)}{kind}/{digest}.der"] = der
    return out
