"""`make bench`'s figures for more than one worker: the 1- vs 2-worker `/api/ask` ratio, and the mixed ask/chat
load on 2 workers with chat sessions in SQLite and (when `redis-server` is installed) in Redis.

Each load also reports where the time went: the server's CPU (its process and its workers) per request and in
cores, how long its threads waited in the run queue for a CPU, the load generator's own CPU, and the load average
when it started. On this shared 2-core machine other work takes cores too; the ratio of 2 to 1 workers only means
something next to how many cores the server actually got. A server bound by something shared (a lock, SQLite's
write lock, the session store) would show low CPU *and* little run-queue wait: its threads would be asleep.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.load_client import RunTimes
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
            load_start, cpu_start = _loadavg(), server_times(proc.pid)
            result = run_mixed_load(base, requests=requests, clients=CLIENTS)
            server_cpu = server_times(proc.pid) - cpu_start
        finally:
            stop_server(proc)
    summary = result.summary()
    summary["load_average"] = load_start
    summary.update(cpu_figures(server_cpu, RunTimes(result.wall_s, result.client_cpu_s), result.requests))
    summary["audit_rows"] = _audit_rows(data_dir / "audit.db")
    summary["audit_rows_equal_answers"] = summary["audit_rows"] == result.answers
    summary["first_mismatches"] = result.mismatches[:3]
    return summary


@dataclass(frozen=True)
class ServerTimes:
    """Seconds the server's threads (its process and uvicorn's workers) ran on a CPU, and waited in the run queue
    for one: a worker bound by a lock or I/O sleeps (neither grows); a worker short of CPU waits in the queue."""

    cpu_s: float
    runqueue_wait_s: float

    def __sub__(self, other: ServerTimes) -> ServerTimes:
        return ServerTimes(self.cpu_s - other.cpu_s, self.runqueue_wait_s - other.runqueue_wait_s)


def server_times(pid: int) -> ServerTimes:
    """`ServerTimes` so far of process `pid` and its live children, from each thread's /proc/…/schedstat (the
    scheduler's own accounting: CPU ns, run-queue wait ns)."""
    import psutil

    try:
        root = psutil.Process(pid)
        pids = [root.pid, *(c.pid for c in root.children(recursive=True))]
    except psutil.Error:
        return ServerTimes(0.0, 0.0)
    cpu = wait = 0
    for proc in pids:
        try:
            tasks = list(Path(f"/proc/{proc}/task").iterdir())
        except OSError:  # a worker that exited meanwhile
            continue
        for task in tasks:
            try:
                fields = (task / "schedstat").read_text().split()
            except OSError:
                continue
            cpu += int(fields[0])
            wait += int(fields[1])
    return ServerTimes(cpu / 1e9, wait / 1e9)


def cpu_figures(server: ServerTimes, times: RunTimes, requests: int) -> dict[str, float]:
    wall = times.wall_s or 1.0
    per_request = 1000 / requests if requests else 0.0
    return {
        "server_cpu_ms_per_request": round(server.cpu_s * per_request, 1),
        "server_runqueue_wait_ms_per_request": round(server.runqueue_wait_s * per_request, 1),
        "server_cores_used": round(server.cpu_s / wall, 2),
        "client_cpu_s": round(times.client_cpu_s, 2),
        "client_cores_used": round(times.client_cpu_s / wall, 2),
    }


def _audit_rows(path: Path) -> int:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])
    finally:
        db.close()


def _loadavg() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _cpu_text(r: dict[str, Any]) -> str:
    return (f"server CPU {r['server_cpu_ms_per_request']} ms/request = {r['server_cores_used']} cores, "
            f"waiting for a CPU {r['server_runqueue_wait_ms_per_request']} ms/request, client {r['client_cores_used']} cores, "
            f"load average {r['load_average']}")


def render_workers(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    pair = results.get("api_workers") or {}
    one, two = pair.get("1"), pair.get("2")
    if one and two:
        ratio = two["throughput_rps"] / one["throughput_rps"] if one["throughput_rps"] else 0.0
        lines.append(f"/api/ask 1 vs 2 workers, same run, query cache off ({one['requests']} requests at {one['clients']} clients each):")
        for r in (one, two):
            lines.append(f"  {r['workers']} worker(s): {r['throughput_rps']} req/s, p95 {r['latency']['p95_ms']} ms, errors {r['errors']}; "
                         f"{_cpu_text(r)}; answered by pid {r['answered_by']}")
        cores = os.cpu_count() or 1
        lines.append(f"  ratio 2 ÷ 1 workers = {ratio:.2f}× (server cores used {one['server_cores_used']} → {two['server_cores_used']} "
                     f"of {cores}; CPU per request {one['server_cpu_ms_per_request']} → {two['server_cpu_ms_per_request']} ms)")
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
                             f"audit rows {m['audit_rows']} = answers {m['answers']}: {m['audit_rows_equal_answers']}; "
                             f"{_cpu_text(m)}; answered by pid {m['workers']}")
    return lines
