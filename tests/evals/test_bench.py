"""The bench script's pure parts: percentiles, targets, corpus replication (no timing here)."""

from __future__ import annotations

from pathlib import Path

from evals.bench import percentile, replicate_corpus, summary_ms, targets_table


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile(values, 100) == 100.0
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 95) == 0.0
    assert summary_ms([3.0, 1.0, 2.0]) == {"n": 3, "p50_ms": 2.0, "p95_ms": 3.0, "max_ms": 3.0}


def test_targets_table_says_which_are_met() -> None:
    rows = {r["metric"]: r for r in targets_table({"warm_ask_p95_ms": 40.0, "api_throughput_rps": 10.0, "cold_cli_ask_s": None})}
    assert rows["warm_ask_p95_ms"]["met"] is True
    assert rows["api_throughput_rps"]["met"] is False
    assert rows["cold_cli_ask_s"]["met"] is None


def test_replicated_corpus_loads_under_new_doc_ids(tmp_path: Path) -> None:
    from ingest.corpus import REPO_CORPUS_DIR, load_corpus

    files = replicate_corpus(REPO_CORPUS_DIR, tmp_path, 2)
    original = load_corpus()
    copy = load_corpus(tmp_path)
    assert files == 2 * len(original.documents)
    assert len(copy.articles) == 2 * len(original.articles)
    assert set(copy.documents) == {f"{d}-r{n:02d}" for d in original.documents for n in range(2)}


def test_runtime_footprint_excludes_torch_and_test_tools() -> None:
    """What `make serve` installs (the required dependencies, no extras) pulls in neither torch nor pytest."""
    from evals.bench import footprint

    fp = footprint()
    assert fp["runtime_packages"] > 10 and fp["runtime_mb"] > 0
    assert fp["runtime_has_torch"] is False
    assert fp["this_venv_mb"] >= fp["runtime_mb"]
