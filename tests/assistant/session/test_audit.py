"""The audit log: migrations run once, WAL mode, concurrent appends lose nothing, CSV export filters by date."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from assistant.session.audit import MIGRATIONS, AuditEntry, AuditLog, parse_since


def _entry(question: str, **kw: object) -> AuditEntry:
    values: dict[str, object] = {
        "question": question,
        "language": "zh",
        "facts": {"registered_zone": "lingang", "pi_count_ytd": 150000},
        "verdict_code": "exempt_negative_list",
        "citation_ids": ["sh-ftz-measures-2025#8", "cac-provisions-2024#6"],
        "corpus_version": "v1",
        "index_build_id": "build-1",
        "timing_ms": 12.5,
    }
    values.update(kw)
    return AuditEntry.model_validate(values)


def test_migrations_are_recorded_once_and_wal_is_on(tmp_path: Path) -> None:
    path = tmp_path / "audit.db"
    log = AuditLog(path)
    assert log.applied_migrations() == [name for name, _ in MIGRATIONS]
    log.close()
    again = AuditLog(path)
    assert again.migrate() == []  # nothing left to apply
    assert again.applied_migrations() == [name for name, _ in MIGRATIONS]
    again.close()
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    columns = {row[1] for row in raw.execute("PRAGMA table_info(answers)")}
    assert {"question", "facts_json", "verdict_code", "citation_ids", "corpus_version", "index_build_id"} <= columns
    raw.close()


def test_record_roundtrips_unicode_and_json(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.db")
    row_id = log.record(_entry("我们是临港新片区的再保险公司，需要申报吗？", session_id="s1", llm_used=True, llm_model="m"))
    rows = list(log.rows())
    assert [r["id"] for r in rows] == [row_id]
    row = rows[0]
    assert row["question"] == "我们是临港新片区的再保险公司，需要申报吗？"
    assert json.loads(row["facts_json"]) == {"pi_count_ytd": 150000, "registered_zone": "lingang"}
    assert json.loads(row["citation_ids"]) == ["sh-ftz-measures-2025#8", "cac-provisions-2024#6"]
    assert row["session_id"] == "s1"
    assert row["llm_used"] == 1 and row["llm_model"] == "m"
    log.close()


def test_concurrent_appends_lose_no_row(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.db")
    threads_n, per_thread = 16, 40
    errors: list[BaseException] = []

    def worker(t: int) -> None:
        try:
            for i in range(per_thread):
                log.record(_entry(f"q-{t}-{i}", session_id=f"s{t}"))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(t,)) for t in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert log.count() == threads_n * per_thread
    questions = {r["question"] for r in log.rows()}
    assert questions == {f"q-{t}-{i}" for t in range(threads_n) for i in range(per_thread)}
    log.close()


def test_two_logs_on_one_file_share_rows(tmp_path: Path) -> None:
    # Two server processes (or the server and `chujing audit export`) open the same file.
    a, b = AuditLog(tmp_path / "audit.db"), AuditLog(tmp_path / "audit.db")
    a.record(_entry("from a"))
    b.record(_entry("from b"))
    assert [r["question"] for r in a.rows()] == ["from a", "from b"]
    a.close()
    b.close()


def test_export_csv_filters_by_since(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.db")
    old = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    log.record(_entry("old question", ts=old))
    log.record(_entry("new, with \"quotes\" and\nnewline", ts=old + timedelta(days=30)))
    out = io.StringIO()
    n = log.export_csv(out, since=date(2026, 2, 1))
    assert n == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["question"] for r in rows] == ['new, with "quotes" and\nnewline']
    assert rows[0]["verdict_code"] == "exempt_negative_list"
    everything = io.StringIO()
    assert log.export_csv(everything) == 2
    log.close()


def test_parse_since_accepts_dates_and_refuses_garbage() -> None:
    assert parse_since("2026-03-01") == datetime(2026, 3, 1, tzinfo=UTC)
    assert parse_since("2026-03-01T10:00:00Z") == datetime(2026, 3, 1, 10, tzinfo=UTC)
    with pytest.raises(ValueError, match="not a date"):
        parse_since("last week")
