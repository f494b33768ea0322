"""The HTTP API over a real uvicorn server (`chujing serve` in a child process) on a free loopback port.

The server runs on its own data dir under tmp with a lexical-only index (CHUJING_EMBEDDINGS=none keeps the
index builds of the upload tests fast; the dense side is covered by the retrieval tests), no LLM configured,
and an admin token. A second server without a token checks that admin endpoints are then off.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from assistant.models import AskResponse
from assistant.session.audit import AuditLog
from assistant.web.server import chujing_command, running_server

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[3]
SEED_PDF = REPO / "tests" / "fixtures" / "measures-seed.pdf"
SHARED_PDF = Path("/work/shared/fixtures/measures-seed.pdf")
TOKEN = "test-admin-token-0123456789-abcdef"
CODES = {
    "exempt_negative_list", "exempt", "standard_contract_or_certification", "security_assessment",
    "other_law", "needs_facts", "info", "out_of_scope",
}
# A scenario whose facts leave the negative-list route undecided: the answer must ask, with choices.
VAGUE = "我们公司要把客户数据传给境外母公司，需要申报数据出境安全评估吗？"
SCENARIO = "我们是在临港新片区注册的再保险公司，数据出境活动在区内开展，不是关键信息基础设施运营者，要向境外再保险人提供再保险分出业务数据，需要申报安全评估吗？"


def _base_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHUJING_")}
    env.update({
        "CHUJING_DATA_DIR": str(data_dir),
        "CHUJING_EMBEDDINGS": "none",
        "CHUJING_MAX_UPLOAD_BYTES": str(2 * 1024 * 1024),
    })
    return env


def _build_index(env: dict[str, str]) -> None:
    subprocess.run([*chujing_command(), "index", "build"], env=env, check=True, cwd=REPO,
                   capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data_dir = tmp_path_factory.mktemp("api-data")
    env = _base_env(data_dir) | {"CHUJING_ADMIN_TOKEN": TOKEN}
    _build_index(env)
    with running_server(env=env) as base:
        yield base, data_dir


@pytest.fixture(scope="module")
def base(server: tuple[str, Path]) -> str:
    return server[0]


@pytest.fixture()
def client(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=60) as c:
        yield c


def _admin(client: httpx.Client) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


# --- health, docs, page -----------------------------------------------------------------------------------------


def test_healthz_reports_loaded_index_and_corpus(client: httpx.Client) -> None:
    health = client.get("/healthz").json()
    assert health["index_loaded"] is True
    assert health["status"] in ("ok", "degraded")
    assert health["corpus_version"] and health["index_build_id"]
    assert health["documents"] >= 12 and health["articles"] > 500
    assert health["audit"] is True


def test_every_response_names_the_worker_that_answered(client: httpx.Client) -> None:
    """X-Chujing-Worker: the answering process's pid, the same as /healthz's worker_pid, on answers and errors alike."""
    health = client.get("/healthz")
    pid = health.json()["worker_pid"]
    assert isinstance(pid, int) and pid != os.getpid()
    os.kill(pid, 0)  # a live process on this machine (raises if not)
    responses = [health, client.post("/api/ask", json={"question": "负面清单由谁批准？"}), client.get("/"),
                 client.post("/api/ask", json={"question": ""}), client.get("/no-such-page")]
    assert [r.status_code for r in responses] == [200, 200, 200, 422, 404]
    assert {r.headers.get("X-Chujing-Worker") for r in responses} == {str(pid)}


def test_openapi_lists_the_endpoints_with_the_spec_models(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/ask", "/api/chat", "/api/chat/{session_id}", "/api/search", "/api/articles/{article_id}",
                 "/api/draft", "/api/documents", "/healthz", "/api/admin/documents"):
        assert path in spec["paths"], path
    assert "AskResponse" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 200


def test_page_and_static_files_are_served_with_a_strict_policy(client: httpx.Client) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "出境通" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/..%2Fapi.py").status_code == 404
    assert client.get("/static/missing.js").status_code == 404


def test_cors_is_off_by_default(client: httpx.Client) -> None:
    r = client.options("/api/ask", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in r.headers
    r = client.post("/api/search", json={"query": "负面清单", "k": 1}, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in r.headers


# --- asking -----------------------------------------------------------------------------------------------------


def test_ask_returns_the_spec_object_with_resolvable_citations(client: httpx.Client) -> None:
    r = client.post("/api/ask", json={"question": SCENARIO})
    assert r.status_code == 200, r.text
    response = AskResponse.model_validate(r.json())
    assert response.question == SCENARIO
    assert response.language == "zh"
    assert response.verdict.code in CODES
    assert response.citations, "a scenario answer must cite"
    for citation in response.citations:
        article = client.get(f"/api/articles/{quote(citation.id, safe='')}")
        assert article.status_code == 200, citation.id
        assert article.json()["text"] == citation.text


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"question": ""}, "empty"),
        ({"question": " \n\t "}, "empty"),
        ({"question": "\x00\x01\x02"}, "empty"),
        ({"question": "数" * 20_000}, "too long"),
        ({}, "question"),
        ({"question": 42}, "question"),
        ({"question": "ok?", "session_id": "../../etc"}, "session_id"),
    ],
)
def test_bad_questions_get_a_clear_422(client: httpx.Client, body: dict[str, Any], fragment: str) -> None:
    r = client.post("/api/ask", json=body)
    assert r.status_code == 422
    assert fragment in r.json()["detail"]


def test_malformed_json_and_huge_bodies_are_refused(client: httpx.Client) -> None:
    r = client.post("/api/ask", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    r = client.post("/api/ask", content=b"{\"question\": \"" + b"a" * (2 * 1024 * 1024) + b"\"}",
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 413
    assert "too large" in r.json()["detail"]


@pytest.mark.parametrize("path", ["/api/ask", "/api/chat", "/api/search", "/api/draft"])
def test_a_wrong_content_type_gets_415(client: httpx.Client, path: str) -> None:
    for headers, content in (({"Content-Type": "text/plain"}, b'{"question": "x"}'),
                             ({"Content-Type": "application/x-www-form-urlencoded"}, b"question=x"),
                             ({}, b'{"question": "x"}')):
        r = client.post(path, content=content, headers=headers)
        assert r.status_code == 415, (path, headers, r.status_code, r.text)
        assert "application/json" in r.json()["detail"]


def test_admin_routes_answer_415_for_a_wrong_content_type_after_the_token(client: httpx.Client) -> None:
    upload = client.post("/api/admin/documents", json={"file": "x"}, headers=_admin(client))
    assert upload.status_code == 415 and "multipart/form-data" in upload.json()["detail"]
    status = client.post("/api/admin/documents/pipl-2021/status", content=b"status=superseded", headers={
        **_admin(client), "Content-Type": "application/x-www-form-urlencoded"})
    assert status.status_code == 415
    assert client.post("/api/admin/documents", json={"file": "x"}).status_code == 401  # no token: 401 first


def test_a_refused_csv_upload_does_not_show_server_paths(client: httpx.Client, server: tuple[str, Path]) -> None:
    bad = "这不是,一个清单\n,,,\n".encode()
    r = client.post("/api/admin/documents", files={"file": ("list.csv", bad, "text/csv")}, data={"list_id": "bad-list"},
                    headers=_admin(client))
    assert r.status_code == 422, r.text
    detail = r.json()["detail"]
    assert detail.startswith("list.csv: ")
    data_dir = server[1]
    for leak in (str(data_dir), str(data_dir.resolve()), ".staging", "/tmp/", "uploads/"):
        assert leak not in detail, detail


def test_markup_in_a_question_comes_back_as_data(client: httpx.Client) -> None:
    question = "<script>alert(1)</script> 我们是临港新片区的公司，需要申报安全评估吗？"
    r = client.post("/api/ask", json={"question": question})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["question"] == question


def test_chat_carries_facts_across_turns_and_keeps_a_transcript(client: httpx.Client) -> None:
    first = client.post("/api/chat", json={"message": VAGUE})
    assert first.status_code == 200, first.text
    one = AskResponse.model_validate(first.json())
    assert one.session_id
    assert one.verdict.code == "needs_facts"
    asked = one.verdict.missing_facts[0]
    assert asked.choices, "a clarifying question offers choices to click"
    second = client.post("/api/chat", json={"session_id": one.session_id, "message": asked.choices[0]})
    assert second.status_code == 200, second.text
    two = AskResponse.model_validate(second.json())
    assert two.session_id == one.session_id
    # The clicked choice answered the question: it is no longer the first thing asked.
    assert not two.verdict.missing_facts or two.verdict.missing_facts[0].key != asked.key
    transcript = client.get(f"/api/chat/{one.session_id}").json()
    assert [t["role"] for t in transcript["turns"]] == ["user", "assistant", "user", "assistant"]
    assert transcript["turns"][0]["text"] == VAGUE
    assert client.get("/api/chat/0123456789abcdef-unknown").status_code == 404


def test_sessions_do_not_share_facts(client: httpx.Client) -> None:
    a = client.post("/api/chat", json={"message": SCENARIO}).json()
    b = client.post("/api/chat", json={"message": VAGUE}).json()
    assert a["session_id"] != b["session_id"]
    tb = client.get(f"/api/chat/{b['session_id']}").json()
    assert tb["facts"]["registered_zone"] is None
    assert a["facts"]["registered_zone"] == "lingang"


def _parse_sse(text: str) -> list[tuple[str, Any]]:
    events = []
    for block in text.strip().split("\n\n"):
        name, data = "message", []
        for line in block.splitlines():
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        events.append((name, json.loads("\n".join(data))))
    return events


@pytest.mark.parametrize("how", ["accept", "query"])
def test_answers_stream_as_server_sent_events(client: httpx.Client, how: str) -> None:
    kwargs: dict[str, Any] = {"json": {"question": SCENARIO}}
    if how == "accept":
        kwargs["headers"] = {"Accept": "text/event-stream"}
        url = "/api/ask"
    else:
        url = "/api/ask?stream=1"
    with client.stream("POST", url, **kwargs) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        body = r.read().decode("utf-8")
    events = _parse_sse(body)
    names = [name for name, _ in events]
    assert names[0] == "start" and names[1] == "verdict" and names[-1] == "done"
    assert set(names[2:-1]) == {"answer"}
    done = AskResponse.model_validate(events[-1][1])
    assert "".join(data["text"] for name, data in events if name == "answer") == done.answer
    assert events[1][1]["verdict"]["code"] == done.verdict.code


def test_chat_stream_starts_with_the_new_session_id(client: httpx.Client) -> None:
    r = client.post("/api/chat?stream=1", json={"message": VAGUE})
    events = _parse_sse(r.text)
    sid = events[0][1]["session_id"]
    assert sid and events[-1][1]["session_id"] == sid


# --- corpus -----------------------------------------------------------------------------------------------------


def test_search_returns_ranked_hits(client: httpx.Client) -> None:
    hits = client.post("/api/search", json={"query": "负面清单外的数据 免予申报", "k": 3}).json()
    assert 1 <= len(hits) <= 3
    assert all({"id", "doc_id", "title", "article", "label", "score", "text"} <= set(h) for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert client.post("/api/search", json={"query": "x", "k": 500}).status_code == 422


def test_search_list_items_and_get_a_list(client: httpx.Client) -> None:
    hits = client.post("/api/search", json={"query": "船员护照扫描件", "k": 2, "kind": "list_item"}).json()
    assert hits[0]["id"] == "sh-ftz-negative-list-2024-sample#SH-C-01"
    assert hits[0]["kind"] == "list_item" and hits[0]["illustrative"] is True and hits[0]["edition"] == "2024"
    listed = client.get("/api/lists/sh-ftz-negative-list-2024-sample").json()
    assert listed["status"] == "illustrative" and listed["sectors"][0]["scenarios"][0]["items"]
    assert client.get("/api/lists/nope").status_code == 404


def test_lists_and_their_editions(client: httpx.Client) -> None:
    # the server decides on today's date: the 2024 sample is in force until the 2027 sample takes effect
    infos = {x["list_id"]: x for x in client.get("/api/lists").json()}
    old, new = infos["sh-ftz-negative-list-2024-sample"], infos["sh-ftz-negative-list-2027-sample"]
    assert (old["edition_status"], new["edition_status"]) == ("in_force", "not_yet_in_force")
    assert (new["effective"], new["supersedes"], new["items"]) == ("2027-07-01", old["list_id"], 26)
    assert client.get("/api/documents").json()["lists"] == client.get("/api/lists").json()


@pytest.mark.parametrize(("as_of", "first", "other_status"), [
    ("2026-12-01", "sh-ftz-negative-list-2024-sample", "not_yet_in_force"),
    ("2027-08-01", "sh-ftz-negative-list-2027-sample", "superseded"),
])
def test_item_search_flags_the_other_edition(client: httpx.Client, as_of: str, first: str, other_status: str) -> None:
    hits = client.post("/api/search", json={"query": "被保险人体检报告 病历", "k": 5, "kind": "list_item", "as_of": as_of}).json()
    health = [h for h in hits if h["item_id"] == "RI-L-01"]
    assert health[0]["list_id"] == first and health[0]["in_force"] is True
    assert [(h["in_force"], h["edition_status"]) for h in health[1:]] == [(False, other_status)]
    crew = client.post("/api/search", json={"query": "船员护照扫描件", "k": 5, "kind": "list_item", "as_of": as_of}).json()
    assert [h["list_id"] for h in crew if h["item_id"] == "SH-C-01"] == [first]  # unchanged: shown once


def test_the_lists_page_is_served(client: httpx.Client) -> None:
    page = client.get("/lists")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"] and "/static/lists.js" in page.text
    assert client.get("/static/lists.js").status_code == 200 and client.get("/static/lists.css").status_code == 200


def test_articles_accept_both_id_forms(client: httpx.Client) -> None:
    hashed = client.get("/api/articles/sh-ftz-measures-2025%238").json()
    colon = client.get("/api/articles/sh-ftz-measures-2025:8").json()
    assert hashed == colon
    assert hashed["id"] == "sh-ftz-measures-2025#8" and hashed["label"] == "第八条"
    assert hashed["document"]["doc_id"] == "sh-ftz-measures-2025"
    assert client.get("/api/articles/sh-ftz-measures-2025:999").status_code == 404
    assert client.get("/api/articles/nonsense").status_code == 422


def test_documents_list_the_corpus_with_status_and_dates(client: httpx.Client) -> None:
    data = client.get("/api/documents").json()
    docs = {d["document"]["doc_id"]: d for d in data["documents"]}
    assert {"sh-ftz-measures-2025", "cac-provisions-2024", "pipl-2021", "csl-2016"} <= set(docs)
    assert docs["sh-ftz-measures-2025"]["articles"] == 21
    assert docs["csl-2016"]["document"]["status"] == "superseded"
    assert docs["sh-ftz-measures-2025"]["document"]["effective"]
    assert any(lst["status"] == "illustrative" for lst in data["lists"])
    assert data["corpus_version"] == client.get("/healthz").json()["corpus_version"]


# --- drafts -----------------------------------------------------------------------------------------------------


def test_draft_from_a_session_as_markdown_and_docx(client: httpx.Client) -> None:
    sid = client.post("/api/chat", json={"message": SCENARIO}).json()["session_id"]
    md = client.post("/api/draft", json={"session_id": sid, "company": "某再保险公司"})
    assert md.status_code == 200, md.text
    assert "某再保险公司" in md.json()["markdown"]
    docx = client.post("/api/draft?format=docx", json={"session_id": sid})
    assert docx.status_code == 200
    assert docx.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument")
    assert "attachment" in docx.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(docx.content)) as z:
        assert "word/document.xml" in z.namelist()
    assert client.post("/api/draft", json={}).status_code == 422
    assert client.post("/api/draft", json={"session_id": "nosuchsession0000"}).status_code == 404


def test_draft_from_a_question(client: httpx.Client) -> None:
    r = client.post("/api/draft", json={"question": SCENARIO})
    assert r.status_code == 200
    assert r.json()["response"]["question"] == SCENARIO


# --- audit ------------------------------------------------------------------------------------------------------


def test_every_answer_is_audited(client: httpx.Client, server: tuple[str, Path]) -> None:
    question = "审计测试：我们是临港新片区注册的公司，需要申报吗？"
    response = client.post("/api/ask", json={"question": question}).json()
    log = AuditLog(server[1] / "audit.db")
    rows = [r for r in log.rows() if r["question"] == question]
    log.close()
    assert len(rows) == 1
    row = rows[0]
    assert row["verdict_code"] == response["verdict"]["code"]
    assert json.loads(row["citation_ids"]) == [c["id"] for c in response["citations"]]
    assert json.loads(row["facts_json"]) == response["facts"]
    assert row["corpus_version"] == client.get("/healthz").json()["corpus_version"]
    assert row["index_build_id"] == client.get("/healthz").json()["index_build_id"]
    assert row["timing_ms"] > 0 and row["endpoint"] == "ask"


def test_audit_export_cli_writes_csv(client: httpx.Client, server: tuple[str, Path], tmp_path: Path) -> None:
    client.post("/api/ask", json={"question": "导出测试：负面清单由谁批准？"})
    out = tmp_path / "audit.csv"
    env = _base_env(server[1])
    done = subprocess.run([*chujing_command(), "audit", "export", "--since", "2000-01-01", "--out", str(out)],
                          env=env, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert any(r["question"] == "导出测试：负面清单由谁批准？" for r in rows)
    later = subprocess.run([*chujing_command(), "audit", "export", "--since", "2999-01-01"],
                           env=env, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert later.returncode == 0
    assert later.stdout.strip().splitlines()[1:] == []  # header only
    bad = subprocess.run([*chujing_command(), "audit", "export", "--since", "yesterday"],
                         env=env, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert bad.returncode != 0 and "not a date" in bad.stderr


# --- maintainers ------------------------------------------------------------------------------------------------


def test_admin_refuses_missing_and_wrong_tokens(client: httpx.Client) -> None:
    files = {"file": ("x.txt", b"hello", "text/plain")}
    missing = client.post("/api/admin/documents", files=files)
    assert missing.status_code == 401
    wrong = client.post("/api/admin/documents", files=files, headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    almost = client.post("/api/admin/documents", files=files, headers={"Authorization": f"Bearer {TOKEN[:-1]}"})
    assert almost.status_code == 403
    assert client.delete("/api/admin/documents/pipl-2021").status_code == 401
    assert client.post("/api/admin/documents/pipl-2021/status", json={"status": "superseded"}).status_code == 401


@pytest.fixture()
def seed_pdf() -> Path:
    if not SEED_PDF.exists():
        SEED_PDF.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SHARED_PDF, SEED_PDF)
    return SEED_PDF


def test_upload_pdf_end_to_end_then_remove(client: httpx.Client, server: tuple[str, Path], seed_pdf: Path) -> None:
    before = client.get("/healthz").json()
    meta = {
        "doc_id": "sh-ftz-measures-2025-pdf",
        "title": "中国（上海）自由贸易试验区及临港新片区数据出境负面清单管理办法（试行）（PDF 版）",
        "short_title": "负面清单管理办法PDF版",
        "kind": "measures",
        "issuer": "上海市人民政府",
        "issued": "2025-02-08",
        "effective": "2025-02-08",
        "status": "in_force",
        "source": "tests/fixtures/measures-seed.pdf",
    }
    with seed_pdf.open("rb") as fh:
        r = client.post("/api/admin/documents", files={"file": ("measures-seed.pdf", fh, "application/pdf")},
                        data=meta, headers=_admin(client), timeout=300)
    assert r.status_code == 200, r.text
    added = r.json()
    assert added["action"] == "added" and added["doc_id"] == "sh-ftz-measures-2025-pdf"
    assert added["articles"] == 21
    after = client.get("/healthz").json()
    assert after["index_build_id"] != before["index_build_id"]
    assert after["corpus_version"] == added["corpus_version"] != before["corpus_version"]
    # The new document is served: its articles resolve and search finds them.
    art = client.get("/api/articles/sh-ftz-measures-2025-pdf:8")
    assert art.status_code == 200 and "负面清单" in art.json()["text"]
    hits = client.post("/api/search", json={"query": "负面清单外的数据 免予申报", "k": 10}).json()
    assert any(h["doc_id"] == "sh-ftz-measures-2025-pdf" for h in hits)
    docs = {d["document"]["doc_id"]: d for d in client.get("/api/documents").json()["documents"]}
    assert docs["sh-ftz-measures-2025-pdf"]["uploaded"] is True
    # Nothing was written outside the data dir's uploads.
    stored = [p for p in (server[1] / "uploads").rglob("*") if p.is_file()]
    assert stored and all(server[1] in p.parents for p in stored)

    marked = client.post("/api/admin/documents/sh-ftz-measures-2025-pdf/status", json={"status": "superseded"},
                         headers=_admin(client), timeout=300)
    assert marked.status_code == 200, marked.text
    docs = {d["document"]["doc_id"]: d for d in client.get("/api/documents").json()["documents"]}
    assert docs["sh-ftz-measures-2025-pdf"]["document"]["status"] == "superseded"
    hits = client.post("/api/search", json={"query": "负面清单外的数据 免予申报", "k": 10}).json()
    assert not any(h["doc_id"] == "sh-ftz-measures-2025-pdf" for h in hits)  # in-force search only

    removed = client.delete("/api/admin/documents/sh-ftz-measures-2025-pdf", headers=_admin(client), timeout=300)
    assert removed.status_code == 200, removed.text
    assert client.get("/api/articles/sh-ftz-measures-2025-pdf:8").status_code == 404
    assert client.get("/healthz").json()["corpus_version"] == before["corpus_version"]


def test_failed_upload_leaves_the_index_serving(client: httpx.Client) -> None:
    before = client.get("/healthz").json()
    garbage = b"%PDF-1.7\n" + os.urandom(4096) + b"\n%%EOF"
    r = client.post("/api/admin/documents", files={"file": ("broken.pdf", garbage, "application/pdf")},
                    data={"doc_id": "broken-doc", "title": "损坏的文件"}, headers=_admin(client), timeout=120)
    assert r.status_code == 422, r.text
    assert "broken.pdf" in r.json()["detail"]
    after = client.get("/healthz").json()
    assert after["index_build_id"] == before["index_build_id"]
    assert after["corpus_version"] == before["corpus_version"]
    assert client.post("/api/ask", json={"question": SCENARIO}).status_code == 200
    docs = {d["document"]["doc_id"] for d in client.get("/api/documents").json()["documents"]}
    assert "broken-doc" not in docs


@pytest.mark.parametrize(
    ("name", "content", "status", "fragment"),
    [
        ("../evil.pdf", b"%PDF-1.4 x", 400, "refused file name"),
        ("..\\evil.txt", b"text", 400, "refused file name"),
        ("notes.exe", b"MZ", 415, "unsupported file type"),
        ("fake.pdf", b"this is not a pdf at all", 415, "not a PDF"),
        ("empty.txt", b"", 400, "empty"),
        ("big.txt", b"a" * (2 * 1024 * 1024 + 10), 413, "too large"),
    ],
)
def test_bad_uploads_are_refused_clearly(client: httpx.Client, server: tuple[str, Path], name: str, content: bytes,
                                         status: int, fragment: str) -> None:
    before = client.get("/healthz").json()["index_build_id"]
    r = client.post("/api/admin/documents", files={"file": (name, content, "application/octet-stream")},
                    data={"doc_id": "bad-upload", "title": "坏文件"}, headers=_admin(client))
    assert r.status_code == status, r.text
    assert fragment in r.json()["detail"]
    assert client.get("/healthz").json()["index_build_id"] == before
    assert not (server[1].parent / "evil.pdf").exists()


def test_upload_of_a_negative_list_yaml(client: httpx.Client, server: tuple[str, Path]) -> None:
    sample = (REPO / "corpus" / "lists" / "sh-ftz-negative-list-2024-sample.yaml").read_text(encoding="utf-8")
    duplicate = client.post("/api/admin/documents", files={"file": ("list.yaml", sample.encode(), "application/yaml")},
                            headers=_admin(client))
    assert duplicate.status_code == 422  # same list_id as the shipped sample
    assert "duplicate" in duplicate.json()["detail"]
    renamed = sample.replace("list_id: sh-ftz-negative-list-2024-sample", "list_id: test-upload-list", 1)
    r = client.post("/api/admin/documents", files={"file": ("list.yaml", renamed.encode(), "application/yaml")},
                    headers=_admin(client))
    assert r.status_code == 200, r.text
    assert r.json()["list_id"] == "test-upload-list" and r.json()["items"] > 0
    lists = {lst["list_id"] for lst in client.get("/api/documents").json()["lists"]}
    assert "test-upload-list" in lists
    broken = client.post("/api/admin/documents", files={"file": ("bad.yaml", b"list_id: [unclosed", "application/yaml")},
                         headers=_admin(client))
    assert broken.status_code == 422 and "bad.yaml" in broken.json()["detail"]


def test_admin_is_disabled_without_a_token(tmp_path_factory: pytest.TempPathFactory, server: tuple[str, Path]) -> None:
    env = _base_env(server[1])  # same data dir, no token
    with running_server(env=env, log_path=tmp_path_factory.mktemp("notoken") / "server.log") as other, \
            httpx.Client(base_url=other, timeout=30) as c:
        r = c.post("/api/admin/documents", files={"file": ("x.txt", b"hello", "text/plain")},
                   headers={"Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 404
        assert "disabled" in r.json()["detail"]
        assert c.delete("/api/admin/documents/pipl-2021", headers={"Authorization": "Bearer x"}).status_code == 404


def test_concurrent_chats_keep_their_own_facts_and_every_answer_is_audited(client: httpx.Client, server: tuple[str, Path],
                                                                           base: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    log = AuditLog(server[1] / "audit.db")
    rows_before = log.count()
    zones = {"lingang": "我们是在临港新片区注册的公司，要把员工数据传到境外总部，需要申报吗？",
             "outside": "我们公司注册在北京海淀区，不在任何自贸试验区，要把员工数据传到境外总部，需要申报吗？"}

    def one_chat(i: int) -> tuple[str, list[Any]]:
        zone = "lingang" if i % 2 else "outside"
        with httpx.Client(base_url=base, timeout=60) as c:
            first = c.post("/api/chat", json={"message": zones[zone]}).json()
            sid = first["session_id"]
            seen = [first["facts"]["registered_zone"]]
            for _ in range(2):
                r = c.post("/api/chat", json={"session_id": sid, "message": "不确定"}).json()
                seen.append(r["facts"]["registered_zone"])
        return zone, seen

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one_chat, range(16)))
    for zone, seen in results:
        assert set(seen) == {zone}, (zone, seen)
    assert log.count() - rows_before == 16 * 3
    log.close()


def test_the_admin_token_never_reaches_the_server_log(client: httpx.Client, server: tuple[str, Path]) -> None:
    client.post("/api/admin/documents", files={"file": ("x.exe", b"MZ", "application/octet-stream")}, headers=_admin(client))
    client.post("/api/admin/documents", files={"file": ("x.exe", b"MZ", "application/octet-stream")},
                headers={"Authorization": f"Bearer {TOKEN}-wrong"})
    logs = list(server[1].glob("server-*.log"))
    assert logs
    assert all(TOKEN not in p.read_text(encoding="utf-8", errors="replace") for p in logs)


GUIDE_MD = """# 船员管理数据出境操作指引（测试用）

第一条 本指引为测试编写，不是官方文本。

第二条 船员管理中向境外船东提供船员健康证明、体检记录的，对应负面清单条目SH-C-02，应当申报数据出境安全评估。
"""


def test_an_uploaded_guideline_is_cited_and_the_list_prevails(client: httpx.Client) -> None:
    meta = {"doc_id": "test-crew-guideline", "title": "船员管理数据出境操作指引（测试用）", "short_title": "船员操作指引（测试）",
            "kind": "guideline", "issuer": "测试", "status": "in_force", "source": "written for this test"}
    r = client.post("/api/admin/documents", files={"file": ("guide.md", GUIDE_MD.encode("utf-8"), "text/markdown")},
                    data=meta, headers=_admin(client), timeout=300)
    assert r.status_code == 200, r.text
    try:
        assert client.get("/api/articles/test-crew-guideline:2").json()["document"]["kind"] == "guideline"
        answer = client.post("/api/ask", json={"question": "船员体检记录在不在负面清单上？走什么路径？"}).json()
        ids = [c["id"] for c in answer["citations"]]
        assert "test-crew-guideline#2" in ids and "sh-ftz-measures-2025#9" in ids, ids
        assert "操作指引与负面清单不一致（SH-C-02）" in answer["answer"] and "以负面清单为准" in answer["answer"]
        assert answer["degraded"] == []
    finally:
        removed = client.delete("/api/admin/documents/test-crew-guideline", headers=_admin(client), timeout=300)
        assert removed.status_code == 200, removed.text
