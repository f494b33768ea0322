"""Which language to answer in: ``detect_language(text) -> "zh" | "en"``.

The product is Chinese-first, and English questions often quote Chinese names ("registered in 临港新片区"),
so the rule is:

* no CJK ideographs at all → ``en`` (also for empty text, emoji, digits, control characters);
* no Latin words at all → ``zh``;
* mixed: ``zh`` when the text has Chinese function words (我们, 是否, 需要, 请问, 的, 吗 …: the sentence is
  Chinese, the English are quoted terms) or when the ideographs outnumber the Latin words; otherwise ``en``
  (an English sentence quoting a Chinese name).

Full-width Latin letters count as Latin. Kana-only or Hangul-only text falls back to ``en`` (the product
answers in zh or en only).
"""

from __future__ import annotations

import re

from assistant.models import Language

__all__ = ["detect_language"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_LATIN_WORD = re.compile(r"[A-Za-z\uff21-\uff3a\uff41-\uff5a]{2,}")
# Grammatical words that show up in Chinese sentences but not in proper names or legal titles.
_ZH_FUNCTION = re.compile(
    r"我们|我司|我方|公司的|是否|需要|请问|能否|可以|哪些|什么|怎么|如何|应该|是不是|有没有|吗|呢|吧|么|了|的|在|把|将|要|和|或者|还是"
)


def detect_language(text: str) -> Language:
    """Detect zh or en. Raises ``TypeError`` only for a non-str argument."""
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    han = len(_HAN.findall(text))
    if han == 0:
        return "en"
    latin_words = len(_LATIN_WORD.findall(text))
    if latin_words == 0:
        return "zh"
    if len(_ZH_FUNCTION.findall(text)) >= 2 or (han >= 2 and _ZH_FUNCTION.search(text) and han >= latin_words / 2):
        return "zh"
    return "zh" if han >= latin_words else "en"
