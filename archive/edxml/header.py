"""What an edXML envelope says: header, trace list, business info, manifest, attachments.

:func:`interpret` turns the tree read by :mod:`archive.edxml.envelope` into an
:class:`Envelope`, with a coded finding for every problem: missing required fields, a
``DocumentId`` that does not match the sender and number, attachments that match no manifest
entry, listed attachments without content, duplicates, bad base64, sizes over the limit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from archive.edxml.envelope import EDXML_NS, Limits, Node, RawAttachment
from archive.edxml.findings import finding
from archive.findings import Finding

__all__ = ["Attachment", "Envelope", "content_id", "interpret"]

_ORGAN_ID: Final = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
_DATE: Final = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")
BUSINESS_TYPES: Final = {"0": "new", "1": "recall", "2": "update", "3": "replacement"}


@dataclass(frozen=True)
class Attachment:
    """One attachment, matched to its manifest entry, decoded in staging."""

    content_id: str
    name: str
    content_type: str
    description: str
    path: Path
    size: int
    sha256: str


@dataclass
class Envelope:
    """The fields of one envelope the archive uses (``header`` keeps the rest as text)."""

    kind: str  # document | status
    header: dict[str, Any]
    trace: list[dict[str, str]]
    business: dict[str, Any]
    attachments: list[Attachment] = field(default_factory=list)
    signed: bool = False

    @property
    def document_id(self) -> str:
        """The document identifier (DocumentId), '' when absent."""
        return str(self.header.get("DocumentId", ""))

    @property
    def business_type(self) -> str:
        """new | recall | update | replacement."""
        return BUSINESS_TYPES.get(str(self.business.get("BussinessDocType", "0")), "new")


def content_id(value: str) -> str:
    """A ContentId or Reference as compared: no ``cid:``, no angle brackets, no spaces."""
    value = value.strip().strip("<>").strip()
    return value[4:] if value.lower().startswith("cid:") else value


def _own(node: Node) -> bool:
    return node.ns in (EDXML_NS, "")


def _flat(node: Node | None) -> dict[str, Any]:
    """Children as a dict: text of leaves, nested dicts, lists for repeats."""
    out: dict[str, Any] = {}
    if node is None:
        return out
    for c in node.children:
        if not _own(c):
            continue
        value: Any = _flat(c) if c.children else c.text.strip()
        if c.name in out:
            prev = out[c.name]
            out[c.name] = [*prev, value] if isinstance(prev, list) else [prev, value]
        else:
            out[c.name] = value
    return out


def _envelope_node(root: Node) -> Node | None:
    if root.name == "edXMLEnvelope":
        return root
    if root.name == "edXML":
        return root.child("edXMLEnvelope")
    return None


def interpret(
    root: Node, raw: list[RawAttachment], limits: Limits, name: str
) -> tuple[Envelope | None, list[Finding]]:
    """The envelope's meaning, or the findings that refuse it."""
    envelope = _envelope_node(root)
    if envelope is None or envelope.ns != EDXML_NS:
        detail = f"{name}: <{root.name}> ({root.ns or '-'})"
        return None, [finding("EDX001", name, detail=detail)]
    head = envelope.child("edXMLHeader")
    if head is None:
        return None, [finding("EDX003", name, field="edXMLHeader", detail=name)]
    traces = head.child("TraceHeaderList")
    business = head.child("Bussiness") or (traces.child("Bussiness") if traces else None)
    trace = [
        {"OrganId": t.value("OrganId"), "Timestamp": t.value("Timestamp")}
        for t in (traces.all("TraceHeader") if traces else [])
    ]
    signed = any(
        c.name == "Signature" and c.ns == "http://www.w3.org/2000/09/xmldsig#"
        for c in (*envelope.children, *root.children)
    )
    status = head.child("Status")
    if status is not None:
        result = Envelope("status", _flat(status), trace, _flat(business), signed=signed)
        return result, _check_status(result, name)
    message = head.child("MessageHeader")
    if message is None:
        return None, [finding("EDX003", name, field="MessageHeader", detail=name)]
    result = Envelope("document", _flat(message), trace, _flat(business), signed=signed)
    findings = _check_header(result, name)
    attachments, more = _match(envelope, raw, limits, name)
    result.attachments = attachments
    return result, findings + more


def _required(header: dict[str, Any], *path: str) -> str:
    value: Any = header
    for key in path:
        value = value.get(key, "") if isinstance(value, dict) else ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return value if isinstance(value, str) else ""


def parse_date(value: str) -> date | None:
    """A dd/MM/yyyy date, or None."""
    match = _DATE.match(value)
    if not match:
        return None
    try:
        return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def _check_header(env: Envelope, name: str) -> list[Finding]:
    out: list[Finding] = []
    h = env.header
    for path in (
        ("From", "OrganId"),
        ("Code", "CodeNumber"),
        ("Code", "CodeNotation"),
        ("Subject",),
    ):
        if not _required(h, *path):
            out.append(finding("EDX003", name, field="/".join(path), detail=name))
    organ = _required(h, "From", "OrganId")
    if organ and not _ORGAN_ID.match(organ):
        out.append(finding("EDX004", name, field="From/OrganId", detail=organ))
    when = _required(h, "PromulgationInfo", "PromulgationDate")
    if not when:
        out.append(finding("EDX003", name, field="PromulgationInfo/PromulgationDate", detail=name))
    elif parse_date(when) is None:
        out.append(finding("EDX004", name, field="PromulgationDate", detail=when))
    for key, limit in (("CodeNumber", 11), ("CodeNotation", 30)):
        if len(_required(h, "Code", key)) > limit:
            out.append(finding("EDX004", name, field=f"Code/{key}", detail=f"> {limit}"))
    if len(_required(h, "Subject")) > 500:
        out.append(finding("EDX004", name, field="Subject", detail="> 500"))
    doc_type = str(env.business.get("BussinessDocType", "0") or "0")
    if doc_type not in BUSINESS_TYPES:
        out.append(finding("EDX004", name, field="BussinessDocType", detail=doc_type))
    out.extend(_check_document_id(env, name))
    return out


def _check_document_id(env: Envelope, name: str) -> list[Finding]:
    """``DocumentId`` = organ id, year, number (QĐ 395/QĐ-BTTTT; commas in edXML)."""
    value = env.document_id
    if not value:
        return []
    parts = [p.strip() for p in value.split(",")]
    h = env.header
    issued = parse_date(_required(h, "PromulgationInfo", "PromulgationDate"))
    expected = [
        _required(h, "From", "OrganId"),
        str(issued.year) if issued else parts[1] if len(parts) > 1 else "",
        _required(h, "Code", "CodeNumber"),
    ]
    if len(parts) != 3 or parts != expected:
        detail = f"{value} ≠ {','.join(expected)}"
        return [finding("EDX010", name, detail=detail)]
    return []


def _check_status(env: Envelope, name: str) -> list[Finding]:
    out: list[Finding] = []
    code = str(env.header.get("StatusCode", ""))
    if code not in {"01", "02", "03", "04", "05", "06", "13", "15", "16"}:
        out.append(finding("EDX004", name, field="StatusCode", detail=code or "-"))
    if not _required(env.header, "ResponseFor", "DocumentId") and not _required(
        env.header, "ResponseFor", "Code", "CodeNumber"
    ):
        out.append(finding("EDX003", name, field="ResponseFor", detail=name))
    return out


def _manifest(envelope: Node) -> list[dict[str, str]]:
    manifest = envelope.child("edXMLManifest")
    if manifest is None:
        return []
    out = []
    for ref in manifest.all("Reference"):
        cid = ref.value("ContentId") or ref.attrs.get("href", "")
        out.append(
            {
                "cid": content_id(cid),
                "name": ref.value("AttachmentName"),
                "type": ref.value("ContentType"),
                "description": ref.value("Description"),
            }
        )
    return out


def _match(
    envelope: Node, raw: list[RawAttachment], limits: Limits, name: str
) -> tuple[list[Attachment], list[Finding]]:
    """Attachments matched to the manifest by ContentId (with or without ``cid:``)."""
    findings: list[Finding] = []
    if len(raw) > limits.attachments:
        detail = f"> {limits.attachments}"
        return [], [finding("EDX013", name, detail=detail)]
    manifest = {m["cid"]: m for m in _manifest(envelope)}
    seen: dict[str, Attachment] = {}
    for item in raw:
        fields = item.fields
        cid = content_id(fields.value("ContentId"))
        label = fields.value("AttachmentName") or cid or "?"
        if item.too_big:
            findings.append(
                finding("EDX009", name, value=label, detail=f"> {limits.attachment_bytes} B")
            )
            continue
        if item.bad_base64:
            findings.append(finding("EDX008", name, value=label, detail=item.bad_base64))
            continue
        if not item.path.exists() or not item.sha256:
            findings.append(finding("EDX006", name, value=label, detail=cid or "-"))
            continue
        if cid in seen:
            findings.append(finding("EDX007", name, value=label, detail=cid))
            continue
        entry = (
            manifest.get(cid)
            if manifest
            else {"cid": cid, "name": label, "type": "", "description": ""}
        )
        if entry is None:
            findings.append(finding("EDX005", name, value=label, detail=cid or "-"))
            continue
        seen[cid] = Attachment(
            content_id=cid,
            name=entry["name"] or label,
            content_type=entry["type"] or fields.value("ContentType"),
            description=entry["description"] or fields.value("Description"),
            path=item.path,
            size=item.size,
            sha256=item.sha256,
        )
    for cid, entry in manifest.items():
        if cid not in seen and not any(f.code in ("EDX007", "EDX008", "EDX009") for f in findings):
            findings.append(finding("EDX006", name, value=entry["name"] or cid, detail=cid))
    names = [a.name for a in seen.values()]
    for dup in {n for n in names if names.count(n) > 1}:
        findings.append(finding("EDX007", name, value=dup, detail=dup))
    if not seen and not findings:
        findings.append(finding("EDX014", name, detail=name))
    return list(seen.values()), findings
