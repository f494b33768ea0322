"""Rule-aware sources (issue 15): search hits the verdict rests on lead; cited articles search missed follow."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answer.sources import Retrieved, sources_for
from assistant.models import Verdict
from retrieval.hits import SearchHit


@pytest.fixture(scope="module")
def corpus() -> Any:
    from ingest.corpus import load_corpus

    return load_corpus()


def _hit(corpus: Any, article_id: str, score: float) -> SearchHit:
    article = corpus.articles[article_id]
    c = corpus.cite(article.doc_id, article.number)
    return SearchHit(id=c.id, doc_id=c.doc_id, title=c.title, article=c.article, label=c.label, score=score, text=c.text)


def test_hits_the_verdict_rests_on_come_first(corpus: Any) -> None:
    m8, p8, a4 = "sh-ftz-measures-2025#8", "cac-provisions-2024#8", "cac-assessment-measures-2022#4"
    retrieved = Retrieved(hits=[_hit(corpus, a4, 0.9), _hit(corpus, p8, 0.7), _hit(corpus, m8, 0.5)])
    verdict = Verdict(code="standard_contract_or_certification", label="x", basis=[corpus.cite("cac-provisions-2024", 8)])
    ids = [s.id for s in sources_for(verdict, retrieved, corpus)]
    assert ids == [p8, a4, m8]  # P8 rose; the others keep the search order


def test_a_basis_article_search_missed_follows_the_hits_with_score_zero(corpus: Any) -> None:
    a4, p7 = "cac-assessment-measures-2022#4", "cac-provisions-2024#7"
    retrieved = Retrieved(hits=[_hit(corpus, a4, 0.9)])
    verdict = Verdict(code="security_assessment", label="x", basis=[corpus.cite("cac-provisions-2024", 7)])
    sources = sources_for(verdict, retrieved, corpus)
    assert [s.id for s in sources] == [a4, p7]
    assert sources[1].score == 0.0 and sources[1].text == corpus.articles[p7].text
