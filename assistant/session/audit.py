"""The audit log: one SQLite row per answered question, so a compliance officer can later show what was asked,
what the tool answered and on which corpus and index it rested.

Design (after simonw/llm's logs database): numbered migrations recorded in a `_migrations` table, WAL mode so
readers never block the writer, one connection per thread (sqlite3 connections must not be shared between
threads) and a process-wide lock around writes so concurrent requests queue instead of failing with
"database is locked". Other processes are handled by SQLite's own locking plus a busy timeout.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, Field

from assistant.session.sqlite_db import SqliteConnections

# Migration functions run in order, each exactly once per database; never edit or reorder a released one,
# only append new ones.
Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[tuple[str, Migration]] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append((fn.__name__, fn))
    return fn


@migration
def m001_answers(db: sqlite3.Connection) -> None:
    db.execute(
        """
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            ts TEXT NOT NULL,
            session_id TEXT,
            endpoint TEXT NOT NULL,
            question TEXT NOT NULL,
            language TEXT,
            facts_json TEXT NOT NULL,
            verdict_code TEXT,
            citation_ids TEXT NOT NULL,
            corpus_version TEXT,
            index_build_id TEXT,
            timing_ms REAL NOT NULL,
            llm_used INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute("CREATE INDEX answers_ts ON answers (ts)")
    db.execute("CREATE INDEX answers_session ON answers (session_id)")


@migration
def m002_llm_model_and_degraded(db: sqlite3.Connection) -> None:
    db.execute("ALTER TABLE answers ADD COLUMN llm_model TEXT")
    db.execute("ALTER TABLE answers ADD COLUMN degraded TEXT NOT NULL DEFAULT '[]'")


@migration
def m003_corrections(db: sqlite3.Connection) -> None:
    # One row per corrected fact (issue 14): what the verdict rested on, and what the user set it to.
    db.execute(
        """
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            answer_id INTEGER NOT NULL REFERENCES answers (id),
            ts TEXT NOT NULL,
            session_id TEXT,
            key TEXT NOT NULL,
            value_read TEXT NOT NULL,
            value_corrected TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX corrections_ts ON corrections (ts)")


class Correction(BaseModel):
    """A fact the user corrected (facts_patch)."""

    key: str
    read: Any = Field(default=None, description="The value the verdict rested on before (a default when assumed).")
    corrected: Any = Field(default=None, description="The value the user set (None: not sure).")


class AuditEntry(BaseModel):
    """One answered question as it is stored."""

    ts: datetime = Field(default_factory=lambda: datetime.now(UTC), description="When the answer was returned (UTC).")
    session_id: str | None = Field(default=None, description="Chat session, None for one-shot questions.")
    endpoint: str = Field(default="ask", description="Which entry point answered: ask, chat, draft, cli…")
    question: str = Field(description="The question exactly as received.")
    language: str | None = Field(default=None, description="Detected language of the question.")
    facts: dict[str, Any] = Field(default_factory=dict, description="The facts the verdict was based on.")
    verdict_code: str | None = Field(default=None, description="The verdict code returned.")
    citation_ids: list[str] = Field(default_factory=list, description="Article ids cited in the answer, in order.")
    corpus_version: str | None = Field(default=None, description="Hash of the corpus that answered.")
    index_build_id: str | None = Field(default=None, description="The index build that answered.")
    timing_ms: float = Field(description="Wall time of the pipeline call in milliseconds.")
    llm_used: bool = Field(default=False, description="Whether the answer text came from the LLM.")
    llm_model: str | None = Field(default=None, description="The LLM model, when one was called.")
    degraded: list[str] = Field(default_factory=list, description="Parts that were unavailable while answering.")
    corrections: list[Correction] = Field(default_factory=list, description="Facts the user corrected in this turn.")


EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "ts",
    "session_id",
    "endpoint",
    "question",
    "language",
    "verdict_code",
    "citation_ids",
    "facts_json",
    "corpus_version",
    "index_build_id",
    "timing_ms",
    "llm_used",
    "llm_model",
    "degraded",
)


class AuditLog:
    """Thread-safe, append-only audit log in one SQLite file."""

    def __init__(self, path: Path, *, busy_timeout_ms: int = 10_000) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self._db = SqliteConnections(self.path, busy_timeout_ms=busy_timeout_ms, row_factory=sqlite3.Row)
        self._write_lock = threading.Lock()
        self.migrate()

    def _connect(self) -> sqlite3.Connection:
        return self._db.get()

    def migrate(self) -> list[str]:
        """Apply pending migrations; returns the names applied now."""
        db = self._connect()
        applied_now: list[str] = []
        with self._write_lock:
            # IMMEDIATE takes the write lock up front, so two processes starting together cannot both migrate.
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, applied_at TEXT NOT NULL)"
                )
                done = {row["name"] for row in db.execute("SELECT name FROM _migrations")}
                for name, fn in MIGRATIONS:
                    if name in done:
                        continue
                    fn(db)
                    db.execute(
                        "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (name, datetime.now(UTC).isoformat())
                    )
                    applied_now.append(name)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return applied_now

    def applied_migrations(self) -> list[str]:
        return [row["name"] for row in self._connect().execute("SELECT name FROM _migrations ORDER BY id")]

    def record(self, entry: AuditEntry) -> int:
        """Append one row; returns its id."""
        values = (
            _iso(entry.ts),
            entry.session_id,
            entry.endpoint,
            entry.question,
            entry.language,
            json.dumps(entry.facts, ensure_ascii=False, sort_keys=True, default=str),
            entry.verdict_code,
            json.dumps(entry.citation_ids, ensure_ascii=False),
            entry.corpus_version,
            entry.index_build_id,
            round(entry.timing_ms, 3),
            int(entry.llm_used),
            entry.llm_model,
            json.dumps(entry.degraded, ensure_ascii=False),
        )
        db = self._connect()
        with self._write_lock:
            if entry.corrections:
                db.execute("BEGIN IMMEDIATE")  # the answer and its corrections: one transaction
            cursor = db.execute(
                """
                INSERT INTO answers (ts, session_id, endpoint, question, language, facts_json, verdict_code,
                    citation_ids, corpus_version, index_build_id, timing_ms, llm_used, llm_model, degraded)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                values,
            )
            row_id = cursor.lastrowid
            assert row_id is not None
            if entry.corrections:
                db.executemany(
                    "INSERT INTO corrections (answer_id, ts, session_id, key, value_read, value_corrected) VALUES (?, ?, ?, ?, ?, ?)",
                    [(row_id, _iso(entry.ts), entry.session_id, c.key, _json_value(c.read), _json_value(c.corrected))
                     for c in entry.corrections],
                )
                db.execute("COMMIT")
        return row_id

    def correction_summary(self, since: datetime | date | None = None) -> list[dict[str, Any]]:
        """Corrections grouped by key, value read and value corrected, most frequent first."""
        sql = "SELECT key, value_read, value_corrected, count(*) AS count FROM corrections"
        params: list[str] = []
        if since is not None:
            sql += " WHERE ts >= ?"
            params.append(_iso(_as_datetime(since)))
        sql += " GROUP BY key, value_read, value_corrected ORDER BY count DESC, key, value_read, value_corrected"
        return [dict(row) for row in self._connect().execute(sql, params)]

    def rows(self, since: datetime | date | None = None, until: datetime | date | None = None) -> Iterator[dict[str, Any]]:
        """Rows in id order, optionally from `since` (inclusive) to `until` (exclusive), as plain dicts."""
        sql = f"SELECT {', '.join(EXPORT_COLUMNS)} FROM answers"
        clauses: list[str] = []
        params: list[str] = []
        if since is not None:
            clauses.append("ts >= ?")
            params.append(_iso(_as_datetime(since)))
        if until is not None:
            clauses.append("ts < ?")
            params.append(_iso(_as_datetime(until)))
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY id"
        for row in self._connect().execute(sql, params):
            yield dict(row)

    def count(self) -> int:
        row = self._connect().execute("SELECT count(*) AS n FROM answers").fetchone()
        return int(row["n"])

    def export_csv(self, out: IO[str], since: datetime | date | None = None, until: datetime | date | None = None) -> int:
        """Write rows as CSV with a header line; returns the number of rows written."""
        writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS), lineterminator="\n")
        writer.writeheader()
        n = 0
        for row in self.rows(since, until):
            writer.writerow(row)
            n += 1
        return n

    def close(self) -> None:
        self._db.close()


def _json_value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _as_datetime(value: datetime | date) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime(value.year, value.month, value.day, tzinfo=UTC)


def _iso(value: datetime) -> str:
    # One fixed format (UTC, microseconds) so that string comparison in SQL is time comparison.
    return _as_datetime(value).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_since(text: str) -> datetime:
    """A `--since` value: YYYY-MM-DD or a full ISO timestamp (naive = UTC). ValueError with a clear message."""
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"not a date: {text!r} (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)") from None
    return _as_datetime(parsed)


def entry_from_response(
    response: Any,
    *,
    timing_ms: float,
    endpoint: str,
    corpus_version: str | None,
    index_build_id: str | None,
    session_id: str | None = None,
    question: str | None = None,
) -> AuditEntry:
    """Build an entry from an `AskResponse` (typed loosely so this module stays import-light)."""
    llm = getattr(response, "llm", None)
    citations: Sequence[Any] = getattr(response, "citations", [])
    change = getattr(response, "change", None)
    corrections = [Correction(key=k, read=change.read.get(k), corrected=v) for k, v in change.corrected.items()] if change else []
    return AuditEntry(
        session_id=session_id if session_id is not None else getattr(response, "session_id", None),
        endpoint=endpoint,
        question=question if question is not None else response.question,
        language=response.language,
        facts=response.facts.model_dump(mode="json"),
        verdict_code=response.verdict.code,
        citation_ids=[c.id for c in citations],
        corpus_version=corpus_version,
        index_build_id=index_build_id,
        timing_ms=timing_ms,
        llm_used=bool(llm and llm.used),
        llm_model=getattr(llm, "model", None) if llm else None,
        degraded=list(getattr(response, "degraded", []) or []),
        corrections=corrections,
    )
