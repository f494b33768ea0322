"""`chujing eval --cases FILE` end to end: the real CLI, the real rule check, a deliberately wrong case."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CASES = """
cases:
  - id: tmp-right-1m
    kind: rule
    language: zh
    facts: {registered_zone: outside, is_ciio: false, export_controlled: false, contains_pi: true,
            contains_sensitive_pi: false, important_data: false, purposes: [other],
            pi_count_ytd: 1000000, sensitive_pi_count_ytd: 0}
    expect: {verdict: security_assessment, must_cite: [cac-provisions-2024#7]}
    articles: [cac-provisions-2024#7]
  - id: tmp-deliberately-wrong
    kind: rule
    language: zh
    facts: {registered_zone: outside, is_ciio: false, export_controlled: false, contains_pi: true,
            contains_sensitive_pi: false, important_data: false, purposes: [other],
            pi_count_ytd: 1000000, sensitive_pi_count_ytd: 0}
    expect: {verdict: exempt}
    articles: [cac-provisions-2024#7]
    note: "1,000,000 people is P7(2), not an exemption: this case must fail."
"""


def _chujing(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run the installed CLI. cwd is the data dir so that a stale `*.egg-info` in the repo root (build
    leftovers, without the `chujing.commands` entry point) cannot shadow the installed metadata."""
    env = {**os.environ, "CHUJING_DATA_DIR": str(data_dir)}
    command = [sys.executable, "-c", "from assistant.cli import main; main()", *args]
    data_dir.mkdir(parents=True, exist_ok=True)
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False, cwd=data_dir)


def test_wrong_expected_verdict_fails_the_gate_and_is_named(tmp_path: Path) -> None:
    cases = tmp_path / "wrong.yaml"
    cases.write_text(CASES, encoding="utf-8")
    html = tmp_path / "report.html"
    baseline = tmp_path / "baseline.json"  # never the committed one
    proc = _chujing("eval", "--cases", str(cases), "--json", "--html", str(html), "--baseline", str(baseline),
                    data_dir=tmp_path / "data")
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["ok"] is False
    failing = next(g for g in report["gate"] if g["rule"] == "failing cases")
    assert failing["cases"] == ["tmp-deliberately-wrong"]
    by_id = {c["id"]: c for c in report["cases"]}
    assert by_id["tmp-right-1m"]["passed"] is True, by_id["tmp-right-1m"]["failures"]
    wrong = by_id["tmp-deliberately-wrong"]
    assert wrong["actual_verdict"] == "security_assessment"
    assert "verdict security_assessment != expected exempt" in wrong["failures"]
    assert "tmp-deliberately-wrong" in proc.stderr  # named in the CI log whatever the output format
    page = html.read_text(encoding="utf-8")
    assert "tmp-deliberately-wrong" in page and "<table" in page
    assert "http://" not in page and "https://" not in page and "src=" not in page  # opens offline
    assert not baseline.exists()  # the gate never writes a baseline on its own


def test_update_baseline_then_regression_is_caught(tmp_path: Path) -> None:
    """A case that passed in the baseline and now fails is reported as a verdict regression."""
    right_only = tmp_path / "right.yaml"
    right_only.write_text(CASES.split("  - id: tmp-deliberately-wrong")[0], encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    proc = _chujing("eval", "--cases", str(right_only), "--json", "--update-baseline", "--baseline", str(baseline),
                    data_dir=tmp_path / "data")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(baseline.read_text(encoding="utf-8"))["cases"]["tmp-right-1m"]["passed"] is True
    # Same id, now expecting the wrong verdict: it passed before, fails now.
    regressed = tmp_path / "regressed.yaml"
    regressed.write_text(
        right_only.read_text(encoding="utf-8").replace("verdict: security_assessment", "verdict: exempt"),
        encoding="utf-8",
    )
    proc = _chujing("eval", "--cases", str(regressed), "--json", "--baseline", str(baseline), data_dir=tmp_path / "data")
    assert proc.returncode == 1
    gate = {g["rule"]: g["cases"] for g in json.loads(proc.stdout)["gate"]}
    assert gate["verdict regression"] == ["tmp-right-1m"]
