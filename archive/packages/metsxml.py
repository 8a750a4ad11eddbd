"""XML building blocks shared by the SIP and AIP writers: namespaces, METS file entries,
TT05 ``simpledc`` records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Final

from lxml import etree

from archive.catalog.fields import EXT_NS, FieldSpec
from archive.storage.digest import Digests

__all__ = [
    "CSIP",
    "METS",
    "NSMAP",
    "PREMIS",
    "VN_TZ",
    "XLINK",
    "iso_now",
    "md_ref",
    "mets_el",
    "mets_file",
    "simpledc",
    "to_bytes",
]

METS: Final = "http://www.loc.gov/METS/"
XLINK: Final = "http://www.w3.org/1999/xlink"
CSIP: Final = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP: Final = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
PREMIS: Final = "http://www.loc.gov/premis/v3"
XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP: Final = {"mets": METS, "xlink": XLINK, "csip": CSIP, "sip": SIP, "xsi": XSI}
VN_TZ: Final = timezone(timedelta(hours=7), "ICT")


def iso_now(moment: datetime | None = None) -> str:
    """ISO 8601 time in Vietnam's zone (+07:00), as TT05 packages write it."""
    return (moment or datetime.now(VN_TZ)).astimezone(VN_TZ).isoformat(timespec="seconds")


def mets_el(tag: str, attrib: Mapping[str, str] | None = None, **kw: str) -> etree._Element:
    """A METS element; attribute names like ``csip:OAISPACKAGETYPE`` are expanded."""
    el = etree.Element(f"{{{METS}}}{tag}", nsmap=NSMAP if tag == "mets" else None)
    for key, value in {**(attrib or {}), **kw}.items():
        el.set(_qname(key), value)
    return el


def _qname(key: str) -> str:
    if ":" not in key:
        return key
    prefix, local = key.split(":", 1)
    return f"{{{NSMAP[prefix]}}}{local}"


def _checksum_attrs(digests: Digests, mimetype: str, created: str) -> dict[str, str]:
    return {
        "MIMETYPE": mimetype,
        "SIZE": str(digests.size),
        "CREATED": created,
        "CHECKSUM": digests.sha256,
        "CHECKSUMTYPE": "SHA-256",
    }


def md_ref(href: str, digests: Digests, *, mdtype: str, created: str) -> etree._Element:
    """An ``mdRef`` to a metadata file, with its SHA-256 and size."""
    attrs = {
        "LOCTYPE": "URL",
        "xlink:type": "simple",
        "xlink:href": href,
        **_checksum_attrs(digests, "text/xml", created),
    }
    if mdtype in ("PREMIS", "EAD"):
        attrs["MDTYPE"] = mdtype
    else:
        attrs["MDTYPE"] = "OTHER"
        attrs["OTHERMDTYPE"] = mdtype
    return mets_el("mdRef", attrs)


def mets_file(
    file_id: str,
    href: str,
    digests: Digests,
    *,
    mimetype: str,
    created: str,
    dmdid: str | None = None,
) -> etree._Element:
    """A ``file`` with its ``FLocat``, SHA-256 and size."""
    attrs = {"ID": file_id, **_checksum_attrs(digests, mimetype, created)}
    if dmdid:
        attrs["DMDID"] = dmdid
    el = mets_el("file", attrs)
    el.append(mets_el("FLocat", {"LOCTYPE": "URL", "xlink:type": "simple", "xlink:href": href}))
    return el


def simpledc(
    values: Mapping[str, str | None],
    specs: Iterable[FieldSpec],
    ext_values: Mapping[str, str | None] | None = None,
    ext_specs: Iterable[FieldSpec] = (),
) -> etree._Element:
    """A TT05 ``<simpledc>`` record: fields in table order, then extension elements."""
    root = etree.Element("simpledc", nsmap={"ext": EXT_NS})
    for spec in specs:
        value = values.get(spec.name)
        if value is not None and value != "":
            etree.SubElement(root, spec.name).text = value
    for spec in ext_specs:
        value = (ext_values or {}).get(spec.name)
        if value is not None and value != "":
            etree.SubElement(root, f"{{{EXT_NS}}}{spec.name}").text = value
    return root


def to_bytes(el: etree._Element) -> bytes:
    """Serialise with an XML declaration, UTF-8, indented."""
    etree.indent(el, space="  ")
    return etree.tostring(el, xml_declaration=True, encoding="UTF-8", pretty_print=True)
