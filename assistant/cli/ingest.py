"""`chujing ingest [PATH…]`: add documents and negative lists, or re-parse the corpus and rebuild the index.

`ingest` with no path parses the whole corpus (repo + uploads), prints per-document article counts and rebuilds
the search index. With paths it adds each file as an upload (PDF/TXT/MD → `ingest.corpus.add_document`;
YAML/CSV/XLSX negative lists → `assistant.lists`), reports every bad file with its reason, keeps going, and
exits 1 if any failed.
"""

from __future__ import annotations

import contextlib
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli.app import app

DOCUMENT_SUFFIXES = (".pdf", ".txt", ".md", ".markdown")
LIST_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")


def _err(message: str) -> None:
    typer.secho(message, err=True, fg=typer.colors.RED)


def _rebuild_index() -> None:
    from rich.console import Console

    from ingest.corpus import default_corpus
    from retrieval.index import build_index

    default_corpus.cache_clear()
    started = time.perf_counter()
    console = Console(stderr=True)
    # A spinner while embedding runs (tens of seconds on CPU); nothing is drawn when stderr is not a terminal.
    with console.status("building the search index…", spinner="dots") if console.is_terminal else _nothing():
        build_dir = build_index(default_corpus())
    typer.echo(f"search index: rebuilt in {time.perf_counter() - started:.1f} s → {build_dir}")


@contextlib.contextmanager
def _nothing() -> Iterator[None]:
    yield


def _summarise_corpus() -> bool:
    from rich.console import Console
    from rich.table import Table

    from ingest.corpus import default_corpus
    from ingest.errors import IngestError

    default_corpus.cache_clear()
    started = time.perf_counter()
    try:
        corpus = default_corpus()
    except IngestError as exc:
        _err(f"error: {exc}")
        return False
    elapsed = time.perf_counter() - started
    table = Table(title=f"corpus {corpus.version[:12]}: {len(corpus.documents)} documents, {len(corpus.articles)} articles")
    table.add_column("doc_id", no_wrap=True, min_width=max((len(d) for d in corpus.documents), default=6))
    table.add_column("status", no_wrap=True)
    table.add_column("chap.", justify="right")
    table.add_column("arts", justify="right")
    table.add_column("short title")
    for doc in corpus.documents.values():
        articles = corpus.articles_of(doc.doc_id)
        chapters = len({a.chapter for a in articles if a.chapter})
        table.add_row(doc.doc_id, doc.status, str(chapters or "-"), str(len(articles)), doc.short_title)
    Console().print(table)
    typer.echo(f"loaded and parsed in {elapsed * 1000:.0f} ms")
    return True


def _ingest_list(path: Path, list_id: str | None, title: str | None, status: str | None, source: str | None) -> str:
    """Validate a negative list (YAML) or import a table (CSV/XLSX) into <data_dir>/uploads/lists/."""
    from assistant.lists.importer import import_table
    from assistant.lists.load import ListValidationError, dump_list, load_list_file, parse_list
    from ingest.corpus import uploads_root

    target_dir = uploads_root() / "lists"
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            lst = load_list_file(path)
            text = path.read_text(encoding="utf-8")
        else:
            list_status = status if status in ("official", "illustrative") else "illustrative"
            lst = import_table(path, list_id=list_id, title=title, status=list_status, source=source)
            text = dump_list(lst)
            parse_list(text, str(path))
    except ListValidationError as exc:
        raise ValueError("; ".join(str(e) for e in exc.errors)) from None
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}", lst.list_id) or ".." in lst.list_id:
        raise ValueError(f"list_id {lst.list_id!r} must be letters, digits, '.', '_' or '-' (it names the stored file)")
    target = target_dir / f"{lst.list_id}.yaml"
    target_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".yaml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    return f"list {lst.list_id} ({lst.status}) → {target}"


@app.command("ingest")
def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files to add (PDF, TXT, MD; YAML/CSV/XLSX negative lists). None: parse the whole corpus.")] = None,
    doc_id: Annotated[str | None, typer.Option("--doc-id", help="Document id (one file only); default from the file name.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Full official title.")] = None,
    short_title: Annotated[str | None, typer.Option("--short-title", help="Short name.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="measures | regulation | law | negative_list | guideline | faq.")] = None,
    status: Annotated[str | None, typer.Option("--status", help="in_force | superseded | partial | illustrative (lists: official | illustrative).")] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="Issuing body.")] = None,
    issued: Annotated[str | None, typer.Option("--issued", help="Issue date, YYYY-MM-DD.")] = None,
    effective: Annotated[str | None, typer.Option("--effective", help="Effective date, YYYY-MM-DD.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Where the text comes from.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace a document with the same doc_id.")] = False,
    no_index: Annotated[bool, typer.Option("--no-index", help="Do not rebuild the search index afterwards.")] = False,
) -> None:
    """Parse the corpus and rebuild the index, or add new documents and lists."""
    if not paths:
        ok = _summarise_corpus()
        if not ok:
            raise typer.Exit(1)
        if not no_index:
            _rebuild_index()
        return
    if doc_id and len(paths) > 1:
        raise typer.BadParameter("--doc-id names one document; give one file at a time", param_hint="--doc-id")

    import sys

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ingest.corpus import add_document, uploads_root
    from ingest.errors import IngestError

    metadata: dict[str, Any] = {
        "doc_id": doc_id, "title": title, "short_title": short_title, "kind": kind, "status": status,
        "issuer": issuer, "issued": issued, "effective": effective, "source": source,
    }
    failures = 0
    added = 0
    documents_added = 0  # lists do not change the search index
    # The bar goes to stderr and only on a terminal; results and errors are plain lines (greppable, unwrapped).
    show_bar = len(paths) >= 3 and sys.stderr.isatty()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), transient=True,
                  console=Console(stderr=True), disable=not show_bar) as progress:
        task = progress.add_task("ingesting", total=len(paths))
        for path in paths:
            progress.update(task, description=f"ingesting {path.name}")
            suffix = path.suffix.lower()
            try:
                if suffix in LIST_SUFFIXES:
                    message = _ingest_list(path, doc_id, title, status, source)
                elif suffix in DOCUMENT_SUFFIXES or not path.is_file():
                    document = add_document(path, metadata, replace=replace)
                    count = _count_articles(uploads_root() / "texts" / f"{document.doc_id}.md")
                    message = f"{document.doc_id}: {count} articles ({document.status}) ← {path}"
                else:
                    raise IngestError(path, f"unsupported file type {suffix or '(none)'!r}; expected PDF, TXT, MD, YAML, CSV or XLSX")
                typer.echo(f"added {message}")
                added += 1
                documents_added += suffix not in LIST_SUFFIXES
            except IngestError as exc:
                failures += 1
                _err(f"error: {exc}")
            except (ValueError, RuntimeError, OSError) as exc:
                failures += 1
                _err(f"error: {path}: {exc}")
            progress.advance(task)
    typer.echo(f"{added} added, {failures} failed")
    if documents_added and not no_index:
        _rebuild_index()
    if failures:
        raise typer.Exit(1)


def _count_articles(path: Path) -> int:
    from ingest.corpus import parse_corpus_file

    return len(parse_corpus_file(path)[1].articles)
