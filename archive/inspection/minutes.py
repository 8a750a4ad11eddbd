"""The inspection's minutes, written by the ``minutes`` domain as signed PDF/A record objects
(docs/minutes.md): Mẫu 17 (biên bản kiểm tra) at the end of each run, one row per failure
with its storage address; Mẫu 20 (biên bản khôi phục dữ liệu sau sự cố) when a remedy restores
a copy. Written only where the archive signs (``minutes_wanted``: in production without the
archive's key the run and the remedy are refused before they change anything)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from archive.audit.chain import AgentRef
from archive.dates import vn_date
from archive.minutes.forms import Form, MinutesSpec, Participant, Procedure
from archive.minutes.service import MinutesRecord, write_minutes
from archive.services import Services

__all__ = ["incident_minutes", "inspection_minutes"]


def inspection_minutes(
    archive: Services,
    *,
    year: int,
    run_id: int,
    inspected: Sequence[str],
    failures: Sequence[tuple[str, str, str, str, str]],
    agent: AgentRef,
    day: date,
) -> MinutesRecord:
    """Mẫu 17 of run ``run_id`` of the plan of ``year``; ``failures`` as (fonds, code, path,
    storage address, failure)."""
    rows = [
        (fonds, code, path, address, found, "") for fonds, code, path, address, found in failures
    ]
    spec = MinutesSpec(
        form=Form.INSPECTION_M17,
        procedure=Procedure("inspection", str(year)),
        number=f"{run_id}/BB-KT",
        place=archive.settings.agency_place,
        day=day,
        subject=f"Kiểm tra tài liệu lưu trữ số theo kế hoạch năm {year}",
        facts=(
            ("Kế hoạch kiểm tra / Inspection plan", str(year)),
            ("Lần kiểm tra / Run", str(run_id)),
            ("Số hồ sơ đã kiểm tra / Dossiers inspected", str(len(inspected))),
            ("Số lỗi phát hiện / Failures found", str(len(failures))),
            ("Kho lưu trữ / Stores", ", ".join(archive.roots())),
            ("Ngày kiểm tra / Date", vn_date(day)),
        ),
        participants=(Participant(agent.name, "Người kiểm tra / Inspector"),),
        rows=rows,
        paragraphs=(
            "Đã kiểm tra tính toàn vẹn của mọi bản lưu và sự khớp đúng giữa dữ liệu đặc tả với "
            "tệp tin đính kèm (số lượng, dung lượng, giá trị băm, mã). Lỗi được khắc phục bằng "
            "'archive inspection remedy'. / The fixity of every copy and the accuracy of the "
            "master data against the attached files (counts, sizes, checksums, codes) were "
            "checked. Failures are remedied with 'archive inspection remedy'.",
        ),
    )
    return write_minutes(archive, None, spec, agent=agent)


def incident_minutes(
    archive: Services,
    *,
    failure_id: int,
    address: str,
    found: str,
    done: str,
    source: str,
    agent: AgentRef,
    day: date,
    at: str,
) -> MinutesRecord:
    """Mẫu 20 of the remedy of failure ``failure_id``: the copy at ``address`` restored from
    the copy in store ``source``."""
    spec = MinutesSpec(
        form=Form.INCIDENT_M20,
        procedure=Procedure("incident", f"KT-{failure_id}"),
        number=f"{failure_id}/BB-KP",
        place=archive.settings.agency_place,
        day=day,
        subject=f"Khôi phục bản lưu hỏng phát hiện khi kiểm tra (lỗi số {failure_id})",
        facts=(
            ("Lỗi kiểm tra / Inspection failure", str(failure_id)),
            ("Địa chỉ lưu trữ / Storage address", address),
        ),
        participants=(Participant(agent.name, "Người khôi phục / Restored by"),),
        rows=(
            (
                at,
                found,
                done,
                f"bản lưu ở kho {source} / the copy in store {source}",
                "mọi bản lưu khớp giá trị băm / every copy passes its fixity check",
            ),
        ),
    )
    return write_minutes(archive, None, spec, agent=agent)
