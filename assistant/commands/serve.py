"""`chujing serve` (the web app) and `chujing audit export` (the audit log as CSV)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli import app

audit_app = typer.Typer(help="The audit log of answered questions.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind; the default keeps the server on this machine.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="TCP port (0 = any free port).")] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Serve the chat page and the JSON API (OpenAPI docs at /docs)."""
    import uvicorn

    from assistant.api import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: binding to {host}: the API is reachable from other machines", err=True)
    application = create_app()
    # Keep-alive and graceful shutdown defaults are fine; access logs show paths only (no headers, so no tokens).
    uvicorn.run(application, host=host, port=port, log_level=log_level, proxy_headers=False, server_header=False)


@audit_app.command("export")
def audit_export(
    since: Annotated[str, typer.Option(help="First day to include: YYYY-MM-DD (or an ISO timestamp, UTC).")],
    out: Annotated[Path | None, typer.Option(help="CSV file to write; default standard output.")] = None,
    until: Annotated[str | None, typer.Option(help="Day after the last to include (exclusive).")] = None,
    db: Annotated[Path | None, typer.Option(help="Audit database; default <data_dir>/audit.db.")] = None,
) -> None:
    """Export answered questions (question, facts, verdict, citations, corpus version, timing) as CSV."""
    from assistant.audit import AuditLog, default_audit_path, parse_since

    try:
        start = parse_since(since)
        end = parse_since(until) if until else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    path = db or default_audit_path()
    if not path.exists():
        typer.echo(f"no audit log at {path} (nothing has been answered through the server yet)", err=True)
        raise typer.Exit(1)
    log = AuditLog(path)
    try:
        if out is None:
            n = log.export_csv(sys.stdout, since=start, until=end)
        else:
            # utf-8-sig so that Excel, which compliance teams open CSVs in, shows the Chinese text correctly.
            with out.open("w", encoding="utf-8-sig", newline="") as handle:
                n = log.export_csv(handle, since=start, until=end)
    finally:
        log.close()
    typer.echo(f"{n} row(s) exported" + (f" to {out}" if out else ""), err=True)
