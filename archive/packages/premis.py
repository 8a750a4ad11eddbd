"""PREMIS 3.0 documents of an AIP: file objects (SHA-256 fixity, size, format, storage),
events and agents (docs/domain.md §4.9)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from archive.audit.chain import AgentRef, NewEvent
from archive.packages.metsxml import PREMIS

__all__ = ["PremisFile", "premis_document"]

_XSI = "http://www.w3.org/2001/XMLSchema-instance"


@dataclass(frozen=True)
class PremisFile:
    """One file object of the AIP."""

    identifier: str
    original_name: str
    size: int
    sha256: str
    format_name: str
    puid: str | None
    content_location: str
    linked_entity: str | None = None  # docCode of the document the file belongs to
    signatures: tuple[dict[str, Any], ...] = ()  # signature results (archive.signatures)
    format_version: str = ""
    format_notes: tuple[str, ...] = ()  # "identified by: …", "basis: …", "PDF/A: …"


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    el = etree.SubElement(parent, f"{{{PREMIS}}}{tag}")
    if text is not None:
        el.text = text
    return el


def _identifier(parent: etree._Element, prefix: str, value: str, id_type: str = "local") -> None:
    ident = _sub(parent, prefix)
    base = prefix[0].lower() + prefix[1:]
    _sub(ident, f"{base}Type", id_type)
    _sub(ident, f"{base}Value", value)


def _object(root: etree._Element, item: PremisFile) -> None:
    obj = _sub(root, "object")
    obj.set(f"{{{_XSI}}}type", "file")
    _identifier(obj, "objectIdentifier", item.identifier)
    chars = _sub(obj, "objectCharacteristics")
    _sub(chars, "compositionLevel", "0")
    fixity = _sub(chars, "fixity")
    _sub(fixity, "messageDigestAlgorithm", "SHA-256")
    _sub(fixity, "messageDigest", item.sha256)
    _sub(fixity, "messageDigestOriginator", "archive")
    _sub(chars, "size", str(item.size))
    fmt = _sub(chars, "format")
    designation = _sub(fmt, "formatDesignation")
    _sub(designation, "formatName", item.format_name)
    if item.format_version:
        _sub(designation, "formatVersion", item.format_version)
    if item.puid:
        registry = _sub(fmt, "formatRegistry")
        _sub(registry, "formatRegistryName", "PRONOM")
        _sub(registry, "formatRegistryKey", item.puid)
        _sub(registry, "formatRegistryRole", "specification")
    for note in item.format_notes:
        _sub(fmt, "formatNote", note)
    _sub(obj, "originalName", item.original_name)
    location = _sub(_sub(obj, "storage"), "contentLocation")
    _sub(location, "contentLocationType", "OCFL content path")
    _sub(location, "contentLocationValue", item.content_location)
    for sig in item.signatures:
        _signature(obj, sig)
    if item.linked_entity:
        relation = _sub(obj, "relationship")
        _sub(relation, "relationshipType", "structural")
        _sub(relation, "relationshipSubType", "is included in")
        related = _sub(relation, "relatedObjectIdentifier")
        _sub(related, "relatedObjectIdentifierType", "docCode")
        _sub(related, "relatedObjectIdentifierValue", item.linked_entity)


def _signature(obj: etree._Element, sig: dict[str, Any]) -> None:
    """PREMIS signatureInformation for one PDF signature and its validation verdict."""
    el = _sub(_sub(obj, "signatureInformation"), "signature")
    _sub(el, "signatureEncoding", "DER (CMS, PAdES)")
    _sub(el, "signer", sig["signer_subject"])
    _sub(el, "signatureMethod", f"PAdES {sig['pades_level']} ({sig['kind']})")
    _sub(el, "signatureValue", sig.get("signature_value") or "")
    _sub(
        el,
        "signatureValidationRules",
        f"ETSI EN 319 102-1 (pyHanko classic + AdES); {sig['status']}",
    )
    _sub(el, "signatureProperties", f"field={sig['field']}")
    _sub(el, "signatureProperties", f"serial={sig['signer_serial']}")


def _event(root: etree._Element, event: NewEvent) -> None:
    el = _sub(root, "event")
    _identifier(el, "eventIdentifier", event.event_id, "URN")
    _sub(el, "eventType", event.event_type)
    _sub(el, "eventDateTime", event.occurred_at)
    _sub(_sub(el, "eventDetailInformation"), "eventDetail", event.detail)
    outcome = _sub(el, "eventOutcomeInformation")
    _sub(outcome, "eventOutcome", event.outcome)
    if event.outcome_detail:
        _sub(_sub(outcome, "eventOutcomeDetail"), "eventOutcomeDetailNote", event.outcome_detail)
    for agent in event.agents:
        link = _sub(el, "linkingAgentIdentifier")
        _sub(link, "linkingAgentIdentifierType", "local")
        _sub(link, "linkingAgentIdentifierValue", agent.identifier)
        _sub(link, "linkingAgentRole", agent.role)
    for ident, role in event.objects:
        link = _sub(el, "linkingObjectIdentifier")
        _sub(link, "linkingObjectIdentifierType", "local")
        _sub(link, "linkingObjectIdentifierValue", ident)
        _sub(link, "linkingObjectRole", role)


def _agent(root: etree._Element, agent: AgentRef, version: str | None) -> None:
    el = _sub(root, "agent")
    _identifier(el, "agentIdentifier", agent.identifier)
    _sub(el, "agentName", agent.name)
    _sub(el, "agentType", agent.agent_type)
    if version and agent.agent_type == "software":
        _sub(el, "agentVersion", version)


def premis_document(
    files: Iterable[PremisFile],
    events: Iterable[NewEvent] = (),
    software_version: str | None = None,
) -> etree._Element:
    """A <premis> root with objects, then events, then the agents the events name."""
    root = etree.Element(
        f"{{{PREMIS}}}premis",
        nsmap={None: PREMIS, "xsi": _XSI},  # type: ignore[dict-item]  # lxml-stubs: no None key
    )
    root.set("version", "3.0")
    for item in files:
        _object(root, item)
    agents: dict[str, AgentRef] = {}
    for event in events:
        _event(root, event)
        for agent in event.agents:
            agents.setdefault(agent.identifier, agent)
    for agent in agents.values():
        _agent(root, agent, software_version)
    return root
