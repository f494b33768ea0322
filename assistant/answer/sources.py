"""The retrieval step of the pipeline and the sources shown beside an answer.

Retrieval never fails an answer: a broken index degrades it instead, and the articles the verdict cites are
always among the sources (found by search or added with score 0).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.models import Verdict
from ingest.corpus import Corpus
from ingest.models import Article, Citation
from retrieval.hits import SearchHit
from retrieval.hybrid import HybridRetriever
from retrieval.refs import ReferenceParser

log = logging.getLogger("assistant.pipeline")


@dataclass
class Retrieved:
    """What retrieval gave for one question."""

    hits: list[SearchHit] = field(default_factory=list)
    referenced: list[Article] = field(default_factory=list)
    degraded: list[str] = field(default_factory=list)
    available: bool = True


class RetrieveStep:
    """Search and direct article lookup; never fails the answer: a broken index degrades it instead."""

    def __init__(self, loader: Callable[[], HybridRetriever], corpus: Corpus, k: int = 5) -> None:
        self.loader = loader
        self.corpus = corpus
        self.k = k

    def run(self, query: str, lookup_text: str) -> Retrieved:
        try:
            retriever = self.loader()
        except Exception as exc:
            log.info("retrieval unavailable: %s", exc)
            return Retrieved(
                referenced=self._fallback_lookup(lookup_text),
                degraded=[f"search index unavailable ({type(exc).__name__}: {exc}); sources are only the articles the rule check cites"],
                available=False,
            )
        out = Retrieved(degraded=list(getattr(retriever, "degraded", []) or []))
        try:
            out.referenced = retriever.lookup(lookup_text)
        except Exception as exc:
            out.referenced = self._fallback_lookup(lookup_text)
            out.degraded.append(f"article lookup failed ({type(exc).__name__}: {exc})")
        try:
            out.hits = retriever.search(query, k=self.k)
        except Exception as exc:
            log.info("search failed: %s", exc)
            out.degraded.append(f"search failed ({type(exc).__name__}: {exc}); sources are only the articles the rule check cites")
            out.available = False
        # The search itself may have found a part down (e.g. the Chroma server gone): this answer must say so too.
        out.degraded += [d for d in getattr(retriever, "degraded", []) or [] if d not in out.degraded]
        return out

    def _fallback_lookup(self, text: str) -> list[Article]:
        try:
            parser = ReferenceParser(self.corpus.documents.values())
            found: list[Article] = []
            for ref in parser.parse(text):
                for doc_id in ref.doc_ids:
                    article = self.corpus.articles.get(f"{doc_id}#{ref.number}")
                    if article is not None and article not in found:
                        found.append(article)
            return found
        except Exception:
            return []


def sources_for(verdict: Verdict, retrieved: Retrieved, corpus: Corpus) -> list[SearchHit]:
    """Rule-aware sources: search hits that the verdict rests on (its basis) first, in the rule check's order, then
    the other hits, then every other article the verdict cites (score 0). Measured through the pipeline as sources
    R@1 / R@5 (pure search order → rule-aware): dev2 0.600/0.800 → 0.614/0.800, dev 0.858/0.981 → 0.858/0.981,
    held-out 0.600/0.767 → 0.667/0.767. Putting basis articles first even when search missed them measured worse
    (dev R@1 0.670, dev2 0.529): the basis includes steps' articles the question is not about."""
    hits = {hit.id: hit for hit in retrieved.hits}
    sources: list[SearchHit] = []
    seen: set[str] = set()
    for citation in verdict.basis:
        if citation.id in seen or citation.id not in hits:
            continue
        seen.add(citation.id)
        sources.append(hits[citation.id])
    for hit in retrieved.hits:
        if hit.id not in seen:
            seen.add(hit.id)
            sources.append(hit)
    for citation in verdict_citations(verdict):
        if citation.id in seen:
            continue
        seen.add(citation.id)
        sources.append(_hit_for(citation, corpus))
    return sources


def _hit_for(citation: Citation, corpus: Corpus) -> SearchHit:
    """A cited article that search did not return, shown with score 0."""
    article = corpus.articles.get(citation.id)
    label = article.label if article is not None else citation.label
    return SearchHit(id=citation.id, doc_id=citation.doc_id, title=citation.title, article=citation.article,
                     label=label, score=0.0, text=citation.text, status=citation.status)


def verdict_citations(verdict: Verdict) -> list[Citation]:
    """Every citation of a verdict: its basis, then its steps', then its obligations'."""
    out = list(verdict.basis)
    out += [s.citation for s in verdict.steps if s.citation is not None]
    out += [o.citation for o in verdict.obligations]
    return out
