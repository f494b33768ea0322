"""`chujing lists validate|import|show|match`: negative lists (SPEC §6)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.cli.app import app
from assistant.lists.model import NegativeList

lists_app = typer.Typer(help="Negative lists: validate, import from CSV/XLSX, show, match a description.", no_args_is_help=True)
app.add_typer(lists_app, name="lists")


def load_lists_or_exit() -> list[NegativeList]:
    from assistant.lists.load import ListValidationError, load_lists

    try:
        return load_lists()
    except ListValidationError as exc:
        for error in exc.errors:
            typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None


@lists_app.command("validate")
def lists_validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="List files or directories; default: corpus/lists and uploads.")] = None,
) -> None:
    """Validate list files; every error names file, line and field. Exit 1 when any is invalid."""
    from assistant.lists.load import default_list_dirs, list_files, validate_paths

    targets = list(paths) if paths else default_list_dirs()
    missing = [p for p in (paths or []) if not p.exists()]
    for path in missing:
        typer.echo(f"error: {path}: no such file or directory", err=True)
    lists, errors = validate_paths(targets)
    for lst in lists:
        count = sum(1 for _ in lst.entries())
        typer.echo(f"ok: {lst.path}: {lst.list_id} ({lst.status}, {len(lst.sectors)} sectors, {count} items)")
    for error in errors:
        typer.echo(f"error: {error}", err=True)
    if not list_files(targets) and not missing:
        typer.echo("no list files found", err=True)
    if errors or missing:
        raise typer.Exit(1)


@lists_app.command("import")
def lists_import(
    table: Annotated[Path, typer.Argument(help="CSV (UTF-8) or XLSX table, one row per item; see corpus/lists/README.md.")],
    out: Annotated[Path, typer.Option("--out", help="YAML file to write (SPEC §6 format).")],
    list_id: Annotated[str | None, typer.Option("--list-id", help="list_id; default from the file name.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Full title of the list.")] = None,
    status: Annotated[str, typer.Option("--status", help="official or illustrative (default illustrative: say official only for the published list).")] = "illustrative",
    edition: Annotated[str, typer.Option("--edition", help="Edition, e.g. 2024.")] = "unknown",
    zone: Annotated[list[str] | None, typer.Option("--zone", help="Zones the list serves (repeatable); default shanghai_ftz and lingang.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Where the table comes from.")] = None,
    effective: Annotated[str | None, typer.Option("--effective", help="Date the edition takes effect, YYYY-MM-DD.")] = None,
    supersedes: Annotated[str | None, typer.Option("--supersedes", help="list_id of the edition this one replaces from --effective.")] = None,
) -> None:
    """Convert a CSV/XLSX table into a validated list file (a new edition: --effective and --supersedes)."""
    from pydantic import ValidationError

    from assistant.lists.importer import import_table
    from assistant.lists.load import ListValidationError, dump_list, parse_list

    if status not in ("official", "illustrative"):
        raise typer.BadParameter("--status must be official or illustrative")
    try:
        lst = import_table(
            table,
            list_id=list_id,
            title=title,
            status="official" if status == "official" else "illustrative",
            edition=edition,
            zones=tuple(zone) if zone else ("shanghai_ftz", "lingang"),
            source=source,
        )
        if effective or supersedes:
            lst = lst.model_validate({**lst.model_dump(), "effective": effective, "supersedes": supersedes})
        text = dump_list(lst)
        parse_list(text, str(out))  # what we write must load back
    except ListValidationError as exc:
        for error in exc.errors:
            typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1) from None
    except ValidationError as exc:  # --effective / --supersedes
        typer.echo(f"error: {exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}", err=True)
        raise typer.Exit(1) from None
    except OSError as exc:
        typer.echo(f"error: {table}: {exc}", err=True)
        raise typer.Exit(1) from None
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    count = sum(1 for _ in lst.entries())
    typer.echo(f"wrote {out}: {lst.list_id} ({lst.status}, {len(lst.sectors)} sectors, {count} items)")


@lists_app.command("show")
def lists_show(
    list_id: Annotated[str | None, typer.Argument(help="A list_id; omit to list all lists.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show the loaded lists, or one list's sectors, scenarios and items."""
    lists = load_lists_or_exit()
    if list_id is None:
        rows: list[dict[str, Any]] = [
            {"list_id": x.list_id, "title": x.title, "status": x.status, "edition": x.edition,
             "zones": x.applies_to.zones, "sectors": [s.name for s in x.sectors],
             "items": sum(1 for _ in x.entries()), "path": x.path}
            for x in lists
        ]
        if as_json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            flag = " [ILLUSTRATIVE — not the official list]" if row["status"] == "illustrative" else ""
            typer.echo(f"{row['list_id']}{flag}\n  {row['title']}\n  edition {row['edition']}, zones {', '.join(row['zones'])}, "
                       f"sectors {', '.join(row['sectors'])}, {row['items']} items\n  {row['path']}")
        return
    found = next((x for x in lists if x.list_id == list_id), None)
    if found is None:
        typer.echo(f"error: no list {list_id!r} (have: {', '.join(x.list_id for x in lists) or 'none'})", err=True)
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps(found.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    typer.echo(f"{found.title}\nstatus: {found.status}  edition: {found.edition}  zones: {', '.join(found.applies_to.zones)}")
    if found.status == "illustrative":
        typer.echo("ILLUSTRATIVE SAMPLE — not the official list.")
    for sector in found.sectors:
        typer.echo(f"\n{sector.name} ({sector.id})")
        for scenario in sector.scenarios:
            typer.echo(f"  {scenario.name} ({scenario.id})")
            for item in scenario.items:
                typer.echo(f"    {item.id}  {item.category}／{item.subcategory}  [{item.data_kind} → {item.route}]  {item.description}")


@lists_app.command("match")
def lists_match(
    description: Annotated[str, typer.Argument(help="The data in your own words, e.g. '被保险人体检报告'.")],
    k: Annotated[int, typer.Option("-k", help="Number of candidates.")] = 3,
    sector: Annotated[str | None, typer.Option("--sector", help="Only this sector (id or name).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Rank list items for a description (candidates to confirm, not conclusions)."""
    from assistant.lists.match import match_items

    matches = match_items(description, load_lists_or_exit(), k=k, sector=sector)
    if as_json:
        typer.echo(json.dumps([m.model_dump(mode="json") for m in matches], ensure_ascii=False, indent=2))
        return
    if not matches:
        typer.echo("no matching list item")
    for m in matches:
        typer.echo(f"{m.score:7.3f}  {m.item_id}  {m.sector}/{m.scenario}  {m.category}／{m.subcategory} → {m.route} ({m.status})")
