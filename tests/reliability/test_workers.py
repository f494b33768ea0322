"""`chujing serve --workers 2` with chat sessions in SQLite (the default) and in a real Redis: mixed /api/ask and
multi-turn /api/chat load with zero errors, every chat's turns see their own facts whichever worker answers, and
the audit log holds one row per answer; a SIGKILL of the whole server mid-conversation, a restart, and the next
turn continues with the same facts and pending questions.

CHUJING_WORKERS_REQUESTS sets the load's size (200 here; `make bench` runs 2,000)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from assistant.web.server import free_port, kill_server, start_server_process, stop_server, wait_ready
from evals.mixed_load import run_mixed_load

from .conftest import REPO, base_env

pytestmark = [pytest.mark.server, pytest.mark.slow]

REQUESTS = int(os.environ.get("CHUJING_WORKERS_REQUESTS", "200"))


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import build_lexical_index

    data_dir = tmp_path_factory.mktemp("workers-index")
    build_lexical_index(data_dir)
    return data_dir


@pytest.fixture(params=["sqlite", "redis"])
def store_env(request: pytest.FixtureRequest) -> dict[str, str]:
    if request.param == "sqlite":
        return {}
    url: str = request.getfixturevalue("redis_url")
    return {"CHUJING_SESSION_URL": url}


@contextmanager
def serve(data_dir: Path, env: dict[str, str], workers: int, log: Path, port: int | None = None
          ) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = port or free_port()
    with log.open("ab") as out:
        proc = start_server_process("127.0.0.1", port, {**base_env(data_dir, **env), "PWD": str(REPO)}, out, workers=workers)
        try:
            wait_ready(proc, f"http://127.0.0.1:{port}", log, timeout=180)
            yield f"http://127.0.0.1:{port}", proc
        finally:
            if proc.poll() is None:
                stop_server(proc)


def _audit_rows(data_dir: Path) -> int:
    db = sqlite3.connect(f"file:{data_dir / 'audit.db'}?mode=ro", uri=True, timeout=30)
    try:
        return int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])
    finally:
        db.close()


def _data_dir(index_dir: Path, tmp_path: Path) -> Path:
    """A data dir of its own (audit log, sessions) over the module's index."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "index").symlink_to(index_dir / "index")
    return data_dir


def test_two_workers_mixed_load_zero_errors_own_facts_one_audit_row_per_answer(index_dir: Path, tmp_path: Path,
                                                                                store_env: dict[str, str]) -> None:
    data_dir = _data_dir(index_dir, tmp_path)
    with serve(data_dir, store_env, 2, tmp_path / "server.log") as (base, _):
        before = _audit_rows(data_dir)
        result = run_mixed_load(base, requests=REQUESTS, clients=16)
        print(f"\n2 workers, {store_env or 'sqlite'}: {result.summary()}")
        assert result.requests == REQUESTS
        assert result.errors == 0, result.statuses
        assert result.chats >= REQUESTS // 16, result.summary()  # about half the requests are chat turns, 4 a chat
        assert not result.mismatches, result.mismatches[:5]
        assert _audit_rows(data_dir) - before == result.answers
        # Both workers answered (X-Chujing-Worker: <pid>), neither one a bystander.
        pids = {pid for pid in result.workers if pid.isdigit()}
        assert len(pids) == 2 and sum(result.workers[p] for p in pids) == REQUESTS, result.workers


def test_sigkill_mid_conversation_then_restart_continues(index_dir: Path, tmp_path: Path, store_env: dict[str, str]) -> None:
    data_dir = _data_dir(index_dir, tmp_path)
    port = free_port()
    with serve(data_dir, store_env, 2, tmp_path / "server.log", port) as (base, proc):
        first = httpx.post(f"{base}/api/chat", json={"message": "我们公司注册在临港新片区，要向境外母公司提供员工个人信息，需要做什么？"},
                           timeout=120).json()
        sid = first["session_id"]
        before = httpx.get(f"{base}/api/chat/{sid}", timeout=30).json()
        assert before["facts"]["registered_zone"] == "lingang"
        assert before["pending"], "the answer asked for missing facts"
        kill_server(proc)  # SIGKILL to the server and both workers: no shutdown handler runs
    with serve(data_dir, store_env, 2, tmp_path / "server.log", port) as (base, _):
        after = httpx.get(f"{base}/api/chat/{sid}", timeout=30).json()
        assert after["facts"] == before["facts"]
        assert after["pending"] == before["pending"]
        nxt = httpx.post(f"{base}/api/chat", json={"session_id": sid, "message": "今年以来大约涉及5万人。"}, timeout=120)
        assert nxt.status_code == 200, nxt.text
        facts = nxt.json()["facts"]
        assert facts["registered_zone"] == "lingang" and facts["pi_count_ytd"] == 50_000
        assert len(httpx.get(f"{base}/api/chat/{sid}", timeout=30).json()["turns"]) == 4
