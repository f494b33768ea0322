"""Counts of people in Chinese and English text: 5万人, 十五万, 1,200,000, 1.2 million, 150k, 10万至不满100万人.

Deterministic and total: every function accepts any ``str`` (control characters, emoji, 100 KB) and returns a
result or ``None``; only a non-``str`` argument raises (``TypeError``, a clear validation error).

Each count is a :class:`ParsedCount`: the number as stated (``value``), how it bounds the real figure
(``bound``, the shared :data:`assistant.models.CountBound`), the interval of values it allows
(``low``/``high``, inclusive, ``high=None`` = unbounded) and the ``span`` in the input string.

Decisions on ambiguous wording (kept consistent across the module):

* 以上 / 以下 / 以内 include the number, as Chinese statutes define them (民法典 第1259条: "以上、以下、以内、
  届满，包括本数；不满、超过、以外，不包括本数"). So "100万人以上" = at_least 1,000,000 and "10万人以下" =
  at_most 100,000 (which straddles the 100,000 threshold, so the rules may need to ask).
  不满 / 少于 / 低于 / 不到 / 不足 / 未满 → ``under`` (excludes the number); 超过 / 多于 / 高于 / 逾 / 余 / 多
  ("10万余人", "10万多人") → ``over``; 至少 / 不少于 / 不低于 / 及以上 / "+" → ``at_least``;
  不超过 / 最多 / 至多 → ``at_most``.
* English: "at least", "no fewer/less than", "or more", "+" → at_least; "over", "more than", "above",
  "exceeding" → over; "under", "fewer/less than", "below" → under; "up to", "at most", "no more than",
  "or fewer" → at_most.
* "About / approximately / around / roughly / 约 / 大约 / 左右 / 上下" → ``exact`` with ``approximate=True``:
  an estimate is taken as the figure (``assistant.facts`` widens one that lands exactly on a legal cut point).
* "Nearly / almost / 将近 / 接近 / 近" → ``under`` (an amount that has not reached the number); so do "nowhere
  near", "not even close to", "far below", "well under", "100万都不到", "离一百万还差得远" (not approximate: the number is
  clearly not reached).
* Ranges ("10万到50万", "10-50万", "100,000–999,999", "between 1,000 and 5,000", "10万至不满100万") keep both
  ends in ``low``/``high``; an unmarked lower end borrows the upper end's unit ("10-50万" = 100,000–500,000).
  An upper end introduced by 不满/under is exclusive. Two bounds joined by 且/但/and/but ("不少于10万且不满100万")
  make a range too. :func:`as_fact_count` turns any count into the ``Facts`` triple (count, bound, exclusive
  upper): a range 100,000–999,999 becomes (100000, "at_least", 1000000).
* Vague quantities: 几百 / "a few hundred" → 100–999; 几千 / "thousands" → 1,000–9,999; 几万 / 数万 / 万级 /
  "tens of thousands" → 10,000–99,999; 十几万 / 十多万 / 十来万 → 100,000–199,999 (十几万 may be read loosely as
  from 10万); 几十 → 10–99; "a few / several hundred thousand" → 100,000–999,999; neighbouring digits before a
  unit are a range (两三万 = 20,000–30,000, 三五千 = 3,000–5,000, 十五六万 = 150,000–160,000, "3、4万" = 30,000–40,000);
  数十万 / 十万级 / "hundreds of thousands" → 100,000–999,999; 上万 / 上百万 / "millions of" → at_least the unit;
  逾万 / 过万 / 超百万 / 破百万 → over; 近万 → under 10,000. "10w" / "1.2W" is the shorthand for 万.
  超 / 过 / 破 / 突破 directly before a number mean "over" (not after 通 / 经: "通过10万…" is "via").
* Lakh/crore are not parsed. Money (元, yuan, $), percentages, dates and article numbers are returned as plain
  numbers by :func:`find_counts` only if they look like counts; the caller decides what a number counts
  (``assistant.facts`` keeps only numbers followed by a person noun).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from pydantic import BaseModel, Field

from assistant.models import CountBound
from ingest.numerals import ARABIC_NUMBER as _ARABIC
from ingest.numerals import ZH_AMOUNT_CHARS as _CN_CHARS
from ingest.numerals import ZH_BIG_UNIT_VALUES as _CN_BIG_UNITS
from ingest.numerals import ZH_DIGIT_VALUES as _CN_DIGITS
from ingest.numerals import ZH_SMALL_UNIT_VALUES as _CN_SMALL_UNITS
from ingest.numerals import decimal_or_none as _to_decimal
from ingest.numerals import parse_zh_amount as _parse_cn_amount

__all__ = [
    "ParsedCount",
    "as_fact_count",
    "find_counts",
    "normalize_width",
    "parse_count",
    "parse_number",
]

# A count bigger than this is not a count of people (world population ~8e9); it also keeps Decimal sane.
MAX_COUNT = 10**12


class ParsedCount(BaseModel):
    """One count found in text, with how it bounds the real figure."""

    value: int = Field(description="The number as stated; for a range, its lower end.")
    bound: CountBound = Field(description="How `value` bounds the real figure; 'exact' for a range.")
    low: int = Field(description="Smallest value the statement allows (inclusive).")
    high: int | None = Field(description="Largest value the statement allows (inclusive); None = no upper limit.")
    is_range: bool = Field(default=False, description="Whether the text gave two ends (10万到50万).")
    approximate: bool = Field(default=False, description="约/about/左右: an estimate, taken as the figure.")
    span: tuple[int, int] = Field(description="Start and end offsets of the whole expression in the input.")
    text: str = Field(description="The matched text, verbatim.")


# ---------------------------------------------------------------------------------------------------------
# Normalisation

_EXTRA_WIDTH = {"〜": "~", "～": "~", "－": "-", "—": "-", "–": "-", "‐": "-", "‑": "-", "−": "-", "，": ","}


def normalize_width(text: str) -> str:
    """Fold full-width digits, letters and punctuation to ASCII *without changing the length*.

    Spans found in the result are valid in the original string, which is why characters whose NFKC form is
    longer than one character are left as they are.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    out: list[str] = []
    for ch in text:
        if ch in _EXTRA_WIDTH:
            out.append(_EXTRA_WIDTH[ch])
            continue
        if ord(ch) < 128:
            out.append(ch)
            continue
        folded = unicodedata.normalize("NFKC", ch)
        # Only fold to ASCII: NFKC also maps some CJK compatibility ideographs, which we keep verbatim.
        out.append(folded if len(folded) == 1 and ord(folded) < 128 else ch)
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------
# Chinese and Arabic numerals

# A Chinese-style amount: Arabic numbers and Chinese numerals mixed (1.2万, 1万2千, 一百二十万, 12万5千),
# spaces allowed only before a unit ("10 万").
# "2000多万" / "3千余万" = more than 20,000,000 / 30,000,000: 多/余 may sit between a number and its unit.
_CN_AMOUNT = (
    rf"(?:(?:{_ARABIC})\s*(?:[多余](?=[万亿千百]))?[{_CN_CHARS}]|[{_CN_CHARS}])"
    rf"(?:(?:{_ARABIC})?\s*(?:[多余](?=[万亿]))?[{_CN_CHARS}])*(?:{_ARABIC})?"
)
_EN_MULT = {
    "k": 10**3, "thousand": 10**3, "thousands": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "million": 10**6,
    "millions": 10**6, "b": 10**9, "bn": 10**9, "billion": 10**9,
}  # fmt: skip
_EN_MULT_RE = r"(?:thousand|million|billion|mln|mn|bn|k|m)"
_EN_WORDS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_EN_SCALE = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9}
_EN_WORD_RE = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion)"
# "a million", "one hundred and fifty thousand", "twenty-five thousand", "half a million"
_EN_WORDS_AMOUNT = (
    rf"(?:half\s+a\s+million|(?:(?:an?|{_EN_WORD_RE})(?:[\s-]+(?:and[\s-]+)?{_EN_WORD_RE})*))"
)
# ASCII word edges: Python's \b treats CJK characters as word characters ("150k的客户" has no \b after k).
# "10w" / "1.2W" is the everyday Chinese shorthand for 万.
_EN_AMOUNT = (
    rf"(?:(?:{_ARABIC})\s*{_EN_MULT_RE}(?![A-Za-z0-9])|(?:{_ARABIC})[wW](?![A-Za-z0-9])|(?:{_ARABIC})(?!\d)(?!\.\d)|"
    rf"(?<![A-Za-z0-9]){_EN_WORDS_AMOUNT}(?![A-Za-z0-9]))"
)


def _parse_en_words(expr: str) -> Decimal | None:
    words = [w for w in re.split(r"[\s-]+", expr.lower()) if w and w != "and"]
    if words == ["half", "a", "million"]:
        return Decimal(500_000)
    if not words or words in (["a"], ["an"]):
        return None
    total = Decimal(0)
    current = Decimal(0)
    seen_number = False
    for w in words:
        if w in ("a", "an"):
            if seen_number:
                return None
            current = Decimal(1)
            seen_number = True
        elif w in _EN_WORDS:
            current += _EN_WORDS[w]
            seen_number = True
        elif w == "hundred":
            current = (current or Decimal(1)) * 100
            seen_number = True
        elif w in _EN_SCALE:
            total += (current or Decimal(1)) * _EN_SCALE[w]
            current = Decimal(0)
            seen_number = True
        else:
            return None
    return total + current if seen_number else None


def _as_int(value: Decimal | None) -> int | None:
    if value is None or value < 0 or value > MAX_COUNT:
        return None
    return int(value.to_integral_value())


def parse_number(text: str) -> int | None:
    """Parse one bare amount ("1.2万", "一百二十万", "1,200,000", "150k", "1.2 million", "fifty thousand").

    Returns ``None`` when the whole string is not one amount. Raises ``TypeError`` for a non-str.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    s = normalize_width(text).strip()
    if not s or len(s) > 200:
        return None
    if re.fullmatch(_ARABIC, s):
        plain = _to_decimal(s)
        if plain is None or plain != plain.to_integral_value():
            return None  # "2.3" people is not a count; "2.3万" is
        return _as_int(plain)
    m = re.fullmatch(rf"({_ARABIC})[wW]", s)
    if m:
        base = _to_decimal(m.group(1))
        return _as_int(base * 10_000 if base is not None else None)
    m = re.fullmatch(rf"({_ARABIC})\s*{_EN_MULT_RE}", s, re.IGNORECASE)
    if m:
        base = _to_decimal(m.group(1))
        mult = _EN_MULT[s[m.end(1) :].strip().lower()]
        return _as_int(base * mult if base is not None else None)
    if re.fullmatch(_CN_AMOUNT, s):
        return _as_int(_parse_cn_amount(s))
    if re.fullmatch(_EN_WORDS_AMOUNT, s, re.IGNORECASE):
        return _as_int(_parse_en_words(s))
    return None


# ---------------------------------------------------------------------------------------------------------
# Bounds and ranges

_PREFIX_BOUNDS: list[tuple[str, CountBound, bool]] = [
    # (regex ending right before the number, bound, approximate)
    (r"(?:不满|未满|少于|低于|不到|不足|未达到?|小于|没到|没有到|还没到|没达到|没有达到|不够)", "under", False),
    (r"(?:将近|接近|(?<!最)近|(?<!大)小)", "under", True),  # 小一万: nearly ten thousand
    (r"(?:不超过|不多于|不高于|最多|至多|顶多|上限为?)", "at_most", False),
    (r"(?:超过|多于|高于|大于|逾|超出|突破|(?<!通)(?<!经)(?<!超)(?<!不)过|超(?!过|出)|破)", "over", False),
    (r"(?:至少|不少于|不低于|不下于|最少|起码|不止)", "at_least", False),
    (r"(?:大约|大概|大致|约为|约|估计|预计|近似)", "exact", True),
    (r"(?:no\s+fewer\s+than|not\s+fewer\s+than|no\s+less\s+than|not\s+less\s+than|at\s+least|a\s+minimum\s+of|minimum\s+of|upwards\s+of|>=|≥)", "at_least", False),
    (r"(?:(?:a\s+(?:little|bit)|slightly|just)\s+(?:over|above|more\s+than))", "over", True),
    (r"(?:more\s+than|over|above|exceeding|in\s+excess\s+of|greater\s+than|>)", "over", False),
    (r"(?:nowhere\s+near|not\s+(?:even\s+)?(?:close\s+to|near)|far\s+(?:below|short\s+of|from|under)|well\s+(?:under|below|short\s+of))", "under", False),
    (r"(?:just\s+(?:under|below|short\s+of|shy\s+of)|(?:a\s+(?:little|bit)|slightly)\s+(?:under|below|less\s+than)|shy\s+of|nearly|almost|close\s+to)", "under", True),
    (r"(?:fewer\s+than|less\s+than|under|below|<)", "under", False),
    (r"(?:no\s+more\s+than|not\s+more\s+than|up\s+to|at\s+most|a\s+maximum\s+of|maximum\s+of|max\.?|<=|≤)", "at_most", False),
    (r"(?:approximately|approx\.?|about|around|roughly|some|circa|ca\.|c\.|~|≈|est\.)", "exact", True),
]
_SUFFIX_BOUNDS: list[tuple[str, CountBound, bool]] = [
    (r"(?:及以上|或以上|以上|\+|\s*or\s+more|\s*and\s+(?:above|over|up)|\s*plus)", "at_least", False),
    (r"(?:及以下|以下|以内|\s*or\s+(?:fewer|less)|\s*and\s+(?:below|under))", "at_most", False),
    (r"(?:余|多|出头)", "over", False),
    (r"(?:不到|不足|都不到|还不到|(?:还|都)?差得(?:很)?远|还差很远|还远着呢?|还远)", "under", False),
    (r"(?:左右|上下|\s*or\s+so|-ish)", "exact", True),
]
_PREFIX_RE = re.compile(
    "|".join(f"(?P<p{i}>{pat})(?:\\s*了)?\\s*$" for i, (pat, _, _) in enumerate(_PREFIX_BOUNDS)), re.IGNORECASE
)

_VAGUE: list[tuple[str, int, int | None]] = [
    # (regex, low, high) — 几/数 stand for an unknown digit
    (r"近万", 0, 9_999),
    (r"近百万", 0, 999_999),
    (r"(?:逾|过|超|破)百万|数以百万计", 1_000_001, None),
    (r"(?:逾|过|超|破)十万", 100_001, None),
    (r"(?:逾|过|超|破)万|数以万计", 10_001, None),
    (r"千万级", 10_000_000, 99_999_999),
    (r"百万级", 1_000_000, 9_999_999),
    (r"十万级", 100_000, 999_999),
    (r"(?<![十百千])万级", 10_000, 99_999),
    (r"(?<![一二两三四五六七八九百千\d])(?:十几|十多|十来)万", 100_000, 199_999),  # not inside 一百二十多万
    (r"low\s+six\s+figures", 100_000, 399_999), (r"mid\s+six\s+figures", 400_000, 699_999), (r"high\s+six\s+figures", 700_000, 999_999),
    (r"(?:low\s+|mid\s+|high\s+)?five\s+figures", 10_000, 99_999), (r"six\s+figures", 100_000, 999_999),
    (r"(?:几|数)十(?![万亿])", 10, 99),
    (r"(?:十几|十多|十来)(?![万亿千百])", 10, 19),
    (r"(?:a\s+few|several)\s+hundred\s+thousand", 100_000, 999_999),
    (r"(?:a\s+few|several)\s+million", 1_000_000, 9_999_999),
    (r"(?:几|数)十万|tens\s+of\s+thousands\s+of\s+thousands", 100_000, 999_999),
    (r"hundreds\s+of\s+thousands", 100_000, 999_999),
    (r"(?:几|数)百万", 1_000_000, 9_999_999),
    (r"(?:几|数)千万", 10_000_000, 99_999_999),
    (r"(?:几|数)万", 10_000, 99_999),
    (r"tens\s+of\s+thousands", 10_000, 99_999),
    (r"(?:几|数)千|a\s+few\s+thousand|several\s+thousand|thousands", 1_000, 9_999),
    (r"(?:几|数)百(?!万)|a\s+few\s+hundred|several\s+hundred|hundreds(?!\s+of\s+thousands)", 100, 999),
    (r"上百万|(?<!hundreds\sof\s)millions", 1_000_000, None),
    (r"上千万", 10_000_000, None),
    (r"上万", 10_000, None),
    (r"上千", 1_000, None),
]
_VAGUE_RE = re.compile("|".join(f"(?P<v{i}>{pat})" for i, (pat, _, _) in enumerate(_VAGUE)), re.IGNORECASE)
# Two neighbouring digits before a unit give a range: 两三万 = 20,000–30,000, 三五千 = 3,000–5,000, 二三十万 =
# 200,000–300,000, "3、4万" = 30,000–40,000 (not 230,000 read digit by digit).
_NEIGHBOUR_DIGITS = re.compile(
    r"(?<![\d第.,、一二两三四五六七八九十百千万亿])(?P<ten>[一二两三四五六七八九]?十)?(?P<a>[一二两三四五六七八九]|\d)(?:、)?(?P<b>[二三四五六七八九]|(?<=、)\d)"
    r"(?P<unit>十万|百万|千万|十|百|千|万|亿)(?![一二两三四五六七八九\d])"
)

_AMOUNT_RE = re.compile(rf"{_CN_AMOUNT}|{_EN_AMOUNT}", re.IGNORECASE)
_RANGE_SEP = re.compile(
    r"^\s*(?:人|名|位)?\s*(?:到|至|~|-|to|and|through)\s*(?P<excl>不满|未满|不到|少于|低于|under|less\s+than|fewer\s+than|below)?\s*$",
    re.IGNORECASE,
)


class _Amount:
    __slots__ = ("end", "has_unit", "more", "start", "unit", "value")

    def __init__(self, start: int, end: int, value: int, has_unit: bool, unit: int, more: bool = False) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.has_unit = has_unit
        self.unit = unit
        self.more = more  # "2000多万": more than the figure


def _amount_unit(expr: str) -> tuple[bool, int]:
    """Whether the expression carries a multiplier word (万/k/million) and the largest such multiplier."""
    units = [_CN_BIG_UNITS[c] for c in expr if c in _CN_BIG_UNITS]
    units += [_CN_SMALL_UNITS[c] for c in expr if c in _CN_SMALL_UNITS]
    m = re.search(rf"\d\s*({_EN_MULT_RE})\s*$", expr, re.IGNORECASE)
    if m:
        units.append(_EN_MULT[m.group(1).lower()])
    if re.search(r"\d[wW]$", expr):
        units.append(10_000)
    for w, scale in _EN_SCALE.items():
        if re.search(rf"\b{w}\b", expr, re.IGNORECASE):
            units.append(scale)
    return (bool(units), max(units) if units else 1)


# Words that begin or end with a numeral character but state no amount: "一般个人信息" is general PI, not 1 person.
_NUMERAL_WORDS = re.compile(
    r"一般|一些|一样|一直|一旦|一致|一起|一定|一方|一切|一律|一并|一体|一类|一项|一次性|一下|一点|一种|一是|一系列|"
    r"统一|之一|唯一|万一|进一步|十分|万分|千万(?=[别要不])"
)


def _scan_amounts(norm: str) -> list[_Amount]:
    amounts: list[_Amount] = []
    words = [w.span() for w in _NUMERAL_WORDS.finditer(norm)]
    for m in _AMOUNT_RE.finditer(norm):
        expr = m.group(0)
        start, end = m.start(), m.end()
        if any(ws <= start and end <= we for ws, we in words):
            continue
        # Skip the tail of a longer digit run or of a word ("abc123", "version2")
        if start > 0 and (norm[start - 1].isdigit() or (norm[start - 1].isalpha() and norm[start - 1].isascii() and expr[0].isdigit())):
            continue
        stripped = expr.rstrip()
        end = start + len(stripped)
        more = bool(re.search(r"[多余](?=[万亿千百])", stripped))
        value = parse_number(re.sub(r"[多余](?=[万亿千百])", "", stripped))
        if value is None:
            continue
        has_unit, unit = _amount_unit(stripped)
        amounts.append(_Amount(start, end, value, has_unit, unit, more))
    return amounts


def _interval(value: int, bound: CountBound) -> tuple[int, int | None]:
    if bound == "under":
        return (0, max(value - 1, 0))
    if bound == "at_most":
        return (0, value)
    if bound == "over":
        return (value + 1, None)
    if bound == "at_least":
        return (value, None)
    return (value, value)


def _prefix_bound(norm: str, start: int) -> tuple[CountBound, bool, int] | None:
    window_start = max(0, start - 24)
    m = _PREFIX_RE.search(norm[window_start:start])
    if not m or m.lastgroup is None:
        return None
    i = int(m.lastgroup[1:])
    _, bound, approx = _PREFIX_BOUNDS[i]
    begin = window_start + m.start()
    # English words must start on a word boundary ("cover 5" is not "over 5")
    if begin > 0 and norm[begin].isascii() and norm[begin].isalpha() and norm[begin - 1].isalpha():
        return None
    return (bound, approx, begin)


def _suffix_bound(norm: str, end: int) -> tuple[CountBound, bool, int] | None:
    tail = norm[end : end + 24]
    # Skip a measure word / person noun between the number and 以上 ("100万人以上", "1,000,000 people or more")
    noun = re.match(r"(?:人次|人|名|位|户|个|\s+(?:people|persons|individuals|users|customers|employees|members)(?=\s+or\s|\s+and\s))?", tail, re.IGNORECASE)
    offset = noun.end() if noun else 0
    for pat, bound, approx in _SUFFIX_BOUNDS:
        m = re.match(pat, tail[offset:], re.IGNORECASE)
        if m and m.end() > 0:
            if pat.startswith("(?:余|多") and offset:
                continue  # "10万人多" is not idiomatic; "多" after a noun means something else
            # "多" must qualify the count ("10万多人"), not start a new word ("多个", "多家" are fine too)
            return (bound, approx, end + offset + m.end())
    return None


def find_counts(text: str) -> list[ParsedCount]:
    """Every count expression in ``text``, in order, with bounds and ranges resolved.

    Never raises for a ``str``; raises ``TypeError`` for anything else.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    norm = normalize_width(text)
    results = _vague_counts(text, norm)
    taken = [r.span for r in results]
    amounts = [a for a in _scan_amounts(norm) if not any(s < a.end and a.start < e for s, e in taken)]
    i = 0
    while i < len(amounts):
        a = amounts[i]
        if i + 1 < len(amounts):
            ranged = _range(text, norm, a, amounts[i + 1])
            if ranged is not None:
                results.append(ranged)
                i += 2
                continue
        results.append(_single(text, norm, a))
        i += 1
    results.sort(key=lambda r: r.span)
    return _join_bound_pairs(text, norm, _join_vague_ranges(text, norm, results))


# "可能几万，也可能二三十万", "maybe 50k or maybe 200k": two vague figures offered as alternatives are one range
_ALTERNATIVE = re.compile(r"\s*[，,]?\s*(?:也可能|也许|或者是?|或是|或|还是|(?:or|maybe)(?:\s+(?:maybe|perhaps|possibly|even))?)\s*(?:是|有)?\s*", re.I)


def _join_vague_ranges(text: str, norm: str, results: list[ParsedCount]) -> list[ParsedCount]:
    """"几千到一万多人", "a few thousand to 15,000", "可能几万，也可能二三十万": vague figures joined into one range."""
    out: list[ParsedCount] = []
    for r in results:
        prev = out[-1] if out else None
        between = norm[prev.span[1] : r.span[0]] if prev is not None else ""
        if (prev is not None and prev.is_range and prev.high is not None and r.high is not None and r.high > prev.high
                and (re.fullmatch(r"\s*(?:到|至|~|～|-|–|to)\s*", between, re.I) or (r.is_range and _ALTERNATIVE.fullmatch(between)))):
            out[-1] = ParsedCount(value=prev.low, bound="exact", low=prev.low, high=r.high, is_range=True, approximate=True,
                                  span=(prev.span[0], r.span[1]), text=text[prev.span[0] : r.span[1]])
            continue
        out.append(r)
    return out


def _range(text: str, norm: str, a: _Amount, b: _Amount) -> ParsedCount | None:
    """A <sep> [不满] B: "10万到50万", "10-50万", "between 1,000 and 5,000", "10万至不满100万"."""
    sep = _RANGE_SEP.match(norm[a.end : b.start])
    if sep is None or norm[b.end : b.end + 1] == "-" or norm[max(0, a.start - 1) : a.start] == "-":
        return None  # dates and codes (2024-01-01), not ranges
    between_en = re.search(r"between\s*$", norm[max(0, a.start - 12) : a.start], re.IGNORECASE)
    if re.search(r"\band\b", sep.group(0), re.IGNORECASE) and not between_en:
        return None
    lo = a.value
    if not a.has_unit and b.has_unit and a.value * b.unit <= b.value:
        lo = a.value * b.unit  # "10-50万": the lower end borrows 万
    hi = b.value - 1 if sep.group("excl") else b.value
    if lo > hi:
        return None
    start = a.start
    if between_en:
        start = max(0, a.start - 12) + between_en.start()
    approx = False
    pre = _prefix_bound(norm, a.start)
    if pre and pre[0] == "exact" and pre[1]:
        approx = True
        start = min(start, pre[2])
    end = b.end
    suf = _suffix_bound(norm, b.end)
    if suf and suf[0] == "exact":
        end = suf[2]
        approx = True
    return ParsedCount(
        value=lo, bound="exact", low=lo, high=hi, is_range=True, approximate=approx, span=(start, end),
        text=text[start:end],
    )  # fmt: skip


def _single(text: str, norm: str, a: _Amount) -> ParsedCount:
    bound: CountBound = "exact"
    approx = False
    start, end = a.start, a.end
    pre = _prefix_bound(norm, a.start)
    suf = _suffix_bound(norm, a.end)
    if pre:
        bound, approx, start = pre
    if suf:
        sbound, sapprox, send = suf
        if sbound == "exact" or bound in ("exact", sbound):
            end = send
            if sbound != "exact":
                bound = sbound  # "约100万以上" = at_least, approximately
        approx = approx or sapprox
    chinese_more = a.more or (suf is not None and suf[0] == "over" and norm[suf[2] - 1] in "多余头")
    if a.more and bound == "exact":
        bound = "over"
    low, high = _interval(a.value, bound)
    if chinese_more and bound == "over" and a.value > 0 and high is None:
        # 多 / 余 / 出头 fill the place of the last figure named: 3万多 = 30,001–39,999, 30多万 = up to 399,999,
        # 100多万 = up to 1,999,999, 两千多 = up to 2,999, 1万出头 = just over 10,000
        place = 10 ** (len(str(a.value)) - len(str(a.value).rstrip("0")))
        high = a.value + place - 1
    return ParsedCount(
        value=a.value, bound=bound, low=low, high=high, approximate=approx, span=(start, end), text=text[start:end],
    )


def _neighbour_digits(text: str, norm: str) -> list[ParsedCount]:
    out: list[ParsedCount] = []
    for m in _NEIGHBOUR_DIGITS.finditer(norm):
        a, b = (int(d) if d.isdigit() else _CN_DIGITS[d] for d in (m.group("a"), m.group("b")))
        if m.group("a").isdigit() != m.group("b").isdigit() or not 0 < b - a <= 2:
            continue
        if m.group("ten"):
            tens = 10 * (_CN_DIGITS[m.group("ten")[0]] if len(m.group("ten")) == 2 else 1)
            a, b = a + tens, b + tens  # 十五六万 = 150,000–160,000; 九十六七万 = 960,000–970,000
        unit = 1
        for ch in m.group("unit"):
            unit *= _CN_SMALL_UNITS.get(ch, 1) * _CN_BIG_UNITS.get(ch, 1)
        out.append(
            ParsedCount(
                value=a * unit, bound="exact", low=a * unit, high=b * unit, is_range=True, approximate=True,
                span=m.span(), text=text[m.start() : m.end()],
            )
        )  # fmt: skip
    return out


def _vague_counts(text: str, norm: str) -> list[ParsedCount]:
    out: list[ParsedCount] = _neighbour_digits(text, norm)
    for m in _VAGUE_RE.finditer(norm):
        if m.lastgroup is None:
            continue
        _, low, high = _VAGUE[int(m.lastgroup[1:])]
        if high is None:
            out.append(
                ParsedCount(value=low, bound="at_least", low=low, high=None, span=m.span(), text=text[m.start() : m.end()])
            )
        else:
            out.append(
                ParsedCount(
                    value=low, bound="exact", low=low, high=high, is_range=True, approximate=True, span=m.span(),
                    text=text[m.start() : m.end()],
                )
            )  # fmt: skip
    return out


def _join_bound_pairs(text: str, norm: str, counts: list[ParsedCount]) -> list[ParsedCount]:
    """"不少于10万且不满100万人" / "at least 100,000 but fewer than 1,000,000" → one range."""
    out: list[ParsedCount] = []
    i = 0
    while i < len(counts):
        a = counts[i]
        if i + 1 < len(counts) and not a.is_range and not counts[i + 1].is_range:
            b = counts[i + 1]
            gap = norm[a.span[1] : b.span[0]]
            lower_kinds = ("at_least", "over")
            upper_kinds = ("under", "at_most")
            if (
                a.bound in lower_kinds
                and b.bound in upper_kinds
                and re.fullmatch(r"\s*(?:人|名|位)?\s*(?:,|，)?\s*(?:且|但|而|并且|and|but|,)?\s*", gap, re.IGNORECASE)
                and b.high is not None
                and a.low <= b.high
            ):
                start, end = a.span[0], b.span[1]
                out.append(
                    ParsedCount(
                        value=a.low, bound="exact", low=a.low, high=b.high, is_range=True, span=(start, end),
                        text=text[start:end],
                    )
                )  # fmt: skip
                i += 2
                continue
        out.append(a)
        i += 1
    return out


_NOT_A_COUNT_AFTER = re.compile(r"^\s*(?:年|月|日|号|%|％|元|万元|亿元|周岁|岁|个工作日|天)")


def parse_count(text: str) -> ParsedCount | None:
    """The first count in a short answer ("大约15万人", "不满10万人"), passing over dates, ages, money and article numbers."""
    norm = normalize_width(text)
    for c in find_counts(text):
        start, end = c.span
        if _NOT_A_COUNT_AFTER.match(norm[end : end + 6]) or norm[max(0, start - 1) : start] == "第":
            continue
        return c
    return None


def as_fact_count(count: ParsedCount) -> tuple[int, CountBound, int | None]:
    """The (count, bound, exclusive upper) triple the ``Facts`` count fields hold: a plain count keeps its value and bound;
    one with 多 / 余 / 出头 is the range it fills; a range [low, high] becomes ``(low, "at_least", high + 1)`` (exclusive
    upper, the ``Facts.pi_count_upper`` convention), or ``(high + 1, "under", None)`` when it starts at zero."""
    if count.bound == "over" and not count.is_range and count.high is not None:
        return (count.low, "at_least", count.high + 1)  # 3万多: 30,001 to under 40,000
    if not count.is_range or count.high is None:
        if count.is_range:
            return (count.low, "at_least", None)
        return (count.value, count.bound, None)
    if count.low <= 0:
        return (count.high + 1, "under", None)
    if count.low == count.high:
        return (count.low, "exact", None)
    return (count.low, "at_least", count.high + 1)
