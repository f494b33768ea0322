"""Chroma vector store through `langchain_chroma.Chroma`, embedded (PersistentClient) or a server (HttpClient).

The two deployments differ only in the client; everything after `make_client` is the same code. Our own
embedding function is always passed: Chroma's default would download a model.
Import only when dense retrieval is needed (imports chromadb and langchain).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.dense import DenseEmbeddings
from retrieval.settings import RetrievalSettings

# Our embeddings implement LangChain's interface without inheriting it (see retrieval.dense); declared here, where
# they are handed to LangChain.
Embeddings.register(DenseEmbeddings)

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,510}[A-Za-z0-9]$")

MetadataValue = str | int | float | bool


@dataclass(frozen=True)
class DenseHit:
    chunk_id: str
    article_id: str
    similarity: float


def collection_name(prefix: str, build_id: str) -> str:
    """A valid Chroma collection name (3–512 chars of [A-Za-z0-9._-], alphanumeric at both ends)."""
    name = re.sub(r"[^A-Za-z0-9._-]", "-", f"{prefix}-{build_id}").strip("-._")
    if not _NAME_RE.match(name):
        raise ValueError(f"cannot make a Chroma collection name from {prefix!r} and {build_id!r}")
    return name


def make_client(settings: RetrievalSettings, persist_dir: Path | None) -> Any:
    """HttpClient when CHUJING_CHROMA_URL is set, else a PersistentClient at `persist_dir`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        host, port = settings.chroma_host_port()
        return chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
    if persist_dir is None:
        raise ValueError("an embedded Chroma store needs a directory")
    persist_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(persist_dir), settings=chroma_settings)


class ChromaStore:
    """One collection of chunk embeddings; metadata carries the article id and the filterable document fields."""

    def __init__(self, client: Any, name: str, embeddings: DenseEmbeddings, *, create: bool) -> None:
        from langchain_chroma import Chroma

        if not _NAME_RE.match(name):
            raise ValueError(f"invalid Chroma collection name {name!r}")
        self.client = client
        self.name = name
        self.embeddings = embeddings
        self._count: int | None = None
        self._vs = Chroma(
            collection_name=name,
            embedding_function=embeddings,  # type: ignore[arg-type]  # registered as an Embeddings above
            client=client,
            collection_metadata={"hnsw:space": "cosine"} if create else None,
            create_collection_if_not_exists=create,
        )

    def add(self, ids: Sequence[str], texts: Sequence[str], metadatas: Sequence[Mapping[str, MetadataValue]]) -> None:
        self._vs.add_texts(texts=list(texts), metadatas=[dict(m) for m in metadatas], ids=list(ids))
        self._count = None

    def add_vectors(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        vectors: np.ndarray,
        metadatas: Sequence[Mapping[str, MetadataValue]],
    ) -> None:
        """Add chunks whose embeddings are already computed (from the build's embedding cache)."""
        self._vs._collection.upsert(
            ids=list(ids), documents=list(texts), embeddings=np.asarray(vectors, dtype=np.float32),
            metadatas=[dict(m) for m in metadatas],
        )
        self._count = None

    def all_vectors(self, page: int = 1000) -> tuple[list[str], list[str], np.ndarray]:
        """Every chunk id, its article id and its vector, read through the client in pages (a server caps a
        response's size; the embedded client answers the same calls)."""
        collection = self._vs._collection
        ids: list[str] = []
        articles: list[str] = []
        parts: list[np.ndarray] = []
        offset = 0
        while True:
            got = collection.get(include=["embeddings", "metadatas"], limit=page, offset=offset)
            batch = list(got["ids"])
            if not batch:
                break
            ids += batch
            articles += [str(m["article_id"]) for m in got["metadatas"] or []]
            parts.append(np.asarray(got["embeddings"], dtype=np.float32))
            offset += len(batch)
        return ids, articles, np.vstack(parts) if parts else np.zeros((0, 0), dtype=np.float32)

    def count(self) -> int:
        return int(self._vs._collection.count())

    def cached_count(self) -> int:
        """Collection size, asked once per store (saves a server round trip per query; builds never share a store)."""
        if self._count is None:
            self._count = self.count()
        return self._count

    def query(self, vector: Sequence[float] | np.ndarray, n: int, where: Mapping[str, Any] | None = None) -> list[DenseHit]:
        """The `n` nearest chunks (cosine similarity, higher is better) matching the metadata filter `where`."""
        n = min(n, self.cached_count())
        if n <= 0:
            return []
        results = self._vs.similarity_search_by_vector_with_relevance_scores(
            list(map(float, vector)), k=n, filter=dict(where) if where else None
        )
        hits = []
        for doc, distance in results:
            hits.append(DenseHit(chunk_id=str(doc.id), article_id=str(doc.metadata["article_id"]), similarity=1.0 - float(distance)))
        return hits

    def delete(self) -> None:
        self._vs.delete_collection()


def delete_collection(client: Any, name: str) -> bool:
    """Drop collection `name` if it exists (used to remove a replaced server-side build); True when dropped."""
    try:
        client.delete_collection(name)
    except Exception:  # chromadb raises different types per version/deployment for "not found"
        return False
    return True
