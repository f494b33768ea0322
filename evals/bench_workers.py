"""`make bench`'s figures for more than one worker: the 1- vs 2-worker `/api/ask` ratio, and the mixed ask/chat
load on 2 workers with chat sessions in SQLite and (when `redis-server` is installed) in Redis."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from evals.mixed_load import redis_server, run_mixed_load

CLIENTS = 16
WORKERS = 2


def _log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


EnvFor = Callable[..., dict[str, str]]


def section_workers_mixed(index_data_dir: Path, work: Path, requests: int, env_for: EnvFor) -> dict[str, Any]:
    """2 workers, 16 clients, `requests` mixed requests, once per session store. `env_for(data_dir, **extra)`
    gives the server's environment (bench.clean_env)."""
    out: dict[str, Any] = {"workers": WORKERS, "clients": CLIENTS}
    out["sqlite"] = _mixed(index_data_dir, work / "mixed-sqlite", requests, {}, env_for)
    exe = shutil.which("redis-server")
    if exe is None:
        out["redis"] = {"skipped": "redis-server is not installed"}
    else:
        with redis_server(work / "redis", exe) as url:
            out["redis"] = _mixed(index_data_dir, work / "mixed-redis", requests, {"CHUJING_SESSION_URL": url}, env_for)
    return out


def _mixed(index_data_dir: Path, data_dir: Path, requests: int, env: dict[str, str], env_for: EnvFor) -> dict[str, Any]:
    from assistant.web.server import free_port, start_server_process, stop_server, wait_ready

    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "index").symlink_to((index_data_dir / "index").resolve())
    store = "redis" if env else "sqlite"
    _log(f"mixed /api/ask + /api/chat on {WORKERS} workers, sessions in {store}: {requests} requests at {CLIENTS} clients…")
    port = free_port()
    log_file = data_dir / "server.log"
    with log_file.open("wb") as log:
        proc = start_server_process("127.0.0.1", port, env_for(data_dir, **env), log, workers=WORKERS)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_ready(proc, base, log_file, timeout=180)
            result = run_mixed_load(base, requests=requests, clients=CLIENTS)
        finally:
            stop_server(proc)
    summary = result.summary()
    summary["audit_rows"] = _audit_rows(data_dir / "audit.db")
    summary["audit_rows_equal_answers"] = summary["audit_rows"] == result.answers
    summary["first_mismatches"] = result.mismatches[:3]
    return summary


def _audit_rows(path: Path) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])
    finally:
        db.close()


def render_workers(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    one, two = results.get("api"), results.get("api_2_workers")
    if one and two:
        ratio = two["throughput_rps"] / one["throughput_rps"] if one["throughput_rps"] else 0.0
        lines.append(f"/api/ask, same run: 1 worker {one['throughput_rps']} req/s (p95 {one['latency']['p95_ms']} ms), "
                     f"2 workers {two['throughput_rps']} req/s (p95 {two['latency']['p95_ms']} ms) = {ratio:.2f}×; "
                     f"errors {one['errors']} / {two['errors']}")
    mixed = results.get("workers_mixed")
    if mixed:
        for store in ("sqlite", "redis"):
            m = mixed.get(store, {})
            if "skipped" in m:
                lines.append(f"mixed ask/chat on {mixed['workers']} workers, sessions in {store}: skipped ({m['skipped']})")
            elif m:
                lines.append(f"mixed ask/chat on {mixed['workers']} workers, sessions in {store}: {m['requests']} requests "
                             f"({m['chats']} chats) at {mixed['clients']} clients in {m['wall_s']} s = {m['throughput_rps']} req/s, "
                             f"p95 {m['p95_ms']} ms, errors {m['errors']}, facts mismatches {m['facts_mismatches']}, "
                             f"audit rows {m['audit_rows']} = answers {m['answers']}: {m['audit_rows_equal_answers']}")
    return lines
