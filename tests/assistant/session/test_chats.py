"""SessionStore: isolation between sessions, LRU bound, per-session serialisation, copies not shared state."""

from __future__ import annotations

import threading

import pytest

from assistant.models import Facts
from assistant.session.chats import SessionStore, Turn


def test_sessions_keep_their_own_facts() -> None:
    store = SessionStore()
    with store.session("alpha") as s:
        s.facts = Facts(registered_zone="lingang")
        s.pending = ["is_ciio"]
    with store.session("beta") as s:
        assert s.facts == Facts() and s.pending == []
        s.facts = Facts(registered_zone="outside")
    alpha, beta = store.get("alpha"), store.get("beta")
    assert alpha is not None and beta is not None
    assert alpha.facts.registered_zone == "lingang" and beta.facts.registered_zone == "outside"


def test_get_returns_a_copy() -> None:
    store = SessionStore()
    with store.session("alpha") as s:
        s.transcript.append(Turn(role="user", text="hi"))
    copy = store.get("alpha")
    assert copy is not None
    copy.transcript.clear()
    copy.facts.is_ciio = True
    again = store.get("alpha")
    assert again is not None and len(again.transcript) == 1 and again.facts.is_ciio is None


def test_failed_turn_leaves_the_session_unchanged() -> None:
    store = SessionStore()
    with store.session("alpha") as s:
        s.facts = Facts(is_ciio=False)
    with pytest.raises(RuntimeError), store.session("alpha") as s:
        s.facts = Facts(is_ciio=True)
        raise RuntimeError("boom")
    kept = store.get("alpha")
    assert kept is not None and kept.facts.is_ciio is False


def test_lru_bound_drops_the_least_recently_used() -> None:
    store = SessionStore(max_sessions=3)
    for name in ("a1", "b2", "c3"):
        with store.session(name):
            pass
    with store.session("a1"):  # touch: a1 becomes the most recent
        pass
    with store.session("d4"):
        pass
    assert len(store) == 3
    assert "b2" not in store and "a1" in store and "d4" in store


def test_transcript_is_bounded() -> None:
    store = SessionStore(max_turns=4)
    with store.session("alpha") as s:
        s.transcript.extend(Turn(role="user", text=str(n)) for n in range(10))
    kept = store.get("alpha")
    assert kept is not None and [t.text for t in kept.transcript] == ["6", "7", "8", "9"]


@pytest.mark.parametrize("bad", ["", "has space", "x" * 129, "../etc"])
def test_invalid_session_ids_are_refused(bad: str) -> None:
    with pytest.raises(ValueError), SessionStore().session(bad):
        pass


def test_concurrent_turns_of_one_session_do_not_lose_updates() -> None:
    store = SessionStore(max_turns=1_000)
    barrier = threading.Barrier(8)

    def turn() -> None:
        barrier.wait()
        for _ in range(25):
            with store.session("shared") as s:
                s.transcript.append(Turn(role="user", text="x"))

    threads = [threading.Thread(target=turn) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    store_copy = store.get("shared")
    assert store_copy is not None
    assert len(store_copy.transcript) == 200  # every turn kept: turns of one session run one at a time
