"""Build 章 → 节 → 条 → 款 → 项 from cleaned units.

The cleaner has already decided where each unit starts, so the rules here are simple: a chapter/section heading
sets the current division; an article heading opens an article whose first paragraph starts with the heading;
every following prose unit is a new paragraph (款); an item unit （一） belongs to the paragraph that introduced
it; an HTML comment line or an annex ("附件…") closes the current article. Text before the first article is the
preamble (title, adoption line), kept aside and never indexed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.models import Article, Document, Item, Paragraph
from ingest.patterns import ITEM, Line


@dataclass
class ParsedText:
    """What a document's body holds, in order."""

    articles: list[Article]
    chapters: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)


@dataclass
class _OpenParagraph:
    lines: list[str]
    items: list[Item] = field(default_factory=list)


@dataclass
class _OpenArticle:
    number: int
    label: str
    chapter: str | None
    section: str | None
    paragraphs: list[_OpenParagraph]


class StructureParser:
    """Parse cleaned units into `Article` records for one document."""

    def run(self, units: list[Line], document: Document) -> ParsedText:
        result = ParsedText(articles=[])
        chapter: str | None = None
        section: str | None = None
        current: _OpenArticle | None = None
        in_annex = False

        def close() -> None:
            nonlocal current
            if current is not None:
                result.articles.append(_finish(current, document))
                current = None

        for unit in units:
            if unit.kind == "chapter":
                close()
                chapter, section = unit.text, None
                result.chapters.append(unit.text)
            elif unit.kind == "section":
                close()
                section = unit.text
            elif unit.kind == "article":
                close()
                in_annex = False
                assert unit.number is not None
                label = unit.text[: _label_end(unit.text)]
                current = _OpenArticle(unit.number, label, chapter, section, [_OpenParagraph([unit.text])])
            elif unit.kind in ("comment", "annex"):
                close()
                in_annex = in_annex or unit.kind == "annex"
            elif current is None:
                if not in_annex and unit.kind != "comment":
                    result.preamble.append(unit.text)
            elif unit.kind == "item":
                assert unit.number is not None
                paragraph = current.paragraphs[-1]
                paragraph.lines.append(unit.text)
                marker = ITEM.match(unit.text)
                assert marker is not None
                paragraph.items.append(Item(number=unit.number, label=marker.group(0), text=unit.text))
            elif unit.kind == "markdown":
                # A stray markdown heading inside an article (not a 章/节) ends it: it is a title, not text.
                close()
            else:
                current.paragraphs.append(_OpenParagraph([unit.text]))
        close()
        return result


def _label_end(text: str) -> int:
    return text.index("条") + 1


def _finish(article: _OpenArticle, document: Document) -> Article:
    paragraphs = [
        Paragraph(number=i, text="\n".join(p.lines), items=p.items) for i, p in enumerate(article.paragraphs, start=1)
    ]
    text = "\n".join(p.text for p in paragraphs)
    label = "".join(article.label.split())  # "第 8 条" → "第8条"
    return Article(
        id=f"{document.doc_id}#{article.number}",
        doc_id=document.doc_id,
        number=article.number,
        label=label,
        chapter=article.chapter,
        section=article.section,
        text=text,
        paragraphs=paragraphs,
        content_hash=Article.hash_text(text),
        document=document,
    )
