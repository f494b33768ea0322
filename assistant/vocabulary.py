"""Words and ids the whole assistant shares, one home each: document ids, zone names, the yes / no / unsure
words of a reply, and the legal cut points of the 2024 Provisions.
"""

from __future__ import annotations

import re
from typing import Final

from assistant.models import Zone

# --- document ids (BRIEF: fixed) ------------------------------------------------------------------------------
MEASURES: Final = "sh-ftz-measures-2025"
"""上海自贸试验区及临港新片区数据出境负面清单管理办法（试行）: "M" in SPEC §3."""
PROVISIONS: Final = "cac-provisions-2024"
"""促进和规范数据跨境流动规定: "P"."""
ASSESSMENT_MEASURES: Final = "cac-assessment-measures-2022"
"""数据出境安全评估办法: "A"."""
STANDARD_CONTRACT_MEASURES: Final = "cac-standard-contract-measures-2023"
"""个人信息出境标准合同办法: "S"."""
NETWORK_DATA_REGULATION: Final = "network-data-regulation-2024"
"""网络数据安全管理条例: "N"."""
PIPL: Final = "pipl-2021"
"""个人信息保护法."""

# --- zones ----------------------------------------------------------------------------------------------------
SHANGHAI_ZONES: Final[tuple[Zone, ...]] = ("shanghai_ftz", "lingang")
"""The zones the Shanghai negative lists and Measures serve (Lingang is part of the Shanghai FTZ)."""

OTHER_FTZ_NAMES: Final[dict[str, str]] = {
    "北京": "beijing", "天津": "tianjin", "海南": "hainan", "广东": "guangdong", "福建": "fujian", "浙江": "zhejiang",
    "江苏": "jiangsu", "山东": "shandong", "河北": "hebei", "辽宁": "liaoning", "湖北": "hubei", "河南": "henan",
    "重庆": "chongqing", "四川": "sichuan", "陕西": "shaanxi", "湖南": "hunan", "安徽": "anhui", "云南": "yunnan",
    "广西": "guangxi", "黑龙江": "heilongjiang", "新疆": "xinjiang",
}  # fmt: skip
"""The other free trade zones by their Chinese place name → the id used in Facts.other_ftz_name (pinyin)."""


def other_ftz_label(ftz_id: str, language: str) -> str:
    """'beijing' → 北京 / Beijing; an id not in the table is shown as given."""
    if language == "zh":
        return next((zh for zh, i in OTHER_FTZ_NAMES.items() if i == ftz_id), ftz_id)
    return ftz_id.title()


# --- a reply's words --------------------------------------------------------------------------------------------
YES_WORDS: Final = ("是", "对", "有的", "yes", "yep")
NO_WORDS: Final = ("否", "不是", "没有", "no", "nope")
UNSURE_WORDS: Final = ("不确定", "不清楚", "不知道", "说不准", "not sure", "unsure", "don't know", "dont know", "no idea")
""""Not sure" is a fact: a reply with one of these leaves the fact unknown, never yes or no."""


def words_pattern(words: tuple[str, ...]) -> str:
    """A regex alternation of `words`, longest first so that 不是 wins over 是."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --- legal cut points (P7, P8: people whose PI was sent since 1 January) ------------------------------------------
NON_SENSITIVE_PI_CUTS: Final = (100_000, 1_000_000)
"""Non-sensitive PI: under 100,000 exempt (P5(4)); 100,000 to under 1,000,000 standard contract or
certification (P8); 1,000,000 or more security assessment (P7)."""
SENSITIVE_PI_CUT: Final = 10_000
"""Sensitive PI: any under 10,000 standard contract or certification (P8); 10,000 or more security assessment (P7)."""
