"""Matching a user's own words for their data to negative-list items (candidates to confirm, never conclusions)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.lists.model import ListItem, NegativeList, Scenario, Sector
from assistant.models import ListMatch

_CJK = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]+")
# Words so common in list items that matching on them alone says nothing.
_STOP = {
    "数据", "信息", "个人", "人信", "相关", "等数", "及其", "包括", "的数", "data", "information", "personal",
    "the", "and", "of", "for", "our", "we", "to", "in", "with", "on", "a", "an", "or", "records", "record",
}


def tokenize(text: str) -> list[str]:
    """Chinese as character bigrams (single characters for one-character runs), other text as lowercase words
    with a plural 's' stripped. Small and dependency-free: list items are short and few."""
    text = text.casefold()
    tokens: list[str] = []
    for run in _CJK.findall(text):
        if len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    for word in _WORD.findall(_CJK.sub(" ", text)):
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        if len(word) >= 2:
            tokens.append(word)
    return [t for t in tokens if t not in _STOP]


@dataclass(frozen=True)
class _Doc:
    lst: NegativeList
    sector: Sector
    scenario: Scenario
    item: ListItem
    tf: Counter[str]
    length: int


_DOC_CACHE: dict[tuple[int, ...], tuple[Sequence[NegativeList], list[_Doc]]] = {}


def _documents(lists: Sequence[NegativeList]) -> list[_Doc]:
    # The rule engine matches the same loaded lists many times per verdict; tokenise them once.
    key = tuple(id(lst) for lst in lists)
    cached = _DOC_CACHE.get(key)
    if cached is not None and all(a is b for a, b in zip(cached[0], lists, strict=True)):
        return cached[1]
    docs = _build_documents(lists)
    if len(_DOC_CACHE) > 16:
        _DOC_CACHE.clear()
    _DOC_CACHE[key] = (list(lists), docs)
    return docs


def _build_documents(lists: Sequence[NegativeList]) -> list[_Doc]:
    docs = []
    for lst in lists:
        for sector, scenario, item in lst.entries():
            text = " ".join([item.category, item.subcategory, item.description, scenario.name, *item.keywords])
            tokens = tokenize(text)
            docs.append(_Doc(lst, sector, scenario, item, Counter(tokens), len(tokens)))
    return docs


MIN_COVERAGE = 0.3
MIN_MATCHED = 2


def match_items(
    description: str,
    lists: Sequence[NegativeList],
    k: int = 3,
    *,
    sector: str | None = None,
    min_coverage: float = MIN_COVERAGE,
) -> list[ListMatch]:
    """Rank list items for a user's description of their data (BM25 over char bigrams and words).

    A candidate must cover at least `min_coverage` of the query's idf weight with at least two distinct
    tokens (or one English word), so unrelated text matches nothing. `sector` restricts to one sector (id,
    name or alias). Candidates are for the user to confirm, never to rely on unconfirmed.
    """
    docs = _documents(lists)
    if sector is not None:
        docs = [d for d in docs if d.lst.find_sector(sector) is d.sector]
    query = list(dict.fromkeys(tokenize(description)))
    if not docs or not query:
        return []
    n = len(docs)
    df = Counter(t for d in docs for t in d.tf)
    avg_len = sum(d.length for d in docs) / n or 1.0
    k1, b = 1.2, 0.75

    def idf(term: str) -> float:
        return math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))

    total_idf = sum(idf(t) for t in query)
    scored: list[tuple[float, _Doc]] = []
    for doc in docs:
        matched = [t for t in query if doc.tf[t]]
        if not matched:
            continue
        coverage = sum(idf(t) for t in matched) / total_idf
        enough = len(matched) >= MIN_MATCHED or any(t.isascii() and len(t) >= 4 for t in matched)
        if coverage < min_coverage or not enough:
            continue
        score = sum(
            idf(t) * doc.tf[t] * (k1 + 1) / (doc.tf[t] + k1 * (1 - b + b * doc.length / avg_len)) for t in matched
        )
        scored.append((score * coverage, doc))
    scored.sort(key=lambda pair: (-pair[0], pair[1].item.id))
    return [
        ListMatch(
            list_id=d.lst.list_id,
            item_id=d.item.id,
            sector=d.sector.name,
            scenario=d.scenario.name,
            category=d.item.category,
            subcategory=d.item.subcategory,
            description=d.item.description,
            route=d.item.route,
            score=round(score, 4),
            status=d.lst.status,
        )
        for score, d in scored[:k]
    ]
