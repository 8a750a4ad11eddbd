"""``archive evidence bundle``: everything a third party needs to check one document without
this software's database.

The zip holds the original, its evidence records (and every archive timestamp token as a
separate ``.tst`` with the digest it must carry), the validation data kept at ingest, the
reports of ``archive verify`` and ``archive evidence verify``, the PREMIS events naming the
document, the trust anchors, ``SHA256SUMS`` and a README (Vietnamese and English) that says how
to check each part with standard tools (sha256sum, openssl ts, any RFC 4998 verifier).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from asn1crypto import pem

from archive.atomic import atomic_open
from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events, canonical, event_fields
from archive.catalog.codes import effective_mode
from archive.catalog.queries import event_trail, find_document
from archive.db.engine import unit_of_work
from archive.errors import InvalidInput, NotFound
from archive.evidence.ers import chain_algorithm, parse_record
from archive.evidence.service import records_for, verify_target
from archive.evidence.store import read_record
from archive.services import Services
from archive.signatures.step import signature_dir, validation_settings

__all__ = ["README", "bundle"]

README = """\
GÓI BẰNG CHỨNG / EVIDENCE BUNDLE — {doc_code}
{line}
Tạo lúc / made at: {made}  ·  phần mềm / software: archive {version}

Tiếng Việt
----------
Gói này cho phép bên thứ ba tự kiểm tra tài liệu {doc_code} mà không cần cơ sở dữ liệu của kho.
1. Toàn vẹn các tệp trong gói:           sha256sum -c SHA256SUMS
2. Bản gốc khớp hồ sơ bằng chứng: mỗi tệp evidence/*.ers là hồ sơ bằng chứng RFC 4998 (DER);
   kiểm tra bằng phần mềm bất kỳ hỗ trợ RFC 4998 (EU DSS, BouncyCastle) với bản gốc trong
   original/. Từng dấu thời gian lưu trữ được tách ra trong evidence/timestamps/: với mỗi
   tệp .tst, tệp .imprint cùng tên ghi giá trị băm mà dấu thời gian phải mang:
     openssl ts -verify -token_in -in X.tst -digest $(cat X.imprint) -CAfile trust/roots.pem
   (chứng thư của dịch vụ cấp dấu thời gian nằm trong chính tệp .tst).
3. Chữ ký số của bản gốc: validation/ chứa chứng thư, OCSP, CRL đã thu khi tiếp nhận;
   reports/signature-report.json là kết quả xác thực; có thể kiểm tra lại bằng pyHanko
   hoặc EU DSS với các tệp đó.
4. Nhật ký sự kiện PREMIS: premis/events.jsonl, mỗi dòng một sự kiện; entry_hash = SHA-256
   của JSON chuẩn (khóa sắp xếp, không khoảng trắng, UTF-8) gồm mọi trường trừ entry_hash.
   Đoạn nhật ký chứa các sự kiện này được đóng dấu thời gian trong hồ sơ bằng chứng của kho.

English
-------
This bundle lets a third party check document {doc_code} without the archive's database.
1. Integrity of the files in the bundle:  sha256sum -c SHA256SUMS
2. The original against its evidence records: each evidence/*.ers is an RFC 4998 evidence
   record (DER); check it with any RFC 4998 verifier (EU DSS, BouncyCastle) and the original in
   original/. Every archive timestamp is also extracted to evidence/timestamps/: for each .tst
   the .imprint file of the same name holds the digest it must carry:
     openssl ts -verify -token_in -in X.tst -digest $(cat X.imprint) -CAfile trust/roots.pem
   (the TSA certificate is inside the .tst). Note: the imprint of the first timestamp of a
   chain is the root of the batch's Merkle tree: the .ers shows how the file's digest reduces
   to it (RFC 4998 §4.3); a renewal's imprint is the digest of the previous token.
3. Signatures of the original: validation/ holds the certificates, OCSP responses and CRLs
   gathered at ingest; reports/signature-report.json is the verdict; pyHanko or EU DSS can
   redo it from those files.
4. PREMIS event trail: premis/events.jsonl, one event per line; entry_hash = SHA-256 of the
   canonical JSON (sorted keys, no whitespace, UTF-8) of every field except entry_hash, and
   prev_hash links each event to the one before it in the archive's log. The log segment holding
   them is itself covered by the archive's evidence records.

Contents / nội dung
-------------------
{contents}
"""


def _ats_tokens(der: bytes) -> list[tuple[str, bytes, bytes]]:
    """(label, token DER, expected imprint) of every archive timestamp of a record."""
    er = parse_record(der)
    out = []
    for ci, chain in enumerate(er["archive_time_stamp_sequence"]):
        algorithm = chain_algorithm(chain)
        for ai, ats in enumerate(chain):
            info = ats["time_stamp"]["content"]["encap_content_info"]["content"].parsed
            imprint = info["message_imprint"]["hashed_message"].native
            out.append(
                (f"chain{ci + 1}-ats{ai + 1}-{algorithm}", bytes(ats["time_stamp"].dump()), imprint)
            )
    return out


def bundle(
    archive: Services,
    doc_code: str,
    out: Path,
    *,
    agent: AgentRef,
    allow_restricted: bool = False,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Write the bundle of ``doc_code`` to ``out`` (a .zip); returns what it holds."""
    from archive.evidence.verify import verify

    if out.is_dir() or not out.parent.is_dir():
        raise InvalidInput(f"không ghi được vào {out} / cannot write {out}: give a .zip path")
    object_id, originals, events = _document(archive, doc_code, allow_restricted)
    files: dict[str, bytes] = {}
    for path, version in originals:
        with archive.ocfl.open_logical(object_id, path, version) as fh:
            files[f"original/{PurePosixPath(path).name}"] = fh.read()
    files.update(_evidence_files(archive, doc_code))
    files.update(_validation_files(archive, doc_code, object_id))
    cfg = validation_settings(archive.settings)
    files["trust/roots.pem"] = b"".join(pem.armor("CERTIFICATE", c.dump()) for c in cfg.trust.roots)
    sig = verify(archive, doc_code, at=now, agent=agent)
    ers = verify_target(archive, archive.settings, doc_code, at=now, agent=agent)
    files["reports/signature-report.json"] = _json(sig.as_dict())
    files["reports/evidence-report.json"] = _json([r.as_dict() for r in ers])
    files["premis/events.jsonl"] = b"".join(e + b"\n" for e in events)
    sums = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
    )
    files["SHA256SUMS"] = sums.encode()
    files["README.txt"] = _readme(doc_code, files).encode()
    _write_zip(out, doc_code, files)
    _log_bundle(archive, doc_code, len(files), agent)
    return {
        "doc_code": doc_code,
        "bundle": str(out),
        "files": sorted(files),
        "signatures": sig.bottom_line,
        "evidence_valid": all(r.valid for r in ers),
    }


def _document(
    archive: Services, doc_code: str, allow_restricted: bool
) -> tuple[str, list[tuple[str, str]], list[bytes]]:
    """The document's object, its originals (path, version) and its events, canonical JSON."""
    with unit_of_work(archive.sessions) as session:
        doc = find_document(session, doc_code)
        if doc is None:
            raise NotFound(f"không có tài liệu mã {doc_code} / no document with docCode {doc_code}")
        mode = effective_mode(doc.mode, doc.dossier.mode)  # the stricter of the two wins
        if mode in ("02", "03") and not allow_restricted:
            raise InvalidInput(
                f"{doc_code}: tài liệu hạn chế sử dụng (chế độ {mode}) / restricted document "
                f"(access mode {mode}): a bundle holds the original; pass "
                f"--allow-restricted only for an authorised recipient"
            )
        arc = doc.dossier.arc_file_code
        originals = [(f.path, f.version) for f in doc.files if f.role == "original"]
        trail = event_trail(session, [doc_code, *(f"{arc}/{p}" for p, _ in originals)])
        events = [canonical({**event_fields(e), "entry_hash": e.entry_hash}) for e in trail]
        return doc.dossier.object_id, originals, events


def _evidence_files(archive: Services, doc_code: str) -> dict[str, bytes]:
    """Every evidence record of the document, and the time-stamp tokens inside each."""
    files: dict[str, bytes] = {}
    for rec in records_for(archive, doc_code):
        der = read_record(archive.ocfl, rec.batch_object, rec.record_path)
        base = rec.path.replace("/", "_")
        files[f"evidence/{base}.ers"] = der
        for label, token, imprint in _ats_tokens(der):
            files[f"evidence/timestamps/{base}.{label}.tst"] = token
            files[f"evidence/timestamps/{base}.{label}.imprint"] = imprint.hex().encode() + b"\n"
    return files


def _validation_files(archive: Services, doc_code: str, object_id: str) -> dict[str, bytes]:
    """The validation data kept with the document in its AIP (reports, OCSP, CRLs)."""
    files: dict[str, bytes] = {}
    inventory = archive.ocfl.inventory(object_id)
    prefix = signature_dir(doc_code) + "/"
    for paths in inventory["versions"][inventory["head"]]["state"].values():
        for path in paths:
            if path.startswith(prefix):
                with archive.ocfl.open_logical(object_id, path) as fh:
                    files[f"validation/{path.removeprefix(prefix)}"] = fh.read()
    return files


def _readme(doc_code: str, files: dict[str, bytes]) -> str:
    from archive import __version__

    return README.format(
        doc_code=doc_code,
        line="=" * (40 + len(doc_code)),
        made=datetime.now().astimezone().isoformat(timespec="seconds"),
        version=__version__,
        contents="\n".join(f"  {n}" for n in sorted(files)),
    )


def _write_zip(out: Path, doc_code: str, files: dict[str, bytes]) -> None:
    """The zip appears whole at ``out`` or not at all."""
    with (
        atomic_open(out) as handle,
        zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as zf,
    ):
        for name, data in sorted(files.items()):
            zf.writestr(f"{doc_code}/{name}", data)


def _log_bundle(archive: Services, doc_code: str, count: int, agent: AgentRef) -> None:
    with unit_of_work(archive.sessions) as session:
        append_events(
            session,
            [
                NewEvent(
                    "dissemination",
                    f"Xuất gói bằng chứng của {doc_code} / Evidence bundle of {doc_code} for a "
                    f"third party ({count} files)",
                    agents=[agent, software_agent()],
                    objects=[(doc_code, "source")],
                )
            ],
        )


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n").encode()
