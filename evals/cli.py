"""`chujing eval`: run the suite through the real system, report, and gate.

Registered through the `chujing.commands` entry point (pyproject), so `assistant` never imports `evals`.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from evals.report import Report


def run_eval(
    case_paths: list[Path] | None = None,
    *,
    baseline_path: Path | None = None,
    update_baseline: bool = False,
    as_of: date | None = None,
) -> Report:
    """Load cases, run them, compute metrics and coverage, evaluate the gate; return the `Report`."""
    from evals.cases import load_cases
    from evals.gate import BASELINE_PATH, evaluate_gate, load_baseline, make_baseline, save_baseline
    from evals.metrics import article_coverage, compute_metrics, corpus_article_counts
    from evals.report import Report
    from evals.run import Runner

    full_suite = not case_paths
    cases = load_cases(case_paths or None)
    run = Runner(as_of=as_of).run(cases)
    metrics = compute_metrics(run.results)
    coverage = article_coverage(cases, corpus_article_counts())
    path = baseline_path or BASELINE_PATH
    baseline = load_baseline(path)
    if update_baseline:
        fresh = make_baseline(run, metrics, tolerance=baseline.tolerance if baseline else 0.02)
        if baseline is not None and not full_suite:
            # A partial run refreshes only its own cases; suite-wide metrics need the full suite.
            fresh = baseline.model_copy(update={"cases": {**baseline.cases, **fresh.cases}})
        save_baseline(fresh, path)
        baseline = fresh
    gate = evaluate_gate(run, metrics, baseline, coverage, full_suite=full_suite)
    items = _item_figures(run.as_of) if full_suite else None
    return Report(run=run, metrics=metrics, coverage=coverage, gate=gate, items=items)


def _item_figures(as_of: date) -> dict[str, Any] | None:
    """List-item retrieval R@1 / R@5 / MRR (issue 17), reported beside the article figures; None when the lists or
    the index cannot load (the article cases then fail loudly on their own)."""
    from evals.item_eval import run_item_eval

    try:
        return run_item_eval(as_of)
    except Exception as exc:  # reported, not fatal: the gate already fails on what broke
        print(f"item retrieval not measured: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None


def register(app: typer.Typer) -> None:
    """Add `chujing eval` to the CLI."""

    @app.command("eval")
    def eval_command(
        cases: list[Path] = typer.Option(
            None, "--cases", help="Case file or directory (repeatable). Default: evals/cases/*.yaml + retrieval dev set."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print the report as JSON on stdout."),
        html_path: Path | None = typer.Option(None, "--html", help="Write a self-contained HTML report here."),
        update_baseline: bool = typer.Option(False, "--update-baseline", help="Rewrite the baseline from this run."),
        baseline: Path | None = typer.Option(None, "--baseline", help="Baseline file (default evals/baseline.json)."),
        as_of: str | None = typer.Option(None, "--as-of", help="Date of the rule check, YYYY-MM-DD (default today)."),
        verbose: bool = typer.Option(False, "--verbose", "-v", help="List every case in the terminal table."),
    ) -> None:
        """Run the evaluation suite through the real pipeline; exit 1 when the gate fails."""
        from evals.cases import CaseFileError
        from evals.report import print_report, to_html, to_json

        try:
            report = run_eval(
                list(cases) if cases else None,
                baseline_path=baseline,
                update_baseline=update_baseline,
                as_of=date.fromisoformat(as_of) if as_of else None,
            )
        except CaseFileError as exc:
            typer.echo(f"chujing eval: {exc}", err=True)
            raise typer.Exit(2) from exc
        if html_path is not None:
            html_path.write_text(to_html(report), encoding="utf-8")
        if as_json:
            typer.echo(to_json(report))
        else:
            print_report(report, verbose=verbose)
            if html_path is not None:
                typer.echo(f"HTML report: {html_path}")
        if not report.ok:
            # Name the failing cases on stderr too, so a CI log shows them whatever the output format.
            for failure in report.gate:
                names = f": {', '.join(failure.cases)}" if failure.cases else ""
                print(f"gate: {failure.rule} — {failure.detail}{names}", file=sys.stderr)
            raise typer.Exit(1)
