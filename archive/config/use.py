"""The settings of the use of records (TT 05/2025 Chương VI): requests for conditional records."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings

from archive.config.values import SearchRole

__all__ = ["UseSettings"]


def _approvers() -> list[SearchRole]:
    return ["archivist"]


class UseSettings(BaseSettings):
    """The settings of the use of records: who approves requests, and for how long."""

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
