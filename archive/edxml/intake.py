"""``archive edxml import``: an envelope from the Trục liên thông into the filing tray, or
into the quarantine with its findings.

Order: read (streaming, safe) → meaning and checks → duplicate → the envelope's XML
signature → the attachments' PDF signatures (the ingest gate's signature step) → store the
record object (envelope verbatim, attachments, trace, ``tray.json``) → one catalog
transaction (tray row + events) → status reply 01. A refused envelope is copied into the
quarantine with ``findings.json`` beside it, an ``edxml refused`` event is appended, a reply 02
written when the sender is known; nothing else changes. Storage comes before the catalog: a
crash between them leaves an object the next import of the same envelope finds and adopts.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.clock import catalog_time, utc_now
from archive.db.engine import unit_of_work
from archive.edxml.dsig import verify_envelope
from archive.edxml.envelope import Limits, read_envelope
from archive.edxml.findings import finding
from archive.edxml.header import Envelope, interpret, parse_date
from archive.edxml.mapping import ead_doc
from archive.edxml.models import TrayDocument
from archive.edxml.recall import recall, recalled_id
from archive.edxml.replies import reply_event, send_reply, sender_of
from archive.edxml.status import About
from archive.findings import Finding
from archive.services import Services
from archive.signatures.api import SignatureInput, SignatureStep
from archive.storage.ocfl import ObjectBuilder, discard

__all__ = ["Intake", "about", "import_envelope", "object_id_for"]

_KEEP_HEAD = 1024 * 1024  # bytes of an oversized envelope kept in the quarantine


@dataclass
class Intake:
    """What happened to one envelope."""

    source: str
    status: str  # accepted | refused | withdrawn (a recall) | recall refused | recall pending
    code: str = ""
    object_id: str = ""
    findings: list[Finding] = field(default_factory=list)
    reply: str = ""
    quarantine: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "source": self.source,
            "status": self.status,
            "code": self.code,
            "object_id": self.object_id,
            "reply": self.reply,
            "quarantine": self.quarantine,
            "findings": [f.as_dict() for f in self.findings],
        }


def object_id_for(sha256: str) -> str:
    """OCFL id of the record object of the envelope whose file has this SHA-256."""
    return f"urn:archive:edxml:{sha256}"


def about(env: Envelope) -> About:
    """The document an envelope carries, as a reply names it."""
    h = env.header
    frm, code, info = (_part(h, key) for key in ("From", "Code", "PromulgationInfo"))
    return About(
        sender_id=str(frm.get("OrganId", "")),
        code_number=str(code.get("CodeNumber", "")),
        code_notation=str(code.get("CodeNotation", "")),
        issued_date=str(info.get("PromulgationDate", "")),
        document_id=env.document_id,
    )


def _part(header: dict[str, Any], key: str) -> dict[str, Any]:
    value = header.get(key)
    return value if isinstance(value, dict) else {}


@contextmanager
def _job(archive: Services) -> Iterator[Path]:
    job = archive.settings.staging_dir / f"edxml-{os.getpid()}-{uuid.uuid4().hex}"
    (job / "attachments").mkdir(parents=True)
    try:
        yield job
    finally:
        discard(job)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def import_envelope(archive: Services, step: SignatureStep, path: Path, agent: AgentRef) -> Intake:
    """Take one envelope file into the tray, or refuse it into the quarantine."""
    s = archive.settings
    limits = Limits(
        s.exchange_max_envelope_bytes, s.exchange_max_attachment_bytes, s.exchange_max_attachments
    )
    with _job(archive) as job:
        root, raw, findings = read_envelope(path, job / "attachments", limits)
        env = None
        if root is not None:
            env, more = interpret(root, raw, limits, path.name)
            findings += more
        # A recall needs no attachment; any other error refuses it like any envelope.
        blocking = [f for f in findings if f.severity == "error" and f.code != "EDX014"]
        if env is not None and not blocking and recalled_id(env):
            return _recall(archive, path, env, agent)
        if env is not None and env.kind == "status":
            findings.append(finding("EDX001", path.name, detail=f"{path.name}: Status"))
        if env is None or any(f.severity == "error" for f in findings):
            return _refuse(archive, path, env, findings, agent)
        sha = _sha256(path)
        findings += _duplicate(archive, env, sha, path.name)
        if not any(f.severity == "error" for f in findings):
            findings += _envelope_signature(archive, env, path, job)
        if not any(f.severity == "error" for f in findings):
            signed = _attachment_signatures(step, env, sha, agent)
            findings += signed[0]
        if any(f.severity == "error" for f in findings):
            return _refuse(archive, path, env, findings, agent, sha)
        return _accept(archive, path, env, sha, findings, signed, agent)


def _recall(archive: Services, path: Path, env: Envelope, agent: AgentRef) -> Intake:
    done = recall(archive, env, path, sender_of(archive), agent)
    if not done.reply_code:  # a filed document: frozen, the archivist decides (15 or 16)
        return Intake(path.name, "recall pending", done.code)
    reply_event(
        archive, Path(done.reply), done.reply_code, f"urn:archive:recall:{path.name}", agent
    )
    status = "withdrawn" if done.code else "recall refused"
    return Intake(path.name, status, done.code, reply=done.reply)


def _duplicate(archive: Services, env: Envelope, sha: str, name: str) -> list[Finding]:
    with unit_of_work(archive.sessions) as session:
        clauses = [TrayDocument.envelope_sha256 == sha]
        if env.document_id and env.business_type == "new":
            clauses.append(TrayDocument.document_identifier == env.document_id)
        row = session.scalars(select(TrayDocument).where(or_(*clauses))).first()
        if row is None:
            return []
        return [finding("EDX012", name, detail=f"{row.code} ({row.document_identifier})")]


def _envelope_signature(archive: Services, env: Envelope, path: Path, job: Path) -> list[Finding]:
    if not env.signed:
        return [finding("EDX017", path.name, detail=path.name)]
    roots = [Path(p) for p in archive.settings.trust_roots]
    result = verify_envelope(path, roots, job)
    env.header["_dsig"] = result.as_dict()
    if not result.valid:
        return [finding("EDX011", path.name, detail=result.reason)]
    return [finding("EDX016", path.name, detail=result.signer)]


_Signed = tuple[list[Finding], list[NewEvent], dict[str, bytes], dict[str, dict[str, Any]]]


def _attachment_signatures(
    step: SignatureStep, env: Envelope, sha: str, agent: AgentRef
) -> _Signed:
    """The attachments' PDF signatures, checked as at ingest (the first is the main document)."""
    files = [
        SignatureInput(doc_code=_doc_code(sha, i), path=a.path, name=a.name, is_main=i == 1)
        for i, a in enumerate(env.attachments, 1)
    ]
    outcome = step.check(files, [agent, software_agent()])
    return outcome.findings, outcome.events, outcome.extra_files, outcome.reports


def _doc_code(sha: str, i: int) -> str:
    return f"edxml-{sha[:16]}.{i:07d}"


def tray_code(sha: str) -> str:
    """The tray code of the envelope whose file has this SHA-256."""
    return f"VBD-{sha[:12].upper()}"


def _tray_record(
    env: Envelope, sha: str, findings: list[Finding], signed: _Signed
) -> dict[str, Any]:
    """Everything the tray row holds, as stored in ``tray.json`` (a rebuild reads it back)."""
    issued = parse_date(about(env).issued_date)
    return {
        "code": tray_code(sha),
        "envelope_sha256": sha,
        "document_identifier": env.document_id,
        "business_type": env.business_type,
        "related_identifier": str(env.business.get("DocumentId", "")) or None,
        "issued_on": issued.isoformat() if issued else "",
        "header": env.header,
        "business": env.business,
        "trace": env.trace,
        "ead_doc": ead_doc(env),
        "signed": "valid" if env.signed else "unsigned",
        "attachments": [
            {
                "content_id": a.content_id,
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "sha256": a.sha256,
                "path": f"attachments/{i:03d}-{a.name}",
                "doc_code": _doc_code(sha, i),
                "signatures": signed[3].get(_doc_code(sha, i)),
            }
            for i, a in enumerate(env.attachments, 1)
        ],
        "findings": [f.as_dict() for f in findings],
    }


def _store(
    moment: str,
    archive: Services,
    path: Path,
    env: Envelope,
    record: dict[str, Any],
    signed: _Signed,
    job_files: dict[str, bytes],
    agent: AgentRef,
) -> str:
    object_id = object_id_for(record["envelope_sha256"])
    if archive.ocfl.exists(object_id):
        return object_id  # a crash after storage: the object is whole, adopt it
    with _job(archive) as job:
        builder = ObjectBuilder(job / "object", object_id)
        with path.open("rb") as fh:
            builder.add_stream("envelope.xml", fh)
        for item, attachment in zip(record["attachments"], env.attachments, strict=True):
            with attachment.path.open("rb") as fh:
                builder.add_stream(item["path"], fh)
        for logical, data in sorted(
            {**job_files, **{f"signatures/{k}": v for k, v in signed[2].items()}}.items()
        ):
            builder.add_bytes(logical, data)
        builder.finish(
            created=moment,
            message="edXML envelope received",
            user_name=agent.name,
            user_address=f"urn:archive:agent:{agent.identifier}",
        )
        archive.ocfl.publish_new(object_id, job / "object")
    return object_id


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()  # order as mapped


def _accept(
    archive: Services,
    path: Path,
    env: Envelope,
    sha: str,
    findings: list[Finding],
    signed: _Signed,
    agent: AgentRef,
) -> Intake:
    record = _tray_record(env, sha, findings, signed)
    files = {"tray.json": _json(record), "process/trace.json": _json(env.trace)}
    moment = catalog_time()
    object_id = _store(moment, archive, path, env, record, signed, files, agent)
    meta = record["ead_doc"]
    with unit_of_work(archive.sessions) as session:
        session.add(
            TrayDocument(
                code=record["code"],
                state="received",
                object_id=object_id,
                envelope_sha256=sha,
                document_identifier=env.document_id,
                sender_id=about(env).sender_id,
                sender_name=meta.get("organName", ""),
                code_number=meta.get("codeNumber", ""),
                code_notation=meta.get("codeNotation", ""),
                issued_on=record["issued_on"],
                type_name=str((env.header.get("DocumentType") or {}).get("TypeName", "")),
                subject=meta.get("subject", ""),
                business_type=env.business_type,
                related_identifier=record["related_identifier"],
                received_at=moment,
                received_by=agent.name,
                signed=record["signed"],
                metadata_json=json.dumps(meta, ensure_ascii=False),
                attachments_json=json.dumps(record["attachments"], ensure_ascii=False),
                findings_json=json.dumps(record["findings"], ensure_ascii=False),
            )
        )
        event = NewEvent(
            event_type="edxml received",
            detail=f"{record['code']}: {env.document_id or meta.get('codeNumber', '')} "
            f"{meta.get('organName', '')} ({path.name})",
            agents=[agent, software_agent()],
            objects=[(object_id, "outcome")],
        )
        append_events(session, [*signed[1], event])
    reply = send_reply(archive, about(env), "01", "", object_id, agent)
    return Intake(path.name, "accepted", record["code"], object_id, findings, str(reply))


def _quarantine(archive: Services, path: Path, findings: list[Finding], sha: str) -> Path:
    """Copy the envelope (its first MiB when over the size limit) and its findings."""
    base = archive.settings.exchange_quarantine
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(base, 0o700)
    folder = base / f"{utc_now().strftime('%Y%m%dT%H%M%S')}-{(sha or uuid.uuid4().hex)[:16]}"
    folder.mkdir(mode=0o700)
    size = path.stat().st_size
    whole = size <= archive.settings.exchange_max_envelope_bytes
    kept = folder / path.name
    with path.open("rb") as src, kept.open("xb") as out:
        if whole:
            shutil.copyfileobj(src, out)
        else:
            out.write(src.read(_KEEP_HEAD))
    os.chmod(kept, 0o600)
    report = {
        "source": str(path),
        "size": size,
        "kept": "whole" if whole else f"first {_KEEP_HEAD} bytes",
        "sha256": sha,
        "refused_at": catalog_time(),
        "findings": [f.as_dict() for f in findings],
    }
    (folder / "findings.json").write_bytes(_json(report))
    os.chmod(folder / "findings.json", 0o600)
    return folder


def _refuse(
    archive: Services,
    path: Path,
    env: Envelope | None,
    findings: list[Finding],
    agent: AgentRef,
    sha: str = "",
) -> Intake:
    if not sha and path.stat().st_size <= archive.settings.exchange_max_envelope_bytes:
        sha = _sha256(path)
    folder = _quarantine(archive, path, findings, sha)
    errors = [f for f in findings if f.severity == "error"]
    codes = ", ".join(sorted({f.code for f in errors}))
    with unit_of_work(archive.sessions) as session:
        append_events(
            session,
            [
                NewEvent(
                    event_type="edxml refused",
                    detail=f"{path.name}: {codes} → {folder.name}",
                    outcome="failure",
                    outcome_detail="; ".join(f.message_en for f in errors)[:2000],
                    agents=[agent, software_agent()],
                )
            ],
        )
    intake = Intake(path.name, "refused", findings=findings, quarantine=str(folder))
    target = about(env) if env is not None and env.kind == "document" else None
    if target is not None and target.sender_id:
        reason = "; ".join(f"{f.code}: {f.message_vi}" for f in errors)[:1000]
        quarantined = f"urn:archive:quarantine:{folder.name}"
        reply = send_reply(archive, target, "02", reason, quarantined, agent)
        intake.reply = str(reply)
    return intake


PROCESSED = "processed"
"""Subfolder of a drop folder where handled envelopes are moved (``--watch``)."""


def drain_folder(
    archive: Services, step: SignatureStep, folder: Path, agent: AgentRef
) -> list[Intake]:
    """Import every ``*.xml`` file waiting in the drop folder, oldest first, and move each
    into ``processed/`` once handled (accepted or quarantined), so it is read once."""
    done = folder / PROCESSED
    done.mkdir(exist_ok=True, mode=0o700)
    waiting = sorted(
        (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".xml"),
        key=lambda p: (p.stat().st_mtime, p.name),
    )
    results = []
    for path in waiting:
        results.append(import_envelope(archive, step, path, agent))
        path.rename(done / f"{utc_now().strftime('%Y%m%dT%H%M%S')}-{path.name}")
    return results
