"""Chat sessions shared between processes: SQLite (WAL) in the data dir, or Redis (`CHUJING_SESSION_URL=redis://…`).

Both keep a session as one JSON blob of the whole `Session` model, so fields added to it later survive a round
trip. A turn holds the session's lock from load to save — a thread lock inside the process, a lease row (SQLite)
or a `SET NX` key (Redis) across processes — so two turns of one session run one after the other whichever
worker answers them. The save commits only while the lease is still ours. A lease left by a process that died
mid-turn is taken over at once when its owner ran on this machine and is gone, otherwise when it expires.
Sessions expire `ttl` seconds after their last turn; transcripts keep the last `max_turns` turns.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import threading
import time
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.session.chats import SESSION_ID_RULE, Session, SessionStore, valid_session_id
from assistant.session.sqlite_db import SqliteConnections

log = logging.getLogger("chujing.sessions")

_HOST = socket.gethostname()
_PROCESS = uuid.uuid4().hex[:12]  # tells this process from an earlier one that had the same pid (containers)


class SessionBusy(RuntimeError):
    """Another turn of the session held its lock for longer than the store waits."""


class SessionLost(RuntimeError):
    """The session's lease expired during a turn and another turn took it: this turn's changes are not saved."""


def _owner() -> str:
    return f"{_HOST}:{os.getpid()}:{_PROCESS}:{uuid.uuid4().hex[:8]}"


def _owner_is_gone(owner: str) -> bool:
    """Whether the process that holds a lease ran on this machine and no longer does (or is an earlier process
    with our pid): then its lease can be taken over without waiting for it to expire."""
    try:
        host, pid_text, process, _ = owner.split(":")
        pid = int(pid_text)
    except ValueError:
        return False
    if host != _HOST:
        return False
    if pid == os.getpid():
        return process != _PROCESS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class SharedSessionStore(SessionStore):
    """What the SQLite and Redis stores share: locking, the JSON blob, the turn limit. Subclasses store blobs."""

    def __init__(self, *, ttl_seconds: int, max_turns: int, lease_seconds: float = 120.0, wait_seconds: float = 150.0) -> None:
        super().__init__(max_sessions=1, max_turns=max_turns)
        self.ttl_seconds = ttl_seconds
        self.lease_seconds = lease_seconds
        self.wait_seconds = wait_seconds
        self._stripes = [threading.Lock() for _ in range(256)]

    # --- what a backend provides ---------------------------------------------------------------------------------
    def _load(self, session_id: str) -> str | None:
        raise NotImplementedError

    def _try_lock(self, session_id: str, owner: str) -> bool:
        raise NotImplementedError

    def _save_and_unlock(self, session_id: str, owner: str, blob: str) -> bool:
        """Save the blob and release the lease in one step; False (nothing saved) when the lease is not ours."""
        raise NotImplementedError

    def _unlock(self, session_id: str, owner: str) -> None:
        raise NotImplementedError

    def _delete(self, session_id: str) -> bool:
        raise NotImplementedError

    def _count(self) -> int:
        raise NotImplementedError

    def put_note(self, session_id: str, name: str, text: str) -> None:
        """Keep a text beside the session (e.g. its last answer, for drafts), expiring with the same TTL."""
        raise NotImplementedError

    def note(self, session_id: str, name: str) -> str | None:
        raise NotImplementedError

    def close(self) -> None:
        """Release connections."""

    # --- the SessionStore interface ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._count()

    def __contains__(self, session_id: object) -> bool:
        return isinstance(session_id, str) and self._load(session_id) is not None

    def get(self, session_id: str) -> Session | None:
        blob = self._load(session_id)
        return _parse(session_id, blob) if blob is not None else None

    def drop(self, session_id: str) -> bool:
        return self._delete(session_id)

    @contextmanager
    def session(self, session_id: str) -> Iterator[Session]:
        """Hold the session for one turn (across processes); changes are saved when the block ends without an error."""
        if not valid_session_id(session_id):
            raise ValueError(f"session_id must be {SESSION_ID_RULE}")
        with self._stripes[zlib.crc32(session_id.encode()) % len(self._stripes)]:
            owner = self._acquire(session_id)
            try:
                blob = self._load(session_id)
                working = _parse(session_id, blob) if blob is not None else None
                working = working if working is not None else Session(id=session_id)
                yield working
                working.transcript = working.transcript[-self.max_turns :]
            except BaseException:
                self._unlock(session_id, owner)
                raise
            if not self._save_and_unlock(session_id, owner, working.model_dump_json()):
                raise SessionLost(f"chat session {session_id!r}: another turn took it over; this turn was not saved")

    def _acquire(self, session_id: str) -> str:
        owner = _owner()
        deadline = time.monotonic() + self.wait_seconds
        pause = 0.002
        while not self._try_lock(session_id, owner):
            if time.monotonic() > deadline:
                raise SessionBusy(f"chat session {session_id!r} is busy with another turn; try again")
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        return owner


def _parse(session_id: str, blob: str) -> Session | None:
    try:
        return Session.model_validate_json(blob)
    except ValidationError:
        log.warning("chat session %s could not be read back; it starts afresh", session_id)
        return None


class SqliteSessionStore(SharedSessionStore):
    """Sessions in one SQLite file (WAL, busy timeout), shared by every process on this machine."""

    def __init__(self, path: Path, *, ttl_seconds: int = 7 * 24 * 3600, max_turns: int = 200, busy_timeout_ms: int = 10_000, **kwargs: Any) -> None:
        super().__init__(ttl_seconds=ttl_seconds, max_turns=max_turns, **kwargs)
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self._connections = SqliteConnections(path, busy_timeout_ms=busy_timeout_ms)
        self._saves = 0
        db = self._db()
        db.execute("CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, data TEXT NOT NULL, expires REAL NOT NULL)")
        db.execute("CREATE TABLE IF NOT EXISTS session_locks (id TEXT PRIMARY KEY, owner TEXT NOT NULL, expires REAL NOT NULL)")
        db.execute(
            "CREATE TABLE IF NOT EXISTS session_notes (id TEXT NOT NULL, name TEXT NOT NULL, data TEXT NOT NULL, expires REAL NOT NULL, "
            "PRIMARY KEY (id, name))"
        )

    def _db(self) -> sqlite3.Connection:
        return self._connections.get()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def _load(self, session_id: str) -> str | None:
        row = self._db().execute("SELECT data FROM sessions WHERE id = ? AND expires > ?", (session_id, time.time())).fetchone()
        return str(row[0]) if row is not None else None

    def _try_lock(self, session_id: str, owner: str) -> bool:
        now = time.time()
        with self._write() as db:
            row = db.execute("SELECT owner, expires FROM session_locks WHERE id = ?", (session_id,)).fetchone()
            if row is not None and row[1] > now and not _owner_is_gone(row[0]):
                return False
            db.execute("INSERT OR REPLACE INTO session_locks (id, owner, expires) VALUES (?, ?, ?)", (session_id, owner, now + self.lease_seconds))
            return True

    def _save_and_unlock(self, session_id: str, owner: str, blob: str) -> bool:
        now = time.time()
        with self._write() as db:
            row = db.execute("SELECT owner FROM session_locks WHERE id = ?", (session_id,)).fetchone()
            if row is None or row[0] != owner:
                return False
            db.execute("INSERT OR REPLACE INTO sessions (id, data, expires) VALUES (?, ?, ?)", (session_id, blob, now + self.ttl_seconds))
            db.execute("DELETE FROM session_locks WHERE id = ?", (session_id,))
            self._saves += 1
            if self._saves % 200 == 0:
                db.execute("DELETE FROM sessions WHERE expires <= ?", (now,))
                db.execute("DELETE FROM session_locks WHERE expires <= ?", (now,))
                db.execute("DELETE FROM session_notes WHERE expires <= ?", (now,))
        return True

    def _unlock(self, session_id: str, owner: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM session_locks WHERE id = ? AND owner = ?", (session_id, owner))

    def _delete(self, session_id: str) -> bool:
        with self._write() as db:
            return db.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount > 0

    def _count(self) -> int:
        row = self._db().execute("SELECT count(*) FROM sessions WHERE expires > ?", (time.time(),)).fetchone()
        return int(row[0])

    def put_note(self, session_id: str, name: str, text: str) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO session_notes (id, name, data, expires) VALUES (?, ?, ?, ?)",
                       (session_id, name, text, time.time() + self.ttl_seconds))

    def note(self, session_id: str, name: str) -> str | None:
        row = self._db().execute("SELECT data FROM session_notes WHERE id = ? AND name = ? AND expires > ?",
                                 (session_id, name, time.time())).fetchone()
        return str(row[0]) if row is not None else None

    def close(self) -> None:
        self._connections.close()


# Redis: save only while the lease is ours, then release it (one atomic script).
_SAVE = """
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
redis.call('DEL', KEYS[2])
return 1
"""
_UNLOCK = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
_TAKE_OVER = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
return 0
"""


class RedisSessionStore(SharedSessionStore):
    """Sessions in Redis (`redis://host:port/db`), shared by every process on every machine that reaches it."""

    def __init__(self, url: str, *, ttl_seconds: int = 7 * 24 * 3600, max_turns: int = 200, prefix: str = "chujing:", **kwargs: Any) -> None:
        super().__init__(ttl_seconds=ttl_seconds, max_turns=max_turns, **kwargs)
        import redis  # only when Redis is configured

        self.url = url
        self.client: Any = redis.Redis.from_url(url, decode_responses=True, socket_timeout=10, health_check_interval=30)
        self.prefix = prefix
        self._save_script = self.client.register_script(_SAVE)
        self._unlock_script = self.client.register_script(_UNLOCK)
        self._take_over_script = self.client.register_script(_TAKE_OVER)
        self.client.ping()

    def _key(self, session_id: str) -> str:
        return f"{self.prefix}session:{session_id}"

    def _lock_key(self, session_id: str) -> str:
        return f"{self.prefix}session-lock:{session_id}"

    def _load(self, session_id: str) -> str | None:
        value = self.client.get(self._key(session_id))
        return str(value) if value is not None else None

    def _try_lock(self, session_id: str, owner: str) -> bool:
        lease_ms = int(self.lease_seconds * 1000)
        if self.client.set(self._lock_key(session_id), owner, nx=True, px=lease_ms):
            return True
        holder = self.client.get(self._lock_key(session_id))
        if holder is not None and _owner_is_gone(str(holder)):
            return bool(self._take_over_script(keys=[self._lock_key(session_id)], args=[holder, owner, lease_ms]))
        return False

    def _save_and_unlock(self, session_id: str, owner: str, blob: str) -> bool:
        keys = [self._key(session_id), self._lock_key(session_id)]
        return bool(self._save_script(keys=keys, args=[owner, blob, int(self.ttl_seconds)]))

    def _unlock(self, session_id: str, owner: str) -> None:
        self._unlock_script(keys=[self._lock_key(session_id)], args=[owner])

    def _delete(self, session_id: str) -> bool:
        return bool(self.client.delete(self._key(session_id)))

    def _count(self) -> int:
        return sum(1 for _ in self.client.scan_iter(match=f"{self.prefix}session:*", count=1000))

    def put_note(self, session_id: str, name: str, text: str) -> None:
        self.client.set(f"{self.prefix}note:{name}:{session_id}", text, ex=int(self.ttl_seconds))

    def note(self, session_id: str, name: str) -> str | None:
        value = self.client.get(f"{self.prefix}note:{name}:{session_id}")
        return str(value) if value is not None else None

    def close(self) -> None:
        self.client.close()


def open_session_store(url: str | None, data_dir: Path, *, ttl_seconds: int, max_turns: int, max_sessions: int) -> SessionStore:
    """The store `url` names: `redis://…` / `rediss://…` → Redis, `memory` → this process only (the former
    behaviour), `sqlite:///path` → that file, None → `<data_dir>/sessions.db`."""
    if url is None or url.startswith("sqlite:"):
        path = Path(url.removeprefix("sqlite:///").removeprefix("sqlite://")) if url else data_dir / "sessions.db"
        return SqliteSessionStore(path, ttl_seconds=ttl_seconds, max_turns=max_turns)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisSessionStore(url, ttl_seconds=ttl_seconds, max_turns=max_turns)
    if url == "memory":
        return SessionStore(max_sessions=max_sessions, max_turns=max_turns)
    raise ValueError("CHUJING_SESSION_URL must be redis://…, rediss://…, sqlite:///path or memory")
