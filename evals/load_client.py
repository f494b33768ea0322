"""The one client loop of every load run (`make bench`, the mixed ask/chat load, the reliability load tests):
`clients` threads, each with its own keep-alive `httpx.Client`, calling `step(client, n)` until it says stop,
and a `LoadRecorder` that times each request and counts its status and the worker that answered it (the
`X-Chujing-Worker` header).

Threads, not asyncio: the client's cost per request is what a load generator on the same 2-core machine takes
from the server, and `make bench` reports it (`client_cpu_s`) next to the server's.
"""

from __future__ import annotations

import resource
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

WORKER_HEADER = "X-Chujing-Worker"  # set by assistant.web.middleware.response_headers


@dataclass
class LoadRecorder:
    """Status, latency and answering worker of every request, safe to share between the client threads."""

    statuses: Counter[str] = field(default_factory=Counter)
    workers: Counter[str] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def answers(self) -> int:
        return self.statuses.get("200", 0)

    @property
    def errors(self) -> int:
        return self.requests - self.answers

    def post(self, client: httpx.Client, url: str, body: dict[str, Any]) -> httpx.Response | None:
        """POST `body`; the response, or None when the request failed below HTTP (recorded as the exception name)."""
        start = time.perf_counter()
        response: httpx.Response | None = None
        try:
            response = client.post(url, json=body)
            status = str(response.status_code)
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            self.statuses[status] += 1
            self.latencies_ms.append(elapsed)
            if response is not None:
                self.workers[response.headers.get(WORKER_HEADER, "?")] += 1
        return response

    def p95_ms(self) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] if ordered else 0.0


@dataclass(frozen=True)
class RunTimes:
    wall_s: float
    client_cpu_s: float  # CPU time the load generator itself used (all its threads)


def run_clients(clients: int, step: Callable[[httpx.Client, int], bool], *, timeout: float = 120.0) -> RunTimes:
    """Run `clients` threads; thread i calls `step(client, n)` with n = i, i + clients, i + 2·clients, … until it
    returns False. Returns the wall time and the CPU time this process spent meanwhile."""

    def worker(index: int) -> None:
        n = index
        with httpx.Client(timeout=timeout) as client:
            while step(client, n):
                n += clients

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    cpu_start = _cpu_s()
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return RunTimes(wall_s=time.perf_counter() - start, client_cpu_s=_cpu_s() - cpu_start)


def budget(total: int) -> Callable[[int], int]:
    """A shared request budget: `take(n)` grants up to n of the requests left (0 once they are spent)."""
    left = [total]
    lock = threading.Lock()

    def take(n: int = 1) -> int:
        with lock:
            got = min(n, left[0])
            left[0] -= got
            return got

    return take


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
