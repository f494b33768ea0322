"""Guidelines (操作指引 / 实施指南) beside the negative list (issue 17).

M9: a processor may follow a field's guideline, but where the guideline and the negative list differ, the list
prevails. So when an answer relies on a list item that a guideline also speaks of, the guideline's article is
cited next to it; when the route the guideline states differs from the item's route, the answer applies M9 — the
item's route stands — and says so, citing M9. The verdict itself never changes here: the rule check already
decided on the list, which is what M9 requires.

A guideline is any indexed document of kind `guideline` (from `corpus/texts/`, `chujing ingest` or the admin
upload). It speaks of an item when its article names the item id (RI-L-04); the route it states is read from
its wording (标准合同 / 认证 / 安全评估, with "无需…安全评估" read as not an assessment).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.answer.labels import route_label
from assistant.lists.cite import find_entry
from assistant.lists.model import ListItem, NegativeList, Scenario, Sector
from assistant.models import Language, Route, Step, Verdict
from assistant.vocabulary import MEASURES
from ingest.corpus import Corpus
from ingest.models import Article, Citation

Entry = tuple[NegativeList, Sector, Scenario, ListItem]
_NOT_ASSESSMENT = re.compile(r"(无需|不需要|不必|免予|不需)[^。；]{0,12}安全评估")
_CONTRACT = re.compile(r"标准合同|保护认证|standard contract|certification", re.IGNORECASE)
_ASSESSMENT = re.compile(r"安全评估|security assessment", re.IGNORECASE)


def stated_route(text: str) -> Route | None:
    """The route a guideline's sentence states for the data it names (None: it states none)."""
    if _NOT_ASSESSMENT.search(text):
        return "standard_contract_or_certification" if _CONTRACT.search(text) else None
    if _ASSESSMENT.search(text):
        return "security_assessment"
    if _CONTRACT.search(text):
        return "standard_contract_or_certification"
    return None


def guideline_articles(corpus: Corpus, item_id: str) -> list[Article]:
    """Articles of guideline documents that name `item_id` (not as part of a longer id)."""
    pattern = re.compile(rf"(?<![A-Za-z0-9-]){re.escape(item_id)}(?![A-Za-z0-9])")
    return [a for a in corpus.articles.values() if a.document.kind == "guideline" and pattern.search(a.text)]


def entries_relied_on(verdict: Verdict, lists: Sequence[NegativeList]) -> list[Entry]:
    """The list items the answer rests on: cited items (an info answer), or the entry a rule step names (the
    edition the check applied, `verdict.list_editions`)."""
    found: dict[str, Entry] = {}
    citations: Iterable[Citation | None] = [*verdict.basis, *(s.citation for s in verdict.steps)]
    for c in citations:
        if c is not None and c.kind == "list_item":
            entry = find_entry(lists, c.id)
            if entry is not None:
                found[c.id] = entry
    applied = {e.list_id for e in verdict.list_editions if e.edition_status == "in_force"}
    findings = " ".join(s.finding for s in verdict.steps)
    for lst in lists:
        if lst.list_id not in applied:
            continue
        for sector, scenario, item in lst.entries():
            if re.search(rf"(?<![A-Za-z0-9-]){re.escape(item.id)}(?![A-Za-z0-9])", findings):
                found.setdefault(f"{lst.list_id}#{item.id}", (lst, sector, scenario, item))
    return list(found.values())


def _conflict_steps(article: Article, entry: Entry, stated: Route, m9: Citation, language: Language) -> list[Step]:
    item = entry[3]
    name = f"《{article.document.short_title}》{article.label}"
    if language == "zh":
        return [
            Step(check=f"操作指引与负面清单不一致（{item.id}）",
                 finding=f"{name}称该数据可按“{route_label(stated, 'zh')}”办理，负面清单条目{item.id}要求{route_label(item.route, 'zh')}。",
                 citation=Citation.from_article(article)),
            Step(check="以负面清单为准",
                 finding=f"操作指引与负面清单不一致的地方，以负面清单为准：按条目{item.id}要求{route_label(item.route, 'zh')}。",
                 citation=m9),
        ]
    return [
        Step(check=f"The guideline differs from the negative list ({item.id})",
             finding=f"{name} says this data may go by {route_label(stated, 'en')}; list item {item.id} requires "
                     f"{route_label(item.route, 'en')}.",
             citation=Citation.from_article(article)),
        Step(check="The negative list prevails",
             finding=f"Where a guideline differs from the negative list, the list prevails: item {item.id} requires "
                     f"{route_label(item.route, 'en')}.",
             citation=m9),
    ]


def _agree_step(article: Article, entry: Entry, language: Language) -> Step:
    item = entry[3]
    name = f"《{article.document.short_title}》{article.label}"
    if language == "zh":
        return Step(check=f"操作指引（{item.id}）", finding=f"{name}对该条目的说明与负面清单一致。",
                    citation=Citation.from_article(article))
    return Step(check=f"Guideline ({item.id})", finding=f"{name} agrees with the negative list on this item.",
                citation=Citation.from_article(article))


def _illustrative_warning(article: Article, language: Language) -> str:
    if language == "zh":
        return f"引用的《{article.document.title}》是示例文本，不是官方发布的操作指引；请以官方发布的文本为准。"
    return f"The cited '{article.document.title}' is an illustrative sample, not an officially published guideline."


def with_guidelines(verdict: Verdict, corpus: Corpus, lists: Sequence[NegativeList], language: Language) -> Verdict:
    """`verdict` with the guideline articles that speak of the list items it rests on, and M9 where they differ."""
    if verdict.code in ("needs_facts", "out_of_scope"):
        return verdict
    steps: list[Step] = []
    warnings: list[str] = []
    basis = list(verdict.basis)
    for entry in entries_relied_on(verdict, lists):
        item = entry[3]
        for article in guideline_articles(corpus, item.id):
            stated = stated_route(article.text)
            if stated is None or stated == item.route or item.thresholds.defer_to_national:
                steps.append(_agree_step(article, entry, language))
            else:
                m9 = corpus.cite(MEASURES, 9)
                steps.extend(_conflict_steps(article, entry, stated, m9, language))
                if all(b.id != m9.id for b in basis):
                    basis.append(m9)
            warning = _illustrative_warning(article, language)
            if article.document.status == "illustrative" and warning not in warnings + verdict.warnings:
                warnings.append(warning)
    if not steps:
        return verdict
    return verdict.model_copy(update={"steps": [*verdict.steps, *steps], "basis": basis,
                                      "warnings": [*verdict.warnings, *warnings]})
