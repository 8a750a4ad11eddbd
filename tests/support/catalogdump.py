"""The catalog's description tables as plain rows keyed by natural keys (no surrogate ids), to
compare two catalogs field for field (``archive rebuild``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.catalog.models import Document, Dossier, File, Fonds
from archive.signatures.models import FileValidation, Signature

_TRANSIENT = {"id", "claimed_by", "claimed_until"}


def _row(obj: Any, **replace: Any) -> dict[str, Any]:
    data = {c.key: getattr(obj, c.key) for c in obj.__table__.columns if c.key not in _TRANSIENT}
    for key in replace:
        data.pop(key, None)
    data.update({f"{k}→": v for k, v in replace.items()})
    return data


def dump(session: Session) -> dict[str, list[dict[str, Any]]]:
    """Every description row, foreign keys replaced by the natural key they point to."""
    fonds = {f.id: f.code for f in session.scalars(select(Fonds))}
    arcs = {d.id: d.arc_file_code for d in session.scalars(select(Dossier))}
    docs = {d.id: d.doc_code for d in session.scalars(select(Document))}
    files = {f.id: (arcs[f.dossier_id], f.path, f.version) for f in session.scalars(select(File))}
    out: dict[str, list[dict[str, Any]]] = {
        "fonds": [_row(f) for f in session.scalars(select(Fonds))],
        "dossiers": [
            _row(d, fonds_id=fonds.get(d.fonds_id)) for d in session.scalars(select(Dossier))
        ],
        "documents": [
            _row(d, dossier_id=arcs[d.dossier_id]) for d in session.scalars(select(Document))
        ],
        "files": [
            _row(f, dossier_id=arcs[f.dossier_id], document_id=docs.get(f.document_id))
            for f in session.scalars(select(File))
        ],
        "signatures": [
            _row(s, file_id=files[s.file_id], document_id=docs.get(s.document_id))
            for s in session.scalars(select(Signature))
        ],
        "file_validations": [
            _row(v, file_id=files[v.file_id], superseded_by=files.get(v.superseded_by))
            for v in session.scalars(select(FileValidation))
        ],
    }
    return {k: sorted(v, key=repr) for k, v in out.items()}
