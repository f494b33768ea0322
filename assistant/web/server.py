"""Run `chujing serve` as a child process on a free loopback port and wait until it answers.

Used by the HTTP, browser and load tests (a real uvicorn, not an in-process test client) and handy for
scripts: `with running_server(env={...}) as base_url: ...`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

import httpx


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def chujing_command() -> list[str]:
    """argv prefix that runs the `chujing` CLI with this interpreter (`python -m assistant.cli` would build a
    second `app` object without the registered commands)."""
    return [sys.executable, "-c", "import sys; sys.argv[0] = 'chujing'; from assistant.cli import main; main()"]


class ServerFailed(RuntimeError):
    """The server exited or never became healthy; the message carries the tail of its log."""


@contextlib.contextmanager
def running_server(
    *,
    env: Mapping[str, str] | None = None,
    port: int | None = None,
    host: str = "127.0.0.1",
    log_path: Path | None = None,
    ready_timeout: float = 90.0,
    wait_for: tuple[str, ...] = ("ok", "degraded"),
    workers: int = 1,
) -> Iterator[str]:
    """Start the server, yield its base URL once /healthz reports one of `wait_for`, stop it afterwards."""
    port = port or free_port(host)
    full_env = {**os.environ, **(env or {})}
    full_env.setdefault("PYTHONUNBUFFERED", "1")
    log_file = log_path or Path(full_env.get("CHUJING_DATA_DIR", ".")) / f"server-{port}.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    base = f"http://{host}:{port}"
    with log_file.open("wb") as log:
        proc = start_server_process(host, port, full_env, log, workers=workers)
        try:
            wait_ready(proc, base, log_file, ready_timeout, wait_for)
            yield base
        finally:
            stop_server(proc)


def start_server_process(host: str, port: int, env: Mapping[str, str], log: IO[bytes], *, workers: int = 1) -> subprocess.Popen[bytes]:
    """`chujing serve` in its own process group (so its workers can be stopped, or killed, together)."""
    argv = [*chujing_command(), "serve", "--host", host, "--port", str(port), "--log-level", "warning", "--workers", str(workers)]
    return subprocess.Popen(argv, env=dict(env), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Ask the server to stop; kill it (and its workers) when it has not stopped within 15 s."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        kill_server(proc)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # workers left behind by a parent that stopped early


def kill_server(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server and its workers at once, as a crash or an OOM kill would."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def wait_ready(
    proc: subprocess.Popen[bytes], base: str, log_file: Path, timeout: float = 90.0, wait_for: tuple[str, ...] = ("ok", "degraded")
) -> None:
    """Poll /healthz until it reports one of `wait_for`; ServerFailed (with the log's tail) if the process exits first."""
    deadline = time.monotonic() + timeout
    last = "no answer yet"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerFailed(f"server exited with {proc.returncode}: {_tail(log_file)}")
        try:
            response = httpx.get(f"{base}/healthz", timeout=2.0)
            status = response.json().get("status")
            if status in wait_for:
                return
            last = f"status {status!r}: {response.json().get('error')}"
            if status == "error" and "error" not in wait_for:
                raise ServerFailed(f"server is up but cannot serve ({last}): {_tail(log_file)}")
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.2)
    raise ServerFailed(f"server not ready after {timeout:.0f}s ({last}): {_tail(log_file)}")


def _tail(path: Path, chars: int = 2000) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")[-chars:]
    except OSError:
        return "(no log)"
