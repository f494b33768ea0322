"""Which numbers count people (a person noun or label beside them, not an age), over which period, and
whether a count is of sensitive PI. How the counts of a message add up: :mod:`assistant.facts.counts`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import Any, Literal

from assistant.facts.numbers import (
    ParsedCount,
)
from assistant.facts.polarity import Polarity, _rx, _Text

# ------------------------------------------------------------------------------------------ counts

# Person nouns after a figure ("6万名会员", "500个新员工家属", "about 320k app members"). A few qualifiers may
# sit between the measure word and the noun ("名新注册用户", "个外籍员工家属").
_CJK_PERSON_NOUNS = (
    r"人次|人|名|位|户|用户|客户|会员|员工|雇员|职工|患者|病人|病患|旅客|乘客|游客|住客|房客|船员|海员|被保险人|投保人|参保人|"
    r"学生|学员|考生|消费者|个人|自然人|居民|求职者|应聘者|候选人|申请人|持卡人|买家|卖家|顾客|访客|公民|儿童|小朋友|孩子|"
    r"子女|学童|幼儿|未成年人|老人|老年人|家属|亲属|家长|司机|车主|骑手|快递员|业主|住户|租户|借款人|受益人|投资者|"
    r"股东|商户|读者|观众|听众|粉丝|玩家|选手|运动员|志愿者|受试者|参与者|劳动者|医生|护士|教师|老师|主播|网民|网友|人员|员|"
    r"数据主体|信息主体|联系人|对接人|发货人|收货人|收件人|寄件人|投保人|被保险人"
)
_CJK_PERSON_QUALIFIERS = (
    r"中国|境内|国内|海外|境外|外籍|外国|个人|在职|离职|退休|注册|活跃|付费|vip|本地|国际|中外|新|老|现有|潜在|其他|另外|"
    r"不同|男性|女性|成年|线上|线下|门店|平台|app|终端|企业|内地|香港|日本|美国|欧洲"
)
_PERSON_AFTER = _rx(
    rf"^\s*(?:名|位|个|户)?\s*(?:(?:{_CJK_PERSON_QUALIFIERS})\s*){{0,2}}(?:的)?\s*(?:{_CJK_PERSON_NOUNS})|"
    # any plural noun whose own personal data follows: "80,000 shippers' contact names", "5,000 tenants' ID numbers"
    r"^\s*(?:[a-z-]+\s+){0,2}?[a-z-]+s'\s+(?:[a-z-]+\s+){0,2}?(?:names?|contacts?|contact\s+details|personal|data|details|"
    r"information|profiles?|phone|mobile|e-?mails?|addresses|records|ids?|id\s+numbers|passports?|accounts?|photos?)\b|"
    r"^\s*(?:of\s+(?:our|the|its|their)\s+)?(?:[a-z-]+\s+){0,2}?(?:[a-z]+-)?(?:people|persons|individuals|users|customers|clients|employees|staff|members|patients|passengers|"
    r"travell?ers|guests|crew(?:\s+members)?|seafarers|policyholders|insureds|data\s+subjects|consumers|students|subscribers|"
    r"residents|account\s+holders|cardholders|children|kids|minors|applicants|candidates|visitors|shoppers|buyers|workers|"
    r"players|gamers|drivers|riders|learners|pupils|trainees|tenants|borrowers|investors|followers|readers|viewers|contacts|leads|"
    r"participants|attendees|volunteers|(?:trial\s+|study\s+|research\s+)?subjects|donors|beneficiaries|claimants|owners|homeowners|respondents|dependants|dependents|"
    r"relatives|families|parents|adults|seniors|retirees|pensioners|job\s?seekers|hires|fans|holders|contractors|"
    r"citizens|people's|persons'|individuals'|insured\s+persons|lives|executives?(?:'s|s')?|employee(?:'s)?|person(?:'s)?|"
    r"patient(?:'s)?|user(?:'s)?|customer(?:'s)?|managers?(?:'s)?|directors?(?:'s)?|staff\s+members?|individual(?:'s)?|"
    r"travell?er(?:'s)?|guest(?:'s)?|passenger(?:'s)?|member(?:'s)?|applicant(?:'s)?|child(?:'s)?|seafarer(?:'s)?)\b|"
    r"^\s*of\s+(?:them|these|those|whom)\b"
)
_RECORDS_AFTER = _rx(
    r"^\s*(?:条|份|个)\s*(?:的)?(?:个人信息|个人数据|客户信息|用户信息|会员信息|员工信息|客户数据|用户数据|个人记录|病历|体检报告|档案)|"
    r"^\s*(?:[a-z-]+\s+){0,1}?records?\s+(?:of|containing|with)\s+(?:personal|customer|user|employee|patient)|"
    r"^\s*(?:personal|customer|user|employee|patient|medical|health)\s+records|"
    # orders and transactions: one person may place many ("3万单", "50,000 orders")
    r"^\s*(?:余|多)?\s*(?:单(?![位独价元次一])|笔(?:订单|交易|记录)?|个?订单)|"
    r"^\s*(?:[a-z-]+\s+){0,1}?(?:orders|bookings|transactions|reservations|shipments|parcels|visits|check-?ins|logins|sessions|trips|rides|"
    r"tickets|cases|claims|applications|forms)\b|^\s*(?:张|份|件)?(?:工单|案件|理赔单?|申请单?|表单)|"
    r"^\s*(?:[a-z-]+\s+){0,2}[(（]\s*人次"
)
_PERSON_TIMES_AFTER = _rx(r"^\s*人次")

# Group nouns: the words that name a group of people ("患者", "employees"), without the generic ones that also sit
# inside data words ("个人信息", "人员信息") or stand for any person. Used to tell whether a sentence speaks of the
# same group as a count or of another one.
_GENERIC_PERSON_NOUNS = {"人次", "人", "名", "位", "户", "员", "个人", "自然人", "人员", "数据主体", "信息主体"}
_GROUP_NOUN = re.compile(
    "|".join(sorted((n for n in _CJK_PERSON_NOUNS.split("|") if n not in _GENERIC_PERSON_NOUNS), key=len, reverse=True))
    + r"|\b(?:customers?|clients?|employees?|staff|users?|members?|patients?|passengers?|travell?ers?|guests?|"
    r"students?|consumers?|subscribers?|workers?|drivers?|applicants?|candidates?|children|minors|visitors?|shoppers?|players?|subjects|subject(?=\s+ids?\b)|"
    r"tenants?|borrowers?|investors?|policyholders?|crew|seafarers?|contractors?|dependants?|dependents?|relatives?)\b"
)


# The same group in both languages and in near-synonyms ("2,000名患者" and "patient name" in a form; 学员 / 学生):
# each noun folds to one name, so a count and a data mention in the other language still name the same people.
_SAME_GROUP: dict[str, str] = {
    **dict.fromkeys(("患者", "病人", "病患", "patient"), "patient"),
    **dict.fromkeys(("员工", "雇员", "职工", "employee", "staff", "worker", "劳动者"), "employee"),
    **dict.fromkeys(("客户", "顾客", "customer", "client"), "customer"),
    **dict.fromkeys(("用户", "user"), "user"),
    **dict.fromkeys(("会员", "member"), "member"),
    **dict.fromkeys(("学生", "学员", "student"), "student"),
    **dict.fromkeys(("儿童", "小朋友", "孩子", "学童", "幼儿", "未成年人", "children", "minor"), "child"),
    **dict.fromkeys(("乘客", "旅客", "passenger", "traveller", "traveler"), "passenger"),
    **dict.fromkeys(("住客", "房客", "guest"), "guest"),
    **dict.fromkeys(("司机", "driver"), "driver"),
    **dict.fromkeys(("玩家", "player"), "player"),
    **dict.fromkeys(("受试者", "subject"), "subject"),
    **dict.fromkeys(("消费者", "consumer"), "consumer"),
    **dict.fromkeys(("船员", "海员", "crew", "seafarer"), "crew"),
    **dict.fromkeys(("申请人", "applicant"), "applicant"),
    **dict.fromkeys(("候选人", "应聘者", "求职者", "candidate"), "candidate"),
}
# Nouns for minors name an age, not a role: "3,500个孩子" may be the same people as "学员" named elsewhere.
MINOR_GROUP = "child"


def group_nouns(text: str) -> set[str]:
    """The groups named in `text`: each group noun (lower-cased, English plurals folded to the singular) under one
    name for the same group in Chinese, English and near-synonyms."""
    found = {m.group(0).rstrip("s") if m.group(0).isascii() else m.group(0) for m in _GROUP_NOUN.finditer(text)}
    return {_SAME_GROUP.get(noun, noun) for noun in found}


_PERSON_BEFORE = _rx(
    r"(?:会员|用户|客户|员工|雇员|旅客|乘客|患者|船员|住客|消费者|玩家)(?:数|数量|规模|总数|总量)?\s*(?:约|大约|有|达|共|超过)?\s*$|"
    r"(?:人数|人员数量|数据主体数量|主体数量|信息主体|用户数|用户量|客户数|客户量|会员数|员工数|员工人数|规模|涉及|覆盖)\s*"
    r"(?:为|是|约|大约|达到|达|共|有|总计|合计|累计|:|：)?\s*$|"
    # "Subscribers since January are in the low six figures"
    r"\b(?:subscribers|users|customers|members|employees|patients|people|players|students)\b[^.;]{0,30}?\b(?:(?:are|is|were)\s+"
    r"(?:in\s+the|about|around|roughly)|total(?:led)?|reached|came\s+to|numbered)\s+$|"
    # "同步了多少人还没统计，可能几万": the figure answers the "how many people" just asked
    r"多少(?:个)?人[^。；;？?]{0,14}?(?:可能|大概|大约|约|估计|也许)(?:是|有)?\s*$|"
    r"(?:number\s+of\s+(?:people|persons|individuals|data\s+subjects|users|customers|employees|records)|headcount|data\s+subjects)"
    r"\s*(?:is|are|was|:|of|=|totals?|reaches)?\s*(?:about|around|approximately|roughly)?\s*$"
)
_PERIOD_YTD = _rx(
    r"今年以来|今年1月1日|今年一月一日|自(?:当年|今年|本年)?(?:1|一)月(?:1|一)日|(?:1|一)月(?:1|一)日(?:起|以来|至今)|本年度?累计|"
    r"今年累计|年初至今|年初以来|今年(?:内|全年|预计|计划|已|共|一共|总共|截至)?|本年度|"
    r"since\s+(?:1\s+january|january\s+1(?:st)?|jan\.?\s+1|january|jan\b|the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+year)|"
    r"(?:1|一)月(?:份)?以来|年初|"
    r"year[- ]to[- ]date|\bytd\b|so\s+far\s+this\s+year|this\s+year|this\s+calendar\s+year"
)
_PERIOD_OTHER = _rx(r"近(?:[一二三两四五几\d]+)年(?!的?(?:完整|全部|所有)?(?:交易|消费|订单|流水|记录|数据|病历|日志|行程|账单))|过去(?:[一二三两四五几\d]+)年(?!的?(?:完整|全部|所有)?(?:交易|消费|订单|流水|记录|数据|病历|日志|行程|账单))|历年|每月|每个月|月均|每天|每日|日均|每周|per\s+(?:month|day|week)|a\s+(?:month|day|week)\b|monthly|daily|weekly|去年|last\s+year")
_PERIOD_MULTI = _rx(
    r"近(?:[一二三两四五六七八九十几\d]+)年(?!的?(?:完整|全部|所有)?(?:交易|消费|订单|流水|记录|数据|病历|日志|行程|账单))|过去(?:的)?(?:[一二三两四五六七八九十几\d]+)年(?!的?(?:完整|全部|所有)?(?:交易|消费|订单|流水|记录|数据|病历|日志|行程|账单))|历年|累计至今|成立以来|自成立|"
    r"over\s+the\s+(?:last|past)\s+\w+\s+years|in\s+the\s+(?:last|past)\s+\w+\s+years|since\s+(?:we\s+were\s+)?(?:founded|inception|launch)|all[- ]time"
)
_PERIOD_PAST = _rx(
    r"去年|上年|上一年|前年|往年|历年|近(?:[一二三两四五几\d]+)年(?!的?(?:完整|全部|所有)?(?:交易|消费|订单|流水|记录|数据|病历|日志|行程|账单))|过去(?:的)?(?:[一二三两四五几\d]+)年(?!的?(?:完整|全部|所有)?(?:交易|消费|订单|流水|记录|数据|病历|日志|行程|账单))|"
    r"last\s+year|previous\s+year|the\s+year\s+before|(?:last|past)\s+\w+\s+years"
)
_PERIOD_NEXT = _rx(r"明年|下一年|来年|下年度|\bnext\s+(?:year|calendar\s+year)\b|\bin\s+20\d\d\s+instead\b")
_PER_PERIOD = _rx(
    r"(?:每月|每个月|月均|每天|每日|日均|每周|每季度|每个季度|每季|季均)\s*(?:约|大约|向境外|传输|提供|发送|新增|处理|涉及)*\s*$|"
    r"\b(?:each|every|per)\s+(?:month|quarter|week|day)\s*,?\s*(?:(?:we|roughly|about|around|approximately|some|send|push|sync)\s+){0,3}$"
)
# "分三批，每批约4万人", "in 4 batches, each batch about 30,000 people": the year's figure is the batches' sum.
_PER_BATCH = _rx(
    r"(?:每批|每一批|每个批次|每轮|每次|每笔传输|each\s+(?:batch|tranche|round|transfer|one)|per\s+(?:batch|tranche|round|transfer)|"
    r"every\s+(?:batch|tranche|transfer)|\beach)[^，,。;；\d]{0,24}$"
)
_BATCH_COUNT = _rx(
    r"分(?P<zh>[两二三四五六七八九十\d]+)(?:批|轮|个批次|次)|(?P<en>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
    r"(?:separate\s+|different\s+|distinct\s+)?(?:[a-z]+\s+)?(?:batches|tranches|rounds|transfers|exports|contracts|sccs|agreements|recipients|entities)\b|(?P<zh2>[两二三四五六七八九十\d]+)(?:批|轮|个批次|次传输)"
)
_PER_PERIOD_AFTER = _rx(
    r"^[^，,。;；]{0,24}?(?:(?:per|a|every)\s+(?:month|day|week|quarter)\b|monthly|daily|weekly|quarterly|每月|每天|每日|每周|每季度|每个季度)"
)
# How many periods a year has, by the word that names the period.
PERIODS_PER_YEAR: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"季|quarter"), 4), (re.compile(r"月|month"), 12), (re.compile(r"周|week"), 52), (re.compile(r"天|日|day|daily"), 365),
)
# "每季度大约3万名新会员，不重复", "about 30k new members every quarter": each period's people are new ones, so the periods of
# the year add up (S4¶2) instead of the year's figure being only at least one period's.
_NEW_EACH_PERIOD = _rx(
    r"新增|新(?:会员|用户|客户|注册|患者|学员|玩家|买家)|不重复|没有重复|无重复|不重叠|"
    r"\bnew\s+(?:[a-z-]+\s+)?(?:members|users|customers|sign-?ups|subscribers|patients|players|buyers|people|students)|no\s+overlap|non-?overlapping|distinct\s+(?:people|members|users|customers)"
)


_CJK_KIND_NOUNS = "|".join(n for n in _CJK_PERSON_NOUNS.split("|") if n not in ("人次", "人", "名", "位", "户", "员", "个人"))
# "学员都是12岁以下的小朋友", "我们的客户均为肿瘤患者", "Our learners are all aged 8–12", "All our players are under 14"
_DECLARED_KIND = _rx(
    rf"(?P<zh>{_CJK_KIND_NOUNS})(?:们)?\s*(?:都|全|均|全部|基本上?|主要|大多|大部分|一律)?\s*(?:是|为|属于|系)|"
    r"\b(?:our|the|all|all\s+(?:of\s+)?(?:our|the))\s+(?:[a-z-]+\s+)?(?P<en>[a-z]+)\s+(?:are|were)\b"
)


def _base_noun(t: _Text, c: ParsedCount) -> str | None:
    """The person noun after a count, without measure word, qualifiers or plural ("名学员" → 学员, "kids'" → kid)."""
    m = _PERSON_AFTER.match(t.low[c.span[1] : c.span[1] + 60])
    if not m:
        return None
    words = m.group(0).strip()
    zh = re.search(rf"(?:{_CJK_KIND_NOUNS})$", words)
    if zh:
        return zh.group(0)
    en = re.search(r"([a-z]+)(?:'s|s'|')?$", words)
    return _singular(en.group(1)) if en else None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _declared_sensitive_kinds(t: _Text, sens: Sequence[tuple[int, int, Polarity]]) -> frozenset[str]:
    """Person nouns the text says are of a sensitive kind, in a clause with a positive sensitive signal after them."""
    out = set()
    for m in _DECLARED_KIND.finditer(t.low):
        _, ce = t.clause(m.start(), m.end())
        if any(p == "pos" and m.end() <= s and e <= ce for s, e, p in sens):
            out.add(m.group("zh") or _singular(m.group("en")))
    return frozenset(out)


# Ages are not head-counts: "12岁以下的小朋友", "不满14周岁", "aged 8–12", "18 years old", "children under 12".
_AGE_AFTER = _rx(r"^\s*(?:周岁|岁|足岁|-?\s*years?[\s-]*old|-?\s*year-olds?|yrs?\b|y/?o\b)")
_AGE_BEFORE = _rx(
    r"(?:年龄|年满|年龄在|年龄段|岁数|\baged?\b|\bages\b|\bage\s+(?:of|between|from|group)|"
    r"(?:under|below|over|above)\s+(?:the\s+)?age\s+of)\s*(?:在|为|是|:|：|between|from)?\s*$"
)
_AGE_NOUN_BEFORE = _rx(
    r"(?:children|kids|minors|teens|teenagers|students|pupils|users|customers|members|people|persons|adults|patients|"
    r"players|learners|persons|individuals|anyone|those)\s*$"
)


def _is_age(t: _Text, c: ParsedCount) -> bool:
    start, end = c.span
    if _AGE_AFTER.match(t.low[end : end + 16]) or _AGE_BEFORE.search(t.low[max(0, start - 24) : start]):
        return True
    # "children under 12": a bound word right after a person noun, with no person noun of its own
    return bool(
        c.bound in ("under", "over", "at_least", "at_most") and not c.is_range and c.value < 150
        and re.match(r"\s*(?:under|below|over|above|aged|younger|older)", t.low[start:end])
        and _AGE_NOUN_BEFORE.search(t.low[max(0, start - 16) : start])
        and not _PERSON_AFTER.match(t.low[end : end + 40])
    )


_PERSON_AFTER_GE = _rx(rf"^\s*个\s*(?:(?:{_CJK_PERSON_QUALIFIERS})\s*){{0,2}}(?:的)?\s*(?:{_CJK_PERSON_NOUNS})")


def _is_people_count(t: _Text, c: ParsedCount) -> Literal["people", "at_most", ""]:
    start, end = c.span
    after = t.low[end : end + 60]
    if _is_age(t, c):
        return ""
    if _PERSON_TIMES_AFTER.match(after) or _RECORDS_AFTER.match(after) or "人次" in c.text or (
        re.match(r"^\s*(?:条\s*)?(?:records?|条记录|条数据)\b", after) and re.search(r"(?:\ball|全部|所有)\s*$", t.low[max(0, start - 8) : start])
    ):  # "all 50,000 records", "全部5万条记录": records of the people just described
        return "at_most"
    if re.match(r"^\s*(?:余|多)?\s*条", after) and re.search(
        r"(?:个人信息|个人数据|客户信息|用户信息|会员信息|员工信息)[^，,。]{0,8}$", t.low[max(0, start - 16) : start]
    ):
        return "at_most"  # "个人信息约30万条"
    if re.search(r"[人名位]|\b(?:people|persons|individuals|users|customers|employees|members)\b", c.text.lower()):
        return "people"  # the noun sits inside the bound: "100万人以上", "1,000,000 people or more"
    if _PERSON_AFTER.match(after):
        # "5个工作日", "3个月" are not people; "个人" and "个用户" are
        if re.match(r"^\s*个", after) and not _PERSON_AFTER_GE.match(after):
            return ""
        return "people"
    before = t.low[max(0, start - 40) : start]
    if _in_people_column(t, start):
        return "people"  # a cell of a table whose header counts people ("| 产品线 | 患者人数 |")
    batch = _BATCH_BEFORE.search(before) and _PEOPLE_DATA.search(t.low[slice(*t.sentence(start))])
    if _PERSON_BEFORE.search(before) or batch:
        # "涉及5家公司" is not people; "3月一批6万，5月一批5万" of 终端用户资料 is
        if re.match(r"^\s*(?:家|个|项|条|份|次|件|箱|吨|年|月|日|天|%|元|万元|亿元|美元|gb|tb|mb|companies|years|days)", after):
            return ""
        return "people"
    return ""


_COUNT_HEADER = _rx(r"人数|人次|患者数|用户数|客户数|会员数|员工数|headcount|people|persons|patients|users|customers|members|employees|subjects")


def _in_people_column(t: _Text, start: int) -> bool:
    """Whether `start` is in a cell of a pipe table ("| A型监测器 | 4,000 |") whose header cell in that column counts people."""
    header = _header_cell(t, start)
    return header is not None and bool(_COUNT_HEADER.search(header))


def _header_cell(t: _Text, start: int) -> str | None:
    """The header cell above `start` when it sits in a pipe table."""
    line_start = t.low.rfind("\n", 0, start) + 1
    line_end = t.low.find("\n", start)
    line = t.low[line_start : line_end if line_end >= 0 else len(t.low)]
    if line.count("|") < 2:
        return None
    column = t.low[line_start:start].count("|")
    lines = t.low[:line_start].split("\n")
    header = next((ln for ln in reversed(lines) if ln.count("|") >= 2 and not re.fullmatch(r"[\s|:-]*", ln)
                   and not any(ch.isdigit() for ch in ln)), None)
    if header is None:
        return None
    cells = header.split("|")
    return cells[column] if column < len(cells) else None


# "3月一批6万，5月一批5万", "another batch of 30,000": a batch's figure, in a sentence about people's data, counts people
_BATCH_BEFORE = _rx(r"(?:一批|这批|那批|第[一二三四五六七八九十\d]+批|每批|又一批|batch\s+of|another)\s*(?:约|大约|大概|about|around|roughly)?\s*$")
_PEOPLE_DATA = _rx(r"用户|客户|会员|员工|患者|学员|个人信息|资料|users?|customers?|members?|employees|patients|people|personal")


_MINORS_NOUN = _rx(
    r"^\s*(?:名|位|个)?\s*(?:such\s+|of\s+these\s+)?(?:[a-z-]+\s+)?(?:children|child\s+(?:users|members|players|students|learners)|kids|minors|"
    r"under-?14s?)\b|^\s*(?:名|位|个)?\s*(?:这样的|这些)?(?:儿童|少儿|小朋友|未成年人|未满14周岁|不满14周岁|幼儿|学龄前儿童|小学生)"
)
_ANAPHORIC_GROUP = _rx(r"^\s*(?:名|位|个)?\s*(?:such|these|those|of\s+these|of\s+them|这样的|这些|这类|此类|该类|上述)")


def _count_is_sensitive(t: _Text, c: ParsedCount, all_counts: Sequence[ParsedCount], sens_spans: Sequence[tuple[int, int, Polarity]],
                        pi_spans: Sequence[tuple[int, int, Polarity]], previous: bool | None = None,
                        declared: frozenset[str] = frozenset()) -> bool:
    """Whether a count is of sensitive PI. `previous` is the kind of the batch this count continues ("another
    2,000", "再传500个"): it decides when the count's own phrase names no data."""
    start, end = c.span
    cs, ce = t.clause(start, end)
    nxt = min((o.span[0] for o in all_counts if o.span[0] >= end), default=ce)
    prv = max((o.span[1] for o in all_counts if o.span[1] <= start), default=cs)
    seg = (max(cs, prv), min(ce, nxt))
    sens_here = [p for s, e, p in sens_spans if seg[0] <= s and e <= seg[1]]
    if sens_here:
        return "pos" in sens_here
    # "学员都是12岁以下的小朋友……3000名学员的姓名": people the text says are of a sensitive kind (children under
    # 14, patients) make any PI about them sensitive
    if declared and _base_noun(t, c) in declared:
        return True
    # "…aimed at children aged 12 and under. We have about 25,000 such child users": "such" / "这样的" points back
    # to people described in the sentence before, whose sensitive kind carries over
    if _ANAPHORIC_GROUP.match(t.low[end : end + 20]):
        ss, _ = t.sentence(start)
        ps, _ = t.sentence(max(0, ss - 2))
        if any(p == "pos" and ps <= s < ss for s, _, p in sens_spans):
            return True
    # the count's own noun names minors ("25,000 child users", "3000名少儿学员"): all PI of theirs is sensitive (PIPL 28)
    if _MINORS_NOUN.match(t.low[end : end + 30]):
        return True
    # the count's own person noun ("4,500 cardholders", "2000名被保险人") names people, not data
    noun = _PERSON_AFTER.match(t.low[end : end + 60])
    noun_span = (end, end + noun.end()) if noun else (end, end)
    pi_here = [p for s, e, p in pi_spans if seg[0] <= s and e <= seg[1] and not (noun_span[0] <= s and e <= noun_span[1])]
    if pi_here:
        return False
    if previous is not None:
        return previous
    # "我们收集体检报告，涉及5万人": the data is named in an earlier clause of the sentence
    ss, _ = t.sentence(start)
    back = [(s, p) for s, e, p in sens_spans if ss <= s and e <= seg[0]]
    back_pi = [s for s, e, p in pi_spans if ss <= s and e <= seg[0]]
    if back and not any(b > back[-1][0] for b in back_pi):
        return back[-1][1] == "pos"
    # "一名员工突发重病，需要把他的病历发给医院": the data is named later in the sentence
    _, se = t.sentence(start)
    ahead = [p for s, e, p in sens_spans if seg[1] <= s and e <= se]
    ahead_pi = [s for s, e, p in pi_spans if seg[1] <= s and e <= se]
    if ahead and not ahead_pi and not any(o.span[0] >= seg[1] and o.span[1] <= se for o in all_counts):
        return "pos" in ahead
    return _group_data_named_before(t, c, sens_spans, pi_spans)


def _group_data_named_before(t: _Text, c: ParsedCount, sens_spans: Sequence[tuple[int, int, Polarity]],
                             pi_spans: Sequence[tuple[int, int, Polarity]]) -> bool:
    """"We send de-identified trial data (subject ID, lab values…). 6,000 subjects so far this year.": a count whose
    sentence names no data counts the group whose data an earlier sentence named; that data is sensitive when the
    nearest such sentence names sensitive kinds only, for the same group."""
    ss, se = t.sentence(c.span[0])
    if any(ss <= s < se for s, _, _ in (*sens_spans, *pi_spans)):
        return False
    own = group_nouns(_header_cell(t, c.span[0]) or t.low[c.span[1] : min(se, c.span[1] + 16)])
    earlier = [s for s, _, _ in (*sens_spans, *pi_spans) if s < ss]
    if not own or not earlier:
        return False
    ps, pe = t.sentence(max(earlier))
    in_it = [(s, p) for s, _, p in sens_spans if ps <= s < pe]
    plain = [s for s, _, p in pi_spans if ps <= s < pe and p == "pos"]
    return bool(in_it) and all(p == "pos" for _, p in in_it) and not plain and bool(own & group_nouns(t.low[ps:pe]))


def loose_ceilings(t: _Text, counts: Sequence[ParsedCount]) -> list[ParsedCount]:
    """"小一万名患者……不到十万人是不是直接免了": a ceiling from zero after a figure it contains, in the same sentence,
    restates that figure loosely (it is neither a further group nor a second bound to add)."""
    return [b for a, b in itertools.pairwise(counts) if b.low == 0 and b.high is not None and a.high is not None
            and (a.low > 0 or a.approximate) and a.high < b.high and t.sentence(a.span[0]) == t.sentence(b.span[0])]


def counts_as_floors(values: dict[str, Any]) -> None:
    """A further batch of unknown size ("…another export went out but nobody recorded how many"): each people count in
    `values` (Facts field names) becomes at least its figure, with no upper limit."""
    for prefix in ("pi", "sensitive_pi"):
        if values.get(f"{prefix}_count_ytd") is not None and values.get(f"{prefix}_count_bound") in ("exact", "at_least", "over"):
            values[f"{prefix}_count_bound"], values[f"{prefix}_count_upper"] = "at_least", None
