"""People counts in a query, mapped to the statutory brackets the export rules are written in.

Users write "15万人", "一百多万用户", "几千人的敏感信息", "200,000 customers", "over one million people"; the rules
(P5(4), P7, P8, S4, the Certification Measures) speak of "不满10万人", "10万人以上、不满100万人", "100万人以上",
"不满1万人敏感个人信息", "1万人以上敏感个人信息". This module turns the first into the second so BM25 can match the
article that states the bracket the user is in. It adds the bracket's wording only, never the route it leads to.
"""

from __future__ import annotations

import re

_ZH_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "几": 5}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
_EN_NUMBER = {
    "one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100, "several": 5, "few": 3, "hundreds": 300,
}

_ZH_COUNT_RE = re.compile(
    r"(?<![第\d.零〇一二两三四五六七八九十百千几])(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千几]+)\s*[多余+]?\s*(百万|千万|万|千|百)?\s*[多余+]?\s*(?:个|位|名)?\s*"
    r"(人|用户|客户|员工|会员|患者|病人|乘客|旅客|学生|消费者|船员|职工|户|条|份|名)"
)
_EN_COUNT_RE = re.compile(
    r"(\d[\d,]*(?:\.\d+)?|one|a|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|hundreds|several|few)"
    r"\s*(k|m|thousand|million|hundred thousand)?\b(?:\s+(?:of\s+)?(?:our\s+)?(?:[a-z]+\s+)?)?"
    r"(people|persons|individuals|users|customers|clients|employees|staff|records|patients|members|subscribers)",
    re.I,
)


def _zh_value(text: str) -> float:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    total, current = 0, 0
    for char in text:
        if char in _ZH_UNIT:
            total += (current or 1) * _ZH_UNIT[char]
            current = 0
        else:
            current = _ZH_DIGIT.get(char, 0)
    return float(total + current)


def people_counts(query: str) -> list[int]:
    """Counts of people / records mentioned in `query`, in order."""
    out: list[int] = []
    for m in _ZH_COUNT_RE.finditer(query):
        value = _zh_value(m.group(1))
        unit = m.group(2) or ""
        value *= {"百万": 1_000_000, "千万": 10_000_000, "万": 10_000, "千": 1000, "百": 100}.get(unit, 1)
        out.append(int(value))
    for m in _EN_COUNT_RE.finditer(query):
        raw = m.group(1).lower().replace(",", "")
        value = float(raw) if raw[0].isdigit() else float(_EN_NUMBER[raw])
        unit = (m.group(2) or "").lower()
        value *= {"k": 1000, "thousand": 1000, "m": 1_000_000, "million": 1_000_000, "hundred thousand": 100_000}.get(unit, 1)
        out.append(int(value))
    return [n for n in out if n >= 10]


def is_sensitive(query: str) -> bool:
    return bool(re.search(r"敏感|sensitive|biometric|health|medical|financial account|生物识别|医疗|健康|金融账户|行踪", query, re.I))


def bracket_terms(query: str) -> str:
    """The statutory bracket wording for every people count in `query` ('' when it mentions none)."""
    sensitive = is_sensitive(query)
    terms: list[str] = []
    for n in people_counts(query):
        if sensitive:
            terms.append("1万人以上敏感个人信息" if n >= 10_000 else "不满1万人敏感个人信息")
        elif n >= 1_000_000:
            terms.append("累计100万人以上个人信息")
        elif n >= 100_000:
            terms.append("累计10万人以上、不满100万人个人信息")
        else:
            terms.append("累计不满10万人个人信息")
    return " ".join(dict.fromkeys(terms))
