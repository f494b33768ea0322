"""The processor's status: CIIO, the sector it states, what it says about the negative lists (on / off a
list, the entry route an entry states).

Documented decisions:

* CIIO. A mention counts only as a statement about the processor ("我们是关基", "被认定为关键信息基础设施运营者",
  "we are a CIIO", "as a CIIO"); a mention of CIIOs in general ("负面清单不适用于关基") sets nothing.
"""

from __future__ import annotations

import re

from assistant.facts.polarity import (
    _FORM_VALUE,
    Polarity,
    _find,
    _polarity,
    _rx,
    _spans_overlap,
    _status_flag,
    _Text,
)

# ------------------------------------------------------------------------------------------ CIIO

_CIIO = _rx(
    r"关基|关键信息基础设施(?:运营者|运营单位|运营商|企业|单位)?|\bciios?\b|\bcii\s+operators?\b|critical\s+information\s+infrastructure(?:\s+operators?)?"
)
_CIIO_ASSERT = _rx(
    r"(?:是|属于|为|系|作为|认定为|列为|确定为|识别为)(?:一家|一个)?\s*$|(?:不是|并非|非|不属于|未被认定为|没有被认定为|未被列为)\s*$|"
    r"(?:(?:\b(?:are|is|am|been|was|were|be|'re|not)|n't)\s+(?:not\s+)?(?:an?\s+|the\s+)?|\bas\s+an?\s+|designated\s+(?:as\s+)?(?:an?\s+)?|"
    r"qualif(?:y|ies)\s+as\s+(?:an?\s+)?|count\s+as\s+(?:an?\s+)?|our\s+status\s+as\s+(?:an?\s+)?)$"
)
_DOUBT_BEFORE = _rx(
    r"(?:don'?t|do\s+not|doesn'?t|does\s+not)\s+know\s+(?:whether|if)\b(?=[^.?]*\b(?:we|us|our|i)\b)|not\s+sure\s+(?:whether|if)\s+(?:we|our)|"
    r"unclear\s+whether\s+(?:we|our)|(?:不确定|不知道|不清楚|说不准|拿不准)(?:我们|我司|本公司|公司)?(?:是否|是不是|有没有|算不算)"
)
# "…关于关键信息基础设施认定的通知，我不确定我们是不是被认定了", "not sure whether we were designated"
_DESIGNATION_DOUBT = _rx(
    r"(?:不确定|不知道|不清楚|说不准|拿不准)(?:我们|我司|本公司|公司)?(?:是不是|是否|有没有|算不算)(?:已经)?(?:被)?(?:认定|列为|定为|列入|纳入)|"
    # "集团那边说我们好像被认定成关基运营者了，我也不确定"
    r"(?:好像|似乎|据说|听说|可能)(?:已经)?(?:被)?(?:认定|列为|定为|列入|纳入)|(?:我|我们)?也?不(?:太)?确定|"
    r"(?:not\s+sure|unsure|don'?t\s+know|unclear)\s+(?:whether|if)\s+(?:we|our\s+company)\s+(?:were|was|have\s+been|has\s+been|are|is)\s+"
    r"(?:designated|identified|listed|classified)"
)
_CIIO_AFTER = _rx(r"^\s*(?:企业|单位|身份)|^\s*status\b")
_CIIO_DESCRIBED = _rx(r"\s*[^，,。；;]{1,20}的|\s*(?:(?:an?|the|our)\s+)?(?!(?:an?|the|our)\b)[\w-]+(?:\s+[\w-]+)?\s+")
_CIIO_ACTS = _rx(
    r"^(?:运营者|运营单位|运营商|企业|单位|公司)?\s*[，,]?\s*(?:我们|我司)?(?:要|拟|需要|想|计划|准备|打算|将)?(?:把|将|向境外|向海外)|"
    r"^(?:\s+operator)?\s+(?:(?:wants?|plans?|needs?|intends?|is\s+planning|is\s+going)\s+to\s+|will\s+)?"
    r"(?:send|transfer|share|export|provide|move|sync|upload)s?\b"
)
_SELF = _rx(r"我们|我司|我方|本公司|本单位|该公司|本行|我行|本院|我院|本所|本集团|本企业|客户|\bwe\b|\bour\b|\bthe\s+company\b|\bthe\s+client\b")


def ciio_doubted(t: _Text) -> bool:
    """The asker says they do not know whether they are a CIIO ("I don't know whether we … have received a CIIO
    designation", "不确定我们是否属于关基"): unknown, and asked when it decides (SPEC §3a: "not sure" is a fact)."""
    return any(_DOUBT_BEFORE.search(t.low[t.sentence(s)[0] : s]) or _DESIGNATION_DOUBT.search(t.low[slice(*t.sentence(s))])
               for s, _, _ in _find(t, _CIIO))


def _ciio(t: _Text) -> bool | None:
    pols: list[Polarity] = []
    for start, end, pol in _find(t, _CIIO):
        before = t.low[max(0, start - 14) : start]
        cs, _ = t.clause(start, end)
        stated = bool(
            _CIIO_ASSERT.search(before)
            # "我们是临港新片区注册并在区内开展数据出境的关键信息基础设施运营者": the copula opens a long attribute
            or re.search(r"(?:我们|我司|本公司|本单位|公司|本行|我行|本院|我院|本所|本集团|本企业)(?:是|为|系|属于)(?:一家|一个)?[^，,。；;是]{0,40}的$",
                         t.low[cs:start])
            or (_CIIO_AFTER.match(t.low[end : end + 6]) and _SELF.search(t.low[max(0, start - 8) : start]))
            or _FORM_VALUE.match(t.low[end : end + 16])
            # the subject of the message: "临港注册的关基运营者，要把客户联系方式发往境外", "A Lingang CIIO wants to send…"
            # (described: "…注册的", "a Lingang-registered"; a bare "关基运营者向境外提供…需要评估吗" is the rule, not the asker)
            or (_CIIO_DESCRIBED.fullmatch(t.low[cs:start]) is not None and _CIIO_ACTS.match(t.low[end : end + 24]) is not None)
        )
        if pol == "neg" and re.search(r"(?:非|non-?)\s*$", before):
            stated = True
        ss, _ = t.sentence(start)
        if pol != "unsure" and _DOUBT_BEFORE.search(t.low[ss:start]):
            pol = "unsure"  # "I don't know whether we — as opposed to the bank itself — have received a CIIO designation"
        if pol != "unsure" and not stated:
            continue  # CIIOs in general ("负面清单不适用于关基"), not the processor
        pols.append(pol)
    return _status_flag(pols)


# ------------------------------------------------------------------------------------------ sector

_SECTORS: list[tuple[str, re.Pattern[str]]] = [
    ("reinsurance", _rx(r"再保险|分保|转分保|分出公司|分入|reinsur\w*|retrocession|cedent|ceding\s+compan")),
    (
        "shipping",
        _rx(
            r"国际航运|航运|船公司|船东|船舶|船员|海员|海运|港口|码头|集装箱|水路运输|班轮|船代|"
            r"shipping|maritime|vessels?|seafarers?|ship\s*owners?|port\s+operat\w*|container\s+terminal|liner|crew\s+management"
        ),
    ),
    (
        "trade",
        _rx(
            r"商贸|零售|餐饮|住宿|酒店|会员管理|百货|超市|连锁|商场|免税店|贸易公司|"
            r"retail\w*|catering|hospitality|hotels?|restaurants?|membership\s+(?:management|programme|program)|department\s+stores?|supermarkets?|"
            r"trading\s+(?:company|companies|firm|business)"
        ),
    ),
    ("insurance", _rx(r"保险公司|寿险|财险|产险|健康险|(?<![被投再])保险(?!人)|insur(?:er|ance)(?!\s+(?:policy|company\s+abroad))")),
    ("meteorology", _rx(r"气象|meteorolog\w*|weather")),
    ("biomedicine", _rx(r"生物医药|医药|制药|药企|临床试验|biomedic\w*|pharma\w*|clinical\s+trials?")),
    ("automotive", _rx(r"智能网联汽车|汽车|车企|automotive|connected\s+vehicles?|car\s+maker")),
    ("finance", _rx(r"银行|证券|基金|金融|支付机构|banks?\b|banking|securities|fund\s+management|financial\s+services")),
    ("healthcare", _rx(r"医院|诊所|医疗机构|hospitals?|clinics?")),
    ("logistics", _rx(r"物流|货代|快递公司|供应链公司|logistics|freight\s+forward\w*|courier\s+compan")),
    ("ecommerce", _rx(r"跨境电商|电商平台|电商|e-?commerce")),
    ("technology", _rx(r"互联网|软件|云服务|科技公司|saas|software|internet\s+compan|tech\s+compan")),
]
_LIST_SECTORS = ("reinsurance", "shipping", "trade", "insurance")
_SECTOR_SELF = _rx(
    r"(?:我们|我司|本公司|公司|该公司|客户|集团)?(?:是|为|属于|从事)(?:一家|一个)?[^，。,;]{0,22}$|(?:we\s+are|we're|is)\s+(?:an?|the)\s+[^.,;]{0,20}$|"
    r"(?:in\s+the|our)\s+$"
)
_LIST_COVERED = _rx(
    r"(?:行业|领域)(?:已经?|已有|有)(?:发布|出台|公布)?(?:了)?(?:数据出境)?(?:负面清单|清单)|"
    # "北京自贸区已经正式发布了医药领域的清单"
    r"(?:已经?|已)(?:正式)?(?:发布|出台|公布)了?[^，,。；;]{0,10}?(?:行业|领域)(?:的)?(?:数据出境)?(?:负面)?清单|(?:负面清单|清单)(?:已)?(?:覆盖|涵盖|包括)(?:了)?(?:我们|我司|本)?[^，,。；;]{0,8}?(?:行业|领域)|"
    r"(?:our\s+)?(?:sector|field|industry)\s+is\s+covered\s+by\s+(?:a|the)\s+(?:published\s+)?(?:negative\s+)?list|"
    r"(?:our\s+)?(?:sector|field|industry)\s+(?:has|have)\s+(?:a|an)\s+(?:published\s+|official\s+)?(?:negative\s+)?list|"
    r"(?:a|the)\s+(?:[\w'()-]+\s+){0,4}?(?:negative\s+)?list\s+(?:already\s+)?(?:covers|includes|extends\s+to)\s+(?:our|the)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:sector|field|industry)"
)
_LIST_NOT_COVERED = _rx(
    r"(?:行业|领域)[^，,。；;]{0,6}?(?:还|目前|尚)?(?:没有|未|尚未|没)(?:发布|出台|公布)?(?:数据出境)?(?:负面清单|清单)|不在(?:负面)?清单(?:覆盖|涵盖)(?:的)?(?:领域|范围|行业)|"
    r"(?:负面清单|清单)(?:没有|未|不|并未|尚未)(?:覆盖|涵盖|包括)(?:到)?(?:我们|我司|本)?(?:的)?[^，,。；;]{0,8}?(?:行业|领域)|"
    r"(?:sector|field|industry)\s+is\s+not\s+covered|(?:sector|field|industry)\s+(?:\([^)]{0,30}\)\s+)?(?:has|have)\s+no\s+(?:published\s+)?(?:negative\s+)?list|no\s+(?:published\s+)?(?:negative\s+)?list\s+(?:has\s+been\s+published\s+|exists\s+)?for\s+our\s+(?:sector|field|industry)|"
    r"not\s+covered\s+by\s+(?:any|the|a)\s+(?:published\s+)?(?:negative\s+)?list|"
    r"(?:there'?s|there\s+is|there\s+are)\s+no\s+(?:published\s+)?(?:negative\s+)?lists?\s+(?:yet\s+)?(?:for|covering)|"
    r"no\s+(?:published\s+)?negative\s+lists?\s+(?:yet\s+)?(?:for|covering)\s+(?:our|the|this)?|"
    r"no\s+(?:[a-z-]+\s+){0,2}?(?:negative\s+)?list\s+(?:has\s+(?:yet\s+)?been\s+(?:published|issued|released)|exists)\s+(?:yet\s+)?"
    r"(?:for|covering)\s+(?:our|the|this)\s+(?:[a-z-]+\s+)?(?:sector|field|industry)|"
    r"(?:还)?没有(?:针对|覆盖)?[^，,。；;]{0,8}?(?:行业|领域)?的?(?:负面)?清单|清单(?:里|中|上)?(?:还)?没有(?:我们|本|这个)?(?:的)?(?:行业|领域)|"
    # "the list covers reinsurance, shipping and commerce - automotive isn't one of its fields"
    r"(?:isn't|is\s+not|aren't|are\s+not)\s+(?:one\s+of\s+|among\s+)?(?:its|the\s+list'?s|their|those)\s+(?:fields|sectors|industries)|"
    r"不(?:属于|在)(?:清单|负面清单)?(?:所)?(?:覆盖|涵盖)?的?(?:领域|行业)(?:之内|范围内|之中)?|"
    # "我查了上海的负面清单，没有游戏这个领域": the field named, then denied
    r"清单[^。；;]{0,12}?(?:没有|没找到|找不到|查不到|不包括|未涵盖|不涉及)[^，,。；;]{0,8}?(?:这个|这一|该|这类)(?:行业|领域)|"
    # "no FTZ -- Shanghai or elsewhere -- has published a negative list covering education"
    r"\bno\s+[^.;?]{0,40}?\s(?:has|have)\s+(?:yet\s+)?(?:published|issued|released)\s+(?:a|any)\s+(?:[\w-]+\s+)?(?:negative\s+)?lists?\s+"
    r"(?:covering|for|that\s+covers)|none\s+of\s+the\s+(?:[\w-]+\s+)?(?:negative\s+)?lists\s+(?:covers?|includes?)\s+(?:our\s+)?"
    r"(?:[\w-]+\s+)?(?:sector|field|industry|business)"
)


def _sector(t: _Text) -> str | None:
    best: tuple[int, int, str] | None = None  # (rank: 0 = stated as ours, position, sector)
    taken: list[tuple[int, int]] = []
    for sector, pat in _SECTORS:
        for m in pat.finditer(t.low):
            if _spans_overlap(m.span(), taken):
                continue
            taken.append(m.span())
            if _polarity(t, m.start(), m.end()) != "pos":
                continue
            cs, _ = t.clause(m.start(), m.end())
            rank = 0 if _SECTOR_SELF.search(t.low[max(cs, m.start() - 24) : m.start()]) else 1
            if rank and sector not in _LIST_SECTORS:
                continue  # "向境外医院提供" names the recipient's field, not ours
            cand = (rank, m.start(), sector)
            if best is None or cand < best:
                best = cand
    return best[2] if best else None


_ON_LIST = _rx(
    r"属于[^，,。；;]{0,16}?(?:负面)?清单(?:条目|所列|范围)|(?:负面)?清单(?:上|内|中|里|所列)|列入(?:了)?(?:负面)?清单|清单所列|on\s+the\s+(?:[a-z-]+\s+){0,2}?(?:negative\s+)?list|"
    r"listed\s+(?:on|in)\s+the\s+(?:[a-z-]+\s+){0,2}?(?:negative\s+)?list|(?<=list)[^.;]{0,100}?\b(?:is|are)\s+on\s+it\b|"
    # "these fall under the crew-management scenario", "the 2024 list has this under the membership-management scenario",
    # "属于船员管理场景的条目": placed under a list's scenario or entry
    r"\b(?:falls?|comes?|sits?|is|are)\s+under\s+(?:a|an|the)\s+[\w/ -]{0,40}?\b(?:scenario|entry|category|item)\b|"
    r"\b(?:has|lists|puts|places)\s+(?:this|it|these|them|that)\s+under\s+(?:a|an|the)\s+[\w/ -]{0,40}?\b(?:scenario|entry|category|item)\b|"
    r"(?:属于|归在|归入|列在|落在)[^，,。；;]{0,16}?(?:场景|条目)|"
    # "our field has a published list; the crew passport scans are listed": listed on the list just named
    r"(?<=list)[^.?]{0,100}?\b(?:is|are)\s+(?:also\s+)?listed\b(?!\s+(?:as|below|above))"
)
_OFF_LIST = _rx(
    r"不(?:在|属于)[^，,。；;]{0,24}?(?:负面)?清单(?:上|内|中|里|范围内?|所列)?|未(?:被)?列入[^，,。；;]{0,20}?清单|"
    r"(?:负面)?清单(?:以)?外|not\s+(?:listed\s+)?on\s+(?:the\s+(?:negative\s+)?list|it|that\s+list|[a-z']{2,20}\s+(?:[a-z]+\s+){0,3}?(?:negative\s+)?list)|off\s+the\s+(?:negative\s+)?list|"
    r"outside\s+the\s+(?:negative\s+)?list|(?:isn't|aren't|is\s+not|are\s+not)\s+on\s+(?:it|that\s+list|there)\b|none\s+of\s+(?:it|them)\s+(?:is|are)\s+on\s+the\s+(?:negative\s+)?list|"
    r"(?:isn't|aren't|is\s+not|are\s+not|not)\s+(?:listed\s+)?(?:on|in)\s+the\s+(?:[a-z-]+\s+){0,2}?(?:negative\s+)?list|"
    r"(?:isn't|aren't|is\s+not|are\s+not|not)\s+(?:among|included\s+in|part\s+of|covered\s+by)\s+(?:the\s+)?(?:[a-z'-]+\s+){0,3}?(?:negative\s+)?list"
)


# "the entry says 'security assessment'", "那一栏写的是标准合同或认证": the route the user read on the list (SPEC §3a:
# taken as said; the illustrative list cannot confirm it).
_ENTRY_SAYS = _rx(
    r"(?:条目|这一项|那一项|这一栏|那一栏|该项|该条|对应(?:的)?(?:路径|方式)|清单(?:里|上|中)?(?:这一项|那一项)?)[^。；;]{0,6}?(?:写的是|写着|写明|载明|要求|规定|列明|标注|注明|是)|"
    r"(?:entry|item|line|list)\s+(?:says|states|requires|specifies|lists|names|is\s+marked|calls\s+for)|(?:entry|item)\s*(?:写的是|写着|要求|是)|"
    r"(?:listed|marked)\s+(?:as\s+)?(?:requiring|for)|(?:route|path(?:way)?)\s+(?:is|it\s+names|given)|\bwith\b(?=[^.;]{0,40}\bas\s+the\s+(?:route|mechanism|requirement))"
)
_ROUTE_SA = _rx(r"安全评估|安评|security\s+assessment")
_ROUTE_SC = _rx(r"标准合同|认证|standard\s+contract|\bscc\b|certification")


def _list_route(t: _Text) -> str | None:
    for m in _ENTRY_SAYS.finditer(t.low):
        if _polarity(t, m.start(), m.end()) == "unsure":
            continue
        tail = t.low[m.end() : m.end() + 40]
        cut = re.search(r"[。；;!?！？]|\.\s", tail)
        tail = tail[: cut.start()] if cut else tail
        sa, sc = _ROUTE_SA.search(tail), _ROUTE_SC.search(tail)
        if sa and not sc:
            return "security_assessment"
        if sc and not sa:
            return "standard_contract_or_certification"
    return None


def _on_list(t: _Text) -> bool | None:
    off = _find(t, _OFF_LIST)
    pols = [p for _, _, p in _find(t, _ON_LIST, [(s, e) for s, e, _ in off])]
    pols += ["neg" if p == "pos" else p for _, _, p in off]
    # "是否在负面清单上" asks; only statements count
    return _status_flag(p for p in pols if p != "unsure")
