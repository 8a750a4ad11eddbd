"""The one typed Settings object, assembled from the settings of each area."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from archive.config.audit import AuditSettings
from archive.config.backup import BackupSettings
from archive.config.disposal import DisposalSettings
from archive.config.exchange import ExchangeSettings
from archive.config.gate import GateSettings
from archive.config.ocr import OcrSettings
from archive.config.search import SearchSettings
from archive.config.signing import SigningSettings
from archive.config.store import StoreSettings
from archive.config.use import UseSettings
from archive.config.web import WebSettings
from archive.errors import ConfigurationError
from archive.home import DEFAULT_HOME

__all__ = ["Settings", "load_settings"]


class Settings(
    StoreSettings,
    GateSettings,
    SigningSettings,
    SearchSettings,
    WebSettings,
    AuditSettings,
    OcrSettings,
    UseSettings,
    ExchangeSettings,
    DisposalSettings,
    BackupSettings,
):
    """Every setting of the archive. Environment variable = ``ARCHIVE_`` + upper-case name."""

    model_config = SettingsConfigDict(env_prefix="ARCHIVE_", extra="forbid", frozen=True)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        del dotenv_settings, file_secret_settings  # no .env files or secret dirs
        return (init_settings, env_settings, _TomlSource(settings_cls))

    @property
    def resolved_database_url(self) -> str:
        """The catalog URL, with the SQLite default filled in."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'catalog.sqlite3').resolve()}"

    @property
    def resolved_storage_root(self) -> Path:
        """The OCFL storage root of the local backend."""
        return (self.storage_root or self.home / "store").resolve()

    @property
    def resolved_search_index_dir(self) -> Path:
        """Where the search index lives."""
        return (self.search_index_dir or self.home / "index").resolve()

    @property
    def staging_dir(self) -> Path:
        """Work area for unpacking and building packages; same filesystem as the store."""
        return (self.home / "staging").resolve()

    @property
    def resolved_exchange_outbox(self) -> Path:
        """Where status replies are written."""
        return (self.exchange_outbox or self.home / "edxml" / "outbox").resolve()

    @property
    def exchange_quarantine(self) -> Path:
        """Private folder of refused envelopes, each with its findings."""
        return (self.home / "edxml" / "quarantine").resolve()

    @property
    def exchange_own_id(self) -> str:
        """The archive's organ identifier in replies."""
        return self.exchange_organ_id or self.agency_code

    def check_production(self) -> None:
        """Refuse demo defaults when running in production."""
        if self.environment != "production":
            return
        if self.agency_code == Settings.model_fields["agency_code"].default:
            raise ConfigurationError(
                "cần đặt ARCHIVE_AGENCY_CODE là mã định danh cơ quan khi chạy production / "
                "ARCHIVE_AGENCY_CODE must be set to your agency's organ identifier in production"
            )
        # Imported here: settings are read by every command, certificates only matter here.
        from archive.certificates import DEMO_TSA_SCHEME, demo_roots

        demo = demo_roots(self.trust_roots)
        if demo:
            raise ConfigurationError(
                f"trust_roots tin cậy gốc của PKI demo ({', '.join(demo)}): chữ ký ký bằng khóa "
                "demo (khóa bí mật không mã hóa) sẽ được coi là hợp lệ. Bỏ tệp này khỏi "
                "trust_roots khi chạy production / "
                f"trust_roots trusts the demo PKI's root ({', '.join(demo)}): signatures made "
                "with the demo keys (stored unencrypted) would pass as valid. Remove it from "
                "trust_roots in production"
            )
        signing = [*self.archive_signing_chain, *filter(None, [self.archive_signing_cert])]
        demo_signing = demo_roots(signing)
        if demo_signing:
            raise ConfigurationError(
                f"archive_signing_cert/archive_signing_chain là chứng thư của PKI demo "
                f"({', '.join(demo_signing)}): bản sao có xác thực ký bằng khóa demo không chứng "
                "minh được gì. Đặt khóa ký số thật của lưu trữ khi chạy production / "
                f"archive_signing_cert/archive_signing_chain are certificates of the demo PKI "
                f"({', '.join(demo_signing)}): certified copies signed with a demo key prove "
                "nothing. Set the archive's real signing key in production"
            )
        if self.tsa_url and self.tsa_url.startswith(DEMO_TSA_SCHEME):
            raise ConfigurationError(
                f"tsa_url = {self.tsa_url!r} là TSA demo (khóa không mã hóa, đồng hồ của máy này):"
                " dấu thời gian của nó không chứng minh được gì. Đặt tsa_url là dịch vụ cấp dấu "
                "thời gian RFC 3161 thật khi chạy production / "
                f"tsa_url = {self.tsa_url!r} is the demo TSA (unencrypted key, this machine's "
                "clock): its timestamps prove nothing. Set tsa_url to a real RFC 3161 "
                "time-stamping service in production"
            )
        self._check_copies()  # last: the refusals above name a more urgent problem

    def _check_copies(self) -> None:
        """TT 05/2025 Chương V: two copies on separate media, and backups (docs/domain.md §4.9)."""
        missing = []
        if self.replica_backend == "none":
            missing.append("replica_backend (ARCHIVE_REPLICA_BACKEND)")
        if self.backup_backend == "none":
            missing.append("backup_backend (ARCHIVE_BACKUP_BACKEND)")
        if missing:
            names = ", ".join(missing)
            raise ConfigurationError(
                f"khi chạy production phải có bản sao thứ hai và nơi sao lưu (TT 05/2025 Chương "
                f"V): cần đặt {names} / production needs the second copy and a backup target "
                f"(TT 05/2025 Chapter V): set {names}"
            )


class _TomlSource(PydanticBaseSettingsSource):
    """Reads archive.toml; unknown keys are an error (extra='forbid')."""

    def _path(self) -> Path | None:
        explicit = os.environ.get("ARCHIVE_CONFIG")
        if explicit:
            return Path(explicit)
        home = Path(os.environ.get("ARCHIVE_HOME", DEFAULT_HOME))
        candidate = home / "archive.toml"
        return candidate if candidate.is_file() else None

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        del field  # values come from __call__ as a whole
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        path = self._path()
        if path is None:
            return {}
        try:
            with path.open("rb") as fh:
                return tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigurationError(f"cannot read {path}: {exc}") from exc


def load_settings(**overrides: Any) -> Settings:
    """Build Settings, turning validation errors into one readable ConfigurationError."""
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigurationError(f"invalid settings: {problems}") from exc
    settings.check_production()
    return settings
