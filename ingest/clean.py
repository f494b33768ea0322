"""Undo PDF damage without changing a character of wording.

Sources arrive as PDF-to-text extractions: sentences broken at the page width, blank lines between every line,
page-break indentation, page numbers ("- 1 -"), running headers repeated on every page and a trailing table of
contents. The cleaner drops the page furniture and rejoins the broken lines into units (headings, paragraphs
(款), items (项)). Wording is never touched: lines are stripped of surrounding whitespace, furniture lines are
dropped whole, and joins add at most one space (between an article label alone on its line and its text, or
between two Latin words).

Where a paragraph ends is not marked in damaged text (blank lines and indentation are noise), so it is inferred:
a line ending in 。：；！？ (optionally followed by a closing quote/bracket) closes its unit, and a line that
starts a heading, an item （一）, an annex or a markdown/HTML structure line starts a new one. Everything else
continues the unit before it. Clean sources (one paragraph per line) pass through unchanged, because their
paragraphs end in terminal punctuation too.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.patterns import (
    ANNEX,
    HTML_COMMENT,
    MARKDOWN_HEADING,
    PAGE_NUMBER,
    PROSE_MARK,
    TOC_TITLE,
    Line,
    LineKind,
    article_number,
    chinese_number,
    division,
    ends_unit,
    item_number,
    label_only,
)

_LETTER = re.compile(r"[A-Za-z]")
# Lines that open structure (an article, even as a reference "第三条、…", an item, a chapter) are never headers.
_STRUCTURE_START = re.compile(r"^(?:第\s*[零〇一二两三四五六七八九十百千0-9]+\s*[条章节]|[（(][一二三四五六七八九十]+[）)])")
_TOC_DIVISION = re.compile(r"^(?:#+\s*)?第([零〇一二两三四五六七八九十百千0-9]+)([章节])")


class Cleaner:
    """Turn raw (possibly PDF-damaged) body text into typed units, one per heading / paragraph / item."""

    def __init__(self, *, allow_gaps: bool = False, header_window: int = 4, min_header_repeats: int = 2) -> None:
        # allow_gaps: article numbers may jump (an excerpt such as arts. 37 and 39 only).
        self.allow_gaps = allow_gaps
        # Running headers/footers sit within this many non-blank lines of a page number.
        self.header_window = header_window
        self.min_header_repeats = min_header_repeats

    def run(self, text: str) -> list[Line]:
        lines = [line.strip() for line in _split_lines(text)]
        lines = self._drop_page_furniture(lines)
        lines = self._drop_tables_of_contents(lines)
        return self._join(lines)

    # -- page furniture -------------------------------------------------------------------------------------

    def _drop_page_furniture(self, lines: list[str]) -> list[str]:
        """Drop page numbers and the running headers/footers stacked against them.

        A running header is a short line without sentence punctuation that repeats in the document and sits in
        the block of such lines directly next to a page number (blank lines aside). Walking away from the page
        number stops at the first line that is not such a candidate, so prose next to a page break survives
        even when a header precedes it.
        """
        page_numbers = [i for i, line in enumerate(lines) if line and PAGE_NUMBER.match(line)]
        if not page_numbers:
            return lines
        counts = Counter(line for line in lines if line)
        candidates = {
            line
            for line, count in counts.items()
            if count >= self.min_header_repeats
            and len(line) <= 60
            and not PROSE_MARK.search(line)
            and not PAGE_NUMBER.match(line)
            and not _STRUCTURE_START.match(line)
        }
        drop = set(page_numbers)
        for index in page_numbers:
            for step in (-1, 1):
                seen, i = 0, index + step
                while 0 <= i < len(lines) and seen < self.header_window:
                    if lines[i]:
                        if lines[i] not in candidates:
                            break
                        drop.add(i)
                        seen += 1
                    i += step
        headers = {lines[i] for i in drop if not PAGE_NUMBER.match(lines[i])}
        # The same header also opens the first page, before any page number.
        return [line for i, line in enumerate(lines) if i not in drop and not (line in headers and _before_text(lines, i))]

    def _drop_tables_of_contents(self, lines: list[str]) -> list[str]:
        """Drop runs of consecutive 章/节 lines holding two chapters or more: a real chapter has articles."""
        keep = [True] * len(lines)
        run: list[int] = []

        def close_run() -> None:
            chapters = sum(1 for i in run if _is_toc_chapter(lines[i]))
            if chapters >= 2:
                for i in run:
                    keep[i] = False
                # A "目录" title right before the run belongs to it.
                j = run[0] - 1
                while j >= 0 and not lines[j]:
                    j -= 1
                if j >= 0 and TOC_TITLE.match(lines[j]):
                    keep[j] = False
            run.clear()

        last_chapter = 0
        for i, line in enumerate(lines):
            if not line:
                continue
            if _TOC_DIVISION.match(line) and not PROSE_MARK.search(line) and len(line) <= 60:
                number = _toc_chapter_number(line)
                if run and number is not None and number <= last_chapter:
                    # Numbering starts again: the contents ended and the real first chapter begins.
                    close_run()
                if number is not None:
                    last_chapter = number
                run.append(i)
            elif run:
                close_run()
                last_chapter = 0
        if run:
            close_run()
        return [line for i, line in enumerate(lines) if keep[i]]

    # -- joining ---------------------------------------------------------------------------------------------

    def _join(self, lines: list[str]) -> list[Line]:
        units: list[Line] = []
        closed = True  # the last unit is complete: a new line starts a new unit
        last_article: int | None = None
        for raw in lines:
            if not raw:
                continue
            kind, number, text = self._classify(raw, closed=closed, last_article=last_article)
            if kind == "text" and units and units[-1].kind == "article" and label_only(units[-1].text):
                # "第一条" alone on its line (PDF layout): its text follows after one space.
                previous = units[-1]
                units[-1] = previous._replace(text=previous.text + " " + text)
            elif kind == "text" and units and not closed:
                previous = units[-1]
                units[-1] = previous._replace(text=_join_text(previous.text, text))
            else:
                units.append(Line(kind, text, number))
            if kind == "article":
                last_article = number
            current = units[-1]
            closed = current.kind in ("markdown", "comment", "chapter", "section") or ends_unit(current.text)
        return units

    def _classify(self, line: str, *, closed: bool, last_article: int | None) -> tuple[LineKind, int | None, str]:
        if HTML_COMMENT.match(line):
            return "comment", None, line
        if MARKDOWN_HEADING.match(line):
            heading = MARKDOWN_HEADING.sub("", line, count=1)
            found = division(heading, prev_closed=True)
            if found is not None:
                return found[0], found[1], heading
            return "markdown", None, line
        number = article_number(line, after=last_article, allow_gaps=self.allow_gaps, prev_closed=closed)
        if number is not None:
            return "article", number, line
        found = division(line, prev_closed=closed)
        if found is not None:
            return found[0], found[1], line
        if closed:
            item = item_number(line)
            if item is not None:
                return "item", item, line
            if ANNEX.match(line):
                return "annex", None, line
        return "text", None, line


def _before_text(lines: list[str], index: int) -> bool:
    """True when no article heading comes before `index`: the top of the first page."""
    return not any(_STRUCTURE_START.match(line) for line in lines[:index] if line)


def _is_toc_chapter(line: str) -> bool:
    match = _TOC_DIVISION.match(line)
    return match is not None and match.group(2) == "章"


def _toc_chapter_number(line: str) -> int | None:
    match = _TOC_DIVISION.match(line)
    return chinese_number(match.group(1)) if match is not None and match.group(2) == "章" else None


def clean_text(text: str, *, allow_gaps: bool = False) -> str:
    """The cleaned text, one unit per line (what uploads are stored as)."""
    return "\n".join(line.text for line in Cleaner(allow_gaps=allow_gaps).run(text))


def _split_lines(text: str) -> list[str]:
    # Form feeds separate PDF pages; \r\n and \r come from Windows / old Mac files.
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").split("\n")


def _join_text(left: str, right: str) -> str:
    # Chinese lines (and numbers broken across lines) join with no space; two Latin words keep one.
    if _LETTER.match(left[-1]) and _LETTER.match(right[0]):
        return left + " " + right
    return left + right
