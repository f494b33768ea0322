"""Issue 14 over HTTP: `POST /api/chat` with `facts_patch` (with and without a message) against a real
`chujing serve`; a bad patch is a 422 naming the key; corrections land in the audit log and
`chujing audit corrections` lists them."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.session.audit import AuditLog
from assistant.web.server import chujing_command, running_server

REPO = Path(__file__).resolve().parents[3]


def _base_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHUJING_")}
    return env | {"CHUJING_DATA_DIR": str(data_dir), "CHUJING_EMBEDDINGS": "none"}


def _build_index(env: dict[str, str]) -> None:
    subprocess.run([*chujing_command(), "index", "build"], env=env, check=True, cwd=REPO, capture_output=True, timeout=300)

pytestmark = pytest.mark.server

QUESTION = "一家上海浦东（不在自贸区）的电商公司，今年向境外传输了约15万人的个人信息，不含敏感个人信息，需要走什么程序？"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data_dir = tmp_path_factory.mktemp("card-api-data")
    env = _base_env(data_dir)
    _build_index(env)
    with running_server(env=env) as base:
        yield base, data_dir


@pytest.fixture()
def client(server: tuple[str, Path]) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server[0], timeout=60) as c:
        yield c


def test_correction_round_trip_and_audit(client: httpx.Client, server: tuple[str, Path]) -> None:
    first = client.post("/api/chat", json={"message": QUESTION}).json()
    sid = first["session_id"]
    assert first["verdict"]["code"] == "standard_contract_or_certification"
    assert first["facts_source"]["is_ciio"] == "assumed"
    assert first["facts_source"]["pi_count_ytd"] == "stated"
    assert {a["key"] for a in first["verdict"]["assumptions"]} <= {f["key"] for f in first["understood"]}

    r = client.post("/api/chat", json={"session_id": sid, "facts_patch": {"is_ciio": True}})
    assert r.status_code == 200, r.text
    fixed = r.json()
    assert fixed["verdict"]["code"] == "security_assessment"
    assert fixed["facts"]["is_ciio"] is True
    assert fixed["facts_source"]["is_ciio"] == "corrected"
    assert fixed["change"]["before"] == "standard_contract_or_certification"
    assert fixed["change"]["text"].startswith("结论由")

    # kept in the session: the transcript shows it, and the next message keeps the corrected fact
    session = client.get(f"/api/chat/{sid}").json()
    assert session["facts_source"]["is_ciio"] == "corrected"
    later = client.post("/api/chat", json={"session_id": sid, "message": "接收方是境外母公司，那需要办什么手续？"}).json()
    assert later["facts_source"]["is_ciio"] == "corrected" and later["verdict"]["code"] == "security_assessment"

    # a patch with a message
    both = client.post("/api/chat", json={"session_id": sid, "message": "人数更正一下", "facts_patch": {"is_ciio": "否", "pi_count_ytd": 50000}}).json()
    assert both["facts"]["pi_count_ytd"] == 50000 and both["facts_source"]["pi_count_ytd"] == "corrected"

    log = AuditLog(server[1] / "audit.db")
    summary = log.correction_summary()
    log.close()
    assert {"key": "is_ciio", "value_read": "false", "value_corrected": "true", "count": 1} in summary

    env = _base_env(server[1])
    done = subprocess.run([*chujing_command(), "audit", "corrections", "--since", "2000-01-01"],
                          env=env, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["key", "value", "read", "value", "corrected", "count"]
    assert any(line.split() == ["is_ciio", "false", "true", "1"] for line in lines)
    later_run = subprocess.run([*chujing_command(), "audit", "corrections", "--since", "2999-01-01"],
                               env=env, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert later_run.returncode == 0 and "no corrections" in later_run.stdout


@pytest.mark.parametrize(("body", "fragment"), [
    ({"facts_patch": {"is_cio": True}, "session_id": "s1"}, "is_cio"),
    ({"facts_patch": {"is_ciio": "maybe"}, "session_id": "s1"}, "is_ciio"),
    ({"facts_patch": {"pi_count_ytd": "lots"}, "session_id": "s1"}, "pi_count_ytd"),
    ({"facts_patch": {"registered_zone": "mars"}, "session_id": "s1"}, "registered_zone"),
    ({"facts_patch": {"is_ciio": True}}, "session_id"),
    ({"session_id": "s1"}, "facts_patch"),
])
def test_bad_patch_is_a_422_naming_it(client: httpx.Client, body: dict[str, Any], fragment: str) -> None:
    r = client.post("/api/chat", json=body)
    assert r.status_code == 422, r.text
    assert fragment in r.text
