"""The web app's shared state: the loaded corpus, index and pipeline, chat transcripts and the audit log.

Requests only read the loaded objects; an admin rebuild swaps them. A read/write lock makes the swap wait for
requests in flight and makes new requests wait for the swap, so no request ever mixes an old corpus with a new
index. Turns of one chat session are serialised (striped locks), so two quick messages in one session cannot
interleave their fact updates.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from assistant.answer.draft import render_docx, render_draft
from assistant.lists.load import load_lists
from assistant.lists.model import NegativeList
from assistant.models import AskResponse
from assistant.pipeline import Pipeline, reset_pipeline
from assistant.session.audit import AuditLog, entry_from_response
from assistant.session.chats import SessionStore
from assistant.session.stores import SharedSessionStore, open_session_store
from assistant.settings import Settings
from assistant.web.schemas import Health
from ingest.corpus import Corpus, default_corpus
from ingest.models import Article
from retrieval.hits import SearchHit
from retrieval.index import load_retriever, reset_cache

log = logging.getLogger("chujing.api")


class NotReady(Exception):
    """The corpus or index cannot be loaded (not built yet, corrupted): the app answers 503 with this message."""


class NoDraftSource(LookupError):
    """A draft was asked for from a chat session that has no answer to draft from: the app answers 404."""


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


class LastResponses:
    """The last answer of each chat session (what a helpdesk draft is written from), least recently used dropped.
    With a shared session store it is kept there instead, so a draft works whichever worker is asked."""

    def __init__(self, max_sessions: int, shared: SharedSessionStore | None = None) -> None:
        self.max_sessions = max_sessions
        self.shared = shared
        self._items: OrderedDict[str, AskResponse] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, session_id: str, response: AskResponse) -> None:
        if self.shared is not None:
            self.shared.put_note(session_id, "last_response", response.model_dump_json())
            return
        with self._lock:
            self._items[session_id] = response
            self._items.move_to_end(session_id)
            while len(self._items) > self.max_sessions:
                self._items.popitem(last=False)

    def get(self, session_id: str) -> AskResponse | None:
        if self.shared is not None:
            blob = self.shared.note(session_id, "last_response")
            return AskResponse.model_validate_json(blob) if blob is not None else None
        with self._lock:
            return self._items.get(session_id)


class AppState:
    """Everything the endpoints share. Corpus and index load through the packages' own caches
    (`default_corpus`, `load_retriever`); answers come from an `assistant.pipeline.Pipeline` — the same class
    the CLI uses — that this app owns so that its chat sessions survive an index swap."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.lock = ReadWriteLock()
        self.sessions = _open_sessions(settings)
        self.last_responses = LastResponses(settings.max_sessions, self.sessions if isinstance(self.sessions, SharedSessionStore) else None)
        self._pipeline: Pipeline | None = None
        self._session_locks = [threading.Lock() for _ in range(64)]
        self._load_lock = threading.Lock()
        self._pipeline_lock = threading.Lock()
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
                # One throwaway answer loads what stays lazy until first use (the embedding model, the
                # tokenizer's dictionary), so the first real question is not the slow one. Not audited.
                self.pipeline().ask("数据出境安全评估")
        except NotReady:
            pass  # recorded by ensure_loaded; /healthz reports it
        except Exception:
            log.exception("warm-up question failed (the server still answers)")

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
        return default_corpus()

    def retriever(self) -> Any:
        return load_retriever()

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            with self._pipeline_lock:
                if self._pipeline is None:
                    # Our SessionStore, so chats survive an index swap (a new pipeline is built after one).
                    self._pipeline = Pipeline(self.settings, sessions=self.sessions)
        return self._pipeline

    def lists(self) -> list[NegativeList]:
        return load_lists()

    def reset_caches(self) -> None:
        """Forget the loaded corpus, index and pipeline (call inside `lock.write()`); the next use reloads them."""
        default_corpus.cache_clear()
        reset_cache()
        reset_pipeline()  # the process-wide one (used by drafts of English answers), not ours
        self._pipeline = None  # a new one is built with the same SessionStore: chats go on after a swap
        self._loaded = False

    def close(self) -> None:
        self.sessions.close()
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

    def answer(self, question: str | None, *, session_id: str | None, endpoint: str,
               facts_patch: dict[str, Any] | None = None) -> AskResponse:
        with self._session(session_id), self.lock.read():
            self.ensure_loaded()
            started = time.perf_counter()
            response: AskResponse = self.pipeline().ask(question, session_id=session_id, facts_patch=facts_patch)
            elapsed_ms = (time.perf_counter() - started) * 1000
            if session_id is not None and response.session_id != session_id:
                response = response.model_copy(update={"session_id": session_id})
            self._audit(response, question if question is not None else response.question, elapsed_ms, endpoint, session_id)
            if session_id is not None:
                self.last_responses.put(session_id, response)
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
        if session_id is not None:
            last = self.last_responses.get(session_id)
            if last is None:
                raise NoDraftSource(f"no answer in chat session {session_id!r} to draft from")
            return last
        assert question is not None
        return self.answer(question, session_id=None, endpoint="draft")

    def draft_markdown(self, response: AskResponse, company: str | None) -> str:
        with self.lock.read():
            self.ensure_loaded()
            return render_draft(response, company=company, pipeline=self.pipeline())

    def draft_docx(self, response: AskResponse, company: str | None) -> bytes:
        with self.lock.read():
            self.ensure_loaded()
            return render_docx(response, company=company, pipeline=self.pipeline())

    # --- health ------------------------------------------------------------------------------------------------
    def health(self) -> Health:
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


def _open_sessions(settings: Settings) -> SessionStore:
    """Shared between workers and kept across restarts: SQLite in the data dir, or what CHUJING_SESSION_URL names
    (a Redis that cannot be reached stops the server from starting). When the default SQLite file cannot be opened
    (a read-only data dir), chats still work, in this process's memory, and the log says so."""
    def open_store(url: str | None) -> SessionStore:
        return open_session_store(url, settings.data_dir, ttl_seconds=settings.session_ttl, max_turns=settings.max_turns,
                                  max_sessions=settings.max_sessions)

    if settings.session_url is not None:
        return open_store(settings.session_url)
    try:
        return open_store(None)
    except (OSError, sqlite3.Error) as exc:
        log.error("chat sessions kept in memory only (one process, lost on restart): cannot open %s: %s",
                  settings.data_dir / "sessions.db", exc)
        return open_store("memory")


def _short_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:500]
