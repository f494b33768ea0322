"""Access: admin endpoints refuse without the token (compared in constant time), the token never reaches a log or
the audit log, CORS is off by default, and the server binds 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import ast
import inspect
import socket
import sqlite3
import time
from pathlib import Path

import httpx
import psutil
import pytest

from .conftest import ADMIN_TOKEN, Server, build_lexical_index, start_server, stop_server

pytestmark = pytest.mark.server

ADMIN_CALLS = [
    ("POST", "/api/admin/documents"),
    ("DELETE", "/api/admin/documents/some-doc"),
    ("POST", "/api/admin/documents/some-doc/status"),
]


def _wrong_same_length() -> str:
    return ADMIN_TOKEN[:-1] + ("x" if ADMIN_TOKEN[-1] != "x" else "y")


def test_admin_endpoints_refuse_without_or_with_a_wrong_token(rel_server: Server) -> None:
    wrong = _wrong_same_length()
    assert len(wrong) == len(ADMIN_TOKEN) and wrong != ADMIN_TOKEN
    header_sets: list[tuple[dict[str, str | bytes], int]] = [
        ({}, 401),
        ({"Authorization": "Bearer"}, 401),
        ({"Authorization": f"Bearer {wrong}"}, 403),
        ({"X-Admin-Token": wrong}, 401),
        ({"X-Admin-Token": ADMIN_TOKEN}, 401),  # the one documented header is Authorization: Bearer
        ({"Authorization": f"Bearer  {ADMIN_TOKEN}"}, 403),
        ({"Authorization": f"Bearer \t{ADMIN_TOKEN}"}, 403),
        ({"Authorization": f"Bearer\t{ADMIN_TOKEN}"}, 401),
        ({"Authorization": f"Bearer {ADMIN_TOKEN[:10]} {ADMIN_TOKEN[10:]}"}, 403),
        ({"Authorization": f"Bearer {ADMIN_TOKEN[:10]}\t{ADMIN_TOKEN[10:]}"}, 403),
        ({"Authorization": f"Bearer {ADMIN_TOKEN.upper()}"}, 403),
        ({"Authorization": f"Bearer {ADMIN_TOKEN}="}, 403),
        ({"Authorization": f"Bearer {ADMIN_TOKEN[:8]}"}, 403),
        ({"Authorization": f"Bearer {ADMIN_TOKEN}x"}, 403),
        ({"Authorization": f"Basic {ADMIN_TOKEN}"}, 401),
        ({"Authorization": "Bearer 令牌令牌".encode()}, 403),  # non-ASCII must not crash the comparison
    ]
    with httpx.Client(base_url=rel_server.base, timeout=30) as client:
        for method, path in ADMIN_CALLS:
            for headers, status in header_sets:
                r = client.request(method, path, headers=headers, json={"status": "superseded"})
                assert r.status_code == status, (method, path, headers, r.status_code, r.text)
                assert ADMIN_TOKEN not in r.text
        # the right token gets past the check (the document does not exist: 404, or 422 for a bad body)
        r = client.delete("/api/admin/documents/no-such-doc", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        assert r.status_code == 404, r.text
        r = client.delete("/api/admin/documents/no-such-doc", headers={"authorization": f"bearer {ADMIN_TOKEN}"})
        assert r.status_code == 404, r.text  # the scheme's name is case-insensitive (RFC 9110), the token is not


def _raw_request(base: str, authorization: bytes) -> int:
    """DELETE with an Authorization header sent byte for byte (httpx refuses to send padded header values)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as conn:
        conn.sendall(
            b"DELETE /api/admin/documents/no-such-doc HTTP/1.1\r\nHost: " + host.encode() + b"\r\n"
            b"Authorization: " + authorization + b"\r\nConnection: close\r\n\r\n"
        )
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1])


def test_padded_tabbed_or_altered_tokens_are_refused_byte_for_byte(rel_server: Server) -> None:
    """Padding a client could not send with httpx: leading spaces and tabs inside the value reach the check and are
    refused. (Whitespace at the very end of a header value is not part of the value in HTTP — RFC 9110 §5.5 — and
    the server's parser drops it before the app sees it, so `TOKEN\t` at the end of the line is `TOKEN`.)"""
    token = ADMIN_TOKEN.encode()
    assert _raw_request(rel_server.base, b"Bearer " + token) == 404  # the check passes; no such document
    for value in (b"Bearer   " + token, b"Bearer \t" + token, b"Bearer " + token + b"\t=", b"Bearer " + token + b" x",
                  b"Bearer " + token[:-1], b"Bearer " + token + token[-1:], b"Bearer \xe4" + token):
        assert _raw_request(rel_server.base, value) in (401, 403), value


def test_admin_token_is_compared_in_constant_time() -> None:
    """The check must use hmac.compare_digest on the token, never == / != / startswith."""
    import assistant.web.routes.admin as api

    tree = ast.parse(inspect.getsource(api))
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr == "compare_digest"]
    assert calls, "hmac.compare_digest is not used"
    require = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "require_admin")
    src = ast.unparse(require)
    assert "compare_digest" in src
    for compare in (n for n in ast.walk(require) if isinstance(n, ast.Compare)):
        names = {ast.unparse(side) for side in [compare.left, *compare.comparators]}
        assert not any("supplied" in name for name in names) or all(
            isinstance(op, ast.Is | ast.IsNot) for op in compare.ops
        ), f"token compared with an ordinary operator: {ast.unparse(compare)}"


def test_token_never_appears_in_logs_or_the_audit_log(rel_server: Server) -> None:
    with httpx.Client(base_url=rel_server.base, timeout=60) as client:
        # the token travels in headers, in a question and in a query string: none may be logged
        client.delete("/api/admin/documents/no-such-doc", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        client.delete("/api/admin/documents/no-such-doc", headers={"Authorization": f"Bearer {_wrong_same_length()}"})
        client.post("/api/admin/documents", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, files={"file": ("x.exe", b"x")})
        r = client.post("/api/ask", json={"question": "数据出境需要申报安全评估吗？"})
        assert r.status_code == 200
    time.sleep(0.5)  # let the server flush its log lines
    log = rel_server.log_text()
    assert "/api/ask" in log, "access logs are on, so the check below means something"
    assert ADMIN_TOKEN not in log
    assert _wrong_same_length() not in log
    for path in rel_server.data_dir.glob("audit.db*"):
        assert ADMIN_TOKEN.encode() not in path.read_bytes(), path
    db = sqlite3.connect(f"file:{rel_server.data_dir / 'audit.db'}?mode=ro", uri=True)
    try:
        for row in db.execute("SELECT * FROM answers"):
            assert ADMIN_TOKEN not in " ".join(str(v) for v in row)
    finally:
        db.close()


def test_cors_is_off_by_default(rel_server: Server) -> None:
    origin = {"Origin": "http://evil.example"}
    with httpx.Client(base_url=rel_server.base, timeout=60) as client:
        simple = client.post("/api/ask", json={"question": "数据出境需要申报安全评估吗？"}, headers=origin)
        preflight = client.options("/api/ask", headers={**origin, "Access-Control-Request-Method": "POST",
                                                        "Access-Control-Request-Headers": "content-type"})
        health = client.get("/healthz", headers=origin)
    for r in (simple, preflight, health):
        assert not any(h.lower().startswith("access-control-") for h in r.headers), dict(r.headers)


@pytest.mark.slow
def test_server_binds_loopback_by_default(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    build_lexical_index(data_dir)
    server = start_server(data_dir, tmp_path / "server.log")  # no --host
    try:
        listening = [c for c in psutil.Process(server.proc.pid).net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        assert listening, "the server listens"
        assert {c.laddr.ip for c in listening} == {"127.0.0.1"}, listening
        assert all(c.laddr.port == server.port for c in listening)
    finally:
        stop_server(server)
