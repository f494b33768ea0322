"""Load on loopback against a real uvicorn: bounded, zero errors, zero lost audit rows; chat sessions isolated."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import Counter
from typing import Any

import httpx
import pytest

from evals.load_client import LoadRecorder, budget, run_clients

from .conftest import Server

pytestmark = [pytest.mark.server, pytest.mark.slow]

# Bounded so the test stays well under two minutes here; CHUJING_LOAD_REQUESTS raises it on a quieter machine.
REQUESTS = int(os.environ.get("CHUJING_LOAD_REQUESTS", "2000"))
CLIENTS = 16
QUESTIONS = [
    "我们是在临港新片区注册的再保险公司，数据出境活动在区内开展，不是关键信息基础设施运营者，要向境外再保险人提供再保险分出业务数据，不在负面清单里，需要申报安全评估吗？",
    "我们公司不是关基运营者，今年1月1日以来累计向境外提供了200万人的个人信息，需要申报安全评估吗？",
    "负面清单由谁批准？",
    "We are a Beijing e-commerce company, not a CIIO, sending non-sensitive personal information of 150,000 people abroad since 1 January. What do we need?",
    "今天天气怎么样？",
    "<script>alert(1)</script> 数据出境",
]


def _audit_rows(server: Server) -> int:
    db = sqlite3.connect(f"file:{server.data_dir / 'audit.db'}?mode=ro", uri=True, timeout=30)
    try:
        return int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])
    finally:
        db.close()


def test_bounded_load_zero_errors_zero_lost_audit_rows(rel_server: Server) -> None:
    before = _audit_rows(rel_server)
    recorder, take = LoadRecorder(), budget(REQUESTS)

    def step(client: httpx.Client, i: int) -> bool:
        if not take(1):
            return False
        body = {"question": QUESTIONS[i % len(QUESTIONS)]}
        if i % 5 == 4:  # every fifth request is a chat turn, audited too
            recorder.post(client, f"{rel_server.base}/api/chat", {"message": body["question"]})
        else:
            recorder.post(client, f"{rel_server.base}/api/ask", body)
        return True

    wall = run_clients(CLIENTS, step).wall_s
    print(f"\nload: {REQUESTS} requests at {CLIENTS} clients in {wall:.1f} s ({REQUESTS / wall:.0f} req/s): {dict(recorder.statuses)}")
    assert recorder.statuses == Counter({"200": REQUESTS}), recorder.statuses
    assert _audit_rows(rel_server) - before == REQUESTS, "every answered request leaves exactly one audit row"
    assert httpx.get(f"{rel_server.base}/healthz", timeout=10).json()["status"] in ("ok", "degraded")


ZONES: list[tuple[str, str]] = [
    ("lingang", "我们公司注册在临港新片区，"),
    ("shanghai_ftz", "我们公司注册在上海自贸试验区（不在临港），"),
    ("other_ftz", "我们公司注册在北京自贸试验区，"),
    ("outside", "我们公司注册在上海市区，不在任何自贸试验区内，"),
]


def test_concurrent_chat_sessions_never_see_each_others_facts(rel_server: Server) -> None:
    scenario = "不是关键信息基础设施运营者，要向境外母公司提供员工个人信息，需要做什么？"
    follow_up = "今年以来大约涉及5万人。"
    results: dict[int, dict[str, Any]] = {}
    errors: list[str] = []

    def session(n: int) -> None:
        zone, opening = ZONES[n % len(ZONES)]
        with httpx.Client(base_url=rel_server.base, timeout=120) as client:
            first = client.post("/api/chat", json={"message": opening + scenario})
            if first.status_code != 200:
                errors.append(first.text)
                return
            sid = first.json()["session_id"]
            second = client.post("/api/chat", json={"session_id": sid, "message": follow_up})
            if second.status_code != 200:
                errors.append(second.text)
                return
            transcript = client.get(f"/api/chat/{sid}").json()
            results[n] = {"zone": zone, "sid": sid, "facts": second.json()["facts"], "stored": transcript["facts"],
                          "turns": len(transcript["turns"])}

    threads = [threading.Thread(target=session, args=(n,)) for n in range(24)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors[:3]
    assert len(results) == 24
    assert len({r["sid"] for r in results.values()}) == 24
    for r in results.values():
        assert r["facts"]["registered_zone"] == r["zone"], r
        assert r["stored"]["registered_zone"] == r["zone"], r
        assert r["facts"]["pi_count_ytd"] == 50_000, r
        assert r["turns"] == 4, r
