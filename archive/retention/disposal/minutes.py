"""The destruction minutes (Mẫu 21) of an executed disposal list: which dossiers were erased,
from which stores, under which decision (docs/minutes.md, docs/retention.md).

Built from the catalog before the bytes go (the rows are gone after the catalog step), stored
after the erasure and catalogued in the same transaction as the destruction records.
"""

from __future__ import annotations

from datetime import date

from archive.audit.chain import AgentRef
from archive.catalog.models import Dossier
from archive.minutes.forms import Form, MinutesSpec, Participant, Procedure
from archive.minutes.service import stored_day
from archive.retention.dossiers import dossier_retention
from archive.retention.models import DisposalList
from archive.services import Services

__all__ = ["destruction_spec", "minutes_number"]


def minutes_number(code: str) -> str:
    """The number of a list's destruction minutes."""
    return f"{code}/BB-HUY"


def _row(dossier: Dossier, reason: str, note: str, stores: str) -> list[str]:
    size = sum(f.size for f in dossier.files)
    return [
        dossier.arc_file_code,
        dossier.title,
        dossier_retention(dossier).label,
        str(len(dossier.documents)),
        f"{len(dossier.files)} tệp, {size} byte",
        reason,
        f"{stores}: {dossier.object_id}; chỉ mục tìm kiếm / search index",
        note,
    ]


def destruction_spec(
    archive: Services,
    d: DisposalList,
    dossiers: dict[str, Dossier],
    agent: AgentRef,
    today: date,
) -> MinutesSpec:
    """The Mẫu 21 minutes of executing ``d`` on ``dossiers`` (read in an open session)."""
    procedure = Procedure("disposal", d.code)
    number = minutes_number(d.code)
    stores = ", ".join(archive.roots())
    items = {i.arc_file_code: i for i in d.items}
    rows = [
        _row(dossier, items[arc].reason_text or items[arc].reason, items[arc].note or "", stores)
        for arc, dossier in sorted(dossiers.items())
    ]
    settings = archive.settings
    return MinutesSpec(
        form=Form.DESTRUCTION_M21,
        procedure=procedure,
        number=number,
        place=settings.agency_place,
        day=stored_day(archive, Form.DESTRUCTION_M21, procedure, number) or today,
        subject=f"Hủy tài liệu lưu trữ số hết giá trị theo danh mục {d.code}",
        facts=(
            ("Danh mục tài liệu hết giá trị / Disposal list", d.code),
            (
                "Quyết định hủy / Decision",
                f"số {d.decision_number or ''} ngày {d.decision_date or ''}".strip(),
            ),
            ("Người quyết định / Decided by", d.decided_by or ""),
            ("Số hồ sơ hủy / Dossiers destroyed", str(len(rows))),
            ("Kho đã xóa / Stores erased", stores),
        ),
        participants=(Participant(agent.name, "Người thực hiện hủy / Executed by"),),
        rows=rows,
        paragraphs=(
            "Các hồ sơ trên đã được xóa khỏi mọi kho lưu trữ của hệ thống (kho chính và kho "
            "sao), khỏi chỉ mục tìm kiếm và khỏi cơ sở dữ liệu; không thể khôi phục. / The "
            "dossiers above were erased from every store of the archive (primary and replica), "
            "from the search index and from the catalog; they cannot be recovered.",
            f"Hồ sơ hủy (đặc tả, mã băm, bằng chứng) được giữ trong đối tượng {d.object_id}. / "
            f"The destruction records (metadata, digests, evidence) are kept in {d.object_id}.",
        ),
    )
