"""The shared session stores (SQLite in the data dir, Redis on a real `redis-server`): what a session remembers
survives a new store object (a restart), turns of one session run one after the other across processes, the TTL
and the turn limit apply, and a lease left by a dead process does not block the next turn."""

from __future__ import annotations

import json
import multiprocessing
import os
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.models import Facts
from assistant.session.chats import Session, SessionStore, Turn
from assistant.session.stores import (
    RedisSessionStore,
    SessionLost,
    SharedSessionStore,
    SqliteSessionStore,
    open_session_store,
)

StoreFactory = Callable[..., SharedSessionStore]


@pytest.fixture(params=["sqlite", "redis"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreFactory]:
    """Builds stores over one backend; every store built here is a new object over the same data (a restart)."""
    made: list[SharedSessionStore] = []
    if request.param == "sqlite":
        def factory(**kwargs: object) -> SharedSessionStore:
            store = SqliteSessionStore(tmp_path / "sessions.db", **kwargs)  # type: ignore[arg-type]
            made.append(store)
            return store
    else:
        url: str = request.getfixturevalue("redis_url")
        prefix = f"t{os.getpid()}-{time.monotonic_ns()}:"

        def factory(**kwargs: object) -> SharedSessionStore:
            store = RedisSessionStore(url, prefix=prefix, **kwargs)  # type: ignore[arg-type]
            made.append(store)
            return store
    yield factory
    for store in made:
        store.close()


def test_a_new_store_continues_with_the_same_facts_and_pending_questions(make_store: StoreFactory) -> None:
    first = make_store()
    with first.session("chat-1") as s:
        s.facts = Facts(registered_zone="lingang", is_ciio=False)
        s.pending = ["pi_count_ytd", "sensitive_pi"]
        s.language = "zh"
        s.last_topic = "向境外母公司提供员工个人信息"
        s.transcript.append(Turn(role="user", text="你好"))
    first.close()
    restarted = make_store()
    with restarted.session("chat-1") as s:
        assert s.facts == Facts(registered_zone="lingang", is_ciio=False)
        assert s.pending == ["pi_count_ytd", "sensitive_pi"]
        assert s.language == "zh" and s.last_topic == "向境外母公司提供员工个人信息"
        assert [t.text for t in s.transcript] == ["你好"]
    assert "chat-1" in restarted and "chat-2" not in restarted and len(restarted) == 1


def test_the_whole_session_model_is_stored(make_store: StoreFactory) -> None:
    """One JSON blob of every field of Session, so a field added to it later survives the store too."""
    store = make_store()
    with store.session("chat-1") as s:
        s.facts = Facts(is_ciio=True)
    blob = store._load("chat-1")
    assert blob is not None
    assert set(json.loads(blob)) == set(Session.model_fields)


def test_sessions_keep_their_own_facts_and_a_failed_turn_changes_nothing(make_store: StoreFactory) -> None:
    store = make_store()
    with store.session("alpha") as s:
        s.facts = Facts(registered_zone="lingang")
    with store.session("beta") as s:
        assert s.facts == Facts()
        s.facts = Facts(registered_zone="outside")
    with pytest.raises(RuntimeError), store.session("alpha") as s:
        s.facts = Facts(registered_zone="other_ftz")
        raise RuntimeError("boom")
    alpha, beta = store.get("alpha"), store.get("beta")
    assert alpha is not None and alpha.facts.registered_zone == "lingang"
    assert beta is not None and beta.facts.registered_zone == "outside"
    with store.session("alpha"):  # the failed turn released the session's lock
        pass
    assert store.drop("beta") and store.get("beta") is None


def test_turn_limit_and_ttl(make_store: StoreFactory) -> None:
    store = make_store(max_turns=3, ttl_seconds=1)
    for n in range(5):
        with store.session("short") as s:
            s.transcript.append(Turn(role="user", text=str(n)))
    kept = store.get("short")
    assert kept is not None and [t.text for t in kept.transcript] == ["2", "3", "4"]
    time.sleep(1.3)
    assert store.get("short") is None
    with store.session("short") as s:
        assert s.transcript == []


def test_invalid_ids_are_refused(make_store: StoreFactory) -> None:
    with pytest.raises(ValueError), make_store().session("a/b"):
        pass


def _append_turns(kind: str, where: str, prefix: str, worker: int, turns: int) -> None:
    store: SharedSessionStore
    store = SqliteSessionStore(Path(where), max_turns=10_000) if kind == "sqlite" else RedisSessionStore(where, prefix=prefix, max_turns=10_000)
    for n in range(turns):
        with store.session("shared") as s:
            count = len(s.transcript)
            time.sleep(0.001)  # widen the window a lost update would need
            s.transcript.append(Turn(role="user", text=f"{worker}:{n}:{count}"))
    store.close()


def test_turns_of_one_session_run_one_after_the_other_across_processes(make_store: StoreFactory) -> None:
    store = make_store()
    if isinstance(store, SqliteSessionStore):
        kind, where, prefix = "sqlite", str(store.path), ""
    else:
        assert isinstance(store, RedisSessionStore)
        kind, where, prefix = "redis", store.url, store.prefix
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_append_turns, args=(kind, where, prefix, w, 25)) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    kept = store.get("shared")
    assert kept is not None and len(kept.transcript) == 100
    # each turn saw every turn before it: no turn was lost or ran on a stale copy
    assert [int(t.text.split(":")[2]) for t in kept.transcript] == list(range(100))


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_a_lease_left_by_a_dead_process_does_not_block_the_next_turn(make_store: StoreFactory) -> None:
    store = make_store(wait_seconds=5.0)
    stale = f"{socket.gethostname()}:{_dead_pid()}:deadbeef0000:00000000"
    if isinstance(store, SqliteSessionStore):
        with store._write() as db:
            db.execute("INSERT INTO session_locks (id, owner, expires) VALUES (?, ?, ?)", ("crashed", stale, time.time() + 600))
    else:
        assert isinstance(store, RedisSessionStore)
        store.client.set(store._lock_key("crashed"), stale, px=600_000)
    started = time.monotonic()
    with store.session("crashed") as s:
        s.pending = ["is_ciio"]
    assert time.monotonic() - started < 2.0
    kept = store.get("crashed")
    assert kept is not None and kept.pending == ["is_ciio"]


def test_a_turn_whose_lease_was_taken_over_is_not_saved(make_store: StoreFactory) -> None:
    store = make_store()
    with pytest.raises(SessionLost), store.session("taken") as s:
        s.pending = ["mine"]
        # another process took the session over after our lease (pretend) expired
        if isinstance(store, SqliteSessionStore):
            with store._write() as db:
                db.execute("UPDATE session_locks SET owner = 'elsewhere:1:x:y' WHERE id = 'taken'")
        else:
            assert isinstance(store, RedisSessionStore)
            store.client.set(store._lock_key("taken"), "elsewhere:1:x:y")
    assert store.get("taken") is None


def test_open_session_store_picks_the_backend(tmp_path: Path) -> None:
    default = open_session_store(None, tmp_path, ttl_seconds=60, max_turns=10, max_sessions=10)
    assert isinstance(default, SqliteSessionStore) and default.path == tmp_path / "sessions.db"
    default.close()
    memory = open_session_store("memory", tmp_path, ttl_seconds=60, max_turns=10, max_sessions=10)
    assert type(memory) is SessionStore
    with pytest.raises(ValueError):
        open_session_store("postgres://x", tmp_path, ttl_seconds=60, max_turns=10, max_sessions=10)


def test_notes_beside_a_session_are_shared_and_expire(make_store: StoreFactory) -> None:
    writer = make_store(ttl_seconds=1)
    writer.put_note("chat-1", "last_response", '{"x": 1}')
    reader = make_store(ttl_seconds=1)
    assert reader.note("chat-1", "last_response") == '{"x": 1}'
    assert reader.note("chat-2", "last_response") is None
    time.sleep(1.3)
    assert reader.note("chat-1", "last_response") is None
