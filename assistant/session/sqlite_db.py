"""The SQLite connection setup shared by the audit log and the chat session store: both files are written by every
worker process of the server at once.

One connection per thread (sqlite3 connections must not be shared between threads), WAL so readers never block
the writer, a busy timeout so a writer in another process is waited for instead of failing with "database is
locked", and `isolation_level=None` so callers issue BEGIN/COMMIT themselves and a write is one transaction.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import suppress
from pathlib import Path
from typing import Any


class SqliteConnections:
    """Per-thread connections to one SQLite file; `close()` closes every one of them."""

    def __init__(self, path: Path, *, busy_timeout_ms: int = 10_000, row_factory: Any = None) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self.row_factory = row_factory
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)

    def get(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None, check_same_thread=False)
            if self.row_factory is not None:
                db.row_factory = self.row_factory
            db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            db.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable against application crashes in WAL mode; only an OS crash may lose the last commit.
            db.execute("PRAGMA synchronous = NORMAL")
            self._local.db = db
            with self._lock:
                self._connections.append(db)
        return db

    def close(self) -> None:
        with self._lock:
            for db in self._connections:
                # Already closed elsewhere (or by another thread): nothing left to release.
                with suppress(sqlite3.Error):
                    db.close()
            self._connections.clear()
        self._local = threading.local()
