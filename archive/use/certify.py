"""Certified copies (bản sao có xác thực dạng DIP, TT 05/2025 Đ41–42; docs/domain.md §4.6, §4.10;
docs/use.md; ADR 0017).

``certify`` writes one zip to a folder: an E-ARK DIP (:mod:`archive.use.dip`) holding the
original bit for bit and an authentication page signed by the archive's own key
(:mod:`archive.use.authpage`). In order, so that a refusal leaves nothing anywhere:

1. the request is checked (purpose, folder, who may certify) and the archive's signer and TSA
   loaded: a missing key is a refusal naming ``archive_signing_key``;
2. the document is looked up with the access rule: unknown, hidden and Mật (03) codes get the
   same "no such document"; a conditional (02) one needs a live grant of the person the copy is
   for (docs/use.md), whoever issues it;
3. the original is streamed from storage into staging and its SHA-256 checked against the
   catalog before anything is built from it;
4. the page is rendered (PDF/A-2B), signed (PAdES B-LT), the package written and zipped in
   staging, and the zip renamed into the folder whole (``archive.atomic``);
5. only then is the event ``certified copy issued`` appended (code, purpose, user, the DIP's
   SHA-256). A crash before leaves no zip and no event; a crash between the rename and the
   event leaves a zip the register does not list, which is never a copy the archive denies
   having made by mistake: the event is the register (``archive audit``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.atomic import atomic_open
from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events
from archive.catalog.codes import effective_mode, label
from archive.catalog.fields import DOCUMENT_SIP_FIELDS, EXT_DOCUMENT_FIELDS, FieldSpec
from archive.catalog.models import Document
from archive.catalog.queries import find_document
from archive.clock import event_time, utc_now
from archive.config import Settings
from archive.dates import today, vn_date
from archive.db.engine import unit_of_work
from archive.errors import ChecksumMismatch, Conflict, InvalidInput, NotFound
from archive.faults import checkpoint
from archive.messages.catalogue import term
from archive.packages.metsxml import iso_now
from archive.packages.sipwrite import zip_tree
from archive.services import Services
from archive.signatures.models import FileValidation
from archive.storage.digest import copy_with_digests, file_sha256
from archive.use.authpage import AuthPage, both, load_signer, render_page, sign_page, signer_name
from archive.use.dip import DipContent, write_dip
from archive.use.service import granted
from archive.users.access import allowed_modes
from archive.users.models import User

__all__ = ["EVENT_TYPE", "PURPOSE_MAX", "RECIPIENT_MAX", "CertifiedCopy", "certify"]

EVENT_TYPE = "certified copy issued"
"""The audit event of every certified copy (the register of copies; terms entry)."""
PURPOSE_MAX = 500
"""purposeContent is 500 characters at most (§4.6)."""
RECIPIENT_MAX = 100
"""Who the copy is for: a user name or a person's name, as ``users.name`` (100)."""


@dataclass(frozen=True)
class CertifiedCopy:
    """A certified copy written to its folder."""

    code: str
    objid: str
    path: Path
    sha256: str
    size: int
    original_sha256: str
    purpose: str
    user: str
    recipient: str


@dataclass(frozen=True)
class _Source:
    """What the copy needs of the catalog, read in one transaction."""

    code: str
    object_id: str
    original_id: str
    logical_path: str
    name: str
    size: int
    sha256: str
    format_name: str
    puid: str | None
    number_notation: str
    type_name: str
    subject: str
    verdict: str
    values: dict[str, str]
    ext: dict[str, str]


def _values(row: object, specs: tuple[FieldSpec, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in specs:
        value = getattr(row, spec.attr, None)
        if isinstance(value, bool):
            value = "1" if value else "0"
        if value not in (None, ""):
            out[spec.name] = str(value)
    return out


def _may_certify(session: Session, settings: Settings, user: str | None) -> frozenset[str]:
    """The access modes the issuer may see: the operator at the command line (no user) all of
    01 and 02; a user by their role, which must be in ``certify_roles``."""
    if user is None:
        return frozenset({"01", "02"})
    row = session.scalar(select(User).where(User.name == user))
    if row is None or not row.active:
        raise NotFound(both("use.no_user", user=user))
    if row.role not in settings.certify_roles:
        raise Conflict(
            both(
                "use.certify_role",
                user=user,
                role=row.role,
                roles=", ".join(settings.certify_roles),
            )
        )
    return allowed_modes(settings, row.role)


def _find(
    session: Session, settings: Settings, code: str, user: str | None, recipient: str
) -> _Source:
    modes = _may_certify(session, settings, user)
    doc = find_document(session, code)
    mode = effective_mode(doc.mode, doc.dossier.mode) if doc is not None else "03"
    # Unknown, hidden and Mật (03) documents answer alike: nothing tells one from the other.
    if doc is None or mode == "03" or mode not in modes:
        raise NotFound(both("use.certify_not_found", code=code))
    if mode == "02" and not granted(session, recipient, code):
        raise Conflict(both("use.certify_needs_grant", code=code, recipient=recipient))
    return _source(session, doc)


def _source(session: Session, doc: Document) -> _Source:
    original = min((f for f in doc.files if f.role == "original"), key=lambda f: f.id)
    validation = session.scalar(select(FileValidation).where(FileValidation.file_id == original.id))
    verdict = validation.bottom_line if validation is not None else "NOT_VALIDATED"
    arc = doc.dossier.arc_file_code
    return _Source(
        code=doc.doc_code,
        object_id=doc.dossier.object_id,
        original_id=f"{arc}/{original.path}",
        logical_path=original.path,
        name=PurePosixPath(original.original_name or original.path).name,
        size=original.size,
        sha256=original.sha256,
        format_name=original.format_name or "",
        puid=original.format_puid,
        number_notation="/".join(p for p in (doc.code_number, doc.code_notation) if p),
        type_name=label("typeName", doc.type_name),
        subject=doc.subject,
        verdict=verdict,
        values=_values(doc, DOCUMENT_SIP_FIELDS),
        ext=_values(doc, EXT_DOCUMENT_FIELDS),
    )


def _fetch_original(archive: Services, source: _Source, target: Path) -> None:
    """The original from storage into ``target``, its SHA-256 checked against the catalog."""
    with (
        archive.ocfl.open_logical(source.object_id, source.logical_path) as src,
        target.open("wb") as dst,
    ):
        digests = copy_with_digests(src, dst)
    if digests.sha256 != source.sha256:
        raise ChecksumMismatch(source.original_id, "SHA-256", source.sha256, digests.sha256)


def _check_request(purpose: str, out_dir: Path, recipient: str | None) -> str:
    if recipient is not None and not 0 < len(recipient.strip()) <= RECIPIENT_MAX:
        raise InvalidInput(both("use.certify_recipient", most=RECIPIENT_MAX))
    purpose = purpose.strip()
    if not purpose:
        raise InvalidInput(both("use.certify_no_purpose"))
    if len(purpose) > PURPOSE_MAX:
        raise InvalidInput(both("use.certify_purpose_long", most=PURPOSE_MAX))
    if not out_dir.is_dir():
        raise InvalidInput(both("use.certify_no_folder", path=out_dir))
    return purpose


def _page(
    settings: Settings, source: _Source, objid: str, purpose: str, recipient: str, signer: str
) -> AuthPage:
    """What the authentication page states; the verdict in words, from the latest validation
    of the original in the catalog."""
    return AuthPage(
        auth_code=objid,
        archive_name=settings.agency_name,
        doc_code=source.code,
        number_notation=source.number_notation,
        type_name=source.type_name,
        subject=source.subject,
        filename=source.name,
        size=source.size,
        sha256=source.sha256,
        verdict_vi=term("indication", source.verdict, "vi"),
        verdict_en=term("indication", source.verdict, "en"),
        purpose=purpose,
        recipient=recipient,
        issued=vn_date(utc_now()),
        signer=signer,
    )


def certify(
    archive: Services,
    code: str,
    purpose: str,
    out_dir: Path,
    agent: AgentRef,
    *,
    user: str | None = None,
    recipient: str | None = None,
) -> CertifiedCopy:
    """Issue a certified copy of document ``code`` into ``out_dir`` (see the module)."""
    settings = archive.settings
    purpose = _check_request(purpose, out_dir, recipient)
    signer = load_signer(settings)
    timestamper = archive.timestamper()
    recipient = recipient or user or agent.name
    with unit_of_work(archive.sessions) as session:
        source = _find(session, settings, code, user, recipient)
    now = utc_now()
    objid = f"uuid-{uuid.uuid4()}"
    staging = Path(tempfile.mkdtemp(prefix=f"certify-{os.getpid()}-", dir=settings.staging_dir))
    try:
        original = staging / "original"
        _fetch_original(archive, source, original)
        page = _page(settings, source, objid, purpose, recipient, signer_name(signer))
        signed = sign_page(render_page(page, now), signer, timestamper, settings)
        checkpoint("certify.signed")
        event = NewEvent(
            EVENT_TYPE,
            f"{source.code}: {purpose}",
            agents=[agent, software_agent()],
            objects=[(source.original_id, "source"), (objid, "outcome")],
            occurred_at=event_time(now),
        )
        content = DipContent(
            objid=objid,
            title=f"Bản sao có xác thực {source.code}",
            archive_name=settings.agency_name,
            agency_code=settings.agency_code,
            created=iso_now(now),
            original=original,
            original_name=source.name,
            original_id=source.original_id,
            original_format=source.format_name,
            original_puid=source.puid,
            document=source.values,
            document_ext=source.ext,
            request={
                "requestID": objid,
                "requestDate": today().isoformat(),
                "purposeContent": purpose,
                "recipient": recipient,
                "docCode": source.code,
            },
            page_name=f"XacThuc_{source.code}.pdf",
            page=signed,
            events=[event],
        )
        zipped = zip_tree(write_dip(content, staging), staging / f"{objid}.zip")
        size, digest = file_sha256(zipped)
        target = out_dir / f"BanSao_{source.code}_{objid[5:13]}.zip"
        checkpoint("certify.zipped")
        with atomic_open(target, mode=0o640) as dst, zipped.open("rb") as src:
            shutil.copyfileobj(src, dst, 1 << 20)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    issued = CertifiedCopy(
        source.code, objid, target, digest, size, source.sha256, purpose, agent.name, recipient
    )
    checkpoint("certify.published")
    _register(archive, issued, source.original_id, agent)
    return issued


def _register(archive: Services, copy: CertifiedCopy, original_id: str, agent: AgentRef) -> None:
    """The event ``certified copy issued``: the register of certified copies."""
    with unit_of_work(archive.sessions) as session:
        append_events(
            session,
            [
                NewEvent(
                    EVENT_TYPE,
                    f"Cấp bản sao có xác thực {copy.code} cho {copy.recipient} / certified "
                    f"copy of {copy.code} issued to {copy.recipient}; mục đích / purpose: "
                    f"{copy.purpose}; người cấp / by: {copy.user}; DIP {copy.objid} "
                    f"({copy.path.name}) sha256 {copy.sha256}",
                    agents=[agent, software_agent()],
                    objects=[
                        (copy.code, "source"),
                        (original_id, "source"),
                        (copy.objid, "outcome"),
                    ],
                )
            ],
        )
