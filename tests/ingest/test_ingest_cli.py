"""`chujing ingest` and `chujing articles` through the real Typer app (private data dir, no network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ingest_testkit import MEASURES, SEED_PDF
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def test_ingest_without_paths_reports_counts(data_dir: Path) -> None:
    result = runner.invoke(app, ["ingest", "--no-index"])
    assert result.exit_code == 0, result.output
    assert "13 documents, 507 articles" in result.output
    assert "sh-ftz-measures-2025" in result.output


def test_ingest_without_paths_builds_the_index(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHUJING_EMBEDDINGS", "none")  # the lexical side only: fast, and still a real build
    result = runner.invoke(app, ["ingest"])
    assert result.exit_code == 0, result.output
    assert "search index: rebuilt" in result.output
    assert (data_dir / "index" / "CURRENT").is_file()


def test_ingest_paths_adds_good_files_and_names_bad_ones(tmp_path: Path, data_dir: Path) -> None:
    good = tmp_path / "guide.txt"
    good.write_text("第一条 为了指导工作，制定本指引。\n第二条 本指引自发布之日起施行。\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "--no-index", "--status", "illustrative", str(good), str(empty), str(fake), str(SEED_PDF)])
    assert result.exit_code == 1
    assert f"{empty}: file is empty" in result.output
    assert f"{fake}: not a PDF" in result.output
    assert "guide: 2 articles (illustrative)" in result.output
    assert "measures-seed: 21 articles" in result.output
    assert "2 added, 2 failed" in result.output
    assert (data_dir / "uploads" / "texts" / "guide.md").is_file()
    assert (data_dir / "uploads" / "texts" / "measures-seed.md").is_file()


def test_ingest_one_file_with_metadata(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "g.md"
    path.write_text("第一条 甲。\n", encoding="utf-8")
    args = ["ingest", "--no-index", "--doc-id", "my-guide", "--title", "我的指引", "--kind", "guideline",
            "--issuer", "某局", "--issued", "2025-01-02", "--effective", "2025-02-01", "--source", "内部", str(path)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["articles", "show", "my-guide#1", "--json"])
    data = json.loads(shown.output)
    assert data["document"]["title"] == "我的指引" and data["document"]["effective"] == "2025-02-01"


def test_doc_id_with_several_files_is_refused(tmp_path: Path, data_dir: Path) -> None:
    result = runner.invoke(app, ["ingest", "--doc-id", "x", str(SEED_PDF), str(SEED_PDF)])
    assert result.exit_code != 0


def test_duplicate_repo_doc_id_fails_cleanly(data_dir: Path) -> None:
    result = runner.invoke(app, ["ingest", "--no-index", "--doc-id", MEASURES, str(SEED_PDF)])
    assert result.exit_code == 1
    assert "already in the repository corpus" in result.output


def test_yaml_list_is_delegated_to_the_list_validator(tmp_path: Path, data_dir: Path) -> None:
    sample = Path(__file__).resolve().parents[2] / "corpus" / "lists" / "sh-ftz-negative-list-2024-sample.yaml"
    result = runner.invoke(app, ["ingest", "--no-index", str(sample)])
    assert result.exit_code == 0, result.output
    assert (data_dir / "uploads" / "lists" / "sh-ftz-negative-list-2024-sample.yaml").is_file()
    broken = tmp_path / "broken.yaml"
    broken.write_text("list_id: x\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "--no-index", str(broken)])
    assert result.exit_code == 1
    assert str(broken) in result.output


def test_articles_show(data_dir: Path) -> None:
    result = runner.invoke(app, ["articles", "show", f"{MEASURES}#8"])
    assert result.exit_code == 0
    assert "第三章 负面清单实施与管理" in result.output and "in_force" in result.output
    assert "第八条 在上海自由贸易试验区及临港新片区注册的数据处理者" in result.output
    data = json.loads(runner.invoke(app, ["articles", "show", "cac-provisions-2024#5", "--json"]).output)
    assert data["id"] == "cac-provisions-2024#5" and data["label"] == "第五条"
    assert len(data["paragraphs"][0]["items"]) == 4 and data["document"]["status"] == "in_force"


def test_articles_show_superseded_says_so(data_dir: Path) -> None:
    result = runner.invoke(app, ["articles", "show", "csl-2016#37"])
    assert "superseded" in result.output and "art. 39" in result.output


def test_articles_show_unknown(data_dir: Path) -> None:
    result = runner.invoke(app, ["articles", "show", f"{MEASURES}#99"])
    assert result.exit_code == 1


def test_articles_list(data_dir: Path) -> None:
    result = runner.invoke(app, ["articles", "list", "pipl-2021", "--json"])
    rows = json.loads(result.output)
    assert len(rows) == 74 and rows[37]["chapter"] == "第三章 个人信息跨境提供的规则"
    text = runner.invoke(app, ["articles", "list", "促进规定"])
    assert text.exit_code == 0 and "cac-provisions-2024#14" in text.output
    assert runner.invoke(app, ["articles", "list", "no-such-doc"]).exit_code == 1
