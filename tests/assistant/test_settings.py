"""Settings.from_env: defaults, CHUJING_* variables, overrides, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import DEFAULT_MAX_QUESTION_CHARS, DEFAULT_MAX_UPLOAD_BYTES, Settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("CHUJING_"):
            monkeypatch.delenv(name)


def test_defaults() -> None:
    settings = Settings.from_env()
    assert settings.data_dir == Path(".chujing") and settings.audit_db == Path(".chujing/audit.db")
    assert settings.max_question_chars == DEFAULT_MAX_QUESTION_CHARS == 4000
    assert settings.max_upload_bytes == DEFAULT_MAX_UPLOAD_BYTES == 20 * 1024 * 1024
    assert not settings.llm_enabled and settings.admin_token is None


def test_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHUJING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CHUJING_LLM_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("CHUJING_LLM_MODEL", "qwen")
    monkeypatch.setenv("CHUJING_LLM_TIMEOUT", "2.5")
    monkeypatch.setenv("CHUJING_ADMIN_TOKEN", "  secret  ")
    monkeypatch.setenv("CHUJING_MAX_QUESTION_CHARS", "100")
    settings = Settings.from_env()
    assert settings.audit_db == tmp_path / "audit.db"
    assert settings.llm_enabled and settings.llm_timeout == 2.5 and settings.llm_model == "qwen"
    assert settings.admin_token is not None and settings.admin_token.get_secret_value() == "secret" and settings.max_question_chars == 100
    assert Settings.from_env(max_question_chars=50).max_question_chars == 50


def test_empty_variables_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHUJING_LLM_BASE_URL", " ")
    monkeypatch.setenv("CHUJING_LLM_MODEL", "m")
    assert not Settings.from_env().llm_enabled


def test_malformed_numbers_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHUJING_MAX_UPLOAD_BYTES", "20MB")
    with pytest.raises(ValueError, match="CHUJING_MAX_UPLOAD_BYTES='20MB' is not a valid int"):
        Settings.from_env()
