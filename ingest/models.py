"""Core corpus types: documents, their articles (条) with paragraphs (款) and items (项), and citations.

Every other package speaks in these types. A `Citation` can only be made from an `Article` that was parsed
from the corpus, so a citation to an article that does not exist cannot be built.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ingest.numerals import int_to_zh

DocumentKind = Literal["measures", "regulation", "law", "negative_list", "guideline", "faq"]
DocumentStatus = Literal["in_force", "superseded", "partial", "illustrative"]


class Document(BaseModel):
    """One source text with its provenance (SPEC §2 front matter)."""

    model_config = ConfigDict(frozen=True)

    doc_id: str = Field(description="Stable id used in citation ids, e.g. 'sh-ftz-measures-2025'.")
    title: str = Field(description="Full official title.")
    short_title: str = Field(description="Short name for display and for users who name the document.")
    kind: DocumentKind = Field(description="What sort of text this is.")
    issuer: str = Field(description="Issuing body or bodies.")
    issued: date | None = Field(default=None, description="Date of issue / adoption.")
    effective: date | None = Field(default=None, description="Date it took effect.")
    repealed: date | None = Field(default=None, description="Date it stopped applying, if any.")
    status: DocumentStatus = Field(description="in_force, superseded, partial or illustrative.")
    source: str = Field(description="Where the text came from (repository, commit, page).")
    aliases: list[str] = Field(
        default_factory=list,
        description="Other names users give the document (促进规定, the Provisions, PIPL…), for direct lookup.",
    )
    notes: str | None = Field(default=None, description="Caveats a reader must see (partial text, superseded numbering).")
    path: str | None = Field(default=None, description="Corpus file the document was read from, relative to the corpus root.")


class Item(BaseModel):
    """A 项 inside a paragraph: （一）（二）…"""

    number: int = Field(description="1-based item number.")
    label: str = Field(description="The item marker as written, e.g. '（四）'.")
    text: str = Field(description="The item's text, verbatim, marker included.")


class Paragraph(BaseModel):
    """A 款: one paragraph of an article. The first paragraph includes the article heading ('第八条 …')."""

    number: int = Field(description="1-based paragraph number within the article.")
    text: str = Field(description="The paragraph's text, verbatim.")
    items: list[Item] = Field(default_factory=list, description="项 found in this paragraph, in order.")


class Article(BaseModel):
    """A 条: the unit of citation."""

    id: str = Field(description="Stable id 'doc_id#N', e.g. 'sh-ftz-measures-2025#8'.")
    doc_id: str = Field(description="The document this article belongs to.")
    number: int = Field(description="Article number as an integer (第一百零一条 → 101).")
    label: str = Field(description="Article label as written, e.g. '第八条'.")
    chapter: str | None = Field(default=None, description="Chapter heading, e.g. '第三章 负面清单实施与管理'.")
    section: str | None = Field(default=None, description="Section (节) heading, if the chapter has sections.")
    text: str = Field(description="The article's full text, verbatim, paragraphs joined by newlines.")
    paragraphs: list[Paragraph] = Field(description="款, in order.")
    content_hash: str = Field(description="sha256 of `text`, to detect changed wording between corpus versions.")
    document: Document = Field(description="The document's metadata (status, dates, source).")

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Citation(BaseModel):
    """A reference to an article (and optionally a 款/项) as it appears in answers (SPEC §5)."""

    id: str = Field(description="'doc_id#N'.")
    doc_id: str = Field(description="Document id.")
    title: str = Field(description="Full official title of the document.")
    article: int = Field(description="Article number.")
    label: str = Field(description="'第八条', with 款/项 appended when they are cited, e.g. '第五条第一款第（四）项'.")
    paragraph: int | None = Field(default=None, description="款 number when the answer rests on one paragraph.")
    item: int | None = Field(default=None, description="项 number when the answer rests on one item.")
    text: str = Field(description="The whole article's text, verbatim.")
    status: DocumentStatus = Field(description="Status of the cited document.")
    kind: Literal["article", "list_item"] = Field(
        default="article",
        description="article, or list_item: a negative-list item (id '<list_id>#<item_id>', article 0, the list's "
        "title, label '<sector> / <scenario> / <item_id>', text the item as the list states it).",
    )

    @classmethod
    def from_article(cls, article: Article, paragraph: int | None = None, item: int | None = None) -> Citation:
        """Cite `article`; raise ValueError when the paragraph or item does not exist in it."""
        label = article.label
        if paragraph is not None:
            if not 1 <= paragraph <= len(article.paragraphs):
                raise ValueError(f"{article.id} has no paragraph {paragraph}")
            if len(article.paragraphs) > 1:
                label += f"第{int_to_zh(paragraph)}款"
            if item is not None:
                items = article.paragraphs[paragraph - 1].items
                if not 1 <= item <= len(items):
                    raise ValueError(f"{article.id} paragraph {paragraph} has no item {item}")
                label += f"第{items[item - 1].label}项"
        elif item is not None:
            raise ValueError("an item needs its paragraph")
        return cls(
            id=article.id,
            doc_id=article.doc_id,
            title=article.document.title,
            article=article.number,
            label=label,
            paragraph=paragraph,
            item=item,
            text=article.text,
            status=article.document.status,
        )
