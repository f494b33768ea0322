"""Chat sessions: facts, pending clarifying questions and the transcript, kept per session in memory.

This is the one-process store (the CLI's, and `CHUJING_SESSION_URL=memory`); the server keeps its sessions in
SQLite or Redis through `assistant.session.stores`, which subclass this one and keep its interface.

Bounded (least recently used sessions are dropped) and thread-safe: the store has one lock for its table and
each session its own lock, so two turns of one session run one after the other while other sessions proceed.
A session is only ever handed to the turn that holds its lock, so sessions never see each other's facts.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from pydantic import BaseModel, Field

from assistant.models import Facts, FactSource, Language, VerdictCode

# One rule for every caller (API, CLI, evals). It admits every id either former rule admitted (the API's was
# 8–64 of [A-Za-z0-9_-], the pipeline's this one), so no client that worked stops working, and still refuses
# path characters, spaces and anything that would be awkward in a URL or a log line.
_SESSION_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")
SESSION_ID_RULE = "1-128 characters of letters, digits, '-', '_', '.', ':'"


class Turn(BaseModel):
    """One message of the transcript."""

    role: str = Field(description="'user' or 'assistant'.")
    text: str
    verdict: VerdictCode | None = Field(default=None, description="The verdict of an assistant turn.")
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class Session(BaseModel):
    """What one conversation remembers."""

    id: str
    facts: Facts = Field(default_factory=Facts)
    pending: list[str] = Field(default_factory=list, description="Facts keys the last answer asked for, most decisive first.")
    language: Language | None = None
    last_topic: str | None = Field(default=None, description="The last substantive question, used as the search query for short replies.")
    transcript: list[Turn] = Field(default_factory=list)
    facts_source: dict[str, FactSource] = Field(
        default_factory=dict, description="Where each known fact came from: stated, answered or corrected (issue 14)."
    )


def valid_session_id(session_id: str) -> bool:
    """Whether `session_id` follows SESSION_ID_RULE."""
    return bool(_SESSION_ID.match(session_id))


class SessionStore:
    """In-memory LRU of sessions."""

    def __init__(self, max_sessions: int = 1_000, max_turns: int = 100) -> None:
        self.max_sessions = max_sessions
        self.max_turns = max_turns
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)

    def __contains__(self, session_id: object) -> bool:
        with self._lock:
            return session_id in self._sessions

    def get(self, session_id: str) -> Session | None:
        """A copy of the session (for display); changing it changes nothing."""
        with self._lock:
            session = self._sessions.get(session_id)
            return session.model_copy(deep=True) if session is not None else None

    def _session_lock(self, session_id: str) -> threading.Lock:
        with self._lock:
            return self._locks.setdefault(session_id, threading.Lock())

    @contextmanager
    def session(self, session_id: str) -> Iterator[Session]:
        """Hold the session for one turn; changes made to it are kept when the block ends without an error."""
        if not valid_session_id(session_id):
            raise ValueError(f"session_id must be {SESSION_ID_RULE}")
        with self._session_lock(session_id):
            with self._lock:
                stored = self._sessions.get(session_id)
            working = stored.model_copy(deep=True) if stored is not None else Session(id=session_id)
            yield working
            working.transcript = working.transcript[-self.max_turns :]
            with self._lock:
                self._sessions[session_id] = working
                self._sessions.move_to_end(session_id)
                while len(self._sessions) > self.max_sessions:
                    dropped, _ = self._sessions.popitem(last=False)
                    lock = self._locks.get(dropped)
                    if lock is not None and not lock.locked():
                        del self._locks[dropped]

    def close(self) -> None:
        """Nothing to release in memory; the shared stores (`assistant.session.stores`) close connections."""

    def drop(self, session_id: str) -> bool:
        with self._lock:
            self._locks.pop(session_id, None)
            return self._sessions.pop(session_id, None) is not None
