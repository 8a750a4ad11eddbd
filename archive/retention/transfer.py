"""Transfer of permanent dossiers to the historical archive (Lưu trữ lịch sử; domain-vn.md §4.8,
§5.3).

States of a dossier's transfer: ``registered`` → ``exported`` → ``accepted`` | ``returned``
(a returned dossier can be exported again); after acceptance the local copy is marked
``transferred`` (dossier status) and is deleted only by ``delete``: an explicit, logged step,
refused while the dossier is held or any storage lock is unexpired, which first keeps a record
(metadata, digests, evidence) in the batch's OCFL object ``urn:archive:transfer:<request>``.

Eligible: permanent (the longest retention of the dossier and its documents is 01), access mode
not 03 (Mật), active, not held.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from archive._faults import checkpoint
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.catalog.codes import label
from archive.catalog.fields import (
    DOCUMENT_SIP_FIELDS,
    DOSSIER_SIP_FIELDS,
    EXT_DOCUMENT_FIELDS,
    EXT_DOSSIER_FIELDS,
    FieldSpec,
)
from archive.catalog.models import Dossier, Transfer
from archive.db.engine import unit_of_work
from archive.errors import ChecksumMismatch, Conflict, InvalidInput, NotFound
from archive.ingest.sipwrite import SipDocument, SipInput
from archive.retention.context import (
    RetentionContext,
    dossier_retention,
    erase_copies,
    load_dossier,
    now_iso,
    storage_locks,
)
from archive.retention.holds import refuse_held
from archive.retention.listobject import add_files, create_object, json_bytes
from archive.retention.package import write_transfer_sip, zip_package
from archive.retention.records import record_of, remove_rows
from archive.retention.tables import Table, write_table
from archive.search.service import SearchService
from archive.storage.digest import copy_with_digests, file_digests
from archive.storage.ocfl import discard

__all__ = [
    "MUC_LUC_COLUMNS",
    "ExportResult",
    "batch_object_id",
    "build_sip",
    "delete_transferred",
    "export",
    "record_receipt",
    "register",
    "transfers",
]

MUC_LUC_COLUMNS: Final = (
    "STT",
    "Mã hồ sơ",
    "Tiêu đề hồ sơ",
    "Thời gian bắt đầu",
    "Thời gian kết thúc",
    "Số lượng trang",
    "Mức độ tiếp cận",
    "Ghi chú",
)
_NAMESPACE: Final = uuid.UUID("6f1d4c1e-7c55-4a5e-9a43-0b7c2e6d8f10")


def batch_object_id(request_code: str) -> str:
    """OCFL object of a transfer request (registration, Mục lục, receipts, deletion records)."""
    return f"urn:archive:transfer:{request_code}"


def _eligible(dossier: Dossier) -> None:
    if dossier.status != "active":
        raise Conflict(
            f"{dossier.arc_file_code}: trạng thái {dossier.status} / status is {dossier.status}"
        )
    if not dossier_retention(dossier).permanent:
        raise Conflict(
            f"{dossier.arc_file_code}: chỉ hồ sơ vĩnh viễn (01) được nộp lưu lịch sử / only "
            f"permanent dossiers (01) go to the historical archive"
        )
    if dossier.mode == "03":
        raise Conflict(
            f"{dossier.arc_file_code}: hồ sơ Mật (03) chỉ nộp lưu sau khi giải mật / secret "
            f"dossiers (mode 03) are transferred only after declassification"
        )


def _muc_luc(dossiers: list[Dossier], request: str) -> Table:
    rows = [
        [
            n,
            d.file_code,
            d.title,
            d.start_date,
            d.end_date,
            d.number_of_page,
            label("mode", d.mode),
            d.description or "",
        ]
        for n, d in enumerate(dossiers, start=1)
    ]
    return Table(
        f"MỤC LỤC HỒ SƠ NỘP LƯU — {request}",
        MUC_LUC_COLUMNS,
        rows,
        widths=(5, 30, 45, 12, 12, 8, 15, 15),
    )


def _load(session: Session, codes: list[str]) -> list[Dossier]:
    if not codes:
        raise InvalidInput("cần ít nhất một hồ sơ (--dossier) / give at least one --dossier")
    return [load_dossier(session, c) for c in codes]


def register(
    ctx: RetentionContext,
    codes: list[str],
    agent: AgentRef,
    out_dir: Path,
    *,
    contact: str = "",
    planned: str = "",
    online: bool = True,
) -> dict[str, Any]:
    """Register dossiers for transfer; writes ``registration-<request>.json`` and the Mục lục
    (CSV, XLSX, PDF) into ``out_dir`` and keeps them in the batch object."""
    if not out_dir.is_dir():
        raise InvalidInput(f"không có thư mục {out_dir} / folder {out_dir} does not exist")
    year = date.today().year
    with unit_of_work(ctx.sessions) as session:
        dossiers = _load(session, codes)
        for d in dossiers:
            _eligible(d)
        taken = session.scalars(
            select(Transfer.arc_file_code).where(
                Transfer.arc_file_code.in_([d.arc_file_code for d in dossiers])
            )
        ).all()
        if taken:
            raise Conflict(f"đã đăng ký nộp lưu / already registered: {', '.join(sorted(taken))}")
        refuse_held(session, [d.arc_file_code for d in dossiers], "nộp lưu", "transferred")
        count = session.scalar(
            select(func.count(func.distinct(Transfer.request_code))).where(
                Transfer.request_code.like(f"NL-{year}-%")
            )
        )
        request = f"NL-{year}-{(count or 0) + 1:02d}"
        stamp = now_iso()
        for d in dossiers:
            session.add(
                Transfer(
                    arc_file_code=d.arc_file_code,
                    request_code=request,
                    state="registered",
                    registered_at=stamp,
                )
            )
        originals = [f for d in dossiers for f in d.files if f.role == "original"]
        data = {
            "requestCode": request,
            "agency": {"code": ctx.settings.agency_code, "name": ctx.settings.agency_name},
            "paperAlreadyDeposited": any(
                d.paper_file_code or d.confidence_level in ("02", "03") for d in dossiers
            ),
            "transferCount": int(request.rsplit("-", 1)[1]),
            "summary": f"{len(dossiers)} hồ sơ vĩnh viễn",
            "timeSpan": {
                "start": min((d.start_date for d in dossiers), key=_date_key),
                "end": max((d.end_date for d in dossiers), key=_date_key),
            },
            "totalDossiers": len(dossiers),
            "totalDocuments": sum(d.total_doc for d in dossiers),
            "totalPages": sum(d.number_of_page for d in dossiers),
            "totalSize": sum(f.size for f in originals),
            "plannedDate": planned,
            "transferMode": "trực tuyến" if online else "trực tiếp",
            "contactPerson": contact or agent.name,
            "fonds": sorted({d.fonds.code for d in dossiers if d.fonds}),
            "classificationScheme": "",
            "mucLuc": [
                dict(zip(MUC_LUC_COLUMNS, row, strict=True))
                for row in _muc_luc(dossiers, request).rows
            ],
        }
        table = _muc_luc(dossiers, request)
        files: dict[str, bytes] = {"registration.json": json_bytes(data)}
        for fmt in ("csv", "xlsx", "pdf"):
            path = write_table(table, fmt, out_dir / f"muc-luc-{request}.{fmt}")
            files[f"muc-luc.{fmt}"] = path.read_bytes()
        (out_dir / f"registration-{request}.json").write_bytes(files["registration.json"])
        create_object(ctx, batch_object_id(request), files, f"Đăng ký nộp lưu {request}", agent)
        append_events(
            session,
            [
                NewEvent(
                    "transfer registration",
                    f"Đăng ký nộp lưu {request}: {len(dossiers)} hồ sơ / transfer request "
                    f"{request} registered with {len(dossiers)} dossier(s)",
                    agents=[agent, ctx.software],
                    objects=[
                        (request, "outcome"),
                        *((d.arc_file_code, "source") for d in dossiers),
                    ],
                )
            ],
        )
        return data


def _date_key(text: str) -> tuple[int, int, int]:
    parts = [int(p) for p in text.split("/")] if text else [0]
    while len(parts) < 3:
        parts.insert(0, 1)
    return (parts[2], parts[1], parts[0])


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _values(row: object, specs: tuple[FieldSpec, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in specs:
        value = _text(getattr(row, spec.attr, None))
        if value not in (None, ""):
            out[spec.name] = value
    return out


def build_sip(ctx: RetentionContext, dossier: Dossier, request: str, staging: Path) -> SipInput:
    """The SIP_hoso content of a stored dossier: catalog values, and the originals streamed
    from storage into ``staging`` with their SHA-256 checked against the catalog."""
    docs: list[SipDocument] = []
    staging.mkdir(parents=True, exist_ok=True)
    for doc in dossier.documents:
        original = next(f for f in doc.files if f.role == "original")
        name = PurePosixPath(original.path).name
        target = staging / f"{doc.doc_ordinal:07d}-{name}"
        with (
            ctx.ocfl.open_logical(dossier.object_id, original.path) as src,
            target.open("wb") as dst,
        ):
            digests = copy_with_digests(src, dst)
        if digests.sha256 != original.sha256:
            raise ChecksumMismatch(
                f"{dossier.arc_file_code}/{original.path}",
                "SHA-256",
                original.sha256,
                digests.sha256,
            )
        values = _values(doc, DOCUMENT_SIP_FIELDS)
        ext = _values(doc, EXT_DOCUMENT_FIELDS)
        if doc.maintenance != "07":
            ext.pop("maintenanceYears", None)
        docs.append(SipDocument(values, name, target, ext))
    dossier_values = _values(dossier, DOSSIER_SIP_FIELDS)
    dossier_ext = _values(dossier, EXT_DOSSIER_FIELDS)
    if dossier.maintenance != "07":
        dossier_ext.pop("maintenanceYears", None)
    return SipInput(
        dossier_values,
        docs,
        dossier.fonds.name if dossier.fonds else ctx.settings.agency_name,
        dossier_ext,
        dossier.fonds.code if dossier.fonds else None,
        request,
    )


def _documentation(ctx: RetentionContext, dossier: Dossier, request: str) -> dict[str, bytes]:
    """The agreed extension: preservation metadata, signature validation data and evidence
    records of the dossier, with a manifest."""
    out: dict[str, bytes] = {}
    for f in dossier.files:
        if f.role == "metadata" and "/preservation/" in f"/{f.path}":
            with ctx.ocfl.open_logical(dossier.object_id, f.path) as fh:
                out[f"preservation/{f.path}"] = fh.read()
    manifest = {
        "extension": "archive transfer documentation 1.0 (ADR 0008)",
        "requestCode": request,
        "arcFileCode": dossier.arc_file_code,
        "sourceObject": dossier.object_id,
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in sorted(out.items())
        },
    }
    out["transfer.json"] = json_bytes(manifest)
    return out


@dataclass
class ExportResult:
    """Packages written by one export."""

    request_code: str
    packages: list[dict[str, Any]] = field(default_factory=list)
    muc_luc: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"requestCode": self.request_code, "packages": self.packages, "mucLuc": self.muc_luc}


def _check_export(session: Session, dossiers: list[Dossier]) -> str:
    """The request all ``dossiers`` belong to; refuses unregistered, answered or held ones."""
    rows = {
        t.arc_file_code: t
        for t in session.scalars(
            select(Transfer).where(Transfer.arc_file_code.in_([d.arc_file_code for d in dossiers]))
        )
    }
    for d in dossiers:
        row = rows.get(d.arc_file_code)
        if row is None:
            raise Conflict(
                f"{d.arc_file_code}: chưa đăng ký nộp lưu ('archive transfer register') / "
                "not registered for transfer"
            )
        if row.state not in ("registered", "exported", "returned"):
            raise Conflict(f"{d.arc_file_code}: trạng thái {row.state} / state {row.state}")
    requests = {rows[d.arc_file_code].request_code for d in dossiers}
    if len(requests) != 1:
        raise InvalidInput(
            f"các hồ sơ thuộc nhiều lần đăng ký / dossiers belong to several requests: "
            f"{', '.join(sorted(requests))}; export them separately"
        )
    refuse_held(session, [d.arc_file_code for d in dossiers], "nộp lưu", "transferred")
    return requests.pop()


def export(ctx: RetentionContext, codes: list[str], out_dir: Path, agent: AgentRef) -> ExportResult:
    """Write one SIP_hoso zip per dossier (``NNN<OBJID>.zip``) and the Mục lục (CSV, PDF).

    The catalog is read in one short transaction, the packages are written outside any (a long
    export must not hold the catalog's write lock), and the states are recorded at the end
    after checking again that nothing changed meanwhile."""
    if not out_dir.is_dir():
        raise InvalidInput(f"không có thư mục {out_dir} / folder {out_dir} does not exist")
    with unit_of_work(ctx.sessions) as session:
        dossiers = _load(session, codes)
        request = _check_export(session, dossiers)
    result = ExportResult(request)
    staging = ctx.settings.staging_dir / f"transfer-{os.getpid()}-{uuid.uuid4().hex}"
    try:
        for n, d in enumerate(dossiers, start=1):
            objid = f"uuid-{uuid.uuid5(_NAMESPACE, f'{request}/{d.arc_file_code}')}"
            zip_path = out_dir / f"{n:03d}{objid}.zip"
            if zip_path.exists():
                raise Conflict(f"{zip_path} đã có / already exists; choose an empty folder")
            package = write_transfer_sip(
                build_sip(ctx, d, request, staging / f"{n}-originals"),
                _documentation(ctx, d, request),
                staging / str(n),
                objid=objid,
            )
            zip_package(package.folder, zip_path)
            discard(staging / str(n))
            discard(staging / f"{n}-originals")
            result.packages.append(
                {
                    "arcFileCode": d.arc_file_code,
                    "objid": objid,
                    "zip": zip_path.name,
                    "sha256": file_digests(zip_path).sha256,
                    "size": zip_path.stat().st_size,
                }
            )
    finally:
        discard(staging)
    table = _muc_luc(dossiers, request)
    for fmt in ("csv", "pdf"):
        path = write_table(table, fmt, out_dir / f"muc-luc-ho-so-nop-luu-{request}.{fmt}")
        result.muc_luc.append(path.name)
    with unit_of_work(ctx.sessions) as session:
        again = _load(session, codes)
        if _check_export(session, again) != request:
            raise Conflict(f"{request}: đăng ký đã thay đổi / the registration changed; retry")
        stamp = now_iso()
        for p in result.packages:
            row = session.scalars(
                select(Transfer).where(Transfer.arc_file_code == p["arcFileCode"])
            ).one()
            row.state = "exported"
            row.exported_at = stamp
            row.package_name = p["zip"]
            row.package_sha256 = p["sha256"]
        add_files(
            ctx,
            batch_object_id(request),
            {f"exports/{stamp[:19].replace(':', '')}.json": json_bytes(result.as_dict())},
            f"Export of {request}",
            agent,
        )
        append_events(
            session,
            [
                NewEvent(
                    "transfer",
                    f"Xuất gói SIP_hoso nộp lưu {p['arcFileCode']} ({request}) / SIP_hoso "
                    f"exported for transfer",
                    outcome_detail=f"{p['zip']} sha256:{p['sha256']}",
                    agents=[agent, ctx.software],
                    objects=[(p["arcFileCode"], "source"), (request, "source")],
                )
                for p in result.packages
            ],
        )
    return result


def _receipt_rows(path: Path) -> list[dict[str, str]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"không đọc được {path} / cannot read {path}: {exc}") from exc
    if path.suffix.lower() == ".json":
        try:
            loaded = json.loads(data)
        except ValueError as exc:
            raise InvalidInput(f"{path.name}: JSON không hợp lệ / invalid JSON: {exc}") from exc
        if not isinstance(loaded, list):
            raise InvalidInput(f"{path.name}: cần một danh sách / expected a JSON list")
        return [{k: str(v) for k, v in item.items()} for item in loaded]
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


_RESULTS: Final = {
    "accepted": "accepted",
    "đồng ý": "accepted",
    "returned": "returned",
    "trả lại": "returned",
}


def record_receipt(ctx: RetentionContext, path: Path, agent: AgentRef) -> list[dict[str, str]]:
    """Record the historical archive's answer per dossier (columns arcFileCode, result
    [accepted|returned|đồng ý|trả lại], reason); all rows are checked before any is recorded."""
    rows = _receipt_rows(path)
    problems: list[str] = []
    parsed: list[tuple[str, str, str]] = []
    for line, row in enumerate(rows, start=2):
        code = row.get("arcFileCode", "")
        result = _RESULTS.get(row.get("result", "").lower())
        reason = row.get("reason", "")
        if not code or result is None:
            problems.append(f"line {line}: need arcFileCode and result accepted|returned")
        elif result == "returned" and not reason:
            problems.append(f"line {line}: {code} returned without a reason")
        else:
            parsed.append((code, result, reason))
    if not rows:
        problems.append("no rows")
    if problems:
        raise InvalidInput(
            f"{path.name}: không ghi nhận gì / nothing recorded: " + "; ".join(problems)
        )
    data = path.read_bytes()
    with unit_of_work(ctx.sessions) as session:
        out: list[dict[str, str]] = []
        events: list[NewEvent] = []
        requests: set[str] = set()
        for code, result, reason in parsed:
            row = session.scalar(select(Transfer).where(Transfer.arc_file_code == code))
            if row is None:
                raise NotFound(f"{code}: không có trong nộp lưu / not in any transfer")
            if row.state != "exported":
                raise Conflict(
                    f"{code}: trạng thái {row.state}, cần exported / state "
                    f"{row.state}, expected exported"
                )
            row.state = result
            row.answered_at = now_iso()
            row.answer_reason = reason or None
            requests.add(row.request_code)
            if result == "accepted":
                dossier = load_dossier(session, code)
                dossier.status = "transferred"
            out.append({"arcFileCode": code, "result": result, "reason": reason})
            events.append(
                NewEvent(
                    "transfer receipt",
                    f"Lưu trữ lịch sử {'tiếp nhận' if result == 'accepted' else 'trả lại'} "
                    f"{code} / historical archive {result} {code}",
                    outcome="success" if result == "accepted" else "warning",
                    outcome_detail=reason,
                    agents=[agent, ctx.software],
                    objects=[(code, "source"), (row.request_code, "source")],
                )
            )
        digest = hashlib.sha256(data).hexdigest()
        for request in sorted(requests):
            add_files(
                ctx,
                batch_object_id(request),
                {f"receipts/{digest[:16]}{path.suffix}": data},
                f"Receipt {path.name}",
                agent,
            )
        append_events(session, events)
        return out


def transfers(ctx: RetentionContext) -> list[dict[str, Any]]:
    """Every transfer row."""
    with ctx.sessions() as session:
        return [
            {
                "arcFileCode": t.arc_file_code,
                "requestCode": t.request_code,
                "state": t.state,
                "registeredAt": t.registered_at,
                "exportedAt": t.exported_at,
                "package": t.package_name,
                "packageSha256": t.package_sha256,
                "answeredAt": t.answered_at,
                "reason": t.answer_reason,
                "deletedAt": t.deleted_at,
            }
            for t in session.scalars(select(Transfer).order_by(Transfer.id))
        ]


def delete_transferred(ctx: RetentionContext, code: str, agent: AgentRef) -> dict[str, Any]:
    """Delete the local copy of an accepted dossier, keeping a record in the batch object."""
    with unit_of_work(ctx.sessions) as session:
        row = session.scalar(select(Transfer).where(Transfer.arc_file_code == code))
        dossier = session.scalar(
            select(Dossier)
            .where((Dossier.arc_file_code == code) | (Dossier.file_code == code))
            .options(selectinload(Dossier.documents), selectinload(Dossier.files))
        )
        if dossier is not None and row is None:
            row = session.scalar(
                select(Transfer).where(Transfer.arc_file_code == dossier.arc_file_code)
            )
        if row is None or dossier is None:
            raise NotFound(f"{code}: không có hồ sơ đã nộp lưu / no transferred dossier {code}")
        if row.state != "accepted":
            raise Conflict(
                f"{row.arc_file_code}: chỉ xóa bản tại chỗ sau khi Lưu trữ lịch sử tiếp nhận "
                f"(trạng thái {row.state}) / the local copy is deleted only after acceptance "
                f"(state {row.state})"
            )
        refuse_held(session, [row.arc_file_code], "xóa", "deleted")
        locks = storage_locks(ctx, dossier.object_id)
        if locks:
            raise Conflict(
                f"còn {len(locks)} khóa lưu trữ chưa hết hạn, không xóa gì / {len(locks)} "
                "storage lock(s) not expired yet, nothing deleted: " + "; ".join(locks[:20])
            )
        record = record_of(
            session,
            dossier,
            {
                "transfer": row.request_code,
                "package": row.package_name,
                "packageSha256": row.package_sha256,
                "acceptedAt": row.answered_at,
            },
        )
        data = json_bytes(record)
        kept: dict[str, bytes | Path] = {f"deleted/{row.arc_file_code}/record.json": data}
        add_files(
            ctx,
            batch_object_id(row.request_code),
            kept,
            f"Record of the deleted local copy of {row.arc_file_code}",
            agent,
        )
        erase_copies(ctx, dossier.object_id)  # skips copies an earlier run erased already
        checkpoint("transfer_local_copy_erased")
        search = SearchService(ctx.settings, ctx.sessions, ctx.ocfl)
        try:
            search.remove_dossier(row.arc_file_code)
        finally:
            search.close()
        docs = [d.doc_code for d in dossier.documents]
        remove_rows(session, dossier)
        row.state = "deleted"
        row.deleted_at = now_iso()
        append_events(
            session,
            [
                NewEvent(
                    "deletion",
                    f"Xóa bản tại chỗ của hồ sơ đã nộp lưu {row.arc_file_code} / local copy of "
                    f"transferred dossier {row.arc_file_code} deleted",
                    outcome_detail=f"record {row.request_code}/deleted/{row.arc_file_code}/"
                    f"record.json sha256:{hashlib.sha256(data).hexdigest()}",
                    agents=[agent, ctx.software],
                    objects=[(row.arc_file_code, "source"), *((c, "source") for c in docs)],
                )
            ],
        )
        return {"arcFileCode": row.arc_file_code, "state": row.state, "deletedAt": row.deleted_at}
