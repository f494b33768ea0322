"""The corpus: documents from `corpus/texts/*.md` (plus uploads), parsed into articles, and the registry others use.

A corpus file is YAML front matter (SPEC §2) followed by the source's body verbatim; the body is cleaned and
parsed at load time (fast enough for every cold start), so the files stay the single source of truth.
Uploads are written as `<data_dir>/uploads/texts/<doc_id>.md` with the same layout but an already cleaned body.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ingest.clean import Cleaner
from ingest.errors import IngestError
from ingest.load import load_file
from ingest.models import Article, Citation, Document
from ingest.patterns import Line
from ingest.structure import ParsedText, StructureParser
from ingest.yaml_io import YAMLError, load_yaml

REPO_CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"
DOC_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_log = logging.getLogger(__name__)


class Corpus:
    """All documents and their articles, in document order, with lookups by id, number and name."""

    def __init__(self, documents: Iterable[Document], articles: Iterable[Article]) -> None:
        self.documents: dict[str, Document] = {doc.doc_id: doc for doc in documents}
        self.articles: dict[str, Article] = {article.id: article for article in articles}
        self._by_doc: dict[str, list[Article]] = {doc_id: [] for doc_id in self.documents}
        for article in self.articles.values():
            self._by_doc.setdefault(article.doc_id, []).append(article)
        self._names: dict[str, Document] = {}
        # doc_id, short_title and title win over aliases when two documents share a name.
        for doc in self.documents.values():
            for name in doc.aliases:
                self._names.setdefault(_name_key(name), doc)
        for doc in self.documents.values():
            for name in (doc.doc_id, doc.short_title, doc.title):
                self._names[_name_key(name)] = doc
        self.version = _corpus_version(self.documents.values(), self.articles.values())

    def __len__(self) -> int:
        return len(self.articles)

    def __repr__(self) -> str:
        return f"Corpus({len(self.documents)} documents, {len(self.articles)} articles, version {self.version[:12]})"

    def get(self, article_id: str) -> Article:
        """The article 'doc_id#N'; KeyError when absent."""
        return self.articles[article_id]

    def article(self, doc_id: str, number: int) -> Article:
        """Article `number` of `doc_id`; KeyError when absent."""
        return self.articles[f"{doc_id}#{number}"]

    def cite(self, doc_id: str, number: int, paragraph: int | None = None, item: int | None = None) -> Citation:
        """A citation of an existing article (KeyError) and paragraph/item (ValueError)."""
        return Citation.from_article(self.article(doc_id, number), paragraph=paragraph, item=item)

    def articles_of(self, doc_id: str) -> list[Article]:
        """The document's articles in order (empty for an unknown document)."""
        return list(self._by_doc.get(doc_id, []))

    def find_document(self, name: str) -> Document | None:
        """A document by doc_id, short title, full title or alias (case- and 《》-insensitive)."""
        return self._names.get(_name_key(name))


def _name_key(name: str) -> str:
    return "".join(name.strip().strip("《》<>\"'“”").split()).lower()


def _corpus_version(documents: Iterable[Document], articles: Iterable[Article]) -> str:
    digest = hashlib.sha256()
    for doc in sorted(documents, key=lambda d: d.doc_id):
        digest.update(json.dumps(doc.model_dump(mode="json", exclude={"path"}), sort_keys=True, ensure_ascii=False).encode())
    for article in sorted(articles, key=lambda a: (a.doc_id, a.number)):
        digest.update(f"{article.id}:{article.content_hash}:{article.chapter}:{article.section}\n".encode())
    return digest.hexdigest()


# -- reading corpus files ---------------------------------------------------------------------------------------


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any], str]:
    """The YAML front matter as a dict and the body after it (IngestError when there is none or it is broken)."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        raise IngestError(path, "no YAML front matter (a '---' block at the top)")
    try:
        meta = load_yaml(match.group(1))
    except YAMLError as exc:
        raise IngestError(path, f"front matter is not valid YAML: {exc}") from None
    if not isinstance(meta, dict):
        raise IngestError(path, "front matter is not a mapping of fields")
    return meta, text[match.end() :]


def make_document(meta: Mapping[str, Any], path: Path, *, relative_to: Path | None = None) -> Document:
    fields = {key: value for key, value in meta.items() if key in Document.model_fields}
    unknown = sorted(set(meta) - set(Document.model_fields))
    if unknown:
        raise IngestError(path, f"unknown front matter field(s): {', '.join(unknown)}")
    doc_id = fields.get("doc_id")
    if not isinstance(doc_id, str) or not DOC_ID_PATTERN.match(doc_id):
        raise IngestError(path, f"doc_id {doc_id!r} must be lowercase letters, digits, '.', '_' or '-'")
    if relative_to is not None:
        try:
            fields["path"] = path.resolve().relative_to(relative_to.resolve()).as_posix()
        except ValueError:
            fields["path"] = str(path.resolve())
    else:
        fields["path"] = str(path.resolve())
    try:
        return Document(**fields)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        raise IngestError(path, f"front matter: {problems}") from None


def parse_body(body: str, document: Document) -> ParsedText:
    """Clean and parse one document's body."""
    units = Cleaner(allow_gaps=document.status == "partial").run(body)
    return StructureParser().run(units, document)


def parse_corpus_file(path: Path, *, relative_to: Path | None = None) -> tuple[Document, ParsedText]:
    loaded = load_file(path)
    meta, body = split_front_matter(loaded.text, path)
    document = make_document(meta, path, relative_to=relative_to)
    if path.stem != document.doc_id:
        raise IngestError(path, f"file name must be '<doc_id>.md' (doc_id is {document.doc_id!r})")
    parsed = parse_body(body, document)
    if not parsed.articles:
        raise IngestError(path, "no articles (第N条) found")
    return document, parsed


def _texts_dir(root: Path) -> Path:
    texts = root / "texts"
    return texts if texts.is_dir() else root


def load_corpus(root: Path | None = None, *, extra_roots: Sequence[Path] = ()) -> Corpus:
    """Load `<root>/texts/*.md` (default: the repo's corpus/, or $CHUJING_CORPUS_DIR) and then each extra root.

    A document in a later root replaces one with the same doc_id from an earlier root (an upload that was
    added with replace=True). A broken file in `root` raises `IngestError` naming it; a broken file in an
    extra root (an upload someone edited by hand) is skipped with a logged warning.
    """
    if root is None:
        root = Path(os.environ["CHUJING_CORPUS_DIR"]) if os.environ.get("CHUJING_CORPUS_DIR") else REPO_CORPUS_DIR
    documents: dict[str, Document] = {}
    articles: dict[str, list[Article]] = {}
    for index, base in enumerate([root, *extra_roots]):
        texts = _texts_dir(Path(base))
        if not texts.is_dir():
            if index == 0:
                raise IngestError(texts, "corpus directory not found")
            continue
        for path in sorted(texts.glob("*.md")):
            try:
                document, parsed = parse_corpus_file(path, relative_to=Path(base) if index == 0 else None)
            except IngestError as exc:
                if index == 0:
                    raise
                # One damaged upload must not keep the service from starting; the repo corpus must be whole.
                _log.warning("skipping upload %s", exc)
                continue
            documents.pop(document.doc_id, None)  # a replacement goes to the end, after the repo's documents
            documents[document.doc_id] = document
            articles[document.doc_id] = parsed.articles
    return Corpus(documents.values(), (a for doc_id in documents for a in articles[doc_id]))


def data_dir_from_env() -> Path:
    return Path(os.environ.get("CHUJING_DATA_DIR") or ".chujing")


def uploads_root(data_dir: Path | None = None) -> Path:
    return (data_dir if data_dir is not None else data_dir_from_env()) / "uploads"


@lru_cache(maxsize=1)
def default_corpus() -> Corpus:
    """The repo corpus plus uploads under `<data_dir>/uploads/` (cached; `default_corpus.cache_clear()` to reload)."""
    uploads = uploads_root()
    return load_corpus(extra_roots=[uploads] if (uploads / "texts").is_dir() else [])


# -- uploads ------------------------------------------------------------------------------------------------------

_UPLOAD_FIELDS = ("doc_id", "title", "short_title", "kind", "issuer", "issued", "effective", "repealed", "status",
                  "source", "aliases", "notes")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80].strip("-.")


def _check_doc_id(doc_id: object, path: Path) -> str:
    if not isinstance(doc_id, str) or not DOC_ID_PATTERN.match(doc_id) or ".." in doc_id:
        raise IngestError(path, f"doc_id {doc_id!r} must be 1-80 lowercase letters, digits, '.', '_' or '-' (no '/', no '..')")
    return doc_id


def _repo_doc_ids() -> set[str]:
    root = Path(os.environ["CHUJING_CORPUS_DIR"]) if os.environ.get("CHUJING_CORPUS_DIR") else REPO_CORPUS_DIR
    return {p.stem for p in _texts_dir(root).glob("*.md")}


def _guess_title(units: Sequence[Line], fallback: str) -> str:
    """The first heading-like line before the first chapter or article (the document's own title)."""
    for unit in units:
        if unit.kind in ("chapter", "section", "article", "annex"):
            break
        text = unit.text.lstrip("# ").strip()
        if unit.kind in ("text", "markdown") and text and len(text) <= 80 and not re.search(r"[。；：]", text):
            return text
    return fallback


def _aliases(value: object) -> list[str]:
    # A form field or CLI option gives one string: "促进规定, the Provisions".
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[,，;；\n]", value) if part.strip()]
    return [str(part) for part in value] if isinstance(value, list | tuple) else []


def add_document(
    source_path: Path,
    metadata: Mapping[str, Any] | None = None,
    data_dir: Path | None = None,
    *,
    replace: bool = False,
    **fields: Any,
) -> Document:
    """Load, clean and parse a new source file and store it as `<data_dir>/uploads/texts/<doc_id>.md`.

    Metadata comes from `metadata` and keyword fields (keywords win), over the file's own front matter when it
    is a Markdown corpus file. Missing fields get defaults: doc_id from the file name, title from the text's
    first heading-like line, status in_force, kind guideline. Refuses (IngestError) unsafe doc_ids, a doc_id
    already in the repo corpus or uploads unless `replace=True`, and a text with no articles. The write is
    atomic: a reader sees the old file or the new one, never half of one.
    """
    source_path = Path(source_path)
    loaded = load_file(source_path)
    given: dict[str, Any] = {**(metadata or {}), **fields}
    given = {key: value for key, value in given.items() if value not in (None, "") and key != "path"}
    unknown = sorted(set(given) - set(_UPLOAD_FIELDS))
    if unknown:
        raise IngestError(source_path, f"unknown metadata field(s): {', '.join(unknown)}")
    body = loaded.text
    if loaded.format == "text" and _FRONT_MATTER.match(body):
        own, body = split_front_matter(body, source_path)
        given = {**{k: v for k, v in own.items() if k in _UPLOAD_FIELDS}, **given}
    doc_id = _check_doc_id(given.get("doc_id") or _slug(source_path.stem), source_path)
    status = given.get("status", "in_force")
    units = Cleaner(allow_gaps=status == "partial").run(body)
    cleaned = "\n".join(unit.text for unit in units)
    meta: dict[str, Any] = {
        "doc_id": doc_id,
        "title": given.get("title") or _guess_title(units, source_path.stem),
        "kind": given.get("kind", "guideline"),
        "issuer": given.get("issuer", ""),
        "issued": given.get("issued"),
        "effective": given.get("effective"),
        "repealed": given.get("repealed"),
        "status": status,
        "source": given.get("source") or f"uploaded file {source_path.name}",
        "aliases": _aliases(given.get("aliases")),
        "notes": given.get("notes"),
    }
    meta["short_title"] = given.get("short_title") or meta["title"]
    meta = {key: meta[key] for key in _UPLOAD_FIELDS}
    meta = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in meta.items()}

    target_dir = uploads_root(data_dir) / "texts"
    target = target_dir / f"{doc_id}.md"
    if target.resolve().parent != target_dir.resolve():
        raise IngestError(source_path, f"doc_id {doc_id!r} would leave the uploads directory")
    if not replace:
        if doc_id in _repo_doc_ids():
            raise IngestError(source_path, f"doc_id {doc_id!r} is already in the repository corpus (use replace to override)")
        if target.exists():
            raise IngestError(source_path, f"doc_id {doc_id!r} was already uploaded (use replace to override)")

    try:
        document = make_document(meta, target)
    except IngestError as exc:
        raise IngestError(source_path, exc.reason.replace("front matter", "metadata", 1)) from None
    parsed = StructureParser().run(units, document)
    if not parsed.articles:
        raise IngestError(source_path, "no articles (第N条) found; nothing to cite")
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + cleaned + "\n"
    _atomic_write(target, text)
    return document


def _upload_path(doc_id: str, data_dir: Path | None) -> Path:
    _check_doc_id(doc_id, Path(doc_id))
    path = uploads_root(data_dir) / "texts" / f"{doc_id}.md"
    if not path.is_file():
        raise IngestError(path, f"no uploaded document {doc_id!r} (documents in the repository corpus cannot be changed here)")
    return path


def mark_document(doc_id: str, status: str, data_dir: Path | None = None, *, repealed: date | str | None = None) -> Document:
    """Change an uploaded document's status (and optionally its repeal date); returns the updated document."""
    path = _upload_path(doc_id, data_dir)
    meta, body = split_front_matter(path.read_text(encoding="utf-8"), path)
    meta["status"] = status
    if repealed is not None:
        meta["repealed"] = repealed.isoformat() if isinstance(repealed, date) else repealed
    meta = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in meta.items()}
    document = make_document(meta, path)  # validates the status before anything is written
    _atomic_write(path, "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n" + body)
    return document


def remove_document(doc_id: str, data_dir: Path | None = None) -> None:
    """Delete an uploaded document (repository documents are not removable)."""
    _upload_path(doc_id, data_dir).unlink()


def _atomic_write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
