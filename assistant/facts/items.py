"""Data items: the noun phrases that name the data sent, each with its own PI / sensitive flags.

Documented decisions:

* Data items are the noun phrases after 将/把 … 提供/传输, 向境外提供…, "出境数据包括…", "send/transfer … to",
  split at 、，和/及/and outside brackets, keeping only phrases that name data (信息, 数据, 记录, 报告, 扫描件,
  records, scans …). Each item carries its own PI / sensitive flags read from its own words, brackets included
  ("收货信息（姓名、电话、地址）" is PI). A statement about the data in general ("数据不在负面清单上") is applied to
  every item; with no item named it is kept on an item with an empty description, which ``merge_facts``
  spreads over the items named in earlier turns.
"""

from __future__ import annotations

import re

from assistant.facts.numbers import (
    find_counts,
    normalize_width,
)
from assistant.facts.polarity import _find, _lower_same_length, _polarity, _rx, _rxi, _Text
from assistant.facts.sensitive import (
    _IMPORTANT,
    _NON_SENSITIVE_PI,
    _PI,
    _SENSITIVE,
    _SENSITIVE_MASK,
    _important_asserted,
)
from assistant.models import DataItem

# ------------------------------------------------------------------------------------------ data items

_ITEM_PATTERNS = [
    _rx(r"(?:将|把)(?P<x>[^，。；;！？!?,\n]{2,60}?)(?:提供|传输|传送|发送|发给|发到|发往|发至|传至|传到|传给|传往|传|共享|同步|上传|回传|汇总|报送|输送|出境|交给|给)"),
    _rx(r"(?:向|给|对)(?:境外|海外|国外|外方|[^，。；,将把]{0,15}?)(?:提供|传输|发送|传送|共享|披露|报送)(?P<x>[^，。；;！？!?,\n]{2,60})"),
    _rx(r"(?:出境|传输|提供|发送|共享|涉及)的?(?:数据|信息)(?:主要|具体)?(?:包括|包含|有|为|是|涉及)[:：]?(?P<x>[^。；;！？!?\n]{2,120})"),
    _rx(r"(?:数据|信息)(?:类型|种类|项|范围)(?:包括|有|为|是)[:：]?(?P<x>[^。；;！？!?\n]{2,120})"),
    _rx(
        r"\b(?:send|sending|sends|sent|transfer|transferring|transfers|transferred|share|sharing|shares|shared|transmit|transmitting|"
        r"provide|providing|upload|uploading|export|exporting|move|moving|copy|copying|replicate|replicating|sync|syncing|disclose|disclosing)"
        r"\s+(?!(?:must|should|can|could|will|would|shall|may|do|does|did|we|they|you|i|it|is|are|was|were|to|from|under|within|"
        r"after|before|into|abroad|overseas|out|data\s+abroad)\b)"
        r"(?P<x>[^.;!?\n]{2,100}?)(?=\s+(?:to|with|into|from|abroad|overseas|offshore|outside|out\s+of|for|via|across|so\s+that|because|in\s+order)\b|[.;!?\n]|$)"
    ),
    _rx(r"\b(?:the\s+)?data\s+(?:includes?|consists?\s+of|comprises?|covers?)\s*:?\s*(?P<x>[^.;!?\n]{2,120})"),
]
_ITEM_SPLIT = _rxi(r"[、，;；/]|,(?!\d{3})|以及|及|和|与|并且|\band\b|&|\bas\s+well\s+as\b|\bplus\b")
_ITEM_LEAD = _rxi(
    r"^(?:\s|them\s+|us\s+|him\s+|her\s+|only\s+|just\s+|我们的|我们|我司的|我司|公司的|本公司的?|所有|全部|相关的?|部分|一些|某些|该|这些|这批|那些|其|的|约|大约|"
    r"our\s+|the\s+|all\s+|some\s+|any\s+|its\s+|their\s+|these\s+|those\s+|certain\s+|a\s+|an\s+|of\s+)+"
)
_DATA_NOUN = _rx(
    r"数据|信息|资料|记录|报告|档案|名单|清单|文件|表|单|证|照|号|图|影像|扫描件|日志|账|合同|保单|姓名|手机|地址|病历|体检|护照|"
    r"身份证|邮箱|简历|工资|薪|轨迹|统计|比例|条款|计划|运价|船期|目录|库存|订单|发票|舱单|单据|参数|"
    r"\b(?:data|information|info|records?|reports?|files?|lists?|details|logs?|scans?|copies|images?|names?|numbers?|addresses|"
    r"documents?|contracts?|policies|claims|histor(?:y|ies)|profiles?|ids?|passports?|payroll|salar(?:y|ies)|cvs?|resumes?|"
    r"statements?|databases?|backups?|photos?|statistics|figures|terms|ratios|schedules?|catalogu?es?|inventory|plans?|rates?|"
    r"invoices?|orders?|manifests?|bookings?|confirmations?|emails?|parameters)\b"
)
# phrases that talk about the regime, not about data ("负面清单", "安全评估", "义务")
_ITEM_NOT_DATA = _rx(r"负面清单|negative\s+list|管理办法|\bmeasures\b|规定|评估|义务|免予申报|手续|assessment|obligation|filing")
_ITEM_STOP = _rx(
    r"^(?:境外|海外|国外|总部|母公司|新加坡|香港|美国|欧洲|日本|abroad|overseas|it|them|this|that|data|records?|information|数据|信息|资料|"
    r"(?:no|any)\s+(?:important|personal)\s+(?:data|information)|重要数据|个人信息)$"
)


def _data_items(t: _Text) -> list[DataItem]:
    items: list[DataItem] = []
    seen: set[str] = set()
    for pat in _ITEM_PATTERNS:
        for m in pat.finditer(t.low):
            if _polarity(t, m.start(), m.start("x")) != "pos":
                continue  # "我们不向境外提供个人信息", "not sure whether the data includes…": nothing is sent
            raw = t.raw[m.start("x") : m.end("x")]
            for part in _split_outside_brackets(raw):
                desc = _clean_item(part)
                folded = _lower_same_length(normalize_width(desc))
                if not (2 <= len(desc) <= 40) or _ITEM_STOP.match(folded) or not _DATA_NOUN.search(folded):
                    continue
                if _ITEM_NOT_DATA.search(folded):
                    continue
                key = _item_key(desc)
                if key in seen:
                    continue
                seen.add(key)
                # flags read the words in brackets too: "收货信息（姓名、电话、地址）" is PI
                items.append(_item_flags(desc, part))
    return items


def _split_outside_brackets(raw: str) -> list[str]:
    """Split a list of data at 、，和/and — but not inside brackets ("crew data (names, passports)")."""
    parts: list[str] = []
    depth = 0
    start = 0
    chunk = ""
    for i, ch in enumerate(raw):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and ch not in ")）":
            continue
        # mask bracketed characters so the splitter cannot see separators inside them
        chunk += raw[start:i] + "\x00"
        start = i + 1
    masked = chunk + raw[start:]
    pos = 0
    for m in _ITEM_SPLIT.finditer(masked):
        parts.append(raw[pos : m.start()])
        pos = m.end()
    parts.append(raw[pos:])
    return parts


_ITEM_EN_TAIL = _rxi(
    r"\s+(?:of|for|on|about|from|belonging\s+to)\s+(?:about\s+|around\s+|approximately\s+|over\s+|some\s+|roughly\s+)?"
    r"(?:\d[\d.,]*\s*(?:k|m|thousand|million)?|(?:a|one|two|three|five|ten|fifty|hundreds?|thousands?|several)\s+(?:thousand|million|hundred)?)\b.*$"
)
_ITEM_COUNT_TAIL = _rxi(r"\s*(?:约|大约|共|合计|总计|涉及)?\s*[\d.,万千百亿一二两三四五六七八九十]+\s*(?:余|多)?\s*(?:条|人|名|份|个|万条)?$")
_ITEM_FILLER = _rxi(r"^(?:了|共|累计|其中|总计|合计|即|约|大约|还有|以及|另外|此外|包括|如|例如|比如|e\.g\.\s*|including\s+|such\s+as\s+)+")


_ITEM_DESTINATION = _rxi(
    r"(?:向|给|至|到)(?:境外|海外|国外|外方|[^、，,]{0,12}?(?:公司|总部|机构|方|集团|银行|医院|平台|船东|再保险人|合作伙伴|大学|使馆))$"
)
_ITEM_SOURCE = _rxi(r"^[^、，,]{0,12}?(?:系统|数据库|平台|库)(?:中|里|内)的?")


def _clean_item(part: str) -> str:
    # drop parentheticals, closed or cut off by the split: "分保比例（不含个人信息）", "cession ratios (no PI"
    desc = re.sub(r"[（(][^）)]*[）)]?", "", part)
    desc = desc.strip(" \t:：\"'“”‘’()（）-–—,.，。;；")
    for _ in range(3):
        desc = _ITEM_LEAD.sub("", desc)
        desc = _ITEM_FILLER.sub("", desc).strip()
        # a leading count ("15万名客户的…", "一批技术资料"), but not the 一 of 一般 or the 十 of 十分
        counts = [
            c for c in find_counts(desc)
            if c.span[0] <= 3 and (re.search(r"[\d万千百]", c.text) or re.match(r"\s*(?:名|位|个|条|份|户|批|套|些|项|组|类|种|人)", desc[c.span[1] :]))
        ]  # fmt: skip
        if counts:
            rest = re.sub(r"^\s*(?:余|多)?\s*(?:人次|名|位|个|条|份|户|批|套|些|项|组|类|种)?", "", desc[counts[0].span[1] :])
            desc = re.sub(r"^\s*人(?:的)?", "", rest)  # "15万名客户的姓名" → "客户的姓名"
        desc = _ITEM_EN_TAIL.sub("", desc).strip(" 的-–—")
        desc = _ITEM_COUNT_TAIL.sub("", desc).strip(" 的")
        desc = _ITEM_DESTINATION.sub("", desc).strip(" 的")  # "手机号向境外母公司" → "手机号"
        desc = _ITEM_SOURCE.sub("", desc)  # "会员管理系统中约30万名会员的姓名" → "约30万名会员的姓名"
        desc = re.sub(r"\s+(?:related|relating|regarding|concerning|about|which|that)$", "", desc, flags=re.IGNORECASE)
    return desc


def _item_flags(desc: str, context: str | None = None) -> DataItem:
    t = _Text(context or desc)
    non_sens = [(s, e) for s, e, _ in _find(t, _NON_SENSITIVE_PI)]
    mask = non_sens + [(s, e) for s, e, _ in _find(t, _SENSITIVE_MASK)]
    sens = _find(t, _SENSITIVE, mask)
    pi = _find(t, _PI, [(s, e) for s, e, _ in sens])
    sens_flag = True if any(p == "pos" for _, _, p in sens) else None
    pi_flag = True if sens_flag or non_sens or any(p == "pos" for _, _, p in pi) else None
    important = True if any(p == "pos" and _important_asserted(t, s, e) for s, e, p in _find(t, _IMPORTANT)) else None
    return DataItem(description=desc, contains_pi=pi_flag, contains_sensitive_pi=sens_flag, important_data=important)


def _item_key(desc: str) -> str:
    return re.sub(r"[\s\W_]+", "", _lower_same_length(normalize_width(desc)))
