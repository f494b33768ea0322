"""The dense side held in memory: every chunk vector of a build as one L2-normalised float32 matrix.

Chroma is the store of record: a build writes the vectors there, then reads them back through the same client
(embedded or a `chroma run` server) and keeps that read-back beside the build as `dense/vectors.npz`, checksummed
in the manifest. A query is then one matrix-vector product (~0.1 ms for the shipped corpus) instead of a Chroma
query through LangChain (7-12 ms measured with the metadata filter, plus the import of chromadb and langchain,
~2-4 s of a cold `chujing ask`). A build without the file (older builds) is read from Chroma at load.

No chromadb or langchain import here: this module is on the cold path of every `chujing ask`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

if TYPE_CHECKING:
    from retrieval.store import ChromaStore

VECTORS_FILE = "vectors.npz"


class QueryEmbedder(Protocol):
    """What the dense side needs from an embedding backend at query time (`retrieval.dense.DenseEmbeddings`)."""

    model_id: str

    def query_vector(self, text: str) -> np.ndarray: ...


class DenseMatrix:
    """Chunk ids, the article each chunk belongs to, and their vectors (rows L2-normalised, float32)."""

    def __init__(self, chunk_ids: Sequence[str], article_ids: Sequence[str], vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(chunk_ids) or len(chunk_ids) != len(article_ids):
            raise ValueError(f"{len(chunk_ids)} chunk ids, {len(article_ids)} article ids and vectors of shape {vectors.shape}")
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        # Normalised once here so a query is a plain dot product (cosine), whatever the backend returned.
        self.vectors = np.ascontiguousarray(vectors / np.where(norms > 0, norms, 1.0))
        self.vectors.flags.writeable = False
        self.chunk_ids = list(chunk_ids)
        self.article_ids = list(article_ids)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:  # a file object: np.savez would append ".npz" to a str path without one
            np.savez(f, chunk_ids=np.array(self.chunk_ids), article_ids=np.array(self.article_ids), vectors=self.vectors)

    @classmethod
    def load(cls, path: Path) -> DenseMatrix:
        with np.load(path, allow_pickle=False) as data:
            return cls(data["chunk_ids"].tolist(), data["article_ids"].tolist(), data["vectors"])

    @classmethod
    def from_store(cls, store: ChromaStore) -> DenseMatrix:
        """Every vector of the store's collection, read through its client (embedded or server alike)."""
        chunk_ids, article_ids, vectors = store.all_vectors()
        return cls(chunk_ids, article_ids, vectors)

    def best_per_article(self, vector: np.ndarray, rows: np.ndarray, allowed: np.ndarray, n_article_rows: int,
                         candidates: int) -> np.ndarray:
        """Best cosine per article row among the `candidates` nearest allowed chunks (NaN for the other rows).

        `rows[i]` is the article row of chunk i (-1: not in the index); `allowed` masks article rows. Keeping only
        the nearest chunks reproduces the vector store's top-k query the fusion weights were chosen with.
        """
        sims = self.vectors @ np.asarray(vector, dtype=np.float32)
        ok = rows >= 0
        ok[ok] = allowed[rows[ok]]
        sims = np.where(ok, sims, -np.inf)
        n = min(candidates, int(ok.sum()))
        out = np.full(n_article_rows, np.nan, dtype=np.float32)
        if n <= 0:
            return out
        top = np.argpartition(-sims, n - 1)[:n]
        best = np.full(n_article_rows, -np.inf, dtype=np.float32)
        np.maximum.at(best, rows[top], sims[top])
        hit = np.isfinite(best)
        out[hit] = best[hit]
        return out


class DenseIndex:
    """The dense side of a loaded build: the query embedder, the vectors in memory, and (lazily) the Chroma store
    they came from, for tools that want the store of record itself (the bench's LangChain baseline)."""

    def __init__(self, embeddings: QueryEmbedder, matrix: DenseMatrix,
                 open_store: Callable[[], ChromaStore] | None = None) -> None:
        self.embeddings = embeddings
        self.matrix = matrix
        self._open_store = open_store
        self._store: ChromaStore | None = None

    def store(self) -> ChromaStore:
        if self._store is None:
            if self._open_store is None:
                raise RuntimeError("this dense index was not loaded from a Chroma store")
            self._store = self._open_store()
        return self._store

    def describe(self) -> dict[str, Any]:
        return {"model": self.embeddings.model_id, "chunks": len(self.matrix)}
