"""Reading an edXML envelope (QCVN 102:2016) as real exchange systems write it, safely.

The file is fed to lxml in chunks through a target parser: no tree of the whole file is built,
no DTD is loaded, no entity is resolved, nothing is fetched. Before each chunk reaches lxml it
is searched for ``<!DOCTYPE``/``<!ENTITY`` (the rule of ``archive.safexml``), so XXE and
billion-laughs envelopes are refused before the parser sees them. The base64 content of each
attachment is decoded while it is read, into a staging file, its SHA-256 computed on the way;
decoding stops at the size limit. Every other element is kept as a small tree of
:class:`Node` (namespace-free names: children may be prefixed, unprefixed, or in no namespace).
"""

from __future__ import annotations

import binascii
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final

from lxml import etree

from archive.edxml.findings import finding
from archive.findings import Finding

__all__ = ["EDXML_NS", "Limits", "Node", "RawAttachment", "read_envelope"]

EDXML_NS: Final = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
DSIG_NS: Final = "http://www.w3.org/2000/09/xmldsig#"
_CHUNK: Final = 64 * 1024
_DTD_MARKERS: Final = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_PAYLOAD: Final = frozenset({"Content", "ContentTransferEncoded"})
_SPACE: Final = re.compile(rb"\s+")


@dataclass(frozen=True)
class Limits:
    """Size limits of one envelope (settings ``exchange_max_*``)."""

    envelope_bytes: int
    attachment_bytes: int
    attachments: int


@dataclass
class Node:
    """One element: local name, namespace, attributes, text, children."""

    name: str
    ns: str
    attrs: dict[str, str] = field(default_factory=dict)
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def child(self, name: str) -> Node | None:
        """The first child called ``name`` (any prefix, or none)."""
        return next((c for c in self.children if c.name == name), None)

    def all(self, name: str) -> list[Node]:
        """Every child called ``name``."""
        return [c for c in self.children if c.name == name]

    def value(self, *path: str) -> str:
        """Stripped text at ``path`` below this node, or ''."""
        node: Node | None = self
        for name in path:
            node = node.child(name) if node is not None else None
        return node.text.strip() if node is not None else ""

    def find(self, name: str) -> Node | None:
        """The first descendant called ``name``, depth first."""
        for c in self.children:
            if c.name == name:
                return c
            found = c.find(name)
            if found is not None:
                return found
        return None


@dataclass
class RawAttachment:
    """One ``Attachment`` of ``AttachmentEncoded``: its fields and its decoded staging file."""

    fields: Node
    path: Path
    size: int = 0
    sha256: str = ""
    too_big: bool = False
    bad_base64: str = ""


class _Base64Sink:
    """Decodes base64 text arriving in pieces into a file, hashing and counting."""

    def __init__(self, attachment: RawAttachment, limit: int) -> None:
        self.attachment = attachment
        self.limit = limit
        self.pending = b""
        self.digest = hashlib.sha256()
        self.out: IO[bytes] | None = attachment.path.open("xb")

    def feed(self, text: str) -> None:
        if self.out is None:
            return
        self.pending += _SPACE.sub(b"", text.encode("ascii", "replace"))
        whole = len(self.pending) - len(self.pending) % 4
        if whole:
            self._write(self.pending[:whole])
            self.pending = self.pending[whole:]

    def _write(self, data: bytes) -> None:
        assert self.out is not None
        try:
            decoded = binascii.a2b_base64(data, strict_mode=True)
        except binascii.Error as exc:
            self._stop(bad=str(exc))
            return
        self.attachment.size += len(decoded)
        if self.attachment.size > self.limit:
            self.attachment.too_big = True
            self._stop()
            return
        self.digest.update(decoded)
        self.out.write(decoded)

    def _stop(self, bad: str = "") -> None:
        if bad:
            self.attachment.bad_base64 = bad
        if self.out is not None:
            self.out.close()
            self.out = None

    def close(self) -> None:
        if self.out is None:
            return
        if self.pending:
            self._write(self.pending)
        if self.out is not None:
            self.out.close()
            self.out = None
        self.attachment.sha256 = self.digest.hexdigest()


class _Target:
    """lxml parser target: builds :class:`Node` trees, streams attachment payloads."""

    def __init__(self, staging: Path, limits: Limits) -> None:
        self.staging = staging
        self.limits = limits
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.attachments: list[RawAttachment] = []
        self.sink: _Base64Sink | None = None
        self.doctype_seen = False

    def start(self, tag: str | bytes, attrib: dict[str, str] | dict[bytes, bytes]) -> None:
        tag = tag.decode() if isinstance(tag, bytes) else tag
        ns, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        node = Node(name, ns, {str(k): str(v) for k, v in attrib.items()})
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)
        parent = self.stack[-2] if len(self.stack) > 1 else None
        if name == "Attachment" and len(self.attachments) < self.limits.attachments + 1:
            path = self.staging / f"attachment-{len(self.attachments) + 1:03d}"
            self.attachments.append(RawAttachment(node, path))
        elif name in _PAYLOAD and parent is not None and parent.name == "Attachment":
            current = self.attachments[-1] if self.attachments else None
            fresh = current is not None and not current.path.exists()
            if current is not None and fresh and current.fields is parent and self.sink is None:
                self.sink = _Base64Sink(current, self.limits.attachment_bytes)

    def end(self, tag: str | bytes) -> None:
        del tag  # the stack knows which element ends
        node = self.stack.pop()
        if self.sink is not None and node.name in _PAYLOAD:
            self.sink.close()
            self.sink = None

    def data(self, data: str | bytes) -> None:
        text = data.decode() if isinstance(data, bytes) else data
        if self.sink is not None:
            self.sink.feed(text)
        elif self.stack and len(self.stack[-1].text) < 100_000:
            self.stack[-1].text += text

    def doctype(self, *args: object) -> None:
        del args  # any DOCTYPE refuses the envelope
        self.doctype_seen = True

    def comment(self, text: str | bytes) -> None:
        del text  # comments carry nothing the archive reads

    def close(self) -> Node | None:
        return self.root


def read_envelope(
    path: Path, staging: Path, limits: Limits
) -> tuple[Node | None, list[RawAttachment], list[Finding]]:
    """Parse the envelope at ``path``; attachments are decoded into ``staging`` (which must
    exist and be empty). Returns the tree, the attachments and what refuses the envelope."""
    name = path.name
    size = path.stat().st_size
    if size > limits.envelope_bytes:
        detail = f"{name}: {size} > {limits.envelope_bytes} B"
        return None, [], [finding("EDX002", name, detail=detail)]
    target = _Target(staging, limits)
    parser = etree.XMLParser(
        target=target,  # type: ignore[arg-type]  # lxml-stubs: start() also takes nsmap
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=True,  # long base64 text; the file's size is bounded above
    )
    tail = b""
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                if _DTD_MARKERS.search(tail + chunk):
                    _close_sink(target)
                    return None, target.attachments, [Finding.make("XML002", name, detail=name)]
                tail = chunk[-16:]
                parser.feed(chunk)
        root: Node | None = parser.close()  # type: ignore[assignment]  # the target's result
    except etree.XMLSyntaxError as exc:
        _close_sink(target)
        line = f" (dòng/line {exc.lineno})" if exc.lineno else ""
        return (
            None,
            target.attachments,
            [Finding.make("XML001", name, detail=f"{name}{line}: {exc.msg}")],
        )
    if target.doctype_seen:
        return None, target.attachments, [Finding.make("XML002", name, detail=name)]
    if root is None:
        return None, target.attachments, [finding("EDX001", name, detail=name)]
    return root, target.attachments, []


def _close_sink(target: _Target) -> None:
    if target.sink is not None:
        target.sink.close()
        target.sink = None
