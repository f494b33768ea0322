"""The "我理解的情况 / What I understood" card (issue 14): the facts a verdict rests on, in plain words, with where
each came from (stated, answered, assumed, corrected), and a correction (`facts_patch`) checked against Facts.

A fact is on the card when the verdict uses it: every `verdict.assumptions` entry, and every known fact for which
another value would give another verdict (decided again with that value). Nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import TypeAdapter, ValidationError

from assistant.answer.labels import verdict_label
from assistant.models import (
    DataItem,
    Facts,
    FactSource,
    Language,
    UnderstoodFact,
    Verdict,
    VerdictChange,
    VerdictCode,
)
from assistant.question.validate import QuestionError
from assistant.rules import patch_facts, with_law_defaults
from assistant.vocabulary import (
    NO_WORDS,
    NON_SENSITIVE_PI_CUTS,
    SENSITIVE_PI_CUT,
    UNSURE_WORDS,
    YES_WORDS,
    other_ftz_label,
)

Decider = Callable[[Facts], VerdictCode]

_ITEM_KEY = re.compile(r"^data_items\[(\d+)\]\.(\w+)$")
_ZONES = ("shanghai_ftz", "lingang", "other_ftz", "outside")
ZONE_NAMES: dict[str, dict[Language, str]] = {
    "shanghai_ftz": {"zh": "上海自贸试验区", "en": "Shanghai FTZ"},
    "lingang": {"zh": "临港新片区", "en": "Lingang"},
    "other_ftz": {"zh": "其他自贸试验区", "en": "another FTZ"},
    "outside": {"zh": "不在自贸试验区", "en": "outside any FTZ"},
}
# key → (zh label, en label, kind); the order is the card's
CARD_FACTS: dict[str, tuple[str, str, str]] = {
    "registered_zone": ("注册地", "Registered in", "zone"),
    "export_in_zone": ("在区内开展出境活动", "Export carried out in the zone", "bool"),
    "is_ciio": ("关键信息基础设施运营者", "Critical information infrastructure operator", "bool"),
    "sector_list_published": ("所属领域已发布负面清单", "A published negative list covers the field", "bool"),
    "contains_pi": ("含个人信息", "Personal information", "bool"),
    "pi_count_ytd": ("个人信息人数（今年以来）", "People's PI sent since 1 January", "count"),
    "contains_sensitive_pi": ("敏感个人信息", "Sensitive personal information", "bool"),
    "sensitive_pi_count_ytd": ("敏感个人信息人数（今年以来）", "People's sensitive PI since 1 January", "count"),
    "important_data": ("重要数据", "Important data", "bool"),
    "individual_is_party": ("个人为合同一方", "The individual is a party to the contract", "bool"),
    "hr_rules_lawful": ("依法制定的劳动规章制度", "Lawfully adopted labour rules", "bool"),
    "own_employees": ("员工为本单位员工", "The employees are your own staff", "bool"),
    "domestic_data_added": ("境内处理中加入境内数据", "Domestic data added during processing", "bool"),
    "export_controlled": ("出口管制物项技术数据", "Export-controlled technical data", "bool"),
    "treaty_applies": ("适用我国缔结的条约", "A treaty China concluded applies", "bool"),
}
_ITEM_FACTS: dict[str, tuple[str, str, str]] = {
    "on_list": ("在负面清单上", "On the negative list", "bool"),
    "contains_sensitive_pi": ("敏感个人信息", "Sensitive personal information", "bool"),
    "important_data": ("重要数据", "Important data", "bool"),
}
# The reply words (vocabulary.py) plus the values a form or an API client sends.
_UNSURE_VALUES = {*UNSURE_WORDS, "unknown", ""}
_YES_VALUES = {*YES_WORDS, "true", "y", "1"}
_NO_VALUES = {*NO_WORDS, "false", "n", "0"}
_COUNT_BOUNDS = {"pi_count_ytd": "pi_count_bound", "sensitive_pi_count_ytd": "sensitive_pi_count_bound"}
_COUNT_UPPERS = {"pi_count_ytd": "pi_count_upper", "sensitive_pi_count_ytd": "sensitive_pi_count_upper"}


class PatchError(QuestionError):
    """A facts_patch with an unknown key or a value the Facts model refuses; the message names the key."""


def _spec(key: str) -> tuple[str, str, str] | None:
    m = _ITEM_KEY.match(key)
    return _ITEM_FACTS.get(m.group(2)) if m else CARD_FACTS.get(key)


def get_fact(facts: Facts, key: str) -> Any:
    m = _ITEM_KEY.match(key)
    if m:
        index = int(m.group(1))
        return getattr(facts.data_items[index], m.group(2)) if index < len(facts.data_items) else None
    return getattr(facts, key)


def flat_facts(facts: Facts) -> dict[str, Any]:
    """Every card-able key with its value (None = unknown)."""
    out = {k: getattr(facts, k) for k in CARD_FACTS}
    for i, item in enumerate(facts.data_items):
        for name in _ITEM_FACTS:
            out[f"data_items[{i}].{name}"] = getattr(item, name)
    return out


# --- a correction ------------------------------------------------------------------------------------------------
def _coerce(key: str, value: Any) -> Any:
    """Plain-word values ("是", "yes", "不确定", "150000") to what Facts holds; None = unknown."""
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _UNSURE_VALUES:
            return None
        field = _ITEM_KEY.match(key)
        name = field.group(2) if field else key
        annotation = str((DataItem if field else Facts).model_fields[name].annotation)
        if "bool" in annotation:
            if word in _YES_VALUES:
                return True
            if word in _NO_VALUES:
                return False
    return value


def normalise_patch(patch: Mapping[str, Any]) -> dict[str, Any]:
    """Check `patch` against the Facts model: PatchError naming the key on an unknown key or a bad value."""
    out: dict[str, Any] = {}
    for key, raw in patch.items():
        m = _ITEM_KEY.match(key)
        if m:
            if m.group(2) not in DataItem.model_fields or m.group(2) == "description":
                raise PatchError(f"facts_patch: unknown key {key!r}")
        elif key not in Facts.model_fields or key in ("data_items", "unsure"):
            raise PatchError(f"facts_patch: unknown key {key!r}")
        name = m.group(2) if m else key
        field = (DataItem if m else Facts).model_fields[name]
        try:
            value = TypeAdapter(Any if field.annotation is None else field.annotation).validate_python(_coerce(key, raw))
        except (ValidationError, TypeError, ValueError) as exc:
            raise PatchError(f"facts_patch: bad value {raw!r} for {key!r}") from exc
        if isinstance(value, bool) and key in _COUNT_BOUNDS:
            raise PatchError(f"facts_patch: bad value {raw!r} for {key!r}")
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            raise PatchError(f"facts_patch: bad value {raw!r} for {key!r} (a count of people is 0 or more)")
        out[key] = value
    return out


def apply_patch(facts: Facts, patch: Mapping[str, Any]) -> Facts:
    """`facts` corrected by a normalised patch: a count becomes exact, "not sure" is recorded as unsure."""
    update: dict[str, Any] = dict(patch)
    for key, value in patch.items():
        if key in _COUNT_BOUNDS and value is not None:  # a count given alone is exact
            update.setdefault(_COUNT_BOUNDS[key], "exact")
            update.setdefault(_COUNT_UPPERS[key], None)
        if key == "registered_zone" and value != "other_ftz":
            update["other_ftz_name"] = None
    patched = patch_facts(facts, update)
    unsure = [k for k in patched.unsure if k not in patch or patch[k] is None]
    unsure += [k for k, v in patch.items() if v is None and k not in unsure]
    return Facts.model_validate({**patched.model_dump(), "unsure": unsure})


def change_text(before: VerdictCode, after: VerdictCode, language: Language) -> str:
    b, a = verdict_label(before, language), verdict_label(after, language)
    if before == after:
        return f"结论不变：{a}" if language == "zh" else f"The outcome is unchanged: {a}"
    return f"结论由 {b} 变为 {a}" if language == "zh" else f"The outcome changed from {b} to {a}"


def values_read(facts: Facts, patch: Mapping[str, Any]) -> dict[str, Any]:
    """What the verdict rested on, before the correction, for each corrected key (the §3a default when unknown)."""
    decided = with_law_defaults(facts)
    out: dict[str, Any] = {}
    for key in patch:
        try:
            out[key] = get_fact(decided, key)
        except (AttributeError, IndexError):
            out[key] = None
    return out


def verdict_change(before: VerdictCode, after: VerdictCode, patch: Mapping[str, Any], language: Language,
                   read: Mapping[str, Any] | None = None) -> VerdictChange:
    return VerdictChange(before=before, after=after, text=change_text(before, after, language), corrected=dict(patch),
                         read=dict(read or {}))


# --- where each fact came from -------------------------------------------------------------------------------------
def update_sources(sources: Mapping[str, FactSource], before: Facts, after: Facts, source: FactSource) -> dict[str, FactSource]:
    """`sources` with every key whose value changed from `before` to `after` marked `source`."""
    out = dict(sources)
    old, new = flat_facts(before), flat_facts(after)
    for key, value in new.items():
        if value != old.get(key):
            out[key] = source
    return out


def final_sources(sources: Mapping[str, FactSource], facts: Facts, verdict: Verdict) -> dict[str, FactSource]:
    """Known facts keep their source; assumptions are `assumed`; unknown facts drop out."""
    known = {k: v for k, v in flat_facts(facts).items() if v is not None}
    out: dict[str, FactSource] = {k: s for k, s in sources.items() if k in known}
    for a in verdict.assumptions:
        out.setdefault(a.key, "assumed")
    return out


# --- the card ------------------------------------------------------------------------------------------------------
def _alternatives(key: str, value: Any) -> list[Any]:
    kind = (_spec(key) or ("", "", "bool"))[2]
    if kind == "bool":
        return [not value, None]
    if kind == "zone":
        return [z for z in _ZONES if z != value] + [None]
    low, high = NON_SENSITIVE_PI_CUTS  # one value in each band either side of the legal cut points
    cuts = (low // 2, (low + high) // 2, high * 2) if key == "pi_count_ytd" else (0, SENSITIVE_PI_CUT // 2, SENSITIVE_PI_CUT * 2)
    return [c for c in cuts if c != value] + [None]


def bears_on(facts: Facts, key: str, code: VerdictCode, decide: Decider) -> bool:
    """Whether another value of `key` gives another verdict."""
    value = get_fact(facts, key)
    for alternative in _alternatives(key, value):
        try:
            other = decide(apply_patch(facts, {key: alternative}))
        except (KeyError, ValueError):
            continue
        if other != code:
            return True
    return False


def _value_text(key: str, value: Any, facts: Facts, language: Language) -> str:
    zh = language == "zh"
    kind = (_spec(key) or ("", "", "bool"))[2]
    if kind == "zone":
        name = ZONE_NAMES.get(str(value), {}).get(language, str(value))
        if value == "other_ftz" and facts.other_ftz_name:
            return f"{name}（{other_ftz_label(facts.other_ftz_name, language)}）" if zh else f"{name} ({other_ftz_label(facts.other_ftz_name, language)})"
        return name
    if kind == "count":
        bound = getattr(facts, _COUNT_BOUNDS[key], "exact")
        words = {"exact": ("约", "about"), "under": ("不满", "under"), "at_most": ("至多", "at most"),
                 "at_least": ("至少", "at least"), "over": ("超过", "over")}[bound]
        n = f"{value:,}"
        return f"{words[0]}{n}人" if zh else f"{words[1]} {n} people"
    return ("是" if value else "否") if zh else ("yes" if value else "no")


_SOURCE_WORDS: dict[FactSource, tuple[str, str]] = {
    "stated": ("您所述", "as you said"),
    "answered": ("您的回答", "your answer"),
    "assumed": ("默认", "default"),
    "corrected": ("已更正", "corrected"),
}


def understood(facts: Facts, verdict: Verdict, sources: Mapping[str, FactSource], decide: Decider,
               language: Language) -> list[UnderstoodFact]:
    """The card: every assumption, and every known fact another value of which changes the verdict."""
    if verdict.code in ("info", "out_of_scope"):
        return []
    assumed = {a.key: a.assumed for a in verdict.assumptions}
    keys = [k for k, v in flat_facts(facts).items() if v is not None or k in assumed]
    keys += [k for k in assumed if k not in keys]
    out: list[UnderstoodFact] = []
    for key in keys:
        spec = _spec(key)
        if spec is None:
            continue
        value = assumed[key] if key in assumed and get_fact(facts, key) is None else get_fact(facts, key)
        if key not in assumed and not bears_on(facts, key, verdict.code, decide):
            continue
        source: FactSource = "assumed" if key in assumed and get_fact(facts, key) is None else sources.get(key, "stated")
        words = _SOURCE_WORDS[source][0 if language == "zh" else 1]
        text = _value_text(key, value, facts, language)
        text = f"{text}（{words}）" if language == "zh" else f"{text} ({words})"
        label = spec[0] if language == "zh" else spec[1]
        m = _ITEM_KEY.match(key)
        if m and int(m.group(1)) < len(facts.data_items) and facts.data_items[int(m.group(1))].description:
            label = f"{facts.data_items[int(m.group(1))].description} · {label}"
        out.append(UnderstoodFact(key=key, label=label, value=value, text=text, source=source, kind=spec[2]))
    return out


def card_lines(response_understood: list[UnderstoodFact], language: Language) -> list[str]:
    """The card as plain lines (terminal chat, helpdesk draft)."""
    sep = "：" if language == "zh" else ": "
    return [f"{f.label}{sep}{f.text}" for f in response_understood]


__all__ = [
    "CARD_FACTS",
    "ZONE_NAMES",
    "PatchError",
    "apply_patch",
    "bears_on",
    "card_lines",
    "change_text",
    "final_sources",
    "flat_facts",
    "normalise_patch",
    "understood",
    "update_sources",
    "values_read",
    "verdict_change",
]
