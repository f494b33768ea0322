"""`chujing serve`: the chat page and the JSON API."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.app import app


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind; the default keeps the server on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port (0 = any free port).")] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes; each loads the pipeline once. Chat sessions are shared (SQLite in the data dir, or CHUJING_SESSION_URL).")] = 1,
) -> None:
    """Serve the chat page and the JSON API (OpenAPI docs at /docs)."""
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: binding to {host}: the API is reachable from other machines", err=True)
    # An app factory: each worker process builds its own app (and loads the pipeline once). Keep-alive and graceful
    # shutdown defaults are fine; access logs show paths only (no headers, so no tokens).
    uvicorn.run(
        "assistant.web.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
    )
