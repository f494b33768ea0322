"""`chujing index build|rebuild|status`: the search index over the corpus (retrieval helper)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from assistant.cli.app import app

index_app = typer.Typer(help="The search index (BM25 + vectors) over the corpus articles.", no_args_is_help=True)
app.add_typer(index_app, name="index")


def _build(force: bool) -> None:
    from ingest.corpus import default_corpus
    from retrieval.index import build_index, index_status
    from retrieval.settings import RetrievalSettings

    settings = RetrievalSettings.from_env()
    corpus = default_corpus()
    if not force:
        status = index_status(settings, corpus)
        if status.problem is None and status.up_to_date:
            typer.echo(f"index up to date: build {status.current} ({status.manifest.article_count if status.manifest else '?'} articles)")
            return
    build_dir = build_index(corpus, settings)
    manifest = index_status(settings).manifest
    if manifest is None:
        raise typer.Exit(1)
    dense = (
        "no vectors"
        if manifest.chroma.mode == "none"
        else f"{manifest.chunk_count} chunks ({manifest.chunks_embedded} embedded, rest cached), {manifest.embeddings}, "
        f"{manifest.chroma.mode} Chroma"
    )
    typer.echo(
        f"built index {build_dir.name}: {manifest.article_count} articles, {dense}, in {manifest.build_seconds:.1f} s "
        f"→ {build_dir}"
    )


@index_app.command("build")
def build(
    force: Annotated[bool, typer.Option("--force", help="Rebuild even when the index matches the corpus.")] = False,
) -> None:
    """Build the index if it is missing or stale (the corpus or the embedding model changed)."""
    _build(force)


@index_app.command("rebuild")
def rebuild() -> None:
    """Build a fresh index and swap it in atomically; the old one serves until the new one is complete."""
    _build(True)


@index_app.command("status")
def status(as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False) -> None:
    """Show the active build, its manifest and whether it matches the corpus."""
    from ingest.corpus import default_corpus
    from retrieval.index import index_status
    from retrieval.settings import RetrievalSettings

    st = index_status(RetrievalSettings.from_env(), default_corpus())
    if as_json:
        typer.echo(json.dumps(st.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        typer.echo(f"data dir:  {st.data_dir}")
        typer.echo(f"build:     {st.current or '(none)'}")
        if st.manifest:
            m = st.manifest
            typer.echo(f"created:   {m.created:%Y-%m-%d %H:%M:%S} UTC ({m.build_seconds:.1f} s)")
            typer.echo(f"articles:  {m.article_count}   chunks: {m.chunk_count}   tokenizer: {m.tokenizer}")
            typer.echo(f"vectors:   {m.embeddings} ({m.chroma.mode}{', ' + m.chroma.collection if m.chroma.collection else ''})")
            typer.echo(f"corpus:    {m.corpus_version[:16]} (now {(st.corpus_version or '?')[:16]})")
        typer.echo(f"up to date: {st.up_to_date}")
        if st.problem:
            typer.echo(f"problem:   {st.problem}", err=True)
    if st.problem:
        raise typer.Exit(1)
