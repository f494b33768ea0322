"""Unsupported-claim check, written here independently of `assistant.verify` on purpose.

An eval that reuses the code it checks would pass whatever that code gets wrong, so this module has its own
(simple, conservative) reading of an answer: it collects every number and every article label in the answer
text and asks whether some cited article supports it.

- A number is supported when the same value appears in a cited article's text or title, or in the user's own
  words (echoing "you said 150,000 people" is not a claim about the law). Values are compared after
  normalisation, so "10万", "100,000", "100k" and "十万" are the same claim.
- An article label ("第八条", "Article 8", "Art. 8") is supported when a cited article has that number, or a
  cited article's text itself refers to that article (P7 names 第三条 to 第六条).

Citation markers ([1]), Markdown list numbering, article ids (doc#N) and list item ids (RI-L-01) are not claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.numerals import parse_zh_numeral

_CN_NUM = "零〇一二三四五六七八九两十百千"

# Things that carry digits but are not claims.
_NOISE = [
    re.compile(r"\[\d+\]"),  # citation markers
    re.compile(r"(?m)^\s*(?:\d+[.)、]|[-*+])\s+"),  # Markdown list numbering
    re.compile(r"[a-z0-9-]+#\d+"),  # article ids
    re.compile(r"\b[A-Z]{1,5}(?:-[A-Z0-9]{1,5})+\b"),  # list item ids like RI-L-01
    re.compile(r"https?://\S+"),
    re.compile(r"(?m)^#+\s"),
]
_ZH_ARTICLE = re.compile(rf"第([{_CN_NUM}]+|\d+)条")
_ZH_SUBLABEL = re.compile(rf"第([{_CN_NUM}]+|\d+)[款项]|第?[（(][{_CN_NUM}\d]+[)）]项?")
_EN_ARTICLE = re.compile(r"\b(?:Articles?|Arts?\.)\s*(\d+)((?:\s*(?:,|and|&|/)\s*\d+)*)", re.IGNORECASE)
_EN_SUBLABEL = re.compile(r"(?<=\d)\s*(?:\(\d+\)|¶\s*\d+)+|¶\s*\d+|\b(?:paragraph|para\.|item)\s*\(?\d+\)?", re.IGNORECASE)
# A short article reference such as "P7" or "M20" (the SPEC's abbreviations) is also a label.
_ABBR_ARTICLE = re.compile(r"\b(?:M|P|A|S|N|PIPL\s?)(\d{1,3})\b")
_NUMBER = re.compile(
    rf"(\d+(?:[,，]\d{{3}})*(?:\.\d+)?)\s*(万|千|百万|亿|k\b|K\b|million\b|thousand\b)?|([{_CN_NUM}]+)(?=万|亿|个?工作日|个月|年|日|人|天)(万|亿)?"
)
_EN_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "sixty": 60, "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45,
}
_EN_WORD = re.compile(r"\b(" + "|".join(_EN_WORD_NUMBERS) + r")\s+(?:working days|days|years|months)\b", re.IGNORECASE)


def _to_int(token: str) -> int | None:
    return int(token) if token.isdigit() else parse_zh_numeral(token)


_MULTIPLIER = {"万": 10_000, "千": 1000, "百万": 1_000_000, "亿": 100_000_000, "k": 1000, "K": 1000,
               "million": 1_000_000, "thousand": 1000}


def numbers_in(text: str) -> set[float]:
    """Every numeric value stated in `text` (after labels and noise are removed by the caller if needed)."""
    values: set[float] = set()
    for match in _NUMBER.finditer(text):
        arabic, unit, chinese, cn_unit = match.groups()
        if arabic:
            value = float(arabic.replace(",", "").replace("，", ""))
            if unit:
                value *= _MULTIPLIER[unit]
            values.add(value)
        elif chinese:
            parsed = parse_zh_numeral(chinese)
            if parsed is not None:
                values.add(float(parsed * (_MULTIPLIER[cn_unit] if cn_unit else 1)))
    for match in _EN_WORD.finditer(text):
        values.add(float(_EN_WORD_NUMBERS[match.group(1).lower()]))
    return values


def article_labels_in(text: str) -> set[int]:
    """Article numbers referred to by label ('第八条', 'Article 8', 'Articles 3 and 4', 'P7')."""
    found: set[int] = set()
    for match in _ZH_ARTICLE.finditer(text):
        number = _to_int(match.group(1))
        if number is not None:
            found.add(number)
    for match in _EN_ARTICLE.finditer(text):
        found.add(int(match.group(1)))
        found.update(int(n) for n in re.findall(r"\d+", match.group(2) or ""))
    for match in _ABBR_ARTICLE.finditer(text):
        found.add(int(match.group(1)))
    return found


def _strip(text: str) -> str:
    for pattern in _NOISE:
        text = pattern.sub(" ", text)
    return text


@dataclass(frozen=True)
class Claim:
    """One thing an answer states that no cited article supports."""

    kind: str  # "number" | "article"
    value: str

    def __str__(self) -> str:
        return f"{self.kind} {self.value}"


def _fmt(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def unsupported_claims(
    answer: str, cited: Iterable[tuple[int, str, str]], user_text: str = "", names: Iterable[str] = (),
    dates: Iterable[str] = (),
) -> list[Claim]:
    """Claims in `answer` that no cited article supports.

    `cited` yields (article number, article text, document title) per citation; `user_text` is what the user said.
    `names` are identifiers of the sources relied on (cited doc ids like 'cac-provisions-2024', negative-list
    ids and titles like '…（2024版）'): a year inside a name identifies a text ("the 2024 Provisions") and is
    not a claim about the law, so years found there are allowed; other numbers in names are not. `dates` are ISO
    dates the sources themselves carry (a list edition's effective date, '2027-07-01'): written exactly so, they
    name when that source applies and are not read as numbers.
    """
    cited = list(cited)
    supported_articles = {number for number, _, _ in cited}
    supported_numbers: set[float] = set()
    for _, text, title in cited:
        supported_articles |= article_labels_in(text)
        supported_numbers |= numbers_in(_ZH_ARTICLE.sub(" ", text))
        supported_numbers |= numbers_in(title)
    supported_numbers |= numbers_in(_strip(user_text))
    for name in names:
        supported_numbers |= {float(year) for year in _YEAR.findall(name)}
    supported_articles |= article_labels_in(user_text)

    body = _strip(answer)
    for day in dates:
        body = body.replace(day, " ")
    claims: list[Claim] = []
    for number in sorted(article_labels_in(body)):
        if number not in supported_articles:
            claims.append(Claim("article", str(number)))
    # Labels are claims about articles, not numbers: drop them (and 款/项 markers) before reading numbers.
    body = _ZH_ARTICLE.sub(" ", body)
    body = _ZH_SUBLABEL.sub(" ", body)
    body = _EN_ARTICLE.sub(" ", body)
    body = _EN_SUBLABEL.sub(" ", body)
    body = _ABBR_ARTICLE.sub(" ", body)
    for value in sorted(numbers_in(body)):
        if value not in supported_numbers:
            claims.append(Claim("number", _fmt(value)))
    return claims
