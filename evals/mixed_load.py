"""Mixed load against a running server: one-off `/api/ask` questions and multi-turn `/api/chat` conversations.

Used by `make bench` (2,000 requests at 16 clients on 2 workers) and by the reliability tests (fewer requests).
Each chat opens with a zone of registration and follows up with a head count; every turn of it must come back
with its own zone and, once given, its own count, whichever worker answered. Each answered request is one
audit row, so the caller compares the audit log's growth with `answers`.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from evals.load_client import LoadRecorder, budget, run_clients

QUESTIONS = [
    "我们公司不是关基运营者，今年1月1日以来累计向境外提供了200万人的个人信息，需要申报安全评估吗？",
    "负面清单由谁批准？",
    "We are a Beijing e-commerce company, not a CIIO, sending non-sensitive personal information of 150,000 people abroad since 1 January. What do we need?",
    "今天天气怎么样？",
]
ZONES: list[tuple[str, str]] = [
    ("lingang", "我们公司注册在临港新片区，"),
    ("shanghai_ftz", "我们公司注册在上海自贸试验区（不在临港），"),
    ("other_ftz", "我们公司注册在北京自贸试验区，"),
    ("outside", "我们公司注册在上海市区，不在任何自贸试验区内，"),
]
OPENING = "不是关键信息基础设施运营者，要向境外母公司提供员工个人信息，需要做什么？"
FOLLOW_UPS = ["今年以来大约涉及{n}人。", "都不是敏感个人信息。", "还有别的要注意的吗？"]


@dataclass
class LoadResult:
    recorder: LoadRecorder = field(default_factory=LoadRecorder)
    mismatches: list[str] = field(default_factory=list)
    chats: int = 0
    wall_s: float = 0.0
    client_cpu_s: float = 0.0

    @property
    def requests(self) -> int:
        return self.recorder.requests

    @property
    def answers(self) -> int:
        return self.recorder.answers

    @property
    def errors(self) -> int:
        return self.recorder.errors

    @property
    def statuses(self) -> Counter[str]:
        return self.recorder.statuses

    @property
    def workers(self) -> Counter[str]:
        """Requests answered per worker pid (the X-Chujing-Worker header)."""
        return self.recorder.workers

    def summary(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "answers": self.answers,
            "errors": self.errors,
            "statuses": dict(self.statuses),
            "workers": dict(self.workers),
            "chats": self.chats,
            "facts_mismatches": len(self.mismatches),
            "wall_s": round(self.wall_s, 2),
            "client_cpu_s": round(self.client_cpu_s, 2),
            "throughput_rps": round(self.requests / self.wall_s, 1) if self.wall_s else 0.0,
            "p95_ms": round(self.recorder.p95_ms(), 1),
        }


def run_mixed_load(base: str, *, requests: int, clients: int = 16, chat_share: float = 0.5) -> LoadResult:
    """`requests` requests from `clients` threads: about `chat_share` of them chat turns, in conversations of
    four turns (opening + three follow-ups), the rest single questions."""
    result = LoadResult()
    take = budget(requests)

    def post(client: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any] | None:
        response = result.recorder.post(client, f"{base}{path}", body)
        if response is None or response.status_code != 200:
            return None
        data: dict[str, Any] = response.json()
        return data

    def chat(client: httpx.Client, n: int, turns: int) -> None:
        zone, opening = ZONES[n % len(ZONES)]
        count = 10_000 + 1_000 * (n % 50)
        data = post(client, "/api/chat", {"message": opening + OPENING})
        if data is None:
            return
        sid = data["session_id"]
        seen = [data["facts"]]
        for turn in range(1, turns):
            data = post(client, "/api/chat", {"session_id": sid, "message": FOLLOW_UPS[turn - 1].format(n=count)})
            if data is None:
                return
            seen.append(data["facts"])
        with result.recorder.lock:
            result.chats += 1
            for t, facts in enumerate(seen):
                if facts.get("registered_zone") != zone or (t >= 1 and facts.get("pi_count_ytd") != count):
                    result.mismatches.append(f"chat {sid} turn {t}: zone {facts.get('registered_zone')} (want {zone}), "
                                             f"count {facts.get('pi_count_ytd')} (want {count})")

    def step(client: httpx.Client, n: int) -> bool:
        if (n % 8) < int(chat_share * 8):
            turns = take(4)
            if turns:
                chat(client, n, turns)
            return turns > 0
        if not take(1):
            return False
        post(client, "/api/ask", {"question": QUESTIONS[n % len(QUESTIONS)]})
        return True

    times = run_clients(clients, step)
    result.wall_s, result.client_cpu_s = times.wall_s, times.client_cpu_s
    return result


@contextlib.contextmanager
def redis_server(work_dir: Path, exe: str = "redis-server") -> Iterator[str]:
    """A Debian `redis-server` on a free loopback port, nothing persisted; yields its URL, stops it afterwards."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    work_dir.mkdir(parents=True, exist_ok=True)
    log_path = work_dir / "redis.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(work_dir)],
            stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 20
            while not _pong(port):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start: {log_path.read_text(errors='replace')[-1000:]}")
                time.sleep(0.05)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False
