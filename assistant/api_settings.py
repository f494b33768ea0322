"""Settings of the web app: limits, the admin token, the audit log and CORS.

Read from `assistant.config.Settings` when given one, else from the environment:
CHUJING_DATA_DIR, CHUJING_ADMIN_TOKEN, CHUJING_AUDIT_DB (or CHUJING_AUDIT=0 to switch the log off),
CHUJING_MAX_QUESTION_CHARS, CHUJING_MAX_UPLOAD_MB, CHUJING_CORS_ORIGINS (comma-separated; empty = CORS off).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr

DEFAULT_MAX_QUESTION_CHARS = 8000
DEFAULT_MAX_UPLOAD_MB = 20


class ApiSettings(BaseModel):
    """What the web app needs to know; the admin token is a SecretStr so it never shows in a repr or a log."""

    model_config = ConfigDict(frozen=True)

    data_dir: Path = Field(default=Path(".chujing"), description="Runtime data: index, uploads, audit log.")
    admin_token: SecretStr | None = Field(default=None, description="Maintainer API key; None = admin endpoints off.")
    audit_db: Path | None = Field(default=None, description="Audit log file; None = <data_dir>/audit.db.")
    audit_enabled: bool = Field(default=True, description="Whether answers are written to the audit log.")
    max_question_chars: int = Field(default=DEFAULT_MAX_QUESTION_CHARS, ge=100, description="Longest accepted question.")
    max_body_bytes: int = Field(default=1024 * 1024, description="Largest JSON request body.")
    max_upload_bytes: int = Field(default=DEFAULT_MAX_UPLOAD_MB * 1024 * 1024, description="Largest uploaded file.")
    cors_origins: tuple[str, ...] = Field(default=(), description="Origins allowed by CORS; empty = no CORS headers.")
    max_sessions: int = Field(default=2000, description="Chat transcripts kept in memory (least recently used dropped).")
    max_turns: int = Field(default=200, description="Turns kept per transcript.")

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def audit_path(self) -> Path:
        return self.audit_db if self.audit_db is not None else self.data_dir / "audit.db"

    @classmethod
    def from_env(cls, **overrides: Any) -> ApiSettings:
        env = os.environ
        values: dict[str, Any] = {
            "data_dir": Path(env.get("CHUJING_DATA_DIR") or ".chujing"),
            "admin_token": env.get("CHUJING_ADMIN_TOKEN") or None,
            "audit_db": Path(env["CHUJING_AUDIT_DB"]) if env.get("CHUJING_AUDIT_DB") else None,
            "audit_enabled": (env.get("CHUJING_AUDIT") or "1").strip().lower() not in ("0", "false", "off", "no"),
            "max_question_chars": int(env.get("CHUJING_MAX_QUESTION_CHARS") or DEFAULT_MAX_QUESTION_CHARS),
            "max_upload_bytes": int(float(env.get("CHUJING_MAX_UPLOAD_MB") or DEFAULT_MAX_UPLOAD_MB) * 1024 * 1024),
            "cors_origins": tuple(o.strip() for o in (env.get("CHUJING_CORS_ORIGINS") or "").split(",") if o.strip()),
        }
        values.update(overrides)
        return cls.model_validate(values)

    @classmethod
    def from_settings(cls, settings: object | None) -> ApiSettings:
        """Take what `assistant.config.Settings` states; the environment fills the rest."""
        if settings is None:
            try:
                from assistant.config import Settings
            except ImportError:
                return cls.from_env()
            settings = Settings.from_env()
        overrides: dict[str, Any] = {}
        for ours, theirs in (
            ("data_dir", ("data_dir",)),
            ("admin_token", ("admin_token",)),
            ("audit_db", ("audit_db", "audit_db_path", "audit_path")),
            ("max_question_chars", ("max_question_chars",)),
            ("max_upload_bytes", ("max_upload_bytes",)),
            ("cors_origins", ("cors_origins",)),
            ("max_sessions", ("max_sessions",)),
        ):
            for name in theirs:
                value = getattr(settings, name, None)
                if value is not None:
                    if isinstance(value, SecretStr):
                        value = value.get_secret_value()
                    overrides[ours] = value
                    break
        return cls.from_env(**overrides)
