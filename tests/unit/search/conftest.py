"""Index documents built by code, and both backends in a tmp_path."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from archive.search.api import IndexDoc, SearchIndex
from archive.search.service import open_backend

BACKENDS = ("whoosh", "tantivy")

UBND = "Ủy ban nhân dân tỉnh Hòa Bình"
SO = "Sở Tài nguyên và Môi trường tỉnh Hòa Bình"


def make_doc(code: str, **values: object) -> IndexDoc:
    """An IndexDoc with plausible defaults; ``values`` override fields."""
    base = IndexDoc(
        doc_code=f"000.00.00.H49.2023.12.TNMT.{code}",
        dossier_code="000.00.00.H99.000.00.00.H49.2023.12.TNMT",
        file_code="000.00.00.H49.2023.12.TNMT",
        subject="",
        symbol="",
        type_code="22",
        organ=UBND,
        issued=date(2023, 1, 1),
        maintenance="01",
        mode="01",
        fonds="H49.01",
        dossier_title="Hồ sơ giao đất năm 2023",
        meta="",
        text="",
    )
    return replace(base, **values)


DOCS: tuple[IndexDoc, ...] = (
    make_doc(
        "0000001",
        subject="Về việc giao đất cho Công ty cổ phần Hòa An",
        symbol="123/QĐ-UBND",
        type_code="02",
        issued=date(2023, 1, 18),
        meta="Quyết định\n\ngiao đất; quyết định",
        text="ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH\nQUYẾT ĐỊNH:\nĐiều 1. Quyết định số 123/QĐ-UBND ngày "
        "18/01/2023 về việc giao đất. Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013; Nghị định "
        "số 43/2014/NĐ-CP của Chính phủ.",
    ),
    make_doc(
        "0000002",
        subject="Về việc đề nghị giao đất cho Công ty",
        symbol="02/TTr-STNMT",
        type_code="15",
        organ=SO,
        fonds="H49.11",
        issued=date(2023, 1, 5),
        meta="Tờ trình",
        text="Sở Tài nguyên và Môi trường kính trình Ủy ban nhân dân tỉnh xem xét, quyết định "
        "giao đất.",
    ),
    make_doc(
        "0000003",
        subject="Kết quả thực hiện nhiệm vụ quý III năm 2023",
        symbol="285/BC-STNMT",
        type_code="14",
        organ=SO,
        fonds="H49.11",
        maintenance="05",
        mode="02",
        issued=date(2023, 9, 26),
        meta="Báo cáo",
        text="Quyết toán ngân sách quý III theo định mức được giao.",
    ),
    make_doc(
        "0000004",
        subject="Thực hiện nhiệm vụ công tác năm 2021",
        symbol="62/KH-STNMT",
        type_code="10",
        organ=SO,
        fonds="H49.11",
        maintenance="05",
        issued=date(2021, 7, 4),
        meta="Kế hoạch",
        text="Bảo đảm nguồn ngân sách nhà nước cho cơ sở dữ liệu đất đai theo Nghị định số "
        "45/2020/NĐ-CP.",
    ),
    make_doc(
        "0000005",
        subject="Kết luận về công tác bảo đảm an ninh, trật tự",
        symbol="08/TB-UBND",
        type_code="07",
        maintenance="06",
        mode="03",
        issued=date(2022, 1, 10),
        meta="Thông báo",
        text="Chủ tịch quyết định tăng cường tuần tra.",
    ),
)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def index(backend: str, tmp_path: Path) -> Iterator[SearchIndex]:
    """A fresh index of ``backend`` holding DOCS."""
    idx = open_backend(backend, tmp_path / backend)
    with idx.writing() as writer:
        writer.upsert(DOCS)
    try:
        yield idx
    finally:
        idx.close()
