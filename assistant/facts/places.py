"""Places: the zone of registration (M2, M8, P6¶2) and where the export is carried out.

Documented decisions:

* Zones. 临港 / 临港新片区 / Lingang / 洋山特殊综合保税区 (part of the Lingang New Area) → ``lingang`` — also when
  written as 上海自贸试验区临港新片区. 上海自贸试验区 / 上海自贸区 / 中国（上海）自由贸易试验区 / 外高桥保税区 /
  浦东机场综合保税区 / "Shanghai FTZ" → ``shanghai_ftz``; a bare 自贸区 / FTZ counts as Shanghai only when the
  text names Shanghai and no other FTZ. 浦东 / 奉贤 / 闵行 / 上海 alone stay unknown: those districts are only
  partly in the zone. Other Shanghai districts (徐汇, 静安 …) and other cities named as the place of
  registration ("注册在杭州", "registered in Beijing") → ``outside``; another province's FTZ (北京自贸区,
  Hainan Free Trade Port …) → ``other_ftz`` with ``other_ftz_name`` in pinyin. A "临港" of another city
  (天津临港) is not Lingang. A zone named as the subject of a question about the regime
  ("上海自贸区的负面清单…") or in a general question with no self-reference ("临港新片区的企业是否都适用…？") is not
  taken as the registration; a former registration ("原来注册在北京，现在迁到临港") gives way to the current one;
  a zone that is someone else's ("我们的客户在临港", "传给临港的一家公司", "our parent in the Hainan FTZ") is not
  ours.
* Export location (M2). An explicit statement sets ``export_in_zone`` ("出境活动在临港开展", "由北京分公司发送",
  "our Beijing branch sends…"); so does operating in the zone ("业务在新片区内开展", "区内经营", "we operate
  there") when no other place is named for the export. Registering in the zone alone does not imply it.
"""

from __future__ import annotations

import re

from assistant.facts.polarity import (
    _UNSURE_BEFORE,
    Polarity,
    _find,
    _polarity,
    _rx,
    _sentences,
    _spans_overlap,
    _status_flag,
    _Text,
)
from assistant.facts.status import _SELF
from assistant.models import Zone
from assistant.vocabulary import OTHER_FTZ_NAMES

# ------------------------------------------------------------------------------------------ zones

_OTHER_FTZ_NAMES = OTHER_FTZ_NAMES
_OTHER_FTZ_ALIASES = {"前海": "guangdong", "南沙": "guangdong", "横琴": "guangdong", "杭州片区": "zhejiang", "深圳": "guangdong"}
_EN_PROVINCES = "|".join(sorted({v for v in _OTHER_FTZ_NAMES.values()}, key=len, reverse=True))
_ZH_PROVINCES = "|".join(sorted(_OTHER_FTZ_NAMES, key=len, reverse=True))

_ZONE_PATTERNS: list[tuple[Zone, re.Pattern[str]]] = [
    (
        "lingang",
        _rx(
            r"(?<!天津)(?<!大连)(?<!日照)(?<!青岛)(?<!厦门)(?<!舟山)(?<!宁波)(?<!广州)(?<!南京)(?<!连云港)(?<!烟台)"
            r"(?:中国\s*\(\s*上海\s*\)\s*自由贸易试验区|上海自贸(?:试验)?区|上海自由贸易试验区)?临港(?:新片区|新区|片区|特殊综合保税区)?|"
            r"洋山特殊综合保税区|洋山综保区|洋山保税港区|洋山(?:深水)?港|lin-?\s?gang(?:\s+new\s+area|\s+special\s+area|\s+area)?|"
            r"yangshan(?:\s+(?:deep-?water\s+)?port)?|"
            r"yangshan\s+special\s+comprehensive\s+bonded\s+zone"
        ),
    ),
    (
        "shanghai_ftz",
        _rx(
            r"中国\s*\(\s*上海\s*\)\s*自由贸易试验区|上海(?:市)?自由贸易(?:试验)?区|上海自贸(?:试验)?区|沪自贸区|浦东自贸区|"
            r"外高桥(?:保税(?:区|物流园区))?|浦东机场综合保税区|(?:陆家嘴|张江|金桥|世博)(?:金融|高科技|开发)?片区|"
            r"china\s*\(\s*shanghai\s*\)\s*pilot\s+free\s+trade\s+zone|shanghai\s+(?:pilot\s+)?free[- ]trade\s+(?:pilot\s+|trial\s+)?zone|"
            r"shanghai\s+(?:pilot\s+)?ftz|waigaoqiao(?:\s+(?:free\s+trade|bonded)\s+zone)?"
        ),
    ),
    (
        "other_ftz",
        _rx(
            rf"(?:中国\s*\(\s*)?(?:{_ZH_PROVINCES})(?:\s*\))?(?:省|市)?(?:自由贸易试验区|自贸试验区|自贸区|自由贸易港|自贸港|自由贸易区)|"
            r"(?:前海蛇口|南沙|横琴)(?:新区)?片区|"
            rf"(?:{_EN_PROVINCES})\s+(?:pilot\s+)?(?:free[- ]trade\s+(?:pilot\s+|trial\s+)?(?:zone|port)|ftz|ftp)"
        ),
    ),
]
_BARE_FTZ = _rx(r"自贸试验区|自贸区|自由贸易试验区|\bftz\b|free[- ]trade\s+zone")
_OUTSIDE_FTZ = _rx(
    r"不在(?:任何)?(?:上海)?(?:自贸(?:试验)?区|自由贸易试验区|自贸区或临港|临港|区内)|(?:自贸(?:试验)?区|区)外(?:注册|企业|公司)|"
    r"非自贸(?:试验)?区|not\s+(?:registered\s+)?in\s+(?:any|the|an?)\s+(?:shanghai\s+)?(?:ftz|free[- ]trade\s+zone|pilot\s+free)|"
    r"outside\s+(?:of\s+)?(?:any|the)\s+(?:shanghai\s+)?(?:ftz|free[- ]trade\s+zone|zone)|not\s+in\s+any\s+(?:ftz|free[- ]trade)"
)
_CITIES_ZH = (
    "北京|天津|重庆|杭州|深圳|广州|南京|苏州|成都|武汉|西安|厦门|青岛|宁波|无锡|合肥|长沙|郑州|济南|大连|沈阳|福州|昆明|"
    "香港|澳门|台北|东莞|佛山|珠海|常州|南通|嘉兴|绍兴|温州|烟台|哈尔滨|长春|石家庄|太原|南昌|贵阳|南宁|海口|三亚|"
    "浙江|江苏|广东|福建|山东|河北|辽宁|湖北|河南|四川|陕西|湖南|安徽|云南|广西|"
    "黄浦|徐汇|长宁|静安|普陀|虹口|杨浦|宝山|嘉定|金山|松江|青浦|崇明|"
    "昆山|太仓|常熟|江阴|张家港|义乌|扬州|镇江|泰州|盐城|徐州|湖州|台州|金华|惠州|中山|江门|泉州|漳州|潍坊|威海|洛阳|芜湖"
)
_CITIES_EN = (
    "beijing|tianjin|chongqing|hangzhou|shenzhen|guangzhou|nanjing|suzhou|chengdu|wuhan|xi'?an|xiamen|qingdao|ningbo|"
    "wuxi|hefei|changsha|zhengzhou|jinan|dalian|shenyang|fuzhou|kunming|hong\\s+kong|macau|dongguan|foshan|zhuhai|"
    "xuhui|jing'?an|changning|huangpu|hongkou|yangpu|putuo|baoshan|jiading|songjiang|qingpu|"
    "kunshan|taicang|changshu|jiangyin|zhangjiagang|yiwu|yangzhou|changzhou|nantong|jiaxing|shaoxing|wenzhou|huizhou|zhongshan|quanzhou"
)
_AMBIGUOUS_PLACES_ZH = "上海|浦东|奉贤|闵行"
_REG_BEFORE = _rx(
    r"(?:注册(?:地|地址)?(?:在|于|为|是)?|设立(?:在|于)|成立(?:于|在)|落户(?:在|于)?|位于|坐落(?:在|于)|入驻(?:在)?|地处|"
    r"迁(?:到|入|至)|搬(?:到|迁至)|现(?:在)?(?:已经?)?(?:在)?|"
    r"总部(?:在|位于|设在)|是一家|是一个|为一家|是|一家)\s*(?:中国)?(?:的)?\s*$|"
    r"(?:registered|incorporated|established|located|based|set\s+up|domiciled|headquartered|registration\s+is)\s+(?:in|at)\s+(?:the\s+)?$|"
    r"(?:\bwe\s+are|we're|\bi\s+am|our\s+company\s+is|the\s+company\s+is|the\s+client\s+is)\s+(?:a|an)\s+$|^\s*(?:a|an)\s+$"
)
_REG_AFTER = _rx(
    r"^\s*(?:市|区|省|新区)?(?:的|内|里)?\s*(?:注册|设立|登记|成立)|"
    r"^\s*(?:市|区|省|新区)?(?:的|内)?\s*(?:一家|某|本地)?\s*[\u4e00-\u9fff]{0,8}?(?:公司|企业|机构|集团|法人|银行|再保险人|保险人|船东|船公司)|"
    r"^\s*(?:-based|-registered)?\s+(?:[a-z-]+\s+){0,2}?(?:company|firm|entity|subsidiary|reinsurer|insurer|business|enterprise|shipping\s+company|retailer|bank)\b"
)
_REGIME_AFTER = _rx(r"^\s*(?:的|出台的|发布的)?\s*(?:\d{4}\s*年?\s*版?的?)?\s*(?:数据出境)?(?:负面清单|清单|管理办法|办法|政策|规定)|^\s*'?s?\s*(?:negative\s+)?(?:list|measures|rules|regime|policy)")


def _zone_mentions(t: _Text) -> list[tuple[int, int, Zone, str | None]]:
    found: list[tuple[int, int, Zone, str | None]] = []
    taken: list[tuple[int, int]] = []
    for zone, pat in _ZONE_PATTERNS:
        for m in pat.finditer(t.low):
            if _spans_overlap(m.span(), taken):
                continue
            name = None
            if zone == "other_ftz":
                text = m.group(0)
                name = next((v for k, v in _OTHER_FTZ_NAMES.items() if k in text), None)
                name = name or next((v for k, v in _OTHER_FTZ_ALIASES.items() if k in text), None)
                name = name or next((v for v in _OTHER_FTZ_NAMES.values() if v in text), None)
            found.append((m.start(), m.end(), zone, name))
            taken.append(m.span())
    found.sort()
    return found


_QUESTION_CUE = _rx(r"是否|吗|么|\?|whether|\b(?:do|does|can|are|is)\s+(?:all\s+)?(?:companies|enterprises|firms)")


# Someone else's place: "传给临港的一家公司", "我们的客户在临港", "our parent in the Hainan FTZ"
_OTHER_PARTY_BEFORE = _rx(
    r"给|向|发往|传往|传到|传至|客户|供应商|合作方|合作伙伴|子公司|分公司|母公司|关联公司|对方|境外总部|海外总部|接收方|收件人|"
    r"\b(?:to|with|for)\b|client|customer|supplier|partner|subsidiary|branch|parent|affiliate|recipient|vendor"
)


def _other_party(t: _Text, start: int) -> bool:
    cs, _ = t.clause(start, start)
    return bool(_OTHER_PARTY_BEFORE.search(t.low[max(cs, start - 16) : start]))


def _registration_context(t: _Text, start: int, end: int) -> bool:
    cs, ce = t.clause(start, end)
    if _other_party(t, start):
        return False
    if _REG_BEFORE.search(t.low[max(cs, start - 14) : start]):
        return True
    if not _REG_AFTER.match(t.low[end : min(ce, end + 24)]):
        return False
    return not _general_question(t, start)


def _general_question(t: _Text, start: int) -> bool:
    """"临港新片区的企业是否都适用负面清单？" asks about zone companies in general, not about the asker."""
    ss, se = t.sentence(start)
    return bool(_QUESTION_CUE.search(t.low[ss:se]) and not _SELF.search(t.low[ss:se]))


def _zone_facts(t: _Text) -> tuple[Zone | None, str | None]:
    export_spans = [m.span() for pat in _EXPORT_AT for m in pat.finditer(t.low)]
    strong: list[tuple[int, Zone, str | None]] = []  # stated as the place of registration
    plain: list[tuple[int, Zone, str | None]] = []
    weak = False  # named only as the regime asked about ("上海自贸区的负面清单")
    denied = False
    for start, end, zone, name in _zone_mentions(t):
        pol = _polarity(t, start, end)
        if pol == "unsure":
            continue
        if pol == "neg":
            # "不在上海自贸区注册": outside. "不在临港" alone may still be elsewhere in the Shanghai FTZ.
            denied = denied or zone == "shanghai_ftz"
            continue
        if _REGIME_AFTER.match(t.low[end : end + 16]):
            weak = True
        elif _registration_context(t, start, end) or re.match(r"\s*(?:的)?(?:范围|区域|片区|辖区)(?:之)?内", t.low[end : end + 8]):
            strong.append((start, zone, name))  # ("海口注册，在海南自贸港范围内": inside the zone, whatever the city)
        elif _other_party(t, start):
            continue  # "我们的客户在临港": someone else's registration
        elif not _spans_overlap((start, end), export_spans) and not _general_question(t, start):
            plain.append((start, zone, name))
    if strong:
        return _pick_zone(strong)
    if denied or any(_polarity(t, m.start(), m.end()) != "unsure" for m in _OUTSIDE_FTZ.finditer(t.low)):
        return ("outside", None)
    city = _registered_city(t)
    if city is not None:
        return city
    if plain:
        return _pick_zone(plain)
    if weak:
        return (None, None)
    for m in _BARE_FTZ.finditer(t.low):
        if _polarity(t, m.start(), m.end()) != "pos" or not re.search(r"上海|浦东|shanghai|pudong", t.low):
            continue
        if _registration_context(t, m.start(), m.end()) or re.search(r"区内|in\s+the\s+(?:ftz|zone)", t.low):
            return ("shanghai_ftz", None)
    return (None, None)


def _pick_zone(found: list[tuple[int, Zone, str | None]]) -> tuple[Zone | None, str | None]:
    zones = {z for _, z, _ in found}
    if zones <= {"lingang", "shanghai_ftz"}:
        # Lingang is the more specific of the two (it is part of the Shanghai FTZ)
        return ("lingang", None) if "lingang" in zones else ("shanghai_ftz", None)
    if len(zones) == 1:
        _, z, n = found[0]
        return (z, n if z == "other_ftz" else None)
    _, z, n = found[0]  # several different zones stated: the first registration wins
    return (z, n if z == "other_ftz" else None)


_CITY_REG = _rx(
    rf"(?:注册(?:地|地址)?(?:在|于|为|是)|设立(?:在|于)|落户(?:在|于)?|位于|总部(?:在|位于|设在)|是一家|为一家|一家)\s*(?:中国)?\s*(?P<zh>{_CITIES_ZH}|{_AMBIGUOUS_PLACES_ZH})|"
    rf"(?P<zh2>{_CITIES_ZH}|{_AMBIGUOUS_PLACES_ZH})(?:市|区|省)?(?:注册|设立)|"
    rf"(?:registered|incorporated|established|domiciled|headquartered|based)\s+in\s+(?P<en>{_CITIES_EN}|shanghai|pudong)|"
    rf"(?:\bwe\s+are|we're|our\s+company\s+is|the\s+company\s+is|the\s+client\s+is)\s+an?\s+(?P<en2>{_CITIES_EN})(?:-based)?\s+(?:[a-z-]+\s+){{0,2}}?(?:company|firm|entity|business|subsidiary)"
)


def _registered_city(t: _Text) -> tuple[Zone | None, str | None] | None:
    for m in _CITY_REG.finditer(t.low):
        place = m.group("zh") or m.group("zh2") or m.group("en") or m.group("en2") or ""
        if _polarity(t, m.start(), m.end()) == "unsure":
            continue
        if re.search(r"原来|以前|之前|曾经|曾|formerly|previously|used\s+to", t.low[max(0, m.start() - 8) : m.start()]):
            continue  # a former registration
        if place in ("上海", "浦东", "奉贤", "闵行", "shanghai", "pudong"):
            return (None, None)  # partly inside the zone: ask
        tail = t.low[m.end() : m.end() + 12]
        if re.match(r"\s*(?:市|省)?(?:的)?\s*(?:自贸|自由贸易|pilot|free|ftz)", tail):
            continue  # "注册在北京自贸区" is an FTZ mention, read by _zone_mentions
        return ("outside", None)
    return None


# ------------------------------------------------------------------------------------------ export location

_IN_ZONE_PLACE = _rx(
    r"区内|本区|园区内|片区内|新片区|自贸(?:试验)?区内?|临港|洋山|lin-?\s?gang|the\s+zone|within\s+the\s+zone|in-zone|shanghai\s+ftz|"
    r"the\s+ftz|free[- ]trade\s+zone|外高桥"
)
# Registered and operating in the zone ("业务在新片区内开展", "we operate there") is read as the export being
# carried out there, unless another place is named for the export itself.
_OPERATE_IN_ZONE = _rx(
    r"(?:在|于)\s*(?:临港新片区|临港|新片区|片区|区内|自贸(?:试验)?区内|本区)(?:内)?\s*(?:开展|经营|运营|从事|办理)(?:[\u4e00-\u9fff]{0,8}?)(?:业务|经营|运营|活动)?|"
    r"(?:业务|经营|运营|生产经营)(?:也|均|都)?(?:在|于)\s*(?:临港新片区|临港|新片区|片区|区内|自贸(?:试验)?区)(?:内)?(?:开展|进行)?|"
    r"区内(?:经营|运营|开展业务)|"
    r"\b(?:we|and|also)\s+(?:also\s+)?(?:operate|export|run\s+(?:the|our)\s+business|do\s+business|carry\s+out\s+the\s+export)\s+"
    r"(?:(?:the\s+)?data\s+|it\s+)?(?:from\s+|in\s+|within\s+)?(?:there|the\s+zone|lingang|the\s+(?:shanghai\s+)?ftz|the\s+new\s+area)\b|"
    r"\b(?:operates|operating)\s+(?:from\s+|in\s+)?(?:there|the\s+zone|lingang|the\s+(?:shanghai\s+)?ftz)\b|"
    r"\b(?:run|do|carry\s+out|conduct|make|handle)\s+(?:our\s+|the\s+|all\s+)?(?:data\s+)?(?:exports?|transfers?)\s+(?:from\s+|in\s+)?"
    r"(?:there|the\s+zone|lingang|the\s+(?:shanghai\s+)?ftz)\b"
)
_OUT_PLACE = _rx(rf"区外|{_CITIES_ZH}|outside|elsewhere|{_CITIES_EN}|another\s+city|other\s+cit")
_EXPORT_AT = [
    _rx(
        r"(?:数据)?出境(?:活动|业务|行为|操作|工作)?(?:实际)?(?:也|均|都|将|是|则|仍)?(?P<neg>不|并不|没有|未)?"
        r"(?:在|由|从|通过)\s*(?P<place>[^，。；,;]{1,24}?)(?:开展|进行|实施|完成|发起|负责|操作|发出|执行|处理|办理)"
    ),
    # "数据出境实际上是杭州的IT中心做的": who does it, named by its place
    _rx(
        r"出境(?:工作|操作|活动|传输)?(?:实际上|其实|实际)?(?:都)?(?:是|由)\s*(?P<place>[\u4e00-\u9fff]{2,8}?)的?"
        r"(?:it|[\u4e00-\u9fff]{0,4})(?:中心|团队|部门|公司|办公室|机房|服务器)(?:在)?(?:做|操作|负责|执行|完成|发起|办)的?"
    ),
    _rx(
        r"(?P<neg>不|并不|没有|未)?(?:在|由|从|通过)\s*(?P<place>[^，。；,;在由从]{1,24}?)(?:开展|进行|实施|发起|负责|完成|统一|直接)?"
        r"(?:数据)?(?:的)?(?:出境|传输至境外|向境外(?:提供|传输|发送)|发送(?:至|到)?境外|传到境外|传往境外|传至境外|"
        r"(?:传|发|发送|传输|同步|上传)(?:给|到|至|往|出去|出))"
    ),
    _rx(
        r"(?P<place>[\u4e00-\u9fffa-z]{2,12}?)(?:的)?(?:总部|分公司|子公司|母公司|办公室|关联公司|团队|服务器|数据中心)"
        r"(?:负责|统一|直接)?(?:将|把)?[^，。；,;]{0,16}?(?:发送|传输|提供|出境|传至境外|传到境外|上传|发出|传出|发过去|传过去)"
    ),
    _rx(
        r"(?:export|transfer|sending|transmission|upload)s?(?:\s+activit(?:y|ies))?\s+(?:is|are|will\s+be|would\s+be|gets?)?\s*"
        r"(?P<neg>not\s+)?(?:carried\s+out|conducted|done|performed|handled|made|run|initiated|executed)\s+"
        r"(?:in|from|by|within|at|out\s+of)\s+(?P<place>[^.,;]{1,40})"
    ),
    _rx(
        r"\b(?:our|the|its)\s+(?P<place>[a-z' -]{2,30}?)\s+(?:branch|office|hq|headquarters|subsidiary|affiliate|entity|team|parent|servers?)"
        r"\s+(?:sends|will\s+send|transfers|will\s+transfer|exports|handles|does|uploads|performs|carries\s+out)"
    ),
    _rx(r"\b(?:send|sent|transfer|transferred|export|exported|upload)\w*\s+[^.;,]{0,40}?(?<!not\s)\bfrom\s+(?:our\s+)?(?P<place>[^.,;]{1,30})"),
    # "the nightly export job actually runs on our Kunshan warehouse servers"
    _rx(
        r"(?:export|transfer|sync|upload)(?:\s+(?:job|process|task|pipeline|script|run))?\s+(?:actually\s+|really\s+|in\s+fact\s+)?"
        r"(?:runs?|is\s+run|happens?|is\s+done|sits?|is\s+hosted|is\s+executed)\s+(?:on|in|at|from)\s+(?:our\s+|the\s+)?(?P<place>[^.,;]{1,40})"
    ),
    # "our servers and the team running the transfer sit in Hangzhou, and the data goes to Singapore from there"
    _rx(
        r"\b(?:servers?|team|teams|systems?|data\s+cent(?:re|er)s?|it\s+department)\b[^.;]{0,50}?\b(?:sit|sits|are|is|located|based|hosted|run)"
        r"\s+(?:all\s+)?in\s+(?P<place>[a-z' -]{2,20}?)(?=[,.;]|\s+and\b)(?:[^.;]|(?<=\d)\.(?=\d)){0,140}?\bfrom\s+there\b"
    ),
    _rx(
        r"\b(?:data|it|the\s+data|the\s+files)\s+(?:actually\s+|really\s+|physically\s+|in\s+fact\s+)?"
        r"(?:leaves|leave|is\s+sent|are\s+sent|goes\s+out|is\s+exported|are\s+exported|is\s+transferred)"
        r"\s+(?:china\s+)?(?:from|via|through)\s+(?P<place>[^.,;]{1,40})"
    ),
]


# An export place still being decided ("will probably run from Beijing — not decided yet") is not a statement.
_UNDECIDED = _rx(
    r"not\s+(?:yet\s+)?decided|undecided|to\s+be\s+decided|\btbd\b|还没(?:有)?(?:定|确定|决定)|尚未(?:确定|决定)|待定|未定|"
    r"(?:has|have)(?:n't|\s+not)\s+(?:yet\s+)?decided|could\s+be\s+either|either\s+way|两边都有可能|都有可能|还在(?:评估|比较|选)|"
    # someone else's guess, still being checked: "a colleague thinks the job actually runs on our Kunshan servers"
    r"\b(?:colleague|someone|somebody|he|she|they|it\s+team)\s+(?:thinks|believes|suspects|says\s+it\s+may)|still\s+checking|"
    r"(?:is|are)\s+(?:now\s+)?checking|to\s+be\s+confirmed|同事(?:觉得|认为|怀疑)|正在(?:核实|确认|核对)|还在(?:核实|确认|查)|待确认"
)


# "IT hasn't decided whether the sync will run from the Lingang server room or from our Kunshan data centre"
_EITHER = _rx(r"whether|either|\bor\b|还是|或者|或是|哪(?:个|边|里)")


def export_place_open(t: _Text) -> bool:
    """A sentence that weighs a place in the zone against one outside it while the choice is open: where the export is
    carried out is unknown (and asked when it decides)."""
    for ss, se in _sentences(t):
        text = t.low[ss:se]
        if _IN_ZONE_PLACE.search(text) and _OUT_PLACE.search(text) and _EITHER.search(text) and (
            _UNDECIDED.search(text) or _UNSURE_BEFORE.search(text)
        ):
            return True
    return False


def _export_place_hedged(t: _Text, start: int, end: int) -> bool:
    ss, se = t.sentence(start)
    return bool(_UNSURE_BEFORE.search(t.low[start:end]) or _UNDECIDED.search(t.low[ss:se]))


def _export_in_zone(t: _Text, zone: Zone | None) -> bool | None:
    """Where the export is carried out. "there / 当地" points back to the zone only when the registration named
    is a Shanghai zone ("registered in Lingang and we export data from there")."""
    here = zone in ("shanghai_ftz", "lingang")
    pols: list[Polarity] = []
    pointing: list[Polarity] = []  # "from there": the zone, unless an explicit place is also given
    for pat in _EXPORT_AT:
        for m in pat.finditer(t.low):
            place = m.group("place")
            points_back = bool(re.fullmatch(r"\s*(?:there|here|当地|那里|该区|本地)\s*", place))
            if here and points_back:
                place = "区内"
            if re.search(r"向|给|境外|海外|国外|\bto\b|abroad|overseas", place):
                continue  # "向境外母公司提供" names the recipient, not where the export is carried out
            negated = bool(m.groupdict().get("neg"))
            if _IN_ZONE_PLACE.search(place) and not re.search(r"区外|outside", place):
                value = True
            elif _OUT_PLACE.search(place):
                value = False
            else:
                continue
            if negated:
                value = not value
            elif _polarity(t, m.start(), m.end()) == "neg":
                value = not value  # "…, not from the Lingang office"
            if _polarity(t, m.start(), m.end()) == "unsure" or _export_place_hedged(t, m.start(), m.end()):
                continue
            (pointing if points_back else pols).append("pos" if value else "neg")
    pols = pols or pointing
    if not pols:
        pols = [
            p for s, e, p in _find(t, _OPERATE_IN_ZONE)
            if p != "unsure" and (here or not re.search(r"there|here|当地", t.low[s:e]))
        ]  # fmt: skip
    return _status_flag(pols)
