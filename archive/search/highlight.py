"""Highlighted snippets, computed the same way for every backend from the stored text.

The text is analysed again with the index analyzer (only for the hits of one page), so a match
is exactly what the index matched: ``quyet dinh`` marks "Quyết định", ``ubnd`` marks the
``UBND`` inside ``123/QĐ-UBND``.
"""

from __future__ import annotations

import itertools
import re
from typing import Final

from archive.search.analyzer import analyze, fold_marks, fold_spelling, nfc, spellings
from archive.search.api import Snippet
from archive.search.parse import ParsedQuery

__all__ = ["SNIPPET_CHARS", "snippets"]

SNIPPET_CHARS: Final = 240
_SCAN_CHARS: Final = 100_000
"""Only the start of a long text is scanned for the excerpt (keeps a result page fast)."""
_MAX_SPANS: Final = 500
_SPACE_RE: Final = re.compile(r"\s+")
_ELLIPSIS: Final = "…"


def snippets(parsed: ParsedQuery, subject: str, text: str) -> tuple[Snippet, ...]:
    """The subject with its matches marked (if any match), and the best excerpt of the text."""
    out: list[Snippet] = []
    for name, value, whole in (("subject", subject, True), ("text", text, False)):
        snippet = _snippet(name, nfc(value[:_SCAN_CHARS]), parsed, whole=whole)
        if snippet is not None:
            out.append(snippet)
    return tuple(out)


def _spans(text: str, parsed: ParsedQuery) -> list[tuple[int, int, str]]:
    """Where the query's terms occur: one regex over the folded text (C speed), which finds
    the same words the analyzer indexed, symbol parts included (``ubnd`` in ``123/QĐ-UBND``).
    The text is folded without the spelling step (a second pass over a long text); each word
    is looked for in every spelling instead (``li`` as ``li`` or ``ly``)."""
    folded = fold_marks(text)
    if len(folded) != len(text):  # folding changed lengths: offsets must come from tokens
        return _token_spans(text, parsed)
    words = {s for w in parsed.words for s in spellings(w)}
    alternatives = [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    alternatives += [re.escape(p) + r"[^\W_]*" for p in parsed.prefixes]
    if not alternatives:
        return []
    pattern = re.compile(rf"(?<![^\W_])(?:{'|'.join(alternatives)})(?![^\W_])")
    found = []
    for match in pattern.finditer(folded):
        found.append((match.start(), match.end(), fold_spelling(match.group())))
        if len(found) >= _MAX_SPANS:
            break
    return found


def _token_spans(text: str, parsed: ParsedQuery) -> list[tuple[int, int, str]]:
    words, prefixes = parsed.words, parsed.prefixes
    found = []
    for tok in analyze(text, normalized=True):
        if tok.term in words or any(tok.term.startswith(p) for p in prefixes):
            found.append((tok.start, tok.end, tok.term))
            if len(found) >= _MAX_SPANS:
                break
    return found


def _merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end, _ in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _window(text: str, spans: list[tuple[int, int, str]]) -> tuple[int, int]:
    """The SNIPPET_CHARS window holding the most distinct matched terms (first such)."""
    lead = SNIPPET_CHARS // 4
    best = _best_start(spans, lead)
    end = min(len(text), best + SNIPPET_CHARS)
    # Widen to whole words.
    while best > 0 and not text[best - 1].isspace() and best > end - SNIPPET_CHARS - 20:
        best -= 1
    while end < len(text) and not text[end].isspace() and end < best + SNIPPET_CHARS + 20:
        end += 1
    return best, end


def _best_start(spans: list[tuple[int, int, str]], lead: int) -> int:
    """Start of the first window (``lead`` before a match) with the most distinct terms.

    Spans from the regex come in order and do not overlap, so the spans inside a window form
    a run that only moves forward: two pointers and a term count, linear in the matches. Other
    span lists (from tokens: a symbol and its parts overlap) take the direct quadratic count.
    """
    best, best_score = 0, -1
    ordered = all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    if not ordered:
        for start, _, _ in spans:
            begin = max(0, start - lead)
            score = len({term for s, e, term in spans if s >= begin and e <= begin + SNIPPET_CHARS})
            if score > best_score:
                best, best_score = begin, score
        return best
    counts: dict[str, int] = {}
    lo = hi = 0
    for start, _, _ in spans:
        begin = max(0, start - lead)
        limit = begin + SNIPPET_CHARS
        while hi < len(spans) and spans[hi][1] <= limit:
            term = spans[hi][2]
            counts[term] = counts.get(term, 0) + 1
            hi += 1
        while lo < hi and spans[lo][0] < begin:
            term = spans[lo][2]
            counts[term] -= 1
            if not counts[term]:
                del counts[term]
            lo += 1
        if len(counts) > best_score:
            best, best_score = begin, len(counts)
    return best


def _snippet(name: str, text: str, parsed: ParsedQuery, *, whole: bool) -> Snippet | None:
    spans = _spans(text, parsed) if text else []
    if not spans:
        return None
    begin, end = (0, len(text)) if whole else _window(text, spans)
    parts: list[tuple[str, bool]] = []
    if begin > 0:
        parts.append((_ELLIPSIS, False))
    cursor = begin
    for start, stop in _merge(spans):
        if start < begin or stop > end:
            continue
        if start > cursor:
            parts.append((_SPACE_RE.sub(" ", text[cursor:start]), False))
        parts.append((text[start:stop], True))
        cursor = stop
    if cursor < end:
        parts.append((_SPACE_RE.sub(" ", text[cursor:end]), False))
    if end < len(text):
        parts.append((_ELLIPSIS, False))
    return Snippet(name, tuple(parts))
