"""The shared load client: the budget hands out exactly the requests asked for, the recorder counts statuses,
failures below HTTP and the answering worker."""

from __future__ import annotations

import threading

import httpx

from evals.load_client import WORKER_HEADER, LoadRecorder, budget


def test_budget_grants_each_request_once_across_threads() -> None:
    take = budget(1000)
    granted: list[int] = []
    lock = threading.Lock()

    def grab() -> None:
        while got := take(3):
            with lock:
                granted.append(got)

    threads = [threading.Thread(target=grab) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sum(granted) == 1000 and max(granted) == 3 and take(1) == 0


def test_recorder_counts_statuses_workers_and_transport_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/down":
            raise httpx.ConnectError("refused", request=request)
        status = 200 if request.url.path == "/ok" else 503
        return httpx.Response(status, json={}, headers={WORKER_HEADER: "4242" if status == 200 else "4343"})

    recorder = LoadRecorder()
    with httpx.Client(transport=httpx.MockTransport(handler), base_url="http://test") as client:
        assert recorder.post(client, "http://test/ok", {}) is not None
        recorder.post(client, "http://test/ok", {})
        recorder.post(client, "http://test/busy", {})
        assert recorder.post(client, "http://test/down", {}) is None
    assert recorder.statuses == {"200": 2, "503": 1, "ConnectError": 1}
    assert (recorder.requests, recorder.answers, recorder.errors) == (4, 2, 2)
    assert recorder.workers == {"4242": 2, "4343": 1}
    assert len(recorder.latencies_ms) == 4 and recorder.p95_ms() >= 0
