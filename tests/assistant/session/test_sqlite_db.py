"""The shared SQLite setup of the audit log and the session store: WAL, busy timeout, one connection per thread."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from assistant.session.sqlite_db import SqliteConnections


def test_each_thread_gets_its_own_wal_connection_with_the_busy_timeout(tmp_path: Path) -> None:
    conns = SqliteConnections(tmp_path / "sub" / "x.db", busy_timeout_ms=1234, row_factory=sqlite3.Row)
    main = conns.get()
    assert conns.get() is main  # reused within a thread
    assert main.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert main.execute("PRAGMA busy_timeout").fetchone()[0] == 1234
    assert main.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert isinstance(main.execute("SELECT 1 AS one").fetchone(), sqlite3.Row)
    other: list[sqlite3.Connection] = []
    th = threading.Thread(target=lambda: other.append(conns.get()))
    th.start()
    th.join()
    assert other and other[0] is not main


def test_close_closes_every_threads_connection_and_a_new_one_can_open(tmp_path: Path) -> None:
    conns = SqliteConnections(tmp_path / "x.db")
    first = conns.get()
    first.execute("CREATE TABLE t (x INTEGER)")
    conns.close()
    with pytest.raises(sqlite3.ProgrammingError):
        first.execute("SELECT 1")
    conns.close()  # twice is harmless
    assert conns.get().execute("SELECT count(*) FROM t").fetchone()[0] == 0
