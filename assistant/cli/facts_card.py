"""The terminal chat's `/facts` and `/set key=value` (issue 14): show what was understood, correct it in place."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from assistant.models import AskResponse
    from assistant.pipeline import Pipeline

HELP = "/facts: what I understood · /set key=value (e.g. /set is_ciio=yes, /set pi_count_ytd=150000)"
_SOURCE_MARKS = {"stated": "·", "answered": "›", "assumed": "?", "corrected": "✎"}


def card_text(response: AskResponse | None) -> str:
    """The card as lines: a mark for where each fact came from, the label, the value in plain words."""
    if response is None or not response.understood:
        return "（尚无可显示的事实 / nothing understood yet）"
    zh = response.language == "zh"
    lines = ["我理解的情况：" if zh else "What I understood:"]
    for fact in response.understood:
        sep = "：" if zh else ": "
        lines.append(f"  {_SOURCE_MARKS[fact.source]} {fact.label}{sep}{fact.text}  [{fact.key}]")
    lines.append("  （· 您所述  › 您的回答  ? 默认  ✎ 已更正）" if zh else "  (· stated  › answered  ? assumed  ✎ corrected)")
    return "\n".join(lines)


def parse_set(arg: str) -> dict[str, str]:
    """`key=value[, key=value…]` → a patch (values checked by the pipeline against Facts)."""
    patch: dict[str, str] = {}
    for part in arg.replace("，", ",").split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"expected key=value, got {part.strip()!r}")
        patch[key.strip()] = value.strip()
    if not patch:
        raise ValueError("expected key=value")
    return patch


def handle(line: str, pipeline: Pipeline, session_id: str, last: AskResponse | None, as_json: bool) -> tuple[bool, AskResponse | None]:
    """Run a slash command; returns (handled, the latest response)."""
    from assistant.question.validate import QuestionError

    command, _, arg = line.partition(" ")
    if command == "/facts":
        if as_json:
            typer.echo(json.dumps([f.model_dump(mode="json") for f in (last.understood if last else [])], ensure_ascii=False))
        else:
            typer.echo(card_text(last))
        return True, last
    if command != "/set":
        if line.startswith("/"):
            typer.echo(f"unknown command {command!r}; {HELP}", err=True)
            return True, last
        return False, last
    try:
        response = pipeline.ask(None, session_id=session_id, facts_patch=parse_set(arg))
    except (QuestionError, ValueError) as exc:
        typer.echo(json.dumps({"error": str(exc)}, ensure_ascii=False) if as_json else f"error: {exc}", err=not as_json)
        return True, last
    if as_json:
        typer.echo(json.dumps(response.model_dump(mode="json"), ensure_ascii=False))
    else:
        if response.change is not None:
            typer.echo(response.change.text)
        typer.echo(card_text(response))
    return True, response
