"""Maintainer operations behind the admin token: upload a document or a negative list, remove an upload, change
a document's status. Each one ingests, rebuilds the index beside the serving one and only then swaps it in;
any failure undoes the upload and leaves the previous index serving.

Uploads are checked before anything is written: a file name is never used as a path (the stored name is
derived from the validated doc_id / list_id), the size is capped while reading, and the content must match
the extension (a PDF starts with %PDF-, text decodes as UTF-8 / GB18030, a list validates).
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from assistant.lists.importer import import_csv
from assistant.lists.load import dump_list, load_lists, parse_list
from assistant.web.schemas import AdminResult
from assistant.web.state import AppState
from ingest.corpus import Corpus, add_document, load_corpus, mark_document, remove_document, uploads_root
from retrieval.index import build_index
from retrieval.settings import RetrievalSettings

log = logging.getLogger("chujing.api")

DOCUMENT_TYPES = {".pdf": "pdf", ".txt": "text", ".md": "text"}
LIST_TYPES = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}
DOC_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,79}$")
LIST_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,99}$")
_CHUNK = 1024 * 1024


class UploadError(Exception):
    """A refusal with the HTTP status and a message for the maintainer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class AdminService:
    def __init__(self, state: AppState) -> None:
        self.state = state
        self.settings = state.settings
        # One change at a time: a second upload during a rebuild is told to retry instead of queueing silently.
        self._busy = threading.Lock()

    # --- checks ------------------------------------------------------------------------------------------------
    @staticmethod
    def check_filename(filename: str) -> str:
        """The extension of an acceptable upload name; refuses paths and odd names."""
        name = filename.strip()
        if not name:
            raise UploadError(400, "the upload has no file name")
        if "\x00" in name or "/" in name or "\\" in name or ".." in name or name.startswith("."):
            raise UploadError(400, f"refused file name {name[:100]!r}: it must be a plain name without '/', '\\' or '..'")
        suffix = Path(name).suffix.lower()
        if suffix not in DOCUMENT_TYPES and suffix not in LIST_TYPES:
            allowed = ", ".join(sorted({*DOCUMENT_TYPES, *LIST_TYPES}))
            raise UploadError(415, f"{name}: unsupported file type {suffix or '(none)'!r}; accepted: {allowed}")
        return suffix

    def read_limited(self, name: str, stream: IO[bytes]) -> bytes:
        limit = self.settings.max_upload_bytes
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise UploadError(413, f"{name}: file too large (over {limit // (1024 * 1024)} MB, the upload limit)")
            chunks.append(chunk)
        data = b"".join(chunks)
        if not data.strip():
            raise UploadError(400, f"{name}: the file is empty")
        return data

    @staticmethod
    def sniff(name: str, suffix: str, data: bytes) -> None:
        if suffix == ".pdf":
            if not data.lstrip()[:5] == b"%PDF-":
                raise UploadError(415, f"{name}: not a PDF (the file does not start with %PDF-)")
            return
        if b"\x00" in data[:4096]:
            raise UploadError(415, f"{name}: binary content in a {suffix} file")
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                data.decode(encoding)
                return
            except UnicodeDecodeError:
                continue
        raise UploadError(415, f"{name}: text is neither UTF-8 nor GB18030")

    # --- operations --------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        if not self._busy.acquire(blocking=False):
            raise UploadError(409, "another document change is being applied; retry when it has finished")
        try:
            yield
        finally:
            self._busy.release()

    def upload(self, filename: str, stream: IO[bytes], metadata: dict[str, str]) -> AdminResult:
        suffix = self.check_filename(filename)
        data = self.read_limited(filename, stream)
        self.sniff(filename, suffix, data)
        with self._exclusive():
            if suffix in LIST_TYPES:
                return self._add_list(filename, suffix, data, metadata)
            return self._add_document(filename, suffix, data, metadata)

    def _staging(self) -> Path:
        path = self.settings.uploads_dir / ".staging"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def _add_document(self, filename: str, suffix: str, data: bytes, metadata: dict[str, str]) -> AdminResult:

        doc_id = metadata.get("doc_id")
        if doc_id is not None and not DOC_ID_RE.match(doc_id):
            raise UploadError(422, f"doc_id {doc_id!r} must be 2–80 lowercase letters, digits or '-'")
        # The file keeps its (checked) name inside a fresh directory: ingest derives a default doc_id from it.
        stage_dir = self._staging() / uuid.uuid4().hex
        stage_dir.mkdir()
        staged = stage_dir / filename
        staged.write_bytes(data)
        try:
            doc_id = _ingest_add(staged, metadata, self.settings.data_dir)
        except Exception as exc:
            raise UploadError(422, f"{filename}: {_message(exc)}") from None
        finally:
            shutil.rmtree(stage_dir, ignore_errors=True)
        try:
            corpus = self._rebuild()
        except Exception as exc:
            # Undo the upload so the corpus on disk matches the index that keeps serving.
            with contextlib.suppress(Exception):
                remove_document(doc_id, self.settings.data_dir)
            raise UploadError(422, f"{filename}: the index could not be rebuilt, nothing was changed ({_message(exc)})") from None
        doc = corpus.documents[doc_id]
        return AdminResult(
            action="added",
            doc_id=doc_id,
            title=doc.title,
            status=doc.status,
            articles=len(corpus.articles_of(doc_id)),
            corpus_version=corpus.version,
            index_build_id=self.state.index_build_id(),
        )

    def _add_list(self, filename: str, suffix: str, data: bytes, metadata: dict[str, str]) -> AdminResult:
        staged = self._staging() / f"{uuid.uuid4().hex}{suffix}"
        staged.write_bytes(data)
        try:
            if suffix == ".csv":
                kwargs: dict[str, Any] = {}
                for key in ("list_id", "title", "source", "edition"):
                    if metadata.get(key):
                        kwargs[key] = metadata[key]
                if metadata.get("status"):
                    kwargs["status"] = metadata["status"]
                lst = import_csv(staged, **kwargs)
            else:
                lst = parse_list(data.decode("utf-8-sig"), filename)
        except Exception as exc:
            raise UploadError(422, f"{filename}: {_message(exc)}") from None
        finally:
            staged.unlink(missing_ok=True)
        if not LIST_ID_RE.match(lst.list_id):
            raise UploadError(422, f"{filename}: list_id {lst.list_id!r} must be letters, digits, '.', '_' or '-'")
        target_dir = self.settings.uploads_dir / "lists"
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{lst.list_id}.yaml"
        backup = target.read_bytes() if target.exists() else None
        tmp = target_dir / f".{lst.list_id}.{uuid.uuid4().hex}.tmp"
        tmp.write_text(dump_list(lst), encoding="utf-8")
        tmp.replace(target)
        try:
            # The whole set must still load (e.g. no duplicate list_id with a repo list), or nothing changes.
            with self.state.lock.write():
                load_lists()
                self.state.reset_caches()
        except Exception as exc:
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                target.write_bytes(backup)
            raise UploadError(422, f"{filename}: {_message(exc)}") from None
        items = sum(len(sc.items) for sector in lst.sectors for sc in sector.scenarios)
        return AdminResult(action="list_added", list_id=lst.list_id, title=lst.title, status=lst.status, items=items)

    def remove(self, doc_id: str) -> AdminResult:

        corpus = self._change_upload(
            doc_id, lambda: remove_document(doc_id, self.settings.data_dir),
            shipped="change it in the repository", failed="could not remove it",
        )
        return AdminResult(action="removed", doc_id=doc_id, corpus_version=corpus.version, index_build_id=self.state.index_build_id())

    def set_status(self, doc_id: str, status: str, repealed: str | None) -> AdminResult:

        corpus = self._change_upload(
            doc_id, lambda: mark_document(doc_id, status, self.settings.data_dir, repealed=repealed),
            shipped="change its front matter in the repository", failed="could not change its status",
        )
        doc = corpus.documents[doc_id]
        return AdminResult(
            action="status_changed", doc_id=doc_id, title=doc.title, status=doc.status,
            corpus_version=corpus.version, index_build_id=self.state.index_build_id(),
        )

    def _change_upload(self, doc_id: str, change: Callable[[], object], *, shipped: str, failed: str) -> Corpus:
        """Apply `change` to an uploaded document and rebuild; on any failure restore the upload as it was.

        Returns the corpus after the change. Documents of the shipped corpus are refused (403)."""
        if not DOC_ID_RE.match(doc_id):
            raise UploadError(422, f"doc_id {doc_id!r} must be 2–80 lowercase letters, digits or '-'")
        with self._exclusive():
            if doc_id not in self.state.corpus().documents:
                raise UploadError(404, f"no document {doc_id!r} in the corpus")
            backup = _backup_upload(doc_id, self.settings.uploads_dir)
            if backup is None:
                raise UploadError(403, f"{doc_id} is part of the shipped corpus (corpus/texts/), not an upload; {shipped}")
            try:
                change()
                return self._rebuild()
            except Exception as exc:
                _restore_upload(backup)
                raise UploadError(422, f"{doc_id}: {failed}, nothing was changed ({_message(exc)})") from None

    def _rebuild(self) -> Corpus:
        """Build the index for the corpus as it now is on disk, then swap it in; returns the new corpus."""
        corpus = _fresh_corpus(self.settings.data_dir)
        # The build runs beside the serving index; only the swap waits for requests in flight.
        build_index(corpus, RetrievalSettings.from_env())
        with self.state.lock.write():
            self.state.reset_caches()
        # Load now so the first question after the swap does not pay for it (and a bad load shows at once).
        with self.state.lock.read():
            self.state.ensure_loaded()
            return self.state.corpus()


# ---------------------------------------------------------------------------------------------------------------
# The ingest side: `ingest.corpus` owns the layout of <data_dir>/uploads/texts/<doc_id>.md
# ---------------------------------------------------------------------------------------------------------------


def _upload_file(doc_id: str, uploads_dir: Path) -> Path:
    return uploads_dir / "texts" / f"{doc_id}.md"


def _fresh_corpus(data_dir: Path) -> Corpus:
    """The corpus as it is now on disk, loaded without touching the cache that requests are using."""
    uploads = uploads_root(data_dir)
    return load_corpus(extra_roots=[uploads] if (uploads / "texts").is_dir() else [])


def _ingest_add(path: Path, metadata: dict[str, str], data_dir: Path) -> str:
    """Ingest the staged file as an upload; returns its doc_id."""
    meta = {k: v for k, v in metadata.items() if k not in ("list_id", "edition")}
    return add_document(path, meta, data_dir).doc_id


def _backup_upload(doc_id: str, uploads_dir: Path) -> tuple[Path, bytes] | None:
    """The upload's file and bytes, so a failed change can be undone; None when it is not an upload."""
    path = _upload_file(doc_id, uploads_dir)
    return (path, path.read_bytes()) if path.is_file() else None


def _restore_upload(backup: tuple[Path, bytes]) -> None:
    path, data = backup
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.restore")
    tmp.write_bytes(data)
    tmp.replace(path)


# An absolute path (POSIX or Windows) or a home-relative one, as it may appear inside a library's error text.
_SERVER_PATH = re.compile(r"""(?<![\w.])(?:[A-Za-z]:\\|~?/)(?:[^\s'"`:,;()<>]+[/\\])+([^\s'"`:,;()<>/\\]*)""")


def _message(exc: BaseException) -> str:
    """The first line of the error, without any server path: a path is replaced by its file name, so a refused
    upload never shows where the server stages, stores or indexes files."""
    reason = getattr(exc, "reason", None)  # IngestError: the reason without the (staging) path
    text = str(reason if reason else exc).strip()
    if not text:
        return type(exc).__name__
    return scrub_paths(text.splitlines()[0])[:400]


def scrub_paths(text: str) -> str:
    """`text` with every absolute path replaced by its last part (`/srv/x/.staging/ab12.csv` → `ab12.csv`)."""
    return _SERVER_PATH.sub(lambda m: m.group(1) or "(path)", text)
