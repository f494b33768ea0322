"""The informative part of a long question: clauses ranked by the legal terms they carry, boilerplate dropped.

Real questions open with who the asker is ("我们是一家在苏州的制造企业", "We are a mid-sized SaaS provider in
Shenzhen") and end with what they need; the legal substance sits in between. The dense side embeds a few dozen
tokens at ~2 ms a token (`retrieval/__init__.py`), so it cannot take the whole question: cutting at the start kept
the company description and lost the substance (on evals/retrieval_dev2.yaml the dense ranking was flat: every
article ~0.87). This keeps the clauses that carry the field's vocabulary, in their original order.
"""

from __future__ import annotations

import re
from functools import lru_cache

from retrieval.counts import people_counts
from retrieval.glossary import EN_ZH_TERMS, LAY_ZH_TERMS, expand_english, expand_lay_chinese

# Clause ends: Chinese and Latin punctuation; a Latin comma or full stop only before a space (not 1,000 or 1.5).
_CLAUSE_END_RE = re.compile(r"(?<=[，。；！？、：;!?])|(?<=[,.:])(?=\s)|\n")
_QUESTION_RE = re.compile(
    r"[？?]|吗|是否|能否|可否|要不要|需不需要|是不是|算不算|怎么|如何|哪些|哪个|多久|什么时候|"
    r"(?i:\b(?:do|does|did|is|are|can|must|should|when|which|what|who|how|whether)\b)"
)
# Openers and courtesies that never carry substance.
_BOILERPLATE_RE = re.compile(r"^\s*(?:您好|你好|请问|谢谢|麻烦|感谢|hi|hello|dear|thanks|thank you|please advise)\W*$", re.I)

# The Chinese legal vocabulary of the field: the statute-side terms both glossaries map to, plus the few words a
# statute itself uses that lay and legal phrasings share. A clause's weight is how many of them it contains.
_CORE_TERMS = """出境 境外 境内 个人信息 敏感 重要数据 安全评估 评估 标准合同 认证 负面清单 清单 备案 申报 同意 告知 有效期 延长
    关键信息基础设施 关基 自贸 自由贸易试验区 新片区 临港 累计 条约 协定 出口管制 执法 司法 去标识化 匿名化 处理者 接收方
    境外提供 传输 提供 访问 查询 下载 远程 适用 规定 办法 不一致 有效 到期 门槛 免予 豁免"""


@lru_cache(maxsize=1)
def _legal_terms() -> tuple[str, ...]:
    words = set(_CORE_TERMS.split())
    for value in (*EN_ZH_TERMS.values(), *LAY_ZH_TERMS.values()):
        words.update(w for w in value.split() if len(w) >= 2)
    words.update(LAY_ZH_TERMS)
    return tuple(sorted(words, key=len, reverse=True))


def split_clauses(text: str) -> list[str]:
    """`text` cut after each clause-ending punctuation mark (kept with its clause); empty pieces dropped.

    >>> split_clauses("我们在临港注册，数据不在清单上。需要申报吗？")
    ['我们在临港注册，', '数据不在清单上。', '需要申报吗？']
    """
    return [c for c in _CLAUSE_END_RE.split(text) if c and c.strip()]


def clause_weight(clause: str) -> float:
    """Legal terms in the clause (each distinct term once), +1 when it states a people count, +0.5 when it asks."""
    if _BOILERPLATE_RE.match(clause):
        return 0.0
    zh = clause + " " + expand_english(clause) + " " + expand_lay_chinese(clause)
    found = 0
    for term in _legal_terms():
        if term in zh:
            found += 1
            zh = zh.replace(term, " ")  # a longer term counts once, not again through the shorter ones inside it
    return found + (1.0 if people_counts(clause) else 0.0) + (0.5 if _QUESTION_RE.search(clause) else 0.0)


def _cjk(text: str) -> int:
    return sum(ch >= "\u2e80" for ch in text)


@lru_cache(maxsize=64)
def informative_part(text: str, max_chars: int, max_cjk: int) -> str:
    """The heaviest clauses of `text` that fit in `max_chars` characters and `max_cjk` CJK characters, in their
    original order (the whole text when it fits). Clauses of weight 0 are never kept when others are."""
    if len(text) <= max_chars and _cjk(text) <= max_cjk:
        return text
    clauses = split_clauses(text)
    weights = [clause_weight(c) for c in clauses]
    order = sorted(range(len(clauses)), key=lambda i: (-weights[i], i))
    kept: set[int] = set()
    chars = cjk = 0
    for i in order:
        if weights[i] <= 0 and kept:
            break
        clause = clauses[i].strip()
        if chars + len(clause) > max_chars or cjk + _cjk(clause) > max_cjk:
            continue
        kept.add(i)
        chars += len(clause) + 1
        cjk += _cjk(clause)
    if not kept:  # one clause longer than the budget: its start, as before
        return text[:max_chars]
    return " ".join(clauses[i].strip() for i in sorted(kept))
