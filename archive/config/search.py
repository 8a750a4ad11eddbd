"""The settings of search: engine, index, access, bounds, abbreviations."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings

from archive.config.values import MiB, SearchRole, privileged_roles

__all__ = ["SearchSettings"]


class SearchSettings(BaseSettings):
    """The settings of search: engine, index, access, bounds, abbreviations."""

    search_backend: Literal["tantivy", "whoosh"] = Field(
        default="tantivy",
        description="Embedded full-text engine: 'tantivy' (default; fast at any archive size) or "
        "'whoosh' (pure Python; only for a few thousand documents, docs/decisions/0005).",
    )
    search_index_dir: Path | None = Field(
        default=None,
        description="Directory of the search index (derived data, rebuilt by 'archive search "
        "reindex'); default <home>/index.",
    )
    search_index_restricted: bool = Field(
        default=False,
        description="Index documents of access mode 03 (Mật) too, findable only by the roles in "
        "search_roles_mode_03. Off: they are never indexed.",
    )
    search_roles_mode_02: list[SearchRole] = Field(
        default_factory=privileged_roles,
        description="Roles that find documents of access mode 02 (Sử dụng có điều kiện).",
    )
    search_roles_mode_03: list[SearchRole] = Field(
        default_factory=privileged_roles,
        description="Roles that find mode 03 (Mật) documents, when search_index_restricted is on.",
    )
    search_extract_max_bytes: int = Field(
        default=256 * MiB,
        ge=0,
        description="Originals larger than this (bytes) get no text extracted (metadata only).",
    )
    search_max_text_chars: int = Field(
        default=2_000_000,
        ge=0,
        description="Most characters of extracted text kept in the index per document.",
    )
    search_lock_timeout_s: float = Field(
        default=120.0,
        gt=0,
        description="How long an index writer waits for another one (ingest, reindex), in seconds.",
    )
    search_max_query_chars: int = Field(
        default=500,
        ge=1,
        le=10_000,
        description="Longest search text accepted, in characters (longer: refused, HTTP 400).",
    )
    search_max_terms: int = Field(
        default=32,
        ge=1,
        le=256,
        description="Most words in one search (plain words, words of phrases and prefixes).",
    )
    search_max_prefixes: int = Field(
        default=4,
        ge=0,
        le=64,
        description="Most prefix terms (word*) in one search; each one reads many words' lists.",
    )
    search_min_prefix_chars: int = Field(
        default=2,
        ge=2,
        le=20,
        description="Fewest letters before a '*' (a shorter prefix is refused).",
    )
    search_max_prefix_expansions: int = Field(
        default=1_000,
        ge=1,
        le=100_000,
        description="Most distinct indexed words one prefix may stand for; a prefix matching "
        "more is refused (type more letters).",
    )
    search_max_page_size: int = Field(
        default=100, ge=1, le=1_000, description="Most hits on one page (per_page, --per-page)."
    )
    search_abbreviations: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Changes to the built-in table of abbreviations a search expands (UBND → "
        "ủy ban nhân dân, docs/search.md): an entry adds an abbreviation or replaces its full "
        "forms; an empty list removes it. Takes effect at once (no reindex).",
    )
    search_max_results_window: int = Field(
        default=10_000,
        ge=1,
        le=1_000_000,
        description="Hits beyond this rank cannot be paged to (page × per_page); narrow the "
        "search instead.",
    )

    search_export_max_rows: int = Field(
        default=10_000,
        ge=1,
        le=100_000,
        description="Most hits one export of search results holds (XLSX or PDF, the search "
        "page and 'archive search query --xlsx/--pdf'); a search with more is refused (narrow "
        "it).",
    )

    @field_validator("search_abbreviations")
    @classmethod
    def _check_abbreviations(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        # Sizes only: what makes an entry valid (one word, 1–3 forms of 1–8 words) is the
        # search's to say (archive/search/abbreviations.py), when the table is first used.
        if len(value) > 1000:
            raise ValueError("search_abbreviations: at most 1000 entries")
        for key, forms in value.items():
            if not 1 <= len(key) <= 20 or any(len(form) > 200 for form in forms):
                raise ValueError(
                    f"search_abbreviations: {key!r}: abbreviations of 1–20 characters, full "
                    "forms of at most 200"
                )
        return value
