"""The indexed units: one lexical unit per article, one or more dense chunks per article.

Every unit carries a "document short title › chapter › article label" prefix, so a query naming the document or
the chapter's subject matches, and so a chunk cut from the middle of a long article still says where it is from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, Field

from ingest.models import Article

_SENTENCE_END_RE = re.compile(r"(?<=[。；;！？!?])")


class Chunk(BaseModel):
    id: str = Field(description="'<article id>~<n>', unique in the index.")
    article_id: str = Field(description="The article the chunk belongs to; hits are reported per article.")
    text: str = Field(description="Prefix + part of the article text, as embedded.")


def article_prefix(article: Article) -> str:
    parts = [article.document.short_title]
    if article.chapter:
        parts.append(article.chapter)
    if article.section:
        parts.append(article.section)
    parts.append(article.label)
    return " › ".join(parts)


def lexical_text(article: Article) -> str:
    return f"{article_prefix(article)}\n{article.text}"


def _split_long(text: str, limit: int) -> list[str]:
    """Split one over-long paragraph at sentence ends (hard cut only when a single sentence exceeds `limit`)."""
    pieces: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END_RE.split(text) if s):
        while len(sentence) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:limit])
            sentence = sentence[limit:]
        if current and len(current) + len(sentence) > limit:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def article_chunks(article: Article, limit: int = 360) -> list[Chunk]:
    """Paragraphs packed greedily into parts of at most `limit` characters (the prefix not counted)."""
    paragraphs = [p.text for p in article.paragraphs] or [article.text]
    parts: list[str] = []
    current = ""
    for para in paragraphs:
        for piece in _split_long(para, limit) if len(para) > limit else [para]:
            if current and len(current) + 1 + len(piece) > limit:
                parts.append(current)
                current = ""
            current = f"{current}\n{piece}" if current else piece
    if current:
        parts.append(current)
    prefix = article_prefix(article)
    return [Chunk(id=f"{article.id}~{i}", article_id=article.id, text=f"{prefix}\n{part}") for i, part in enumerate(parts)]


def all_chunks(articles: Iterable[Article], limit: int = 360) -> list[Chunk]:
    return [chunk for article in articles for chunk in article_chunks(article, limit)]
