"""Where the files shipped next to the code live (the ``schemas/`` tree, the fonts).

In a source checkout the schemas sit in the repository's top-level ``schemas/`` folder; an
installed wheel carries the same tree as ``archive/schemas`` (see ``force-include`` in
``pyproject.toml``). Code asks this module and never builds those paths itself.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["font_path", "schema_path", "schemas_dir", "serif_font_path"]

_SCHEMAS = "schemas"


def schemas_dir() -> Path:
    """The ``schemas/`` directory: the packaged copy if installed, else the repository's."""
    packaged = resources.files("archive") / _SCHEMAS
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / _SCHEMAS


def schema_path(*parts: str) -> Path:
    """The path of ``parts`` below :func:`schemas_dir` (``schema_path("tt05", "EAD_SIP.xsd")``)."""
    return schemas_dir().joinpath(*parts)


def font_path(name: str) -> Path:
    """A TrueType font shipped with the code (``archive/demo/fonts``: DejaVu Sans, regular and
    bold, with its licence): the demo's documents and the authentication page of a certified
    copy embed it, as PDF/A requires."""
    return Path(__file__).resolve().parent / "demo" / "fonts" / name


def serif_font_path() -> Path:
    """Liberation Serif Regular 2.1.5 (``archive/use/fonts``, SIL OFL 1.1), the free
    metric-compatible twin of Times New Roman, the face of the law's forms (NĐ 30/2020 Phụ lục
    I): the marks of copies and the minutes embed it."""
    return Path(__file__).resolve().parent / "use" / "fonts" / "LiberationSerif-Regular.ttf"
