"""`decide()` — the verdict for one set of Facts — and `apply_choice()` (a clicked choice back into Facts);
the defaults of SPEC §3a a verdict assumes, and says it assumes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant.answer.labels import verdict_label
from assistant.lists.editions import edition_ref, in_force, other_editions
from assistant.lists.model import NegativeList
from assistant.models import (
    Assumption,
    Citation,
    Facts,
    Language,
    ListEdition,
    MissingFact,
    Step,
    Verdict,
    VerdictCode,
)
from assistant.rules.core import MAX_QUESTIONS, SH_ZONES, CorpusLike, M, NeedFact, P, _Shared, patch_facts
from assistant.rules.engine import _explore, _Explored, _rank
from assistant.rules.obligations import _obligations
from assistant.rules.warnings import _document_warnings, _illustrative_warning
from assistant.vocabulary import UNSURE_WORDS

# ------------------------------------------------------------------------------------------------ decide


def _citation_stating(basis: Sequence[Citation], text: str) -> Citation | None:
    """The first of `basis` whose article states every figure in `text` (so no figure goes uncited)."""
    figures = re.findall(r"\d+万", text)
    for citation in basis:
        if all(f in citation.text for f in figures):
            return citation
    return basis[0] if basis else None


# ---------------------------------------------------------------------------- defaults the law gives (§3a)


@dataclass(frozen=True)
class _LawDefault:
    """One row of SPEC §3a: when the question is silent on `key`, decide as if `patch`; `alternative` is the
    other case, whose verdict the answer names; `cite` the article that decides that other case."""

    key: str
    assumed: Any
    patch: dict[str, Any]
    alternative: dict[str, Any]
    cite: tuple[str, int, int | None, int | None]
    zh: str
    en: str
    other_zh: str
    other_en: str


def _silent(facts: Facts, key: str) -> bool:
    """Neither stated nor hedged: a hedged fact ("应该不是关基") stays unknown and is asked when it matters."""
    return getattr(facts, key) is None and key not in facts.unsure


def _law_defaults(facts: Facts) -> list[_LawDefault]:
    """The defaults that apply to `facts` (none overrides a stated or hedged fact)."""
    out: list[_LawDefault] = []
    if _silent(facts, "is_ciio"):
        # CIIOs are designated and told so (关基条例 art. 10): an operator not told is not one.
        out.append(_LawDefault(
            "is_ciio", False, {"is_ciio": False}, {"is_ciio": True}, (P, 7, 1, 1),
            "未述及贵单位已被认定为关键信息基础设施运营者，按非关基运营者判断",
            "You did not say you have been designated a critical information infrastructure operator, so you are treated as a non-CIIO",
            "已被认定为关键信息基础设施运营者", "you have been designated one",
        ))
    if _silent(facts, "important_data") and all(i.important_data is None for i in facts.data_items):
        # P2, M14¶2, N37: data is important data once notified or published as such.
        out.append(_LawDefault(
            "important_data", False, {}, {"important_data": True}, (P, 7, 1, 2),
            "未述及数据被相关部门、地区告知或者公开发布为重要数据，按非重要数据判断",
            "You did not say the data has been notified or published as important data, so it is treated as not important data",
            "已被告知或者公开发布为重要数据", "it has been notified or published as important data",
        ))
    listed = any(i.on_list or i.list_item_id or i.list_route for i in facts.data_items)
    if _silent(facts, "registered_zone") and not listed:
        # M2: the Measures apply only to processors registered in the zone. Not when the user says the data is on a
        # list: which list (and so which route) depends on where they are registered, so that is asked instead.
        alt: dict[str, Any] = {"registered_zone": "shanghai_ftz", "export_in_zone": True, "sector_list_published": True}
        if facts.sector is None:
            alt["sector"] = "other"  # a field whose list is published but not loaded here: the user's own check
        # the other case keeps what the user said of each item; an item not placed is taken as off the list
        alt.update({f"data_items[{i}].on_list": False for i in range(max(1, len(facts.data_items)))
                    if i >= len(facts.data_items) or facts.data_items[i].on_list is None})
        out.append(_LawDefault(
            "registered_zone", "outside", {"registered_zone": "outside"}, alt, (M, 8, None, None),
            "未述及在上海自贸试验区或临港新片区注册，按国家规定判断",
            "You did not say you are registered in the Shanghai FTZ or Lingang, so the national rules decide",
            "贵单位在区内注册、在区内开展数据出境活动，所属领域已公布负面清单且数据不在清单上",
            "you are registered and export in the zone, your field has a published list and the data is not on it",
        ))
    if facts.registered_zone in SH_ZONES and _silent(facts, "export_in_zone"):
        out.append(_LawDefault(
            "export_in_zone", True, {"export_in_zone": True}, {"export_in_zone": False}, (M, 2, None, None),
            "未述及数据出境活动在区外开展，按在区内开展判断",
            "You did not say the export is carried out outside the zone, so it is taken as carried out there",
            "数据出境活动在区外开展（不适用《管理办法》）", "the export is carried out outside the zone (the Measures then do not apply)",
        ))
    if (
        _silent(facts, "contains_sensitive_pi")
        and facts.sensitive_pi_count_ytd is None
        and facts.contains_pi is not False
        and all(i.contains_sensitive_pi is None for i in facts.data_items)
    ):
        # PIPL 28: PI described in general (names, contacts, orders…) is not sensitive unless a sensitive kind is named.
        out.append(_LawDefault(
            "contains_sensitive_pi", False, {"contains_sensitive_pi": False},
            {"contains_sensitive_pi": True, "sensitive_pi_count_ytd": 1, "sensitive_pi_count_bound": "at_least",
             "sensitive_pi_count_upper": 10_000},
            (P, 8, 1, None),
            "未述及敏感个人信息（如医疗健康、金融账户、行踪轨迹、生物识别、身份证件号码、未成年人信息），按不含敏感个人信息判断",
            "No sensitive personal information (health, financial accounts, whereabouts, biometrics, ID numbers, minors' data) is mentioned, so none is assumed",
            "含有不满1万人的敏感个人信息", "it includes sensitive PI of fewer than 10,000 people",
        ))
    return out


def with_law_defaults(facts: Facts) -> Facts:
    """`facts` with every default of SPEC §3a filled in: what the verdict is decided on."""
    return _with_defaults(facts, _law_defaults(facts))


def _with_defaults(facts: Facts, defaults: Sequence[_LawDefault]) -> Facts:
    patch: dict[str, Any] = {}
    for d in defaults:
        patch.update(d.patch)
    return patch_facts(facts, patch) if patch else facts


def _assumptions(facts: Facts, defaults: Sequence[_LawDefault], code: VerdictCode, corpus: CorpusLike,
                 lists: Sequence[NegativeList], as_of: date, language: Language) -> list[Assumption]:
    """The defaults that bear on the verdict: with the other case the outcome is another mechanism."""
    out: list[Assumption] = []
    for d in defaults:
        others = [x for x in defaults if x is not d]
        alt_facts = patch_facts(_with_defaults(facts, others), d.alternative)
        shared = _Shared(corpus=corpus, lists=lists, as_of=as_of, language=language,
                         assumed=frozenset(x.key for x in others))
        other = _explore(alt_facts, shared, {}).code
        if other == "needs_facts" or _rank(other) == _rank(code):
            continue
        doc, number, paragraph, item = d.cite
        try:
            citation = corpus.cite(doc, number, paragraph, item)
        except ValueError:
            citation = corpus.cite(doc, number)
        label = verdict_label(other, language)
        text = (f"{d.zh}；如{d.other_zh}，结论为“{label}”。" if language == "zh"
                else f"{d.en}; if {d.other_en}, the outcome is: {label}.")
        out.append(Assumption(key=d.key, assumed=d.assumed, text=text, otherwise=other, citation=citation))
    return out


# long because it assembles the Verdict in its two shapes (the questions still open, or the outcome with its
# assumed facts, obligations and warnings) from one exploration.
def decide(
    facts: Facts,
    corpus: CorpusLike,
    lists: Sequence[NegativeList],
    as_of: date,
    language: Language = "zh",
) -> Verdict:
    """Apply SPEC §3 steps 1–5 to `facts`. Pure and deterministic; never returns `info` or `out_of_scope`
    (the pipeline decides those before the rule check)."""
    every_edition = lists
    lists = in_force(lists, as_of)  # the edition of each list in force on as_of decides (assistant/lists/editions.py)
    stated = facts
    defaults = _law_defaults(stated)
    facts = _with_defaults(stated, defaults)
    shared = _Shared(corpus=corpus, lists=lists, as_of=as_of, language=language,
                     assumed=frozenset(d.key for d in defaults))
    explored = _explore(facts, shared, {})

    def t(zh: str, en: str) -> str:
        return zh if language == "zh" else en

    if explored.code == "needs_facts":
        first = explored.first
        assert first is not None
        # "Which entry" only follows a "yes, under another entry" to the on-list question: don't ask both.
        asked_on_list = {n.key.rsplit(".", 1)[0] for n in explored.needs if n.key.endswith(".on_list")}
        needs = [n for n in explored.needs
                 if not (n.key.endswith(".list_item_id") and n.key.rsplit(".", 1)[0] in asked_on_list)][:MAX_QUESTIONS]
        steps = list(first.steps)
        basis: list[Citation] = []
        for need in needs:
            for c in need.basis:
                if all(b.id != c.id or b.label != c.label for b in basis):
                    basis.append(c)
        steps.append(Step(
            check=t("尚缺的关键事实", "Facts still missing"),
            finding=t("以下事实会改变结论，请补充：", "These facts change the outcome; please supply them: ")
            + t("；", " ").join(n.question[language] for n in needs),
            citation=needs[0].basis[0] if needs[0].basis else None,
        ))
        matches = list({m.item_id: m for n in needs for m in n.matches}.values())
        warnings: list[str] = []
        for list_id in {m.list_id: m for m in matches}:
            found = next((x for x in lists if x.list_id == list_id), None)
            if found is not None and found.status == "illustrative":
                warnings.append(_illustrative_warning(found, language))
        return Verdict(
            code="needs_facts",
            label=verdict_label("needs_facts", language),
            basis=basis,
            steps=steps,
            missing_facts=[n.missing_fact(language) for n in needs],
            warnings=warnings,
            list_matches=matches,
            list_editions=_editions([x for x in lists if x.list_id in {m.list_id for m in matches}], every_edition, as_of),
        )

    engine = explored.engine
    assert engine is not None
    code = explored.code
    steps = []
    for need, option in explored.assumed:
        steps.append(Step(
            check=t("未确认但不影响结论的事实", "An unconfirmed fact that does not change the outcome"),
            finding=t(
                f"{need.question['zh']}——无论如何回答，结论相同；以下按“{option.zh}”的情形说明理由。",
                f"{need.question['en']} — every answer leads to the same outcome; the reasoning below takes '{option.en}'.",
            ),
            citation=_citation_stating(need.basis, option.zh),
        ))
    for step in engine.steps:
        if step not in steps:
            steps.append(step)
    obligations = [] if code == "other_law" else _obligations(engine, code)
    warnings = []
    for lst in {x.list_id: x for x in engine.lists_used}.values():
        if lst.status == "illustrative":
            warnings.append(_illustrative_warning(lst, language))
    cited = [s.citation for s in steps if s.citation is not None] + [o.citation for o in obligations]
    warnings.extend(_document_warnings(cited, as_of, corpus, language))
    assumptions = [] if code == "other_law" else _assumptions(stated, defaults, code, corpus, lists, as_of, language)
    return Verdict(
        code=code,
        label=verdict_label(code, language),
        basis=engine.basis,
        steps=steps,
        obligations=obligations,
        warnings=warnings,
        assumptions=assumptions,
        list_editions=_editions(list({x.list_id: x for x in engine.lists_used}.values()), every_edition, as_of),
    )


def _editions(used: Sequence[NegativeList], every_edition: Sequence[NegativeList], as_of: date) -> list[ListEdition]:
    """The editions applied, then the other editions of the same lists, so the answer can name both."""
    return [edition_ref(x, every_edition, as_of) for x in used] + other_editions(used, every_edition, as_of)


# ---------------------------------------------------------------------------------------- answering


_NOT_SURE = {w.casefold() for w in UNSURE_WORDS} | {"unknown"}


def apply_choice(facts: Facts, missing: MissingFact | str, choice: str, *, corpus: CorpusLike | None = None,
                 lists: Sequence[NegativeList] = (), as_of: date | None = None,
                 language: Language = "zh") -> Facts | None:
    """Fill Facts from one of the `choices` offered for a missing fact (exact choice text, either language).

    Returns None when the choice is "not sure" or not one of the offered answers (the caller then falls back
    to free-text extraction). With `corpus` the question is re-derived so range and list-entry choices map
    exactly; without it the plain yes/no and zone choices still work.
    """
    key = missing.key if isinstance(missing, MissingFact) else missing
    text = choice.strip()
    if text.casefold() in _NOT_SURE:
        return None
    if corpus is not None:
        day = as_of or date.today()
        shared = _Shared(corpus=corpus, lists=in_force(lists, day), as_of=day, language=language)
        need = _find_need(facts, shared, key)
        if need is not None:
            for option in need.options:
                if text in {option.zh, option.en}:
                    return patch_facts(facts, option.patch)
    yes_no = {"是": True, "yes": True, "否": False, "no": False}
    if text.casefold() in yes_no or text in yes_no:
        value = yes_no.get(text, yes_no.get(text.casefold()))
        try:
            return patch_facts(facts, {key: value})
        except KeyError:
            return None
    zones = {"上海自贸试验区": "shanghai_ftz", "Shanghai FTZ": "shanghai_ftz", "临港新片区": "lingang",
             "Lingang New Area": "lingang", "其他自由贸易试验区": "other_ftz", "another free trade zone": "other_ftz",
             "不在自由贸易试验区": "outside", "outside any free trade zone": "outside"}
    if key == "registered_zone" and text in zones:
        return patch_facts(facts, {"registered_zone": zones[text]})
    return None


def _find_need(facts: Facts, shared: _Shared, key: str) -> NeedFact | None:
    """The question about `key` that the rules would ask for these facts (searching the unknowns in order)."""
    memo: dict[str, _Explored] = {}
    explored = _explore(facts, shared, memo)
    for need in explored.needs:
        if need.key == key:
            return need
    for result in memo.values():
        for need in result.needs:
            if need.key == key:
                return need
    return None


def iter_articles(verdict: Verdict) -> Iterator[str]:
    """Article ids a verdict cites (steps, basis, obligations)."""
    for c in verdict.basis:
        yield c.id
    for s in verdict.steps:
        if s.citation is not None:
            yield s.citation.id
    for o in verdict.obligations:
        yield o.citation.id
