"""The `chujing` Typer application object that every command module registers its commands on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="chujing",
    help="出境通 — cited guidance on cross-border data export (Shanghai FTZ / Lingang negative-list regime).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
