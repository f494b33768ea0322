"""Settings of the web app: limits, the admin token, the audit log and CORS.

Derived from `assistant.config.Settings`, the one place that reads the CHUJING_* environment variables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from assistant.config import DEFAULT_MAX_QUESTION_CHARS, DEFAULT_MAX_UPLOAD_BYTES


class ApiSettings(BaseModel):
    """What the web app needs to know; the admin token is a SecretStr so it never shows in a repr or a log."""

    model_config = ConfigDict(frozen=True)

    data_dir: Path = Field(default=Path(".chujing"), description="Runtime data: index, uploads, audit log.")
    admin_token: SecretStr | None = Field(default=None, description="Maintainer API key; None = admin endpoints off.")
    audit_db: Path | None = Field(default=None, description="Audit log file; None = <data_dir>/audit.db.")
    audit_enabled: bool = Field(default=True, description="Whether answers are written to the audit log.")
    max_question_chars: int = Field(default=DEFAULT_MAX_QUESTION_CHARS, ge=100, description="Longest accepted question.")
    max_body_bytes: int = Field(default=1024 * 1024, description="Largest JSON request body.")
    max_upload_bytes: int = Field(default=DEFAULT_MAX_UPLOAD_BYTES, description="Largest uploaded file.")
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
    def from_settings(cls, settings: object | None = None, **overrides: Any) -> ApiSettings:
        """The web app's view of `assistant.config.Settings` (read from the environment when None)."""
        from assistant.config import Settings

        base = settings if isinstance(settings, Settings) else Settings.from_env()
        values: dict[str, Any] = {
            "data_dir": base.data_dir,
            "admin_token": base.admin_token,
            "audit_db": base.audit_db,
            "audit_enabled": base.audit_enabled,
            "max_question_chars": base.max_question_chars,
            "max_upload_bytes": base.max_upload_bytes,
            "cors_origins": base.cors_origins,
            "max_sessions": base.max_sessions,
        }
        values.update(overrides)
        return cls.model_validate(values)
