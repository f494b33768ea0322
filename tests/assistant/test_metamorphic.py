"""Metamorphic and monotonic properties of reading + deciding (issue 13, item 6).

Metamorphic: every scenario question of the eval suite (blind sets included), rewritten in systematic ways that
do not change its meaning — a greeting before it, an irrelevant sentence after it, thanks, full-width or
half-width punctuation, the count written another way (15万 / 十五万 / 150,000 / 150k / 0.15 million), terms
swapped for their abbreviations or full forms (关基 / 关键信息基础设施运营者, CIIO, SCC), zone names swapped for
their synonyms, mixed Chinese and English, the statements reordered — gets the same verdict as the original.

Monotonic: adding "we are a CIIO", sensitive PI, notified important data or a higher count never loosens a
verdict; removing a stated fact never loosens it silently (the looser verdict states the default it rests on,
and that the removed fact would make it stricter).

The reading and the rule check run directly (`extract_facts` → `decide`), not through retrieval: the verdict
does not depend on search, and this keeps thousands of rewrites within seconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from test_rules_properties import facts_strategy

from assistant.answer.labels import STRICTNESS
from assistant.facts import extract_facts
from assistant.lists.model import NegativeList
from assistant.models import Facts, Verdict
from assistant.rules import decide, patch_facts

AS_OF = date(2026, 6, 1)
CASES_DIR = Path(__file__).resolve().parents[2] / "evals" / "cases"
DEFINITE = ("exempt", "exempt_negative_list", "standard_contract_or_certification", "security_assessment", "other_law")


def _zh(text: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", text))


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。！？!?；;])\s*|(?<=\.)\s+(?=[A-Z])", text) if s.strip()]


def _greeting(text: str) -> str:
    return ("您好，" if _zh(text) else "Hi team, ") + text


def _irrelevant(text: str) -> str:
    return text + ("另外，我们办公室明年会搬到新大楼。" if _zh(text) else " Separately, our office moves to a new building next year.")


def _thanks(text: str) -> str:
    return text + ("谢谢！" if _zh(text) else " Thanks!")


def _width(text: str) -> str:
    if _zh(text):
        narrow = text.translate(str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";", "（": "(", "）": ")", "？": "?"}))
        # a chat message with spaces for punctuation ("想问下 我们把…"): the same with commas
        return narrow if narrow != text else re.sub(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])", "，", text)
    return text.translate(str.maketrans({",": "，", "?": "？", ":": "："}))


def _reorder(text: str) -> str:
    """The statements in another order, the question (last sentence) kept last."""
    parts = _sentences(text)
    if len(parts) < 3:
        return text
    body, last = parts[:-1], parts[-1]
    sep = "" if _zh(text) else " "
    return sep.join([*body[1:], body[0], last])


_WAN = re.compile(r"(?<![\d.,])(\d{1,3})万(?=人|名|位|个|户|条|人次)")


def _count_form(text: str) -> str:
    """15万人 → 150,000人 (and 150,000 people → 15万 people): the same count in the other notation."""
    if _WAN.search(text):
        return _WAN.sub(lambda m: f"{int(m.group(1)) * 10_000:,}", text)
    m = re.search(r"(?<![\d.,])(\d{2,3}),000(?![\d,])(?=\s*(?:people|customers|users|members|employees|patients|individuals))", text)
    if m:
        return text[: m.start()] + f"{int(m.group(1))}k" + text[m.end() :]
    return text


_CHINESE_NUMERALS = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十", 15: "十五", 20: "二十",
                     30: "三十", 50: "五十"}


def _count_words(text: str) -> str:
    """15万人 → 十五万人; 150,000 people → 0.15 million people."""
    m = _WAN.search(text)
    if m and int(m.group(1)) in _CHINESE_NUMERALS:
        return text[: m.start()] + _CHINESE_NUMERALS[int(m.group(1))] + text[m.end() - 1 :].replace("万", "万", 1)
    m = re.search(r"(?<![\d.,])(\d{3}),000(?![\d,])(?=\s*(?:people|customers|users|members|employees|patients|individuals))", text)
    if m:
        return text[: m.start()] + f"{int(m.group(1)) / 1000:g} million" + text[m.end() :]
    return text


_TERMS = [
    ("关键信息基础设施运营者", "关基"), ("critical information infrastructure operator", "CIIO"),
    ("standard contract", "SCC"), ("个人信息出境标准合同", "标准合同"), ("数据出境安全评估", "安全评估"),
]


def _abbreviate(text: str) -> str:
    for full, short in _TERMS:
        if full in text:
            return text.replace(full, short)
    for full, short in _TERMS:
        if re.search(rf"(?<![A-Za-z]){re.escape(short)}(?![A-Za-z])", text) and full not in text:
            return re.sub(rf"(?<![A-Za-z]){re.escape(short)}(?![A-Za-z])", full, text)
    return text


_ZONES = [("临港新片区", "临港"), ("上海自贸试验区", "上海自贸区"), ("Lingang New Area", "Lingang"), ("Shanghai FTZ", "Shanghai Pilot Free Trade Zone")]


def _zone_synonym(text: str) -> str:
    for a, b in _ZONES:
        if a in text:
            return text.replace(a, b)
    return text


def _mixed(text: str) -> str:
    if "个人信息" in text and "敏感个人信息" not in text:
        return text.replace("个人信息", "personal information")
    if "personal information" in text and "sensitive personal information" not in text:
        return text.replace("personal information", "个人信息")
    return text


def _newlines(text: str) -> str:
    """Statements on separate lines, as pasted from an e-mail."""
    return "\n".join(_sentences(text)) if len(_sentences(text)) > 1 else text + "\n"


def _request(text: str) -> str:
    return ("请帮忙看一下：" if _zh(text) else "Quick question: ") + text


def _register(text: str) -> str:
    """Another register: lower-case chat English; 我司 for 我们 (or a formal lead-in) in Chinese."""
    if not _zh(text):
        return text.lower()
    return text.replace("我们", "我司") if "我们" in text else "我司情况如下：" + text


def _sign_off(text: str) -> str:
    return text + ("\n——法务部 张经理" if _zh(text) else "\n— Anna (Legal)")


REWRITES: dict[str, Callable[[str], str]] = {
    "sign-off": _sign_off, "newlines": _newlines, "request": _request, "register": _register,
    "greeting": _greeting, "irrelevant": _irrelevant, "thanks": _thanks, "width": _width, "reorder": _reorder,
    "count-form": _count_form, "count-words": _count_words, "abbreviation": _abbreviate, "zone-synonym": _zone_synonym,
    "mixed-language": _mixed,
}


def _scenario_questions() -> list[tuple[str, str]]:
    out = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for case in data.get("cases", []):
            expect = case.get("expect") or {}
            if case.get("kind") == "scenario" and case.get("question") and expect.get("verdict") in DEFINITE:
                out.append((case["id"], case["question"]))
    return out


QUESTIONS = _scenario_questions()


@pytest.fixture
def corpus(assistant_corpus: Any) -> Any:
    return assistant_corpus


@pytest.fixture
def lists(assistant_lists: list[NegativeList]) -> list[NegativeList]:
    return assistant_lists


def _verdict(text: str, corpus: Any, lists: list[NegativeList]) -> str:
    return decide(extract_facts(text), corpus, lists, AS_OF).code


def test_every_scenario_has_eight_rewrites() -> None:
    assert len(QUESTIONS) >= 150
    for case_id, question in QUESTIONS:
        changed = [name for name, rewrite in REWRITES.items() if rewrite(question) != question]
        assert len(changed) >= 8, (case_id, changed)


@pytest.mark.parametrize(("case_id", "question"), QUESTIONS, ids=[c for c, _ in QUESTIONS])
def test_rewrites_keep_the_verdict(case_id: str, question: str, corpus: Any, lists: list[NegativeList]) -> None:
    original = _verdict(question, corpus, lists)
    changed = {}
    for name, rewrite in REWRITES.items():
        variant = rewrite(question)
        if variant == question:
            continue
        got = _verdict(variant, corpus, lists)
        if got != original:
            changed[name] = (got, variant)
    assert not changed, f"{case_id}: {original} became {changed}"


# ------------------------------------------------------------------------------------------ monotonic


def _rank(code: str) -> int:
    return STRICTNESS[code]  # type: ignore[index]


STRICTER_PATCHES: dict[str, dict[str, Any]] = {
    "ciio": {"is_ciio": True},
    "sensitive": {"contains_pi": True, "contains_sensitive_pi": True},
    "important": {"important_data": True},
    "more-people": {"contains_pi": True, "pi_count_ytd": 2_000_000, "pi_count_bound": "at_least", "pi_count_upper": None},
    "more-sensitive": {"contains_pi": True, "contains_sensitive_pi": True, "sensitive_pi_count_ytd": 20_000,
                       "sensitive_pi_count_bound": "at_least", "sensitive_pi_count_upper": None},
}


def _never_looser(before: Verdict, after: Verdict) -> bool:
    if after.code not in STRICTNESS or before.code not in STRICTNESS:
        return True  # a question asked is never a loosening
    return _rank(after.code) >= _rank(before.code)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=facts_strategy)
def test_a_stricter_fact_never_loosens_the_verdict(facts: Facts, corpus: Any, lists: list[NegativeList]) -> None:
    before = decide(facts, corpus, lists, AS_OF)
    if before.code == "other_law":
        return
    listed = any(i.on_list or i.list_item_id or i.list_route for i in facts.data_items)
    for name, patch in STRICTER_PATCHES.items():
        if name.startswith("more") and facts.counts_since_jan1 is False:
            continue  # a count for another period is asked again as the cumulative one
        if name == "ciio" and listed:
            continue  # the law itself: a list entry may ask more than the national rules, and CIIOs are outside the lists (P7(1))
        after = decide(patch_facts(facts, patch), corpus, lists, AS_OF)
        assert _never_looser(before, after), (name, before.code, after.code)


REMOVABLE = ("is_ciio", "important_data", "contains_sensitive_pi", "registered_zone", "export_in_zone")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=facts_strategy)
def test_removing_a_stated_fact_never_loosens_silently(facts: Facts, corpus: Any, lists: list[NegativeList]) -> None:
    """Without a stated fact the verdict is the same or stricter, or asks — or it is looser only on a default it
    names as an assumption, saying the verdict it would otherwise be (never looser than the one it replaces)."""
    before = decide(facts, corpus, lists, AS_OF)
    for key in REMOVABLE:
        if getattr(facts, key) is None:
            continue
        if key == "registered_zone" and set(facts.purposes) & {"foreign_collected_transit", "contract_with_individual",
                                                               "hr_management", "emergency"}:
            continue  # P4/P5(1)-(3) exempt every processor (P7¶2, P8¶2): without a zone no list route is left to apply
        after = decide(patch_facts(facts, {key: None}), corpus, lists, AS_OF)
        if _never_looser(before, after):
            continue
        assumed = {a.key: a.otherwise for a in after.assumptions}
        assert assumed, (key, before.code, after.code)
        assert any(_rank(other) >= _rank(after.code) and other != after.code for other in assumed.values() if other in STRICTNESS)
