"""``archive ocr run`` and ``archive get --rendition ocr`` from the command line, and the
nightly ``archive preserve run`` making the renditions when ``ocr_in_preserve_run`` is on.

Each command is its own process (as cron and people start them), with the clock frozen at a
fixed moment (``cli_process``): nothing depends on the real date.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from pypdf import PdfReader

from archive.packages.formatid import identify_files
from archive.packages.sipwrite import write_sip, zip_tree
from tests.support import sips
from tests.support.scans import ScanStyle, law_page_texts, page_image, scanned_pdf
from tests.support.signed import LATER_THAT_DAY, cli_process

CODE = f"{sips.file_code(1)}.0000001"


def _scan_package(folder: Path, n: int) -> Path:
    text = law_page_texts(1, seed=n)[0]
    scan = scanned_pdf([page_image(text, ScanStyle(dpi=300), seed=n)], 300)
    sip = sips.sip_input(n, docs=1)
    sip = replace(sip, documents=[replace(sip.documents[0], content=scan)])
    tree = write_sip(sip, folder / f"tree-{n}", objid=f"uuid-00000000-0000-4000-8000-{n:012d}")
    return zip_tree(tree, folder / f"scan-{n}.zip")


def _archive(home: Path, minutes: int, *args: str, **env: str) -> tuple[int, str, str]:
    at = LATER_THAT_DAY + timedelta(minutes=minutes)
    env = {"ARCHIVE_HOME": str(home), "ARCHIVE_LANG": "vi", **env}
    process = cli_process(at, env, *args)
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


def _text(pdf: Path) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(pdf).pages).strip()


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    assert _archive(home, 0, "init")[0] == 0
    code, out, err = _archive(home, 1, "ingest", str(_scan_package(tmp_path, 1)))
    assert code == 0, out + err
    return home


def test_ocr_run_then_get_the_rendition(tmp_path: Path) -> None:
    home = _home(tmp_path)
    code, out, err = _archive(home, 2, "ocr", "run", "--dry-run", "--json")
    assert code == 0, err
    assert [i["doc_code"] for i in json.loads(out)["planned"]] == [CODE]
    rendition = tmp_path / "ocr.pdf"
    assert _archive(home, 3, "get", CODE, "--rendition", "ocr", "-o", str(rendition))[0] == 1

    code, out, err = _archive(home, 4, "ocr", "run", "--json")

    assert code == 0, err
    (result,) = json.loads(out)["results"]
    assert (result["done"], result["version"], result["pages"]) == ("made", "v2", 1)
    code, out, err = _archive(home, 5, "get", CODE, "--rendition", "ocr", "-o", str(rendition))
    assert code == 0, err
    assert "không phải bản gốc" in out
    assert identify_files({"r.pdf": rendition})["r.pdf"].puid == "fmt/477"
    original = tmp_path / "original.pdf"
    assert _archive(home, 6, "get", CODE, "-o", str(original))[0] == 0
    assert _text(original) == ""  # still the image-only scan
    assert "Điều" in _text(rendition) or "Luật" in _text(rendition)  # the text layer
    code, out, _ = _archive(home, 7, "ocr", "run")
    assert code == 0 and "Không có văn bản nào cần nhận dạng chữ" in out


def test_the_nightly_preservation_run_makes_renditions_when_asked(tmp_path: Path) -> None:
    home = _home(tmp_path)
    code, out, err = _archive(home, 2, "preserve", "run", "--json")
    assert code == 0, err
    assert json.loads(out)["ocr"] is None
    code, out, err = _archive(
        home, 3, "preserve", "run", "--json", ARCHIVE_OCR_IN_PRESERVE_RUN="true"
    )
    assert code == 0, err
    assert [r["done"] for r in json.loads(out)["ocr"]["results"]] == ["made"]
