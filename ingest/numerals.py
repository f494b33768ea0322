"""Chinese numerals as used in legal headings: 第一百零一条 → 101, （十二） → 12."""

from __future__ import annotations

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
