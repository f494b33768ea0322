"""Adding, marking and removing uploaded documents under <data_dir>/uploads/."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_testkit import MEASURES, SEED_PDF

from ingest.corpus import (
    add_document,
    default_corpus,
    load_corpus,
    mark_document,
    remove_document,
    split_front_matter,
)
from ingest.errors import IngestError

GUIDE = (
    "某某操作指引（试行）\n\n第一条 为了指导数据处理者开展数据出境活动，\n\n制定本指引。\n\n- 1 -\n\n"
    "第二条 数据处理者应当：\n（一）识别数据；\n（二）报告情况。\n前款规定的报告，\n应当及时提交。\n"
)


def _guide(tmp_path: Path, name: str = "guide.txt", text: str = GUIDE) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_add_document_writes_a_cleaned_corpus_file(tmp_path: Path, data_dir: Path) -> None:
    doc = add_document(_guide(tmp_path), {"doc_id": "sh-guide-2025", "title": "某某操作指引（试行）", "kind": "guideline"}, data_dir)
    stored = data_dir / "uploads" / "texts" / "sh-guide-2025.md"
    assert stored.is_file() and doc.doc_id == "sh-guide-2025"
    meta, body = split_front_matter(stored.read_text(encoding="utf-8"), stored)
    assert meta["title"] == "某某操作指引（试行）" and meta["status"] == "in_force"
    assert "- 1 -" not in body
    assert "第一条 为了指导数据处理者开展数据出境活动，制定本指引。" in body.splitlines()
    corpus = default_corpus()
    assert MEASURES in corpus.documents  # the repo corpus is still there
    art2 = corpus.article("sh-guide-2025", 2)
    assert len(art2.paragraphs) == 2 and len(art2.paragraphs[0].items) == 2
    assert art2.paragraphs[1].text == "前款规定的报告，应当及时提交。"
    assert corpus.documents["sh-guide-2025"].path == str(stored.resolve())
    assert not list(stored.parent.glob("*.tmp"))


def test_metadata_keywords_and_defaults(tmp_path: Path, data_dir: Path) -> None:
    doc = add_document(_guide(tmp_path, "Ops Guide 2025.txt"), data_dir=data_dir, status="illustrative", issuer="某管委会")
    assert doc.doc_id == "ops-guide-2025"
    assert doc.title == "某某操作指引（试行）"  # first heading-like line of the text
    assert (doc.status, doc.issuer, doc.kind) == ("illustrative", "某管委会", "guideline")


def test_pdf_upload(tmp_path: Path, data_dir: Path) -> None:
    add_document(SEED_PDF, {"doc_id": "measures-from-pdf", "title": "PDF 版管理办法", "kind": "measures"}, data_dir)
    corpus = load_corpus(extra_roots=[data_dir / "uploads"])
    assert len(corpus.articles_of("measures-from-pdf")) == 21
    assert corpus.article("measures-from-pdf", 8).text == corpus.article(MEASURES, 8).text


@pytest.mark.parametrize("doc_id", ["../evil", "a/b", "..", "UPPER", "with space", "", "x" * 81, ".hidden"])
def test_unsafe_doc_ids_are_refused(tmp_path: Path, data_dir: Path, doc_id: str) -> None:
    path = _guide(tmp_path)
    if doc_id == "":
        path = _guide(tmp_path, "中文名.txt")  # no usable id from the file name either
    with pytest.raises(IngestError):
        add_document(path, {"doc_id": doc_id}, data_dir)
    assert not (data_dir / "uploads").exists() or not list((data_dir / "uploads").rglob("*.md"))
    assert not (tmp_path / "evil.md").exists()


def test_repo_doc_ids_need_replace(tmp_path: Path, data_dir: Path) -> None:
    with pytest.raises(IngestError, match="already in the repository corpus"):
        add_document(_guide(tmp_path), {"doc_id": MEASURES, "title": "x"}, data_dir)
    add_document(SEED_PDF, {"doc_id": MEASURES, "title": "中国（上海）自由贸易试验区及临港新片区数据出境负面清单管理办法（试行）",
                            "kind": "measures"}, data_dir, replace=True)
    corpus = default_corpus()
    assert corpus.documents[MEASURES].path == str((data_dir / "uploads" / "texts" / f"{MEASURES}.md").resolve())
    assert len(corpus.articles_of(MEASURES)) == 21


def test_uploaded_duplicates_need_replace(tmp_path: Path, data_dir: Path) -> None:
    add_document(_guide(tmp_path), {"doc_id": "g1"}, data_dir)
    with pytest.raises(IngestError, match="already uploaded"):
        add_document(_guide(tmp_path), {"doc_id": "g1"}, data_dir)
    add_document(_guide(tmp_path), {"doc_id": "g1", "title": "新标题"}, data_dir, replace=True)
    assert default_corpus().documents["g1"].title == "新标题"


def test_text_without_articles_is_refused(tmp_path: Path, data_dir: Path) -> None:
    with pytest.raises(IngestError, match="no articles"):
        add_document(_guide(tmp_path, text="只是一段说明文字。\n没有条文。\n"), {"doc_id": "prose"}, data_dir)


def test_unknown_metadata_and_bad_status(tmp_path: Path, data_dir: Path) -> None:
    with pytest.raises(IngestError, match="unknown metadata"):
        add_document(_guide(tmp_path), {"doc_id": "g2", "colour": "red"}, data_dir)
    with pytest.raises(IngestError, match="status"):
        add_document(_guide(tmp_path), {"doc_id": "g2", "status": "maybe"}, data_dir)


def test_mark_and_remove(tmp_path: Path, data_dir: Path) -> None:
    add_document(_guide(tmp_path), {"doc_id": "g3"}, data_dir)
    doc = mark_document("g3", "superseded", data_dir, repealed="2026-01-01")
    assert doc.status == "superseded" and str(doc.repealed) == "2026-01-01"
    default_corpus.cache_clear()
    assert default_corpus().documents["g3"].status == "superseded"
    assert len(default_corpus().articles_of("g3")) == 2
    with pytest.raises(IngestError):
        mark_document("g3", "bogus", data_dir)
    remove_document("g3", data_dir)
    default_corpus.cache_clear()
    assert "g3" not in default_corpus().documents
    with pytest.raises(IngestError, match="no uploaded document"):
        remove_document("g3", data_dir)
    with pytest.raises(IngestError, match="no uploaded document"):
        remove_document(MEASURES, data_dir)  # repository documents are not removable
    with pytest.raises(IngestError):
        remove_document("../../etc/passwd", data_dir)


def test_markdown_with_front_matter_keeps_its_metadata(tmp_path: Path, data_dir: Path) -> None:
    text = "---\ndoc_id: fm-doc\ntitle: 前置元数据办法\nkind: measures\nissuer: 某局\nissued: 2025-03-01\n---\n" + GUIDE
    doc = add_document(_guide(tmp_path, "fm.md", text), data_dir=data_dir, status="partial")
    assert (doc.doc_id, doc.title, doc.kind, doc.status, str(doc.issued)) == ("fm-doc", "前置元数据办法", "measures", "partial", "2025-03-01")


def test_a_damaged_upload_is_skipped_not_fatal(tmp_path: Path, data_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    add_document(_guide(tmp_path), {"doc_id": "good-one"}, data_dir)
    broken = data_dir / "uploads" / "texts" / "broken.md"
    broken.write_text("no front matter here\n", encoding="utf-8")
    corpus = default_corpus()
    assert "good-one" in corpus.documents and "broken" not in corpus.documents
    assert "broken.md" in caplog.text


def test_bad_dates_name_the_source_file(tmp_path: Path, data_dir: Path) -> None:
    path = _guide(tmp_path)
    with pytest.raises(IngestError) as caught:
        add_document(path, {"doc_id": "dated", "issued": "last tuesday"}, data_dir)
    assert caught.value.path == path and "issued" in caught.value.reason


def test_a_broken_repo_corpus_file_is_fatal(tmp_path: Path) -> None:
    texts = tmp_path / "corpus" / "texts"
    texts.mkdir(parents=True)
    (texts / "x.md").write_text("---\ndoc_id: y\n---\n第一条 甲。\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        load_corpus(tmp_path / "corpus")
    assert caught.value.path == texts / "x.md"


def test_aliases_from_a_single_string(tmp_path: Path, data_dir: Path) -> None:
    doc = add_document(_guide(tmp_path), {"doc_id": "aliased", "aliases": "操作指引, the Guide；指引"}, data_dir)
    assert doc.aliases == ["操作指引", "the Guide", "指引"]
    assert default_corpus().find_document("the guide") is not None


def test_pdf_title_is_guessed_from_its_first_lines(tmp_path: Path, data_dir: Path) -> None:
    doc = add_document(SEED_PDF, {"doc_id": "pdf-title"}, data_dir)
    assert doc.title == "中国（上海）自由贸易试验区及临港新片区数据出境负面清单管理办法（试行）"


def test_corpus_dir_from_the_environment(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    texts = tmp_path / "other-corpus" / "texts"
    texts.mkdir(parents=True)
    (texts / "only-one.md").write_text(
        "---\ndoc_id: only-one\ntitle: 唯一办法\nshort_title: 唯一\nkind: measures\nissuer: 某局\nstatus: in_force\nsource: test\n---\n"
        "第一条 甲。\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CHUJING_CORPUS_DIR", str(tmp_path / "other-corpus"))
    default_corpus.cache_clear()
    corpus = default_corpus()
    assert list(corpus.documents) == ["only-one"]
    assert corpus.documents["only-one"].path == "texts/only-one.md"
