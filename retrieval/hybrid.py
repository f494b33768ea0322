"""Hybrid retrieval: BM25 and dense similarity fused per article, with direct article lookup and filters."""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, Protocol

import numpy as np
from pydantic import BaseModel, Field

from ingest.models import Article, Document, DocumentKind, DocumentStatus
from retrieval.clauses import informative_part
from retrieval.counts import bracket_terms
from retrieval.hits import SearchHit
from retrieval.intents import class_wording
from retrieval.lexical import LexicalIndex
from retrieval.query import expand_query
from retrieval.refs import ReferenceParser
from retrieval.tokenize import bracket_tokens

if TYPE_CHECKING:
    from retrieval.matrix import DenseIndex


class CorpusLike(Protocol):
    """What retrieval needs from `ingest.corpus.Corpus`."""

    @property
    def documents(self) -> Mapping[str, Document]: ...
    @property
    def articles(self) -> Mapping[str, Article]: ...
    @property
    def version(self) -> str: ...


# The rule check rests on these two; P13 makes the Provisions prevail over the older national measures, so when a
# question names no document and two texts say much the same, the one the product applies should come first.
CORE_DOCUMENTS: tuple[str, ...] = ("sh-ftz-measures-2025", "cac-provisions-2024")


# Articles whose substance P13 replaces ("where the 2022 Assessment Measures or the 2023 Standard Contract Measures
# differ from these Provisions, these Provisions apply"), each with the Provisions articles that now state it: the
# thresholds of A4 and S4 (P5(4), P7, P8) and A14's two-year validity (P9's three years). On the long questions of
# evals/retrieval_dev2.yaml the older wording often outranked the rule in force (A4 over P7, A14 over P9).
SUPERSEDED_BY: dict[str, tuple[str, ...]] = {
    "cac-assessment-measures-2022#4": ("cac-provisions-2024#7", "cac-provisions-2024#8"),
    "cac-assessment-measures-2022#14": ("cac-provisions-2024#9",),
    "cac-standard-contract-measures-2023#4": ("cac-provisions-2024#8", "cac-provisions-2024#5"),
}


class FusionSettings(BaseModel):
    """How the lexical and dense rankings are combined (defaults chosen on evals/retrieval_dev.yaml)."""

    method: Literal["score", "rrf"] = Field(
        default="score",
        description="'score': weighted sum of max-normalised BM25 and min-max-normalised cosine; 'rrf': weighted reciprocal rank fusion.",
    )
    lexical_weight: float = Field(default=0.7, ge=0)
    dense_weight: float = Field(default=0.3, ge=0)
    rrf_k: int = Field(default=60, ge=1, description="RRF damping constant.")
    dense_candidates: int = Field(default=60, ge=1, description="Chunks fetched from the vector store per query.")
    dense_max_chars: int = Field(
        default=96, ge=1,
        description="The fused dense side embeds at most this many characters of the expanded query. Embedding cost "
        "grows with length (long scenario questions took 60-110 ms) and the opening states the topic; the full text "
        "still goes to BM25. Chosen on evals/retrieval_dev.yaml (96: R@1 0.877 vs 0.858 uncut; held-out 0.667 vs 0.633).",
    )
    dense_max_cjk: int = Field(
        default=48, ge=1,
        description="…and at most this many CJK characters (about a token each, where Latin text is 3-5 characters a "
        "token). Chosen on evals/retrieval_dev.yaml: no change there or on the held-out set; long Chinese scenario "
        "questions embed half as many tokens.",
    )
    dense_text: Literal["head", "clauses", "clauses+terms"] = Field(
        default="head",
        description="What the dense side embeds: 'head' the start of the expanded query; 'clauses' the clauses "
        "carrying the most legal terms (retrieval.clauses), within the same budget; 'clauses+terms' those clauses "
        "followed by the glossary's legal wording for them. Measured (fused R@1 dev / dev2 / held-out): head "
        "0.868 / 0.600 / 0.667, clauses 0.840 / 0.529 / 0.667, clauses+terms 0.858 / 0.557 / 0.667 — though "
        "clauses+terms is the better dense signal alone (dev2 dense R@1 0.257 vs 0.186), so 'head' stays.",
    )
    dense_extra_chars: int = Field(default=24, ge=0, description="Room for the legal terms after the clauses.")
    count_blind_dense: bool = Field(
        default=True,
        description="When the query states a people count, the articles that state count brackets (P5, P7, P8, A4, "
        "S4, C5…) all get the lowest dense score among them: the embedding cannot tell '100万人以上' from '不满100万人', "
        "so among them the lexical bracket tokens decide; those outside the dense candidates get it too. Measured "
        "(fused R@1, dev / dev2 / held-out): off 0.877 / 0.814 / 0.733; on 0.896 / 0.843 / 0.733 (scored rows only: "
        "0.896 / 0.814 / 0.733; their highest score instead of the lowest: 0.896 / 0.800 / 0.733).",
    )
    dense_class_first: bool = Field(
        default=True,
        description="When the question is of a class `retrieval.intents` knows (\"is X an export?\", \"still valid?\", "
        "another FTZ…), the dense side embeds that class's statutory wording before the question, within the same "
        "budget: the head of a long question is its company description. Measured with all seven classes (fused "
        "R@1 / R@5, dev / dev2 / held-out): off 0.877/1.000, 0.786/0.971, 0.733/0.900; on 0.877/1.000, "
        "0.814/0.986, 0.733/0.900. The weights stay 0.7 / 0.3: the grid on evals/retrieval_dev.yaml with the classes "
        "in place still puts them first, and a lexical weight of 0.6-0.9 for long questions only (≥ 60 or ≥ 100 "
        "characters) was no better on dev2 (R@1 0.786-0.814).",
    )
    named_document_boost: float = Field(
        default=2.0, ge=0, description="Fused scores of articles of a document the query names are multiplied by 1 + this."
    )
    core_documents: tuple[str, ...] = Field(
        default=CORE_DOCUMENTS,
        description="Documents the product is about (the Shanghai Measures and the Provisions, which prevail over the "
        "Assessment and Standard Contract Measures where they differ).",
    )
    core_prior: float = Field(
        default=0.05, ge=0, description="When the query names no single document, core documents' scores × (1 + this)."
    )
    route_documents: dict[str, str] = Field(
        default_factory=lambda: {"cac-certification-measures-2025": r"认证|certif"},
        description="Documents about one export route, with the pattern of that route's name: they restate the "
        "general rule's thresholds and duties for their route (C5 repeats P8's brackets, C6 P10's notice, consent "
        "and impact assessment), so a question that does not name the route is answered by the general rule.",
    )
    route_prior: float = Field(
        default=0.8, ge=0,
        description="Fused-score multiplier of a route document's articles when the query does not name its route. "
        "Measured (fused R@1, dev / dev2 / held-out): 1.0 (off) 0.896 / 0.843 / 0.733; 0.95 and 0.9 no change; "
        "0.8, 0.7 and 0.6 all 0.896 / 0.871 / 0.767 (the smallest step that helps is kept). Adding the Standard "
        "Contract Measures (route '标准合同') changed nothing.",
    )
    superseded_by: dict[str, tuple[str, ...]] = Field(
        default_factory=lambda: dict(SUPERSEDED_BY),
        description="An article whose substance a later one replaces ranks just below the best of its replacements "
        "whenever one of them has a signal for the query (P13).",
    )


DEFAULT_STATUSES: tuple[DocumentStatus, ...] = ("in_force",)

def document_allowed(
    doc: Document,
    statuses: Sequence[DocumentStatus] | None,
    kinds: Sequence[DocumentKind] | None,
    doc_ids: Sequence[str] | None,
    as_of: date | None,
) -> bool:
    """The filters of `HybridRetriever.search`: status, kind, document, and in effect on `as_of`."""
    if statuses is not None and doc.status not in statuses:
        return False
    if kinds is not None and doc.kind not in kinds:
        return False
    if doc_ids is not None and doc.doc_id not in doc_ids:
        return False
    if as_of is not None:
        if doc.effective is not None and doc.effective > as_of:
            return False
        if doc.repealed is not None and doc.repealed <= as_of:
            return False
    return True


class QueryVectorCache:
    """A bounded, thread-safe LRU of query embeddings keyed by the exact text embedded. Vectors are read-only
    (numpy flag) so a caller cannot alter a cached one. `hits` / `misses` make hit rates reportable."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = 0
        self.misses = 0
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, text: str, embed: Callable[[str], np.ndarray]) -> np.ndarray:
        if self.size <= 0:
            return embed(text)
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                self.hits += 1
                return vector
            self.misses += 1
        # Embedded outside the lock: concurrent requests must not queue behind one another's model call.
        vector = np.array(embed(text), dtype=np.float32)
        vector.flags.writeable = False
        with self._lock:
            self._vectors[text] = vector
            self._vectors.move_to_end(text)
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return vector

    def __len__(self) -> int:
        return len(self._vectors)


class HybridRetriever:
    """Answers `search` and `lookup` over one index build; `degraded` lists what is not working (dense side down…)."""

    def __init__(
        self,
        corpus: CorpusLike,
        lexical: LexicalIndex,
        dense: DenseIndex | None = None,
        fusion: FusionSettings | None = None,
        *,
        degraded: Iterable[str] = (),
        build_id: str | None = None,
        query_cache_size: int = 0,
    ) -> None:
        self.corpus = corpus
        self.lexical = lexical
        self.dense = dense
        self.fusion = fusion or FusionSettings()
        self.degraded: list[str] = list(degraded)
        self.build_id = build_id
        self.query_cache = QueryVectorCache(query_cache_size)
        self.refs = ReferenceParser(corpus.documents.values())
        # After a dense failure, skip the store for a while instead of paying a connect timeout on every query.
        self.dense_retry_seconds = 30.0
        self._dense_down_until = 0.0
        # The run-time failure note currently in `degraded` (load-time notes stay: they need a rebuild or restart).
        self._dense_failure: str | None = None
        # Index rows whose article is missing from the loaded corpus (a stale index) are never returned.
        self._row_articles: list[Article | None] = [corpus.articles.get(i) for i in lexical.ids]
        self._row_of = {aid: row for row, aid in enumerate(lexical.ids)}
        # Article row of each dense chunk (-1: an article this index does not have), computed once per load.
        self._chunk_rows = (
            np.array([self._row_of.get(aid, -1) for aid in dense.matrix.article_ids], dtype=np.int64) if dense else None
        )
        # Rows of articles that state a people-count bracket (see `FusionSettings.count_blind_dense`).
        self._bracket_rows = np.array([a is not None and bool(bracket_tokens(a.text)) for a in self._row_articles], dtype=bool)

    # --- direct lookup -------------------------------------------------------------------------------------------
    def lookup(self, query: str) -> list[Article]:
        """Articles the query names ("第八条", "促进规定第五条", "Article 8 of the Shanghai Measures", "P5"), in order."""
        out: list[Article] = []
        for ref in self.refs.parse(query):
            for doc_id in ref.doc_ids:
                article = self.corpus.articles.get(f"{doc_id}#{ref.number}")
                if article is not None and article not in out:
                    out.append(article)
        return out

    # --- ranked search -------------------------------------------------------------------------------------------
    def _mask(self, statuses: Sequence[DocumentStatus] | None, kinds: Sequence[DocumentKind] | None,
              doc_ids: Sequence[str] | None, as_of: date | None) -> np.ndarray:
        return np.array(
            [a is not None and document_allowed(a.document, statuses, kinds, doc_ids, as_of) for a in self._row_articles],
            dtype=bool,
        )

    def signal_query(self, query: str) -> str:
        """The text both signals score: `query`, with the name of the one document it names blanked out when the
        document boost applies. The boost carries the name; left in, its bigrams would match every article prefix of
        that document (favouring its shortest articles) and pull the query vector towards the title rather than
        towards the question asked about it."""
        if self.fusion.named_document_boost and self._single_named_document(query):
            return self.refs.without_document_names(query)
        return query

    def lexical_scores(self, query: str, mask: np.ndarray, *, fused: bool = True) -> np.ndarray:
        """BM25 per row (0 where masked out); `fused=False` scores the raw query, as the signal alone would."""
        scores = self.lexical.scores(self.signal_query(query) if fused else query)
        return np.where(mask, scores, 0.0)

    def dense_text(self, query: str, *, fused: bool = True) -> str:
        """The text the dense model embeds for `query`: the expanded query, cut to `dense_max_chars` when fused."""
        if not fused:
            return expand_query(query)
        f = self.fusion
        text = self.signal_query(query)
        if f.dense_text == "head":
            wording = class_wording(text) if f.dense_class_first else ""
            head = f"{wording} {expand_query(text)}" if wording else expand_query(text)
            return _cut(head, f.dense_max_chars, f.dense_max_cjk)
        part = informative_part(text, f.dense_max_chars, f.dense_max_cjk)
        if f.dense_text == "clauses+terms":
            part = expand_query(part)
        return _cut(part, f.dense_max_chars + f.dense_extra_chars, f.dense_max_cjk + f.dense_extra_chars)

    def dense_scores(
        self, query: str, mask: np.ndarray, where: Mapping[str, Any] | None = None, *, fused: bool = True
    ) -> np.ndarray | None:
        """Best chunk cosine per article among the nearest `dense_candidates` chunks of allowed articles (NaN for the
        rest); None when the dense side is down. `fused=False` embeds the raw query, as the signal alone would.
        (`where` is the vector-store form of `mask`, kept for callers; the in-memory matrix needs only `mask`.)"""
        if self.dense is None or self._chunk_rows is None or time.monotonic() < self._dense_down_until:
            return None
        try:
            vector = self.query_cache.get(self.dense_text(query, fused=fused), self.dense.embeddings.query_vector)
            out = self.dense.matrix.best_per_article(
                vector, self._chunk_rows, mask, len(self.lexical.ids), self.fusion.dense_candidates
            )
        except Exception as exc:  # an embedding failure falls back to lexical, like any dense failure
            self._dense_down_until = time.monotonic() + self.dense_retry_seconds
            self._set_dense_failure(f"dense retrieval unavailable ({type(exc).__name__}: {exc}); lexical results only")
            return None
        if self._dense_failure is not None:
            self._set_dense_failure(None)  # the dense side answers again: stop reporting it down
        if fused and self.fusion.count_blind_dense and bracket_terms(query):
            out = _lowest_among(out, self._bracket_rows)
        return out

    def _set_dense_failure(self, message: str | None) -> None:
        """Replace the run-time dense failure note (None clears it). `degraded` is rebound, never mutated, so a
        request reading it concurrently sees either the old or the new list."""
        kept = [d for d in self.degraded if d != self._dense_failure]
        self._dense_failure = message
        self.degraded = kept if message is None else [*kept, message]

    def _single_named_document(self, query: str) -> set[str]:
        """The document the query names, if it names exactly one (else empty).

        A question naming several documents is usually about how they relate ("评估办法和新规定不一样以哪个为准"),
        which a third text may settle: only a single named document is boosted.
        """
        named = set(self.refs.documents_named(query))
        return named if len(named) == 1 else set()

    def _document_weights(self, query: str) -> np.ndarray:
        """Per-row multiplier: 1 + named_document_boost for articles of the one document the query names; when it
        names no single document, 1 + core_prior for the core documents and route_prior for the route documents
        whose route the query does not mention; else 1."""
        boost = self.fusion.named_document_boost
        named = self._single_named_document(query) if boost else set()
        if named:
            return np.array([1.0 + boost if a is not None and a.doc_id in named else 1.0 for a in self._row_articles])
        core = set(self.fusion.core_documents)
        prior = 1.0 + self.fusion.core_prior
        weights = np.array([prior if a is not None and a.doc_id in core else 1.0 for a in self._row_articles])
        unasked = {doc for doc, pattern in self.fusion.route_documents.items() if not re.search(pattern, query, re.I)}
        if unasked:
            weights *= np.array([self.fusion.route_prior if a is not None and a.doc_id in unasked else 1.0
                                 for a in self._row_articles])
        return weights

    def _below_replacements(self, scores: np.ndarray) -> np.ndarray:
        """`scores` with each superseded article capped just below its best-scoring replacement (when one is
        ranked at all), so the rule in force comes first and the older wording stays in the list after it."""
        out = scores
        for old, new in self.fusion.superseded_by.items():
            row = self._row_of.get(old)
            rows = [r for r in (self._row_of.get(n) for n in new) if r is not None]
            if row is None or not rows or not np.isfinite(scores[row]):
                continue
            best = max(float(scores[r]) for r in rows)
            if np.isfinite(best) and scores[row] >= best:
                if out is scores:
                    out = scores.copy()
                out[row] = np.nextafter(best, -np.inf)
        return out

    def fuse(self, lexical: np.ndarray, dense: np.ndarray | None, mask: np.ndarray) -> np.ndarray:
        return fuse_scores(lexical, dense, mask, self.fusion)

    def rank(
        self,
        query: str,
        *,
        mode: Literal["fused", "lexical", "dense"] = "fused",
        statuses: Sequence[DocumentStatus] | None = DEFAULT_STATUSES,
        kinds: Sequence[DocumentKind] | None = None,
        doc_ids: Sequence[str] | None = None,
        as_of: date | None = None,
    ) -> list[tuple[Article, float]]:
        """Every allowed article with a positive signal, best first (no lookup); `mode` isolates one signal for evals."""
        mask = self._mask(statuses, kinds, doc_ids, as_of)
        fused = mode == "fused"
        lex = self.lexical_scores(query, mask, fused=fused) if mode != "dense" else np.zeros(len(mask), dtype=np.float32)
        dense = None
        if mode != "lexical":
            dense = self.dense_scores(query, mask, _where(statuses, kinds, doc_ids), fused=fused)
        if mode == "dense":
            if dense is None:
                return []
            scores = np.where(mask & ~np.isnan(dense), dense, -np.inf)
        else:
            scores = self.fuse(lex, dense, mask) * self._document_weights(query)
            signal = lex > 0
            if dense is not None:
                signal |= ~np.isnan(dense)
            scores = self._below_replacements(np.where(signal, scores, -np.inf))
        order = np.argsort(-scores, kind="stable")
        ranked: list[tuple[Article, float]] = []
        for row in order:
            if not np.isfinite(scores[row]):
                break
            article = self._row_articles[row]
            if article is not None:
                ranked.append((article, float(scores[row])))
        return ranked

    def search(
        self,
        query: str,
        k: int = 5,
        *,
        statuses: Sequence[DocumentStatus] | None = DEFAULT_STATUSES,
        kinds: Sequence[DocumentKind] | None = None,
        doc_ids: Sequence[str] | None = None,
        as_of: date | None = None,
        boost_ids: Sequence[str] = (),
    ) -> list[SearchHit]:
        """Top `k` articles for `query`. Articles the query names directly come first (whatever their status: the
        user asked for them), then `boost_ids` in the order given (articles a caller knows bear on the question,
        e.g. those a verdict rests on; unknown ids and ids outside the filters are skipped), then the fused ranking.
        `statuses=None` means every status."""
        hits: list[SearchHit] = []
        seen: set[str] = set()
        for article in self.lookup(query):
            if document_allowed(article.document, None, kinds, doc_ids, as_of) and article.id not in seen:
                hits.append(_hit(article, 1.0))
                seen.add(article.id)
        for aid in boost_ids:
            boosted = self.corpus.articles.get(aid)
            if boosted is not None and aid not in seen and document_allowed(boosted.document, statuses, kinds, doc_ids, as_of):
                hits.append(_hit(boosted, 1.0))
                seen.add(aid)
        if len(hits) < k:
            ranked = self.rank(query, statuses=statuses, kinds=kinds, doc_ids=doc_ids, as_of=as_of)
            for article, score in ranked:
                if article.id not in seen:
                    hits.append(_hit(article, score))
                    seen.add(article.id)
                if len(hits) >= k:
                    break
        return hits[:k]


def _lowest_among(scores: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """`scores` with every row of `rows` set to the lowest score among its scored rows, unscored ones included (a
    bracket article outside the dense candidates must not lose to one inside them); unchanged when none is scored."""
    picked = rows & ~np.isnan(scores)
    if not picked.any():
        return scores
    out = scores.copy()
    out[rows] = scores[picked].min()
    return out


def _cut(text: str, max_chars: int, max_cjk: int) -> str:
    """`text` up to `max_chars` characters and `max_cjk` CJK characters, whichever ends first."""
    text = text[:max_chars]
    cjk = 0
    for i, ch in enumerate(text):
        if ch >= "\u2e80":
            cjk += 1
            if cjk > max_cjk:
                return text[:i]
    return text


def fuse_scores(lexical: np.ndarray, dense: np.ndarray | None, mask: np.ndarray, f: FusionSettings) -> np.ndarray:
    """Fused score per row (−inf where masked out). `dense` is NaN for rows outside the dense candidates."""
    fused = np.zeros(len(lexical), dtype=np.float64)
    if f.method == "rrf":
        fused += f.lexical_weight * _rrf(lexical, mask & (lexical > 0), f.rrf_k)
        if dense is not None:
            fused += f.dense_weight * _rrf(np.nan_to_num(dense, nan=-1.0), mask & ~np.isnan(dense), f.rrf_k)
    else:
        top = float(lexical[mask].max()) if mask.any() else 0.0
        lex_norm = lexical / top if top > 0 else np.zeros_like(lexical)
        if dense is None:
            fused = lex_norm.astype(np.float64)
        else:
            present = mask & ~np.isnan(dense)
            dense_norm = np.zeros_like(lexical)
            if present.any():
                lo, hi = float(dense[present].min()), float(dense[present].max())
                span = hi - lo if hi > lo else 1.0
                dense_norm = np.where(present, (np.nan_to_num(dense, nan=lo) - lo) / span, 0.0)
            total = f.lexical_weight + f.dense_weight or 1.0
            fused = (f.lexical_weight * lex_norm + f.dense_weight * dense_norm) / total
    return np.where(mask, fused, -np.inf)


def _rrf(scores: np.ndarray, mask: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros(len(scores), dtype=np.float64)
    rows = np.flatnonzero(mask)
    order = rows[np.argsort(-scores[rows], kind="stable")]
    out[order] = 1.0 / (k + np.arange(1, len(order) + 1))
    return out


def _where(
    statuses: Sequence[DocumentStatus] | None, kinds: Sequence[DocumentKind] | None, doc_ids: Sequence[str] | None
) -> dict[str, Any] | None:
    """The Chroma metadata filter for the filters the store can apply (as_of is applied on our side)."""
    clauses: list[dict[str, Any]] = []
    if statuses is not None:
        clauses.append({"status": {"$in": list(statuses)}})
    if kinds is not None:
        clauses.append({"kind": {"$in": list(kinds)}})
    if doc_ids is not None:
        clauses.append({"doc_id": {"$in": list(doc_ids)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _hit(article: Article, score: float) -> SearchHit:
    return SearchHit(
        id=article.id,
        doc_id=article.doc_id,
        title=article.document.title,
        article=article.number,
        label=article.label,
        score=round(score, 4),
        text=article.text,
        status=article.document.status,
    )
