from __future__ import annotations

from pathlib import Path

import numpy as np
from retrieval_testkit import MiniCorpus

from retrieval.lexical import LexicalIndex
from retrieval.units import lexical_text


def _index(corpus: MiniCorpus) -> LexicalIndex:
    articles = list(corpus.articles.values())
    return LexicalIndex.build([a.id for a in articles], [lexical_text(a) for a in articles])


def _top(index: LexicalIndex, query: str) -> str:
    scores = index.scores(query)
    return index.ids[int(np.argmax(scores))]


def test_bm25_ranks_the_article_sharing_the_wording(mini_corpus: MiniCorpus) -> None:
    index = _index(mini_corpus)
    assert _top(index, "负面清单外的数据可以免予申报吗") == "sh-ftz-measures-2025#8"
    assert _top(index, "跨境人力资源管理 员工个人信息") == "cac-provisions-2024#5"
    assert _top(index, "关键信息基础设施 境内存储") == "csl-2016#37"


def test_english_queries_reach_chinese_articles_through_the_glossary(mini_corpus: MiniCorpus) -> None:
    index = _index(mini_corpus)
    assert _top(index, "separate consent before transferring personal information abroad") == "pipl-2021#39"


def test_query_without_known_terms_scores_zero(mini_corpus: MiniCorpus) -> None:
    index = _index(mini_corpus)
    assert not index.scores("zzzz qqqq").any()
    assert not index.scores("").any()


def test_save_and_load_round_trip(mini_corpus: MiniCorpus, tmp_path: Path) -> None:
    index = _index(mini_corpus)
    index.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex")
    assert loaded.ids == index.ids
    assert loaded.tokenizer.name == "bigram"
    query = "数据出境安全事件 报告"
    np.testing.assert_allclose(loaded.scores(query), index.scores(query))


def test_loaded_scores_equal_bm25s_own_scores(mini_corpus: MiniCorpus, tmp_path: Path) -> None:
    """The numpy query scorer over the saved arrays gives what bm25s itself computes, repeated terms included."""
    import bm25s

    index = _index(mini_corpus)
    index.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex")
    reference = bm25s.BM25.load(str(tmp_path / "lex"))
    for query in ("数据出境安全事件 报告", "个人信息 个人信息 境外 separate consent", "负面清单外的数据可以免予申报吗"):
        terms = [t for t in loaded.query_terms(query) if t in reference.vocab_dict]
        assert terms, query
        np.testing.assert_allclose(loaded.scores(query), reference.get_scores(terms), rtol=1e-6)
