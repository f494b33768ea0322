"""Parts of the web app that need no index: error handling (faults injected into the answering step), the
read/write lock that guards index swaps, settings, and upload checks.

The fault tests replace `AppState.answer` with one that raises: that is the contract under test ("a pipeline
exception becomes a 500 JSON body without internals"), and a real pipeline cannot be made to fail on demand.
"""

from __future__ import annotations

import asyncio
import io
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from assistant.settings import Settings
from assistant.web.admin import AdminService, UploadError
from assistant.web.app import create_app
from assistant.web.schemas import clean_text
from assistant.web.state import AppState, ReadWriteLock
from assistant.web.streaming import answer_chunks


def _client(app: object) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app, raise_app_exceptions=False), base_url="http://test")  # type: ignore[arg-type]


def _failing_app(tmp_path: Path) -> object:
    app = create_app(Settings(data_dir=tmp_path, audit_enabled=False))
    state: AppState = app.state.chujing

    def boom(question: str, *, session_id: str | None, endpoint: str) -> object:
        raise RuntimeError("secret internal detail /srv/chujing/private.py line 42")

    state.answer = boom  # type: ignore[method-assign]
    return app


def test_pipeline_exception_is_a_500_without_internals(tmp_path: Path) -> None:
    async def go() -> httpx.Response:
        async with _client(_failing_app(tmp_path)) as c:
            return await c.post("/api/ask", json={"question": "需要申报吗？"})

    r = asyncio.run(go())
    assert r.status_code == 500
    body = r.json()
    assert "internal error" in body["detail"] and body["error_id"]
    assert "secret" not in r.text and "Traceback" not in r.text and ".py" not in r.text


def test_pipeline_exception_while_streaming_is_an_error_event(tmp_path: Path) -> None:
    async def go() -> httpx.Response:
        async with _client(_failing_app(tmp_path)) as c:
            return await c.post("/api/chat?stream=1", json={"message": "需要申报吗？"})

    r = asyncio.run(go())
    assert r.status_code == 200
    assert r.text.startswith("event: start")
    assert "event: error" in r.text and "internal error" in r.text
    assert "secret" not in r.text


def test_unloadable_index_is_a_503_with_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHUJING_DATA_DIR", str(tmp_path))  # an empty data dir: no index built
    app = create_app(Settings(data_dir=tmp_path, audit_enabled=False))

    async def go() -> tuple[httpx.Response, httpx.Response]:
        async with _client(app) as c:
            return await c.post("/api/search", json={"query": "负面清单"}), await c.get("/healthz")

    search, health = asyncio.run(go())
    assert search.status_code == 503
    assert "index" in search.json()["detail"]
    assert health.status_code == 503 and health.json()["status"] == "error"


def test_read_write_lock_lets_readers_share_and_writers_wait() -> None:
    lock = ReadWriteLock()
    events: list[str] = []
    inside = threading.Event()
    release = threading.Event()

    def reader() -> None:
        with lock.read():
            events.append("read-in")
            inside.set()
            release.wait(5)
            events.append("read-out")

    def writer() -> None:
        with lock.write():
            events.append("write")

    r = threading.Thread(target=reader)
    r.start()
    inside.wait(5)
    with lock.read():  # a second reader gets in while the first holds the lock
        events.append("second-reader")
    w = threading.Thread(target=writer)
    w.start()
    time.sleep(0.05)
    assert "write" not in events  # the writer waits for the reader in flight
    release.set()
    r.join(5)
    w.join(5)
    assert events == ["read-in", "second-reader", "read-out", "write"]


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CHUJING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CHUJING_ADMIN_TOKEN", "s3cret")
    monkeypatch.setenv("CHUJING_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.delenv("CHUJING_AUDIT_DB", raising=False)
    settings = Settings.from_env()
    assert settings.admin_token is not None and settings.admin_token.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.model_dump())
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.audit_path == tmp_path / "audit.db"
    monkeypatch.delenv("CHUJING_ADMIN_TOKEN")
    monkeypatch.delenv("CHUJING_CORS_ORIGINS")
    bare = Settings.from_env()
    assert bare.admin_token is None and bare.cors_origins == ()


def test_cors_only_when_configured(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path, audit_enabled=False, cors_origins=("https://ok.example",)))

    async def go() -> httpx.Response:
        async with _client(app) as c:
            return await c.options(
                "/api/ask", headers={"Origin": "https://ok.example", "Access-Control-Request-Method": "POST"}
            )

    assert asyncio.run(go()).headers.get("access-control-allow-origin") == "https://ok.example"


@pytest.mark.parametrize(
    ("name", "status"),
    [("../a.pdf", 400), ("a/b.pdf", 400), ("a\\b.pdf", 400), (".hidden.pdf", 400), ("", 400), ("a.exe", 415), ("a", 415)],
)
def test_file_names_are_checked(name: str, status: int) -> None:
    with pytest.raises(UploadError) as caught:
        AdminService.check_filename(name)
    assert caught.value.status == status


def test_accepted_file_names() -> None:
    assert AdminService.check_filename("Measures 2025.PDF") == ".pdf"
    assert AdminService.check_filename("list.yml") == ".yml"


def test_content_must_match_the_extension() -> None:
    AdminService.sniff("a.pdf", ".pdf", b"%PDF-1.7 ...")
    AdminService.sniff("a.txt", ".txt", "第一条 中文".encode("gb18030"))
    for name, suffix, data in [("a.pdf", ".pdf", b"PK\x03\x04"), ("a.txt", ".txt", b"\x00\x01binary")]:
        with pytest.raises(UploadError) as caught:
            AdminService.sniff(name, suffix, data)
        assert caught.value.status == 415 and name in caught.value.message


def test_read_limited_stops_at_the_limit(tmp_path: Path) -> None:
    state = AppState(Settings(data_dir=tmp_path, audit_enabled=False, max_upload_bytes=1000))
    admin = AdminService(state)
    assert admin.read_limited("ok.txt", io.BytesIO(b"x" * 1000)) == b"x" * 1000
    with pytest.raises(UploadError) as caught:
        admin.read_limited("big.txt", io.BytesIO(b"x" * 1001))
    assert caught.value.status == 413
    with pytest.raises(UploadError) as caught:
        admin.read_limited("blank.txt", io.BytesIO(b"  \n"))
    assert caught.value.status == 400


def test_clean_text_drops_control_characters() -> None:
    assert clean_text("  a\x00b\x07c\n\td\u200b  ") == "abc\n\td\u200b"
    assert clean_text("\x00\x01 ") == ""


def test_answer_chunks_rejoin_to_the_answer() -> None:
    text = "## 结论\n\n" + "很长的一段话。" * 200 + "\n- 一 [1]\n- 二 [2]\n"
    chunks = answer_chunks(text)
    assert "".join(chunks) == text
    assert len(chunks) > 3


def test_chunked_bodies_over_the_limit_are_refused(tmp_path: Path) -> None:
    # No Content-Length (chunked): the limit is enforced while the body streams in.
    app = create_app(Settings(data_dir=tmp_path, audit_enabled=False, max_body_bytes=10_000))

    async def body() -> AsyncIterator[bytes]:
        yield b'{"question": "'
        for _ in range(20):
            yield b"a" * 1000
        yield b'"}'

    async def go() -> httpx.Response:
        async with _client(app) as c:
            return await c.post("/api/ask", content=body(), headers={"Content-Type": "application/json"})

    r = asyncio.run(go())
    assert r.status_code == 413
    assert "too large" in r.json()["detail"]


def test_the_server_keeps_sessions_in_sqlite_by_default_and_in_memory_when_it_cannot(tmp_path: Path) -> None:
    from assistant.session.chats import SessionStore
    from assistant.session.stores import SqliteSessionStore

    state = AppState(Settings(data_dir=tmp_path, audit_enabled=False))
    assert isinstance(state.sessions, SqliteSessionStore) and state.sessions.path == tmp_path / "sessions.db"
    state.close()
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the data dir should be")
    fallback = AppState(Settings(data_dir=blocked, audit_enabled=False))
    assert type(fallback.sessions) is SessionStore
    memory = AppState(Settings(data_dir=tmp_path, audit_enabled=False, session_url="memory"))
    assert type(memory.sessions) is SessionStore
