"""Chinese numerals, the one home for reading and writing them.

- legal headings: `zh_to_int` (第一百零一条 → 101, （十二） → 12) and `int_to_zh` (101 → 一百零一);
- numbers stated in prose: `parse_zh_numeral` (十万 → 100000; None when not a numeral);
- amounts in questions: `parse_zh_amount` (一百二十万, 1.2万, 两万五, 二〇二四), used by `assistant.facts.numbers`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

#: Characters a numeral in a heading may be written with (Chinese or Arabic, half or full width).
NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千0123456789０１２３４５６７８９"


def zh_to_int(text: str) -> int:
    """Parse a Chinese (or Arabic) numeral below 10000; raise ValueError on anything else."""
    text = text.strip().translate(_FULLWIDTH_DIGITS)
    if not text:
        raise ValueError("empty numeral")
    if text.isdigit():
        return int(text)
    total = 0
    digit: int | None = None
    last_unit = 10_000
    for char in text:
        if char in _DIGITS:
            if _DIGITS[char] == 0:
                # 零 only marks a skipped unit (一百零一); it adds nothing.
                continue
            if digit is not None:
                raise ValueError(f"two digits in a row in {text!r}")
            digit = _DIGITS[char]
        elif char in _UNITS:
            unit = _UNITS[char]
            if unit >= last_unit:
                raise ValueError(f"units out of order in {text!r}")
            # A bare leading 十 means 一十 (十二 = 12).
            total += (1 if digit is None else digit) * unit
            digit = None
            last_unit = unit
        else:
            raise ValueError(f"not a numeral: {text!r}")
    if digit is not None:
        total += digit
    return total


def int_to_zh(number: int) -> str:
    """Write 1..9999 the way legal texts number articles: 10 → 十, 101 → 一百零一, 110 → 一百一十."""
    if not 0 < number < 10_000:
        raise ValueError(f"out of range: {number}")
    digits = "零一二三四五六七八九"
    parts: list[str] = []
    zero_pending = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        value, number = divmod(number, unit)
        if value:
            if zero_pending:
                parts.append("零")
                zero_pending = False
            parts.append(digits[value] + name)
        elif parts:
            zero_pending = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def parse_zh_numeral(text: str) -> int | None:
    """A Chinese numeral with 万 / 亿 groups ('二十一' → 21, '十万' → 100000, '一百零一' → 101); None when `text`
    is not one (each group must read as a numeral below 10000)."""
    if not text:
        return None
    total = 0
    rest = text
    try:
        for unit_char, unit in (("亿", 10**8), ("万", 10**4)):
            if unit_char in rest:
                head, rest = rest.split(unit_char, 1)
                total += zh_to_int(head) * unit if head else unit
        return total + (zh_to_int(rest) if rest else 0)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------------
# Amounts: Chinese and Arabic numerals mixed, as people write them in questions

ZH_DIGIT_VALUES = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "三": 3, "叁": 3,
    "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
ZH_SMALL_UNIT_VALUES = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
ZH_BIG_UNIT_VALUES = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
ZH_AMOUNT_CHARS = "".join(ZH_DIGIT_VALUES) + "".join(ZH_SMALL_UNIT_VALUES) + "".join(ZH_BIG_UNIT_VALUES)

ARABIC_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


def decimal_or_none(token: str) -> Decimal | None:
    try:
        return Decimal(token.replace(",", ""))
    except (InvalidOperation, ValueError):
        return None


def parse_zh_amount(expr: str) -> Decimal | None:
    """Parse a mixed Chinese/Arabic amount (一百二十万, 1.2万, 两万五, 二〇二四). None if malformed."""
    tokens = re.findall(rf"{ARABIC_NUMBER}|[{ZH_AMOUNT_CHARS}]", re.sub(r"\s+", "", expr))
    if not tokens or "".join(tokens) != re.sub(r"\s+", "", expr):
        return None
    if not (tokens[0][0].isdigit() or tokens[0] in ZH_DIGIT_VALUES or tokens[0] in ("十", "拾")):
        return None  # "万人", "百万", "万一", "千万" are words, not amounts
    total = Decimal(0)  # completed 亿/万 groups
    section = Decimal(0)  # within the current 万 group
    current: Decimal | None = None
    last_unit = 0
    prev_kind = ""
    zero_gap = False  # 一万零五: no colloquial scaling after an explicit 零
    for tok in tokens:
        if tok[0].isdigit():
            if prev_kind in ("arabic", "cn_digit"):
                return None
            current = decimal_or_none(tok)
            if current is None:
                return None
            prev_kind = "arabic"
        elif tok in ZH_DIGIT_VALUES:
            digit = Decimal(ZH_DIGIT_VALUES[tok])
            if prev_kind == "arabic":
                return None
            if prev_kind == "cn_digit" and current is not None:
                current = current * 10 + digit  # 二〇二四 read digit by digit
            elif tok in ("零", "〇", "○") and prev_kind == "unit":
                current = None  # 一千零五: 零 only marks a gap
                prev_kind = "zero"
                zero_gap = True
                continue
            else:
                current = digit
            prev_kind = "cn_digit"
        elif tok in ZH_SMALL_UNIT_VALUES:
            unit = ZH_SMALL_UNIT_VALUES[tok]
            section += (current if current is not None else Decimal(1)) * unit
            current = None
            last_unit = unit
            zero_gap = False
            prev_kind = "unit"
        else:
            unit = ZH_BIG_UNIT_VALUES[tok]
            group = section + (current if current is not None else Decimal(0))
            if group == 0:
                group = Decimal(1) if total == 0 else Decimal(0)
            if unit == 10**4 and total >= 10**8 and group:
                total += group * unit  # 一亿二千万
            elif group:
                total = (total + group) * unit if unit > 10**4 else total + group * unit
            else:
                total *= unit  # 万亿 style stacking
            section = Decimal(0)
            current = None
            last_unit = unit
            zero_gap = False
            prev_kind = "unit"
    if (
        current is not None
        and prev_kind in ("cn_digit", "arabic")
        and last_unit >= 100
        and not zero_gap
        and current < 10
        and current == current.to_integral_value()
    ):
        current *= Decimal(last_unit) / 10  # colloquial 两万五 = 25,000, 三千五 = 3,500
    result = total + section + (current if current is not None else Decimal(0))
    return result
