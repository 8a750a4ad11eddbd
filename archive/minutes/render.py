"""Minutes as data (their JSON) and as a PDF/A-2B page (before the archive signs it).

The PDF prints what the JSON holds, nothing more: the national heading (Quốc hiệu and tiêu ngữ,
NĐ 30/2020 Phụ lục I) beside the agency, the form's title and number, place and date, the
heading facts, the table with the form's columns, the paragraphs, and who took part. The face
is Liberation Serif (Times New Roman's metrics, as the law's forms ask); headings are drawn
with a stroked fill, since only the regular face is shipped.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Final

from fpdf import FPDF
from fpdf.enums import TextMode
from fpdf.fonts import FontFace

from archive.minutes.forms import FORMS, MinutesSpec
from archive.resources import serif_font_path
from archive.signatures.own import new_pdfa

__all__ = ["MOTTO", "NATION", "minutes_data", "place_and_date", "render_pdf"]

NATION: Final = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO: Final = "Độc lập - Tự do - Hạnh phúc"
_FAMILY: Final = "LiberationSerif"
_LEFT: Final = 20.0
_WIDTH: Final = 175.0


def minutes_data(
    spec: MinutesSpec,
    *,
    archive_name: str,
    archive_code: str,
    object_id: str,
    written_at: str,
    written_by: str,
    signer: str,
) -> dict[str, Any]:
    """The minutes as data: the JSON beside the PDF, and what the PDF prints."""
    info = FORMS[spec.form]
    return {
        "form": spec.form.value,
        "law": info.law,
        "title": info.title_vi,
        "title_en": info.title_en,
        "procedure": {"kind": spec.procedure.kind, "code": spec.procedure.code},
        "number": spec.number,
        "place": spec.place,
        "date": spec.day.isoformat(),
        "archive": {"name": archive_name, "code": archive_code},
        "authority": spec.authority,
        "subject": spec.subject,
        "facts": [{"label": label, "value": value} for label, value in spec.facts],
        "columns": [{"vi": vi, "en": en} for vi, en in info.columns],
        "rows": [[str(n), *row] for n, row in enumerate(spec.rows, 1)],
        "participants": [
            {"name": p.name, "role": p.role, "signed": p.signed} for p in spec.participants
        ],
        "paragraphs": list(spec.paragraphs),
        "object_id": object_id,
        "written": {"at": written_at, "by": written_by},
        "signer": signer,
    }


def place_and_date(place: str, day: str) -> str:
    """``Hà Nội, ngày 07 tháng 12 năm 2026`` (NĐ 30/2020 Phụ lục I) from an ISO date."""
    d = date.fromisoformat(day)
    return f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _strong_line(pdf: FPDF, width: float, height: float, value: str, **kwargs: Any) -> None:
    """A line drawn heavier (filled and stroked), restoring the text mode after it."""
    with pdf.local_context(text_mode=TextMode.FILL_STROKE, line_width=0.15):
        pdf.multi_cell(width, height, value, **kwargs)


def _heading(pdf: FPDF, data: dict[str, Any]) -> None:
    """The agency on the left, the national heading on the right; the number under the agency,
    place and date under the motto."""
    top = pdf.get_y()
    pdf.set_font(_FAMILY, "", 11)
    left = [data["authority"].upper()] if data["authority"] else []
    pdf.set_xy(_LEFT, top)
    for line in left:
        pdf.multi_cell(75, 5, line, align="C", new_x="LEFT", new_y="NEXT")
    _strong_line(pdf, 75, 5, data["archive"]["name"].upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(75, 6, f"Số: {data['number']}", align="C", new_x="LEFT", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_xy(_LEFT + 75, top)
    pdf.set_font(_FAMILY, "", 11.5)
    _strong_line(pdf, 100, 5, NATION, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(_FAMILY, "U", 12)
    _strong_line(pdf, 100, 5.5, MOTTO, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(_FAMILY, "", 11)
    pdf.ln(1)
    pdf.set_x(_LEFT + 75)
    pdf.multi_cell(100, 6, place_and_date(data["place"], data["date"]), align="C", new_x="LMARGIN")
    pdf.set_y(max(bottom, pdf.get_y()) + 6)


def _title(pdf: FPDF, data: dict[str, Any]) -> None:
    pdf.set_font(_FAMILY, "", 14)
    _strong_line(pdf, _WIDTH, 7, data["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FAMILY, "", 10)
    pdf.multi_cell(
        _WIDTH,
        5,
        f"{data['title_en']} ({data['law']})",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if data["subject"]:
        pdf.set_font(_FAMILY, "", 12)
        pdf.multi_cell(_WIDTH, 6, data["subject"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(_FAMILY, "", 11)
    procedure = data["procedure"]
    facts = [
        ("Thủ tục / Procedure", f"{procedure['kind']} {procedure['code']}"),
        *((f["label"], f["value"]) for f in data["facts"]),
    ]
    for label, value in facts:
        pdf.multi_cell(_WIDTH, 5.5, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _table(pdf: FPDF, data: dict[str, Any]) -> None:
    columns = data["columns"]
    if not data["rows"]:
        pdf.set_font(_FAMILY, "", 11)
        pdf.multi_cell(_WIDTH, 6, "(Không có dòng nào / No rows)", new_x="LMARGIN", new_y="NEXT")
        return
    # STT narrow; the other columns share the width.
    rest = (_WIDTH - 10) / (len(columns) - 1)
    widths = (10, *([rest] * (len(columns) - 1)))
    pdf.set_font(_FAMILY, "", 8.5)
    with pdf.table(
        col_widths=widths,
        width=_WIDTH,
        line_height=4.2,
        text_align="LEFT",
        first_row_as_headings=True,
        headings_style=FontFace(emphasis=None, fill_color=(235, 235, 235)),
        repeat_headings=1,
    ) as table:
        head = table.row()
        for column in columns:
            head.cell(f"{column['vi']}\n{column['en']}")
        for row in data["rows"]:
            cells = table.row()
            for value in row:
                cells.cell(value or "")
    pdf.ln(3)


def _close(pdf: FPDF, data: dict[str, Any]) -> None:
    pdf.set_font(_FAMILY, "", 11)
    for paragraph in data["paragraphs"]:
        pdf.multi_cell(_WIDTH, 5.5, paragraph, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    if data["participants"]:
        pdf.ln(2)
        _strong_line(
            pdf, _WIDTH, 6, "Thành phần tham gia / Participants", new_x="LMARGIN", new_y="NEXT"
        )
        for person in data["participants"]:
            state = "đã ký / signed" if person["signed"] else "chưa ký / not signed"
            line = f"{person['role']}: {person['name']} ({state})"
            pdf.multi_cell(_WIDTH, 5.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(_FAMILY, "", 9.5)
    written = data["written"]
    pdf.multi_cell(
        _WIDTH,
        4.8,
        f"Ký số bởi / Signed by: {data['signer']}\n"
        f"Lập lúc / Written at: {written['at']}, bởi / by: {written['by']}\n"
        f"Mẫu / Form: {data['form']}; cơ quan / agency: {data['archive']['name']} "
        f"({data['archive']['code']})\n"
        f"Mã lưu trữ / Object: {data['object_id']}",
        new_x="LMARGIN",
        new_y="NEXT",
    )


def render_pdf(data: dict[str, Any], moment: datetime) -> bytes:
    """The minutes as PDF/A-2B bytes (unsigned), made at ``moment`` (the archive's clock)."""
    pdf = new_pdfa(
        moment,
        title=f"{data['title']} {data['number']}",
        author=data["archive"]["name"],
        family=_FAMILY,
        fonts={"": serif_font_path()},
    )
    pdf.set_margins(_LEFT, 15, 15)
    pdf.set_auto_page_break(True, 18)
    pdf.add_page()
    _heading(pdf, data)
    _title(pdf, data)
    _table(pdf, data)
    _close(pdf, data)
    return bytes(pdf.output())
