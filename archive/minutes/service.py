"""Writing minutes and finding them again (docs/minutes.md, ADR 0021).

``write_minutes`` checks the spec, renders the PDF/A-2B page, signs it with the archive's key
(PAdES B-LT), and publishes it with its JSON as the record object
``urn:archive:minutes:<kind>:<digest of code, form and number>`` (primary and replica,
``storage.records.RecordWriter``); only then, in one transaction, the catalog row and the
``minutes written`` event (storage before catalog, ADR 0001). A run that dies between the two
leaves a complete object and no row: the same call again adopts that object when it holds the
same minutes, so nothing is half-done and nothing is signed twice.

A procedure that writes its minutes inside its own catalog transaction calls ``store_minutes``
before it opens the transaction and ``record_minutes`` inside it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.audit.agents import software_agent
from archive.audit.chain import AgentRef, NewEvent, append_events, lock_head
from archive.audit.rowstate import with_state
from archive.clock import catalog_time, utc_now
from archive.config import Settings
from archive.db.engine import unit_of_work
from archive.errors import ConfigurationError, Conflict, NotFound
from archive.faults import checkpoint
from archive.messages.catalogue import text
from archive.minutes.forms import FORMS, Form, MinutesSpec, Procedure, check_spec
from archive.minutes.models import Minutes
from archive.minutes.render import minutes_data, render_pdf
from archive.services import Services
from archive.signatures.own import load_signer, sign_pdf, signer_name
from archive.storage.records import RecordWriter

__all__ = [
    "EVENT_TYPE",
    "JSON_NAME",
    "PDF_NAME",
    "PREFIX",
    "SIGNATURE_FIELD",
    "MinutesRecord",
    "Stored",
    "list_minutes",
    "minutes_object_id",
    "minutes_of",
    "minutes_wanted",
    "read_minutes",
    "record_minutes",
    "show_minutes",
    "store_minutes",
    "stored_day",
    "write_minutes",
]

PREFIX = "urn:archive:minutes:"
PDF_NAME = "minutes.pdf"
JSON_NAME = "minutes.json"
SIGNATURE_FIELD = "BienBan"
EVENT_TYPE = "minutes written"
_VOLATILE = ("written", "signer")
"""What differs between two writings of the same minutes (when, by whom, the key)."""


def _both(key: str, **params: object) -> str:
    return f"{text(key, 'vi', **params)} / {text(key, 'en', **params)}"


@dataclass(frozen=True)
class MinutesRecord:
    """Minutes as the catalog knows them."""

    id: int
    object_id: str
    form: Form
    procedure: Procedure
    number: str
    title: str
    place: str
    held_on: str
    written_at: str
    written_by: str
    version: str
    pdf_sha256: str
    json_sha256: str

    @classmethod
    def of(cls, row: Minutes) -> MinutesRecord:
        """The record of a catalog row."""
        return cls(
            id=row.id,
            object_id=row.object_id,
            form=Form(row.form),
            procedure=Procedure(row.procedure_kind, row.procedure_code),
            number=row.number,
            title=row.title,
            place=row.place,
            held_on=row.held_on,
            written_at=row.written_at,
            written_by=row.written_by,
            version=row.version,
            pdf_sha256=row.pdf_sha256,
            json_sha256=row.json_sha256,
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "id": self.id,
            "object_id": self.object_id,
            "form": self.form.value,
            "procedure": {"kind": self.procedure.kind, "code": self.procedure.code},
            "number": self.number,
            "title": self.title,
            "place": self.place,
            "date": self.held_on,
            "written_at": self.written_at,
            "written_by": self.written_by,
            "version": self.version,
            "files": {PDF_NAME: self.pdf_sha256, JSON_NAME: self.json_sha256},
        }


@dataclass(frozen=True)
class Stored:
    """Minutes in storage, not yet in the catalog (what ``record_minutes`` catalogues)."""

    spec: MinutesSpec
    object_id: str
    version: str
    written_at: str
    written_by: str
    pdf_sha256: str
    json_sha256: str


def minutes_object_id(form: Form, procedure: Procedure, number: str) -> str:
    """The OCFL id of the minutes numbered ``number`` of ``form`` in ``procedure``: the kind,
    then a digest of the rest (agencies write numbers with slashes and diacritics, and object
    ids stay within the 100 characters the copy and evidence rows hold)."""
    key = "\n".join((procedure.kind, procedure.code, form.value, number))
    return f"{PREFIX}{procedure.kind}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def minutes_wanted(settings: Settings) -> bool:
    """Whether the procedures write their minutes: with the archive's signing key, yes; in
    production without it, the procedure is refused (ConfigurationError, before it changes
    anything); in development without it, no (a test or trial home without a key)."""
    if settings.archive_signing_key is not None:
        return True
    if settings.environment == "production":
        raise ConfigurationError(_both("minutes.no_signing_key"))
    return False


def stored_day(archive: Services, form: Form, procedure: Procedure, number: str) -> date | None:
    """The date of minutes already stored under that number (a run that died before its
    catalog step), so that the run that completes it asks for the same minutes."""
    object_id = minutes_object_id(form, procedure, number)
    if not archive.ocfl.exists(object_id):
        return None
    return date.fromisoformat(json.loads(_read(archive, object_id, JSON_NAME))["date"])


def _json(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _existing(session: Session, spec: MinutesSpec) -> Minutes | None:
    return session.scalar(
        select(Minutes).where(
            Minutes.form == spec.form.value,
            Minutes.procedure_kind == spec.procedure.kind,
            Minutes.procedure_code == spec.procedure.code,
            Minutes.number == spec.number,
        )
    )


def _refuse_written(session: Session, spec: MinutesSpec) -> None:
    if _existing(session, spec) is not None:
        raise Conflict(
            _both(
                "minutes.exists",
                form=spec.form.value,
                number=spec.number,
                procedure=str(spec.procedure),
            )
        )


def _read(archive: Services, object_id: str, logical: str) -> bytes:
    with archive.ocfl.open_logical(object_id, logical) as fh:
        return fh.read()


def _publish(archive: Services, spec: MinutesSpec, object_id: str, agent: AgentRef) -> None:
    """Render, sign and publish the minutes as version 1 of ``object_id``."""
    settings = archive.settings
    signer = load_signer(settings)
    moment = utc_now()
    data = minutes_data(
        spec,
        archive_name=settings.agency_name,
        archive_code=settings.agency_code,
        object_id=object_id,
        written_at=catalog_time(moment),
        written_by=agent.name,
        signer=signer_name(signer),
    )
    info = FORMS[spec.form]
    signed = sign_pdf(
        render_pdf(data, moment),
        signer,
        archive.timestamper(),
        settings,
        field=SIGNATURE_FIELD,
        reason=f"{info.title_vi} số {spec.number}",
    )
    writer = RecordWriter(archive.ocfl, archive.replica, settings.staging_dir)
    writer.create(
        object_id,
        {PDF_NAME: signed, JSON_NAME: _json(data)},
        created=catalog_time(moment),
        message=f"Minutes {spec.form.value} {spec.number} of {spec.procedure}",
        user_name=agent.name,
        user_address=f"urn:archive:agent:{agent.identifier}",
    )


def _same_minutes(stored: dict[str, Any], spec: MinutesSpec, object_id: str) -> bool:
    """Whether stored minutes hold what ``spec`` asks (a retry after a crash)."""
    wanted = minutes_data(
        spec,
        archive_name=stored["archive"]["name"],
        archive_code=stored["archive"]["code"],
        object_id=object_id,
        written_at="",
        written_by="",
        signer="",
    )
    keep = {k: v for k, v in stored.items() if k not in _VOLATILE}
    return keep == {k: v for k, v in wanted.items() if k not in _VOLATILE}


def store_minutes(
    archive: Services, spec: MinutesSpec, *, agent: AgentRef, session: Session | None = None
) -> Stored:
    """The storage step: check ``spec``, then sign and publish the minutes, or adopt the object
    a run that died before its catalog step left (refused if it holds other minutes)."""
    check_spec(spec)
    if session is None:
        with unit_of_work(archive.sessions) as own:
            _refuse_written(own, spec)
    else:
        _refuse_written(session, spec)
    object_id = minutes_object_id(spec.form, spec.procedure, spec.number)
    if not archive.ocfl.exists(object_id):
        _publish(archive, spec, object_id, agent)
    checkpoint("minutes_stored")
    data = _read(archive, object_id, JSON_NAME)
    stored = json.loads(data)
    if not _same_minutes(stored, spec, object_id):
        raise Conflict(_both("minutes.stored_differs", object_id=object_id))
    return Stored(
        spec=spec,
        object_id=object_id,
        version=str(archive.ocfl.inventory(object_id)["head"]),
        written_at=stored["written"]["at"],
        written_by=stored["written"]["by"],
        pdf_sha256=hashlib.sha256(_read(archive, object_id, PDF_NAME)).hexdigest(),
        json_sha256=hashlib.sha256(data).hexdigest(),
    )


def record_minutes(session: Session, stored: Stored, *, agent: AgentRef) -> MinutesRecord:
    """The catalog step, in the caller's transaction: the row and the ``minutes written``
    event."""
    spec = stored.spec
    lock_head(session)
    _refuse_written(session, spec)
    info = FORMS[spec.form]
    row = Minutes(
        object_id=stored.object_id,
        form=spec.form.value,
        procedure_kind=spec.procedure.kind,
        procedure_code=spec.procedure.code,
        number=spec.number,
        title=info.title_vi,
        place=spec.place,
        held_on=spec.day.isoformat(),
        written_at=stored.written_at,
        written_by=stored.written_by[:200],
        version=stored.version,
        pdf_sha256=stored.pdf_sha256,
        json_sha256=stored.json_sha256,
    )
    session.add(row)
    session.flush()
    append_events(
        session,
        [
            NewEvent(
                EVENT_TYPE,
                f"Lập {info.title_vi.lower()} số {spec.number} ({spec.procedure}) / "
                f"{info.title_en} no. {spec.number} written ({spec.procedure})",
                outcome_detail=with_state(f"{stored.object_id} {PDF_NAME} {JSON_NAME}", row),
                agents=[agent, software_agent()],
                objects=[(spec.procedure.code, "source"), (stored.object_id, "outcome")],
            )
        ],
    )
    return MinutesRecord.of(row)


def write_minutes(
    archive: Services, session: Session | None, spec: MinutesSpec, *, agent: AgentRef
) -> MinutesRecord:
    """Write minutes: stored (signed PDF/A-2B and JSON, replicated), then catalogued with their
    event, in ``session`` when given (the caller commits it) or in a transaction of their own.

    Refusals, before anything is stored: InvalidInput for a spec that cannot make the form,
    Conflict for minutes of that number already written, ConfigurationError without the
    archive's signing key, Unavailable when the TSA does not answer."""
    if session is not None:
        stored = store_minutes(archive, spec, agent=agent, session=session)
        return record_minutes(session, stored, agent=agent)
    stored = store_minutes(archive, spec, agent=agent)
    with unit_of_work(archive.sessions) as own:
        return record_minutes(own, stored, agent=agent)


def _find(session: Session, ident: str) -> Minutes:
    query = select(Minutes)
    query = (
        query.where(Minutes.id == int(ident))
        if ident.isdigit()
        else query.where(Minutes.object_id == ident)
    )
    row = session.scalar(query)
    if row is None:
        raise NotFound(_both("minutes.not_found", ident=ident))
    return row


def list_minutes(
    archive: Services,
    *,
    procedure: Procedure | None = None,
    kind: str | None = None,
    form: Form | None = None,
) -> list[MinutesRecord]:
    """Minutes, oldest first: of one procedure, of one kind of procedure, of one form, or all."""
    query = select(Minutes).order_by(Minutes.id)
    if procedure is not None:
        query = query.where(
            Minutes.procedure_kind == procedure.kind, Minutes.procedure_code == procedure.code
        )
    if kind is not None:
        query = query.where(Minutes.procedure_kind == kind)
    if form is not None:
        query = query.where(Minutes.form == form.value)
    with unit_of_work(archive.sessions) as session:
        return [MinutesRecord.of(row) for row in session.scalars(query)]


def minutes_of(session: Session, procedure: Procedure) -> list[MinutesRecord]:
    """The minutes of one procedure, oldest first, in the caller's session."""
    query = (
        select(Minutes)
        .where(Minutes.procedure_kind == procedure.kind, Minutes.procedure_code == procedure.code)
        .order_by(Minutes.id)
    )
    return [MinutesRecord.of(row) for row in session.scalars(query)]


def read_minutes(archive: Services, ident: str, part: Literal["pdf", "json"]) -> bytes:
    """The bytes of the minutes' PDF or JSON (``ident``: the catalog number or the object id),
    checked against the SHA-256 the catalog holds (Conflict when they differ: run
    ``archive repair``)."""
    with unit_of_work(archive.sessions) as session:
        record = MinutesRecord.of(_find(session, ident))
    name, expected = (
        (PDF_NAME, record.pdf_sha256) if part == "pdf" else (JSON_NAME, record.json_sha256)
    )
    data = _read(archive, record.object_id, name)
    if hashlib.sha256(data).hexdigest() != expected:
        raise Conflict(_both("minutes.damaged", object_id=record.object_id, name=name))
    return data


def show_minutes(archive: Services, ident: str) -> dict[str, Any]:
    """One minutes' catalog entry and its content (the JSON)."""
    with unit_of_work(archive.sessions) as session:
        record = MinutesRecord.of(_find(session, ident))
    content = json.loads(read_minutes(archive, str(record.id), "json"))
    return {**record.as_dict(), "content": content}
