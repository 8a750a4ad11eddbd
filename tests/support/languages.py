"""Does a text speak the interface language? English words in Vietnamese mode, Vietnamese in
English mode, outside what the archive holds (data values), codes and identifiers.

What is left out before looking:

- data values: the descriptive values of the records of the home being shown (titles,
  subjects, organs, names, file paths and formats, the stored details of audit events, the
  values, never the attribute names, of certificate subjects), as :func:`data_values` reads
  them from the catalog; and what is quoted from a record's text (search snippets, between
  ``…``, or in an element of class ``snippet``);
- codes and identifiers: ``archive`` command lines, ``--options``, paths, URLs, dotted or
  numbered codes, ``snake_case`` and ``camelCase`` names, what is between backquotes (an
  option's value as typed), ``{name}``/``[name]`` parameters of a usage line;
- the law's own Vietnamese names in English text (:data:`LAW_TERMS`, docs/domain.md);
- in an error line (``Lỗi: …`` / ``Error: …``), the other half of a core message written in
  both languages (``vi / en``), as core errors are;
- in HTML, elements marked with another ``lang`` (the English labels beside the Vietnamese
  ones, the language switch), and ``<code>``.

English words are a list of common words of the interface that are not also Vietnamese
syllables (``an``, ``to``, ``in`` are both, and are not in it). Vietnamese is any word with a
Vietnamese letter (ă â đ ê ô ơ ư, or a tone mark), or a few words of the interface without
one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import typer
from sqlalchemy import create_engine, text

from cli.main import app

__all__ = [
    "ENGLISH_WORDS",
    "LAW_TERMS",
    "command_words",
    "data_values",
    "english_words",
    "html_text",
    "iso_times",
    "strip",
    "vietnamese_words",
]

_ENGLISH = """
    the of and or with from for not is are was be has have this that these which what when
    where there their at by all every each none nothing new already only after before into
    store stores object objects file files document documents dossier dossiers record records
    error errors warning warnings info personal organisation organization agency timestamp
    timestamps signature signatures signer valid invalid validation access ingestion
    replication fixity check checked creation deletion disposal appraisal authentication
    dissemination deaccession recovery success failure failed good revoked unknown true false
    yes name role active user users officer archivist auditor admin administrator implementer
    executing program common title country trust trusted roots results result search page
    type year retention fonds organ issuing body status state reason held copy copied updated
    current bytes days planned skipped done batch renewal chain kind algorithm integrity ok
    usage options option command such did you mean missing argument arguments value got
    unexpected extra try help verification verdict overall explanation field report written
    wrote archived accepted refused package packages summary subject number symbol size
    format event outcome detail home version catalog storage backend layout directory
    generation indexed counts events coverage never failing goal full pass intact broken
    audit evidence list lists council head decision opinions holds hold placed released
    group verified schedule request transfers registered exported returned deleted
    preservation action before location default required show message exit commands text
    integer folder path deprecated
"""
ENGLISH_WORDS = frozenset(_ENGLISH.split())
"""Common English words of the interface that are no Vietnamese syllable."""

_PLAIN = "kho theo trang cho khi sau thay hay nay"
VIETNAMESE_PLAIN = frozenset(_PLAIN.split())
"""Vietnamese words of the interface written without any Vietnamese letter."""

LAW_TERMS = (
    "NĐ 30/2020/NĐ-CP",
    "NĐ 30/2020",
    "NĐ 30",
    "Hán Nôm",
    "Phụ lục",
    "Mục lục văn bản",
    "Xem xét hủy",
    "Đã hủy",
)
"""The law's names, kept in Vietnamese in English text (docs/domain.md)."""

_VI_LETTERS = frozenset("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CODES = (
    re.compile(r"`[^`\n]*`"),  # code as typed (a value of an option, a column name)
    re.compile(r"(?:https?://|/)\S*"),  # URLs and absolute paths
    re.compile(r"\S*[\w-]+\.(?:pdf|zip|xlsx|csv|json|pem|html|ers|toml|txt|sqlite3)\b"),
    re.compile(r"(?<!\S)--?[a-z][a-z-]*"),  # options
    re.compile(r"[\{\[][a-z_]+[\}\]]"),  # parameters of a usage line
    re.compile(r"\S*(?:[_.:/\\]|\d)\S*"),  # codes, ids, dotted names, numbers, paths
    re.compile(r"\b[a-z]+[A-Z]\w*"),  # camelCase names (docCode, arcFileCode)
)
_SNIPPET = re.compile(r"…[^│\n]*")  # quoted from a record's text, up to the end of its cell
_BILINGUAL = re.compile(r"^(?P<lead>\W*(?:Lỗi|Error):?\s*)(?P<message>.*)$")


def strip(text: str, *, lang: str, data: Iterable[str] = (), commands: Iterable[str] = ()) -> str:
    """``text`` without data values, codes and identifiers, law terms (English text), and the
    other language's half of a core message in both languages on an error line."""
    lines = []
    for line in text.splitlines():
        found = _BILINGUAL.match(line)
        if found and " / " in found["message"]:
            vi, _, en = found["message"].partition(" / ")
            line = found["lead"] + (en if lang == "en" else vi)
        lines.append(line)
    out = "\n".join(lines)
    for value in sorted({d for d in data if len(d) > 1}, key=len, reverse=True):
        out = out.replace(value, " ")
    out = _SNIPPET.sub(" ", out)
    words = "|".join(re.escape(c) for c in sorted(set(commands), key=len, reverse=True))
    if words:  # archive and its sub-commands, as typed
        out = re.sub(rf"\barchive(?:\s+(?:{words}))+\b", " ", out)
    if lang == "en":
        for term in LAW_TERMS:
            out = out.replace(term, " ")
    for pattern in _CODES:
        out = pattern.sub(" ", out)
    return out


@cache
def command_words() -> frozenset[str]:
    """Every command and group name of ``archive`` (how a command line is recognised)."""
    words: set[str] = set()
    groups = [typer.main.get_command(app)]
    while groups:
        group = groups.pop()
        for name, command in getattr(group, "commands", {}).items():
            words.add(name)
            groups.append(command)
    return frozenset(words)


_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}\S*")


def iso_times(text: str, data: Iterable[str] = ()) -> list[str]:
    """ISO 8601 times in ``text`` outside data values: what people read shows times as they
    write them (archive/dates.py); only JSON keeps ISO 8601."""
    for value in sorted({d for d in data if len(d) > 1}, key=len, reverse=True):
        text = text.replace(value, " ")
    return _ISO_TIME.findall(text)


def english_words(text: str) -> list[str]:
    """The English words of ``text`` (already :func:`strip`-ped)."""
    return [w for w in _WORD.findall(text) if w.lower() in ENGLISH_WORDS]


def vietnamese_words(text: str) -> list[str]:
    """The Vietnamese words of ``text`` (already :func:`strip`-ped)."""
    return [
        w
        for w in _WORD.findall(text)
        if _VI_LETTERS.intersection(w.lower()) or w.lower() in VIETNAMESE_PLAIN
    ]


class _Text(HTMLParser):
    """The text a person reads of a page in ``lang``: element text and the attributes read
    out (``aria-label``, ``placeholder``, ``alt``), without scripts, styles, ``<code>``,
    quoted text (class ``snippet``) and anything marked as another language."""

    SKIP = frozenset({"script", "style", "code"})
    VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "source", "wbr"})
    INLINE = frozenset({"a", "mark", "strong", "em", "b", "i", "span", "time", "abbr", "small"})

    def __init__(self, lang: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = lang
        self.stack: list[bool] = []  # per open element: skipped (with its ancestors)?
        self.parts: list[str] = [""]  # one per block: inline elements continue the text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.INLINE:
            self.parts.append("")
        values = dict(attrs)
        other = values.get("lang") not in (None, self.lang) and tag != "html"
        quoted = "snippet" in (values.get("class") or "").split()
        skipped = bool(self.stack and self.stack[-1]) or other or quoted or tag in self.SKIP
        if not skipped:
            self.parts += [v for k, v in attrs if k in ("aria-label", "placeholder", "alt") and v]
        if tag not in self.VOID:
            self.stack.append(skipped)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()
        if tag not in self.INLINE:
            self.parts.append("")

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts[-1] += data


def html_text(html: str, lang: str) -> str:
    """What a person reads of a page shown in ``lang`` (see :class:`_Text`), one line per
    piece of text."""
    parser = _Text(lang)
    parser.feed(html)
    return "\n".join(" ".join(p.split()) for p in parser.parts if p.strip())


_DATA_QUERIES = (
    "SELECT title, keyword, description, creator, file_code, arc_file_code FROM dossiers",
    "SELECT subject, organ_name, keyword, description, signer_position, signer_full_name, "
    "recipients, autograph, code_notation, doc_code, doc_id FROM documents",
    "SELECT name, code FROM fonds",
    "SELECT path, format_name FROM files",
    "SELECT detail FROM events",
    "SELECT name FROM users",
    "SELECT group_name, title, source, note FROM retention_rules",
    "SELECT reason, placed_by, release_reason FROM holds",
    "SELECT name, added_by FROM council_members",
    "SELECT reason_text, title FROM disposal_items",
    "SELECT title, agency, reason, submitted_by, decided_by FROM pending_packages",
)
_NAME_VALUE = re.compile(r"(?:^|, )[A-Z][A-Za-z/ ]*?: (.*?)(?=, [A-Z][A-Za-z/ ]*?: |$)")


def data_values(catalog: Path) -> set[str]:
    """The descriptive values of the records of a home (its SQLite catalog), as shown: what
    the archive holds, in whatever language it came in."""
    engine = create_engine(f"sqlite:///{catalog}")
    values: set[str] = set()
    try:
        with engine.connect() as db:
            for query in _DATA_QUERIES:
                for row in db.execute(text(query)):
                    values.update(str(v) for v in row if v)
            for (agents,) in db.execute(text("SELECT agents_json FROM events")):
                values.update(re.findall(r'"id": ?"([^"]+)"', agents))
            names = db.execute(text("SELECT signer_subject, issuer FROM signatures"))
            for row in names:
                for name in row:
                    values.update(_NAME_VALUE.findall(name or ""))
    finally:
        engine.dispose()
    return values
