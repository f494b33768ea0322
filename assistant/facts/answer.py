"""Answers (``apply_answer``). "是/否/yes/no" set a yes/no field; "不确定 / not sure" (anywhere in a short reply) and
question forms ("是不是…") leave it unknown; a bare figure ("约2000人", "150k") answers the count that was asked,
while a reply that names its data ("今年20万人，不含敏感个人信息") goes where it says; the rules' choice labels
("10万至不满100万人", "100,000 to under 1,000,000 people", "临港新片区", "是：RI-L-01 …") are understood; "是" to the
zone question means the Shanghai FTZ (Lingang is part of it) and "否" means outside. Whatever else the reply
states is merged in as well.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.facts.counts import _fact_count
from assistant.facts.extract import extract_facts
from assistant.facts.merge import _COUNT_GROUPS, merge_facts
from assistant.facts.numbers import (
    normalize_width,
    parse_count,
)
from assistant.facts.places import _CITIES_EN, _CITIES_ZH, _IN_ZONE_PLACE, _OTHER_FTZ_NAMES, _OUT_PLACE
from assistant.facts.polarity import MAX_TEXT, _find, _lower_same_length, _rx, _Text
from assistant.facts.sensitive import _NON_SENSITIVE_PI, _PI, _SENSITIVE, _SENSITIVE_BARE
from assistant.models import DataItem, Facts, Zone

# ------------------------------------------------------------------------------------------ answers

FACT_ALIASES = {
    "registered_in_zone": "registered_zone", "zone": "registered_zone", "registration": "registered_zone",
    "ciio": "is_ciio", "pi_count": "pi_count_ytd", "sensitive_pi_count": "sensitive_pi_count_ytd",
    "sensitive_count": "sensitive_pi_count_ytd", "count": "pi_count_ytd", "purpose": "purposes",
    "export_location": "export_in_zone", "treaty": "treaty_applies", "important": "important_data",
    "sensitive_pi": "contains_sensitive_pi", "pi": "contains_pi",
}  # fmt: skip
_UNSURE_ANSWERS = _rx(
    r"^\s*(?:不确定|不清楚|不知道|不太清楚|不太确定|不好说|不明确|待确认|说不准|没想好|not\s+sure|unsure|don'?t\s+know|do\s+not\s+know|"
    r"unknown|no\s+idea|unclear|uncertain|maybe|perhaps|dunno|\?+|？+)"
)
_UNSURE_ANYWHERE = _rx(r"不确定|不清楚|不知道|不太清楚|说不准|不好说|not\s+sure|unsure|don'?t\s+know|do\s+not\s+know|no\s+idea|not\s+certain")
_YES_ANSWERS = _rx(
    r"^\s*(?:是(?!不|否)的?|对的?|有(?!没)的?|包含|包括|涉及|属于|需要|确认|正确|没错|当然|嗯|yes|y|yep|yeah|yup|true|correct|right|sure|confirmed|affirmative|1)(?![a-z])"
)
_NO_ANSWERS = _rx(
    r"^\s*(?:否|不是|不对|不|没有|没|无|不涉及|不包含|不包括|不属于|非|并非|no|n|nope|nah|false|not|none|negative|0)(?![a-z])"
)
_ZONE_ANSWERS: dict[str, Zone] = {
    "上海自贸试验区": "shanghai_ftz", "上海自贸区": "shanghai_ftz", "shanghai ftz": "shanghai_ftz",
    "临港新片区": "lingang", "临港": "lingang", "lingang new area": "lingang", "lingang": "lingang",
    "其他自由贸易试验区": "other_ftz", "其他自贸区": "other_ftz", "another free trade zone": "other_ftz",
    "another ftz": "other_ftz", "不在自由贸易试验区": "outside", "不在自贸区": "outside",
    "outside any free trade zone": "outside", "outside any ftz": "outside", "区外": "outside",
}  # fmt: skip
_NO_SENSITIVE_ANSWER = _rx(r"^\s*(?:不含敏感个人信息|没有敏感个人信息|无敏感个人信息|no\s+sensitive\s+personal\s+(?:information|data)|none)\s*$")
_LIST_ITEM_ID = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,5}(?:-[A-Z0-9]{1,5})*-\d{1,4})(?![A-Za-z0-9])")
_ITEM_KEY_RE = re.compile(r"^data_items\[(\d+)\]\.(\w+)$")
_BOOL_FIELDS = frozenset(
    {"export_in_zone", "is_ciio", "sector_list_published", "contains_pi", "contains_sensitive_pi", "important_data",
     "pseudonymised", "individual_is_party", "hr_rules_lawful", "domestic_data_added", "export_controlled",
     "treaty_applies", "counts_since_jan1"}
)  # fmt: skip


def _yes_no(answer: str) -> bool | None:
    answer = _lower_same_length(answer)
    if _UNSURE_ANSWERS.match(answer) or _UNSURE_ANYWHERE.search(answer):
        return None
    if _NO_ANSWERS.match(answer):
        return False
    if _YES_ANSWERS.match(answer):
        return True
    return None


def apply_answer(facts: Facts, key: str, answer: str) -> Facts:
    """Fill ``key`` from a reply to the clarifying question about it ("是", "否", "不确定", "yes", "150k",
    "10万至不满100万人", "临港新片区", "我们不是关基"…). Anything else the reply states is merged in too.

    ``key`` is a Facts field (aliases such as ``registered_in_zone`` accepted) or ``data_items[i].field``.
    "Not sure" leaves the fact unknown. Unknown keys raise ``KeyError``; non-str arguments ``TypeError``.
    """
    if not isinstance(facts, Facts):
        raise TypeError("apply_answer expects Facts")
    if not isinstance(key, str) or not isinstance(answer, str):
        raise TypeError("apply_answer expects str key and answer")
    key = FACT_ALIASES.get(key.strip(), key.strip())
    item_key = _ITEM_KEY_RE.match(key)
    if not item_key and key not in Facts.model_fields:
        raise KeyError(key)
    if item_key and item_key.group(2) not in DataItem.model_fields:
        raise KeyError(key)
    text = normalize_width(answer).strip()[:MAX_TEXT]
    if not text:
        return facts
    if _UNSURE_ANSWERS.match(_lower_same_length(text)):
        return _mark_unsure(facts, key)
    extracted = extract_facts(text)
    base = merge_facts(facts, extracted)
    if item_key:
        return _apply_item_answer(base, int(item_key.group(1)), item_key.group(2), text)
    low = text.lower()
    if key == "registered_zone":
        return _apply_zone(base, facts, extracted, low)
    if key in _COUNT_GROUPS:
        return _apply_count(facts, extracted, key, text)
    if key == "purposes":
        return base
    if key == "sector":
        return _apply_sector(base, extracted, text)
    if key == "other_ftz_name":
        name = extracted.other_ftz_name or next((v for k, v in _OTHER_FTZ_NAMES.items() if k in text), None)
        name = name or next((v for v in _OTHER_FTZ_NAMES.values() if v in low), None)
        return base.model_copy(update={"other_ftz_name": name, "registered_zone": "other_ftz"}) if name else base
    if key in _BOOL_FIELDS:
        value = _yes_no(text)
        if value is None:
            value = getattr(extracted, key)
        if value is None and key == "export_in_zone" and len(text) <= 40 and not _UNSURE_ANYWHERE.search(low):
            # a place for an answer: "在临港", "区内", "北京分公司", "from our Beijing office"
            if _IN_ZONE_PLACE.search(low) and not re.search(r"区外|outside", low):
                value = True
            elif _OUT_PLACE.search(low):
                value = False
        if value is None:
            return base
        update: dict[str, Any] = {key: value}
        if key == "contains_sensitive_pi" and value:
            update["contains_pi"] = True
        if key == "contains_pi" and value is False and base.contains_sensitive_pi is None:
            update["contains_sensitive_pi"] = False
        return base.model_copy(update=update)
    return base


def _mark_unsure(facts: Facts, key: str) -> Facts:
    """"不确定" to the question about ``key``: still unknown, now by the user's own account."""
    field = key.split("[")[0].split(".")[0]
    if field not in Facts.model_fields or field in ("data_items", "purposes", "unsure") or getattr(facts, field) is not None:
        return facts
    if field in facts.unsure:
        return facts
    return facts.model_copy(update={"unsure": [*facts.unsure, field]})


def _apply_zone(base: Facts, facts: Facts, extracted: Facts, low: str) -> Facts:
    plain = low.strip(" 。.!！")
    if plain in _ZONE_ANSWERS:
        zone = _ZONE_ANSWERS[plain]
        return base.model_copy(update={"registered_zone": zone, "other_ftz_name": base.other_ftz_name if zone == "other_ftz" else None})
    if extracted.registered_zone is not None:
        return base
    for label, zone in sorted(_ZONE_ANSWERS.items(), key=lambda kv: -len(kv[0])):
        if label in low:
            return base.model_copy(update={"registered_zone": zone})
    if re.fullmatch(rf"\s*(?:在|于)?\s*(?:{_CITIES_ZH}|{_CITIES_EN})(?:市|省|区)?\s*(?:注册)?\s*[。.!！]?\s*", low):
        return base.model_copy(update={"registered_zone": "outside", "other_ftz_name": None})  # "北京", "Hangzhou"
    yn = _yes_no(low)
    if yn is True:  # "是" to "在上海自贸试验区或临港新片区注册吗": Lingang is part of the Shanghai FTZ
        return base.model_copy(update={"registered_zone": "shanghai_ftz"})
    if yn is False:
        return base.model_copy(update={"registered_zone": "outside", "other_ftz_name": None})
    return base


_COUNT_FIELDS = {f for g in _COUNT_GROUPS.values() for f in g}


def _names_data_kind(text: str) -> bool:
    """Whether a reply says what kind of PI its figure counts ("2000人的健康信息", "不含敏感个人信息")."""
    t = _Text(text)
    return any(_find(t, pat) for pat in (_SENSITIVE, _PI, _NON_SENSITIVE_PI, _SENSITIVE_BARE))


def _apply_count(facts: Facts, extracted: Facts, key: str, text: str) -> Facts:
    count_f, bound_f, upper_f = _COUNT_GROUPS[key]
    sensitive = key.startswith("sensitive")
    none_sensitive = {"contains_sensitive_pi": False, count_f: None, bound_f: "exact", upper_f: None}
    if _NO_SENSITIVE_ANSWER.match(_lower_same_length(text)) or (_yes_no(text) is False and not re.search(r"\d", text)):
        base = merge_facts(facts, extracted)
        if sensitive:
            return base.model_copy(update=none_sensitive)
        return base.model_copy(update={count_f: 0, bound_f: "exact", upper_f: None})
    if _names_data_kind(text) and any(getattr(extracted, f) is not None for f in ("pi_count_ytd", "sensitive_pi_count_ytd")):
        # the reply says which count it is; extraction has put it in the right field (a figure with no person noun beside
        # the data named, "一万出头吧 就姓名手机号邮箱", answers the count that was asked, below)
        base = merge_facts(facts, extracted)
        if sensitive and extracted.contains_sensitive_pi is False:
            return base.model_copy(update=none_sensitive)
        return base
    # a bare figure ("约2000人", "150k") answers the question that was asked
    stripped = extracted.model_copy(update={f: Facts.model_fields[f].default for f in _COUNT_FIELDS})
    base = merge_facts(facts, stripped)
    parsed = parse_count(text)
    if parsed is None:
        return base
    value, bound, upper = _fact_count(parsed, "sensitive_pi" if sensitive else "pi")
    update: dict[str, Any] = {count_f: value, bound_f: bound, upper_f: upper}
    if parsed.low > 0:
        update["contains_sensitive_pi" if sensitive else "contains_pi"] = True
        update["contains_pi"] = True
    elif sensitive and bound == "exact" and value == 0:
        update["contains_sensitive_pi"] = False
    elif sensitive and parsed.high is not None and parsed.high > 0:
        # "不满1万人" offered beside "不含敏感个人信息": the asker has some sensitive PI, under the figure
        update["contains_sensitive_pi"] = True
        update["contains_pi"] = True
    return base.model_copy(update=update)


_SECTOR_ANSWERS = {
    "再保险": "reinsurance", "国际航运": "shipping", "航运": "shipping", "商贸": "trade", "气象": "meteorology",
    "其他行业": "other", "another field": "other", "other": "other", "其他": "other",
}  # fmt: skip


def _apply_sector(base: Facts, extracted: Facts, text: str) -> Facts:
    plain = text.strip(" 。.!！").lower()
    sector = _SECTOR_ANSWERS.get(plain) or extracted.sector
    if sector is None and _yes_no(plain) is None and re.search(r"[a-z\u4e00-\u9fff]", plain):
        sector = plain if 0 < len(plain) <= 40 else None  # a field in the user's words ("融资租赁")
    if sector is None:
        return base
    update: dict[str, Any] = {"sector": sector}
    if sector == "other":
        update["sector_list_published"] = False
    return base.model_copy(update=update)


def _apply_item_answer(base: Facts, index: int, field: str, text: str) -> Facts:
    items = [i.model_copy() for i in base.data_items]
    while len(items) <= index:
        items.append(DataItem(description=""))
    update: dict[str, Any] = {}
    if field == "list_item_id":
        m = _LIST_ITEM_ID.search(normalize_width(text))
        if m:
            update = {"list_item_id": m.group(1), "on_list": True}
        elif _yes_no(text) is False:
            update = {"list_item_id": None}
    elif field == "description":
        update = {"description": text}
    else:
        value = _yes_no(text)
        if field == "on_list":
            m = _LIST_ITEM_ID.search(normalize_width(text))
            if m and value is not False:
                update["list_item_id"] = m.group(1)
                value = True
        if value is not None:
            update[field] = value
            if field == "contains_sensitive_pi" and value:
                update["contains_pi"] = True
    items[index] = items[index].model_copy(update=update)
    return base.model_copy(update={"data_items": items})
