"""Retrieval behaviour over an index of the mini corpus, run against embedded Chroma and a `chroma run` server."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from retrieval_testkit import MiniCorpus

from retrieval.hybrid import FusionSettings, HybridRetriever
from retrieval.index import load_retriever, reset_cache
from retrieval.settings import RetrievalSettings


@pytest.fixture
def retriever(mini_index: Path, chroma_mode: str | None, mini_corpus: MiniCorpus) -> HybridRetriever:
    reset_cache()
    r = load_retriever(RetrievalSettings(data_dir=mini_index, chroma_url=chroma_mode), corpus=mini_corpus)
    assert r.dense is not None and r.degraded == []
    return r


@pytest.mark.parametrize(
    ("query", "gold"),
    [
        ("负面清单外的数据出境还要申报安全评估吗", "sh-ftz-measures-2025#8"),
        ("我们要把员工的个人信息传给海外总部做人事管理", "cac-provisions-2024#5"),
        ("发生数据出境安全事件要向谁报告", "sh-ftz-measures-2025#10"),
        ("Do we have to tell people and get their separate consent before sending their data overseas?", "pipl-2021#39"),
        ("Who must report data export incidents to the Lingang administration?", "sh-ftz-measures-2025#10"),
        ("150,000 customers' personal information to a foreign parent: standard contract?", "cac-provisions-2024#8"),
    ],
)
def test_search_finds_the_article(retriever: HybridRetriever, query: str, gold: str) -> None:
    hits = retriever.search(query, k=3)
    assert gold in [h.id for h in hits]
    assert all(h.status == "in_force" for h in hits)
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_each_signal_alone_also_ranks(retriever: HybridRetriever) -> None:
    query = "跨境购物需要把个人信息提供给境外商家"
    for mode in ("lexical", "dense", "fused"):
        ranked = retriever.rank(query, mode=mode)
        assert ranked and ranked[0][0].id == "cac-provisions-2024#5", mode


def test_superseded_documents_only_when_asked(retriever: HybridRetriever) -> None:
    query = "关键信息基础设施运营者收集的个人信息应当在境内存储"
    assert "csl-2016#37" not in [h.id for h in retriever.search(query, k=10)]
    assert retriever.search(query, k=1, statuses=("in_force", "superseded"))[0].id == "csl-2016#37"
    assert "csl-2016#37" in [h.id for h in retriever.search(query, k=10, statuses=None)]


def test_as_of_excludes_documents_not_yet_in_force_or_repealed(retriever: HybridRetriever) -> None:
    query = "向境外提供个人信息"
    before_provisions = retriever.search(query, k=10, statuses=None, as_of=date(2023, 1, 1))
    ids = {h.doc_id for h in before_provisions}
    assert "cac-provisions-2024" not in ids and "sh-ftz-measures-2025" not in ids
    assert "csl-2016" in ids
    after_repeal = retriever.search("关键信息基础设施 境内存储", k=10, statuses=None, as_of=date(2026, 6, 1))
    assert "csl-2016" not in {h.doc_id for h in after_repeal}


def test_kind_and_document_filters(retriever: HybridRetriever) -> None:
    laws = retriever.search("个人信息 境外", k=10, kinds=["law"])
    assert laws and {h.doc_id for h in laws} == {"pipl-2021"}
    only_m = retriever.search("个人信息 境外", k=10, doc_ids=["sh-ftz-measures-2025"])
    assert only_m and {h.doc_id for h in only_m} == {"sh-ftz-measures-2025"}


def test_named_articles_come_first(retriever: HybridRetriever) -> None:
    assert retriever.search("第八条讲了什么", k=3)[0].id == "sh-ftz-measures-2025#8"
    assert retriever.search("促进规定第五条", k=3)[0].id == "cac-provisions-2024#5"
    assert retriever.search("Article 10 of the Shanghai Measures", k=3)[0].id == "sh-ftz-measures-2025#10"
    assert [a.id for a in retriever.lookup("PIPL art. 39 and P7")] == ["pipl-2021#39", "cac-provisions-2024#7"]
    # Named explicitly, a superseded article is returned even under the default status filter.
    assert retriever.search("网络安全法（2016）第三十七条", k=1)[0].id == "csl-2016#37"


def test_lookup_of_absent_article_is_empty(retriever: HybridRetriever) -> None:
    assert retriever.lookup("第九十九条") == []
    assert retriever.lookup("数据出境要申报吗") == []


def test_hits_carry_the_verbatim_article(retriever: HybridRetriever, mini_corpus: MiniCorpus) -> None:
    hit = retriever.search("负面清单外的数据", k=1)[0]
    article = mini_corpus.articles[hit.id]
    assert (hit.text, hit.title, hit.label, hit.article) == (article.text, article.document.title, article.label, article.number)
    payload = hit.model_dump()
    assert {"doc_id", "title", "article", "label", "score", "text"} <= payload.keys()


def test_rrf_fusion_also_works(retriever: HybridRetriever) -> None:
    rrf = HybridRetriever(
        retriever.corpus, retriever.lexical, retriever.dense, FusionSettings(method="rrf", lexical_weight=1, dense_weight=1)
    )
    assert rrf.search("负面清单外的数据免予申报", k=1)[0].id == "sh-ftz-measures-2025#8"


def test_named_document_boost_applies_to_a_single_named_document(retriever: HybridRetriever) -> None:
    one = retriever._document_weights("PIPL 跨境提供的条件")
    rows = [a.doc_id if a else None for a in retriever._row_articles]
    assert {rows[i] for i in range(len(rows)) if one[i] > 1} == {"pipl-2021"}
    both = retriever._document_weights("个人信息保护法和促进规定不一样的时候以哪个为准")
    # Naming two documents boosts neither; only the small core prior remains.
    assert {rows[i] for i in range(len(rows)) if both[i] > 1} == set(retriever.fusion.core_documents)
    assert both.max() == pytest.approx(1 + retriever.fusion.core_prior)


def test_core_prior_applies_only_when_no_single_document_is_named(retriever: HybridRetriever) -> None:
    rows = [a.doc_id if a else None for a in retriever._row_articles]
    plain = retriever._document_weights("数据出境要不要申报安全评估")
    boosted = {rows[i] for i in range(len(rows)) if plain[i] > 1}
    assert boosted == {"sh-ftz-measures-2025", "cac-provisions-2024"}
    assert plain.max() == pytest.approx(1 + retriever.fusion.core_prior)
    named = retriever._document_weights("PIPL 跨境提供的条件")
    assert {rows[i] for i in range(len(rows)) if named[i] > 1} == {"pipl-2021"}
    off = HybridRetriever(retriever.corpus, retriever.lexical, retriever.dense, FusionSettings(core_prior=0))
    assert (off._document_weights("数据出境要不要申报安全评估") == 1).all()


def test_a_named_documents_name_does_not_score_lexically(retriever: HybridRetriever) -> None:
    # The boost carries the name; its bigrams would otherwise match the prefix of every article of the document.
    mask = retriever._mask(None, None, None, None)
    rows = [a.doc_id if a else None for a in retriever._row_articles]
    in_m = [i for i in range(len(rows)) if rows[i] == "sh-ftz-measures-2025"]
    with_name = retriever.lexical_scores("上海自贸区负面清单管理办法", mask)
    assert all(with_name[i] == 0 for i in in_m)
    unboosted = HybridRetriever(retriever.corpus, retriever.lexical, retriever.dense, FusionSettings(named_document_boost=0))
    assert all(unboosted.lexical_scores("上海自贸区负面清单管理办法", mask)[i] > 0 for i in in_m)


def test_signal_query_blanks_the_name_only_when_the_boost_carries_it(retriever: HybridRetriever) -> None:
    assert "促进" not in retriever.signal_query("促进规定里的免予申报情形")
    # Two documents named: no boost, so the names stay evidence for both signals.
    two = "个人信息保护法和促进规定不一样的时候以哪个为准"
    assert retriever.signal_query(two) == two
    unboosted = HybridRetriever(retriever.corpus, retriever.lexical, retriever.dense, FusionSettings(named_document_boost=0))
    assert unboosted.signal_query("促进规定里的免予申报情形") == "促进规定里的免予申报情形"


def test_query_cache_is_bounded_lru_and_counts_hits() -> None:
    import numpy as np

    from retrieval.hybrid import QueryVectorCache

    embedded: list[str] = []

    def embed(text: str) -> np.ndarray:
        embedded.append(text)
        return np.full(3, float(len(embedded)), dtype=np.float32)

    cache = QueryVectorCache(2)
    a = cache.get("a", embed)
    assert cache.get("a", embed) is a and embedded == ["a"]
    cache.get("b", embed)
    cache.get("a", embed)  # "a" is now the most recent: "b" goes first
    cache.get("c", embed)
    assert len(cache) == 2 and (cache.hits, cache.misses) == (2, 3)
    cache.get("b", embed)
    assert embedded == ["a", "b", "c", "b"]
    assert not a.flags.writeable  # a caller cannot corrupt what later requests get
    off = QueryVectorCache(0)
    off.get("a", embed)
    off.get("a", embed)
    assert len(off) == 0 and embedded[-2:] == ["a", "a"]


def test_cached_query_vector_gives_the_same_ranking(mini_index: Path, chroma_mode: str | None, mini_corpus: MiniCorpus) -> None:
    """The cache sits in the real embedding path: a repeated question is embedded once and ranks identically."""
    reset_cache()
    cached = load_retriever(RetrievalSettings(data_dir=mini_index, chroma_url=chroma_mode, query_cache_size=8), corpus=mini_corpus)
    uncached = load_retriever(RetrievalSettings(data_dir=mini_index, chroma_url=chroma_mode, query_cache_size=0), corpus=mini_corpus)
    query = "负面清单外的数据出境还要申报安全评估吗"
    first = cached.search(query, k=5)
    assert cached.query_cache.misses == 1 and cached.query_cache.hits == 0
    assert cached.search(query, k=5) == first == uncached.search(query, k=5)
    assert cached.query_cache.hits == 1 and len(uncached.query_cache) == 0


def test_long_questions_embed_a_bounded_text(retriever: HybridRetriever) -> None:
    """The dense side embeds at most `dense_max_chars` characters and `dense_max_cjk` CJK characters of the expanded
    query (its opening); lexical scoring sees all of it."""
    long = "我们是临港新片区的企业，" * 30 + "负面清单外的数据出境还要申报安全评估吗"
    text = retriever.dense_text(long)
    assert text == long[: retriever.fusion.dense_max_cjk]
    english = "We are a reinsurance company registered in Lingang and want to send data abroad. " * 5
    assert retriever.dense_text(english) == english[: retriever.fusion.dense_max_chars]
    mixed = "A临港数据" * 40  # 48 CJK characters come before 96 characters
    cut = retriever.dense_text(mixed)
    assert mixed.startswith(cut) and sum(ch >= "\u2e80" for ch in cut) == retriever.fusion.dense_max_cjk
    assert len(retriever.dense_text(mixed[:40])) == 40  # short questions are embedded whole
    assert retriever.dense_text("第八条") == "第八条"
    assert "sh-ftz-measures-2025#8" in [h.id for h in retriever.search(long, k=5)]


def test_superseded_article_ranks_just_below_its_replacement(retriever: HybridRetriever) -> None:
    query = "累计10万人以上、不满100万人个人信息 订立个人信息出境标准合同"
    plain = [a.id for a, _ in retriever.rank(query)]
    assert plain[0] == "cac-provisions-2024#8"
    # Pretend P7 replaced P8 (P13's relation between A4 and P7): P8 now follows P7 directly, still listed.
    swapped = HybridRetriever(retriever.corpus, retriever.lexical, retriever.dense,
                              FusionSettings(superseded_by={"cac-provisions-2024#8": ("cac-provisions-2024#7",)}))
    ranked = [a.id for a, _ in swapped.rank(query)]
    assert ranked.index("cac-provisions-2024#8") == ranked.index("cac-provisions-2024#7") + 1
    assert set(ranked) == set(plain)


def test_boost_ids_come_first_in_the_given_order(retriever: HybridRetriever) -> None:
    query = "负面清单外的数据出境还要申报安全评估吗"
    plain = [h.id for h in retriever.search(query, k=4)]
    boosted = [h.id for h in retriever.search(query, k=4, boost_ids=["pipl-2021#39", "cac-provisions-2024#7", "nope#1"])]
    assert boosted[:2] == ["pipl-2021#39", "cac-provisions-2024#7"]
    assert boosted[2:] == [a for a in plain if a not in boosted[:2]][:2]
    # a named article still comes first; a boosted id outside the filters is skipped
    named = [h.id for h in retriever.search("第十条", k=3, boost_ids=["csl-2016#37", "cac-provisions-2024#5"])]
    assert named[0] == "sh-ftz-measures-2025#10" and "csl-2016#37" not in named and named[1] == "cac-provisions-2024#5"


def test_lowest_among_flattens_only_the_given_scored_rows() -> None:
    import numpy as np

    from retrieval.hybrid import _lowest_among

    scores = np.array([0.9, 0.5, np.nan, 0.7, 0.8])
    rows = np.array([True, True, True, False, False])
    out = _lowest_among(scores, rows)
    assert out[0] == out[1] == out[2] == 0.5
    assert out[3] == 0.7 and out[4] == 0.8
    assert np.isnan(_lowest_among(np.array([np.nan, 0.4]), np.array([True, False]))[0])
    assert scores[0] == 0.9  # the input is not altered


def test_dense_text_puts_a_question_class_wording_first(retriever: HybridRetriever) -> None:
    text = retriever.dense_text("境外的同事远程登录我们的系统查看数据，这算不算出境？")
    assert text.startswith("向中华人民共和国境外提供个人信息")
    off = retriever.fusion.model_copy(update={"dense_class_first": False})
    retriever.fusion, saved = off, retriever.fusion
    try:
        assert retriever.dense_text("境外的同事远程登录我们的系统查看数据，这算不算出境？").startswith("境外的同事")
    finally:
        retriever.fusion = saved


def test_route_documents_step_back_unless_their_route_is_named(retriever: HybridRetriever) -> None:
    fusion = FusionSettings(core_prior=0, route_documents={"pipl-2021": r"个人信息保护法|PIPL"}, route_prior=0.8)
    routed = HybridRetriever(retriever.corpus, retriever.lexical, retriever.dense, fusion)
    rows = [a.doc_id if a else None for a in routed._row_articles]
    plain = routed._document_weights("数据出境要不要申报安全评估")
    assert {rows[i] for i in range(len(rows)) if plain[i] < 1} == {"pipl-2021"}
    assert plain.min() == pytest.approx(0.8)
    assert (routed._document_weights("个人信息保护法对出境有什么要求") >= 1).all()
