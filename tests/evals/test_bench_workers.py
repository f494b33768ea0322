"""The bench's multi-worker lines: the 1 vs 2 ratio next to where the CPU went and which pids answered."""

from __future__ import annotations

import os

from evals.bench_workers import ServerTimes, cpu_figures, render_workers, server_times
from evals.load_client import RunTimes


def _api(workers: int, rps: float, pids: dict[str, int]) -> dict[str, object]:
    return {"workers": workers, "clients": 8, "requests": 400, "errors": 0, "throughput_rps": rps,
            "latency": {"p95_ms": 300.0}, "answered_by": pids, "load_average": "3.1 2.0 1.5",
            **cpu_figures(ServerTimes(20.0, 8.0), RunTimes(wall_s=40.0, client_cpu_s=2.0), 400)}


def test_cpu_figures_per_request_and_in_cores() -> None:
    assert cpu_figures(ServerTimes(20.0, 8.0), RunTimes(wall_s=40.0, client_cpu_s=2.0), 400) == {
        "server_cpu_ms_per_request": 50.0, "server_runqueue_wait_ms_per_request": 20.0, "server_cores_used": 0.5,
        "client_cpu_s": 2.0, "client_cores_used": 0.05}


def test_server_times_count_this_process_threads_cpu() -> None:
    before = server_times(os.getpid())
    sum(i * i for i in range(300_000))  # some CPU in this thread
    spent = server_times(os.getpid()) - before
    assert spent.cpu_s > 0 and spent.runqueue_wait_s >= 0


def test_render_prints_the_ratio_the_cores_used_and_the_answering_pids() -> None:
    lines = render_workers({"api_workers": {"1": _api(1, 10.0, {"11": 400}), "2": _api(2, 15.0, {"21": 190, "22": 210})}})
    text = "\n".join(lines)
    assert "ratio 2 ÷ 1 workers = 1.50×" in text
    assert "load average 3.1 2.0 1.5" in text and "0.5 cores" in text and "waiting for a CPU 20.0 ms/request" in text
    assert "{'21': 190, '22': 210}" in text
