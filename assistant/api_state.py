"""The web app's shared state: the loaded corpus, index and pipeline, chat transcripts and the audit log.

Requests only read the loaded objects; an admin rebuild swaps them. A read/write lock makes the swap wait for
requests in flight and makes new requests wait for the swap, so no request ever mixes an old corpus with a new
index. Turns of one chat session are serialised (striped locks), so two quick messages in one session cannot
interleave their fact updates.
"""

from __future__ import annotations

import logging
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.api_settings import ApiSettings
from assistant.audit import AuditLog, entry_from_response
from assistant.models import AskResponse
from ingest.models import Article, SearchHit

if TYPE_CHECKING:
    from ingest.corpus import Corpus

log = logging.getLogger("chujing.api")


class NotReady(Exception):
    """The corpus or index cannot be loaded (not built yet, corrupted): answered with 503 and this message."""


class ReadWriteLock:
    """Many readers or one writer; a waiting writer blocks new readers so a rebuild is never starved."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._writers_waiting = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


@dataclass(frozen=True)
class TurnRecord:
    message: str
    response: AskResponse
    ts: float


class TranscriptStore:
    """Chat transcripts in memory, least recently used sessions dropped first."""

    def __init__(self, max_sessions: int, max_turns: int) -> None:
        self.max_sessions = max_sessions
        self.max_turns = max_turns
        self._sessions: OrderedDict[str, list[TurnRecord]] = OrderedDict()
        self._lock = threading.Lock()

    def append(self, session_id: str, message: str, response: AskResponse) -> None:
        with self._lock:
            turns = self._sessions.setdefault(session_id, [])
            self._sessions.move_to_end(session_id)
            turns.append(TurnRecord(message, response, time.time()))
            del turns[: -self.max_turns]
            while len(self._sessions) > self.max_sessions:
                self._sessions.popitem(last=False)

    def get(self, session_id: str) -> list[TurnRecord] | None:
        with self._lock:
            turns = self._sessions.get(session_id)
            return list(turns) if turns is not None else None

    def last(self, session_id: str) -> TurnRecord | None:
        turns = self.get(session_id)
        return turns[-1] if turns else None


class AppState:
    """Everything the endpoints share. Loading goes through the packages' own caches (`default_corpus`,
    `load_retriever`, `get_pipeline`), so the API answers exactly like the CLI does."""

    def __init__(self, settings: ApiSettings) -> None:
        self.settings = settings
        self.lock = ReadWriteLock()
        self.transcripts = TranscriptStore(settings.max_sessions, settings.max_turns)
        self._session_locks = [threading.Lock() for _ in range(64)]
        self._load_lock = threading.Lock()
        self._loaded = False
        self._load_error: str | None = None
        self._warm_thread: threading.Thread | None = None
        self.audit: AuditLog | None = None
        if settings.audit_enabled:
            try:
                self.audit = AuditLog(settings.audit_path)
            except Exception as exc:  # the app still answers; /healthz shows the log is off
                log.error("audit log unavailable at %s: %s", settings.audit_path, exc)

    # --- loading -----------------------------------------------------------------------------------------------
    def start_warmup(self) -> None:
        self._warm_thread = threading.Thread(target=self._warm, name="chujing-warmup", daemon=True)
        self._warm_thread.start()

    def _warm(self) -> None:
        try:
            with self.lock.read():
                self.ensure_loaded()
        except Exception:
            pass  # recorded in _load_error by ensure_loaded; /healthz reports it

    def ensure_loaded(self) -> None:
        """Load corpus, index and pipeline once; raise (with a clear message kept for /healthz) when they fail."""
        if self._loaded:
            return
        with self._load_lock:
            if self._loaded:
                return
            try:
                self.corpus()
                self.retriever()
                self.pipeline()
            except Exception as exc:
                self._load_error = _short_error(exc)
                log.error("could not load the index: %s", self._load_error)
                raise NotReady(f"the assistant is not ready: {self._load_error}") from exc
            self._load_error = None
            self._loaded = True

    def corpus(self) -> Corpus:
        from ingest.corpus import default_corpus

        return default_corpus()

    def retriever(self) -> Any:
        from retrieval.index import load_retriever

        return load_retriever()

    def pipeline(self) -> Any:
        from assistant.pipeline import get_pipeline

        return get_pipeline()

    def lists(self) -> list[Any]:
        from assistant.lists import load_lists

        return load_lists()

    def reset_caches(self) -> None:
        """Forget the loaded corpus, index and pipeline (call inside `lock.write()`); the next use reloads them."""
        from ingest.corpus import default_corpus

        from retrieval.index import reset_cache

        default_corpus.cache_clear()
        reset_cache()
        from assistant import pipeline as pipeline_module

        reset = getattr(pipeline_module, "reset_pipeline", None)
        if callable(reset):
            reset()
        else:
            pipeline_module.get_pipeline.cache_clear()
        self._loaded = False

    def close(self) -> None:
        if self.audit is not None:
            self.audit.close()

    # --- answering ---------------------------------------------------------------------------------------------
    @contextmanager
    def _session(self, session_id: str | None) -> Iterator[None]:
        if session_id is None:
            yield
            return
        with self._session_locks[zlib.crc32(session_id.encode()) % len(self._session_locks)]:
            yield

    def answer(self, question: str, *, session_id: str | None, endpoint: str) -> AskResponse:
        with self._session(session_id), self.lock.read():
            self.ensure_loaded()
            started = time.perf_counter()
            response: AskResponse = self.pipeline().ask(question, session_id=session_id)
            elapsed_ms = (time.perf_counter() - started) * 1000
            if session_id is not None and response.session_id != session_id:
                response = response.model_copy(update={"session_id": session_id})
            self._audit(response, question, elapsed_ms, endpoint, session_id)
            if session_id is not None:
                self.transcripts.append(session_id, question, response)
            return response

    def _audit(self, response: AskResponse, question: str, elapsed_ms: float, endpoint: str, session_id: str | None) -> None:
        if self.audit is None:
            return
        try:
            self.audit.record(
                entry_from_response(
                    response,
                    timing_ms=elapsed_ms,
                    endpoint=endpoint,
                    corpus_version=self.corpus().version,
                    index_build_id=self.index_build_id(),
                    session_id=session_id,
                    question=question,
                )
            )
        except Exception:
            # A failed audit write must be loud in the log but must not hide the answer from the user.
            log.exception("audit write failed for a %s answer", endpoint)

    def index_build_id(self) -> str | None:
        build = getattr(self.retriever(), "build_id", None)
        if build:
            return str(build)
        current = self.settings.data_dir / "index" / "CURRENT"
        try:
            return current.read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    def search(self, query: str, k: int, *, include_superseded: bool = False) -> list[SearchHit]:
        with self.lock.read():
            self.ensure_loaded()
            statuses = ("in_force", "superseded", "partial", "illustrative") if include_superseded else ("in_force",)
            hits: list[SearchHit] = self.retriever().search(query, k=k, statuses=statuses)
            return hits

    def article(self, article_id: str) -> Article | None:
        with self.lock.read():
            try:
                return self.corpus().get(article_id)
            except KeyError:
                return None

    # --- drafts ------------------------------------------------------------------------------------------------
    def response_for_draft(self, session_id: str | None, question: str | None) -> AskResponse:
        from fastapi import HTTPException

        if session_id is not None:
            last = self.transcripts.last(session_id)
            if last is None:
                raise HTTPException(404, f"no answer in chat session {session_id!r} to draft from")
            return last.response
        assert question is not None
        return self.answer(question, session_id=None, endpoint="draft")

    def draft_markdown(self, response: AskResponse, company: str | None) -> str:
        from assistant.draft import render_draft

        return render_draft(response, company=company)

    def draft_docx(self, response: AskResponse, company: str | None) -> bytes:
        from assistant import draft

        render = getattr(draft, "render_docx", None) or getattr(draft, "draft_docx", None)
        if render is None:
            raise RuntimeError("assistant.draft offers no .docx renderer")
        result = render(response, company=company)
        if isinstance(result, bytes | bytearray):
            return bytes(result)
        if isinstance(result, Path):
            return result.read_bytes()
        # A python-docx Document.
        import io

        buffer = io.BytesIO()
        result.save(buffer)
        return buffer.getvalue()

    # --- health ------------------------------------------------------------------------------------------------
    def health(self) -> Any:
        from assistant.api import Health

        audit_ok = self.audit is not None
        if not self._loaded:
            if self._load_error is not None:
                return Health(status="error", index_loaded=False, error=self._load_error, audit=audit_ok)
            return Health(status="loading", index_loaded=False, audit=audit_ok)
        with self.lock.read():
            corpus = self.corpus()
            retriever = self.retriever()
            degraded = [str(d) for d in getattr(retriever, "degraded", []) or []]
            return Health(
                status="degraded" if degraded else "ok",
                index_loaded=True,
                corpus_version=corpus.version,
                index_build_id=self.index_build_id(),
                documents=len(corpus.documents),
                articles=len(corpus.articles),
                degraded=degraded,
                audit=audit_ok,
            )


def _short_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:500]
