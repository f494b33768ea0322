"""The one settings object for the pipeline, the CLI and the web app, read from the CHUJING_* environment.

One place for the limits callers enforce (question length, upload size, sessions kept) so the CLI and the API
agree. Import-light on purpose: the CLI reads these on a cold start. (Retrieval has its own
`retrieval.settings`, owned by that package.)

Where the former `config.Settings` and `api_settings.ApiSettings` disagreed:
- max_sessions is 1,000: the server always ran with config's 1,000 (ApiSettings.from_settings copied it over
  its own 2,000 default, which only applied to an ApiSettings built by hand).
- max_turns is 200, the number the server kept; the CLI's own store now keeps the same.
- the admin token is a SecretStr (ApiSettings' choice), so it never shows in a repr, a dump or a log.
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr

DEFAULT_MAX_QUESTION_CHARS = 4_000
DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value.strip() or None if value is not None else None


class Settings(BaseModel):
    """Runtime settings. `from_env()` is the normal way to get one; tests pass overrides."""

    model_config = ConfigDict(frozen=True)

    llm_base_url: str | None = Field(default=None, description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1 (CHUJING_LLM_BASE_URL).")
    llm_model: str | None = Field(default=None, description="Chat model name at that endpoint (CHUJING_LLM_MODEL).")
    llm_api_key: str | None = Field(default=None, description="API key for the endpoint (CHUJING_LLM_API_KEY); local servers accept any.")
    llm_timeout: float = Field(default=30.0, gt=0, description="Seconds to wait for the model before keeping the deterministic answer (CHUJING_LLM_TIMEOUT).")
    admin_token: SecretStr | None = Field(default=None, description="Bearer token for admin API routes (CHUJING_ADMIN_TOKEN); admin routes are off without it.")
    data_dir: Path = Field(default=Path(".chujing"), description="Index, uploads and audit log live here (CHUJING_DATA_DIR).")
    audit_db: Path | None = Field(default=None, description="SQLite audit log (CHUJING_AUDIT_DB); None = <data_dir>/audit.db.")
    audit_enabled: bool = Field(default=True, description="Whether answers are written to the audit log (CHUJING_AUDIT=0 turns it off).")
    max_question_chars: int = Field(default=DEFAULT_MAX_QUESTION_CHARS, gt=0, description="Longer questions are refused with a clear error (CHUJING_MAX_QUESTION_CHARS).")
    max_upload_bytes: int = Field(default=DEFAULT_MAX_UPLOAD_BYTES, gt=0, description="Largest accepted upload (CHUJING_MAX_UPLOAD_BYTES).")
    max_body_bytes: int = Field(default=1024 * 1024, gt=0, description="Largest JSON request body.")
    max_sessions: int = Field(default=1_000, gt=0, description="Chat sessions kept in memory; the least recently used is dropped beyond this (CHUJING_MAX_SESSIONS).")
    max_turns: int = Field(default=200, gt=0, description="Turns kept per chat transcript.")
    session_url: str | None = Field(default=None, description="Where the server keeps chat sessions (CHUJING_SESSION_URL): redis://host:port/db, sqlite:///path, memory; None = <data_dir>/sessions.db.")
    session_ttl: int = Field(default=7 * 24 * 3600, gt=0, description="Seconds a chat session is kept after its last turn (CHUJING_SESSION_TTL).")
    cors_origins: tuple[str, ...] = Field(default=(), description="Origins allowed by CORS (CHUJING_CORS_ORIGINS, comma-separated); empty = CORS off.")

    @property
    def llm_enabled(self) -> bool:
        """The LLM rewrite runs only when both an endpoint and a model are configured."""
        return bool(self.llm_base_url and self.llm_model)

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def audit_path(self) -> Path:
        return self.audit_db if self.audit_db is not None else self.data_dir / "audit.db"

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from CHUJING_* variables; keyword overrides win (ValueError on a malformed number)."""
        data_dir = Path(_env("CHUJING_DATA_DIR") or ".chujing")
        values: dict[str, object] = {
            "llm_base_url": _env("CHUJING_LLM_BASE_URL"),
            "llm_model": _env("CHUJING_LLM_MODEL"),
            "llm_api_key": _env("CHUJING_LLM_API_KEY"),
            "admin_token": _env("CHUJING_ADMIN_TOKEN"),
            "session_url": _env("CHUJING_SESSION_URL"),
            "data_dir": data_dir,
            "audit_db": Path(_env("CHUJING_AUDIT_DB") or data_dir / "audit.db"),
            "audit_enabled": (_env("CHUJING_AUDIT") or "1").lower() not in ("0", "false", "off", "no"),
            "cors_origins": tuple(o.strip() for o in (_env("CHUJING_CORS_ORIGINS") or "").split(",") if o.strip()),
        }
        numeric = {
            "llm_timeout": ("CHUJING_LLM_TIMEOUT", float),
            "max_question_chars": ("CHUJING_MAX_QUESTION_CHARS", int),
            "max_upload_bytes": ("CHUJING_MAX_UPLOAD_BYTES", int),
            "max_sessions": ("CHUJING_MAX_SESSIONS", int),
            "session_ttl": ("CHUJING_SESSION_TTL", int),
        }
        for field, (name, kind) in numeric.items():
            raw = _env(name)
            if raw is not None:
                try:
                    values[field] = kind(raw)
                except ValueError:
                    raise ValueError(f"{name}={raw!r} is not a valid {kind.__name__}") from None
        values.update(overrides)
        return cls.model_validate(values)
