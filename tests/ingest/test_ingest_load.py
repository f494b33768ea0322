"""Reading source files: PDF end to end, encodings, and a clear IngestError naming each bad file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from ingest_testkit import MEASURES, SEED_PDF
from pypdf import PdfWriter

from ingest.corpus import Corpus, parse_body
from ingest.errors import IngestError
from ingest.load import decode_text, load_file

TEXT = "第一条 为了保护个人信息权益，制定本办法。\n第二条 本办法自公布之日起施行。\n"


def test_seed_pdf_gives_the_same_21_articles(repo_corpus: Corpus) -> None:
    loaded = load_file(SEED_PDF)
    assert loaded.format == "pdf" and loaded.pages == 4
    document = repo_corpus.documents[MEASURES]
    parsed = parse_body(loaded.text, document)
    seed = repo_corpus.articles_of(MEASURES)
    assert [(a.number, a.label, a.chapter) for a in parsed.articles] == [(a.number, a.label, a.chapter) for a in seed]
    assert len(parsed.chapters) == 6
    for from_pdf, from_seed in zip(parsed.articles, seed, strict=True):
        # The PDF runs an article's paragraphs together mid-line (e.g. "…活动。上海市公安局…" in art. 5), so
        # its paragraph breaks cannot be recovered; everything else is identical, label spacing included.
        assert from_pdf.text.replace("\n", "") == from_seed.text.replace("\n", ""), from_seed.id
        if len(from_seed.paragraphs) == 1:
            assert from_pdf.text == from_seed.text
    assert parsed.articles[7].text == repo_corpus.article(MEASURES, 8).text


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _pdf(encrypt: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if encrypt:
        writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.md", b"  \n\n ", "file is empty"),
        ("notes.pdf", "第一条 这其实是文本。".encode(), "not a PDF"),
        ("truncated.pdf", SEED_PDF.read_bytes()[:20000], "damaged or truncated PDF"),
        ("locked.pdf", _pdf(encrypt=True), "encrypted"),
        ("scan.pdf", _pdf(), "no text layer"),
        ("binary.txt", bytes(range(256)) * 4, "binary data"),
        ("table.docx", b"PK\x03\x04", "unsupported file type"),
    ],
)
def test_bad_files_raise_ingest_error_naming_the_file(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = _write(tmp_path / name, data)
    with pytest.raises(IngestError) as caught:
        load_file(path)
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}: ")
    assert reason in caught.value.reason


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="file not found"):
        load_file(tmp_path / "nope.txt")


def test_undecodable_text_says_what_was_tried(tmp_path: Path) -> None:
    # Bytes that are neither UTF-8 nor a valid GB18030 sequence.
    path = _write(tmp_path / "bad.txt", "第一条 ".encode() + b"\x81\x30\xff\xfe\x80\xff")
    with pytest.raises(IngestError) as caught:
        load_file(path)
    assert "utf-8, utf-8-sig, gb18030" in caught.value.reason


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    loaded = load_file(_write(tmp_path / "doc.txt", data))
    assert loaded.encoding == encoding
    assert loaded.text == TEXT


def test_decode_text_prefers_utf8(tmp_path: Path) -> None:
    assert decode_text(tmp_path / "x.txt", "第八条".encode()) == ("第八条", "utf-8")
