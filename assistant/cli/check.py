"""`chujing check`: the deterministic rule check alone, on a facts file."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from assistant.cli.app import app
from assistant.cli.lists import load_lists_or_exit


@app.command()
def check(
    facts_file: Annotated[str, typer.Option("--facts", help="Facts as JSON (SPEC §5 'facts' object); '-' reads standard input.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the verdict as one JSON object.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date of the check (YYYY-MM-DD); default today.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the verdict text: zh or en.")] = "zh",
) -> None:
    """Run the deterministic rule check on a facts file and print the verdict."""
    from pydantic import ValidationError

    from assistant.models import Facts
    from assistant.rules import decide
    from ingest.corpus import default_corpus

    if lang not in ("zh", "en"):
        raise typer.BadParameter("--lang must be zh or en")
    language: Literal["zh", "en"] = "zh" if lang == "zh" else "en"
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise typer.BadParameter(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from None
    try:
        raw = sys.stdin.read() if facts_file == "-" else Path(facts_file).read_text(encoding="utf-8")
        data = json.loads(raw)
        if isinstance(data, dict) and isinstance(data.get("facts"), dict):
            data = data["facts"]  # accept a whole AskResponse too
        facts = Facts.model_validate(data)
    except (OSError, json.JSONDecodeError, ValidationError) as exc:
        typer.echo(f"error: cannot read facts from {facts_file}: {exc}", err=True)
        raise typer.Exit(2) from None
    verdict = decide(facts, default_corpus(), load_lists_or_exit(), day, language)
    if as_json:
        typer.echo(json.dumps(verdict.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    from rich.console import Console

    console = Console()
    console.print(f"[bold]{verdict.code}[/bold] — {verdict.label}")
    for number, step in enumerate(verdict.steps, 1):
        where = f" [{step.citation.id} {step.citation.label}]" if step.citation else ""
        console.print(f"{number}. {step.check}: {step.finding}{where}", markup=False)
    if verdict.missing_facts:
        console.print("[bold]missing facts[/bold]")
        for fact in verdict.missing_facts:
            console.print(f"- {fact.key}: {fact.question} ({' / '.join(fact.choices)})", markup=False)
    for match in verdict.list_matches:
        console.print(f"  candidate: {match.item_id} {match.category}/{match.subcategory} → {match.route} ({match.score:.2f}, {match.status})", markup=False)
    if verdict.obligations:
        console.print("[bold]obligations[/bold]")
        for ob in verdict.obligations:
            console.print(f"- {ob.text} [{ob.citation.id} {ob.citation.label}]", markup=False)
    for warning in verdict.warnings:
        console.print(f"[yellow]warning:[/yellow] {warning}")
