"""`chujing ask`, `chujing chat`, `chujing draft` (assistant helper).

Only typer is imported at module level: the pipeline (corpus, rules, retrieval) loads inside the commands so
`chujing --help` and a cold `chujing ask` start fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from assistant.cli.app import app

if TYPE_CHECKING:
    from assistant.models import AskResponse
    from assistant.pipeline import Pipeline

EXIT_WORDS = {"exit", "quit", ":q", "退出", "再见", "结束"}


def _pipeline() -> Pipeline:
    from assistant.pipeline import get_pipeline

    try:
        return get_pipeline()
    except ValueError as exc:  # a malformed CHUJING_* setting
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None


def _json(response: AskResponse, indent: int | None = None) -> str:
    return json.dumps(response.model_dump(mode="json"), ensure_ascii=False, indent=indent)


def _error(message: str, **extra: Any) -> str:
    return json.dumps({"error": message, **extra}, ensure_ascii=False)


def _print_answer(response: AskResponse) -> None:
    from rich.console import Console
    from rich.markdown import Markdown

    console = Console()
    console.print(Markdown(response.answer))
    err = Console(stderr=True)
    for note in response.degraded:
        err.print(f"[yellow]degraded:[/yellow] {note}", markup=True, highlight=False)
    if response.llm is not None and response.llm.fallback_reason:
        err.print(f"[yellow]LLM not used:[/yellow] {response.llm.fallback_reason}", markup=True, highlight=False)


def _ask_lines(pipeline: Pipeline) -> int:
    """JSONL: one question per input line, one JSON object per output line; bad lines give an error object."""
    from assistant.question.validate import QuestionError

    failures = 0
    for number, raw in enumerate(sys.stdin, start=1):
        line = raw.rstrip("\r\n")
        try:
            typer.echo(_json(pipeline.ask(line)))
        except QuestionError as exc:
            failures += 1
            typer.echo(_error(str(exc), line=number, question=line))
        except Exception as exc:  # one broken question must not stop the batch
            failures += 1
            typer.echo(_error(f"internal error: {type(exc).__name__}: {exc}", line=number, question=line))
        sys.stdout.flush()
    return failures


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, Chinese or English; '-' reads one question per line from stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the SPEC §5 JSON object (JSONL when reading stdin).")] = False,
) -> None:
    """Ask one question: verdict, reasoning, quoted articles, obligations."""
    from assistant.question.validate import QuestionError

    pipeline = _pipeline()
    if question == "-":
        if not as_json:
            for number, line in enumerate(sys.stdin, start=1):
                if not line.strip():
                    continue
                try:
                    _print_answer(pipeline.ask(line))
                except QuestionError as exc:
                    typer.echo(f"error (line {number}): {exc}", err=True)
            return
        _ask_lines(pipeline)
        return
    try:
        response = pipeline.ask(question)
    except QuestionError as exc:
        if as_json:
            typer.echo(_error(str(exc), question=question))
        else:
            typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if as_json:
        typer.echo(_json(response, indent=2))
    else:
        _print_answer(response)


@app.command()
def chat(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per turn instead of Markdown.")] = False,
    session: Annotated[str | None, typer.Option("--session", help="Session id (default: a new one).")] = None,
) -> None:
    """Chat in the terminal: facts carry across turns; answer the clarifying questions ('是', '临港', '15万人').
    `/facts` shows what was understood; `/set is_ciio=yes` or `/set pi_count_ytd=150000` corrects it."""
    from assistant.cli.facts_card import HELP, handle
    from assistant.question.validate import QuestionError
    from assistant.session.chats import SessionStore

    pipeline = _pipeline()
    session_id = session or SessionStore.new_id()
    interactive = sys.stdin.isatty()
    last: AskResponse | None = None
    if interactive:
        typer.echo(f"出境通 chat — 输入问题，'exit' 退出 / type 'exit' to quit · {HELP}")
    while True:
        if interactive:
            typer.echo("> ", nl=False)
        line = sys.stdin.readline()
        if not line:
            break
        message = line.strip()
        if message.lower() in EXIT_WORDS:
            break
        if not message:
            continue
        handled, last = handle(message, pipeline, session_id, last, as_json)
        if handled:
            sys.stdout.flush()
            continue
        try:
            response = pipeline.ask(message, session_id=session_id)
            last = response
        except QuestionError as exc:
            typer.echo(_error(str(exc), question=message) if as_json else f"error: {exc}", err=not as_json)
            continue
        if as_json:
            typer.echo(_json(response))
        else:
            _print_answer(response)
            typer.echo("")
        sys.stdout.flush()


@app.command()
def draft(
    question: Annotated[str, typer.Argument(help="The company's question, as received.")],
    company: Annotated[str | None, typer.Option("--company", help="Addressee, e.g. 某某再保险有限公司.")] = None,
    fmt: Annotated[Literal["md", "docx"], typer.Option("--format", help="md (Markdown) or docx.")] = "md",
    out: Annotated[Path | None, typer.Option("--out", help="Write here (default: stdout for md, ./chujing-reply.docx for docx).")] = None,
) -> None:
    """Draft a formal Chinese helpdesk reply (结论、依据、义务、建议、免责声明、落款日期)."""
    from assistant.answer.draft import render_docx, render_draft
    from assistant.question.validate import QuestionError

    pipeline = _pipeline()
    try:
        response = pipeline.ask(question, language="zh")
    except QuestionError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if fmt == "docx":
        target = out or Path("chujing-reply.docx")
        target.write_bytes(render_docx(response, company, pipeline=pipeline))
        typer.echo(str(target))
        return
    text = render_draft(response, company, pipeline=pipeline)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(str(out))
