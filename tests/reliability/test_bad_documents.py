"""Bad documents through `chujing ingest` and the admin upload API: a clear error naming the file, nothing written
outside the data dir, nothing kept in it, and the serving index unchanged (CURRENT and a search result)."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import (
    ADMIN_TOKEN,
    REPO,
    Server,
    base_env,
    build_lexical_index,
    run_cli,
    start_server,
    stop_server,
)

SEED_PDFS = [REPO / "tests" / "fixtures" / "measures-seed.pdf", Path("/work/shared/fixtures/measures-seed.pdf")]
GBK_TEXT = (
    "测试数据管理暂行规定\n"
    "第一条 为了规范测试数据的出境活动，保护个人信息权益，制定本规定。\n"
    "第二条 数据处理者向境外提供测试数据，应当遵守本规定。\n"
    "第三条 本规定自发布之日起施行。\n"
)
PROBE = "数据出境安全评估"


def _blank_pdf(encrypt: bool = False) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if encrypt:
        writer.encrypt(user_password="", owner_password="owner-secret")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _text_pdf() -> bytes:
    for path in SEED_PDFS:
        if path.exists():
            return path.read_bytes()
    return _blank_pdf()


def bad_files(folder: Path) -> dict[str, tuple[Path, str]]:
    """name → (file, a phrase the error must contain)."""
    folder.mkdir(parents=True, exist_ok=True)
    pdf = _text_pdf()
    files = {
        "empty.pdf": (b"", "empty"),
        "empty.txt": (b"", "empty"),
        "notapdf.pdf": ("第一条 这其实是一段文本。".encode(), "not a PDF"),
        "truncated.pdf": (pdf[: len(pdf) // 3], "PDF"),
        "encrypted.pdf": (_blank_pdf(encrypt=True), "encrypted"),
        "scan.pdf": (_blank_pdf(), "no text layer"),
        "binary.txt": (bytes(range(256)) * 64, "binary"),
        "noarticles.txt": ("这是一段没有任何条文的说明文字。".encode(), "no articles"),
    }
    out = {}
    for name, (data, phrase) in files.items():
        path = folder / name
        path.write_bytes(data)
        out[name] = (path, phrase)
    return out


def snapshot(root: Path, skip: Path) -> dict[str, str]:
    """sha256 of every file under `root` outside `skip` (where writes are allowed)."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and skip not in path.parents:
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def upload_files(data_dir: Path) -> list[str]:
    uploads = data_dir / "uploads"
    return sorted(str(p.relative_to(uploads)) for p in uploads.rglob("*") if p.is_file()) if uploads.exists() else []


def search_ids(data_dir: Path) -> tuple[str, list[str]]:
    from ingest.corpus import load_corpus, uploads_root
    from retrieval.index import current_build_id, load_retriever
    from retrieval.settings import RetrievalSettings

    settings = RetrievalSettings(data_dir=data_dir, embeddings="none")
    uploads = uploads_root(data_dir)
    corpus = load_corpus(extra_roots=[uploads] if (uploads / "texts").is_dir() else [])
    hits = load_retriever(settings, corpus).search(PROBE, k=5)
    return str(current_build_id(settings)), [h.id for h in hits]


# --- chujing ingest ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_cli_ingest_refuses_each_bad_file_and_changes_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    build_lexical_index(data_dir)
    files = bad_files(tmp_path / "inputs")
    huge = tmp_path / "inputs" / "huge.txt"
    with huge.open("wb") as f:  # 50 MB that is not text: refused without being parsed
        f.write(b"\x00" * (50 * 1024 * 1024))
    files["huge.txt"] = (huge, "binary")
    before_tree = snapshot(tmp_path, data_dir)
    before_index = search_ids(data_dir)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    env = base_env(data_dir)
    # one run, every file: the command reports each bad file and keeps going
    proc = run_cli(["ingest", *[str(p) for p, _ in files.values()]], env)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    for name, (_path, phrase) in files.items():
        line = next((ln for ln in output.splitlines() if name in ln), None)
        assert line is not None, f"{name} not named in: {output}"
        assert phrase.lower() in line.lower() or phrase.lower() in output.lower(), (name, line)
    assert f"0 added, {len(files)} failed" in output
    assert "Traceback" not in output
    huge.unlink()
    files.pop("huge.txt")
    assert snapshot(tmp_path, data_dir) == {k: v for k, v in before_tree.items() if "huge.txt" not in k}
    assert upload_files(data_dir) == []
    assert search_ids(data_dir) == before_index


@pytest.mark.slow
def test_cli_ingest_refuses_a_doc_id_that_leaves_the_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    build_lexical_index(data_dir)
    source = tmp_path / "inputs" / "rules.txt"
    source.parent.mkdir()
    source.write_text(GBK_TEXT, encoding="utf-8")
    before_tree = snapshot(tmp_path, data_dir)
    env = base_env(data_dir)
    for doc_id in ("../../escaped", "../uploads-x", "a/b", "/etc/passwd"):
        proc = run_cli(["ingest", str(source), "--doc-id", doc_id, "--no-index"], env)
        assert proc.returncode == 1, proc.stdout + proc.stderr
        assert "rules.txt" in proc.stdout + proc.stderr and "doc_id" in proc.stdout + proc.stderr
    assert snapshot(tmp_path, data_dir) == before_tree
    assert upload_files(data_dir) == []
    # a path with ../ in it is just a path: the file lands under the data dir, named by its doc_id
    dotted = tmp_path / "inputs" / ".." / "inputs" / "rules.txt"
    proc = run_cli(["ingest", str(dotted), "--no-index"], env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert upload_files(data_dir) == ["texts/rules.md"]
    assert snapshot(tmp_path, data_dir) == before_tree


@pytest.mark.slow
def test_cli_ingests_gbk_text(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    build_lexical_index(data_dir)
    source = tmp_path / "gbk-rules.txt"
    source.write_bytes(GBK_TEXT.encode("gbk"))
    proc = run_cli(["ingest", str(source), "--doc-id", "gbk-rules", "--no-index"], base_env(data_dir))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "gbk-rules: 3 articles" in proc.stdout
    stored = (data_dir / "uploads" / "texts" / "gbk-rules.md").read_text(encoding="utf-8")
    assert "为了规范测试数据的出境活动" in stored


# --- the admin upload API ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def upload_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("rel-upload") / "data"
    build_lexical_index(data_dir)
    log_path = tmp_path_factory.mktemp("rel-upload-log") / "server.log"  # outside the tree the test snapshots
    server = start_server(data_dir, log_path, extra_env={"CHUJING_ADMIN_TOKEN": ADMIN_TOKEN})
    try:
        yield server
    finally:
        stop_server(server)


def _state(client: httpx.Client, data_dir: Path) -> tuple[str, str | None, list[str]]:
    current = (data_dir / "index" / "CURRENT").read_text()
    build = client.get("/healthz").json()["index_build_id"]
    hits = [h["id"] for h in client.post("/api/search", json={"query": PROBE, "k": 5}).json()]
    return current, build, hits


def _upload(client: httpx.Client, name: str, data: bytes | io.IOBase, **form: str) -> httpx.Response:
    return client.post("/api/admin/documents", files={"file": (name, data, "application/octet-stream")}, data=form,
                       headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})


@pytest.mark.server
@pytest.mark.slow
def test_api_upload_refuses_each_bad_file_and_changes_nothing(upload_server: Server, tmp_path: Path) -> None:
    data_dir = upload_server.data_dir
    files = bad_files(tmp_path / "inputs")
    outside = data_dir.parent
    before_tree = snapshot(outside, data_dir)
    with httpx.Client(base_url=upload_server.base, timeout=120) as client:
        before = _state(client, data_dir)
        for name, (path, phrase) in files.items():
            r = _upload(client, name, path.read_bytes(), doc_id="bad-upload")
            assert 400 <= r.status_code < 500, (name, r.status_code, r.text)
            detail = r.json()["detail"]
            assert name in detail, (name, detail)
            assert phrase.lower() in detail.lower(), (name, detail)
        for evil in ("../../evil.md", "..\\evil.md", "/etc/evil.md", "sub/evil.md", ".hidden.md", "evil.exe"):
            r = _upload(client, evil, GBK_TEXT.encode(), doc_id="evil")
            assert r.status_code in (400, 415), (evil, r.text)
            assert "file name" in r.json()["detail"] or "unsupported" in r.json()["detail"]
        # 50 MB, streamed: refused with 413 before it is buffered or written
        big = io.BytesIO(b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024))
        r = _upload(client, "big.pdf", big, doc_id="big-upload")
        assert r.status_code == 413, r.text[:300]
        assert "too large" in r.json()["detail"]
        assert _state(client, data_dir) == before
    assert upload_files(data_dir) == []
    assert snapshot(outside, data_dir) == before_tree
    staging = data_dir / "uploads" / ".staging"
    assert not staging.exists() or not any(staging.iterdir())


@pytest.mark.server
@pytest.mark.slow
def test_api_upload_of_gbk_text_is_ingested_and_served(upload_server: Server) -> None:
    with httpx.Client(base_url=upload_server.base, timeout=120) as client:
        before = _state(client, upload_server.data_dir)
        r = _upload(client, "gbk-rules.txt", GBK_TEXT.encode("gbk"), doc_id="gbk-rules", title="测试数据管理暂行规定")
        assert r.status_code == 200, r.text
        assert r.json()["articles"] == 3
        article = client.get("/api/articles/gbk-rules:1").json()
        assert "为了规范测试数据的出境活动" in article["text"]
        assert _state(client, upload_server.data_dir)[1] != before[1]  # a new build serves
        removed = client.delete("/api/admin/documents/gbk-rules", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
        assert removed.status_code == 200, removed.text
    assert json.loads(json.dumps(upload_files(upload_server.data_dir))) == []
