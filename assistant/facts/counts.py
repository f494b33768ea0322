"""Counts of people in the export (P7, P8): which numbers count people, of which kind, and how several counts add up
(numbers are parsed by :mod:`assistant.facts.numbers`). Documented decisions:

* Counts. A number counts people only when a person noun or measure word follows it (5万人, 15万名客户,
  500个新员工家属, 150k customers, 320k app members, 200,000 people's data) or a label precedes it (人数约15万,
  number of data subjects: …). An age is never a count ("12岁以下的小朋友", "不满14周岁", "aged 8–12", "children
  under 12", "18 years old"). "N条个人信息 / N records", 人次, "N单", "N orders" bound the people from above (``at_most``)
  unless a further batch counts persons ("700k customer records … another 550k customers"). A count is a sensitive-PI count when a sensitive signal sits in its
  own phrase ("其中2000人的健康信息", "病历涉及3000人"); otherwise it is the non-sensitive count
  ("5万名员工的信息"); when its own phrase names no data, the rest of the sentence decides ("一名员工突发重病，
  需要把他的病历发给医院" → sensitive); a further batch that names no data ("再传500个", "another 2,000") is of the
  kind of the batch it continues. Several counts of the same kind in the year **add up** (P7/P8 count since 1
  January; S4¶2 forbids splitting a volume): batches ("3月6万名，8月还要再传5万名"), contracts, recipients, a
  planned batch later this year, and different groups ("员工5万人、客户10万人" → 150,000, the stricter reading:
  the groups may overlap but need not), exactly, or as a range when a figure is a range or open ("超过5万" + 3万 →
  at least 80,001). Not added: a part of another count (其中 / of whom / including / "3,000 of them" /
  "分两批：第一批…" and the parts after it in the sentence), the same people again ("这5万名客户", "the same 40,000
  members", "是同一批人"), the figures a total sums up ("…，合计5万人"), a bracketed refinement, and the counts
  below. "分三批，每批约4万人" is 120,000. A lower bound capped in the same sentence ("well over a hundred
  thousand guests … but nowhere near a million", "超过10万，但远不到100万") is one range. Figures quoted from rules ("办法说不满100万人",
  "I read that 100,000 people triggers…"), figures in a general question ("请问10万人以上需要…吗？") and volumes
  held rather than sent ("处理了300万人……只向境外提供了20万人") are not the export's count. "没有其他个人信息" /
  "nothing else" beside a sensitive count sets the non-sensitive count to 0. Per-month / per-day figures
  ("每月2万人") are read as ``at_least`` that figure and multi-year totals ("近三年累计50万人") as ``at_most``, both
  with ``counts_since_jan1=False``; 今年以来 / 自1月1日起累计 / "since 1 January" / "this year" set
  ``counts_since_jan1=True``; counts without a period are still used (the field stays None). A last-year figure
  is kept as stated with ``counts_since_jan1=False`` — unless this year's figure is also given ("去年50万人，今年
  1月1日以来只提供了3万人"), which then is the count (a bare "only 30,000" beside a people count counts people). Bounds and ranges follow :mod:`assistant.numbers`
  (以上/以下 include the number, 民法典 第1259条); a range becomes (low, ``at_least``, exclusive upper) in the
  ``*_count_upper`` fields. An estimate that lands exactly on a legal cut point ("约10万人", "about 1 million",
  "大约1万人" of sensitive PI) is widened by a tenth either way (90,000–110,000), so the rules ask which side
  it is on instead of deciding on a round number. A message that is only a figure ("大约3000人", "about 3,000 people") names no kind of
  data, so ``extract_facts`` leaves it alone and ``apply_answer`` gives it to the count that was asked.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any

from assistant.facts.numbers import (
    ParsedCount,
    as_fact_count,
    find_counts,
    parse_number,
)
from assistant.facts.people import (
    _BATCH_COUNT,
    _NEW_EACH_PERIOD,
    _PER_BATCH,
    _PER_PERIOD,
    _PER_PERIOD_AFTER,
    _PERIOD_MULTI,
    _PERIOD_NEXT,
    _PERIOD_OTHER,
    _PERIOD_PAST,
    _PERIOD_YTD,
    _PERSON_AFTER,
    _RECORDS_AFTER,
    PERIODS_PER_YEAR,
    _base_noun,
    _count_is_sensitive,
    _declared_sensitive_kinds,
    _is_age,
    _is_people_count,
    loose_ceilings,
)
from assistant.facts.places import _general_question
from assistant.facts.polarity import Polarity, _polarity, _rx, _Text
from assistant.models import CountBound

# The national volume cut points (P5(4), P7, P8): an estimate that lands exactly on one ("约10万人") cannot tell
# which side it is on, so it is widened by a tenth either way and the rules ask.
_CUTS = {"pi": (100_000, 1_000_000), "sensitive_pi": (10_000,)}


def _fact_count(count: ParsedCount, prefix: str) -> tuple[int, CountBound, int | None]:
    if count.approximate and not count.is_range and count.bound == "exact" and count.value in _CUTS[prefix]:
        return (count.value - count.value // 10, "at_least", count.value + count.value // 10 + 1)
    if count.approximate and not count.is_range and count.value >= 10 and (count.bound == "under" or (count.bound == "over" and count.high is None)):
        # "a bit over 10k" / "nearly a million", "将近10万": close to the figure, read (like an estimate) to a tenth of it
        v = count.value
        return (v + 1, "at_least", v + v // 10 + 1) if count.bound == "over" else (v - v // 10, "at_least", v)
    return as_fact_count(count)


def _combine(group: list[tuple[int, int | None, ParsedCount | None, bool]], prefix: str = "pi") -> tuple[int, CountBound, int | None] | None:
    """Several counts of one kind add up: P7/P8 count people since 1 January and S4¶2 forbids splitting a volume
    into batches, so batches, contracts and recipients in the same year are summed (``_count_relations`` has
    already dropped a part of another count, a restatement of the same people, a figure held rather than sent
    and one from another period). Different groups ("员工5万人、客户10万人") add up too: the stricter reading,
    since an employee may be a customer but need not be. Each entry is (low, high, the count as stated,
    approximate); the sum's interval is the sum of the intervals. A sum of estimates is taken as the figure
    (like one estimate) and widened when it lands exactly on a cut point."""
    if not group:
        return None
    if len(group) == 1 and group[0][2] is not None:
        return _fact_count(group[0][2], prefix)  # one figure: keep its bound as stated
    lo = sum(g[0] for g in group)
    highs = [g[1] for g in group]
    if any(h is None for h in highs):
        return (lo, "at_least", None)
    hi = sum(h for h in highs if h is not None)
    if lo == hi:
        if len(group) > 1 and any(g[3] for g in group) and lo in _CUTS[prefix]:
            return (lo - lo // 10, "at_least", lo + lo // 10 + 1)
        return (lo, "exact", None)
    if lo <= 0:
        return (hi, "at_most", None)
    return (lo, "at_least", hi + 1)


# How counts of one kind relate to each other (SPEC §3a): they add up unless the text says otherwise.
# A part of another count: "其中3000人", "of whom 2,000", "including 500 minors", "3,000 of them".
_PART_GAP = _rx(
    r"其中|当中|这其中|之中|of\s+(?:whom|which|them|these|those)\b|among\s+(?:them|whom|these|those)\b|"
    r"out\s+of\s+(?:whom|which|these|those)\b|分(?:[两二三四五六七八九十几\d]+)(?:批|次|个批次)|分别(?:为|是)?|"
    r"\b(?:in|across)\s+(?:two|three|four|five|several|\d+)\s+(?:batches|transfers|tranches|rounds)\b|split\s+(?:into|across|between)|"
    r"broken\s+down|breakdown"
)
_PART_NEAR = _rx(r"(?:中有|中包括|中的|包括|包含|内含|含|including|incl\.?)\s*(?:约|大约|有|了|about|around|some)?\s*$")
_PART_AFTER = _rx(r"^\s*(?:[a-z-]+\s+){0,2}?(?:of|out\s+of|among)\s+(?:them|these|those|whom|the\s+above)\b")
# The same people again: "这5万名客户", "the same 50,000 customers", "（是同一批人）".
_SAME_NEAR = _rx(r"(?:这|那|这些|那些|上述|前述|该|同一批|同样的?|相同的?|这批|那批|the\s+same|these|those|said|the\s+above)\s*(?:约|大约|about)?\s*$")
_SAME_CLAUSE = _rx(
    r"(?<!不是)(?<!并非)(?<!不)同一批|(?<!不是)(?<!不)同一群|(?<!不)(?:是)?(?:同样|相同)的(?:人|一批|客户|用户|会员|员工)|"
    r"(?<!not\s)(?<!not\sthe\s)\bthe\s+same\s+(?:people|persons|individuals|customers|users|members|employees|patients|group|ones)\b"
)
# A total of the figures before it: "合计15万人", "150,000 in total".
_TOTAL_NEAR = _rx(
    r"(?:合计|总计|共计|一共|总共|加起来|加在一起|累计共?|in\s+total|altogether|combined|a\s+total\s+of|total(?:l?ing)?|overall)"
    r"\s*(?:约|大约|有|是|为|达|了|:|：|of|about|around|approximately)?\s*$"
)
_TOTAL_AFTER = _rx(r"^\s*(?:人|名|位)?\s*(?:[a-z-]+\s+){0,2}?(?:in\s+total|altogether|combined|overall)\b")
# "another 550k customers", "再传5万名", "又传了7万名", "additional 2,000 patients": a further batch.
# "Q1 we sent 40k customers, Q2 35k, Q3 30k", "二季度3万", "5月份又2万": a figure under the next period label of the same
# year continues the batches (they add up, S4¶2).
# "40,000 people in Q1, 45,000 in Q2": the period after a bare figure
_PERIOD_LABEL_AFTER = _rx(
    r"^\s*(?:people\s+|persons\s+|customers\s+|users\s+)?(?:in|during|for)\s+(?:q[1-4]\b|the\s+(?:first|second|third|fourth|last)\s+(?:quarter|half)|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b)"
)
_PERIOD_LABEL_NEAR = _rx(
    r"(?:\bq[1-4]|第?[一二三四1-4]季度|(?:[一二三四五六七八九十]|1[0-2]|[1-9])月份?|上半年|下半年|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|(?:first|second|third|fourth)\s+quarter)\s*[:：,，]?\s*$"
)
_ADDITIVE_NEAR = _rx(r"(?:再|又|另外|另|还要|还有|新增|追加|additional|another|further|extra|a\s+second|\badd(?:s|ing)?\b)[^，,。;；]{0,12}$")
_ADDITIVE_AFTER = _rx(r"^\s*more\b")
_RESTATED_AS_PEOPLE = _rx(
    r"去重|排重|剔除重复|实际(?:人数|涉及)|其实是|折合|对应(?:的)?(?:人数|自然人)|\bunique\b|\bdistinct\b|de-?dup\w*|"
    r"individual\s+(?:people|persons|customers|users)|actual\s+(?:people|persons|number\s+of\s+people)"
)
# An upper bound that caps a lower one ("well over 100,000 guests … but nowhere near a million", "十几万人，但不到
# 20万"): one range, not two groups.
_CAP_GAP = _rx(r"但|不过|可是|然而|而且|也|还|\bbut\b|\byet\b|\bthough\b|\balthough\b|\bhowever\b|\bstill\b|\band\b")


_GENERIC_PERSON = {"人", "名", "位", "people", "persons", "individuals"}


_BATCH_OR_PERIOD = _rx(
    r"q[1-4]|quarter|季度|[一二三四五六七八九十\d]+月|month|half|上半年|下半年|batch|批|first|second|third|fourth|another|again|"
    r"per\s+(?:year|month)|each|every|每"
)


def _restates_not(t: _Text, b: ParsedCount) -> bool:
    """A figure that adds (再, another), or carries a batch or period of its own ("45,000 in Q2", "二季度3万")."""
    before, after = t.low[max(0, b.span[0] - 24) : b.span[0]], t.low[b.span[1] : b.span[1] + 16]
    return bool(_ADDITIVE_NEAR.search(before) or _ADDITIVE_AFTER.match(t.low[b.span[1] :]) or _BATCH_OR_PERIOD.search(before[-10:])
                or _BATCH_OR_PERIOD.search(after))


def _loose_interval(c: ParsedCount) -> tuple[int, int | None]:
    """The figure's interval, an estimate ("约10万") widened by a tenth each way."""
    if c.approximate and c.low == c.high and c.high is not None:
        return (c.low - c.low // 10, c.high + c.high // 10)
    return (c.low, c.high)


def _noun_after(t: _Text, c: ParsedCount) -> str | None:
    m = _PERSON_AFTER.match(t.low[c.span[1] : c.span[1] + 60])
    return m.group(0).strip() if m else None


def _generic_or_same_noun(t: _Text, a: ParsedCount, b: ParsedCount) -> bool:
    """Whether `b` names no person kind of its own ("不到20万", "a million", "20万人") or the same as `a`."""
    noun = _noun_after(t, b)
    return noun is None or noun in _GENERIC_PERSON or noun == _noun_after(t, a)


def _caps(t: _Text, found: Sequence[ParsedCount], people: list[tuple[ParsedCount, str]]) -> list[tuple[ParsedCount, str]]:
    """An upper bound on the figure before it, in the same sentence, narrows that figure instead of adding to
    it: "well over 100,000 guests … but nowhere near a million", "十几万人，100万都不到". The upper bound either
    names no person kind of its own, or follows a contrast (but / 但) and names the same kind or a generic one."""
    out: list[tuple[ParsedCount, str]] = []
    skip: set[int] = set()
    ordered = sorted(found, key=lambda c: c.span)
    for c, kind in people:
        if id(c) in skip:
            continue
        nxt = next((o for o in ordered if o.span[0] >= c.span[1]), None)
        if (
            nxt is not None and kind == "people" and c.low > 0
            and nxt.bound in ("under", "at_most") and not nxt.is_range and nxt.high is not None and nxt.high >= c.low
            and t.sentence(c.span[0]) == t.sentence(nxt.span[0]) and nxt.span[0] - c.span[1] <= 80
            and not _RECORDS_AFTER.match(t.low[nxt.span[1] : nxt.span[1] + 40])
            and (
                _noun_after(t, nxt) is None
                or (_CAP_GAP.search(t.low[c.span[1] : nxt.span[0]]) and _generic_or_same_noun(t, c, nxt))
            )
        ):
            start, end = c.span[0], nxt.span[1]
            high = nxt.high if c.high is None else min(c.high, nxt.high)
            merged = ParsedCount(
                value=c.low, bound="exact", low=c.low, high=high, is_range=True, approximate=c.approximate,
                span=(start, end), text=t.raw[start:end],
            )  # fmt: skip
            out.append((merged, kind))
            skip.add(id(nxt))
            continue
        out.append((c, kind))
    return [(c, kind) for c, kind in out if id(c) not in skip]


def _count_relations(t: _Text, people: list[tuple[ParsedCount, str, bool]]) -> list[tuple[ParsedCount, str, bool, int]]:
    """Drop the counts that do not add to the others of their kind: a part of the count before it (其中 / of
    whom / including / 分两批：第一批…), the same people again (这5万人 / the same customers), and the figures a
    total sums up (…，合计15万人). Each entry is (count, kind, sensitive); each kept one gets a floor: a part
    dropped into it says the whole is at least that large ("30万单……其中约12万名买家" → 120,000–300,000). Once a
    part is named, the counts after it in the same sentence are parts too ("其中VIP 3000人，普通会员2000人")
    until a new batch is announced."""
    kept: list[tuple[ParsedCount, str, bool, int]] = []
    whole: int | None = None  # index in `kept` of the count the current parts belong to
    prev_end = 0
    for c, kind, sens in people:
        start, end = c.span
        cs, ce = t.clause(start, end)
        gap = t.low[prev_end:start]
        prev_end = end
        near = t.low[max(cs, start - 16) : start]
        after = t.low[end : end + 40]
        same_kind = [k for k in kept if k[2] == sens]
        additive = bool(_ADDITIVE_NEAR.search(t.low[max(cs, start - 24) : start]) or _ADDITIVE_AFTER.match(after))
        if whole is not None and (additive or t.sentence(start) != t.sentence(kept[whole][0].span[1])):
            whole = None
        if same_kind and (_TOTAL_NEAR.search(near) or _TOTAL_AFTER.match(after)) and all(c.low >= k[0].low for k in same_kind):
            kept = [k for k in kept if k[2] != sens]
            whole = None
        elif kept and (whole is not None or (_PART_GAP.search(gap) and t.sentence(start) == t.sentence(kept[-1][0].span[0]))
                       or _PART_NEAR.search(near) or _PART_AFTER.match(after)):
            whole = len(kept) - 1 if whole is None else whole
            w = kept[whole]
            if w[2] == sens:
                # a part of the count before it, already counted there; the parts together bound it from below
                kept[whole] = (w[0], w[1], w[2], w[3] + c.low)
                continue
        elif same_kind and (_SAME_NEAR.search(t.low[max(cs, start - 12) : start]) or _SAME_CLAUSE.search(t.low[cs:ce])):
            continue
        kept.append((c, kind, sens, 0))
    return kept


_QUOTE_CUES = _rx(
    r"办法说|规定说|规定|标准合同办法|听说|据说|看到|门槛|阈值|以前|旧规|如果超过|"
    r"\bi\s+(?:read|heard|saw)\b|\bheard\b|threshold|triggers?\b|the\s+rules?\s+says?|according\s+to|used\s+to"
)
# A figure inside a rule's wording as the user quotes it ("they say the SCC route applies if you've transferred PI of
# fewer than 100,000 people since 1 January"): a cut point of the rule however it is dated, never the asker's count.
_RULE_WORDING = _rx(
    r"(?:they|it|the\s+(?:measures|provisions|rules?|law|article|regulations?))\s+(?:say|says|said|states?|provides?)\b|"
    r"\bif\s+you(?:'ve|\s+have)\b|\bi'?m\s+reading\b|办法(?:里|中)?(?:说|规定)|规定(?:里|中)?说|条文(?:里|中)?(?:说|写)"
)
_EXPORT_VERBS = _rx(
    r"向境外|出境|传输|传给|传到|传至|传往|传过去|发过去|传出去|发出去|发送|发给|发往|提供给|提供了|共享|回传|同步|"
    r"\b(?:send|sends|sending|sent|transfer\w*|export\w*|shar(?:e|es|ed|ing)|provid(?:e|es|ed|ing)|mov(?:e|ed|ing)|upload\w*)\b"
)
_HELD_VERBS = _rx(r"处理了|处理的|持有|存储|拥有|收集了|保存|库里|(?:我们|公司|我司|本公司|共|总共|一共)有|\b(?:hold|holds|held|process|processes|processed|store|stores|stored|collect\w*|database)\b")
_NO_OTHER_PI = _rx(
    r"(?:没有|无|不含|不涉及)其他(?:的)?个人信息|除此之外(?:没有|无|不涉及)|此外(?:没有|无)其他|"
    r"no\s+other\s+personal\s+(?:data|information)|nothing\s+else|no\s+other\s+(?:data|information)"
)


_MONTH_BEFORE = _rx(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s*$|\d\s*(?:月|/|-)\s*$"
)


_MONTH_AFTER = _rx(
    r"^\s*(?:(?:st|nd|rd|th)(?![a-z])|日|号|月|年|(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?![a-z]))"
)


def _date_like(t: _Text, c: ParsedCount) -> bool:
    """"since January 1", "1月1日", "6/30": a day of the month, not a count."""
    start, end = c.span
    return bool(_MONTH_BEFORE.search(t.low[max(0, start - 12) : start]) or _MONTH_AFTER.match(t.low[end : end + 12]))


# Where one count's phrase ends and the next one's begins, inside a clause: "800,000 customers last year | and
# 60,000 this year", "Last year we sent 800k | and this year only 60k".
_PHRASE_BOUNDARY = _rx(r"\b(?:and|but|while|whereas|then|plus|yet)\b|而|但|和|及|以及|又|再|另外|还")


def _phrases(t: _Text, counts: Sequence[ParsedCount]) -> list[tuple[int, int]]:
    """For each count (in text order), the part of its clause that belongs to it rather than to a neighbour:
    split at the last conjunction between two counts, else right after the first count's person noun."""
    out = [t.clause(*c.span) for c in counts]
    for i in range(1, len(counts)):
        a, c = counts[i - 1], counts[i]
        if out[i - 1][0] != out[i][0] or a.span[1] > c.span[0]:
            continue
        between = t.low[a.span[1] : c.span[0]]
        marks = list(_PHRASE_BOUNDARY.finditer(between))
        if marks:
            left, right = a.span[1] + marks[-1].start(), a.span[1] + marks[-1].end()
        else:
            noun = _PERSON_AFTER.match(between)
            left = right = a.span[1] + (noun.end() if noun else 0)
        out[i - 1] = (out[i - 1][0], left)
        out[i] = (right, out[i][1])
    return out


def _relevant_people(t: _Text, people: list[tuple[ParsedCount, str]]) -> list[tuple[ParsedCount, str]]:
    """Drop figures quoted from rules ("办法说不满100万人"), volumes held but not exported when an exported
    figure is also given ("处理了300万人……只向境外提供了20万人"), last year's figures when this year's is given
    and next year's beside this year's. Each count is read in its own phrase, or its clause when the phrase says
    nothing about it."""
    kept = []
    exported = []
    phrases = _phrases(t, [c for c, _ in people])
    for (c, what), (ps, pe) in zip(people, phrases, strict=True):
        cs, ce = t.clause(*c.span)
        ss, se = t.sentence(c.span[0])
        if _QUOTE_CUES.search(t.low[ss:se]) and not re.search(r"今年|已经|已|this\s+year|since|we\s+(?:have|sent)", t.low[cs:ce]):
            continue
        if _RULE_WORDING.search(t.low[ss:se]) and not re.search(r"\bwe\b|\bour\b|我们|我司", t.low[cs:ce]):
            continue
        sentence = t.low[ss:se]
        if _general_question(t, c.span[0]) and not _EXPORT_VERBS.search(sentence) and not _PERIOD_YTD.search(sentence):
            continue  # "请问10万人以上需要签标准合同吗？" asks about the rule, not about the asker's figure
        phrase = t.low[ps:pe]
        verbs = phrase if _EXPORT_VERBS.search(phrase) or _HELD_VERBS.search(phrase) else t.low[cs:ce]
        exported.append(bool(_EXPORT_VERBS.search(verbs)) and not _HELD_VERBS.search(verbs))
        # the period said in the count's phrase, else its clause, else earlier in its sentence ("This year, since
        # January 1, we've exported only 60k")
        when = next(
            (w for w in (phrase, t.low[cs:ce], t.low[ss : c.span[0]]) if any(p.search(w) for p in (_PERIOD_YTD, _PERIOD_PAST, _PERIOD_NEXT))),
            "",
        )
        period = (
            "ytd" if _PERIOD_YTD.search(when) else "past" if _PERIOD_PAST.search(when) else "next" if _PERIOD_NEXT.search(when) else ""
        )
        kept.append((c, what, bool(_HELD_VERBS.search(verbs)) and not _EXPORT_VERBS.search(verbs), period))
    if any(exported):
        kept = [k for k in kept if not k[2]]
    # "去年50万人，今年1月1日以来只提供了3万人": the count that matters is this year's
    if any(k[3] == "ytd" for k in kept):
        kept = [k for k in kept if k[3] != "past"]
    # "今年传5万人，明年还要传8万人": next year's batch counts towards next year's volume, not this year's
    if any(k[3] != "next" for k in kept):
        kept = [k for k in kept if k[3] != "next"]
    return [(c, what) for c, what, _, _ in kept]


# A bare figure ends its phrase ("this year only 60k.", "第一批8万，"), unlike "一季度", "两批", "one covering".
_BARE_FIGURE_END = _rx(
    r"^\s*(?:$|[，,。.;；!?！？()（）、:：]|(?:so\s+far|in\s+total|altogether|more|only|this\s+year|since|by|until)\b|"
    r"(?:左右|上下|余|多|以上|以下|而已|罢了|了|吧|人|名|位))"
)


_BARE_FIGURE_FILLER = _rx(
    r"(?:大约|大概|约|左右|上下|差不多|估计|人次|个人|人|名|位|今年以来|今年|本年度|累计|共计|一共|总共|合计|共|是|有|吧|"
    r"about|around|approximately|approx\.?|roughly|some|people|persons|individuals|in\s+total|total|this\s+year|so\s+far|"
    r"since\s+(?:1\s+)?january(?:\s+1)?|ytd|maybe|i\s+think|we\s+have|it's|it\s+is|[\s\W_])*"
)


def _bare_figure(t: _Text, found: Sequence[ParsedCount]) -> bool:
    """A reply that is only a figure ("大约3000人", "about 3,000 people") names no kind of data: the count is left
    to ``apply_answer``, which gives it to the question that was asked."""
    if len(found) != 1 or len(t.low) > 60:
        return False
    start, end = found[0].span
    rest = t.low[:start] + " " + t.low[end:]
    return bool(_BARE_FIGURE_FILLER.fullmatch(rest))


# long because the counts of one message are read in one pass — which are people, of which kind, how they relate
# (a part, the same people, a total) and how the rest add up — each step feeding the next.
def _count_facts(t: _Text, sens: list[tuple[int, int, Polarity]], pi: list[tuple[int, int, Polarity]]) -> dict[str, Any]:
    found = find_counts(t.raw)  # t.raw is already cut to MAX_TEXT
    if _bare_figure(t, found):
        return {}
    people: list[tuple[ParsedCount, str]] = []
    for c in found:
        what = _is_people_count(t, c)
        if what:
            people.append((c, what))
    if people:
        # "…500,000 people; since 1 January this year only 30,000": a bare figure beside a people count, in a
        # clause that gives this year's period, counts the same people
        # "…; next quarter another 4,000": a bare figure that continues a batch counts the same unit
        first = min(p.span[0] for p, _ in people)
        for c in found:
            cs, ce = t.clause(*c.span)
            near = t.low[max(cs, c.span[0] - 24) : c.span[0]]
            continues = c.span[0] > first and bool(
                _ADDITIVE_NEAR.search(near) or _PERIOD_LABEL_NEAR.search(near) or _PERIOD_LABEL_AFTER.match(t.low[c.span[1] :])
            )
            ytd_before = _PERIOD_YTD.search(t.low[cs:ce]) or _PERIOD_YTD.search(t.low[t.sentence(c.span[0])[0] : c.span[0]])
            if all(c is not p for p, _ in people) and (ytd_before or continues) and not _date_like(t, c) and not re.match(
                r"^\s*(?:年|月|日|号|%|元|万元|家|个|条|次|days?|years?|months?)", t.low[c.span[1] : c.span[1] + 8]
            ) and not re.search(r"(?:20\d\d|19\d\d)", c.text) and not _is_age(t, c) and (
                _BARE_FIGURE_END.match(t.low[c.span[1] : c.span[1] + 16]) or _PERIOD_LABEL_AFTER.match(t.low[c.span[1] :])
            ):
                people.append((c, "people"))
        people.sort(key=lambda cw: cw[0].span)
    people = _relevant_people(t, people)
    out: dict[str, Any] = {}
    if not people:
        return out
    plain: list[tuple[int, int | None, ParsedCount | None, bool]] = []
    sensitive: list[tuple[int, int | None, ParsedCount | None, bool]] = []
    per_period = annualized = False
    all_people = [c for c, _ in people]
    # "不到1万人的敏感个人信息（约3000人）": a figure in brackets right after a looser one states the same group
    # more precisely, so the looser one is dropped instead of being added to it.
    refined = {
        id(a) for a, b in itertools.pairwise(all_people)
        if re.search(r"[（(][^，,。；;（(）)]*$", t.low[a.span[1] : b.span[0]])
        and a.low <= b.low and (a.high is None or (b.high is not None and b.high <= a.high))
    }
    # "近百万用户……没到100万，大概九十六七万", "约10万用户，大概9.8万": a bare figure (no person noun, no additive word,
    # no batch or period of its own) inside a looser figure before it in the sentence restates the same group
    for j, b in enumerate(all_people):
        if _noun_after(t, b) is not None or b.high is None or _restates_not(t, b):
            continue
        for a in all_people[:j]:
            lo, hi = _loose_interval(a)
            # an open floor too: "well over a hundred thousand players, roughly 250k since January"
            if t.sentence(a.span[0]) == t.sentence(b.span[0]) and lo <= b.low and (hi is None or b.high <= hi):
                refined.add(id(a))
    refined |= {id(b) for b in loose_ceilings(t, all_people) if not _restates_not(t, b)}
    people = [(c, kind) for c, kind in people if id(c) not in refined]
    # "约20万人次，去重后是7万名会员", "1.2m visits from 300k unique users": visits or records restated as the people
    # behind them; the people count replaces them instead of adding to them
    restated = {
        id(a) for (a, ka), (b, kb) in itertools.pairwise(people)
        if ka == "at_most" and kb == "people" and _RESTATED_AS_PEOPLE.search(t.low[a.span[1] : b.span[1] + 16])
    }
    people = [(c, kind) for c, kind in people if id(c) not in restated]
    people = _caps(t, found, people)
    # "700k customer records … another 550k customers": the further batch counts the same unit, so the records
    # before it were customers too
    for i in range(1, len(people)):
        prev, (c, kind) = people[i - 1], people[i]
        if kind == "people" and prev[1] == "at_most" and "人次" not in t.low[prev[0].span[0] : prev[0].span[1] + 4] and (
            _ADDITIVE_NEAR.search(t.low[max(0, c.span[0] - 24) : c.span[0]]) or _ADDITIVE_AFTER.match(t.low[c.span[1] :])
        ) and _noun_after(t, c) not in (None, *_GENERIC_PERSON) and not (
            _PART_GAP.search(t.low[prev[0].span[1] : c.span[0]]) or _PART_AFTER.match(t.low[c.span[1] : c.span[1] + 40])
        ):
            people[i - 1] = (prev[0], "people")
    all_people = [c for c, _ in people]
    kinds: list[tuple[ParsedCount, str, bool]] = []
    declared = _declared_sensitive_kinds(t, sens)
    for c, kind in people:
        continues = bool(kinds) and bool(
            _ADDITIVE_NEAR.search(t.low[max(t.clause(*c.span)[0], c.span[0] - 24) : c.span[0]]) or _ADDITIVE_AFTER.match(t.low[c.span[1] :])
        )
        kinds.append((c, kind, _count_is_sensitive(t, c, all_people, sens, pi, kinds[-1][2] if continues else None, declared)))
    related = _count_relations(t, kinds)
    for c, kind, is_sensitive, floor in related:
        lo, hi = c.low, c.high
        as_stated: ParsedCount | None = c
        if kind == "at_most":
            lo, as_stated = 0, None  # records or 人次: the people are at most that many
        before = t.low[max(0, c.span[0] - 16) : c.span[0]]
        period = _PER_PERIOD.search(before) or _PER_PERIOD_AFTER.match(t.low[c.span[1] : c.span[1] + 40])
        if period:
            periods = _periods_of_new_people(t, c, period.group(0))
            if periods:  # new people each period, all year: the periods add up to the year's figure
                lo, hi, as_stated = lo * periods, (hi * periods if hi is not None else None), None
                annualized = True
            else:
                hi, as_stated = None, None  # a month's figure: the year's is at least that
                per_period = True
        elif _PER_BATCH.search(before):  # ("each month" is a period, above, not a batch)
            ss, se = t.sentence(c.span[0])
            m = _BATCH_COUNT.search(t.low[ss:se])
            n = parse_number(m.group("zh") or m.group("en") or m.group("zh2")) if m else None
            lo, hi, as_stated = lo * (n or 1), (hi * n if n and hi is not None else None), None
        cs, ce = t.clause(*c.span)
        if _PERIOD_MULTI.search(t.low[max(0, cs - 1) : ce]):
            lo, as_stated = 0, None  # "近三年累计50万人": this year's figure is at most that
            per_period = True
        if floor > lo:
            lo, as_stated = (floor if hi is None else min(floor, hi)), None
        entry = (lo, hi, as_stated, c.approximate)
        (sensitive if is_sensitive else plain).append(entry)
    for prefix, group in (("pi", plain), ("sensitive_pi", sensitive)):
        combined = _combine(group, prefix)
        if combined is not None:
            value, bound, upper = combined
            out[f"{prefix}_count_ytd"] = value
            out[f"{prefix}_count_bound"] = bound
            out[f"{prefix}_count_upper"] = upper
    # "没有其他个人信息出境"; or every count is of people the text says are of a sensitive kind ("学员都是12岁以下的
    # 小朋友"): all their PI is sensitive, so no non-sensitive PI of theirs is sent
    only_declared = bool(declared) and all(_base_noun(t, c) in declared for c, _, _, _ in related)
    if "sensitive_pi_count_ytd" in out and "pi_count_ytd" not in out and (only_declared or any(
        _polarity(t, m.start(), m.end()) != "unsure" for m in _NO_OTHER_PI.finditer(t.low)
    )):
        out.update(pi_count_ytd=0, pi_count_bound="exact", pi_count_upper=None)
    if per_period:
        out["counts_since_jan1"] = False
    elif annualized:
        out["counts_since_jan1"] = True  # the periods of the year added up are the year's figure
    elif any(_polarity(t, m.start(), m.end()) != "unsure" for m in _PERIOD_YTD.finditer(t.low)):
        out["counts_since_jan1"] = True
    elif any(_PERIOD_OTHER.search(t.low[slice(*t.sentence(c.span[0]))]) for c, _, _, _ in related):
        out["counts_since_jan1"] = False  # a period in a count's own sentence ("员工手册是去年更新的" dates the handbook, not the count)
    return out


def _periods_of_new_people(t: _Text, c: ParsedCount, period_words: str) -> int | None:
    """Periods in the year of a per-period count of *new* people ("每季度约3万名新会员，不重复"); None if they may repeat."""
    ss, se = t.sentence_with_continuations(c.span[0])
    if not _NEW_EACH_PERIOD.search(t.low[ss:se]):
        return None
    return next((n for pattern, n in PERIODS_PER_YEAR if pattern.search(period_words)), None)


# A later message adding a batch ("another 70,000", "下半年还要再传7万人"), unless it restates the total ("更正", "一共").
_RESTATES_TOTAL = _rx(
    r"更正|纠正|改为|实际(?:上|是)?|其实|一共|总共|合计|累计|总计|全年|in\s+total|altogether|overall|cumulative|actually|correction|"
    r"sorry|i\s+meant|we\s+meant|to\s+correct|the\s+total|all\s+told"
)


_CORRECTION_ONLY = _rx(r"更正|纠正|correction|to\s+correct|sorry|actually|其实|实际上")
_DISTINCT_BATCH = _rx(r"(?:还有|另有|另外)(?:一|两|几)?批|不重复|没有重复|\b(?:another|a\s+second|an\s+additional|a\s+further)\s+"
                     r"(?:batch|list|transfer|export)|no\s+overlap|not\s+the\s+same\s+(?:people|customers|members)")


def adds_to_earlier(text: str) -> bool:
    """Whether the counts of this message are a further batch, to be added to the counts stated before it (P7/P8
    count everyone since 1 January; S4¶2 forbids splitting a volume)."""
    t = _Text(text)
    # "更正一下：4月份还有一批3.5万会员……跟前面那8万人不重复": a correction that adds a distinct batch still adds
    if _RESTATES_TOTAL.search(t.low) and not (_CORRECTION_ONLY.search(t.low) and _DISTINCT_BATCH.search(t.low)):
        return False
    people = [c for c in find_counts(t.raw) if _is_people_count(t, c)]
    if not people:
        return False
    start, end = people[0].span
    ss, _ = t.sentence(start)  # "下半年还要再传一批，大概5万名新用户": the additive word may sit in an earlier clause
    return bool(_ADDITIVE_NEAR.search(t.low[max(ss, start - 24) : start].replace("，", " ").replace(",", " "))
                or _ADDITIVE_AFTER.match(t.low[end:]))


# "there was a second campaign list in March, but nobody knows how many people were on it", "又发过一批，人数不清楚":
# a further batch whose size nobody knows. The year's figure is then at least the earlier one, with no upper limit.
_FURTHER_BATCH = _rx(
    r"\b(?:a\s+)?second\s+(?:batch|list|campaign|transfer|file|export|round)|another\s+(?:batch|list|campaign|transfer|file|export|round)|"
    r"\b(?:more|further|other)\s+(?:batch|batches|lists|transfers|exports)|又(?:发|传|给)了?(?:一批|一次|一份)|第二批|另一批|另外一批|还有一批|再(?:发|传)了?一批"
)
_SIZE_UNKNOWN = _rx(
    r"(?:nobody|no\s+one|we\s+don'?t|i\s+don'?t|not\s+sure|unclear|no\s+idea|can'?t\s+tell|unknown)[^.;]{0,30}?how\s+(?:many|much|big|large)|"
    r"size\s+(?:is\s+)?unknown|(?:不知道|不清楚|不确定|说不清|没统计|没人知道)[^，,。；;]{0,6}?(?:多少|几个|规模|人数)|人数(?:不详|不清楚|未知|不明|没统计)"
)


def adds_batch_of_unknown_size(text: str) -> bool:
    """Whether a message adds a further batch whose number of people nobody knows (the earlier count becomes a floor)."""
    t = _Text(text)
    return bool(_FURTHER_BATCH.search(t.low) and _SIZE_UNKNOWN.search(t.low))


def _interval(value: int, bound: str, upper: int | None) -> tuple[int, int | None]:
    below = upper - 1 if upper is not None else None
    return {"exact": (value, value), "at_least": (value, below), "over": (value + 1, below), "under": (0, value - 1),
            "at_most": (0, value)}.get(bound, (value, None))


def add_count(earlier: tuple[int, str, int | None], further: tuple[int, str, int | None], prefix: str) -> tuple[int, str, int | None]:
    """The sum of two stated counts (value, bound, upper) as one count, with the bounds added as intervals."""
    a, b = _interval(*earlier), _interval(*further)
    combined = _combine([(a[0], a[1], None, False), (b[0], b[1], None, False)], prefix)
    assert combined is not None
    value, bound, upper = combined
    return value, str(bound), upper
