"""`chujing articles show|list`: the parsed articles (条) of the corpus."""

from __future__ import annotations

import json
import shutil
from typing import Annotated, Any

import typer

from assistant.cli.app import app

articles_app = typer.Typer(help="Show the parsed articles (条) of the corpus.", no_args_is_help=True)
app.add_typer(articles_app, name="articles")


def _err(message: str) -> None:
    typer.secho(message, err=True, fg=typer.colors.RED)


def _article_json(article: Any) -> dict[str, Any]:
    data: dict[str, Any] = article.model_dump(mode="json", exclude={"document"})
    doc = article.document
    data["document"] = {"doc_id": doc.doc_id, "title": doc.title, "short_title": doc.short_title, "status": doc.status,
                        "issued": doc.issued.isoformat() if doc.issued else None,
                        "effective": doc.effective.isoformat() if doc.effective else None,
                        "repealed": doc.repealed.isoformat() if doc.repealed else None}
    return data


@articles_app.command("show")
def articles_show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id 'doc_id#N', e.g. sh-ftz-measures-2025#8.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the article as JSON.")] = False,
) -> None:
    """Print one article: label, chapter, document status and text."""
    from ingest.corpus import default_corpus

    corpus = default_corpus()
    try:
        article = corpus.get(article_id.strip())
    except KeyError:
        _err(f"error: no article {article_id!r} (ids look like sh-ftz-measures-2025#8; see `chujing articles list DOC_ID`)")
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(_article_json(article), ensure_ascii=False, indent=2))
        return
    doc = article.document
    typer.echo(f"{article.id}  {doc.title} {article.label}")
    if article.chapter:
        typer.echo(f"chapter:  {article.chapter}{' / ' + article.section if article.section else ''}")
    typer.echo(f"status:   {doc.status}{' (repealed ' + doc.repealed.isoformat() + ')' if doc.repealed else ''}")
    if doc.notes and doc.status != "in_force":
        typer.echo(f"note:     {doc.notes}")
    typer.echo("")
    typer.echo(article.text)


@articles_app.command("list")
def articles_list(
    doc_id: Annotated[str, typer.Argument(help="Document id (or its short title / alias).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
) -> None:
    """List a document's articles with their chapter and first words."""
    from ingest.corpus import default_corpus

    corpus = default_corpus()
    doc = corpus.documents.get(doc_id) or corpus.find_document(doc_id)
    if doc is None:
        _err(f"error: no document {doc_id!r} (have: {', '.join(corpus.documents)})")
        raise typer.Exit(1)
    articles = corpus.articles_of(doc.doc_id)
    if as_json:
        rows = [{"id": a.id, "article": a.number, "label": a.label, "chapter": a.chapter, "section": a.section,
                 "paragraphs": len(a.paragraphs)} for a in articles]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{doc.doc_id}: {doc.title} ({doc.status}, {len(articles)} articles)")
    from rich.console import Console

    console = Console(highlight=False, width=max(shutil.get_terminal_size((120, 20)).columns, 60))
    chapter: str | None = None
    for article in articles:
        if article.chapter != chapter and article.chapter:
            chapter = article.chapter
            console.print(f"  {chapter}", markup=False)
        first = article.text.split("\n", 1)[0]
        console.print(f"    {article.id:<34} {first}", overflow="ellipsis", no_wrap=True, crop=True, markup=False)
