"""`chujing search "QUERY"`: ranked articles (SPEC §5 JSON with --json, a table otherwise) (retrieval helper).

What a user expects (issue 17): typing the data in their own words finds the negative-list items too. Articles and
items come from two indexes whose scores are not comparable, so they are never interleaved into one ranking:
the default prints the articles (the SPEC §5 JSON is unchanged, tools depend on it) and, in the terminal table
only, the best few list items under them; `--kind list_item` searches items alone, `--kind all` both (JSON:
`{"articles": [...], "list_items": [...]}`). Guidelines are articles (kind `guideline`, `--kind guideline`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, get_args

import typer

from assistant.cli.app import app
from ingest.models import DocumentKind, DocumentStatus

ITEM_KIND = "list_item"
ALL_KINDS = "all"
ITEMS_UNDER_ARTICLES = 3  # list items shown under the article table by default


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Question or words to search for, Chinese or English; may name an article (第八条, P5).")],
    k: Annotated[int, typer.Option("-k", "--k", min=1, max=100, help="Number of articles to return.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of {doc_id, title, article, label, score, text}.")] = False,
    status: Annotated[
        list[str] | None,
        typer.Option("--status", help="Document statuses to include (repeatable): in_force (default), superseded, partial, illustrative, or all."),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="What to search (repeatable): article (default; the table also shows the best list "
                     "items), list_item (negative-list items only), all (both), or document kinds of articles, e.g. "
                     "law, measures, guideline."),
    ] = None,
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Only these document ids (repeatable).")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Only documents in force on this date (YYYY-MM-DD).")] = None,
) -> None:
    """Search the corpus articles (BM25 + vectors, fused)."""
    from retrieval.index import RetrievalIndexError, load_retriever

    day = _day(as_of)
    if kind and ITEM_KIND in kind:
        if len(set(kind) - {ITEM_KIND}) > 0:
            raise typer.BadParameter("--kind list_item searches list items only; --kind all searches both")
        _print_items(query, _search_items(query, k, day or date.today()), as_json)
        return
    both = bool(kind) and ALL_KINDS in (kind or [])
    statuses = _statuses(status)
    kinds = _kinds([v for v in kind or [] if v not in ("article", ALL_KINDS)])
    try:
        retriever = load_retriever()
    except RetrievalIndexError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    hits = retriever.search(query, k, statuses=statuses, kinds=kinds, doc_ids=doc or None, as_of=day)
    for note in retriever.degraded:
        typer.echo(f"warning: {note}", err=True)
    if as_json:
        payload: Any = [h.model_dump(include={"doc_id", "title", "article", "label", "score", "text"}) for h in hits]
        if both:
            items = _search_items(query, k, day or date.today())
            payload = {"articles": payload, "list_items": [h.model_dump() for h in items]}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    _print_articles(query, hits, retriever)
    if not kind or both:
        items = _search_items(query, k if both else ITEMS_UNDER_ARTICLES, day or date.today())
        if items:
            _print_items(query, items, False, hint=not both)


def _print_articles(query: str, hits: Sequence[Any], retriever: Any) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"search: {query}", show_lines=True, expand=True)
    table.add_column("#", justify="right", width=2)
    table.add_column("article", ratio=2, overflow="fold")
    table.add_column("score", justify="right", width=5)
    table.add_column("text", ratio=5, overflow="fold")
    for rank, hit in enumerate(hits, 1):
        short = retriever.corpus.documents[hit.doc_id].short_title if hit.doc_id in retriever.corpus.documents else hit.title
        flag = "" if hit.status == "in_force" else f" [{hit.status}]"
        text = " ".join(hit.text.split())
        text = text if len(text) <= 200 else text[:200] + "…"
        table.add_row(str(rank), f"{short}{flag} {hit.label}\n[dim]{hit.id}[/dim]", f"{hit.score:.3f}", text)
    Console().print(table if hits else "no matching articles")


def _day(as_of: str | None) -> date | None:
    try:
        return date.fromisoformat(as_of) if as_of else None
    except ValueError:
        raise typer.BadParameter(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from None


def _search_items(query: str, k: int, as_of: date) -> list[Any]:
    """Negative-list items (issue 17): each hit names its list, edition (flagged when not the one in force on
    `as_of`), and whether the list is illustrative."""
    from assistant.lists.editions import edition_statuses
    from assistant.lists.load import load_lists
    from retrieval.index import RetrievalIndexError, load_retriever
    from retrieval.items import item_index

    try:
        retriever = load_retriever()
        embeddings = retriever.dense.embeddings if retriever.dense is not None else None
    except RetrievalIndexError as exc:
        typer.echo(f"warning: {exc}; lexical item search only", err=True)
        embeddings = None
    lists = load_lists()
    return item_index(lists, embeddings).search(query, k, editions=edition_statuses(lists, as_of))  # type: ignore[arg-type]


def _print_items(query: str, hits: Sequence[Any], as_json: bool, hint: bool = False) -> None:
    if as_json:
        typer.echo(json.dumps([h.model_dump() for h in hits], ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    title = f"negative-list items (more with --kind list_item): {query}" if hint else f"search (list items): {query}"
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("#", justify="right", width=2)
    table.add_column("item", ratio=2, overflow="fold")
    table.add_column("score", justify="right", width=5)
    table.add_column("text", ratio=5, overflow="fold")
    for rank, hit in enumerate(hits, 1):
        flag = (" [illustrative]" if hit.illustrative else "") + ("" if hit.in_force else f" [{hit.edition_status}]")
        where = f"{hit.label}\n[dim]{hit.id} · edition {hit.edition}{flag}[/dim]"
        table.add_row(str(rank), where, f"{hit.score:.3f}", f"{hit.text}\n→ {hit.route}")
    Console().print(table if hits else "no matching list items")


def _statuses(values: list[str] | None) -> tuple[DocumentStatus, ...] | None:
    if not values:
        return ("in_force",)
    if "all" in values:
        return None
    allowed = get_args(DocumentStatus)
    for v in values:
        if v not in allowed:
            raise typer.BadParameter(f"--status {v!r}: choose from {', '.join(allowed)} or all")
    return tuple(values)  # type: ignore[arg-type]


def _kinds(values: list[str] | None) -> tuple[DocumentKind, ...] | None:
    if not values:
        return None
    allowed = get_args(DocumentKind)
    for v in values:
        if v not in allowed:
            raise typer.BadParameter(f"--kind {v!r}: choose from {', '.join(allowed)}")
    return tuple(values)  # type: ignore[arg-type]
