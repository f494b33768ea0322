"""Eval reports: a rich terminal table, JSON for machines, and a self-contained HTML page (failures first).

The HTML page has inline CSS only and no scripts, fonts or images from elsewhere, so it opens from disk
(or as a CI artifact) with no network.
"""

from __future__ import annotations

import html
import json
from typing import Any

from pydantic import BaseModel

from evals.cases import VERDICT_CODES
from evals.gate import GateFailure
from evals.metrics import Coverage, Metrics
from evals.run import CaseResult, RunResult

CODES = VERDICT_CODES  # confusion-matrix order: the models' order of verdict codes


class Report(BaseModel):
    """Everything one `chujing eval` run found."""

    run: RunResult
    metrics: Metrics
    coverage: Coverage
    gate: list[GateFailure]
    items: dict[str, Any] | None = None  # list-item retrieval (evals/item_eval.py), full suite only

    @property
    def ok(self) -> bool:
        return not self.gate


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def summary_rows(metrics: Metrics, run: RunResult, items: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    item_rows = [] if not items else [(
        f"list-item retrieval R@1 / R@5 / MRR (n={items['all']['n']})",
        f"{_num(items['all']['r1'])} / {_num(items['all']['r5'])} / {_num(items['all']['mrr'])}",
    )]
    return [
        ("cases passed", f"{metrics.passed}/{metrics.cases} (xfail {metrics.xfailed})"),
        ("verdict accuracy", _pct(metrics.verdict_accuracy)),
        ("citation recall (must_cite)", _pct(metrics.citation_recall)),
        ("citation precision (vs must_cite ∪ articles)", _pct(metrics.citation_precision)),
        ("retrieval R@1 / R@5 / MRR", f"{_num(metrics.recall_at_1)} / {_num(metrics.recall_at_5)} / {_num(metrics.mrr)}"),
        *item_rows,
        ("refusal accuracy", _pct(metrics.refusal_accuracy)),
        ("unsupported claims", str(metrics.unsupported_claims)),
        ("unsupported exemptions", str(len(metrics.unsupported_exemptions))),
        *((f"blind set {name}", f"{rate.rate:.3f} ({rate.passed}/{rate.total})") for name, rate in sorted(metrics.blind_accuracy.items())),
        ("latency p50 / p95", f"{metrics.latency_p50_ms:.0f} ms / {metrics.latency_p95_ms:.0f} ms"),
        ("runtime", f"{run.runtime_s:.1f} s (loading {sum(run.load_s.values()):.1f} s)"),
    ]


def _failed_first(results: list[CaseResult]) -> list[CaseResult]:
    return sorted(results, key=lambda r: (r.passed, r.metric_only, r.xfail is not None, r.source, r.id))


def to_json(report: Report) -> str:
    data: dict[str, Any] = {
        "ok": report.ok,
        "gate": [g.model_dump() for g in report.gate],
        "metrics": report.metrics.model_dump(mode="json"),
        "item_retrieval": report.items,
        "coverage": report.coverage.model_dump(mode="json"),
        "runtime_s": report.run.runtime_s,
        "load_s": report.run.load_s,
        "corpus_version": report.run.corpus_version,
        "as_of": report.run.as_of.isoformat(),
        "cases": [r.model_dump(mode="json") for r in _failed_first(report.run.results)],
    }
    for name, rate in report.metrics.by_code.items():
        data["metrics"]["by_code"][name]["rate"] = rate.rate
    return json.dumps(data, ensure_ascii=False, indent=1)


def print_report(report: Report, verbose: bool = False) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    metrics, run = report.metrics, report.run

    summary = Table(title="chujing eval", show_header=False)
    summary.add_column("metric", style="bold")
    summary.add_column("value")
    for name, value in summary_rows(metrics, run, report.items):
        summary.add_row(name, value)
    console.print(summary)

    codes = Table(title="pass rate per expected verdict / kind / language")
    codes.add_column("group")
    codes.add_column("passed", justify="right")
    codes.add_column("rate", justify="right")
    for prefix, rates in (("code", metrics.by_code), ("kind", metrics.by_kind), ("lang", metrics.by_language)):
        for name, rate in rates.items():
            codes.add_row(f"{prefix}: {name}", f"{rate.passed}/{rate.total}", _pct(rate.rate))
    console.print(codes)

    actual_codes = [c for c in (*CODES, "error") if any(c in row for row in metrics.confusion.values())]
    confusion = Table(title="confusion matrix (rows expected, columns actual)")
    confusion.add_column("expected")
    for code in actual_codes:
        confusion.add_column(code[:14], justify="right")
    for expected in [c for c in CODES if c in metrics.confusion]:
        row = metrics.confusion[expected]
        confusion.add_row(expected, *[str(row.get(code, "")) for code in actual_codes])
    console.print(confusion)

    failing = [r for r in _failed_first(run.results) if not r.passed and not r.metric_only]
    dev_misses = [r.id for r in run.results if not r.passed and r.metric_only and r.blind_set is None]
    blind_misses = [r.id for r in run.results if not r.passed and r.blind_set is not None]
    if failing:
        table = Table(title=f"failing cases ({len(failing)})")
        table.add_column("case")
        table.add_column("kind")
        table.add_column("expected → actual")
        table.add_column("why", overflow="fold")
        for r in failing:
            mark = f" [xfail: {r.xfail}]" if r.xfail else ""
            table.add_row(
                r.id, r.kind, f"{r.expected_verdict or '-'} → {r.actual_verdict or '-'}", "; ".join(r.failures) + mark
            )
        console.print(table)
    if dev_misses:
        console.print(f"[dim]retrieval dev-set misses (metric-only, not gated one by one): {', '.join(dev_misses)}[/dim]")
    if blind_misses:
        console.print(f"[dim]blind-set misses (gated on the set's accuracy, not one by one): {', '.join(blind_misses)}[/dim]")
    if verbose:
        all_cases = Table(title="all cases")
        for column in ("case", "kind", "lang", "expected", "actual", "ok", "ms"):
            all_cases.add_column(column)
        for r in run.results:
            all_cases.add_row(
                r.id, r.kind, r.language, r.expected_verdict or "-", r.actual_verdict or "-",
                "✓" if r.passed else "✗", f"{sum(r.latencies_ms):.0f}",
            )
        console.print(all_cases)

    cov = report.coverage
    for doc_id, numbers in cov.uncovered.items():
        console.print(f"[dim]articles of {doc_id} no case exercises:[/dim] {numbers or 'none'}")
    if report.gate:
        console.print("[bold red]GATE FAILED[/bold red]")
        for failure in report.gate:
            names = f": {', '.join(failure.cases)}" if failure.cases else ""
            console.print(f"[red]- {failure.rule}[/red] — {failure.detail}{names}")
    else:
        console.print("[bold green]gate passed[/bold green]")


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
h1{margin-bottom:.2em}table{border-collapse:collapse;margin:1em 0;font-size:14px}
th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}
th{background:#f2f2f2}tr.fail td{background:#fdecea}tr.xfail td{background:#fff6e0}
.ok{color:#1a7f37;font-weight:bold}.bad{color:#c62828;font-weight:bold}
details{margin:.3em 0}pre{white-space:pre-wrap;max-width:70em;font-size:13px;background:#fafafa;padding:6px}
td.num{text-align:right}
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def to_html(report: Report) -> str:
    metrics, run, cov = report.metrics, report.run, report.coverage
    out: list[str] = [
        "<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'>",
        "<title>chujing eval report</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>chujing eval</h1>",
        f"<p>as of {_e(run.as_of.isoformat())} · corpus {_e(run.corpus_version or '—')} · gate: "
        + ("<span class='ok'>passed</span>" if report.ok else "<span class='bad'>FAILED</span>")
        + "</p>",
    ]
    if report.gate:
        out.append("<h2>Gate failures</h2><ul>")
        for failure in report.gate:
            names = f": {_e(', '.join(failure.cases))}" if failure.cases else ""
            out.append(f"<li><b>{_e(failure.rule)}</b> — {_e(failure.detail)}{names}</li>")
        out.append("</ul>")

    results = _failed_first(run.results)
    failing = [r for r in results if not r.passed]
    gated = sum(1 for r in failing if not r.metric_only)
    out.append(f"<h2>Failing cases ({gated} gated, {len(failing) - gated} dev-set misses)</h2>")
    out.append(_cases_table(failing) if failing else "<p class='ok'>none</p>")

    out.append("<h2>Summary</h2><table id='summary'>")
    for name, value in summary_rows(metrics, run, report.items):
        out.append(f"<tr><th>{_e(name)}</th><td>{_e(value)}</td></tr>")
    out.append("</table>")

    out.append("<h2>Pass rate</h2><table id='rates'><tr><th>group</th><th>passed</th><th>rate</th></tr>")
    for prefix, rates in (("code", metrics.by_code), ("kind", metrics.by_kind), ("language", metrics.by_language)):
        for name, rate in rates.items():
            out.append(
                f"<tr><td>{_e(prefix)}: {_e(name)}</td><td class='num'>{rate.passed}/{rate.total}</td>"
                f"<td class='num'>{_e(_pct(rate.rate))}</td></tr>"
            )
    out.append("</table>")

    actual_codes = [c for c in (*CODES, "error") if any(c in row for row in metrics.confusion.values())]
    out.append("<h2>Confusion matrix</h2><table id='confusion'><tr><th>expected \\ actual</th>")
    out += [f"<th>{_e(c)}</th>" for c in actual_codes]
    out.append("</tr>")
    for expected in [c for c in CODES if c in metrics.confusion]:
        row = metrics.confusion[expected]
        cells = "".join(f"<td class='num'>{row.get(c, '')}</td>" for c in actual_codes)
        out.append(f"<tr><th>{_e(expected)}</th>{cells}</tr>")
    out.append("</table>")

    out.append("<h2>Article coverage</h2><table id='coverage'><tr><th>document</th><th>articles no case exercises</th></tr>")
    for doc_id, numbers in cov.uncovered.items():
        out.append(f"<tr><td>{_e(doc_id)}</td><td>{_e(', '.join(map(str, numbers)) or 'none')}</td></tr>")
    out.append("</table>")
    if cov.uncovered_required:
        out.append(f"<p class='bad'>verdict-bearing articles uncovered: {_e(', '.join(cov.uncovered_required))}</p>")

    out.append(f"<h2>All cases ({len(results)})</h2>")
    out.append(_cases_table(results))
    out.append("</body></html>")
    return "\n".join(out)


def _cases_table(results: list[CaseResult]) -> str:
    rows = [
        "<table class='cases'><tr><th>case</th><th>kind</th><th>lang</th><th>expected</th><th>actual</th>"
        "<th>result</th><th>why / details</th><th>ms</th></tr>"
    ]
    for r in results:
        css = "" if r.passed else ("xfail" if r.xfail or r.metric_only else "fail")
        status = "pass" if r.passed else ("xfail" if r.xfail else ("miss (dev)" if r.metric_only else "FAIL"))
        detail = "<br>".join(_e(f) for f in r.failures)
        if r.xfail:
            detail += f"<br><i>xfail: {_e(r.xfail)}</i>"
        extra = f"cited: {', '.join(r.cited) or '—'}"
        if r.kind == "retrieval":
            extra = f"gold: {', '.join(r.gold)} · rank: {r.rank or '—'} · top: {', '.join(r.retrieved[:5])}"
        detail += f"<details><summary>details</summary><p>{_e(extra)}</p>"
        if r.note:
            detail += f"<p>{_e(r.note)}</p>"
        if r.answer:
            detail += f"<pre>{_e(r.answer)}</pre>"
        detail += "</details>"
        rows.append(
            f"<tr class='{css}'><td>{_e(r.id)}</td><td>{_e(r.kind)}</td><td>{_e(r.language)}</td>"
            f"<td>{_e(r.expected_verdict or '-')}</td><td>{_e(r.actual_verdict or '-')}</td><td>{status}</td>"
            f"<td>{detail}</td><td class='num'>{sum(r.latencies_ms):.0f}</td></tr>"
        )
    rows.append("</table>")
    return "\n".join(rows)
