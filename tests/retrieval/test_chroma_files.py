"""The embedded Chroma files in the index manifest: damage to them is reported like damage to any other index
file, an ordinary open of the store (which rewrites bytes) is not, and a build that does not verify never
replaces the one serving. Every damage here is done to the real files of a real build."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from retrieval_testkit import MiniCorpus

import retrieval.index as index_mod
from retrieval.chroma_files import chroma_checksums
from retrieval.index import (
    IndexCorruptedError,
    build_index,
    current_build_id,
    index_status,
    load_retriever,
    reset_cache,
)
from retrieval.settings import RetrievalSettings

QUERY = "负面清单外的数据"
TOP = "sh-ftz-measures-2025#8"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    reset_cache()


@pytest.fixture
def built(tmp_path: Path, mini_corpus: MiniCorpus) -> tuple[RetrievalSettings, Path]:
    settings = RetrievalSettings(data_dir=tmp_path / "data")
    return settings, build_index(mini_corpus, settings)


def _segment_file(build: Path, name: str) -> Path:
    return next((build / "chroma").glob(f"*/{name}"))


def _open_in_another_process(build: Path) -> None:
    """What a second reader (the bench's LangChain baseline, an older build's loader) does: open, count, get, query."""
    code = (
        "import sys, chromadb\n"
        "from chromadb.config import Settings\n"
        "c = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))\n"
        "col = c.get_collection('chujing-articles')\n"
        "got = col.get(include=['embeddings'], limit=2)\n"
        "assert col.count() > 0\n"
        "print(col.query(query_embeddings=[list(map(float, got['embeddings'][0]))], n_results=2)['ids'])\n"
    )
    subprocess.run([sys.executable, "-c", code, str(build / "chroma")], check=True, capture_output=True, timeout=120)


def test_manifest_lists_the_sqlite_file_and_every_hnsw_file(built: tuple[RetrievalSettings, Path]) -> None:
    _, build = built
    chroma_files = json.loads((build / "manifest.json").read_text())["chroma_files"]
    on_disk = {str(p.relative_to(build)) for p in (build / "chroma").rglob("*") if p.is_file()}
    assert set(chroma_files) == on_disk
    assert "chroma/chroma.sqlite3" in chroma_files
    assert {Path(name).name for name in chroma_files} >= {"header.bin", "data_level0.bin", "length.bin", "link_lists.bin"}


def test_opening_and_querying_the_store_does_not_count_as_damage(built: tuple[RetrievalSettings, Path],
                                                                   mini_corpus: MiniCorpus) -> None:
    settings, build = built
    sqlite_before = (build / "chroma" / "chroma.sqlite3").read_bytes()
    _open_in_another_process(build)
    _open_in_another_process(build)
    # The open really rewrote bytes (why the sqlite file is checksummed by rows, not bytes) …
    assert (build / "chroma" / "chroma.sqlite3").read_bytes() != sqlite_before
    # … and the build still verifies, loads and answers.
    assert index_status(settings, mini_corpus).problem is None
    assert load_retriever(settings, corpus=mini_corpus).search(QUERY, k=1)[0].id == TOP


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def _flip_text_in(build: Path, btree: str) -> None:
    """Flip a byte of every copy of a chunk's words that SQLite keeps in the pages of `btree` (a table or an index
    of chroma.sqlite3): live data, not free space. Pages are located with SQLite's dbstat table."""
    path = build / "chroma" / "chroma.sqlite3"
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        page_size = int(db.execute("PRAGMA page_size").fetchone()[0])
        pages = {int(r[0]) for r in db.execute("SELECT pageno FROM dbstat WHERE name = ?", (btree,))}
    except sqlite3.OperationalError:
        pytest.skip("this SQLite has no dbstat table")
    finally:
        db.close()
    data = bytearray(path.read_bytes())
    hits = [m.start() for m in re.finditer("负面清单".encode(), bytes(data)) if m.start() // page_size + 1 in pages]
    assert hits, f"no copy of the words in {btree}"
    for at in hits:
        data[at + 1] ^= 0xFF
    path.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    # data_level0.bin is checksummed over the elements in use only (none in this small store: the vectors wait in
    # SQLite's queue), so the graph's header stands for the HNSW files here
    "hnsw-header-flipped": lambda b: _flip(_segment_file(b, "header.bin"), 50),
    "hnsw-header-cut": lambda b: _segment_file(b, "header.bin").write_bytes(_segment_file(b, "header.bin").read_bytes()[:10]),
    "hnsw-header-truncated": lambda b: _segment_file(b, "header.bin").write_bytes(b""),
    "hnsw-file-deleted": lambda b: _segment_file(b, "header.bin").unlink(),
    "sqlite-table-row-flipped": lambda b: _flip_text_in(b, "embedding_metadata"),
    "sqlite-index-flipped": lambda b: _flip_text_in(b, "embedding_metadata_string_value"),
    "sqlite-truncated": lambda b: (b / "chroma" / "chroma.sqlite3").write_bytes((b / "chroma" / "chroma.sqlite3").read_bytes()[:5000]),
    "sqlite-header-garbage": lambda b: _flip(b / "chroma" / "chroma.sqlite3", 0),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_chroma_file_is_reported_with_the_rebuild_command(built: tuple[RetrievalSettings, Path],
                                                                   mini_corpus: MiniCorpus, kind: str) -> None:
    settings, build = built
    DAMAGE[kind](build)
    with pytest.raises(IndexCorruptedError, match=r"index file .*chroma.*(corrupted|missing).*run `chujing index rebuild`"):
        load_retriever(settings, corpus=mini_corpus)
    problem = index_status(settings, mini_corpus).problem
    assert problem is not None and "chujing index rebuild" in problem


def test_a_rebuild_whose_chroma_files_do_not_verify_leaves_the_previous_build_serving(
    built: tuple[RetrievalSettings, Path], mini_corpus: MiniCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk damages the new build's HNSW data between its checksums and its read-back: the build fails, is
    removed, and CURRENT still names the previous build, which answers as before."""
    settings, old = built
    serving = load_retriever(settings, corpus=mini_corpus).search(QUERY, k=3)

    calls: list[Path] = []

    def checksum_then_damage(chroma_dir: Path, build_dir: Path) -> dict[str, str]:
        sums = chroma_checksums(chroma_dir, build_dir)
        if not calls:  # the manifest's checksums; the read-back that follows sees the damage
            _flip(_segment_file(build_dir, "header.bin"), 50)
        calls.append(build_dir)
        return sums

    monkeypatch.setattr(index_mod, "chroma_checksums", checksum_then_damage)
    with pytest.raises(IndexCorruptedError, match=r"header\.bin.*corrupted"):
        build_index(mini_corpus, settings)
    monkeypatch.undo()
    assert len(calls) == 2  # the manifest's checksums, then the read-back that failed
    assert current_build_id(settings) == old.name
    assert [p.name for p in (settings.index_dir / "builds").iterdir()] == [old.name]
    reset_cache()
    assert [h.id for h in load_retriever(settings, corpus=mini_corpus).search(QUERY, k=3)] == [h.id for h in serving]


def test_a_build_older_than_the_chroma_checksums_still_loads(built: tuple[RetrievalSettings, Path], mini_corpus: MiniCorpus) -> None:
    settings, build = built
    manifest = json.loads((build / "manifest.json").read_text())
    del manifest["chroma_files"]
    (build / "manifest.json").write_text(json.dumps(manifest))
    assert load_retriever(settings, corpus=mini_corpus).search(QUERY, k=1)[0].id == TOP


def test_a_damaged_build_made_current_under_a_running_process_leaves_it_answering_from_the_previous(
    built: tuple[RetrievalSettings, Path], mini_corpus: MiniCorpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CURRENT names a new build whose HNSW file is then damaged (a disk fault, an index/ copied in half): the
    process keeps the build it holds, says so in `degraded`, does not re-checksum on every call, and takes the
    next good build."""
    monkeypatch.setattr("ingest.corpus.default_corpus", lambda: mini_corpus, raising=False)
    settings, old = built
    serving = load_retriever(settings)
    expected = [h.id for h in serving.search(QUERY, k=3)]
    # Built as `chujing index build` in another process would: this process's cache is not reset by it.
    monkeypatch.setattr(index_mod, "reset_cache", lambda: None)
    new = build_index(mini_corpus, settings)
    _flip(_segment_file(new, "header.bin"), 50)
    loads: list[str] = []
    real_load = index_mod._load
    monkeypatch.setattr(index_mod, "_load", lambda s, b, c: loads.append(b) or real_load(s, b, c))
    kept = load_retriever(settings)
    assert kept is serving and kept.build_id == old.name and loads == [new.name]
    assert any(new.name in d and "corrupted" in d and "chujing index rebuild" in d for d in kept.degraded), kept.degraded
    assert [h.id for h in kept.search(QUERY, k=3)] == expected
    assert load_retriever(settings) is serving and loads == [new.name]  # inside the retry window: not re-verified
    assert "corrupted" in (index_status(settings).problem or "")  # the operator's view names the damage
    fixed = build_index(mini_corpus, settings)
    fresh = load_retriever(settings)
    assert fresh.build_id == fixed.name and fresh.degraded == [] and loads[-1] == fixed.name


def test_a_damaged_current_build_at_start_is_an_error_not_a_fallback(built: tuple[RetrievalSettings, Path],
                                                                    mini_corpus: MiniCorpus) -> None:
    """With nothing loaded yet there is nothing to keep serving: the damage is the error, as before."""
    settings, build = built
    _flip(_segment_file(build, "header.bin"), 50)
    with pytest.raises(IndexCorruptedError, match="chujing index rebuild"):
        load_retriever(settings)
