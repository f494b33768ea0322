"""The `chujing` command: one module per command group, each registering itself on `assistant.cli.app.app`.

Heavy libraries (chromadb, langchain, the embedding model) and the pipeline are imported inside the commands
that need them, so `chujing --help` and a cold `chujing ask` start fast: importing `assistant.pipeline` (rules,
facts, retrieval, numpy) costs about 1.3 s on this machine, on top of the 0.9 s `chujing --help` takes. Commands from packages that sit
above `assistant` (the evaluation suite) are found through the `chujing.commands` entry-point group, so
`assistant` never imports `evals`.
"""

from __future__ import annotations

from importlib.metadata import entry_points

# Imported for their side effect: each adds its commands to `app`.
from assistant.cli import articles, ask, audit, check, index, ingest, lists, search, serve  # noqa: F401
from assistant.cli.app import app

for _entry in entry_points(group="chujing.commands"):
    _entry.load()(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
