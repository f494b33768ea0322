"""Building, swapping and loading the search index.

Layout under `<data_dir>/index/`:
  builds/<build_id>/manifest.json   written last: a build without one is incomplete
  builds/<build_id>/lexical/        bm25s files + ids.json
  builds/<build_id>/articles.json   article id → content hash at build time
  builds/<build_id>/chroma/         embedded Chroma (server mode: collection 'chujing-<build_id>' on the server);
                                    checksummed apart, as `chroma_files` (what stays stable: retrieval/chroma_files.py)
  builds/<build_id>/dense/vectors.npz   the collection's vectors as read back from Chroma (what queries use)
  CURRENT                           the active build id, replaced atomically (os.replace) once a build is complete
A build is verified against its own manifest before CURRENT names it. A failed build (or one that does not verify)
is removed and CURRENT is untouched, so the previous build keeps serving. A process that already holds a build
keeps answering from it when CURRENT comes to name one that does not load (see `load_retriever`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
from pydantic import BaseModel, Field, ValidationError

from retrieval.chroma_files import ChromaFilesError, chroma_checksums
from retrieval.hybrid import CorpusLike, FusionSettings, HybridRetriever
from retrieval.lexical import BM25_B, BM25_K1, LexicalIndex
from retrieval.matrix import VECTORS_FILE, DenseIndex, DenseMatrix
from retrieval.settings import RetrievalSettings
from retrieval.tokenize import get_tokenizer
from retrieval.units import all_chunks, lexical_text

if TYPE_CHECKING:
    from retrieval.dense import DenseEmbeddings
    from retrieval.store import ChromaStore

MANIFEST = "manifest.json"
CURRENT = "CURRENT"
TOKENIZER = "bigram+brackets"
EMBEDDED_COLLECTION = "chujing-articles"

log = logging.getLogger("chujing.index")


class RetrievalIndexError(Exception):
    """Base class for index problems; the message says what to run."""


class IndexNotFoundError(RetrievalIndexError):
    pass


class IndexCorruptedError(RetrievalIndexError):
    pass


class ChromaLocation(BaseModel):
    mode: Literal["embedded", "server", "none"] = Field(description="Where the build's vectors live.")
    collection: str | None = Field(default=None, description="Chroma collection name.")
    url: str | None = Field(default=None, description="Server URL in server mode.")


class Manifest(BaseModel):
    """What a build contains; checked at load so a stale, foreign or corrupted build is reported clearly."""

    build_id: str
    created: datetime
    corpus_version: str = Field(description="`Corpus.version` the build was made from.")
    article_count: int
    chunk_count: int = Field(description="Dense chunks (0 when embeddings are off).")
    chunks_embedded: int = Field(default=0, description="Chunks embedded by this build (the rest came from the cache or seed).")
    tokenizer: str
    bm25_k1: float | None = Field(default=None, description="BM25 k1 of the lexical index (None: a build older than the field).")
    bm25_b: float | None = Field(default=None, description="BM25 b of the lexical index (None: a build older than the field).")
    embeddings: str = Field(description="Embedding backend id, or 'none'.")
    chunk_chars: int
    chroma: ChromaLocation
    files: dict[str, str] = Field(description="sha256 of every file of the build outside chroma/, by relative path.")
    chroma_files: dict[str, str] | None = Field(
        default=None,
        description="sha256 of the stable part of each embedded Chroma file (retrieval/chroma_files.py), by relative path; "
        "None: not embedded, or a build older than the field.",
    )
    build_seconds: float = Field(default=0.0, description="Wall time of the build.")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def _checksums(build_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(build_dir)): _sha256(p)
        for p in sorted(build_dir.rglob("*"))
        if p.is_file() and p.name != MANIFEST and "chroma" not in p.relative_to(build_dir).parts
    }


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


@contextlib.contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per data dir (a second `index build` waits rather than racing on CURRENT)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def current_build_id(settings: RetrievalSettings) -> str | None:
    path = settings.index_dir / CURRENT
    try:
        build_id = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return build_id or None


def _open_store(settings: RetrievalSettings, build_dir: Path, name: str, *, create: bool, embeddings: object = None) -> ChromaStore:
    from retrieval.dense import DenseEmbeddings, make_embeddings
    from retrieval.store import ChromaStore, make_client

    emb = embeddings if isinstance(embeddings, DenseEmbeddings) else make_embeddings(settings.embeddings, settings.embed_batch_size)
    client = make_client(settings, None if settings.chroma_url else build_dir / "chroma")
    return ChromaStore(client, name, emb, create=create)


def _cache_path(settings: RetrievalSettings, model_id: str) -> Path:
    slug = hashlib.sha256(model_id.encode("utf-8")).hexdigest()[:16]
    return settings.index_dir / "embedding-cache" / f"{slug}.npz"


def _load_cache(path: Path) -> dict[str, np.ndarray]:
    """Vectors of the previous build by chunk-text hash; an unreadable cache is ignored (everything is re-embedded)."""
    try:
        with np.load(path) as data:
            return dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    except Exception:  # a missing or damaged cache only costs time
        return {}


def _save_cache(path: Path, keys: list[str], vectors: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp.npz")
    np.savez(tmp, keys=np.array(keys), vectors=vectors)
    os.replace(tmp, path)


def embed_chunks(settings: RetrievalSettings, texts: list[str], embeddings: DenseEmbeddings) -> tuple[np.ndarray, int]:
    """Embeddings of `texts`, reusing the vectors of unchanged chunks (keyed by model and text hash) from the data
    dir's cache or the shipped seed. New texts are embedded shortest first so each batch pads little."""
    from retrieval.seed import chunk_key, load_seed

    keys = [chunk_key(t) for t in texts]
    path = _cache_path(settings, embeddings.model_id)
    cache = _load_cache(path)
    if any(k not in cache for k in keys):
        # The shipped vectors of the bundled corpus (retrieval/data); the data dir's own cache wins.
        cache = {**load_seed(embeddings.model_id), **cache}
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items(), key=lambda kv: len(kv[1]))
    if todo:
        fresh = np.asarray(embeddings.embed_documents([t for _, t in todo]), dtype=np.float32)
        cache.update(zip([k for k, _ in todo], fresh, strict=True))
    vectors = np.stack([cache[k] for k in keys]) if keys else np.zeros((0, 0), dtype=np.float32)
    _save_cache(path, keys, vectors)
    return vectors, len(todo)


def _write_dense(settings: RetrievalSettings, corpus: CorpusLike, build_dir: Path, collection: str) -> tuple[int, int]:
    """Embed every chunk into a fresh collection; returns the chunk count and how many had to be embedded."""
    chunks = all_chunks(corpus.articles.values(), settings.chunk_chars)
    store = _open_store(settings, build_dir, collection, create=True)
    vectors, fresh = embed_chunks(settings, [c.text for c in chunks], store.embeddings)
    metadata = []
    for chunk in chunks:
        doc = corpus.articles[chunk.article_id].document
        metadata.append({"article_id": chunk.article_id, "doc_id": doc.doc_id, "status": doc.status, "kind": doc.kind})
    step = 256
    for i in range(0, len(chunks), step):
        part = chunks[i : i + step]
        store.add_vectors([c.id for c in part], [c.text for c in part], vectors[i : i + step], metadata[i : i + step])
    if store.count() != len(chunks):
        raise RetrievalIndexError(f"vector store holds {store.count()} chunks, expected {len(chunks)}")
    # Read back from the store, not taken from `vectors`: queries then use exactly what Chroma holds.
    DenseMatrix.from_store(store).save(build_dir / "dense" / VECTORS_FILE)
    return len(chunks), fresh


def build_index(corpus: CorpusLike, settings: RetrievalSettings | None = None) -> Path:
    """Build a complete index beside the serving one, then make it current. Returns the new build dir.

    Any failure removes the partial build (and its server-side collection) and re-raises; CURRENT is untouched.
    """
    settings = settings or RetrievalSettings.from_env()
    started = datetime.now(UTC)
    index_dir = settings.index_dir
    with _build_lock(index_dir):
        build_id = f"{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        build_dir = index_dir / "builds" / build_id
        build_dir.mkdir(parents=True)
        collection = EMBEDDED_COLLECTION if not settings.chroma_url else f"chujing-{build_id}"
        try:
            articles = list(corpus.articles.values())
            if not articles:
                raise RetrievalIndexError("the corpus has no articles to index")
            lexical = LexicalIndex.build([a.id for a in articles], [lexical_text(a) for a in articles], get_tokenizer(TOKENIZER))
            lexical.save(build_dir / "lexical")
            (build_dir / "articles.json").write_text(
                json.dumps({a.id: a.content_hash for a in articles}, ensure_ascii=False, indent=0), encoding="utf-8"
            )
            chunk_count, embedded = _write_dense(settings, corpus, build_dir, collection) if settings.dense_enabled else (0, 0)
            mode: Literal["embedded", "server", "none"] = (
                "none" if not settings.dense_enabled else "server" if settings.chroma_url else "embedded"
            )
            manifest = Manifest(
                build_id=build_id,
                created=started,
                corpus_version=corpus.version,
                article_count=len(articles),
                chunk_count=chunk_count,
                chunks_embedded=embedded,
                tokenizer=TOKENIZER,
                bm25_k1=BM25_K1,
                bm25_b=BM25_B,
                embeddings=settings.embeddings if settings.dense_enabled else "none",
                chunk_chars=settings.chunk_chars,
                chroma=ChromaLocation(
                    mode=mode, collection=collection if mode != "none" else None, url=settings.chroma_url if mode == "server" else None
                ),
                files=_checksums(build_dir),
                chroma_files=chroma_checksums(build_dir / "chroma", build_dir) if mode == "embedded" else None,
                build_seconds=round((datetime.now(UTC) - started).total_seconds(), 3),
            )
            _write_atomic(build_dir / MANIFEST, manifest.model_dump_json(indent=2))
            # Read back as a loader will: a build that does not verify never becomes current.
            verify_build(build_dir, _read_manifest(build_dir))
        except BaseException:
            shutil.rmtree(build_dir, ignore_errors=True)
            if settings.chroma_url and settings.dense_enabled:
                _drop_server_collection(settings, collection)
            raise
        previous = current_build_id(settings)
        _write_atomic(index_dir / CURRENT, build_id + "\n")
        _cleanup(settings, keep={build_id, previous} if previous else {build_id}, previous=previous)
    reset_cache()
    return build_dir


def _drop_server_collection(settings: RetrievalSettings, name: str) -> None:
    with contextlib.suppress(Exception):
        from retrieval.store import delete_collection, make_client

        delete_collection(make_client(settings, None), name)


def _cleanup(settings: RetrievalSettings, keep: set[str | None], previous: str | None) -> None:
    """Drop builds older than the previous one (processes may still read the previous embedded build), plus the
    previous build's server collection: the server is shared, and the new collection replaces it."""
    builds = settings.index_dir / "builds"
    for path in builds.iterdir() if builds.exists() else []:
        if path.name not in keep and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
    if previous and settings.chroma_url:
        manifest = _read_manifest(builds / previous) if (builds / previous / MANIFEST).exists() else None
        if manifest and manifest.chroma.mode == "server" and manifest.chroma.collection:
            _drop_server_collection(settings, manifest.chroma.collection)


def _read_manifest(build_dir: Path) -> Manifest:
    path = build_dir / MANIFEST
    try:
        return Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IndexCorruptedError(f"{path} is missing: the build is incomplete; run `chujing index rebuild`") from None
    except (ValidationError, ValueError) as exc:
        raise IndexCorruptedError(f"{path} is unreadable ({exc.__class__.__name__}); run `chujing index rebuild`") from exc


def verify_build(build_dir: Path, manifest: Manifest) -> None:
    """Raise IndexCorruptedError naming the first file whose checksum differs from the manifest (or is missing/extra)."""
    _compare(build_dir, manifest.files, _checksums(build_dir))
    if manifest.chroma_files is not None:
        chroma_dir = build_dir / "chroma"
        try:
            actual = chroma_checksums(chroma_dir, build_dir) if chroma_dir.is_dir() else {}
        except ChromaFilesError as exc:
            raise IndexCorruptedError(f"index file {chroma_dir} is corrupted ({exc}); run `chujing index rebuild`") from exc
        _compare(build_dir, manifest.chroma_files, actual)


def _compare(build_dir: Path, files: dict[str, str], actual: dict[str, str]) -> None:
    for rel, expected in files.items():
        got = actual.get(rel)
        if got is None:
            raise IndexCorruptedError(f"index file {build_dir / rel} is missing; run `chujing index rebuild`")
        if got != expected:
            raise IndexCorruptedError(
                f"index file {build_dir / rel} is corrupted (sha256 {got[:12]}… ≠ manifest {expected[:12]}…); "
                "run `chujing index rebuild`"
            )
    extra = sorted(set(actual) - set(files))
    if extra:
        raise IndexCorruptedError(f"unexpected file {build_dir / extra[0]} in the index build; run `chujing index rebuild`")


class IndexStatus(BaseModel):
    data_dir: str
    current: str | None = Field(description="Active build id, or None when no index exists.")
    manifest: Manifest | None = None
    problem: str | None = Field(default=None, description="Why the index cannot serve, if it cannot.")
    corpus_version: str | None = Field(default=None, description="Version of the corpus as loaded now.")
    up_to_date: bool | None = Field(default=None, description="Whether the build matches the current corpus and settings.")


def index_status(settings: RetrievalSettings | None = None, corpus: CorpusLike | None = None) -> IndexStatus:
    settings = settings or RetrievalSettings.from_env()
    status = IndexStatus(data_dir=str(settings.data_dir), current=current_build_id(settings))
    if status.current is None:
        status.problem = "no index: run `chujing index build`"
        return status
    build_dir = settings.index_dir / "builds" / status.current
    try:
        status.manifest = _read_manifest(build_dir)
        verify_build(build_dir, status.manifest)
    except RetrievalIndexError as exc:
        status.problem = str(exc)
    if corpus is not None:
        status.corpus_version = corpus.version
        if status.manifest is not None:
            wanted = settings.embeddings if settings.dense_enabled else "none"
            m = status.manifest
            # BM25 parameters and the tokenizer are baked into the saved index: a build made with others is stale.
            status.up_to_date = (
                m.corpus_version == corpus.version and m.embeddings == wanted and (m.bm25_k1, m.bm25_b) == (BM25_K1, BM25_B)
                and m.tokenizer == TOKENIZER
            )
    return status


_cache: dict[tuple[RetrievalSettings, str], HybridRetriever] = {}
_cache_lock = threading.Lock()
# Builds named by CURRENT that failed to load while this process still held the previous one: not retried (a full
# checksum of the build per request) until the time stored here.
_failed: dict[tuple[RetrievalSettings, str], float] = {}
RETRY_FAILED_BUILD_S = 30.0


def reset_cache() -> None:
    with _cache_lock:
        _cache.clear()
        _failed.clear()


def load_retriever(settings: RetrievalSettings | None = None, corpus: CorpusLike | None = None) -> HybridRetriever:
    """The retriever over the current build, cached per process and reloaded when CURRENT changes.

    Raises IndexNotFoundError / IndexCorruptedError with the command to run. A dense side that cannot be opened
    (server down, other embedding model) does not fail: the retriever answers lexically and says so in `degraded`.
    When CURRENT comes to name a build that cannot be loaded (damaged, copied in half) while this process holds the
    previous one, the previous one keeps answering and `degraded` says which build failed and why.
    """
    settings = settings or RetrievalSettings.from_env()
    build_id = current_build_id(settings)
    if build_id is None:
        raise IndexNotFoundError(f"no search index under {settings.index_dir}; run `chujing index build`")
    key = (settings, build_id)
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None and corpus is None:
            return cached
        previous = next((r for (s, _), r in _cache.items() if s == settings), None) if corpus is None else None
        if previous is not None and time.monotonic() < _failed.get(key, 0.0):
            return previous
        try:
            retriever = _load(settings, build_id, corpus)
        except RetrievalIndexError as exc:
            if previous is None:
                raise
            _failed[key] = time.monotonic() + RETRY_FAILED_BUILD_S
            note = f"build {build_id} named by CURRENT cannot be loaded ({exc}); still serving build {previous.build_id}"
            if note not in previous.degraded:
                log.warning(note)
                previous.degraded = [*previous.degraded, note]  # rebound, never mutated (see HybridRetriever)
            return previous
        if corpus is None:
            _cache.clear()
            _failed.clear()
            _cache[key] = retriever
        return retriever


def _load(settings: RetrievalSettings, build_id: str, corpus: CorpusLike | None) -> HybridRetriever:
    build_dir = settings.index_dir / "builds" / build_id
    if not build_dir.is_dir():
        raise IndexCorruptedError(f"CURRENT names build {build_id!r} but {build_dir} does not exist; run `chujing index rebuild`")
    manifest = _read_manifest(build_dir)
    verify_build(build_dir, manifest)
    if corpus is None:
        from ingest.corpus import default_corpus

        corpus = default_corpus()
    degraded: list[str] = []
    if manifest.corpus_version != corpus.version:
        degraded.append(
            f"index built from corpus {manifest.corpus_version[:12]}, corpus is now {corpus.version[:12]}: "
            "run `chujing index rebuild`"
        )
    try:
        lexical = LexicalIndex.load(build_dir / "lexical")
    except Exception as exc:
        raise IndexCorruptedError(f"cannot load {build_dir / 'lexical'} ({exc}); run `chujing index rebuild`") from exc
    dense = _load_dense(settings, manifest, build_dir, degraded)
    # Fusion weights are code (chosen on the dev set), not index data: changing them needs no rebuild.
    return HybridRetriever(corpus, lexical, dense, FusionSettings(), degraded=degraded, build_id=build_id,
                           query_cache_size=settings.query_cache_size)


def _load_dense(settings: RetrievalSettings, manifest: Manifest, build_dir: Path, degraded: list[str]) -> DenseIndex | None:
    if manifest.chroma.mode == "none" or not manifest.chroma.collection:
        if settings.dense_enabled:
            degraded.append("index has no dense vectors (built with embeddings 'none'); lexical results only")
        return None
    if not settings.dense_enabled:
        return None
    if manifest.embeddings != settings.embeddings:
        degraded.append(
            f"index vectors come from {manifest.embeddings!r} but {settings.embeddings!r} is configured; "
            "lexical results only until `chujing index rebuild`"
        )
        return None
    if (manifest.chroma.mode == "server") != bool(settings.chroma_url):
        degraded.append(f"index vectors live in a {manifest.chroma.mode} Chroma, not the configured one; lexical results only")
        return None
    collection = manifest.chroma.collection

    def open_store() -> ChromaStore:
        return _open_store(settings, build_dir, collection, create=False, embeddings=embeddings)

    try:
        from retrieval.dense import make_embeddings

        embeddings = make_embeddings(settings.embeddings, settings.embed_batch_size)
        snapshot = build_dir / "dense" / VECTORS_FILE
        # The build's read-back of its collection (checksummed with the build); a build older than the file is
        # read from Chroma itself, embedded or server, through the same client code.
        matrix = DenseMatrix.load(snapshot) if snapshot.exists() else DenseMatrix.from_store(open_store())
    except Exception as exc:  # any failure to reach the vectors degrades to lexical
        degraded.append(f"dense retrieval unavailable ({type(exc).__name__}: {exc}); lexical results only")
        return None
    if len(matrix) != manifest.chunk_count:
        degraded.append(f"vector store holds {len(matrix)} chunks, manifest says {manifest.chunk_count}; lexical results only")
        return None
    return DenseIndex(embeddings, matrix, open_store)
