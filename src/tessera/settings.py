"""The one place that reads ``TESSERA_*`` environment variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from tessera.errors import ConfigError


def _env(name: str, default: str) -> str:
    return os.environ.get(f"TESSERA_{name}", default)


def _env_int(name: str, default: int) -> int:
    raw = _env(name, str(default))
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"TESSERA_{name} must be a whole number, got {raw!r}.") from exc


@dataclass(frozen=True)
class Settings:
    """Runtime configuration. Build with :func:`load_settings`."""

    database_url: str = "sqlite:///tessera.db"
    secret: str = "tessera-development-secret-change-me"
    host: str = "127.0.0.1"
    port: int = 8000
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/%2F"
    session_idle_minutes: int = 30
    data_dir: Path = field(default_factory=lambda: Path("."))
    shared_dir: Path = field(default_factory=lambda: Path("../shared"))
    # Fernet key (urlsafe base64, 32 bytes) sealing the originals of depersonalised travel data;
    # empty: derived from ``secret`` (development only: set TESSERA_SEAL_KEY in production).
    seal_key: str = ""


def load_settings() -> Settings:
    """Read settings from the environment; raises :class:`ConfigError` naming the variable at fault."""
    return Settings(
        database_url=_env("DATABASE_URL", "sqlite:///tessera.db"),
        secret=_env("SECRET", "tessera-development-secret-change-me"),
        host=_env("HOST", "127.0.0.1"),
        port=_env_int("PORT", 8000),
        amqp_url=_env("AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/%2F"),
        session_idle_minutes=_env_int("SESSION_IDLE_MINUTES", 30),
        data_dir=Path(_env("DATA_DIR", ".")),
        shared_dir=Path(_env("SHARED_DIR", "../shared")),
        seal_key=_env("SEAL_KEY", ""),
    )
