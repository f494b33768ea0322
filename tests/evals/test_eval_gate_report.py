"""The gate (baseline regressions, tolerance, claims, coverage), case loading, and the HTML report."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from evals.cases import VERDICT_CODES, CaseFileError, default_case_paths, load_cases
from evals.gate import Baseline, BaselineCase, evaluate_gate, load_baseline, make_baseline, save_baseline
from evals.metrics import VERDICT_ARTICLES, article_coverage, compute_metrics
from evals.report import Report, to_html, to_json
from evals.run import CaseResult, RunResult


def _run(*results: CaseResult) -> RunResult:
    return RunResult(results=list(results), runtime_s=1.0, as_of=date(2026, 1, 1))


def _case(case_id: str, passed: bool, kind: str = "rule", **extra: object) -> CaseResult:
    return CaseResult(
        id=case_id, kind=kind, language="zh", source="t.yaml", expected_verdict=None if kind == "retrieval" else "exempt",
        actual_verdict=None if kind == "retrieval" else ("exempt" if passed else "needs_facts"), passed=passed,
        failures=[] if passed else ["verdict needs_facts != expected exempt"], **extra,  # type: ignore[arg-type]
    )


def test_gate_names_failing_cases_and_verdict_regressions() -> None:
    run = _run(_case("ok-1", True), _case("bad-1", False))
    baseline = Baseline(cases={"ok-1": BaselineCase(passed=True), "bad-1": BaselineCase(passed=True)})
    failures = evaluate_gate(run, compute_metrics(run.results), baseline, None, full_suite=False)
    rules = {f.rule: f.cases for f in failures}
    assert rules["failing cases"] == ["bad-1"]
    assert rules["verdict regression"] == ["bad-1"]


def test_gate_passes_clean_run_and_honours_xfail_and_dev_set() -> None:
    run = _run(
        _case("ok-1", True),
        _case("known", False, xfail="agreed with the lead"),
        _case("dev-miss", False, kind="retrieval", metric_only=True),
    )
    assert evaluate_gate(run, compute_metrics(run.results), None, None, full_suite=False) == []


def test_gate_retrieval_drop_beyond_tolerance() -> None:
    run = _run(_case("r1", True, kind="retrieval", rank=1), _case("r2", False, kind="retrieval", rank=7, metric_only=True))
    metrics = compute_metrics(run.results)  # R@1 = R@5 = MRR-ish 0.5
    within = Baseline(tolerance=0.02, metrics={"recall_at_1": 0.51, "recall_at_5": 0.5, "mrr": 0.5})
    assert evaluate_gate(run, metrics, within, None, full_suite=True) == []
    beyond = Baseline(tolerance=0.02, metrics={"recall_at_1": 0.6, "recall_at_5": 0.5, "mrr": 0.5})
    failures = evaluate_gate(run, metrics, beyond, None, full_suite=True)
    assert [f.rule for f in failures] == ["retrieval drop"] and "recall_at_1" in failures[0].detail
    # A partial run (--cases) is not compared on suite-wide metrics.
    assert evaluate_gate(run, metrics, beyond, None, full_suite=False) == []


def test_gate_fails_on_unsupported_claims_and_uncovered_articles() -> None:
    run = _run(_case("c1", True, unsupported=["number 15"]))
    coverage = article_coverage([])
    failures = evaluate_gate(run, compute_metrics(run.results), None, coverage, full_suite=True)
    rules = {f.rule: f for f in failures}
    assert rules["unsupported claims"].cases == ["c1"]
    assert "sh-ftz-measures-2025#8" in rules["article coverage"].detail


def test_baseline_round_trip(tmp_path: Path) -> None:
    run = _run(_case("a", True), _case("b", False))
    path = tmp_path / "baseline.json"
    save_baseline(make_baseline(run, compute_metrics(run.results)), path)
    loaded = load_baseline(path)
    assert loaded is not None
    assert loaded.cases["a"].passed and not loaded.cases["b"].passed


def test_committed_suite_shape() -> None:
    """≥150 own cases (helpdesk and the retrieval dev set not counted), zh and en, every code, every verdict article."""
    cases = load_cases()
    own = [c for c in cases if c.source != "helpdesk.yaml" and not c.metric_only]
    assert len(own) >= 150
    assert {c.language for c in own} == {"zh", "en"}
    assert set(VERDICT_CODES) <= {c.expect.verdict for c in own}
    assert {"scenario", "info", "out_of_scope", "chat", "retrieval", "rule"} <= {c.kind for c in own}
    assert all(c.exercised() or c.expect.verdict == "out_of_scope" for c in own), "every case names its articles"
    coverage = article_coverage(cases)
    assert coverage.uncovered_required == [], coverage.uncovered_required
    assert all(aid in coverage.counts for aid in VERDICT_ARTICLES)
    by_code = Counter(c.expect.verdict for c in own)
    assert min(by_code[code] for code in VERDICT_CODES) >= 5, by_code
    assert default_case_paths()


def test_bad_case_file_names_the_case(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("cases:\n  - {id: broken-1, kind: scenario, question: q, expect: {verdict: maybe}}\n", encoding="utf-8")
    with pytest.raises(CaseFileError, match="broken-1"):
        load_cases([path])
    dup = tmp_path / "dup.yaml"
    dup.write_text(
        "cases:\n  - {id: same, kind: info, question: q, expect: {verdict: info}}\n"
        "  - {id: same, kind: info, question: r, expect: {verdict: info}}\n",
        encoding="utf-8",
    )
    with pytest.raises(CaseFileError, match="same"):
        load_cases([dup])


def test_html_report_is_self_contained_and_failures_come_first() -> None:
    run = _run(_case("passing-case", True), _case("failing-case", False, answer="<script>x</script> 答复"))
    metrics = compute_metrics(run.results)
    gate = evaluate_gate(run, metrics, None, None, full_suite=False)
    report = Report(run=run, metrics=metrics, coverage=article_coverage([]), gate=gate)
    page = to_html(report)
    assert "<table" in page and "id='summary'" in page and "id='confusion'" in page
    assert not re.search(r"(?:src|href)\s*=|https?://|@import|<script>x", page)
    assert "&lt;script&gt;" in page  # answers are escaped, never executed
    assert page.index("failing-case") < page.index("passing-case")
    data = to_json(report)
    assert '"failing-case"' in data and '"ok": false' in data
