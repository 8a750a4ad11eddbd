"""The backup log (Mẫu 18, sổ nhật ký sao lưu dự phòng) written for each set, and the backup
minutes (Mẫu 19, biên bản sao lưu dự phòng) for each restore drill, as signed record objects
of the ``minutes`` domain (docs/minutes.md; TT 05/2025 Chương V, docs/domain.md §4.9: "log +
minutes").

With the archive's signing key they are written after the set (or the drill) and its event;
without it, in development, they are not (``minutes_wanted``); in production without it the
run is refused before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from archive.audit.chain import AgentRef
from archive.backup.sets import SetManifest
from archive.config import Settings
from archive.dates import vn_datetime
from archive.minutes.forms import Form, MinutesSpec, Participant, Procedure
from archive.minutes.service import stored_day
from archive.services import Services

__all__ = ["drill_spec", "log_spec"]

KIND_VI = {"full": "toàn bộ", "incremental": "gia tăng"}


def _person(agents: Sequence[AgentRef]) -> str:
    return next((a.name for a in agents if a.agent_type == "person"), agents[0].name)


def _medium(settings: Settings, target: str) -> str:
    """Mã phương tiện lưu trữ: the backup media as ``store_media['backup']`` names them, else
    the target itself."""
    media = settings.store_media.get("backup")
    return f"{media.media} ({target})" if media else target


def log_spec(
    services: Services,
    manifest: SetManifest,
    target: str,
    agents: Sequence[AgentRef],
    checked: str,
    today: date,
) -> MinutesSpec:
    """The Mẫu 18 entry of one set."""
    procedure = Procedure("backup", manifest.name)
    number = f"{manifest.name}/NK-SL"
    kind = manifest.kind
    rows = manifest.raw["catalog"]["rows"]
    content = (
        f"Sao lưu {KIND_VI[kind]} ({kind}): cơ sở dữ liệu danh mục ({sum(rows.values())} dòng), "
        f"cấu hình (không gồm bí mật), bảng kê kho ({manifest.raw['store']['objects']} đối tượng)"
    )
    settings = services.settings
    return MinutesSpec(
        form=Form.BACKUP_LOG_M18,
        procedure=procedure,
        number=number,
        place=settings.agency_place,
        day=stored_day(services, Form.BACKUP_LOG_M18, procedure, number) or today,
        subject=f"Sao lưu dự phòng {KIND_VI[kind]} {manifest.name}",
        facts=(
            ("Bộ sao lưu / Backup set", manifest.name),
            ("Nơi sao lưu / Backup target", target),
            ("Dựa trên / Builds on", manifest.base or "—"),
            ("Kiểm tra sau khi ghi / Verified after writing", checked),
        ),
        participants=(Participant(_person(agents), "Người sao lưu / Backed up by"),),
        rows=[
            [
                content,
                vn_datetime(manifest.created),
                f"{target}/{manifest.name}",
                _medium(settings, target),
                _person(agents),
            ]
        ],
    )


def drill_spec(
    services: Services,
    chain: Sequence[SetManifest],
    target: str,
    agents: Sequence[AgentRef],
    results: tuple[bool, str, Sequence[str]],
    stamp: str,
    today: date,
) -> MinutesSpec:
    """The Mẫu 19 minutes of one restore drill over ``chain``; ``results``: passed, what was
    checked, the problems found."""
    passed, checked, problems = results
    procedure = Procedure("backup", f"drill-{stamp}")
    number = f"{stamp}/BB-SL"
    verdict = ("Đạt / Passed: " if passed else "Không đạt / Failed: ") + checked
    settings = services.settings
    return MinutesSpec(
        form=Form.BACKUP_M19,
        procedure=procedure,
        number=number,
        place=settings.agency_place,
        day=stored_day(services, Form.BACKUP_M19, procedure, number) or today,
        subject=f"Kiểm tra khôi phục từ bản sao lưu {chain[-1].name}",
        facts=(
            ("Nơi sao lưu / Backup target", target),
            ("Số bộ khôi phục / Sets restored", str(len(chain))),
            ("Kết quả / Result", "Đạt / Passed" if passed else "Không đạt / Failed"),
        ),
        participants=(Participant(_person(agents), "Người kiểm tra / Checked by"),),
        rows=[
            [
                f"Khôi phục thử bộ sao lưu {KIND_VI[m.kind]} ({m.kind})",
                vn_datetime(m.created),
                f"{target}/{m.name}",
                _medium(settings, target),
                verdict,
                "",
            ]
            for m in chain
        ],
        paragraphs=[
            "Các bộ sao lưu được khôi phục vào một thư mục lưu trữ tạm; chuỗi nhật ký kiểm tra "
            "(archive audit verify), kho lưu trữ (archive storage verify) và bảng kê kho được "
            "đối chiếu với danh mục khôi phục. / The sets were restored into a scratch home; "
            "the audit chain, the stores and the store manifest were checked against the "
            "restored catalog.",
            *(f"Vấn đề / Problem: {' '.join(p.split())[:500]}" for p in problems[:50]),
        ],
    )
