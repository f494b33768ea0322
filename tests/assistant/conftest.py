"""Shared fixtures for the assistant's pipeline tests: the real corpus, a real index in a temp data dir, and a
pipeline over both. Built once per test session; names are prefixed so they never shadow other modules' fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

AS_OF = date(2026, 6, 1)


@pytest.fixture(scope="session")
def assistant_corpus() -> Any:
    from ingest.corpus import load_corpus

    return load_corpus()


@pytest.fixture(scope="session")
def assistant_lists() -> Any:
    from assistant.lists.load import load_lists

    return load_lists()


@pytest.fixture(scope="session")
def assistant_index(tmp_path_factory: pytest.TempPathFactory, assistant_corpus: Any) -> Iterator[tuple[Path, Any]]:
    """A data dir holding a freshly built index of the repo corpus, and the retriever over it.

    Lexical only: embedding the whole corpus takes over a minute here, and the dense side is retrieval's to
    test; these tests are about what the assistant does with whatever retrieval returns."""
    from retrieval.index import build_index, load_retriever, reset_cache
    from retrieval.settings import RetrievalSettings

    data_dir = tmp_path_factory.mktemp("assistant-data")
    settings = RetrievalSettings(data_dir=data_dir, embeddings="none")
    build_index(assistant_corpus, settings)
    retriever = load_retriever(settings, assistant_corpus)
    yield data_dir, retriever
    reset_cache()


@pytest.fixture(scope="session")
def assistant_pipeline(assistant_corpus: Any, assistant_index: tuple[Path, Any]) -> Any:
    """The real pipeline (corpus, lists, rules, facts, index); deterministic (no LLM), fixed date."""
    from assistant.pipeline import Pipeline
    from assistant.settings import Settings

    _, retriever = assistant_index
    settings = Settings(data_dir=assistant_index[0])
    return Pipeline(settings, corpus=assistant_corpus, retriever_loader=lambda: retriever, as_of=AS_OF)
