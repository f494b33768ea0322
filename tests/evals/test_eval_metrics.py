"""Metric definitions on constructed inputs (no system parts needed)."""

from __future__ import annotations

import pytest

from evals.metrics import (
    citation_precision_recall,
    compute_metrics,
    confusion_matrix,
    mean_reciprocal_rank,
    percentile,
    recall_at_k,
)
from evals.run import CaseResult


def test_confusion_matrix_counts_expected_by_actual() -> None:
    pairs = [("exempt", "exempt"), ("exempt", "needs_facts"), ("exempt", "exempt"), ("info", "out_of_scope")]
    assert confusion_matrix(pairs) == {"exempt": {"exempt": 2, "needs_facts": 1}, "info": {"out_of_scope": 1}}


def test_recall_at_k_and_mrr() -> None:
    ranks = [1, 3, None, 6]
    assert recall_at_k(ranks, 1) == pytest.approx(0.25)
    assert recall_at_k(ranks, 5) == pytest.approx(0.5)
    assert recall_at_k(ranks, 10) == pytest.approx(0.75)
    assert mean_reciprocal_rank(ranks) == pytest.approx((1 + 1 / 3 + 0 + 1 / 6) / 4)
    assert recall_at_k([], 5) == 0.0
    assert mean_reciprocal_rank([]) == 0.0


def test_percentile_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) == 0.0


def test_citation_precision_recall_micro() -> None:
    items = [
        (["a", "b", "x"], ["a", "b"], ["a", "b"]),  # 2/2 must_cite found; 2 of 3 cited relevant
        (["c"], ["c", "d"], ["c", "d", "e"]),  # 1/2 found; 1 of 1 relevant
    ]
    precision, recall = citation_precision_recall(items)
    assert recall == pytest.approx(3 / 4)
    assert precision == pytest.approx(3 / 4)
    assert citation_precision_recall([]) == (None, None)


def _result(case_id: str, kind: str, expected: str | None, actual: str | None, **extra: object) -> CaseResult:
    passed = expected == actual if kind != "retrieval" else bool(extra.get("rank"))
    return CaseResult(
        id=case_id, kind=kind, language="zh", source="t.yaml", expected_verdict=expected,
        actual_verdict=actual, passed=passed, **extra,  # type: ignore[arg-type]
    )


def test_compute_metrics_on_constructed_results() -> None:
    results = [
        _result("a", "scenario", "exempt", "exempt", latencies_ms=[10.0]),
        _result("b", "scenario", "exempt", "standard_contract_or_certification", latencies_ms=[30.0]),
        _result("c", "out_of_scope", "out_of_scope", "out_of_scope", latencies_ms=[5.0]),
        _result("d", "info", "info", "out_of_scope", latencies_ms=[20.0]),
        _result("e", "out_of_scope", "out_of_scope", "info", latencies_ms=[8.0], unsupported=["number 15"]),
        _result("r1", "retrieval", None, None, rank=1, latencies_ms=[1.0]),
        _result("r2", "retrieval", None, None, rank=None, latencies_ms=[2.0]),
    ]
    m = compute_metrics(results)
    assert m.cases == 7
    assert m.verdict_accuracy == pytest.approx(2 / 5)
    assert m.confusion["exempt"] == {"exempt": 1, "standard_contract_or_certification": 1}
    assert m.recall_at_1 == pytest.approx(0.5)
    assert m.recall_at_5 == pytest.approx(0.5)
    assert m.mrr == pytest.approx(0.5)
    # refusal accuracy over the 5 pipeline cases: a, b, c right; d (false refusal) and e (missed) wrong
    assert m.refusal_accuracy == pytest.approx(3 / 5)
    assert m.false_refusals == ["d"]
    assert m.missed_refusals == ["e"]
    assert m.unsupported_claims == 1
    assert m.by_code["exempt"].passed == 1 and m.by_code["exempt"].total == 2
    assert m.latency_p50_ms == 8.0
