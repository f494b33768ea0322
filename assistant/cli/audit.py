"""`chujing audit export`: the audit log of answered questions as CSV; `chujing audit corrections`: the facts users corrected."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli.app import app

if TYPE_CHECKING:
    from assistant.session.audit import AuditLog

audit_app = typer.Typer(help="The audit log of answered questions.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("export")
def audit_export(
    since: Annotated[str, typer.Option(help="First day to include: YYYY-MM-DD (or an ISO timestamp, UTC).")],
    out: Annotated[Path | None, typer.Option(help="CSV file to write; default standard output.")] = None,
    until: Annotated[str | None, typer.Option(help="Day after the last to include (exclusive).")] = None,
    db: Annotated[Path | None, typer.Option(help="Audit database; default <data_dir>/audit.db.")] = None,
) -> None:
    """Export answered questions (question, facts, verdict, citations, corpus version, timing) as CSV."""
    start, end = _days(since, until)
    log = _open_log(db)
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


@audit_app.command("corrections")
def audit_corrections(
    since: Annotated[str | None, typer.Option(help="First day to include: YYYY-MM-DD (or an ISO timestamp, UTC).")] = None,
    db: Annotated[Path | None, typer.Option(help="Audit database; default <data_dir>/audit.db.")] = None,
) -> None:
    """Which readings users correct most: key, value read, value corrected and count (facts_patch, issue 14)."""
    start, _ = _days(since, None)
    log = _open_log(db)
    try:
        rows = log.correction_summary(since=start)
    finally:
        log.close()
    if not rows:
        typer.echo("no corrections" + (f" since {since}" if since else ""))
        return
    header = ("key", "value read", "value corrected", "count")
    table = [header, *[(r["key"], r["value_read"], r["value_corrected"], str(r["count"])) for r in rows]]
    widths = [max(len(str(row[i])) for row in table) for i in range(4)]
    for row in table:
        typer.echo("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _days(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """The --since / --until options as times; a malformed one is a usage error naming it."""
    from assistant.session.audit import parse_since

    try:
        return (parse_since(since) if since else None), (parse_since(until) if until else None)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


def _open_log(db: Path | None) -> AuditLog:
    """The audit log at --db or the configured path; exit 1 with a clear message when there is none yet."""
    from assistant.session.audit import AuditLog
    from assistant.settings import Settings

    path = db or Settings.from_env().audit_path
    if not path.exists():
        typer.echo(f"no audit log at {path} (nothing has been answered through the server yet)", err=True)
        raise typer.Exit(1)
    return AuditLog(path)
