"""How the structural lines of a Chinese legal text look: 章/节/条 headings, 项 markers, page furniture.

Shared by the cleaner (which decides where paragraphs start) and the structure parser (which builds articles),
so both always agree on what a heading is.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from ingest.numerals import NUMERAL_CHARS, zh_to_int

_NUM = f"[{NUMERAL_CHARS}]+"
_SPACE = "[ \u3000\t]"

# 第N条 followed by a space, an ideographic space or the end of the line: the normal heading shape.
ARTICLE_SPACED = re.compile(rf"^第{_SPACE}*({_NUM}){_SPACE}*条(?:{_SPACE}+|$)")
# 第N条 directly followed by text ("第一条为了…"): a heading only when nothing marks it as a reference.
ARTICLE_TIGHT = re.compile(rf"^第({_NUM})条(?=\S)")
# Characters that, right after "第N条", show a cross-reference ("第三条、第四条", "第十条规定的", "第五条第二款").
REFERENCE_FOLLOWERS = frozenset("、，,；;。：:的之规至到和或及与第款项中所前后以上下各等（(）)》」”")

CHAPTER = re.compile(rf"^第({_NUM})章(?:{_SPACE}+(.*))?$")
SECTION = re.compile(rf"^第({_NUM})节(?:{_SPACE}+(.*))?$")
# "第二章工作机制与职责": no space, as tables of contents and some sources write it.
CHAPTER_TIGHT = re.compile(rf"^第({_NUM})章(\S.*)$")
SECTION_TIGHT = re.compile(rf"^第({_NUM})节(\S.*)$")

ITEM = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s*")
HTML_COMMENT = re.compile(r"^<!--.*-->$")
ANNEX = re.compile(r"^附\s*件")

# A unit (paragraph, item, sentence) is complete when its line ends in terminal punctuation, possibly
# followed by closing quotes or brackets ("……条款除外。”", "（……：）").
TERMINAL_END = re.compile(r"[。：；！？:;!?][”’」』）)\]】]*$")
# Anything containing these is prose, never page furniture or a table-of-contents line.
PROSE_MARK = re.compile(r"[。；：]")

PAGE_NUMBER = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]"  # - 1 -
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?"  # 第1页 共6页
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 1 / 6
    r"|\d{1,4})$"  # a bare number
)
TOC_TITLE = re.compile(r"^目\s*录$")

LineKind = Literal["markdown", "comment", "annex", "chapter", "section", "article", "item", "text"]


class Line(NamedTuple):
    """One cleaned unit of text: a heading, a paragraph (款), an item (项) or other prose."""

    kind: LineKind
    text: str
    number: int | None = None  # chapter/section/article/item number where the kind has one


def chinese_number(text: str) -> int | None:
    try:
        return zh_to_int(text.replace(" ", "").replace("\u3000", "").replace("\t", ""))
    except ValueError:
        return None


def ends_unit(text: str) -> bool:
    return bool(TERMINAL_END.search(text))


def article_number(text: str, *, after: int | None, allow_gaps: bool, prev_closed: bool) -> int | None:
    """The article number if `text` (a line start) is an article heading, else None.

    A heading carries the next expected number (any number for the first article; any higher number when
    the document is an excerpt with gaps). The tight form ("第一条为了…") also needs the previous unit closed
    and no reference-like character after 条.
    """
    match = ARTICLE_SPACED.match(text)
    if match is None:
        match = ARTICLE_TIGHT.match(text)
        if match is None or not prev_closed or text[match.end()] in REFERENCE_FOLLOWERS:
            return None
    number = chinese_number(match.group(1))
    if number is None or number < 1:
        return None
    if after is None or number == after + 1 or (allow_gaps and number > after):
        return number
    return None


DivisionKind = Literal["chapter", "section"]
_HEADING_PROSE = re.compile(r"[，,。；;：:！？!?]")
_DIVISIONS: tuple[tuple[DivisionKind, re.Pattern[str], re.Pattern[str]], ...] = (
    ("chapter", CHAPTER, CHAPTER_TIGHT),
    ("section", SECTION, SECTION_TIGHT),
)


def division(text: str, *, prev_closed: bool) -> tuple[DivisionKind, int] | None:
    """('chapter', N) / ('section', N) when `text` is a 章/节 heading, else None.

    A heading is short and holds no sentence punctuation, so "第二章 规定的事项，依照……" (a reference that a
    line break put at a line start) is prose. The tight form ("第二章工作机制与职责") also needs the previous
    unit closed and no 、 either.
    """
    if len(text) > 40 or _HEADING_PROSE.search(text):
        return None
    for kind, spaced, tight in _DIVISIONS:
        match = spaced.match(text)
        if match is None and prev_closed and len(text) <= 30 and "、" not in text:
            match = tight.match(text)
        if match is not None:
            number = chinese_number(match.group(1))
            if number is not None and number > 0:
                return kind, number
    return None


def item_number(text: str) -> int | None:
    match = ITEM.match(text)
    return chinese_number(match.group(1)) if match else None


def label_only(text: str) -> bool:
    """'第一条' alone on a line: PDF extraction put the heading apart from its first sentence."""
    match = ARTICLE_SPACED.match(text)
    return match is not None and match.end() == len(text)
