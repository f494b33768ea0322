"""``extract_facts(text, language=None) -> Facts``: every signal of one message, read by the modules beside
this one, into the Facts it states (and the keys the user said they are unsure of).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.facts.counts import _count_facts, adds_batch_of_unknown_size
from assistant.facts.items import _data_items, _item_flags
from assistant.facts.numbers import ParsedCount, find_counts
from assistant.facts.people import (
    MINOR_GROUP,
    _is_people_count,
    counts_as_floors,
    group_nouns,
    loose_ceilings,
)
from assistant.facts.places import (
    _BARE_FTZ,
    _EXPORT_AT,
    _ZONE_PATTERNS,
    _export_in_zone,
    _export_place_hedged,
    _zone_facts,
    _zone_mentions,
    export_place_open,
)
from assistant.facts.polarity import (
    Polarity,
    _content_flag,
    _find,
    _polarity,
    _rx,
    _sentences,
    _status_flag,
    _Text,
)
from assistant.facts.purposes import (
    _B2B,
    _HR_RULES,
    _INDIVIDUAL_PARTY,
    _P4_DOMESTIC,
    _P4_DOMESTIC_NEG_ONLY,
    _bind_purposes,
    _purpose_facts,
)
from assistant.facts.sensitive import (
    _ANON,
    _EXPORT_CONTROL,
    _IMPORTANT,
    _IMPORTANT_SELF,
    _NON_SENSITIVE_PI,
    _NOT_NOTIFIED,
    _PI,
    _PI_MASK,
    _PSEUDO,
    _SENSITIVE,
    _SENSITIVE_BARE,
    _SENSITIVE_MASK,
    _TREATY,
    _TRULY_ANON,
    _important_asserted,
    _important_hedged,
)
from assistant.facts.status import (
    _CIIO,
    _LIST_COVERED,
    _LIST_NOT_COVERED,
    _OFF_LIST,
    _ON_LIST,
    _ciio,
    _list_route,
    _on_list,
    _sector,
    ciio_doubted,
)
from assistant.models import DataItem, Facts, Language

# ------------------------------------------------------------------------------------------ extraction


# long because it is the one list of every signal, in the order they are read; each is a line or two that
# delegates to the module of its kind.
def extract_facts(text: str, language: Language | None = None) -> Facts:
    """Read what the question states about the export. Unknown facts stay None; nothing is guessed.

    ``language`` is accepted for the interface; Chinese and English patterns are always both applied, since
    questions mix them ("我们是CIIO吗").
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_facts expects str, got {type(text).__name__}")
    if language is not None and language not in ("zh", "en"):
        raise ValueError(f"language must be 'zh', 'en' or None, got {language!r}")
    t = _Text(text)
    if not t.low.strip():
        return Facts()
    values: dict[str, Any] = {}

    zone, other = _zone_facts(t)
    values["registered_zone"] = zone
    values["other_ftz_name"] = other if zone == "other_ftz" else None
    values["export_in_zone"] = _export_in_zone(t, zone)
    values["is_ciio"] = _ciio(t)
    values["sector"] = _sector(t)
    covered = [p for _, _, p in _find(t, _LIST_COVERED) if p != "unsure"]
    covered += ["neg" for _, _, p in _find(t, _LIST_NOT_COVERED) if p == "pos"]
    # M8 with M20¶3: one published list covering the field is enough, another FTZ's official list included, so a
    # statement that one covers it stands beside "上海的清单没有覆盖汽车".
    values["sector_list_published"] = True if "pos" in covered else _status_flag(covered)
    values["list_from_other_ftz"] = _list_from_other_ftz(t, zone)

    non_sens = _find(t, _NON_SENSITIVE_PI)
    mask = [(s, e) for s, e, _ in non_sens] + [(s, e) for s, e, _ in _find(t, _SENSITIVE_MASK)]
    sens = _find(t, _SENSITIVE, mask)
    anon_spans = [m.span() for m in _TRULY_ANON.finditer(t.low)]
    pi = _find(t, _PI, [(s, e) for s, e, _ in sens] + anon_spans + [m.span() for m in _PI_MASK.finditer(t.low)])
    pi_all = pi + [(s, e, "pos" if p == "pos" else p) for s, e, p in non_sens]
    # "非敏感个人信息" / "nothing sensitive" deny sensitive PI; a concrete sensitive mention still wins
    denials: list[Polarity] = ["neg" for _, _, p in non_sens if p == "pos"]
    taken = [(s, e) for s, e, _ in sens] + [(s, e) for s, e, _ in non_sens]
    denials += [p for _, _, p in _find(t, _SENSITIVE_BARE, taken) if p == "neg"]
    contains_sensitive = _content_flag([p for _, _, p in sens] + denials)
    contains_pi = _content_flag(p for _, _, p in pi_all)

    pseudo = _content_flag(p for _, _, p in _find(t, _PSEUDO))
    values["pseudonymised"] = pseudo
    if pseudo:
        contains_pi = True
    anon = [p for _, _, p in _find(t, _ANON)]
    if "pos" in anon and _TRULY_ANON.search(t.low) and contains_pi is not True and not pseudo:
        contains_pi = False

    important = []
    notice_denied = [m.start() for m in _NOT_NOTIFIED.finditer(t.low) if _polarity(t, m.start(), m.end()) != "unsure"]
    for s, e, p in _find(t, _IMPORTANT):
        if p == "pos" and _IMPORTANT_SELF.search(t.low[max(t.clause(s, e)[0], s - 20) : s]):
            p = "unsure"
        if p == "pos" and any(t.sentence(s)[0] <= d < s for d in notice_denied):
            p = "neg"  # "nobody has told us any of it is important data": the notice is denied
        if p == "pos" and not _important_asserted(t, s, e):
            continue
        important.append(p)
    values["important_data"] = _content_flag(important)
    if values["important_data"] is None and important and any(p == "pos" for _, _, p in _find(t, _NOT_NOTIFIED)):
        values["important_data"] = False
        important = [p for p in important if p != "unsure"]
    if values["important_data"] is None and _important_hedged(t):
        important = [*important, "unsure"]
    values["export_controlled"] = _content_flag(p for _, _, p in _find(t, _EXPORT_CONTROL))
    values["treaty_applies"] = _status_flag(p for _, _, p in _find(t, _TREATY) if p != "unsure")

    counts = _count_facts(t, sens, pi_all)
    values.update(counts)
    if adds_batch_of_unknown_size(text):
        counts_as_floors(values)  # "…another export went out but nobody recorded how many members were in it"
    if values.get("pi_count_ytd") is not None and _low_of(values, "pi") > 0:
        contains_pi = True if contains_pi is None else contains_pi or True
    if values.get("sensitive_pi_count_ytd") is not None:
        if _low_of(values, "sensitive_pi") > 0:
            contains_sensitive = True
        elif values["sensitive_pi_count_bound"] == "exact" and values["sensitive_pi_count_ytd"] == 0:
            contains_sensitive = False
    if contains_sensitive:
        contains_pi = True
    if contains_pi is False and contains_sensitive is None:
        contains_sensitive = False
    values["contains_pi"] = contains_pi
    values["contains_sensitive_pi"] = contains_sensitive
    people = [c for c in find_counts(t.raw) if _is_people_count(t, c)]  # read once for the three bounds below
    loose = {id(b) for b in loose_ceilings(t, people)}  # computed once, not per count
    people = [c for c in people if id(c) not in loose]
    values.update(_one_group_bound(t, values, sens, pi_all, people, known="sensitive_pi", missing="pi"))
    values.update(_one_group_bound(t, values, sens, pi_all, people, known="pi", missing="sensitive_pi"))
    values.update(_sensitive_group_bound(t, values, sens, people))
    values.update(_headcount_bound(t, values))

    values.update(_purpose_facts(t))
    items = _bind_purposes(t, _data_items(t), values.get("purposes", []))
    on_list = _on_list(t)
    per_part = _items_by_list_statement(t)
    if per_part:
        items, on_list = per_part, None  # each part's data is on or off the list as its own sentence says
    if on_list is not None:
        items = [i.model_copy(update={"on_list": on_list}) for i in items] or [DataItem(description="", on_list=on_list)]
        route = _list_route(t) if on_list else None
        if route is not None:
            items = [i.model_copy(update={"list_route": route}) for i in items]
    values["data_items"] = items
    values["unsure"] = [key for key in _unsure_keys(t, important) if values.get(key) is None]
    return _facts(values)


# The fields whose signals can be stated with doubt ("不确定是否属于关基", "not sure whether it is important data").
_UNSURE_SIGNALS: list[tuple[str, list[re.Pattern[str]]]] = [
    ("registered_zone", [*(pat for _, pat in _ZONE_PATTERNS), _BARE_FTZ]),
    ("export_in_zone", _EXPORT_AT),
    ("is_ciio", [_CIIO]),
    ("contains_pi", [_PI]),
    ("contains_sensitive_pi", [_SENSITIVE]),
    ("pseudonymised", [_PSEUDO]),
    ("export_controlled", [_EXPORT_CONTROL]),
    ("treaty_applies", [_TREATY]),
    ("hr_rules_lawful", [_HR_RULES]),
    ("individual_is_party", [_INDIVIDUAL_PARTY, _B2B]),
    ("domestic_data_added", [_P4_DOMESTIC, _P4_DOMESTIC_NEG_ONLY]),
    ("sector_list_published", [_LIST_COVERED, _LIST_NOT_COVERED]),
]


_MINORS_WORD = _rx(r"少儿|儿童|小朋友|未成年|幼儿|小学生|children|minors|kids|pupils")
# "部分员工的银行账号", "some of them": sensitive fields held for only part of the group.
_SOME_OF_THEM = _rx(
    r"部分|一些|少数|个别|有的|不确定|不知道|some\b|certain\b|a\s+few\b|part\s+of|where\s+(?:available|applicable)|if\s+any|optional|"
    r"how\s+many|not\s+sure|don'?t\s+know"
)
# "其中2000人", "of whom 300", "in addition": a part of a larger group whose size is not stated.
_PART_OF_MORE = re.compile(r"其中|另有|此外|以及其他|of\s+whom|of\s+them|among\s+them|in\s+addition|other\s+(?:customers|users|people)")


def _one_group_bound(t: _Text, values: dict[str, Any], sens: Sequence[tuple[int, int, Polarity]],
                     pi: Sequence[tuple[int, int, Polarity]], all_people: Sequence[ParsedCount], known: str, missing: str) -> dict[str, Any]:
    """One group of people counted once, whose data is partly sensitive: "names and ID card numbers of 1,200
    workers", "800名患者的病历" (the count was read as sensitive: `known` = "sensitive_pi", `missing` = "pi"), or
    "about 2,000 staff, including ID numbers and bank accounts" (read as non-sensitive: the other way round). The
    same people's other kind of PI is at most that many, so that count is bounded instead of left open (which
    would ask whether it reaches a legal cut point). Only when that count is the only people count, the group is
    not part of a larger one, and every mention of personal data is in its sentence or in a sentence that names
    that same group and no other."""
    if values.get(f"{missing}_count_ytd") is not None or values.get(f"{known}_count_ytd") is None:
        return {}
    if missing == "sensitive_pi" and not values.get("contains_sensitive_pi"):
        return {}
    people = all_people
    upper = values.get(f"{known}_count_upper")
    bounded = values.get(f"{known}_count_bound") in ("exact", "at_most", "under") or (values.get(f"{known}_count_bound") == "at_least" and upper)
    if len(people) != 1 or not bounded or _PART_OF_MORE.search(t.low):
        return {}
    ss, se = t.sentence_with_continuations(people[0].span[0])
    own = group_nouns(t.low[people[0].span[1] : min(se, people[0].span[1] + 12)])  # the noun the count counts
    for s, e, p in [*sens, *pi]:
        if p != "pos" or ss <= s < se:
            continue
        # a mention in another sentence may only describe the same people's data ("姓名已去掉，但保留了住院号，可对应回
        # 具体患者"); one that names no group or another group may be other people, so the count stays open
        os_, oe = t.sentence(s)
        named = group_nouns(t.low[os_:oe])
        if MINOR_GROUP in own and (named or _MINORS_WORD.search(t.low[s:e])):
            continue  # "今年大概三千五百个孩子" counts by age the pupils ("学员") or the 少儿 named elsewhere
        if named <= {MINOR_GROUP} and _MINORS_WORD.search(t.low[os_:oe]):
            continue  # "a tutoring platform for kids aged 8 to 12 … 6,500 of our students": the users' age, not other people
        if not own or not named or not named <= own:
            return {}
    bound = values[f"{known}_count_bound"]
    in_sentence = all(ss <= s < se for s, _, p in sens if p == "pos")
    if missing == "sensitive_pi" and bound == "exact" and in_sentence and not _SOME_OF_THEM.search(t.low):
        # "names and ID card numbers of 1,200 workers", "140,000 employees' salary data; includes bank account numbers":
        # the listed fields are each person's, so the sensitive count is the group's
        return {"sensitive_pi_count_ytd": values["pi_count_ytd"], "sensitive_pi_count_bound": "exact", "sensitive_pi_count_upper": None}
    if bound == "at_least":  # "小一万名患者": a range below 10,000, so the same people's other PI is under its upper end
        return {f"{missing}_count_ytd": upper, f"{missing}_count_bound": "under", f"{missing}_count_upper": None}
    return {f"{missing}_count_ytd": values[f"{known}_count_ytd"], f"{missing}_count_bound": "at_most" if bound == "exact" else bound,
            f"{missing}_count_upper": None}


# "a 250-person software company", "员工300人的企业": the size of the company bounds its employees
_HEADCOUNT = _rx(
    r"(?P<en>\d[\d,]*)\s*-?\s*(?:person|people|employee|staff|strong)\s+(?:[a-z-]+\s+){0,2}?(?:company|firm|business|startup|subsidiary|team|office)|"
    r"(?:company|firm|business|startup|subsidiary)\s+(?:of|with)\s+(?:about\s+|around\s+)?(?P<en2>\d[\d,]*)\s+(?:employees|staff|people)|"
    r"(?:员工|职工|雇员)(?:总数|人数)?(?:约|大约|共|有|仅)?(?P<zh>\d[\d,]*)(?:人|名)?(?:左右)?的?(?:公司|企业|团队)|(?P<zh2>\d[\d,]*)人(?:规模)?的(?:公司|企业|团队)"
)
_EMPLOYEE_DATA = _rx(r"员工|职工|雇员|人事|薪酬|工资|\bhr\b|payroll|employees?|staff|personnel|performance\s+ratings?|job\s+titles?")


def _headcount_bound(t: _Text, values: dict[str, Any]) -> dict[str, Any]:
    """Employees' data with no people count of its own, from a company whose size is stated: the people are at most
    the company's headcount (their non-sensitive PI and, when sensitive kinds are named, their sensitive PI)."""
    if values.get("pi_count_ytd") is not None or values.get("sensitive_pi_count_ytd") is not None or not _EMPLOYEE_DATA.search(t.low):
        return {}
    m = _HEADCOUNT.search(t.low)
    if m is None:
        return {}
    size = int((m.group("en") or m.group("en2") or m.group("zh") or m.group("zh2")).replace(",", ""))
    out: dict[str, Any] = {"pi_count_ytd": size, "pi_count_bound": "at_most", "pi_count_upper": None}
    if values.get("contains_sensitive_pi"):
        out.update(sensitive_pi_count_ytd=size, sensitive_pi_count_bound="at_most", sensitive_pi_count_upper=None)
    return out


def _sensitive_group_bound(t: _Text, values: dict[str, Any], sens: Sequence[tuple[int, int, Polarity]],
                           all_people: Sequence[ParsedCount]) -> dict[str, Any]:
    """Sensitive PI named only in one sentence that counts one group ("payroll data of our 2,000 employees,
    including bank account numbers; 150,000 customers' names and emails…"): those people's sensitive PI is at
    most that many, even when other sentences count other groups. Only when the sentence counts no other group
    and does not call its group part of a larger one."""
    if values.get("sensitive_pi_count_ytd") is not None or values.get("contains_sensitive_pi") is False:
        return {}
    # sensitive PI stated, or only possible ("only about 600 typed anything, and some may have written about their
    # illnesses"): either way at most the people of its sentence
    wanted = "pos" if values.get("contains_sensitive_pi") else "unsure"
    positive = [s for s, _, p in sens if p == wanted]
    if not positive:
        return {}
    ss, se = t.sentence_with_continuations(positive[0])
    if any(not (ss <= s < se) for s in positive) or _PART_OF_MORE.search(t.low[ss:se]):
        return {}
    people = [c for c in all_people if ss <= c.span[0] < se]
    if len(people) != 1 or people[0].bound not in ("exact", "at_most", "under"):
        return {}
    c = people[0]  # a people count, or records of them ("120 store managers' records incl. ID numbers"): at most that many
    return {"sensitive_pi_count_ytd": c.value, "sensitive_pi_count_bound": "at_most" if c.bound == "exact" else c.bound,
            "sensitive_pi_count_upper": None}


def _items_by_list_statement(t: _Text) -> list[DataItem]:
    """"The treaty summaries are not on the list; the claims files are on it, and that entry says security
    assessment": when the parts of a message (sentences, or clauses split by ；/;) place different data on and off
    the list, each part's data becomes its own item with its own list status and route. Otherwise nothing."""
    parts: list[tuple[int, int, bool]] = []
    for ss, se in _sentences(t):
        sub = _Text(t.raw[ss:se])
        status = _on_list(sub)
        if status is not None:
            parts.append((ss, se, status))
    if len({status for _, _, status in parts}) < 2:
        return []
    out: list[DataItem] = []
    for ss, se, status in parts:
        sub = _Text(t.raw[ss:se])
        inside = _data_items(sub)
        description = "、".join(i.description for i in inside) or _subject_of_list_statement(sub)
        item = _item_flags(description, t.raw[ss:se]).model_copy(update={"on_list": status})
        route = _list_route(sub) if status else None
        out.append(item.model_copy(update={"list_route": route}) if route else item)
    return out


def _subject_of_list_statement(sub: _Text) -> str:
    """The words before "(not) on the list" in a part: "Two datasets: the treaty summaries are" → "the treaty summaries"."""
    starts = [m.start() for pat in (_ON_LIST, _OFF_LIST) for m in pat.finditer(sub.low)]
    head = sub.raw[: min(starts)] if starts else sub.raw
    head = re.split(r"[:：]", head)[-1]
    head = re.sub(r"\s*(?:\b(?:are|is|were|was)\b|都|均|全部|也)?\s*$", "", head.strip(" ，,。；;"), flags=re.IGNORECASE)
    return head.strip(" ，,。；;")[:40]


def _list_from_other_ftz(t: _Text, zone: str | None) -> str | None:
    """M20¶3: a Shanghai-zone processor says another FTZ's list covers its field ("北京自贸区正式发布的负面清单覆盖了
    汽车领域", "the Beijing FTZ list covers our sector"): that FTZ's name, read from the clause of the statement."""
    if zone not in ("shanghai_ftz", "lingang"):
        return None
    for s, e, p in _find(t, _LIST_COVERED):
        if p != "pos":
            continue
        cs, ce = t.clause(s, e)
        names = {name for ms, _, z, name in _zone_mentions(t) if z == "other_ftz" and name and cs <= ms < ce}
        if len(names) == 1:
            return names.pop()
    return None


def _unsure_keys(t: _Text, important: Sequence[Polarity]) -> list[str]:
    keys = ["important_data"] if "unsure" in important else []
    if any(_export_place_hedged(t, m.start(), m.end()) for pat in _EXPORT_AT for m in pat.finditer(t.low)) or export_place_open(t):
        keys.append("export_in_zone")
    if ciio_doubted(t):
        keys.append("is_ciio")
    for key, patterns in _UNSURE_SIGNALS:
        if any(p == "unsure" for pat in patterns for _, _, p in _find(t, pat)):
            keys.append(key)
    return list(dict.fromkeys(keys))


def _facts(values: dict[str, Any]) -> Facts:
    """Build Facts from the stated values only, so ``model_fields_set`` names exactly what the text stated."""
    return Facts(**{k: v for k, v in values.items() if k in Facts.model_fields and v != Facts.model_fields[k].default and v != []})


def _low_of(values: dict[str, Any], prefix: str) -> int:
    count = values.get(f"{prefix}_count_ytd")
    bound = values.get(f"{prefix}_count_bound", "exact")
    if count is None or bound in ("under", "at_most"):
        return 0
    return int(count) + (1 if bound == "over" else 0)
