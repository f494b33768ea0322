"""Fixtures for the ingest tests: the repo corpus (parsed once) and where the source files are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ingest_testkit import REPO

from ingest.corpus import Corpus, load_corpus


@pytest.fixture(scope="session")
def repo_corpus() -> Corpus:
    return load_corpus(REPO / "corpus")


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private data dir (never the repo's .chujing/), also set as CHUJING_DATA_DIR for default_corpus()."""
    from ingest.corpus import default_corpus

    path = tmp_path / "data"
    monkeypatch.setenv("CHUJING_DATA_DIR", str(path))
    monkeypatch.delenv("CHUJING_CORPUS_DIR", raising=False)
    default_corpus.cache_clear()
    yield path
    default_corpus.cache_clear()
