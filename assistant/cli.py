"""The `chujing` command. Each group of commands lives in its own module and registers itself on `app`.

Heavy libraries (chromadb, langchain, the embedding model) are imported inside the commands that need them,
so `chujing --help` and a cold `chujing ask` start fast. Commands from packages that sit above `assistant`
(the evaluation suite) are found through the `chujing.commands` entry-point group, so `assistant` never
imports `evals`.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points

import typer

app = typer.Typer(
    name="chujing",
    help="出境通 — cited guidance on cross-border data export (Shanghai FTZ / Lingang negative-list regime).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Modules inside `assistant` that add commands to `app` when imported.
_COMMAND_MODULES = (
    "assistant.commands.corpus",  # ingest, articles
    "assistant.commands.index",  # index build / rebuild / status
    "assistant.commands.search",  # search
    "assistant.commands.rules",  # check, lists
    "assistant.commands.ask",  # ask, chat, draft
    "assistant.commands.serve",  # serve, audit
)


def _register() -> None:
    for module in _COMMAND_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            # Only tolerate the command module itself being absent (during development), never a broken import.
            if exc.name != module:
                raise
    for entry in entry_points(group="chujing.commands"):
        entry.load()(app)


_register()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
