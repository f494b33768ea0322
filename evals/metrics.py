"""Deterministic metrics over case results, and the article-coverage report.

Definitions (stated here because a metric without a definition cannot gate anything):
- verdict accuracy: cases with an expected verdict whose actual code equals it (a raised error counts as wrong).
- confusion matrix: expected code → actual code → count.
- citation recall: |must_cite ∩ cited| / |must_cite|, micro-averaged over cases that name must_cite.
- citation precision: |cited ∩ relevant| / |cited|, micro-averaged, where relevant = must_cite ∪ the case's
  `articles`. Extra citations can be legitimate (obligations), so precision is reported, not gated.
- retrieval R@k: share of retrieval cases with a gold article in the top k; MRR: mean of 1/rank of the first
  gold hit within the searched depth (0 when absent).
- refusal accuracy: over pipeline cases, share where (expected out_of_scope) == (answered out_of_scope).
- unsupported claims: total numbers / article labels no citation supports (evals.claims, independent of the
  assistant's own verifier).
- latency p50/p95: over every call (each chat turn counts), nearest-rank percentiles, in ms.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, Field

from assistant.vocabulary import MEASURES, PROVISIONS
from evals.cases import PIPELINE_KINDS, Case
from evals.run import PASS_RANK, CaseResult

# Articles whose content bears on a verdict (SPEC §3): the gate fails when no case exercises one of them.
VERDICT_ARTICLES = tuple(f"{MEASURES}#{n}" for n in (2, 8, 9, 10, 14, 15, 20)) + tuple(
    f"{PROVISIONS}#{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13)
)
# Article counts used when the corpus cannot be loaded (brief: M has 21 articles, P has 14).
ARTICLE_COUNTS = {MEASURES: 21, PROVISIONS: 14}


def confusion_matrix(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """expected → actual → count, from (expected, actual) pairs."""
    matrix: dict[str, dict[str, int]] = defaultdict(dict)
    for expected, actual in pairs:
        row = matrix[expected]
        row[actual] = row.get(actual, 0) + 1
    return {k: dict(v) for k, v in matrix.items()}


def recall_at_k(ranks: Sequence[int | None], k: int) -> float:
    """Share of queries whose first gold hit has rank ≤ k (ranks are 1-based; None = not found)."""
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """Mean of 1/rank (0 for None)."""
    if not ranks:
        return 0.0
    return sum(1.0 / r for r in ranks if r is not None) / len(ranks)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, math.ceil(p / 100 * len(ordered)) - 1)
    return ordered[min(index, len(ordered) - 1)]


def citation_precision_recall(
    items: Iterable[tuple[Sequence[str], Sequence[str], Sequence[str]]],
) -> tuple[float | None, float | None]:
    """Micro precision and recall from (cited, must_cite, relevant) per case; None when undefined."""
    hit_must = total_must = hit_rel = total_cited = 0
    for cited, must_cite, relevant in items:
        cited_set = set(cited)
        hit_must += len(cited_set & set(must_cite))
        total_must += len(set(must_cite))
        hit_rel += len(cited_set & set(relevant))
        total_cited += len(cited_set)
    precision = hit_rel / total_cited if total_cited else None
    recall = hit_must / total_must if total_must else None
    return precision, recall


class Rate(BaseModel):
    """passed / total."""

    passed: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0


class Metrics(BaseModel):
    """Everything `chujing eval` reports."""

    cases: int
    passed: int
    xfailed: int = Field(description="Failing cases marked xfail (known, agreed).")
    xpassed: list[str] = Field(default_factory=list, description="Cases marked xfail that now pass.")
    verdict_accuracy: float | None
    confusion: dict[str, dict[str, int]]
    citation_precision: float | None
    citation_recall: float | None
    retrieval_cases: int
    recall_at_1: float | None
    recall_at_5: float | None
    mrr: float | None
    refusal_accuracy: float | None
    false_refusals: list[str] = Field(default_factory=list, description="In-scope cases answered out_of_scope.")
    missed_refusals: list[str] = Field(default_factory=list, description="Out-of-scope cases answered anyway.")
    unsupported_claims: int
    unsupported_exemptions: list[str] = Field(
        default_factory=list,
        description="Cases answered exempt / exempt_negative_list where a mechanism, other_law or needs_facts was "
        "expected: the worst defect (a wrong exemption harms the company), gated on every case, blind sets included.",
    )
    blind_accuracy: dict[str, Rate] = Field(default_factory=dict, description="Verdict accuracy per blind set.")
    latency_p50_ms: float
    latency_p95_ms: float
    by_kind: dict[str, Rate]
    by_code: dict[str, Rate] = Field(description="Pass rate per expected verdict code.")
    by_language: dict[str, Rate]


def _rates(results: Iterable[CaseResult], key: str) -> dict[str, Rate]:
    rates: dict[str, Rate] = {}
    for result in results:
        name = getattr(result, key) or "-"
        rate = rates.setdefault(name, Rate())
        rate.total += 1
        rate.passed += int(result.passed)
    return dict(sorted(rates.items()))


EXEMPT_CODES = frozenset({"exempt", "exempt_negative_list"})
NOT_EXEMPT_CODES = frozenset({"security_assessment", "standard_contract_or_certification", "other_law", "needs_facts"})


def is_unsupported_exemption(expected: str | None, actual: str | None) -> bool:
    """An exemption where the case expects a filing, other laws or a question first."""
    return expected in NOT_EXEMPT_CODES and actual in EXEMPT_CODES


def _blind_accuracy(judged: Iterable[CaseResult]) -> dict[str, Rate]:
    rates: dict[str, Rate] = {}
    for result in judged:
        if result.blind_set is None:
            continue
        rate = rates.setdefault(result.blind_set, Rate())
        rate.total += 1
        rate.passed += result.actual_verdict == result.expected_verdict
    return rates


def compute_metrics(results: Sequence[CaseResult]) -> Metrics:
    judged = [r for r in results if r.expected_verdict is not None]
    retrieval = [r for r in results if r.kind == "retrieval"]
    pipeline = [r for r in results if r.kind in PIPELINE_KINDS]
    ranks = [r.rank for r in retrieval]
    cited_cases = [r for r in results if r.kind != "retrieval"]
    precision, recall = citation_precision_recall((r.cited, r.must_cite, r.relevant) for r in cited_cases)
    refusal_ok = [
        (r.expected_verdict == "out_of_scope") == (r.actual_verdict == "out_of_scope") for r in pipeline
    ]
    latencies = [ms for r in results for ms in r.latencies_ms]
    return Metrics(
        cases=len(results),
        passed=sum(r.passed for r in results),
        xfailed=sum(1 for r in results if r.xfail and not r.passed),
        xpassed=[r.id for r in results if r.xfail and r.passed],
        verdict_accuracy=(
            sum(r.actual_verdict == r.expected_verdict for r in judged) / len(judged) if judged else None
        ),
        confusion=confusion_matrix((r.expected_verdict or "-", r.actual_verdict or "error") for r in judged),
        citation_precision=precision,
        citation_recall=recall,
        retrieval_cases=len(retrieval),
        recall_at_1=recall_at_k(ranks, 1) if retrieval else None,
        recall_at_5=recall_at_k(ranks, PASS_RANK) if retrieval else None,
        mrr=mean_reciprocal_rank(ranks) if retrieval else None,
        refusal_accuracy=sum(refusal_ok) / len(refusal_ok) if refusal_ok else None,
        false_refusals=[
            r.id for r in pipeline if r.expected_verdict != "out_of_scope" and r.actual_verdict == "out_of_scope"
        ],
        missed_refusals=[
            r.id for r in pipeline if r.expected_verdict == "out_of_scope" and r.actual_verdict != "out_of_scope"
        ],
        unsupported_claims=sum(len(r.unsupported) for r in results),
        unsupported_exemptions=[r.id for r in judged if is_unsupported_exemption(r.expected_verdict, r.actual_verdict)],
        blind_accuracy=_blind_accuracy(judged),
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        by_kind=_rates(results, "kind"),
        by_code=_rates(judged, "expected_verdict"),
        by_language=_rates(results, "language"),
    )


class Coverage(BaseModel):
    """Which articles of the Measures and the Provisions no case exercises."""

    uncovered: dict[str, list[int]] = Field(description="doc_id → article numbers no case exercises.")
    uncovered_required: list[str] = Field(description="Verdict-bearing articles (VERDICT_ARTICLES) left uncovered.")
    counts: dict[str, int] = Field(description="doc_id → how many cases exercise each article id.")


def article_coverage(cases: Sequence[Case], article_counts: dict[str, int] | None = None) -> Coverage:
    """Coverage of the Measures and the Provisions by `cases` (their articles, must_cite and gold ids)."""
    totals = article_counts or ARTICLE_COUNTS
    counter: Counter[str] = Counter()
    for case in cases:
        counter.update(case.exercised())
    uncovered = {
        doc_id: [n for n in range(1, total + 1) if counter[f"{doc_id}#{n}"] == 0] for doc_id, total in totals.items()
    }
    required = [aid for aid in VERDICT_ARTICLES if counter[aid] == 0]
    counts = {aid: n for aid, n in sorted(counter.items()) if aid.split("#")[0] in totals}
    return Coverage(uncovered=uncovered, uncovered_required=required, counts=counts)


def corpus_article_counts() -> dict[str, int]:
    """Article counts of M and P from the corpus, falling back to the brief's counts when it cannot load."""
    try:
        from ingest.corpus import default_corpus

        corpus = default_corpus()
        return {doc_id: len(corpus.articles_of(doc_id)) for doc_id in ARTICLE_COUNTS}
    except Exception:
        return dict(ARTICLE_COUNTS)
