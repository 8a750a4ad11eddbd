"""The settings of the use of records (TT 05/2025 Chương VI): requests for conditional records,
reading copies and plain copies."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings

from archive.config.values import SearchRole

__all__ = ["UseSettings"]


def _approvers() -> list[SearchRole]:
    return ["archivist"]


class UseSettings(BaseSettings):
    """The settings of the use of records: who approves requests, and for how long; how long
    reading and plain copies last, and when their files go."""

    use_approver_roles: list[SearchRole] = Field(
        default_factory=_approvers,
        description="Roles that approve or refuse requests to use a conditional record (mode "
        "02): the competent person the law names (docs/use.md).",
    )
    use_grant_default_days: int = Field(
        default=15,
        ge=1,
        description="Days a grant lasts when the approver gives no period.",
    )
    use_grant_max_days: int = Field(
        default=90,
        ge=1,
        description="Longest period, in days, for which a request may be approved.",
    )
    reading_copy_days: int = Field(
        default=15,
        ge=1,
        le=15,
        description="Days a reading copy (bản đọc, TT 05/2025 Đ37) may be read: at most 15.",
    )
    plain_copy_days: int = Field(
        default=15,
        ge=1,
        le=15,
        description="Days a plain copy (bản sao không xác thực, Đ40) may be downloaded: at most "
        "15.",
    )
    copy_purge_after_days: int = Field(
        default=5,
        ge=0,
        le=5,
        description="Days after its end at which a copy's file is deleted (Đ37: 5).",
    )
