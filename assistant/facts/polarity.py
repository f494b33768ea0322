"""The text as the extractor reads it (:class:`_Text`: folded, with clause and sentence ends) and the
polarity of one signal in its clause.

How a signal is read. Each signal (a phrase such as 关基, 个人信息, 重要数据) is found in the text and given a
polarity from its clause (clauses end at 。！？；, commas and line breaks):

* ``unsure`` — 不确定 / 不清楚 / 是否 / 是不是 / 可能 / "not sure" / "whether" / "might" before it, or a question
  particle right after it ("是关基吗") → the fact stays unknown (None) and its key is listed in
  ``Facts.unsure``. "Not sure" is a fact: it is never turned into yes or no, and the rules can tell "the user
  does not know" from "the user did not say" (important data is read as not notified only in the latter).
* ``neg`` — a negation before it in the same clause (不含 / 不涉及 / 没有 / 未 / 非 / 不是 / 不在 / not / no /
  without …), unless the negation's scope has ended: 但 / 只 / 仅 / 开始 / "but" / "only" / "and we…", or an
  attributive 的 ("非关基的再保险公司": the negation is about 关基, not the reinsurer; "不含个人信息的数据"); or a
  denial right after it ("个人信息：无", "… is not included") → False.
* otherwise ``pos`` → True.
* A form field decides by its value, whatever its label says: "关基：否", "是否关基：否", "重要数据：无",
  "CIIO: no" → False; "：是/有/yes" → True; "：不确定" → unsure.

Conflicts. For what the data *contains* (PI, sensitive PI, important data, export-controlled technology) a
concrete positive mention beats a summary denial ("不含敏感个人信息……包括体检报告" → sensitive), because a
wrong exemption is worse than a question. For the processor's *status* (CIIO, zone, export location,
labour rules, treaty) a contradiction leaves the fact unknown, so the rules ask.

Documented decisions:

* Hedged statements ("应该不是关基", "we think we are not a CIIO", "probably") are read as unsure: the user is
  asked rather than taken at a guess.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from typing import Literal

from assistant.facts.numbers import (
    normalize_width,
)

Polarity = Literal["pos", "neg", "unsure"]

# Only the first MAX_TEXT characters are read: ten pages, far beyond any real question or pasted e-mail, and it
# keeps extraction fast and bounded on pathological input (100 KB and more).
MAX_TEXT = 20_000


_ASCII_EDGE = r"(?:(?<=[a-z0-9])(?![a-z0-9])|(?<![a-z0-9])(?=[a-z0-9]))"


def _rx(pattern: str) -> re.Pattern[str]:
    """A pattern over lower-cased text. No IGNORECASE: the text is folded first, and case-folding thousands of
    CJK characters at compile time would cost a cold start ~0.2 s."""
    # \b would treat CJK as word characters ("不是ciio" has no \b before c); use ASCII word edges instead.
    return re.compile(pattern.replace(r"\b", _ASCII_EDGE))


def _rxi(pattern: str) -> re.Pattern[str]:
    """A small pattern applied to text in its original case (data-item descriptions)."""
    return re.compile(pattern.replace(r"\b", _ASCII_EDGE), re.IGNORECASE)


# ------------------------------------------------------------------------------------------ the text


def _lower_same_length(text: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_CLAUSE_END = _rx(r"[。！？!?；;\n\r\t]|(?<=[a-z\u4e00-\u9fff）)])\s*[:：](?=\s*(?:it|this|that|these|they|we|它|这|那|我们))|,(?!\d{3})|(?<![\d.a-z])\.(?!\d)|\.\s|、(?=[^、]{0,3}(?:但|however))")


# An English full stop ends a sentence, except after a common abbreviation ("incl.", "e.g.", "approx.", "no.").
_SENTENCE_END = _rx(r"[。！？!?；;\n\r]|(?<![\d.a-z]{2}\.)(?<=[a-z)\d])(?<!\bincl)(?<!\bapprox)(?<!\bexcl)(?<!\betc)(?<!\bno)(?<!\bvs)(?<!\bapprox)(?<!\bresp)\.(?=\s|$)|(?<=[\u4e00-\u9fff）)])\.(?=[\u4e00-\u9fff]|\s|$)")


# A part that only continues the sentence before it: it lists more of the same data and names no subject.
_CONTINUES = _rx(
    r"\s*(?:(?:and|which|it|this|that|the\s+(?:data|export|transfer|file)s?)\s+)?(?:also\s+)?"
    r"(?:includ(?:es|ing|e)|incl\.?|contain(?:s|ing)?|plus|covering|comprising|with\s+(?:their|the|full)\b)(?![a-z])|"
    r"\s*(?:数据|信息|内容)?(?:还|也|并|另)?(?:含|包含|包括|涵盖|附带|带有|涉及)(?!\d)"
)


class _Text:
    """The question folded to ASCII width and lower case (same length, so offsets hold), with clause ends."""

    def __init__(self, raw: str) -> None:
        self.raw = raw[:MAX_TEXT]
        self.low = _lower_same_length(normalize_width(self.raw))
        self.ends = [m.start() for m in _CLAUSE_END.finditer(self.low)]
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(self.low)]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_left(self.ends, start)
        cs = self.ends[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(self.ends, end)
        ce = self.ends[j] if j < len(self.ends) else len(self.low)
        return cs, max(ce, end)

    def sentence(self, start: int) -> tuple[int, int]:
        """The sentence around `start` (ends at 。！？!?；; line breaks and an English full stop)."""
        i = bisect.bisect_left(self.sentence_ends, start)
        cs = self.sentence_ends[i - 1] + 1 if i > 0 else 0
        ce = self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.low)
        return cs, ce

    def sentence_with_continuations(self, start: int) -> tuple[int, int]:
        """The sentence around `start` joined with the sentences that only continue it: a part with no subject of
        its own that starts by listing more of the same data ("roughly 140,000 employees this year; includes bank
        account numbers", "约3000名员工。含身份证号和银行卡号") describes the same people, so it belongs to their sentence."""
        cs, ce = self.sentence(start)
        while cs > 0 and _CONTINUES.match(self.low, cs):
            cs = self.sentence(cs - 1)[0]
        while ce < len(self.low) and _CONTINUES.match(self.low, ce + 1):
            ce = self.sentence(ce + 1)[1]
        return cs, ce


# ------------------------------------------------------------------------------------------ polarity

_UNSURE_BEFORE = _rx(
    r"不确定|不清楚|不知道|不太清楚|不太确定|不好说|不明确|尚不明确|无法确定|难以确定|待确认|待定|是否|是不是|有没有|"
    r"算不算|属不属于|会不会|可能|也许|或许|疑似|not\s+sure|unsure|don'?t\s+know|do\s+not\s+know|unclear|"
    r"uncertain|not\s+certain|whether|maybe|might|\bmay\b|possibly|perhaps|could\s+be|wonder|probably|presumably|"
    r"\bi\s+(?:think|believe|guess)\b|\bwe\s+(?:think|believe|guess)\b|\b(?:i|we)\s+(?:don'?t|do\s+not)\s+(?:think|believe)\b|"
    r"\bi\s+doubt\b|likely|记不清|不记得|想不起|拿不准|说不准|吃不准|不敢确定|"
    r"(?:应该|大概|估计|好像|似乎)(?=是|不是|属于|不属于|没有|不会|不涉及|不含|有|算|不算)|"
    # any A-not-A question ("在不在", "用没用", "涉不涉及"): the form asks, whatever the verb
    r"([\u4e00-\u9fff])[不没]\1"
)
_A_NOT_A = re.compile(r"([\u4e00-\u9fff])[不没]\1")
# An English question puts the verb first: "Are we a CIIO?", "Is this important data?" (not "the entity is our…")
_UNSURE_NEAR_BEFORE = _rx(r"^\s*(?:so\s+|then\s+|and\s+|but\s+)?(?:are|is|am|do|does)\s+(?:we|it|this|that|they|our|the\s+data)\b[^,.;]{0,24}$")
_UNSURE_AFTER = _rx(r"^[^，,。;；]{0,4}?(?:吗|么|嘛|与否|\?)|^\s*or\s+not\b")
_NEG_BEFORE = _rx(
    r"不含|不包含|不包括|不涉及|不存在|不属于|不是|并非|并不|非(?!常|法)|无(?!论|法|需|须|关)|没有|没|木有|冇|没得|未(?!来|满|成年|经)|"
    r"均不|都不|也不|不会|不再|不在|不(?=$|向|对|传|提供|发送|处理|收集|出境|把|将|用|做|列入|掺|加入|添加|混|引入|增加|夹带|合并|融合)|"
    r"(?<![a-z])(?:no|not|non|without|never|neither|nor|none|nothing|excluding|exclude[sd]?|free\s+of)(?![a-z])|n't"
)
# A negation stops at an attributive 的 ("非关基的再保险公司", "不含个人信息的数据") or a new predicate.
_NEG_RESET = _rx(
    r"但|只|仅|而是|开始|除了|除|只是|(?<!别)(?<!其他)(?<!其它)(?<!任何)的|并且|而且|同时|"
    r"(?<![a-z])(?:except|only|but|however|besides|other\s+than|apart\s+from|and\s+(?:we|it|they|our|i|the\s+company))(?![a-z])"
)
_NEG_AFTER = _rx(
    r"^\s*(?:[:：]\s*)(?:无|否|没有|不涉及|none|no\b|n/?a\b)|^\s*(?:均|都|也|则|方面)?\s*(?:不涉及|不存在|没有涉及|未涉及)|"
    r"^\s*(?:is|are|was|were|will\s+be)\s+not\s+(?:included|involved|concerned|transferred|sent|exported|part)|"
    r"^\s*(?:isn't|aren't)\s+(?:included|involved|transferred|sent)"
)


# A form field: "关基：否", "是否关基：否", "CIIO: no", "重要数据：无" — the value decides, whatever the label says.
_FORM_VALUE = _rx(
    r"^\s*[)）]?\s*[:：]\s*(?:(?P<yes>是|有|涉及|包含|属于|yes|y|true)|(?P<no>否|无|没有|不涉及|不是|不属于|no|n|none|false|n/a)|"
    r"(?P<unsure>不确定|不清楚|未知|待确认|未说明|不详|待补充|待定|unknown|not\s+sure|unsure|not\s+stated|unspecified|tbd))(?![\u4e00-\u9fffa-z])"
)


def _polarity(t: _Text, start: int, end: int) -> Polarity:
    form = _FORM_VALUE.match(t.low[end : end + 16])
    if form:
        return "pos" if form.group("yes") else "neg" if form.group("no") else "unsure"
    cs, ce = t.clause(start, end)
    before = t.low[max(cs, start - 60) : start]
    after = t.low[end:ce]
    if _UNSURE_BEFORE.search(before) or (start - cs <= 40 and _UNSURE_NEAR_BEFORE.search(t.low[cs:start])):
        return "unsure"
    if _UNSURE_BEFORE.match(t.low[max(0, start - 1) : end]) and t.low[start : start + 1] in "不没":
        return "unsure"  # the match is the 不X of an A-not-A question: "(在)不在清单上"
    if _A_NOT_A.search(t.low[max(0, start - 1) : end]):
        return "unsure"  # the match holds one: "行业到底有没有发布负面清单"
    if _UNSURE_AFTER.match(after):
        return "unsure"
    for m in reversed(list(_NEG_BEFORE.finditer(before))):
        if not _NEG_RESET.search(before[m.end() :]):
            return "neg"
        break
    if _NEG_AFTER.match(after):
        return "neg"
    return "pos"


def _spans_overlap(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < a[1] and a[0] < e for s, e in spans)


def _find(t: _Text, pattern: re.Pattern[str], mask: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, Polarity]]:
    out = []
    for m in pattern.finditer(t.low):
        if m.end() == m.start() or _spans_overlap(m.span(), mask):
            continue
        out.append((m.start(), m.end(), _polarity(t, m.start(), m.end())))
    return out


def _content_flag(pols: Iterable[Polarity]) -> bool | None:
    """What the data contains: a concrete positive mention beats a summary denial."""
    seen = set(pols)
    if "pos" in seen:
        return True
    if "neg" in seen:
        return False
    return None


def _status_flag(pols: Iterable[Polarity]) -> bool | None:
    """The processor's status: a contradiction leaves it unknown."""
    seen = set(pols)
    if "pos" in seen and "neg" in seen:
        return None
    if "pos" in seen:
        return True
    if "neg" in seen:
        return False
    return None


def _sentences(t: _Text) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for end in [*t.sentence_ends, len(t.low)]:
        if end > start:
            bounds.append((start, end))
        start = end + 1
    return bounds
