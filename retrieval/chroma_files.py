"""Checksums of the part of an embedded Chroma store (`<build>/chroma/`) that stays the same after its build.

Queries never read Chroma (they use the build's `dense/vectors.npz`), but the store is the record the vectors
were read back from, and tools open it (the bench's LangChain baseline, a build older than the read-back file),
so damage to it must be reported like damage to any other index file. What chromadb 1.5 writes there, and what
it rewrites when a client merely opens the store (measured: open, count, get, query, compare):

- `chroma.sqlite3` (rollback journal): collections, segments, and every chunk's text, metadata and vector (the
  `embeddings_queue` log holds the vectors not yet flushed to the HNSW files). Every open appends a row to
  `acquire_write` and bumps the file change counter in the header, so the *bytes* change on each read. Its
  checksum is therefore over the *rows* of every other table (FTS shadow tables included, the virtual table
  itself excluded as it is a view of them), read through a read-only connection, plus SQLite's integrity check
  (indexes against tables): damage to the data changes rows or fails the check, an open changes neither.
- `<segment>/header.bin`, `link_lists.bin`, `index_metadata.pickle`: the HNSW graph, written when the collection
  is flushed (every 1,000 additions); never rewritten by an open: checksummed whole.
- `<segment>/data_level0.bin`: like length.bin, an open of a store with no element in its HNSW files may rewrite
  the unused capacity (seen in a full test run: the bytes changed after two opens from other processes), so only
  the elements in use (`cur_element_count` × `size_data_per_element`, both from header.bin) are checksummed.
- `<segment>/length.bin`: 4 bytes per element up to the index's capacity. Opening a store whose HNSW files hold
  no element yet (the shipped corpus: 511 chunks, below the flush threshold) rewrites it with uninitialised
  memory (seen: heap addresses); only the entries of the elements in use (`cur_element_count`, read from
  header.bin) are meaningful and stable, so only they are checksummed.

SQLite's own side files (`-journal`, `-wal`, `-shm`) come and go with open connections and are never listed.
Cost: about 65 ms of CPU per index load on the shipped store (4 MB), most of it the rows; measured, not guessed.
"""

from __future__ import annotations

import hashlib
import sqlite3
import struct
from pathlib import Path

SQLITE_FILE = "chroma.sqlite3"
SIDECAR_SUFFIXES = ("-journal", "-wal", "-shm")
# Rows Chroma appends whenever a client opens the store (a write lock marker), not part of the index.
OPEN_WRITES = frozenset({"acquire_write"})
# hnswlib's header as Chroma persists it: int32 format version, then size_t offsetLevel0, max_elements,
# cur_element_count, ...
_CUR_COUNT = struct.Struct("<Q")
_CUR_COUNT_OFFSET = 4 + 8 + 8
_LENGTH_ENTRY_BYTES = 4


class ChromaFilesError(Exception):
    """A Chroma file that cannot be read at all (SQLite says it is not a database, or is malformed)."""


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIXES)


def chroma_checksums(chroma_dir: Path, build_dir: Path) -> dict[str, str]:
    """sha256 of the stable part of every file under `chroma_dir`, keyed by path relative to `build_dir`."""
    out: dict[str, str] = {}
    for path in sorted(chroma_dir.rglob("*")):
        if not path.is_file() or is_sidecar(path):
            continue
        rel = str(path.relative_to(build_dir))
        if path.name == SQLITE_FILE:
            out[rel] = sqlite_rows_sha256(path)
        elif path.name == "length.bin":
            out[rel] = _sha256_bytes(path.read_bytes()[: _elements_in_use(path.parent / "header.bin") * _LENGTH_ENTRY_BYTES])
        elif path.name == "data_level0.bin":
            header = path.parent / "header.bin"
            out[rel] = _sha256_bytes(path.read_bytes()[: _elements_in_use(header) * _bytes_per_element(header)])
        else:
            out[rel] = _sha256_bytes(path.read_bytes())
    return out


def sqlite_rows_sha256(path: Path) -> str:
    """sha256 over the table names and rows of every table but the open-time ones (see the module doc)."""
    h = hashlib.sha256()
    try:
        # mode=ro: reads take SQLite's shared lock like any reader and never write the file (nor a journal).
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            # The rows miss damage to an index b-tree (Chroma filters on `embedding_metadata_string_value`); the
            # integrity check cross-checks every index with its table (13 ms on the shipped store).
            problems = [str(r[0]) for r in db.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise ChromaFilesError(f"{path.name} fails SQLite's integrity check ({'; '.join(problems)})")
            tables = db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
            ).fetchall()
            for (name,) in tables:
                if name in OPEN_WRITES:
                    continue
                h.update(f"\0table {name}\0".encode())
                # Each row as one string made by SQLite (quote() renders blobs as hex in C: about half the time of
                # repr() per value in Python), in scan order, which is key order whatever pages the rows sit on.
                columns = [str(r[1]) for r in db.execute(f'PRAGMA table_info("{name}")')]
                row_text = " || ',' || ".join(f'quote("{c}")' for c in columns) or "''"
                for (text,) in db.execute(f'SELECT {row_text} FROM "{name}"'):
                    h.update(str(text).encode("utf-8", "surrogatepass"))
                    h.update(b"\n")
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise ChromaFilesError(f"{path.name} is not a readable SQLite database ({exc})") from exc
    return h.hexdigest()


def _elements_in_use(header: Path) -> int:
    try:
        data = header.read_bytes()
    except FileNotFoundError:
        return 0
    if len(data) < _CUR_COUNT_OFFSET + _CUR_COUNT.size:
        return 0
    return int(_CUR_COUNT.unpack_from(data, _CUR_COUNT_OFFSET)[0])


def _bytes_per_element(header: Path) -> int:
    """hnswlib's size_data_per_element, the size_t after cur_element_count in the header."""
    try:
        data = header.read_bytes()
    except FileNotFoundError:
        return 0
    offset = _CUR_COUNT_OFFSET + _CUR_COUNT.size
    if len(data) < offset + _CUR_COUNT.size:
        return 0
    return int(_CUR_COUNT.unpack_from(data, offset)[0])


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
