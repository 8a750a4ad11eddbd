"""The message catalogue (archive/messages/): every entry in both languages, with the same
named parameters, each language in its own words; every key the adapters ask for exists; the
terms cover the values the archive stores."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from archive.catalog.codes import LABELS_EN, PRIORITY, PRIORITY_EN, label, maintenance_label
from archive.messages.catalogue import (
    AREAS,
    entries,
    has,
    interface_lang,
    placeholders,
    term,
    text,
    translator,
)
from archive.messages.values import subject_text, yes_no
from tests.support.languages import command_words, english_words, strip, vietnamese_words

ROOT = Path(__file__).resolve().parents[2]
ALL = [(f"{area}.{key}", entry) for area in AREAS for key, entry in entries(area).items()]


def test_every_area_is_a_module_of_the_package() -> None:
    modules = {p.stem for p in (ROOT / "archive" / "messages").glob("*.py")}
    assert set(AREAS) <= modules
    # helprecords: entries that help.py and options.py merge in (not an area of its own)
    assert modules - set(AREAS) == {"__init__", "catalogue", "values", "helprecords"}


def test_every_entry_has_both_languages_with_the_same_parameters() -> None:
    assert len(ALL) > 300
    wrong = []
    for key, (vi, en) in ALL:
        if not (isinstance(vi, str) and isinstance(en, str) and vi.strip() and en.strip()):
            wrong.append(f"{key}: a language is missing")
        elif placeholders(vi) != placeholders(en):
            wrong.append(f"{key}: {sorted(placeholders(vi))} ≠ {sorted(placeholders(en))}")
        else:
            params = dict.fromkeys(placeholders(vi), "X")
            text(key, "vi", **params), text(key, "en", **params)  # both format
    assert wrong == []


def test_each_language_in_its_own_words() -> None:
    """No English word in the Vietnamese of an entry, no Vietnamese in its English (outside
    commands, codes and the law's names); a term may stay what it is stored as when it is the
    same in both languages (a name)."""
    commands = command_words()
    wrong = []
    for key, (vi, en) in ALL:
        english = english_words(strip(vi, lang="vi", commands=commands))
        if english and not (key.startswith("terms.") and vi == en):
            wrong.append(f"{key} (vi): {english}")
        vietnamese = vietnamese_words(strip(en, lang="en", commands=commands))
        if vietnamese:
            wrong.append(f"{key} (en): {vietnamese}")
    assert wrong == []


def _literal_keys() -> set[str]:
    """Keys asked for with a literal: ``say("area.key", …)`` in cli/, ``t("key")`` in the
    templates, ``text("area.key", …)`` in archive/."""
    keys: set[str] = set()
    for path in [*(ROOT / "cli").glob("*.py"), *(ROOT / "archive").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("say", "text")
                and len(node.args) == 1 + (node.func.id == "text")
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and "." in node.args[0].value
            ):
                keys.add(node.args[0].value)
    for page in (ROOT / "archive" / "web" / "templates").glob("*.html"):
        keys |= {
            f"web.{k}" for k in re.findall(r"\bt\(\s*[\"']([a-z_]+)[\"']\s*\)", page.read_text())
        }
    return keys


def test_every_key_asked_for_is_in_the_catalogue() -> None:
    keys = _literal_keys()
    assert len(keys) > 150  # the adapters do ask through the catalogue
    assert sorted(k for k in keys if not has(k)) == []


def test_lookup() -> None:
    assert text("holdings.store_checked", "vi", store="local", objects=4) == (
        "Kho local: 4 đối tượng"
    )
    assert text("holdings.store_checked", "en", store="local", objects=4) == (
        "Store local: 4 objects"
    )
    with pytest.raises(KeyError):
        text("holdings.no_such_message", "vi")
    assert interface_lang("en_GB.UTF-8") == "en" and interface_lang(None) == "vi"
    t = translator("en")
    assert t("login") == "Log in" and t("common.yes") == "Yes" and t("no_such_key") == "no_such_key"


def test_terms_show_unknown_values_as_they_are() -> None:
    assert term("event", "ingestion", "vi") == "tiếp nhận vào kho"
    assert term("event", "ingestion", "en") == "ingestion"
    assert term("role", "archivist", "vi") == "lưu trữ viên"
    assert term("severity", "error", "vi") == "lỗi"
    assert term("event", "some new event", "vi") == "some new event"
    assert term("event", None, "vi") == ""


def test_every_stored_event_type_has_a_term() -> None:
    """The event types the core writes (``NewEvent("…"``, and the names passed to the
    helpers that write events) are all translated."""
    types: set[str] = set()
    for path in (ROOT / "archive").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        types |= set(re.findall(r'NewEvent\(\s*"([a-z][a-z ]+)"', source))
        types |= set(re.findall(r'^\s+"((?:user|token) [a-z]+)",?$', source, re.M))
    types |= {"access", "authentication"}  # the web's own (web.log, logins)
    assert len(types) > 20
    assert sorted(t for t in types if not has(f"terms.event.{t}")) == []


def test_certificate_names_in_the_interface_language() -> None:
    subject = "Common Name: Trần Thị Bình, Title: Phó Chủ tịch, Organization: UBND, Country: VN"
    assert subject_text(subject, "vi") == (
        "Tên: Trần Thị Bình, Chức danh: Phó Chủ tịch, Tổ chức: UBND, Quốc gia: VN"
    )
    assert subject_text(subject, "en") == subject
    assert subject_text("Odd Part: x", "vi") == "Odd Part: x"
    assert yes_no(True, "vi") == "Có" and yes_no("0", "en") == "No"


def test_code_labels_and_the_years_of_code_07() -> None:
    assert set(PRIORITY) == set(PRIORITY_EN)
    assert label("typeName", "02", "en") == LABELS_EN["typeName"]["02"] == "Decision"
    assert label("priority", "3") == "Hỏa tốc"
    assert maintenance_label("07", 5, "vi") == "5 năm"
    assert maintenance_label("07", 5, "en") == "5 years"
    assert maintenance_label("07", None, "vi") == "Khác"
    assert maintenance_label("01", None, "en") == "Permanent"


def test_the_catalogue_formats_like_str_format() -> None:
    """Templates are str.format templates: a placeholder is a plain name."""
    for key, (vi, en) in ALL:
        for template in (vi, en):
            for _, name, spec, conv in string.Formatter().parse(template):
                if name is not None:
                    assert re.fullmatch(r"[a-z_]+", name), (key, name)
                    assert conv in (None, "r") and not spec, key
