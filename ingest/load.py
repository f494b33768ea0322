"""Read a source file (.txt, .md, .pdf) into text, or fail with an `IngestError` that names it and says why."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ingest.errors import IngestError

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES

# Tried in this order; utf-8-sig only matters when the file starts with a BOM, which plain utf-8 keeps as \ufeff.
TEXT_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")


@dataclass(frozen=True)
class LoadedFile:
    """A source file's text and how it was read."""

    path: Path
    text: str
    format: Literal["text", "pdf"]
    encoding: str | None  # the text encoding that worked; None for PDFs
    pages: int | None = None


def load_file(path: Path) -> LoadedFile:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(path, f"unsupported file type {suffix or '(none)'!r}; expected .pdf, .txt or .md")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(path, "file not found") from None
    except IsADirectoryError:
        raise IngestError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise IngestError(path, f"cannot read file: {exc.strerror or exc}") from None
    if not data.strip():
        raise IngestError(path, "file is empty")
    if suffix in PDF_SUFFIXES:
        return _load_pdf(path, data)
    text, encoding = decode_text(path, data)
    if not text.strip():
        raise IngestError(path, "file is empty")
    return LoadedFile(path=path, text=text, format="text", encoding=encoding)


def decode_text(path: Path, data: bytes) -> tuple[str, str]:
    """Decode trying UTF-8, UTF-8 with BOM, then GB18030; return the text and the encoding used."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise IngestError(path, "binary data (NUL bytes) in a text file; not UTF-8 or GB18030 text")
    for encoding in TEXT_ENCODINGS:
        if encoding == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
            continue  # let utf-8-sig strip the BOM
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            break
        return text, encoding
    raise IngestError(path, f"cannot decode text: tried {', '.join(TEXT_ENCODINGS)}")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    # GB18030 decodes almost any bytes; control characters other than line breaks and tabs give binary away.
    return len(_CONTROL.findall(text)) > max(2, len(text) // 100)


def _load_pdf(path: Path, data: bytes) -> LoadedFile:
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise IngestError(path, "not a PDF (no %PDF- header); is the file name right?")
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs recoverable damage ("EOF marker not found") itself; our error already says what is wrong.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise IngestError(path, "PDF is encrypted; export an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise IngestError(path, f"damaged or truncated PDF ({type(exc).__name__}: {exc})") from None
    finally:
        pypdf_log.setLevel(level)
    if not pages:
        raise IngestError(path, "PDF has no pages")
    text = "\n".join(pages)
    if not text.strip():
        raise IngestError(path, "PDF has no text layer (a scan?); OCR it first")
    return LoadedFile(path=path, text=text, format="pdf", encoding=None, pages=len(pages))
