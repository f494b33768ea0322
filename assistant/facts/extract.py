"""Facts about one data export, read deterministically from a question in Chinese or English (SPEC §3).

Interface (BRIEF): ``extract_facts(text, language=None) -> Facts``, ``merge_facts(old, new) -> Facts``,
``apply_answer(facts, key, answer) -> Facts``. Every function accepts any ``str`` (control characters, emoji,
100 KB) and never raises for one; a non-``str`` argument raises ``TypeError`` (an unknown ``apply_answer`` key
``KeyError``, a language other than zh/en ``ValueError``). Only the first ``MAX_TEXT`` (20,000) characters are
read — ten pages, far beyond a question or a pasted e-mail — so extraction stays fast on hostile input.

How a signal is read. Each signal (a phrase such as 关基, 个人信息, 重要数据) is found in the text and given a
polarity from its clause (clauses end at 。！？；, commas and line breaks):

* ``unsure`` — 不确定 / 不清楚 / 是否 / 是不是 / 可能 / "not sure" / "whether" / "might" before it, or a question
  particle right after it ("是关基吗") → the fact stays unknown (None) and its key is listed in
  ``Facts.unsure``. "Not sure" is a fact: it is never turned into yes or no, and the rules can tell "the user
  does not know" from "the user did not say" (important data is read as not notified only in the latter).
* ``neg`` — a negation before it in the same clause (不含 / 不涉及 / 没有 / 未 / 非 / 不是 / 不在 / not / no /
  without …), unless the negation's scope has ended: 但 / 只 / 仅 / 开始 / "but" / "only" / "and we…", or an
  attributive 的 ("非关基的再保险公司": the negation is about 关基, not the reinsurer; "不含个人信息的数据"); or a
  denial right after it ("个人信息：无", "… is not included") → False.
* otherwise ``pos`` → True.
* A form field decides by its value, whatever its label says: "关基：否", "是否关基：否", "重要数据：无",
  "CIIO: no" → False; "：是/有/yes" → True; "：不确定" → unsure.

Conflicts. For what the data *contains* (PI, sensitive PI, important data, export-controlled technology) a
concrete positive mention beats a summary denial ("不含敏感个人信息……包括体检报告" → sensitive), because a
wrong exemption is worse than a question. For the processor's *status* (CIIO, zone, export location,
labour rules, treaty) a contradiction leaves the fact unknown, so the rules ask.

Ambiguities and how they are resolved (documented decisions):

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
* Hedged statements ("应该不是关基", "we think we are not a CIIO", "probably") are read as unsure: the user is
  asked rather than taken at a guess.
* Export location (M2). An explicit statement sets ``export_in_zone`` ("出境活动在临港开展", "由北京分公司发送",
  "our Beijing branch sends…"); so does operating in the zone ("业务在新片区内开展", "区内经营", "we operate
  there") when no other place is named for the export. Registering in the zone alone does not imply it.
* CIIO. A mention counts only as a statement about the processor ("我们是关基", "被认定为关键信息基础设施运营者",
  "we are a CIIO", "as a CIIO"); a mention of CIIOs in general ("负面清单不适用于关基") sets nothing.
* Important data means notified or published as such (P2). "已被告知/公布为重要数据" or "包含重要数据" → True;
  "未被告知…为重要数据" / "没有重要数据" → False; "可能是重要数据" or a self-assessment ("我们认为…是重要数据")
  → unknown. 核心数据 counts as important data (the stricter reading).
* Sensitive PI follows PIPL 28 (生物识别、宗教信仰、特定身份、医疗健康、金融账户、行踪轨迹、不满十四周岁未成年人).
  Identity-document numbers (身份证号, passport numbers and scans) are treated as sensitive (特定身份), as the
  national identification guidance does; this is the conservative reading. 生命健康 in the emergency
  wording of P5(3), 医疗器械 / 医疗机构 and 健康发展 are not health data. "非敏感个人信息 / 一般个人信息 /
  non-sensitive personal data" and "nothing (is) sensitive" are PI and deny sensitive PI — unless a concrete
  sensitive item is also named ("10万人的非敏感个人信息和2000人的健康信息" → sensitive).
* Pseudonymised (去标识化 / 假名化 / 脱敏 / pseudonymised / de-identified / masked / hashed) is still PI
  (PIPL 4, 73): ``pseudonymised=True`` and ``contains_pi=True``. 匿名化 / anonymised is taken as not PI only
  when the text also says it cannot identify anyone or be restored ("无法识别特定个人且不能复原",
  "irreversibly anonymised"); a bare "匿名化" sets nothing.
* Counts. A number counts people only when a person noun or measure word follows it (5万人, 15万名客户,
  500个新员工家属, 150k customers, 320k app members, 200,000 people's data) or a label precedes it (人数约15万,
  number of data subjects: …). An age is never a count ("12岁以下的小朋友", "不满14周岁", "aged 8–12", "children
  under 12", "18 years old"). "N条个人信息 / N records of personal data" bounds the people from above
  (``at_most``: one record is about one person at least once); 人次, "N单" and "N orders" likewise — unless a
  further batch counts persons ("700k customer records … another 550k customers": the records were customers). A count is a sensitive-PI count when a sensitive signal sits in its
  own phrase ("其中2000人的健康信息", "病历涉及3000人"); otherwise it is the non-sensitive count
  ("5万名员工的信息"); when its own phrase names no data, the rest of the sentence decides ("一名员工突发重病，
  需要把他的病历发给医院" → sensitive); a further batch that names no data ("再传500个", "another 2,000") is of the
  kind of the batch it continues. Several counts of the same kind in the year **add up** (P7/P8 count since 1
  January; S4¶2 forbids splitting a volume): batches ("3月6万名，8月还要再传5万名"), contracts, recipients, a
  planned batch later this year, and different groups ("员工5万人、客户10万人" → 150,000, the stricter reading:
  the groups may overlap but need not), exactly, or as a range when a figure is a range or open ("超过5万" + 3万 →
  at least 80,001). Not added: a part of another count (其中 / of whom / including / "3,000 of them" /
  "分两批：第一批…" and the parts after it in the sentence), the same people again ("这5万名客户", "the same 40,000
  members", "是同一批人"), the figures a total sums up ("…，合计5万人"), a bracketed refinement, and the counts
  below. "分三批，每批约4万人" is 120,000. A lower bound capped in the same sentence ("well over a hundred
  thousand guests … but nowhere near a million", "超过10万，但远不到100万") is one range. Figures quoted from rules ("办法说不满100万人",
  "I read that 100,000 people triggers…"), figures in a general question ("请问10万人以上需要…吗？") and volumes
  held rather than sent ("处理了300万人……只向境外提供了20万人") are not the export's count. "没有其他个人信息" /
  "nothing else" beside a sensitive count sets the non-sensitive count to 0. Per-month / per-day figures
  ("每月2万人") are read as ``at_least`` that figure and multi-year totals ("近三年累计50万人") as ``at_most``, both
  with ``counts_since_jan1=False``; 今年以来 / 自1月1日起累计 / "since 1 January" / "this year" set
  ``counts_since_jan1=True``; counts without a period are still used (the field stays None). A last-year figure
  is kept as stated with ``counts_since_jan1=False`` — unless this year's figure is also given ("去年50万人，今年
  1月1日以来只提供了3万人"), which then is the count (a bare "only 30,000" beside a people count counts people). Bounds and ranges follow :mod:`assistant.numbers`
  (以上/以下 include the number, 民法典 第1259条); a range becomes (low, ``at_least``, exclusive upper) in the
  ``*_count_upper`` fields. An estimate that lands exactly on a legal cut point ("约10万人", "about 1 million",
  "大约1万人" of sensitive PI) is widened by a tenth either way (90,000–110,000), so the rules ask which side
  it is on instead of deciding on a round number. A message that is only a figure ("大约3000人", "about 3,000 people") names no kind of
  data, so ``extract_facts`` leaves it alone and ``apply_answer`` gives it to the count that was asked.
* Purposes. ``trade_no_pi`` is added when the activity is one P3 names (国际贸易, 跨境运输, 学术合作, 跨国生产
  制造, 市场营销); whether the data holds PI is a separate fact the rules check. ``contract_with_individual``
  (跨境购物, 寄递, 支付, 开户, 机票酒店预订, 签证, 考试): ``individual_is_party`` is True only when an individual is
  named as the other party or the counterparties named are individuals (考生, 旅客, 消费者, consumers,
  travellers, buyers — not a bare 客户, which may be a company), False for a contract between
  companies (B2B, 与境外母公司/合作方签订的合同), unknown when both appear. ``hr_management`` with
  ``hr_rules_lawful`` from 劳动规章制度 / 集体合同 / 员工手册 / "collective agreement": SPEC §3 reads P5(2) as
  labour rules *or* a collective contract, so one present is enough ("按照劳动规章制度……没有集体合同" → True);
  only denials → False; "不确定是否有集体合同" → unknown. Mentioning such rules implies the HR purpose.
  ``foreign_collected_transit`` needs both "collected abroad" and "processed here / sent back";
  ``domestic_data_added`` from "加入境内个人信息" / "合并进了境内用户的个人信息" / "combined with domestic data"
  (negated → False).
* Data items are the noun phrases after 将/把 … 提供/传输, 向境外提供…, "出境数据包括…", "send/transfer … to",
  split at 、，和/及/and outside brackets, keeping only phrases that name data (信息, 数据, 记录, 报告, 扫描件,
  records, scans …). Each item carries its own PI / sensitive flags read from its own words, brackets included
  ("收货信息（姓名、电话、地址）" is PI). A statement about the data in general ("数据不在负面清单上") is applied to
  every item; with no item named it is kept on an item with an empty description, which ``merge_facts``
  spreads over the items named in earlier turns.
* Treaties (M15): only an international treaty or agreement counts; a reinsurance "treaty" (合约, "treaty
  terms") is a contract, not a treaty.

Answers (``apply_answer``). "是/否/yes/no" set a yes/no field; "不确定 / not sure" (anywhere in a short reply) and
question forms ("是不是…") leave it unknown; a bare figure ("约2000人", "150k") answers the count that was asked,
while a reply that names its data ("今年20万人，不含敏感个人信息") goes where it says; the rules' choice labels
("10万至不满100万人", "100,000 to under 1,000,000 people", "临港新片区", "是：RI-L-01 …") are understood; "是" to the
zone question means the Shanghai FTZ (Lingang is part of it) and "否" means outside. Whatever else the reply
states is merged in as well.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from assistant.models import CountBound, DataItem, Facts, Language, Purpose, Zone
from assistant.numbers import (
    ParsedCount,
    as_fact_count,
    find_counts,
    normalize_width,
    parse_count,
    parse_number,
)

__all__ = ["apply_answer", "extract_facts", "merge_facts"]

Polarity = Literal["pos", "neg", "unsure"]

# Only the first MAX_TEXT characters are read: ten pages, far beyond any real question or pasted e-mail, and it
# keeps extraction fast and bounded on pathological input (100 KB and more).
MAX_TEXT = 20_000


_ASCII_EDGE = r"(?:(?<=[a-z0-9])(?![a-z0-9])|(?<![a-z0-9])(?=[a-z0-9]))"


def _rx(pattern: str) -> re.Pattern[str]:
    """A pattern over lower-cased text. No IGNORECASE: the text is folded first, and case-folding thousands of
    CJK characters at compile time would cost a cold start ~0.2 s."""
    # \b would treat CJK as word characters ("不是ciio" has no \b before c); use ASCII word edges instead.
    return re.compile(pattern.replace(r"\b", _ASCII_EDGE))


def _rxi(pattern: str) -> re.Pattern[str]:
    """A small pattern applied to text in its original case (data-item descriptions)."""
    return re.compile(pattern.replace(r"\b", _ASCII_EDGE), re.IGNORECASE)


# ------------------------------------------------------------------------------------------ the text


def _lower_same_length(text: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_CLAUSE_END = _rx(r"[。！？!?；;\n\r\t]|,(?!\d{3})|(?<![\d.a-z])\.(?!\d)|\.\s|、(?=[^、]{0,3}(?:但|however))")


_SENTENCE_END = _rx(r"[。！？!?；;\n\r]|(?<![\d.a-z]{2}\.)(?<=[a-z)\d])\.(?=\s|$)|(?<=[\u4e00-\u9fff）)])\.(?=[\u4e00-\u9fff]|\s|$)")


class _Text:
    """The question folded to ASCII width and lower case (same length, so offsets hold), with clause ends."""

    def __init__(self, raw: str) -> None:
        self.raw = raw[:MAX_TEXT]
        self.low = _lower_same_length(normalize_width(self.raw))
        self.ends = [m.start() for m in _CLAUSE_END.finditer(self.low)]
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(self.low)]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_left(self.ends, start)
        cs = self.ends[i - 1] + 1 if i > 0 else 0
        j = bisect.bisect_left(self.ends, end)
        ce = self.ends[j] if j < len(self.ends) else len(self.low)
        return cs, max(ce, end)

    def sentence(self, start: int) -> tuple[int, int]:
        """The sentence around `start` (ends at 。！？!?；; line breaks and an English full stop)."""
        i = bisect.bisect_left(self.sentence_ends, start)
        cs = self.sentence_ends[i - 1] + 1 if i > 0 else 0
        ce = self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.low)
        return cs, ce


# ------------------------------------------------------------------------------------------ polarity

_UNSURE_BEFORE = _rx(
    r"不确定|不清楚|不知道|不太清楚|不太确定|不好说|不明确|尚不明确|无法确定|难以确定|待确认|待定|是否|是不是|有没有|"
    r"算不算|属不属于|会不会|可能|也许|或许|疑似|not\s+sure|unsure|don'?t\s+know|do\s+not\s+know|unclear|"
    r"uncertain|not\s+certain|whether|maybe|might|\bmay\b|possibly|perhaps|could\s+be|wonder|probably|presumably|"
    r"\bi\s+(?:think|believe|guess)\b|\bwe\s+(?:think|believe|guess)\b|\b(?:i|we)\s+(?:don'?t|do\s+not)\s+(?:think|believe)\b|"
    r"\bi\s+doubt\b|likely|记不清|不记得|想不起|拿不准|说不准|吃不准|不敢确定|"
    r"(?:应该|大概|估计|好像|似乎)(?=是|不是|属于|不属于|没有|不会|不涉及|不含|有|算|不算)"
)
# An English question puts the verb first: "Are we a CIIO?", "Is this important data?" (not "the entity is our…")
_UNSURE_NEAR_BEFORE = _rx(r"^\s*(?:so\s+|then\s+|and\s+|but\s+)?(?:are|is|am|do|does)\s+(?:we|it|this|that|they|our|the\s+data)\b[^,.;]{0,24}$")
_UNSURE_AFTER = _rx(r"^[^，,。;；]{0,4}?(?:吗|么|嘛|与否|\?)|^\s*or\s+not\b")
_NEG_BEFORE = _rx(
    r"不含|不包含|不包括|不涉及|不存在|不属于|不是|并非|并不|非(?!常|法)|无(?!论|法|需|须|关)|没有|没|未(?!来|满|成年|经)|"
    r"均不|都不|也不|不会|不再|不在|不(?=$|向|对|传|提供|发送|处理|收集|出境|把|将|用|做|列入|掺|加入|添加|混|引入|增加|夹带|合并|融合)|"
    r"(?<![a-z])(?:no|not|non|without|never|neither|nor|none|nothing|excluding|exclude[sd]?|free\s+of)(?![a-z])|n't"
)
# A negation stops at an attributive 的 ("非关基的再保险公司", "不含个人信息的数据") or a new predicate.
_NEG_RESET = _rx(
    r"但|只|仅|而是|开始|除了|除|只是|(?<!别)(?<!其他)(?<!其它)(?<!任何)的|并且|而且|同时|"
    r"(?<![a-z])(?:except|only|but|however|besides|other\s+than|apart\s+from|and\s+(?:we|it|they|our|i|the\s+company))(?![a-z])"
)
_NEG_AFTER = _rx(
    r"^\s*(?:[:：]\s*)(?:无|否|没有|不涉及|none|no\b|n/?a\b)|^\s*(?:均|都|也|则|方面)?\s*(?:不涉及|不存在|没有涉及|未涉及)|"
    r"^\s*(?:is|are|was|were|will\s+be)\s+not\s+(?:included|involved|concerned|transferred|sent|exported|part)|"
    r"^\s*(?:isn't|aren't)\s+(?:included|involved|transferred|sent)"
)


# A form field: "关基：否", "是否关基：否", "CIIO: no", "重要数据：无" — the value decides, whatever the label says.
_FORM_VALUE = _rx(
    r"^\s*[)）]?\s*[:：]\s*(?:(?P<yes>是|有|涉及|包含|属于|yes|y|true)|(?P<no>否|无|没有|不涉及|不是|不属于|no|n|none|false|n/a)|"
    r"(?P<unsure>不确定|不清楚|未知|待确认|未说明|不详|待补充|待定|unknown|not\s+sure|unsure|not\s+stated|unspecified|tbd))(?![\u4e00-\u9fffa-z])"
)


def _polarity(t: _Text, start: int, end: int) -> Polarity:
    form = _FORM_VALUE.match(t.low[end : end + 16])
    if form:
        return "pos" if form.group("yes") else "neg" if form.group("no") else "unsure"
    cs, ce = t.clause(start, end)
    before = t.low[max(cs, start - 60) : start]
    after = t.low[end:ce]
    if _UNSURE_BEFORE.search(before) or (start - cs <= 40 and _UNSURE_NEAR_BEFORE.search(t.low[cs:start])):
        return "unsure"
    if _UNSURE_AFTER.match(after):
        return "unsure"
    for m in reversed(list(_NEG_BEFORE.finditer(before))):
        if not _NEG_RESET.search(before[m.end() :]):
            return "neg"
        break
    if _NEG_AFTER.match(after):
        return "neg"
    return "pos"


def _spans_overlap(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < a[1] and a[0] < e for s, e in spans)


def _find(t: _Text, pattern: re.Pattern[str], mask: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, Polarity]]:
    out = []
    for m in pattern.finditer(t.low):
        if m.end() == m.start() or _spans_overlap(m.span(), mask):
            continue
        out.append((m.start(), m.end(), _polarity(t, m.start(), m.end())))
    return out


def _content_flag(pols: Iterable[Polarity]) -> bool | None:
    """What the data contains: a concrete positive mention beats a summary denial."""
    seen = set(pols)
    if "pos" in seen:
        return True
    if "neg" in seen:
        return False
    return None


def _status_flag(pols: Iterable[Polarity]) -> bool | None:
    """The processor's status: a contradiction leaves it unknown."""
    seen = set(pols)
    if "pos" in seen and "neg" in seen:
        return None
    if "pos" in seen:
        return True
    if "neg" in seen:
        return False
    return None


# ------------------------------------------------------------------------------------------ data signals

_NON_SENSITIVE_PI = _rx(
    r"非敏感(?:的)?个人(?:信息|数据)|一般个人(?:信息|数据)|普通个人(?:信息|数据)|"
    r"non-?\s?sensitive\s+(?:personal\s+)?(?:data|information|pi)|ordinary\s+personal\s+(?:data|information)"
)
_SENSITIVE_MASK = _rx(
    r"生命健康|人身健康|身心健康|公共健康|健康发展|健康码|医疗器械|医疗设备|医疗机构|医疗行业|医疗领域|"
    r"life,?\s+health|health\s+(?:and|or)\s+(?:safety|property)|public\s+health|healthcare\s+(?:sector|industry)|"
    r"敏感个人信息出境标准|unsure|身份证明文件\s*\(?营业执照|儿童用品|儿童服装|儿童玩具|面部护理|面部护肤|企业账户|公司账户|对公账户|"
    r"medical\s+(?:devices?|equipment|supplies|instruments)|children's\s+(?:products|clothing|toys|wear)"
)
_SENSITIVE = _rx(
    r"敏感个人信息|个人敏感信息|敏感信息|敏感数据|健康|医疗|病历|病例|病史|体检|诊断|诊疗|就诊|处方|用药|检验报告|检查报告|血型|"
    r"病假|病休|孕期|怀孕|生育|伤残|工伤|心理咨询|精神疾病|残疾证|患者|病人|疾病|肿瘤|癌症|糖尿病|心率|血压|血糖|睡眠数据|睡眠监测|"
    r"化验|基因|遗传|生物识别|人脸|面部|面容|指纹|声纹|虹膜|掌纹|步态|宗教|信仰|特定身份|金融账户|银行账户|银行账号|"
    r"银行卡|信用卡|借记卡|账户信息|支付账户|证券账户|账户流水|银行流水|征信|行踪|行动轨迹|出行轨迹|位置轨迹|个人轨迹|"
    r"活动轨迹|精准定位|精确定位|定位信息|不满(?:十四|14)周岁|未满(?:十四|14)周岁|(?:十四|14)周岁以下|(?:十四|14)岁以下|"
    r"未成年人|儿童|小朋友|小学生|幼儿|少儿|"
    r"(?:[1-9]|1[0-3]|[一二两三四五六七八九]|十[一二三]?)\s*(?:周)?岁(?:以下|及以下|之下|以内)|"
    r"身份证|护照|证件号|证件信息|犯罪记录|违法犯罪|性取向|残疾|残障|"
    r"sensitive\s+personal\s+(?:data|information)|sensitive\s+(?:data|information|pi)|special\s+categor(?:y|ies)|"
    r"health|medical|patients?|diagnos\w*|clinical|prescriptions?|biometric\w*|facial|face\s+(?:images?|photos?|scans?|recognition|data|templates?|prints?|features?)|"
    r"fingerprints?|iris|voiceprints?|genetic|dna|religio\w*|bank\s+(?:accounts?|cards?|statements?|details)|credit\s+cards?|"
    r"debit\s+cards?|payment\s+cards?|financial\s+accounts?|card\s+numbers?|account\s+numbers?|"
    r"location\s+(?:data|history|tracking|traces?)|precise\s+location|whereabouts|travel\s+history|trajector(?:y|ies)|"
    r"gps\s+(?:data|traces?|tracks?)|children|minors|kids|pupils|under\s+(?:the\s+age\s+of\s+)?(?:[1-9]|1[0-4])(?![\d,.])\b|"
    r"aged\s+(?:[1-9]|1[0-3])\s*(?:-|–|to)\s*(?:[1-9]|1[0-3])\b|criminal\s+records?|"
    r"sick\s+leave|pregnan\w*|maternity|disabilit\w*|mental\s+health|occupational\s+injur\w*|"
    r"heart[- ]rate|blood\s+(?:pressure|glucose|sugar|tests?)|sleep\s+(?:data|patterns?|tracking|records?)|"
    r"sexual\s+orientation|passports?|id\s+(?:cards?|numbers?|documents?)|national\s+id|identity\s+(?:cards?|documents?|numbers?)|blood\s+type"
)
_SENSITIVE_BARE = _rx(r"(?<!非)敏感(?!个人信息|信息|数据)|\bsensitive\b")
_PI = _rx(
    r"个人信息|个人数据|个人隐私|隐私数据|姓名|通话录音|客服录音|订单信息|收货信息|手机号|电话号码|联系电话|联系方式|电子邮箱|邮箱地址|家庭住址|住址|收货地址|"
    r"简历|工资|薪资|薪酬|人事档案|人事数据|人事信息|(?:员工|雇员|职工)(?:的)?(?:信息|数据|档案|资料|名单|花名册|记录)|"
    r"(?:客户|用户|会员|乘客|旅客|游客|住客|患者|病人|消费者|学员|考生|船员|海员|人员|联系人|买家|顾客|学生|司机|员工)(?:的)?"
    r"(?:个人|报名|订单|收货|收件|联系|身份|预订|注册|浏览|消费|购买|交易)?"
    r"(?:信息|数据|资料|名单|档案|记录|姓名|联系方式)|"
    r"被保险人|投保人|受益人|收件人|寄件人|持卡人|汇款人|收款人|付款人|申请人|乘机人|入住人|联系人|个人客户|自然人|"
    r"personal\s+(?:data|information|info|details)|\bpii\b|\bpi\b|contact\s+(?:details|information|info|data)|"
    r"(?:customer|client|employee|staff|passenger|patient|user|member|crew|seafarer|traveller|traveler|guest|policyholder|"
    r"consumer|student|candidate|applicant)s?'?\s+(?:crm\s+|account\s+|personal\s+|contact\s+|order\s+|booking\s+)?(?:names?|data|information|info|records?|details|profiles?|files?|contacts?|"
    r"lists?|emails?|addresses|phone\s+numbers?)|"
    r"phone\s+numbers?|mobile\s+numbers?|e-?mail\s+addresses|\bnames\s+(?:and|,)\s+(?:e-?mails?|phones?|mobile|addresses|contact)|home\s+address(?:es)?|payroll|salar(?:y|ies)|"
    r"hr\s+(?:data|records|files)|personnel\s+(?:files|records|data)|resumes?|\bcvs?\b|cardholders?|data\s+subjects?|"
    r"(?:names|addresses|phone\s+numbers|e-?mails|details|records|recordings|transcripts|photos|scans|files|data|information)\s+of\s+"
    r"(?:our\s+|the\s+|their\s+|all\s+)?(?:[a-z]+\s+)?"
    r"(?:customers|clients|employees|users|members|passengers|guests|patients|staff|travell?ers|seafarers|crew|individuals|people)|"
    r"natural\s+persons?|insured\s+persons?|policyholders?|(?:their|his|her|guests'?|customers'?|passengers'?|travell?ers'?)\s+names"
)
# "签个人信息出境标准合同", "个人信息保护认证", "the PIPL": the name of a mechanism or a law, not data that is sent.
_PI_MASK = _rx(
    r"个人信息出境标准合同|个人信息保护认证|个人信息保护影响评估|个人信息保护法|个人信息出境认证|"
    r"personal\s+information\s+protection\s+(?:certification|impact\s+assessment|law)|standard\s+contract\s+for\s+(?:the\s+)?(?:outbound|cross-border)"
)
_PSEUDO = _rx(r"去标识化|假名化|脱敏|pseudonymi[sz]\w*|de-?identified|de-?identification|masked|hashed|tokeni[sz]ed")
_ANON = _rx(r"匿名化|anonymi[sz]\w*")
_TRULY_ANON = _rx(
    r"(?:无法|不能|不可)(?:再)?识别特定(?:的)?(?:自然人|个人)(?:且|并且|，|,)?(?:不能|无法|不可)复原|不能复原|不可复原|无法复原|无法再识别|不可逆|"
    r"irreversibl\w*|cannot\s+be\s+(?:re-?identified|reversed|linked|restored)|(?:can\s+)?no\s+longer\s+identify\s+(?:any\s+)?(?:person|individual|one)|"
    r"truly\s+anonymi[sz]\w*|fully\s+anonymi[sz]\w*"
)
_IMPORTANT = _rx(r"重要数据|核心数据|important\s+data|core\s+data")
_IMPORTANT_SELF = _rx(r"认为|自行|自评|自己(?:判断|评估|认定)|内部评估|we\s+(?:think|believe|consider)|self-?assess\w*|in\s+our\s+view")
_EXPORT_CONTROL = _rx(
    r"出口管制|管制物项|两用物项|技术出口|禁止出口|限制出口|出口许可|export[- ]control\w*|dual[- ]use|controlled\s+(?:items?|technolog\w*)|"
    r"technology\s+export|export\s+licen[cs]e|ear99|itar|禁止出口限制出口技术目录|禁止或限制出口|限制出口技术|"
    r"(?:prohibited|restricted)\s+(?:or\s+restricted\s+)?from\s+export|catalogue\s+of\s+technologies\s+prohibited"
)
_TREATY = _rx(
    r"国际条约|(?<!数据处理)(?<!再保险)条约|国际协定|双边协定|多边协定|中国缔结|缔结或者参加|"
    r"international\s+(?:treat(?:y|ies)|agreements?)|treat(?:y|ies)\s+(?:that\s+)?china|bilateral\s+(?:treat(?:y|ies)|agreements?)|"
    r"\btreaty\s+(?:applies|governs|provisions?\s+appl)"
)


# ------------------------------------------------------------------------------------------ zones

_OTHER_FTZ_NAMES = {
    "北京": "beijing", "天津": "tianjin", "海南": "hainan", "广东": "guangdong", "福建": "fujian", "浙江": "zhejiang",
    "江苏": "jiangsu", "山东": "shandong", "河北": "hebei", "辽宁": "liaoning", "湖北": "hubei", "河南": "henan",
    "重庆": "chongqing", "四川": "sichuan", "陕西": "shaanxi", "湖南": "hunan", "安徽": "anhui", "云南": "yunnan",
    "广西": "guangxi", "黑龙江": "heilongjiang", "新疆": "xinjiang",
}  # fmt: skip
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
    "黄浦|徐汇|长宁|静安|普陀|虹口|杨浦|宝山|嘉定|金山|松江|青浦|崇明"
)
_CITIES_EN = (
    "beijing|tianjin|chongqing|hangzhou|shenzhen|guangzhou|nanjing|suzhou|chengdu|wuhan|xi'?an|xiamen|qingdao|ningbo|"
    "wuxi|hefei|changsha|zhengzhou|jinan|dalian|shenyang|fuzhou|kunming|hong\\s+kong|macau|dongguan|foshan|zhuhai|"
    "xuhui|jing'?an|changning|huangpu|hongkou|yangpu|putuo|baoshan|jiading|songjiang|qingpu"
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
        elif _registration_context(t, start, end):
            strong.append((start, zone, name))
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
    _rx(
        r"(?P<neg>不|并不|没有|未)?(?:在|由|从|通过)\s*(?P<place>[^，。；,;在由从]{1,24}?)(?:开展|进行|实施|发起|负责|完成|统一|直接)?"
        r"(?:数据)?(?:的)?(?:出境|传输至境外|向境外(?:提供|传输|发送)|发送(?:至|到)?境外|传到境外|传往境外|传至境外|"
        r"(?:传|发|发送|传输|同步|上传)(?:给|到|至|往))"
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
    _rx(r"\b(?:send|sent|transfer|transferred|export|exported|upload)\w*\s+[^.;]{0,40}?\bfrom\s+(?:our\s+)?(?P<place>[^.,;]{1,30})"),
    _rx(
        r"\b(?:data|it|the\s+data|the\s+files)\s+(?:actually\s+|really\s+|physically\s+|in\s+fact\s+)?"
        r"(?:leaves|leave|is\s+sent|are\s+sent|goes\s+out|is\s+exported|are\s+exported|is\s+transferred)"
        r"\s+(?:china\s+)?(?:from|via|through)\s+(?P<place>[^.,;]{1,40})"
    ),
]


# An export place still being decided ("will probably run from Beijing — not decided yet") is not a statement.
_UNDECIDED = _rx(r"not\s+(?:yet\s+)?decided|undecided|to\s+be\s+decided|\btbd\b|还没(?:有)?(?:定|确定|决定)|尚未(?:确定|决定)|待定|未定")


def _export_place_hedged(t: _Text, start: int, end: int) -> bool:
    ss, se = t.sentence(start)
    return bool(_UNSURE_BEFORE.search(t.low[start:end]) or _UNDECIDED.search(t.low[ss:se]))


def _export_in_zone(t: _Text, zone: Zone | None) -> bool | None:
    """Where the export is carried out. "there / 当地" points back to the zone only when the registration named
    is a Shanghai zone ("registered in Lingang and we export data from there")."""
    here = zone in ("shanghai_ftz", "lingang")
    pols: list[Polarity] = []
    for pat in _EXPORT_AT:
        for m in pat.finditer(t.low):
            place = m.group("place")
            if here and re.fullmatch(r"\s*(?:there|here|当地|那里|该区|本地)\s*", place):
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
            if _polarity(t, m.start(), m.end()) == "unsure" or _export_place_hedged(t, m.start(), m.end()):
                continue
            pols.append("pos" if value else "neg")
    if not pols:
        pols = [
            p for s, e, p in _find(t, _OPERATE_IN_ZONE)
            if p != "unsure" and (here or not re.search(r"there|here|当地", t.low[s:e]))
        ]  # fmt: skip
    return _status_flag(pols)


# ------------------------------------------------------------------------------------------ CIIO

_CIIO = _rx(
    r"关基|关键信息基础设施(?:运营者|运营单位|运营商|企业|单位)?|\bciios?\b|\bcii\s+operators?\b|critical\s+information\s+infrastructure(?:\s+operators?)?"
)
_CIIO_ASSERT = _rx(
    r"(?:是|属于|为|系|作为|认定为|列为|确定为|识别为)(?:一家|一个)?\s*$|(?:不是|并非|非|不属于|未被认定为|没有被认定为|未被列为)\s*$|"
    r"(?:(?:\b(?:are|is|am|been|was|were|be|'re|not)|n't)\s+(?:not\s+)?(?:an?\s+|the\s+)?|\bas\s+an?\s+|designated\s+(?:as\s+)?(?:an?\s+)?|"
    r"qualif(?:y|ies)\s+as\s+(?:an?\s+)?|count\s+as\s+(?:an?\s+)?|our\s+status\s+as\s+(?:an?\s+)?)$"
)
_CIIO_AFTER = _rx(r"^\s*(?:企业|单位|身份)|^\s*status\b")
_SELF = _rx(r"我们|我司|我方|本公司|本单位|该公司|客户|\bwe\b|\bour\b|\bthe\s+company\b|\bthe\s+client\b")


def _ciio(t: _Text) -> bool | None:
    pols: list[Polarity] = []
    for start, end, pol in _find(t, _CIIO):
        before = t.low[max(0, start - 14) : start]
        cs, _ = t.clause(start, end)
        stated = bool(
            _CIIO_ASSERT.search(before)
            # "我们是临港新片区注册并在区内开展数据出境的关键信息基础设施运营者": the copula opens a long attribute
            or re.search(r"(?:我们|我司|本公司|本单位|公司)(?:是|为|系|属于)(?:一家|一个)?[^，,。；;是]{0,40}的$", t.low[cs:start])
            or (_CIIO_AFTER.match(t.low[end : end + 6]) and _SELF.search(t.low[max(0, start - 8) : start]))
            or _FORM_VALUE.match(t.low[end : end + 16])
        )
        if pol == "neg" and re.search(r"(?:非|non-?)\s*$", before):
            stated = True
        if pol != "unsure" and not stated:
            continue  # CIIOs in general ("负面清单不适用于关基"), not the processor
        pols.append(pol)
    return _status_flag(pols)


# ------------------------------------------------------------------------------------------ counts

# Person nouns after a figure ("6万名会员", "500个新员工家属", "about 320k app members"). A few qualifiers may
# sit between the measure word and the noun ("名新注册用户", "个外籍员工家属").
_CJK_PERSON_NOUNS = (
    r"人次|人|名|位|户|用户|客户|会员|员工|雇员|职工|患者|病人|病患|旅客|乘客|游客|住客|房客|船员|海员|被保险人|投保人|参保人|"
    r"学生|学员|考生|消费者|个人|自然人|居民|求职者|应聘者|候选人|申请人|持卡人|买家|卖家|顾客|访客|公民|儿童|小朋友|孩子|"
    r"子女|学童|幼儿|未成年人|老人|老年人|家属|亲属|家长|司机|车主|骑手|快递员|业主|住户|租户|借款人|受益人|投资者|"
    r"股东|商户|读者|观众|听众|粉丝|玩家|选手|运动员|志愿者|受试者|参与者|劳动者|医生|护士|教师|老师|主播|网民|网友|人员|员|"
    r"数据主体|信息主体"
)
_CJK_PERSON_QUALIFIERS = (
    r"中国|境内|国内|海外|境外|外籍|外国|个人|在职|离职|退休|注册|活跃|付费|vip|本地|国际|中外|新|老|现有|潜在|其他|另外|"
    r"不同|男性|女性|成年|线上|线下|门店|平台|app|终端|企业|内地|香港|日本|美国|欧洲"
)
_PERSON_AFTER = _rx(
    rf"^\s*(?:名|位|个|户)?\s*(?:(?:{_CJK_PERSON_QUALIFIERS})\s*){{0,2}}(?:的)?\s*(?:{_CJK_PERSON_NOUNS})|"
    r"^\s*(?:[a-z-]+\s+){0,2}?(?:people|persons|individuals|users|customers|clients|employees|staff|members|patients|passengers|"
    r"travell?ers|guests|crew(?:\s+members)?|seafarers|policyholders|insureds|data\s+subjects|consumers|students|subscribers|"
    r"residents|account\s+holders|cardholders|children|kids|minors|applicants|candidates|visitors|shoppers|buyers|workers|"
    r"players|gamers|drivers|riders|learners|pupils|trainees|tenants|borrowers|investors|followers|readers|viewers|contacts|leads|"
    r"participants|attendees|volunteers|donors|beneficiaries|claimants|owners|homeowners|respondents|dependants|dependents|"
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
    r"^\s*(?:[a-z-]+\s+){0,1}?(?:orders|bookings|transactions|reservations|shipments|parcels)\b"
)
_PERSON_TIMES_AFTER = _rx(r"^\s*人次")
_PERSON_BEFORE = _rx(
    r"(?:会员|用户|客户|员工|雇员|旅客|乘客|患者|船员|住客|消费者)(?:数|数量|规模|总数|总量)?\s*(?:约|大约|有|达|共|超过)?\s*$|"
    r"(?:人数|人员数量|数据主体数量|主体数量|信息主体|用户数|用户量|客户数|客户量|会员数|员工数|员工人数|规模|涉及|覆盖)\s*"
    r"(?:为|是|约|大约|达到|达|共|有|总计|合计|累计|:|：)?\s*$|"
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
_PERIOD_OTHER = _rx(r"近(?:[一二三两四五几\d]+)年|过去(?:[一二三两四五几\d]+)年|历年|每月|每个月|月均|每天|每日|日均|每周|per\s+(?:month|day|week)|a\s+(?:month|day|week)\b|monthly|daily|weekly|去年|last\s+year")
_PERIOD_MULTI = _rx(
    r"近(?:[一二三两四五六七八九十几\d]+)年|过去(?:的)?(?:[一二三两四五六七八九十几\d]+)年|历年|累计至今|成立以来|自成立|"
    r"over\s+the\s+(?:last|past)\s+\w+\s+years|in\s+the\s+(?:last|past)\s+\w+\s+years|since\s+(?:we\s+were\s+)?(?:founded|inception|launch)|all[- ]time"
)
_PERIOD_PAST = _rx(
    r"去年|上年|上一年|前年|往年|历年|近(?:[一二三两四五几\d]+)年|过去(?:的)?(?:[一二三两四五几\d]+)年|"
    r"last\s+year|previous\s+year|the\s+year\s+before|(?:last|past)\s+\w+\s+years"
)
_PERIOD_NEXT = _rx(r"明年|下一年|来年|下年度|\bnext\s+(?:year|calendar\s+year)\b|\bin\s+20\d\d\s+instead\b")
_PER_PERIOD = _rx(r"(?:每月|每个月|月均|每天|每日|日均|每周)\s*(?:约|大约|向境外|传输|提供|发送|新增|处理|涉及)*\s*$")
# "分三批，每批约4万人", "in 4 batches, each batch about 30,000 people": the year's figure is the batches' sum.
_PER_BATCH = _rx(r"(?:每批|每一批|每个批次|每轮|each\s+(?:batch|tranche|round)|per\s+(?:batch|tranche|round)|every\s+(?:batch|tranche))[^，,。;；\d]{0,12}$")
_BATCH_COUNT = _rx(
    r"分(?P<zh>[两二三四五六七八九十\d]+)(?:批|轮|个批次)|(?P<en>\d+|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
    r"(?:batches|tranches|rounds)\b|(?P<zh2>[两二三四五六七八九十\d]+)(?:批|轮|个批次)"
)
_PER_PERIOD_AFTER = _rx(r"^[^，,。;；]{0,24}?(?:per\s+(?:month|day|week)|a\s+(?:month|day|week)\b|monthly|daily|weekly|每月|每天|每日|每周)")


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
    if _PERSON_TIMES_AFTER.match(after) or _RECORDS_AFTER.match(after) or "人次" in c.text:
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
    if _PERSON_BEFORE.search(t.low[max(0, start - 24) : start]):
        # "涉及5家公司" is not people
        if re.match(r"^\s*(?:家|个|项|条|份|次|年|月|日|天|%|元|万元|亿元|美元|gb|tb|mb|companies|years|days)", after):
            return ""
        return "people"
    return ""


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
    return False


# The national volume cut points (P5(4), P7, P8): an estimate that lands exactly on one ("约10万人") cannot tell
# which side it is on, so it is widened by a tenth either way and the rules ask.
_CUTS = {"pi": (100_000, 1_000_000), "sensitive_pi": (10_000,)}


def _fact_count(count: ParsedCount, prefix: str) -> tuple[int, CountBound, int | None]:
    if count.approximate and not count.is_range and count.bound == "exact" and count.value in _CUTS[prefix]:
        return (count.value - count.value // 10, "at_least", count.value + count.value // 10 + 1)
    return as_fact_count(count)


def _combine(group: list[tuple[int, int | None, ParsedCount | None, bool]], prefix: str = "pi") -> tuple[int, CountBound, int | None] | None:
    """Several counts of one kind add up: P7/P8 count people since 1 January and S4¶2 forbids splitting a volume
    into batches, so batches, contracts and recipients in the same year are summed (``_count_relations`` has
    already dropped a part of another count, a restatement of the same people, a figure held rather than sent
    and one from another period). Different groups ("员工5万人、客户10万人") add up too: the stricter reading,
    since an employee may be a customer but need not be. Each entry is (low, high, the count as stated,
    approximate); the sum's interval is the sum of the intervals. A sum of estimates is taken as the figure
    (like one estimate) and widened when it lands exactly on a cut point."""
    if not group:
        return None
    if len(group) == 1 and group[0][2] is not None:
        return _fact_count(group[0][2], prefix)  # one figure: keep its bound as stated
    lo = sum(g[0] for g in group)
    highs = [g[1] for g in group]
    if any(h is None for h in highs):
        return (lo, "at_least", None)
    hi = sum(h for h in highs if h is not None)
    if lo == hi:
        if len(group) > 1 and any(g[3] for g in group) and lo in _CUTS[prefix]:
            return (lo - lo // 10, "at_least", lo + lo // 10 + 1)
        return (lo, "exact", None)
    if lo <= 0:
        return (hi, "at_most", None)
    return (lo, "at_least", hi + 1)


# How counts of one kind relate to each other (SPEC §3a): they add up unless the text says otherwise.
# A part of another count: "其中3000人", "of whom 2,000", "including 500 minors", "3,000 of them".
_PART_GAP = _rx(
    r"其中|当中|这其中|之中|of\s+(?:whom|which|them|these|those)\b|among\s+(?:them|whom|these|those)\b|"
    r"out\s+of\s+(?:whom|which|these|those)\b|分(?:[两二三四五六七八九十几\d]+)(?:批|次|个批次)|分别(?:为|是)?|"
    r"\b(?:in|across)\s+(?:two|three|four|five|several|\d+)\s+(?:batches|transfers|tranches|rounds)\b|split\s+(?:into|across|between)|"
    r"broken\s+down|breakdown"
)
_PART_NEAR = _rx(r"(?:中有|中包括|中的|包括|包含|内含|含|including|incl\.?)\s*(?:约|大约|有|了|about|around|some)?\s*$")
_PART_AFTER = _rx(r"^\s*(?:[a-z-]+\s+){0,2}?(?:of|out\s+of|among)\s+(?:them|these|those|whom|the\s+above)\b")
# The same people again: "这5万名客户", "the same 50,000 customers", "（是同一批人）".
_SAME_NEAR = _rx(r"(?:这|那|这些|那些|上述|前述|该|同一批|同样的?|相同的?|这批|那批|the\s+same|these|those|said|the\s+above)\s*(?:约|大约|about)?\s*$")
_SAME_CLAUSE = _rx(
    r"(?<!不是)(?<!并非)(?<!不)同一批|(?<!不是)(?<!不)同一群|(?<!不)(?:是)?(?:同样|相同)的(?:人|一批|客户|用户|会员|员工)|"
    r"(?<!not\s)(?<!not\sthe\s)\bthe\s+same\s+(?:people|persons|individuals|customers|users|members|employees|patients|group|ones)\b"
)
# A total of the figures before it: "合计15万人", "150,000 in total".
_TOTAL_NEAR = _rx(
    r"(?:合计|总计|共计|一共|总共|加起来|加在一起|累计共?|in\s+total|altogether|combined|a\s+total\s+of|total(?:l?ing)?|overall)"
    r"\s*(?:约|大约|有|是|为|达|了|:|：|of|about|around|approximately)?\s*$"
)
_TOTAL_AFTER = _rx(r"^\s*(?:人|名|位)?\s*(?:[a-z-]+\s+){0,2}?(?:in\s+total|altogether|combined|overall)\b")
# "another 550k customers", "再传5万名", "又传了7万名", "additional 2,000 patients": a further batch.
# "Q1 we sent 40k customers, Q2 35k, Q3 30k", "二季度3万", "5月份又2万": a figure under the next period label of the same
# year continues the batches (they add up, S4¶2).
_PERIOD_LABEL_NEAR = _rx(
    r"(?:\bq[1-4]|第?[一二三四1-4]季度|(?:[一二三四五六七八九十]|1[0-2]|[1-9])月份?|上半年|下半年|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*|(?:first|second|third|fourth)\s+quarter)\s*[:：,，]?\s*$"
)
_ADDITIVE_NEAR = _rx(r"(?:再|又|另外|另|还要|还有|additional|another|further|extra|a\s+second)[^，,。;；]{0,12}$")
_ADDITIVE_AFTER = _rx(r"^\s*more\b")
# An upper bound that caps a lower one ("well over 100,000 guests … but nowhere near a million", "十几万人，但不到
# 20万"): one range, not two groups.
_CAP_GAP = _rx(r"但|不过|可是|然而|而且|也|还|\bbut\b|\byet\b|\bthough\b|\balthough\b|\bhowever\b|\bstill\b|\band\b")


_GENERIC_PERSON = {"人", "名", "位", "people", "persons", "individuals"}


def _noun_after(t: _Text, c: ParsedCount) -> str | None:
    m = _PERSON_AFTER.match(t.low[c.span[1] : c.span[1] + 60])
    return m.group(0).strip() if m else None


def _generic_or_same_noun(t: _Text, a: ParsedCount, b: ParsedCount) -> bool:
    """Whether `b` names no person kind of its own ("不到20万", "a million", "20万人") or the same as `a`."""
    noun = _noun_after(t, b)
    return noun is None or noun in _GENERIC_PERSON or noun == _noun_after(t, a)


def _caps(t: _Text, found: Sequence[ParsedCount], people: list[tuple[ParsedCount, str]]) -> list[tuple[ParsedCount, str]]:
    """An upper bound on the figure before it, in the same sentence, narrows that figure instead of adding to
    it: "well over 100,000 guests … but nowhere near a million", "十几万人，100万都不到". The upper bound either
    names no person kind of its own, or follows a contrast (but / 但) and names the same kind or a generic one."""
    out: list[tuple[ParsedCount, str]] = []
    skip: set[int] = set()
    ordered = sorted(found, key=lambda c: c.span)
    for c, kind in people:
        if id(c) in skip:
            continue
        nxt = next((o for o in ordered if o.span[0] >= c.span[1]), None)
        if (
            nxt is not None and kind == "people" and c.low > 0
            and nxt.bound in ("under", "at_most") and not nxt.is_range and nxt.high is not None and nxt.high >= c.low
            and t.sentence(c.span[0]) == t.sentence(nxt.span[0]) and nxt.span[0] - c.span[1] <= 80
            and not _RECORDS_AFTER.match(t.low[nxt.span[1] : nxt.span[1] + 40])
            and (
                _noun_after(t, nxt) is None
                or (_CAP_GAP.search(t.low[c.span[1] : nxt.span[0]]) and _generic_or_same_noun(t, c, nxt))
            )
        ):
            start, end = c.span[0], nxt.span[1]
            high = nxt.high if c.high is None else min(c.high, nxt.high)
            merged = ParsedCount(
                value=c.low, bound="exact", low=c.low, high=high, is_range=True, approximate=c.approximate,
                span=(start, end), text=t.raw[start:end],
            )  # fmt: skip
            out.append((merged, kind))
            skip.add(id(nxt))
            continue
        out.append((c, kind))
    return [(c, kind) for c, kind in out if id(c) not in skip]


def _count_relations(t: _Text, people: list[tuple[ParsedCount, str, bool]]) -> list[tuple[ParsedCount, str, bool, int]]:
    """Drop the counts that do not add to the others of their kind: a part of the count before it (其中 / of
    whom / including / 分两批：第一批…), the same people again (这5万人 / the same customers), and the figures a
    total sums up (…，合计15万人). Each entry is (count, kind, sensitive); each kept one gets a floor: a part
    dropped into it says the whole is at least that large ("30万单……其中约12万名买家" → 120,000–300,000). Once a
    part is named, the counts after it in the same sentence are parts too ("其中VIP 3000人，普通会员2000人")
    until a new batch is announced."""
    kept: list[tuple[ParsedCount, str, bool, int]] = []
    whole: int | None = None  # index in `kept` of the count the current parts belong to
    prev_end = 0
    for c, kind, sens in people:
        start, end = c.span
        cs, ce = t.clause(start, end)
        gap = t.low[prev_end:start]
        prev_end = end
        near = t.low[max(cs, start - 16) : start]
        after = t.low[end : end + 40]
        same_kind = [k for k in kept if k[2] == sens]
        additive = bool(_ADDITIVE_NEAR.search(t.low[max(cs, start - 24) : start]) or _ADDITIVE_AFTER.match(after))
        if whole is not None and (additive or t.sentence(start) != t.sentence(kept[whole][0].span[1])):
            whole = None
        if same_kind and (_TOTAL_NEAR.search(near) or _TOTAL_AFTER.match(after)) and all(c.low >= k[0].low for k in same_kind):
            kept = [k for k in kept if k[2] != sens]
            whole = None
        elif kept and (whole is not None or _PART_GAP.search(gap) or _PART_NEAR.search(near) or _PART_AFTER.match(after)):
            whole = len(kept) - 1 if whole is None else whole
            w = kept[whole]
            if w[2] == sens:
                # a part of the count before it, already counted there; the parts together bound it from below
                kept[whole] = (w[0], w[1], w[2], w[3] + c.low)
                continue
        elif same_kind and (_SAME_NEAR.search(t.low[max(cs, start - 12) : start]) or _SAME_CLAUSE.search(t.low[cs:ce])):
            continue
        kept.append((c, kind, sens, 0))
    return kept


_QUOTE_CUES = _rx(
    r"办法说|规定说|规定|标准合同办法|听说|据说|看到|门槛|阈值|以前|旧规|如果超过|"
    r"\bi\s+(?:read|heard|saw)\b|\bheard\b|threshold|triggers?\b|the\s+rules?\s+says?|according\s+to|used\s+to"
)
_EXPORT_VERBS = _rx(
    r"向境外|出境|传输|传给|传到|传至|传往|发送|发给|发往|提供给|提供了|共享|回传|同步|"
    r"\b(?:send|sends|sending|sent|transfer\w*|export\w*|shar(?:e|es|ed|ing)|provid(?:e|es|ed|ing)|mov(?:e|ed|ing)|upload\w*)\b"
)
_HELD_VERBS = _rx(r"处理了|处理的|持有|存储|拥有|收集了|保存|库里|(?:我们|公司|我司|本公司|共|总共|一共)有|\b(?:hold|holds|held|process|processes|processed|store|stores|stored|collect\w*|database)\b")
_NO_OTHER_PI = _rx(
    r"(?:没有|无|不含|不涉及)其他(?:的)?个人信息|除此之外(?:没有|无|不涉及)|此外(?:没有|无)其他|"
    r"no\s+other\s+personal\s+(?:data|information)|nothing\s+else|no\s+other\s+(?:data|information)"
)


_MONTH_BEFORE = _rx(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s*$|\d\s*(?:月|/|-)\s*$"
)


_MONTH_AFTER = _rx(
    r"^\s*(?:(?:st|nd|rd|th)(?![a-z])|日|号|月|年|(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?![a-z]))"
)


def _date_like(t: _Text, c: ParsedCount) -> bool:
    """"since January 1", "1月1日", "6/30": a day of the month, not a count."""
    start, end = c.span
    return bool(_MONTH_BEFORE.search(t.low[max(0, start - 12) : start]) or _MONTH_AFTER.match(t.low[end : end + 12]))


# Where one count's phrase ends and the next one's begins, inside a clause: "800,000 customers last year | and
# 60,000 this year", "Last year we sent 800k | and this year only 60k".
_PHRASE_BOUNDARY = _rx(r"\b(?:and|but|while|whereas|then|plus|yet)\b|而|但|和|及|以及|又|再|另外|还")


def _phrases(t: _Text, counts: Sequence[ParsedCount]) -> list[tuple[int, int]]:
    """For each count (in text order), the part of its clause that belongs to it rather than to a neighbour:
    split at the last conjunction between two counts, else right after the first count's person noun."""
    out = [t.clause(*c.span) for c in counts]
    for i in range(1, len(counts)):
        a, c = counts[i - 1], counts[i]
        if out[i - 1][0] != out[i][0] or a.span[1] > c.span[0]:
            continue
        between = t.low[a.span[1] : c.span[0]]
        marks = list(_PHRASE_BOUNDARY.finditer(between))
        if marks:
            left, right = a.span[1] + marks[-1].start(), a.span[1] + marks[-1].end()
        else:
            noun = _PERSON_AFTER.match(between)
            left = right = a.span[1] + (noun.end() if noun else 0)
        out[i - 1] = (out[i - 1][0], left)
        out[i] = (right, out[i][1])
    return out


def _relevant_people(t: _Text, people: list[tuple[ParsedCount, str]]) -> list[tuple[ParsedCount, str]]:
    """Drop figures quoted from rules ("办法说不满100万人"), volumes held but not exported when an exported
    figure is also given ("处理了300万人……只向境外提供了20万人"), last year's figures when this year's is given
    and next year's beside this year's. Each count is read in its own phrase, or its clause when the phrase says
    nothing about it."""
    kept = []
    exported = []
    phrases = _phrases(t, [c for c, _ in people])
    for (c, what), (ps, pe) in zip(people, phrases, strict=True):
        cs, ce = t.clause(*c.span)
        ss, se = t.sentence(c.span[0])
        if _QUOTE_CUES.search(t.low[ss:se]) and not re.search(r"今年|已经|已|this\s+year|since|we\s+(?:have|sent)", t.low[cs:ce]):
            continue
        sentence = t.low[ss:se]
        if _general_question(t, c.span[0]) and not _EXPORT_VERBS.search(sentence) and not _PERIOD_YTD.search(sentence):
            continue  # "请问10万人以上需要签标准合同吗？" asks about the rule, not about the asker's figure
        phrase = t.low[ps:pe]
        verbs = phrase if _EXPORT_VERBS.search(phrase) or _HELD_VERBS.search(phrase) else t.low[cs:ce]
        exported.append(bool(_EXPORT_VERBS.search(verbs)) and not _HELD_VERBS.search(verbs))
        # the period said in the count's phrase, else its clause, else earlier in its sentence ("This year, since
        # January 1, we've exported only 60k")
        when = next(
            (w for w in (phrase, t.low[cs:ce], t.low[ss : c.span[0]]) if any(p.search(w) for p in (_PERIOD_YTD, _PERIOD_PAST, _PERIOD_NEXT))),
            "",
        )
        period = (
            "ytd" if _PERIOD_YTD.search(when) else "past" if _PERIOD_PAST.search(when) else "next" if _PERIOD_NEXT.search(when) else ""
        )
        kept.append((c, what, bool(_HELD_VERBS.search(verbs)) and not _EXPORT_VERBS.search(verbs), period))
    if any(exported):
        kept = [k for k in kept if not k[2]]
    # "去年50万人，今年1月1日以来只提供了3万人": the count that matters is this year's
    if any(k[3] == "ytd" for k in kept):
        kept = [k for k in kept if k[3] != "past"]
    # "今年传5万人，明年还要传8万人": next year's batch counts towards next year's volume, not this year's
    if any(k[3] != "next" for k in kept):
        kept = [k for k in kept if k[3] != "next"]
    return [(c, what) for c, what, _, _ in kept]


# A bare figure ends its phrase ("this year only 60k.", "第一批8万，"), unlike "一季度", "两批", "one covering".
_BARE_FIGURE_END = _rx(
    r"^\s*(?:$|[，,。.;；!?！？()（）、:：]|(?:so\s+far|in\s+total|altogether|more|only|this\s+year|since|by|until)\b|"
    r"(?:左右|上下|余|多|以上|以下|而已|罢了|了|吧|人|名|位))"
)


_BARE_FIGURE_FILLER = _rx(
    r"(?:大约|大概|约|左右|上下|差不多|估计|人次|个人|人|名|位|今年以来|今年|本年度|累计|共计|一共|总共|合计|共|是|有|吧|"
    r"about|around|approximately|approx\.?|roughly|some|people|persons|individuals|in\s+total|total|this\s+year|so\s+far|"
    r"since\s+(?:1\s+)?january(?:\s+1)?|ytd|maybe|i\s+think|we\s+have|it's|it\s+is|[\s\W_])*"
)


def _bare_figure(t: _Text, found: Sequence[ParsedCount]) -> bool:
    """A reply that is only a figure ("大约3000人", "about 3,000 people") names no kind of data: the count is left
    to ``apply_answer``, which gives it to the question that was asked."""
    if len(found) != 1 or len(t.low) > 60:
        return False
    start, end = found[0].span
    rest = t.low[:start] + " " + t.low[end:]
    return bool(_BARE_FIGURE_FILLER.fullmatch(rest))


def _count_facts(t: _Text, sens: list[tuple[int, int, Polarity]], pi: list[tuple[int, int, Polarity]]) -> dict[str, Any]:
    found = find_counts(t.raw)  # t.raw is already cut to MAX_TEXT
    if _bare_figure(t, found):
        return {}
    people: list[tuple[ParsedCount, str]] = []
    for c in found:
        what = _is_people_count(t, c)
        if what:
            people.append((c, what))
    if people:
        # "…500,000 people; since 1 January this year only 30,000": a bare figure beside a people count, in a
        # clause that gives this year's period, counts the same people
        # "…; next quarter another 4,000": a bare figure that continues a batch counts the same unit
        first = min(p.span[0] for p, _ in people)
        for c in found:
            cs, ce = t.clause(*c.span)
            near = t.low[max(cs, c.span[0] - 24) : c.span[0]]
            continues = c.span[0] > first and bool(_ADDITIVE_NEAR.search(near) or _PERIOD_LABEL_NEAR.search(near))
            ytd_before = _PERIOD_YTD.search(t.low[cs:ce]) or _PERIOD_YTD.search(t.low[t.sentence(c.span[0])[0] : c.span[0]])
            if all(c is not p for p, _ in people) and (ytd_before or continues) and not _date_like(t, c) and not re.match(
                r"^\s*(?:年|月|日|号|%|元|万元|家|个|条|次|days?|years?|months?)", t.low[c.span[1] : c.span[1] + 8]
            ) and not re.search(r"(?:20\d\d|19\d\d)", c.text) and not _is_age(t, c) and _BARE_FIGURE_END.match(t.low[c.span[1] : c.span[1] + 16]):
                people.append((c, "people"))
        people.sort(key=lambda cw: cw[0].span)
    people = _relevant_people(t, people)
    out: dict[str, Any] = {}
    if not people:
        return out
    plain: list[tuple[int, int | None, ParsedCount | None, bool]] = []
    sensitive: list[tuple[int, int | None, ParsedCount | None, bool]] = []
    per_period = False
    all_people = [c for c, _ in people]
    # "不到1万人的敏感个人信息（约3000人）": a figure in brackets right after a looser one states the same group
    # more precisely, so the looser one is dropped instead of being added to it.
    refined = {
        id(a) for a, b in itertools.pairwise(all_people)
        if re.search(r"[（(][^，,。；;（(）)]*$", t.low[a.span[1] : b.span[0]])
        and a.low <= b.low and (a.high is None or (b.high is not None and b.high <= a.high))
    }
    people = [(c, kind) for c, kind in people if id(c) not in refined]
    people = _caps(t, found, people)
    # "700k customer records … another 550k customers": the further batch counts the same unit, so the records
    # before it were customers too
    for i in range(1, len(people)):
        prev, (c, kind) = people[i - 1], people[i]
        if kind == "people" and prev[1] == "at_most" and "人次" not in t.low[prev[0].span[0] : prev[0].span[1] + 4] and (
            _ADDITIVE_NEAR.search(t.low[max(0, c.span[0] - 24) : c.span[0]]) or _ADDITIVE_AFTER.match(t.low[c.span[1] :])
        ) and _noun_after(t, c) not in (None, *_GENERIC_PERSON) and not (
            _PART_GAP.search(t.low[prev[0].span[1] : c.span[0]]) or _PART_AFTER.match(t.low[c.span[1] : c.span[1] + 40])
        ):
            people[i - 1] = (prev[0], "people")
    all_people = [c for c, _ in people]
    kinds: list[tuple[ParsedCount, str, bool]] = []
    declared = _declared_sensitive_kinds(t, sens)
    for c, kind in people:
        continues = bool(kinds) and bool(
            _ADDITIVE_NEAR.search(t.low[max(t.clause(*c.span)[0], c.span[0] - 24) : c.span[0]]) or _ADDITIVE_AFTER.match(t.low[c.span[1] :])
        )
        kinds.append((c, kind, _count_is_sensitive(t, c, all_people, sens, pi, kinds[-1][2] if continues else None, declared)))
    related = _count_relations(t, kinds)
    for c, kind, is_sensitive, floor in related:
        lo, hi = c.low, c.high
        as_stated: ParsedCount | None = c
        if kind == "at_most":
            lo, as_stated = 0, None  # records or 人次: the people are at most that many
        before = t.low[max(0, c.span[0] - 16) : c.span[0]]
        if _PER_PERIOD.search(before) or _PER_PERIOD_AFTER.match(t.low[c.span[1] : c.span[1] + 40]):
            hi, as_stated = None, None  # a month's figure: the year's is at least that
            per_period = True
        if _PER_BATCH.search(before):
            ss, se = t.sentence(c.span[0])
            m = _BATCH_COUNT.search(t.low[ss:se])
            n = parse_number(m.group("zh") or m.group("en") or m.group("zh2")) if m else None
            lo, hi, as_stated = lo * (n or 1), (hi * n if n and hi is not None else None), None
        cs, ce = t.clause(*c.span)
        if _PERIOD_MULTI.search(t.low[max(0, cs - 1) : ce]):
            lo, as_stated = 0, None  # "近三年累计50万人": this year's figure is at most that
            per_period = True
        if floor > lo:
            lo, as_stated = (floor if hi is None else min(floor, hi)), None
        entry = (lo, hi, as_stated, c.approximate)
        (sensitive if is_sensitive else plain).append(entry)
    for prefix, group in (("pi", plain), ("sensitive_pi", sensitive)):
        combined = _combine(group, prefix)
        if combined is not None:
            value, bound, upper = combined
            out[f"{prefix}_count_ytd"] = value
            out[f"{prefix}_count_bound"] = bound
            out[f"{prefix}_count_upper"] = upper
    # "没有其他个人信息出境"; or every count is of people the text says are of a sensitive kind ("学员都是12岁以下的
    # 小朋友"): all their PI is sensitive, so no non-sensitive PI of theirs is sent
    only_declared = bool(declared) and all(_base_noun(t, c) in declared for c, _, _, _ in related)
    if "sensitive_pi_count_ytd" in out and "pi_count_ytd" not in out and (only_declared or any(
        _polarity(t, m.start(), m.end()) != "unsure" for m in _NO_OTHER_PI.finditer(t.low)
    )):
        out.update(pi_count_ytd=0, pi_count_bound="exact", pi_count_upper=None)
    if per_period:
        out["counts_since_jan1"] = False
    elif any(_polarity(t, m.start(), m.end()) != "unsure" for m in _PERIOD_YTD.finditer(t.low)):
        out["counts_since_jan1"] = True
    elif _PERIOD_OTHER.search(t.low):
        out["counts_since_jan1"] = False
    return out


# ------------------------------------------------------------------------------------------ purposes

_P3_TRADE = _rx(
    r"国际贸易|跨境贸易|进出口|外贸|跨境运输|国际运输|国际物流|跨境物流|国际货运|货运|报关|学术合作|学术交流|科研合作|合作研究|"
    r"跨国生产|跨国制造|生产制造|供应链|市场营销|营销活动|"
    r"international\s+trade|cross-border\s+trade|import\s+and\s+export|cross-border\s+(?:transport\w*|logistics|shipping)|"
    r"international\s+(?:transport\w*|logistics|shipping)|freight|customs\s+(?:clearance|declaration)|"
    r"academic\s+(?:cooperation|collaboration|exchange)|research\s+collaboration|"
    r"(?:transnational|cross-border|multinational)\s+(?:manufacturing|production)|supply\s+chain|marketing|"
    r"工厂|生产线|良率|工艺参数|设备参数|物料清单|采购合同|采购订单|发票|提单|报关单|装箱单|订舱|货代|运单|舱单|集装箱号|货物品名|"
    r"\b(?:plant|factory|production\s+line|bills?\s+of\s+materials|boms?|machine\s+parameters|yield\s+data|procurement|"
    r"purchase\s+orders?|invoices?|shipping\s+documents?|bills?\s+of\s+lading|packing\s+lists?)\b"
)
_P4_FOREIGN = _rx(
    r"(?:境外|海外|国外)(?:收集|采集|获取|产生|客户|用户|数据|个人信息|personal\s*(?:information|data))|从境外(?:接收|获取|传入|传来)|境外传入|离岸(?:数据)?(?:处理|外包)|"
    r"(?:境外|海外|国外|欧洲|美国|日本|韩国|新加坡|香港|东南亚)[^，,。；;]{0,10}?(?:收集|采集|获取)|"
    r"collected\s+(?:(?:the\s+|personal\s+)?(?:data|it|them|information)\s+)?(?:in|from)\s+(?!china|the\s+prc|mainland|shanghai|beijing|our\s+chinese)(?:the\s+)?[a-z]+|"
    r"collected\s+(?:abroad|overseas|outside\s+(?:of\s+)?china|in\s+other\s+countries|from\s+overseas)|"
    r"(?:foreign|overseas)\s+(?:clients'?|customers'?|users'?)\s+(?:data|personal)|data\s+(?:received\s+)?from\s+(?:overseas|abroad)|"
    r"offshore\s+(?:data\s+)?processing|"
    r"(?:american|us|u\.s\.|uk|british|european|eu|canadian|japanese|korean|german|french|australian|singaporean|foreign|overseas)\s+"
    r"(?:clients?|customers?|users?|policyholders?|patients?|insurers?|airlines?|companies)\s+(?:send|sends|provide|upload|give)\s+us|"
    r"(?:uk|us|eu|european|canadian|japanese|korean|german|french|australian|foreign|overseas)\s+(?:policyholders|customers|users|patients|passengers)'?\s+"
    r"(?:data|details|contact\s+details|records|information)\s+(?:come|comes|are\s+sent|is\s+sent)\s+(?:in|to\s+us)"
)
_P4_RETURN = _rx(
    r"(?:处理|加工|分析|清洗|标注)后(?:再)?(?:向境外提供|传回|返回|发回|回传|提供给境外|交付)|传回境外|返回境外|发回境外|回传(?:至|给)?境外|回传|"
    r"(?:境内|国内|中国)(?:进行)?(?:处理|加工|分析|清洗|标注)后?(?:再)?(?:向境外|传回|返回|提供)|"
    r"(?:处理|加工|分析|清洗|标注)后[，,]?\s*(?:再)?(?:发给|发往|提供给|传给|交给)(?:境外|海外|国外)|返还|交还|退回给|发还|(?:处理|标注|转写|翻译|加工)(?:完|好)(?:后)?(?:再|直接)?(?:发|传|交|返)|"
    r"send\s+(?:[\w-]+\s+){0,3}back|sent\s+back|(?:foreign|overseas)\s+data\s+(?:in|comes\s+in)[^.;]{0,20}out|"
    r"(?:transfer|return)\w*\s+(?:it|them|the\s+data\s+)?back|"
    r"returned?\s+(?:it\s+|them\s+)?(?:abroad|overseas|to\s+(?:the|our)\s+(?:client|customer))|processed\s+in\s+china\s+and\s+(?:sent|returned|transferred)"
)
_P4_DOMESTIC = _rx(
    r"(?:加入|添加|增加|引入|融合|合并|结合|补充|关联|叠加|汇入|混合|掺入|掺杂|掺|混入|夹带)(?:[^，,。；;]|(?<=\d),(?=\d)){0,20}?(?:境内|国内|中国境内)"
    r"(?:[^，,。；;]|(?<=\d),(?=\d)){0,6}?(?:个人信息|数据|重要数据|personal\s*(?:information|data))|"
    r"(?:境内|国内)(?:收集|产生)?的?(?:个人信息|数据|personal\s*(?:information|data))(?:也|一并|一起)?(?:加入|合并|汇入)|"
    r"(?:add|adding|added|combine|combining|combined|merge|merging|merged|enrich|enriching|enriched|mix|mixing|mixed|pull\w*\s+in)"
    r"[^.;]{0,30}?\b(?:domestic|chinese|china-collected|china|local)\s+(?:personal\s+)?(?:data|information|users?'?\s+data|"
    r"(?:client|customer|user)\s*(?:base|records|data))"
)
# "Foreign data in, foreign data out — nothing from China gets mixed in": a statement that nothing domestic is added.
_P4_NOTHING_DOMESTIC = _rx(
    r"nothing\s+(?:from\s+(?:china|the\s+prc|the\s+mainland)|domestic|chinese|local)[^.;]{0,24}?(?:mixed|added|combined|merged|included)|"
    r"no\s+(?:domestic|chinese|china)\s+(?:personal\s+)?(?:data|information)\s+(?:is|gets|will\s+be)\s+(?:ever\s+)?(?:mixed|added|combined|merged)"
)
_P4_DOMESTIC_NEG_ONLY = _rx(
    r"(?:境内|国内)(?:收集|产生)?的?(?:个人信息|个人数据|重要数据|用户数据|personal\s*(?:information|data))|domestic\s+(?:personal\s+)?(?:data|information)|"
    r"(?:(?:personal\s+)?(?:data|information)|个人信息|个人数据)\s*collected\s+in\s+china|china-collected|chinese\s+(?:personal\s+|users'?\s+)?(?:data|information)|"
    r"data\s+from\s+china"
)
_P51_CONTRACT = _rx(
    r"跨境购物|海淘|跨境电商|跨境寄递|国际快递|寄递|快递|跨境支付|支付服务|在线支付|支付结算|跨境汇款|开户|开立账户|机票|酒店预订|预订酒店|"
    r"订酒店|订机票|订房|航班预订|签证|考试服务|考试报名|国际考试|(?:语言|入学|留学|标准化|资格|认证)考试|(?:报名|参加|代报)[^，,。]{0,8}考试|留学申请|托福|雅思|履行[^，,。]{0,10}合同|订立、履行|"
    r"cross-border\s+(?:shopping|e-?commerce|delivery|payments?|remittance)|parcel\s+delivery|courier|international\s+delivery|"
    r"payment\s+(?:processing|services?)|account\s+opening|open(?:ing)?\s+(?:an\s+)?accounts?|(?:air|flight|airline|plane)\s+(?:tickets?|bookings?)|"
    r"hotel\s+(?:bookings?|reservations?)|book(?:ing)?\s+(?:flights?|hotels?)|visa\s+(?:applications?|processing|services?)|"
    r"exam(?:ination)?\s+(?:services|registration)|(?:admissions?|entrance|language|standardi[sz]ed|proficiency)\s+(?:tests?|exams?)|"
    r"\b(?:toefl|ielts|gre|gmat|sat)\b|online\s+shopping|booking\s+(?:website|platform|site|engine)|book\s+rooms?|room\s+bookings?|"
    r"perform(?:ing)?\s+(?:a|an|our|the|its)\s+(?:[a-z-]+\s+)?contract|performance\s+of\s+(?:a|the)\s+contract"
)
_INDIVIDUAL_PARTY = _rx(
    r"(?:个人|用户|消费者|旅客|乘客|客户本人|本人|学员|考生|持卡人|买家|个人客户)(?:本人)?(?:作为|是)(?:合同)?(?:的)?(?:一方|当事人)|"
    r"与(?:个人|消费者|用户|旅客|乘客|考生|买家|持卡人|个人客户)(?:本人)?(?:签订|订立|之间)的?(?:合同|协议)|个人作为一方当事人|"
    r"为(?:个人)?(?:消费者|旅客|乘客|考生|个人客户|个人用户|买家)(?:提供|办理|预订)|面向(?:个人|消费者)|\bb2c\b|to\s+consumers|"
    r"(?:帮|为|给|替)(?:客户|旅客|游客|用户|客人|学员|考生|学生)(?:办理|办|预订|订|申请|报名)|(?:和|与)(?:客户|旅客|用户|消费者)(?:之间)?的合同|"
    r"(?:用户|消费者|买家|客人|旅客)[^，,。]{0,14}?(?:下单|购买|预订|订房)|"
    r"(?:guests?|travell?ers?|customers?|shoppers?|consumers?)\s+(?:book|order|buy|purchase)|"
    r"(?:individual|consumer|customer|traveller|traveler|passenger)s?\s+(?:is|are)\s+(?:a\s+)?part(?:y|ies)|contract\s+with\s+the\s+(?:individual|consumer|customer|traveller|traveler)|"
    r"for\s+(?:individual\s+)?(?:consumers|travell?ers|passengers|shoppers|buyers|candidates|applicants)|our\s+(?:individual\s+)?(?:shoppers|buyers|travell?ers|passengers)"
)
_INDIVIDUAL_NOUNS = _rx(
    r"考生|旅客|乘客|消费者|个人用户|个人客户|买家|游客|住客|学员|持卡人|留学生|寄件人|收件人|开户人|"
    r"individual\s+(?:consumers|customers|buyers|travell?ers)|consumers|travell?ers|passengers|candidates|shoppers|buyers|guests|"
    r"(?:individual|retail|private|mainland|personal)\s+(?:clients|customers|investors)|senders|account\s+holders"
)
_B2B = _rx(
    r"(?:和|与)(?:境外|海外|国外)?(?:的)?(?:一家|某)?[\u4e00-\u9fff]{0,8}?(?:公司|企业|机构)签(?:了|订|署)?(?:的)?[\u4e00-\u9fff]{0,4}?(?:合同|协议)|"
    r"合同是(?:和|与)[^，,。]{0,12}?(?:公司|企业)签|客户(?:都)?是(?:境外)?(?:的)?(?:企业|公司|机构)|"
    r"our\s+(?:customers|clients)\s+are\s+(?:foreign\s+|overseas\s+)?(?:companies|businesses|corporates|enterprises)|"
    r"\bb2b\b|企业之间|公司之间|两家公司|两家企业|企业间|公司对公司|企业对企业|"
    r"(?:和|与|跟)(?:境外|海外|国外)?[^，,。；;]{0,8}?(?:厂家|厂商|供应商|经销商|代理商|品牌方|合作方|总部)签(?:了|订|署)?(?:的)?[^，,。；;]{0,6}?(?:合同|协议)|"
    r"与(?:境外)?(?:母公司|子公司|关联公司|合作方|合作伙伴|供应商|企业客户|公司客户|企业|公司|外方|再保险人|分出公司|船东)(?:之间)?(?:签订|订立|签署)的?(?:合同|协议)|"
    r"(?:个人|用户|客户本人|消费者|旅客|乘客)(?:并)?(?:不是|并非|不属于|未作为)(?:合同)?(?:的)?(?:一方|当事人)|"
    r"between\s+(?:two\s+|our\s+)?(?:companies|businesses|entities|firms)|business-to-business|"
    r"(?:contract|agreement)\s+with\s+(?:that|this|the|our|a|an)\s+(?:[a-z-]+\s+){0,2}?(?:partner|company|supplier|vendor|firm|business|oem|"
    r"manufacturer|distributor|brand|corporation|group|customer\s+company|client\s+company)|"
    r"(?:contract|agreement)\s+(?:is\s+)?(?:between|with)\s+(?:our|the|a|an)\s+(?:company|companies|parent|subsidiary|affiliate|partner|supplier|vendor|"
    r"client\s+company|overseas\s+company|foreign\s+company|reinsurer|cedent)|individuals?\s+(?:is|are)\s+not\s+(?:a\s+)?part(?:y|ies)|not\s+a\s+party\s+to"
)
_P52_HR = _rx(
    r"跨境人力资源管理|人力资源管理|人力资源|人事管理|人事系统|hr系统|hr管理|(?<![a-z])hr(?![a-z])|薪酬管理|薪资发放|工资发放|发放工资|全球人事|员工管理|考勤|绩效|"
    r"human\s+resources?|payroll|global\s+hr|employee\s+management|workforce\s+management"
)
_HR_RULES = _rx(
    r"依法制定的?(?:劳动)?规章制度|劳动规章制度|规章制度|集体合同|员工手册|"
    r"collective\s+(?:contract|agreement|labou?r\s+contract)s?|labou?r\s+rules|work\s+rules|employee\s+handbook|internal\s+labou?r\s+(?:rules|regulations)|"
    r"company\s+rules"
)
# P5(2) needs rules adopted by the statutory procedure (劳动合同法 art. 4): a denial of that procedure denies the rules.
_HR_RULES_UNLAWFUL = _rx(
    r"(?:没有|未|未经|没经过|没有经过|未经过|不经过)[^，,。；;]{0,6}?(?:职代会|职工代表大会|全体职工|职工大会|工会|民主程序|民主协商|公示)|"
    r"(?:hr|人事|人力资源部?|管理层|老板)(?:部门)?自(?:己|行)(?:起草|制定|拟定|写)|"
    r"(?:never|not)\s+(?:been\s+)?(?:adopted|approved|consulted|discussed|passed)\s+(?:through|by|with)\s+(?:the\s+)?"
    r"(?:(?:employee|worker|staff)s?'?\s+(?:representative\s+)?(?:congress|assembly|council)|union|workforce|staff)|"
    r"without\s+(?:any\s+)?(?:employee|worker|staff|union)\s+(?:consultation|representatives?|congress)|"
    r"drafted\s+by\s+(?:hr|management)\s+(?:alone|only|itself)|no\s+collective\s+(?:contract|agreement)"
)
_P53_EMERGENCY = _rx(
    r"紧急情况|紧急状况|紧急医疗|急救|医疗救助|紧急救援|救援|抢救|急诊|病危|突发重病|生命健康和财产安全|生命健康|人身财产安全|突发(?:疾病|事件|事故)|"
    r"住院抢救|重症监护|icu|车祸|意外受伤|昏迷|急需(?:救治|手术|抢救)|重伤|受重伤|病危|病重|"
    r"emergenc\w*|life,?\s+health|vital\s+interests|medical\s+evacuation|rescue|save\s+(?:his|her|their|a|the|someone's)\s+(?:life|lives)|life-(?:threatening|saving)|"
    r"hospitali[sz]ed|intensive\s+care|critical\s+condition|unconscious|(?:road|car|traffic)\s+accident|urgent(?:ly)?\s+(?:treatment|surgery|care)|"
    r"(?:seriously|severely|critically|badly)\s+(?:injured|ill|hurt|wounded)"
)


def _purpose_facts(t: _Text) -> dict[str, Any]:
    purposes: list[Purpose] = []
    out: dict[str, Any] = {}

    def positive(pat: re.Pattern[str]) -> bool:
        return any(p == "pos" for _, _, p in _find(t, pat))

    if positive(_P3_TRADE):
        purposes.append("trade_no_pi")
    if positive(_P4_FOREIGN) and _P4_RETURN.search(t.low):
        purposes.append("foreign_collected_transit")
    added = [p for _, _, p in _find(t, _P4_DOMESTIC)]
    added += [p for _, _, p in _find(t, _P4_DOMESTIC_NEG_ONLY) if p == "neg"]
    added += ["neg" for _, _, p in _find(t, _P4_NOTHING_DOMESTIC) if p == "pos"]
    if added:
        out["domestic_data_added"] = _content_flag(added)
    if positive(_P51_CONTRACT):
        purposes.append("contract_with_individual")
    party = [p for _, _, p in _find(t, _INDIVIDUAL_PARTY) if p != "unsure"]
    if "contract_with_individual" in purposes and not party:
        # the counterparties named are individuals (考生, 旅客, consumers): they are the contract's other party
        party = [p for _, _, p in _find(t, _INDIVIDUAL_NOUNS) if p == "pos"]
    b2b = [p for _, _, p in _find(t, _B2B) if p != "unsure"]
    if b2b and party:
        out["individual_is_party"] = None
    elif b2b:
        out["individual_is_party"] = False if "pos" in b2b else None
    elif party:
        out["individual_is_party"] = _status_flag(party)
    if positive(_P52_HR):
        purposes.append("hr_management")
    rules = [p for _, _, p in _find(t, _HR_RULES)]
    if rules:
        # P5(2) as SPEC §3 reads it: lawful labour rules *or* a collective contract. A condition of an exemption
        # needs positive evidence (SPEC §3a): a hedge leaves it unknown, a denial of the procedure denies it.
        if "unsure" in rules:
            out["hr_rules_lawful"] = None
        elif any(p == "pos" for _, _, p in _find(t, _HR_RULES_UNLAWFUL)):
            out["hr_rules_lawful"] = False
        else:
            out["hr_rules_lawful"] = _content_flag(rules)
        if "pos" in rules and "hr_management" not in purposes:
            purposes.append("hr_management")
    if positive(_P53_EMERGENCY):
        purposes.append("emergency")
    out["purposes"] = purposes
    return out


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
    r"(?:行业|领域)(?:已经?|已有|有)(?:发布|出台|公布)?(?:了)?(?:数据出境)?(?:负面清单|清单)|(?:负面清单|清单)(?:已)?(?:覆盖|涵盖|包括)(?:了)?(?:我们|我司|本)?[^，,。；;]{0,8}?(?:行业|领域)|"
    r"(?:our\s+)?(?:sector|field|industry)\s+is\s+covered\s+by\s+(?:a|the)\s+(?:published\s+)?(?:negative\s+)?list|"
    r"(?:a|the)\s+(?:published\s+)?(?:negative\s+)?list\s+covers\s+our\s+(?:sector|field|industry)"
)
_LIST_NOT_COVERED = _rx(
    r"(?:行业|领域)[^，,。；;]{0,6}?(?:还|目前|尚)?(?:没有|未|尚未)(?:发布|出台|公布)?(?:数据出境)?(?:负面清单|清单)|不在(?:负面)?清单(?:覆盖|涵盖)(?:的)?(?:领域|范围|行业)|"
    r"(?:负面清单|清单)(?:没有|未|不)(?:覆盖|涵盖|包括)(?:我们|我司|本)(?:的)?(?:行业|领域)|"
    r"(?:sector|field|industry)\s+is\s+not\s+covered|no\s+(?:published\s+)?(?:negative\s+)?list\s+(?:has\s+been\s+published\s+|exists\s+)?for\s+our\s+(?:sector|field|industry)|"
    r"not\s+covered\s+by\s+(?:any|the|a)\s+(?:published\s+)?(?:negative\s+)?list|"
    r"(?:there'?s|there\s+is|there\s+are)\s+no\s+(?:published\s+)?(?:negative\s+)?lists?\s+(?:yet\s+)?(?:for|covering)|"
    r"no\s+(?:published\s+)?negative\s+lists?\s+(?:yet\s+)?(?:for|covering)\s+(?:our|the|this)?|"
    r"(?:还)?没有(?:针对|覆盖)?[^，,。；;]{0,8}?(?:行业|领域)?的?(?:负面)?清单|清单(?:里|中|上)?(?:还)?没有(?:我们|本|这个)?(?:的)?(?:行业|领域)"
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


# A purpose of its own that no exemption covers: the data of that sentence is not sent for the contract, the HR
# management or the emergency the rest of the question names ("市场部还想把…传给总部训练推荐模型").
_OTHER_PURPOSE = _rx(
    r"训练|建模|模型|画像|推荐|营销|市场分析|市场推广|广告|精准投放|数据分析|统计分析|研究|研发|准入|审核|尽调|背景调查|风控|"
    r"福利登记|保险福利|家属|供货商|供应商|对接人|快递员|骑手|司机|"
    r"(?:train\w*|model\w*|profil\w*|recommendation\w*|marketing|advertis\w*|analytics|analysis|research|r&d|"
    r"onboarding|vetting|due\s+diligence|background\s+checks?|supplier\w*|vendors?|couriers?|drivers?|famil(?:y|ies)|dependants?)"
)
_EXEMPTING = ("foreign_collected_transit", "contract_with_individual", "hr_management", "emergency")


def _bind_purposes(t: _Text, items: list[DataItem], purposes: Sequence[Purpose]) -> list[DataItem]:
    """SPEC §3a: a purpose belongs to the data it is stated for. When several sentences each send personal data
    and they differ in purpose — one for the buyers' orders, another for model training or supplier vetting —
    each sentence's data becomes its own item with its own purposes, so an exemption stated for one item never
    exempts the others. Otherwise the items are left as they are (the export's purposes apply to all)."""
    exempting = [p for p in purposes if p in _EXEMPTING]
    if not exempting:
        return items
    segments: list[tuple[int, int, list[Purpose]]] = []
    for ss, se in _sentences(t):
        text = t.low[ss:se]
        if not (_PI.search(text) or _SENSITIVE.search(text)):
            continue
        sub = _Text(t.raw[ss:se])
        own = [p for p in _purpose_facts(sub)["purposes"] if p in _EXEMPTING]
        if own:
            segments.append((ss, se, own))
        elif _OTHER_PURPOSE.search(text):
            segments.append((ss, se, []))
        else:
            segments.append((ss, se, list(exempting)))
    if len(segments) < 2 or all(seg[2] == segments[0][2] for seg in segments):
        return items
    out: list[DataItem] = []
    for ss, se, own in segments:
        sub = _Text(t.raw[ss:se])
        inside = _data_items(sub)
        description = "、".join(i.description for i in inside) or t.raw[ss:se].strip(" ，,。；;")[:40]
        flags = _item_flags(description, t.raw[ss:se])
        out.append(flags.model_copy(update={"purposes": own or ["other"]}))
    return out


def _sentences(t: _Text) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for end in [*t.sentence_ends, len(t.low)]:
        if end > start:
            bounds.append((start, end))
        start = end + 1
    return bounds


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


_ON_LIST = _rx(
    r"(?:负面)?清单(?:上|内|中|里|所列)|列入(?:了)?(?:负面)?清单|清单所列|on\s+the\s+(?:[a-z-]+\s+){0,2}?(?:negative\s+)?list|"
    r"listed\s+(?:on|in)\s+the\s+(?:[a-z-]+\s+){0,2}?(?:negative\s+)?list|(?<=list)[^.;]{0,100}?\b(?:is|are)\s+on\s+it\b"
)
_OFF_LIST = _rx(
    r"不(?:在|属于)[^，,。；;]{0,24}?(?:负面)?清单(?:上|内|中|里|范围内?|所列)?|未(?:被)?列入[^，,。；;]{0,20}?清单|"
    r"(?:负面)?清单(?:以)?外|not\s+(?:listed\s+)?on\s+(?:the\s+(?:negative\s+)?list|it|that\s+list|[a-z']{2,20}\s+(?:[a-z]+\s+){0,3}?(?:negative\s+)?list)|off\s+the\s+(?:negative\s+)?list|"
    r"outside\s+the\s+(?:negative\s+)?list|none\s+of\s+(?:it|them)\s+(?:is|are)\s+on\s+the\s+(?:negative\s+)?list|"
    r"(?:isn't|aren't|is\s+not|are\s+not|not)\s+(?:listed\s+)?(?:on|in)\s+the\s+(?:[a-z-]+\s+){0,2}?(?:negative\s+)?list|"
    r"(?:isn't|aren't|is\s+not|are\s+not|not)\s+(?:among|included\s+in|part\s+of|covered\s+by)\s+(?:the\s+)?(?:[a-z'-]+\s+){0,3}?(?:negative\s+)?list"
)


# "the entry says 'security assessment'", "那一栏写的是标准合同或认证": the route the user read on the list (SPEC §3a:
# taken as said; the illustrative list cannot confirm it).
_ENTRY_SAYS = _rx(
    r"(?:条目|这一项|那一项|这一栏|那一栏|该项|该条|对应(?:的)?(?:路径|方式)|清单(?:里|上|中)?(?:这一项|那一项)?)[^。；;]{0,6}?(?:写的是|写着|要求|规定|列明|标注|注明|是)|"
    r"(?:entry|item|line|list)\s+(?:says|states|requires|specifies|lists|names|is\s+marked|calls\s+for)|"
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


# ------------------------------------------------------------------------------------------ extraction


def extract_facts(text: str, language: Language | None = None) -> Facts:
    """Read what the question states about the export. Unknown facts stay None; nothing is guessed.

    ``language`` is accepted for the interface; Chinese and English patterns are always both applied, since
    questions mix them ("我们是CIIO吗").
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_facts expects str, got {type(text).__name__}")
    if language is not None and language not in ("zh", "en"):
        raise ValueError(f"language must be 'zh', 'en' or None, got {language!r}")
    t = _Text(text)
    if not t.low.strip():
        return Facts()
    values: dict[str, Any] = {}

    zone, other = _zone_facts(t)
    values["registered_zone"] = zone
    values["other_ftz_name"] = other if zone == "other_ftz" else None
    values["export_in_zone"] = _export_in_zone(t, zone)
    values["is_ciio"] = _ciio(t)
    values["sector"] = _sector(t)
    covered = [p for _, _, p in _find(t, _LIST_COVERED) if p != "unsure"]
    covered += ["neg" for _, _, p in _find(t, _LIST_NOT_COVERED) if p == "pos"]
    # M8 with M20¶3: one published list covering the field is enough, another FTZ's official list included, so a
    # statement that one covers it stands beside "上海的清单没有覆盖汽车".
    values["sector_list_published"] = True if "pos" in covered else _status_flag(covered)

    non_sens = _find(t, _NON_SENSITIVE_PI)
    mask = [(s, e) for s, e, _ in non_sens] + [(s, e) for s, e, _ in _find(t, _SENSITIVE_MASK)]
    sens = _find(t, _SENSITIVE, mask)
    anon_spans = [m.span() for m in _TRULY_ANON.finditer(t.low)]
    pi = _find(t, _PI, [(s, e) for s, e, _ in sens] + anon_spans + [m.span() for m in _PI_MASK.finditer(t.low)])
    pi_all = pi + [(s, e, "pos" if p == "pos" else p) for s, e, p in non_sens]
    # "非敏感个人信息" / "nothing sensitive" deny sensitive PI; a concrete sensitive mention still wins
    denials: list[Polarity] = ["neg" for _, _, p in non_sens if p == "pos"]
    taken = [(s, e) for s, e, _ in sens] + [(s, e) for s, e, _ in non_sens]
    denials += [p for _, _, p in _find(t, _SENSITIVE_BARE, taken) if p == "neg"]
    contains_sensitive = _content_flag([p for _, _, p in sens] + denials)
    contains_pi = _content_flag(p for _, _, p in pi_all)

    pseudo = _content_flag(p for _, _, p in _find(t, _PSEUDO))
    values["pseudonymised"] = pseudo
    if pseudo:
        contains_pi = True
    anon = [p for _, _, p in _find(t, _ANON)]
    if "pos" in anon and _TRULY_ANON.search(t.low) and contains_pi is not True and not pseudo:
        contains_pi = False

    important = []
    for s, e, p in _find(t, _IMPORTANT):
        if p == "pos" and _IMPORTANT_SELF.search(t.low[max(t.clause(s, e)[0], s - 20) : s]):
            p = "unsure"
        if p == "pos" and not _important_asserted(t, s, e):
            continue
        important.append(p)
    values["important_data"] = _content_flag(important)
    if values["important_data"] is None and important and any(p == "pos" for _, _, p in _find(t, _NOT_NOTIFIED)):
        values["important_data"] = False
        important = [p for p in important if p != "unsure"]
    if values["important_data"] is None and _important_hedged(t):
        important = [*important, "unsure"]
    values["export_controlled"] = _content_flag(p for _, _, p in _find(t, _EXPORT_CONTROL))
    values["treaty_applies"] = _status_flag(p for _, _, p in _find(t, _TREATY) if p != "unsure")

    counts = _count_facts(t, sens, pi_all)
    values.update(counts)
    if values.get("pi_count_ytd") is not None and _low_of(values, "pi") > 0:
        contains_pi = True if contains_pi is None else contains_pi or True
    if values.get("sensitive_pi_count_ytd") is not None:
        if _low_of(values, "sensitive_pi") > 0:
            contains_sensitive = True
        elif values["sensitive_pi_count_bound"] == "exact" and values["sensitive_pi_count_ytd"] == 0:
            contains_sensitive = False
    if contains_sensitive:
        contains_pi = True
    if contains_pi is False and contains_sensitive is None:
        contains_sensitive = False
    values["contains_pi"] = contains_pi
    values["contains_sensitive_pi"] = contains_sensitive
    values.update(_one_group_bound(t, values, sens, pi_all))
    values.update(_one_group_sensitive_bound(t, values, sens, pi_all))

    values.update(_purpose_facts(t))
    items = _bind_purposes(t, _data_items(t), values.get("purposes", []))
    on_list = _on_list(t)
    if on_list is not None:
        items = [i.model_copy(update={"on_list": on_list}) for i in items] or [DataItem(description="", on_list=on_list)]
        route = _list_route(t) if on_list else None
        if route is not None:
            items = [i.model_copy(update={"list_route": route}) for i in items]
    values["data_items"] = items
    values["unsure"] = [key for key in _unsure_keys(t, important) if values.get(key) is None]
    return _facts(values)


# The fields whose signals can be stated with doubt ("不确定是否属于关基", "not sure whether it is important data").
_UNSURE_SIGNALS: list[tuple[str, list[re.Pattern[str]]]] = [
    ("registered_zone", [*(pat for _, pat in _ZONE_PATTERNS), _BARE_FTZ]),
    ("export_in_zone", _EXPORT_AT),
    ("is_ciio", [_CIIO]),
    ("contains_pi", [_PI]),
    ("contains_sensitive_pi", [_SENSITIVE]),
    ("pseudonymised", [_PSEUDO]),
    ("export_controlled", [_EXPORT_CONTROL]),
    ("treaty_applies", [_TREATY]),
    ("hr_rules_lawful", [_HR_RULES]),
    ("individual_is_party", [_INDIVIDUAL_PARTY, _B2B]),
    ("domestic_data_added", [_P4_DOMESTIC, _P4_DOMESTIC_NEG_ONLY]),
    ("sector_list_published", [_LIST_COVERED]),
]


def _one_group_bound(t: _Text, values: dict[str, Any], sens: Sequence[tuple[int, int, Polarity]],
                     pi: Sequence[tuple[int, int, Polarity]]) -> dict[str, Any]:
    """"names and ID card numbers of 1,200 workers", "800名患者的病历": one group of people, counted once, whose data
    is partly sensitive. The count is read as the sensitive count; the same people's other PI is at most that many,
    so the non-sensitive count is bounded by it instead of left open (which would ask whether it reaches a million).
    Only when that one count is the only people count and every mention of personal data is in its sentence."""
    if values.get("pi_count_ytd") is not None or values.get("sensitive_pi_count_ytd") is None:
        return {}
    people = [c for c in find_counts(t.raw) if _is_people_count(t, c)]
    if len(people) != 1 or values.get("sensitive_pi_count_bound") not in ("exact", "at_most", "under"):
        return {}
    if re.search(r"其中|另有|此外|以及其他|of\s+whom|of\s+them|among\s+them|in\s+addition|other\s+(?:customers|users|people)", t.low):
        return {}  # a part of a larger group whose size is not stated
    ss, se = t.sentence(people[0].span[0])
    if any(not (ss <= s < se) for s, _, p in [*sens, *pi] if p == "pos"):
        return {}
    bound = "at_most" if values["sensitive_pi_count_bound"] == "exact" else values["sensitive_pi_count_bound"]
    return {"pi_count_ytd": values["sensitive_pi_count_ytd"], "pi_count_bound": bound, "pi_count_upper": None}


def _one_group_sensitive_bound(t: _Text, values: dict[str, Any], sens: Sequence[tuple[int, int, Polarity]],
                               pi: Sequence[tuple[int, int, Polarity]]) -> dict[str, Any]:
    """"about 2,000 staff, including ID numbers and bank accounts": one group counted once whose data includes
    sensitive kinds — the sensitive PI is about those same people, so at most that many (not an open question)."""
    if values.get("sensitive_pi_count_ytd") is not None or values.get("pi_count_ytd") is None or not values.get("contains_sensitive_pi"):
        return {}
    people = [c for c in find_counts(t.raw) if _is_people_count(t, c)]
    if len(people) != 1 or values.get("pi_count_bound") not in ("exact", "at_most", "under"):
        return {}
    if re.search(r"其中|另有|此外|以及其他|of\s+whom|of\s+them|among\s+them|in\s+addition|other\s+(?:customers|users|people)", t.low):
        return {}
    ss, se = t.sentence(people[0].span[0])
    if any(not (ss <= s < se) for s, _, p in [*sens, *pi] if p == "pos"):
        return {}
    bound = "at_most" if values["pi_count_bound"] == "exact" else values["pi_count_bound"]
    return {"sensitive_pi_count_ytd": values["pi_count_ytd"], "sensitive_pi_count_bound": bound, "sensitive_pi_count_upper": None}


def _unsure_keys(t: _Text, important: Sequence[Polarity]) -> list[str]:
    keys = ["important_data"] if "unsure" in important else []
    if any(_export_place_hedged(t, m.start(), m.end()) for pat in _EXPORT_AT for m in pat.finditer(t.low)):
        keys.append("export_in_zone")
    for key, patterns in _UNSURE_SIGNALS:
        if any(p == "unsure" for pat in patterns for _, _, p in _find(t, pat)):
            keys.append(key)
    return keys


def _facts(values: dict[str, Any]) -> Facts:
    """Build Facts from the stated values only, so ``model_fields_set`` names exactly what the text stated."""
    return Facts(**{k: v for k, v in values.items() if k in Facts.model_fields and v != Facts.model_fields[k].default and v != []})


def _low_of(values: dict[str, Any], prefix: str) -> int:
    count = values.get(f"{prefix}_count_ytd")
    bound = values.get(f"{prefix}_count_bound", "exact")
    if count is None or bound in ("under", "at_most"):
        return 0
    return int(count) + (1 if bound == "over" else 0)


_IMPORTANT_ASSERT = _rx(
    r"(?:包含|包括|含有|含|有|属于|是|为|涉及|构成|认定为|告知为|公布为|列为|识别为|确定为|作为|列入)(?:了)?(?:一些|部分|少量|大量)?\s*$|"
    r"(?:includes?|including|contains?|containing|involves?|involving|is|are|as|has|have|some|holds?)\s+(?:some\s+)?$"
)


# "no regulator has ever notified us or published it as such", "未被告知或公开发布为重要数据": P2 reads important data
# by notification or publication, so the denial decides whatever the user suspects of the data.
_NOT_NOTIFIED = _rx(
    r"(?:no|none\s+of\s+the)\s+(?:regulators?|authorit(?:y|ies)|department|agency|local\s+authorit(?:y|ies))[^.;]{0,40}?(?:has|have)\s+(?:ever\s+)?"
    r"(?:notified|told|informed)|(?:never|not)\s+(?:been\s+)?(?:notified|told|informed)\s+(?:by|that|of)|has\s+not\s+been\s+(?:notified|published)|"
    r"(?:从未|没有|未|并未|尚未)(?:被)?(?:有关部门|相关部门|主管部门|监管部门|任何部门)?(?:告知|通知|公开发布|公布|认定)"
)


_HEDGE_IN_SENTENCE = _rx(r"记不清|不记得|想不起|不确定|不清楚|不知道|拿不准|not\s+sure|can'?t\s+remember|don'?t\s+remember|don'?t\s+know|unsure")


def _important_hedged(t: _Text) -> bool:
    """A sentence that names important data (a catalogue, a notice) and says the user cannot tell whether this
    data is in it ("通知……我记不清这批数据在不在里面"): the user does not know, which is a fact (asked)."""
    for m in _IMPORTANT.finditer(t.low):
        ss, se = t.sentence(m.start())
        if _HEDGE_IN_SENTENCE.search(t.low[ss:se]) and not re.search(r"需要|要不要|需不需要|手续|what\s+to\s+do|which\s+mechanism", t.low[ss:se]):
            return True
    return False


def _important_asserted(t: _Text, start: int, end: int) -> bool:
    """"包含重要数据", "已被告知为重要数据", "includes important data" — not "重要数据出境需要评估吗"."""
    if _IMPORTANT_ASSERT.search(t.low[max(0, start - 10) : start]) or _FORM_VALUE.match(t.low[end : end + 16]):
        return True
    return bool(re.match(r"^\s*[:：]\s*(?:有|是|包含|涉及|yes|included)", t.low[end : end + 12]))


# ------------------------------------------------------------------------------------------ merging


_COUNT_GROUPS = {
    "pi_count_ytd": ("pi_count_ytd", "pi_count_bound", "pi_count_upper"),
    "sensitive_pi_count_ytd": ("sensitive_pi_count_ytd", "sensitive_pi_count_bound", "sensitive_pi_count_upper"),
}
_GROUPED = {f for g in _COUNT_GROUPS.values() for f in g} | {"registered_zone", "other_ftz_name", "purposes", "data_items", "unsure"}


def merge_facts(old: Facts, new: Facts) -> Facts:
    """Facts from a new message over the session's: new known values win; unknowns never erase known ones.

    A count moves with its bound and upper limit; a zone with its FTZ name; purposes are united; data items
    are merged by description (case, width, spaces and punctuation ignored), field by field.
    """
    if not isinstance(old, Facts) or not isinstance(new, Facts):
        raise TypeError("merge_facts expects two Facts")
    values: dict[str, Any] = {}
    for name in Facts.model_fields:
        if name in _GROUPED:
            continue
        nv = getattr(new, name)
        values[name] = nv if nv is not None else getattr(old, name)
    for group in _COUNT_GROUPS.values():
        src = new if getattr(new, group[0]) is not None else old
        for name in group:
            values[name] = getattr(src, name)
    if new.registered_zone is not None:
        values["registered_zone"] = new.registered_zone
        ftz_name = new.other_ftz_name
        if new.registered_zone == "other_ftz" and ftz_name is None and old.registered_zone == "other_ftz":
            ftz_name = old.other_ftz_name
        values["other_ftz_name"] = ftz_name if new.registered_zone == "other_ftz" else None
    else:
        values["registered_zone"] = old.registered_zone
        values["other_ftz_name"] = new.other_ftz_name or old.other_ftz_name
    values["purposes"] = list(dict.fromkeys([*old.purposes, *new.purposes]))
    values["data_items"] = _merge_items(old.data_items, new.data_items)
    # still unsure only while still unknown
    values["unsure"] = [k for k in dict.fromkeys([*old.unsure, *new.unsure]) if values.get(k) is None]
    return _facts(values)


def _merge_items(old: Sequence[DataItem], new: Sequence[DataItem]) -> list[DataItem]:
    merged = [i.model_copy() for i in old]
    index = {_item_key(i.description): n for n, i in enumerate(merged)}
    for item in new:
        key = _item_key(item.description)
        if not key and merged and key not in index:
            # "数据不在负面清单上" said of the data in general: it applies to every item already named
            update = {f: getattr(item, f) for f in DataItem.model_fields if f != "description" and getattr(item, f) is not None}
            merged = [m.model_copy(update=update) for m in merged]
            continue
        if key in index:
            n = index[key]
            base = merged[n]
            update = {f: getattr(item, f) for f in DataItem.model_fields if f != "description" and getattr(item, f) is not None}
            merged[n] = base.model_copy(update=update)
        else:
            index[key] = len(merged)
            merged.append(item.model_copy())
    return merged


# ------------------------------------------------------------------------------------------ answers

_KEY_ALIASES = {
    "registered_in_zone": "registered_zone", "zone": "registered_zone", "registration": "registered_zone",
    "ciio": "is_ciio", "pi_count": "pi_count_ytd", "sensitive_pi_count": "sensitive_pi_count_ytd",
    "sensitive_count": "sensitive_pi_count_ytd", "count": "pi_count_ytd", "purpose": "purposes",
    "export_location": "export_in_zone", "treaty": "treaty_applies", "important": "important_data",
    "sensitive_pi": "contains_sensitive_pi", "pi": "contains_pi",
}  # fmt: skip
_UNSURE_ANSWERS = _rx(
    r"^\s*(?:不确定|不清楚|不知道|不太清楚|不太确定|不好说|不明确|待确认|说不准|没想好|not\s+sure|unsure|don'?t\s+know|do\s+not\s+know|"
    r"unknown|no\s+idea|unclear|uncertain|maybe|perhaps|dunno|\?+|？+)"
)
_UNSURE_ANYWHERE = _rx(r"不确定|不清楚|不知道|不太清楚|说不准|不好说|not\s+sure|unsure|don'?t\s+know|do\s+not\s+know|no\s+idea|not\s+certain")
_YES_ANSWERS = _rx(
    r"^\s*(?:是(?!不|否)的?|对的?|有(?!没)的?|包含|包括|涉及|属于|需要|确认|正确|没错|当然|嗯|yes|y|yep|yeah|yup|true|correct|right|sure|confirmed|affirmative|1)(?![a-z])"
)
_NO_ANSWERS = _rx(
    r"^\s*(?:否|不是|不对|不|没有|没|无|不涉及|不包含|不包括|不属于|非|并非|no|n|nope|nah|false|not|none|negative|0)(?![a-z])"
)
_ZONE_ANSWERS: dict[str, Zone] = {
    "上海自贸试验区": "shanghai_ftz", "上海自贸区": "shanghai_ftz", "shanghai ftz": "shanghai_ftz",
    "临港新片区": "lingang", "临港": "lingang", "lingang new area": "lingang", "lingang": "lingang",
    "其他自由贸易试验区": "other_ftz", "其他自贸区": "other_ftz", "another free trade zone": "other_ftz",
    "another ftz": "other_ftz", "不在自由贸易试验区": "outside", "不在自贸区": "outside",
    "outside any free trade zone": "outside", "outside any ftz": "outside", "区外": "outside",
}  # fmt: skip
_NO_SENSITIVE_ANSWER = _rx(r"^\s*(?:不含敏感个人信息|没有敏感个人信息|无敏感个人信息|no\s+sensitive\s+personal\s+(?:information|data)|none)\s*$")
_LIST_ITEM_ID = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,5}(?:-[A-Z0-9]{1,5})*-\d{1,4})(?![A-Za-z0-9])")
_ITEM_KEY_RE = re.compile(r"^data_items\[(\d+)\]\.(\w+)$")
_BOOL_FIELDS = frozenset(
    {"export_in_zone", "is_ciio", "sector_list_published", "contains_pi", "contains_sensitive_pi", "important_data",
     "pseudonymised", "individual_is_party", "hr_rules_lawful", "domestic_data_added", "export_controlled",
     "treaty_applies", "counts_since_jan1"}
)  # fmt: skip


def _yes_no(answer: str) -> bool | None:
    answer = _lower_same_length(answer)
    if _UNSURE_ANSWERS.match(answer) or _UNSURE_ANYWHERE.search(answer):
        return None
    if _NO_ANSWERS.match(answer):
        return False
    if _YES_ANSWERS.match(answer):
        return True
    return None


def apply_answer(facts: Facts, key: str, answer: str) -> Facts:
    """Fill ``key`` from a reply to the clarifying question about it ("是", "否", "不确定", "yes", "150k",
    "10万至不满100万人", "临港新片区", "我们不是关基"…). Anything else the reply states is merged in too.

    ``key`` is a Facts field (aliases such as ``registered_in_zone`` accepted) or ``data_items[i].field``.
    "Not sure" leaves the fact unknown. Unknown keys raise ``KeyError``; non-str arguments ``TypeError``.
    """
    if not isinstance(facts, Facts):
        raise TypeError("apply_answer expects Facts")
    if not isinstance(key, str) or not isinstance(answer, str):
        raise TypeError("apply_answer expects str key and answer")
    key = _KEY_ALIASES.get(key.strip(), key.strip())
    item_key = _ITEM_KEY_RE.match(key)
    if not item_key and key not in Facts.model_fields:
        raise KeyError(key)
    if item_key and item_key.group(2) not in DataItem.model_fields:
        raise KeyError(key)
    text = normalize_width(answer).strip()[:MAX_TEXT]
    if not text:
        return facts
    if _UNSURE_ANSWERS.match(_lower_same_length(text)):
        return _mark_unsure(facts, key)
    extracted = extract_facts(text)
    base = merge_facts(facts, extracted)
    if item_key:
        return _apply_item_answer(base, int(item_key.group(1)), item_key.group(2), text)
    low = text.lower()
    if key == "registered_zone":
        return _apply_zone(base, facts, extracted, low)
    if key in _COUNT_GROUPS:
        return _apply_count(facts, extracted, key, text)
    if key == "purposes":
        return base
    if key == "sector":
        return _apply_sector(base, extracted, text)
    if key == "other_ftz_name":
        name = extracted.other_ftz_name or next((v for k, v in _OTHER_FTZ_NAMES.items() if k in text), None)
        name = name or next((v for v in _OTHER_FTZ_NAMES.values() if v in low), None)
        return base.model_copy(update={"other_ftz_name": name, "registered_zone": "other_ftz"}) if name else base
    if key in _BOOL_FIELDS:
        value = _yes_no(text)
        if value is None:
            value = getattr(extracted, key)
        if value is None and key == "export_in_zone" and len(text) <= 40 and not _UNSURE_ANYWHERE.search(low):
            # a place for an answer: "在临港", "区内", "北京分公司", "from our Beijing office"
            if _IN_ZONE_PLACE.search(low) and not re.search(r"区外|outside", low):
                value = True
            elif _OUT_PLACE.search(low):
                value = False
        if value is None:
            return base
        update: dict[str, Any] = {key: value}
        if key == "contains_sensitive_pi" and value:
            update["contains_pi"] = True
        if key == "contains_pi" and value is False and base.contains_sensitive_pi is None:
            update["contains_sensitive_pi"] = False
        return base.model_copy(update=update)
    return base


def _mark_unsure(facts: Facts, key: str) -> Facts:
    """"不确定" to the question about ``key``: still unknown, now by the user's own account."""
    field = key.split("[")[0].split(".")[0]
    if field not in Facts.model_fields or field in ("data_items", "purposes", "unsure") or getattr(facts, field) is not None:
        return facts
    if field in facts.unsure:
        return facts
    return facts.model_copy(update={"unsure": [*facts.unsure, field]})


def _apply_zone(base: Facts, facts: Facts, extracted: Facts, low: str) -> Facts:
    plain = low.strip(" 。.!！")
    if plain in _ZONE_ANSWERS:
        zone = _ZONE_ANSWERS[plain]
        return base.model_copy(update={"registered_zone": zone, "other_ftz_name": base.other_ftz_name if zone == "other_ftz" else None})
    if extracted.registered_zone is not None:
        return base
    for label, zone in sorted(_ZONE_ANSWERS.items(), key=lambda kv: -len(kv[0])):
        if label in low:
            return base.model_copy(update={"registered_zone": zone})
    if re.fullmatch(rf"\s*(?:在|于)?\s*(?:{_CITIES_ZH}|{_CITIES_EN})(?:市|省|区)?\s*(?:注册)?\s*[。.!！]?\s*", low):
        return base.model_copy(update={"registered_zone": "outside", "other_ftz_name": None})  # "北京", "Hangzhou"
    yn = _yes_no(low)
    if yn is True:  # "是" to "在上海自贸试验区或临港新片区注册吗": Lingang is part of the Shanghai FTZ
        return base.model_copy(update={"registered_zone": "shanghai_ftz"})
    if yn is False:
        return base.model_copy(update={"registered_zone": "outside", "other_ftz_name": None})
    return base


_COUNT_FIELDS = {f for g in _COUNT_GROUPS.values() for f in g}


def _names_data_kind(text: str) -> bool:
    """Whether a reply says what kind of PI its figure counts ("2000人的健康信息", "不含敏感个人信息")."""
    t = _Text(text)
    return any(_find(t, pat) for pat in (_SENSITIVE, _PI, _NON_SENSITIVE_PI, _SENSITIVE_BARE))


def _apply_count(facts: Facts, extracted: Facts, key: str, text: str) -> Facts:
    count_f, bound_f, upper_f = _COUNT_GROUPS[key]
    sensitive = key.startswith("sensitive")
    none_sensitive = {"contains_sensitive_pi": False, count_f: None, bound_f: "exact", upper_f: None}
    if _NO_SENSITIVE_ANSWER.match(_lower_same_length(text)) or (_yes_no(text) is False and not re.search(r"\d", text)):
        base = merge_facts(facts, extracted)
        if sensitive:
            return base.model_copy(update=none_sensitive)
        return base.model_copy(update={count_f: 0, bound_f: "exact", upper_f: None})
    if _names_data_kind(text):
        # the reply says which count it is; extraction has put it in the right field
        base = merge_facts(facts, extracted)
        if sensitive and extracted.contains_sensitive_pi is False:
            return base.model_copy(update=none_sensitive)
        return base
    # a bare figure ("约2000人", "150k") answers the question that was asked
    stripped = extracted.model_copy(update={f: Facts.model_fields[f].default for f in _COUNT_FIELDS})
    base = merge_facts(facts, stripped)
    parsed = parse_count(text)
    if parsed is None:
        return base
    value, bound, upper = _fact_count(parsed, "sensitive_pi" if sensitive else "pi")
    update: dict[str, Any] = {count_f: value, bound_f: bound, upper_f: upper}
    if parsed.low > 0:
        update["contains_sensitive_pi" if sensitive else "contains_pi"] = True
        update["contains_pi"] = True
    elif sensitive and bound == "exact" and value == 0:
        update["contains_sensitive_pi"] = False
    elif sensitive and parsed.high is not None and parsed.high > 0:
        # "不满1万人" offered beside "不含敏感个人信息": the asker has some sensitive PI, under the figure
        update["contains_sensitive_pi"] = True
        update["contains_pi"] = True
    return base.model_copy(update=update)


_SECTOR_ANSWERS = {
    "再保险": "reinsurance", "国际航运": "shipping", "航运": "shipping", "商贸": "trade", "气象": "meteorology",
    "其他行业": "other", "another field": "other", "other": "other", "其他": "other",
}  # fmt: skip


def _apply_sector(base: Facts, extracted: Facts, text: str) -> Facts:
    plain = text.strip(" 。.!！").lower()
    sector = _SECTOR_ANSWERS.get(plain) or extracted.sector
    if sector is None and _yes_no(plain) is None and re.search(r"[a-z\u4e00-\u9fff]", plain):
        sector = plain if 0 < len(plain) <= 40 else None  # a field in the user's words ("融资租赁")
    if sector is None:
        return base
    update: dict[str, Any] = {"sector": sector}
    if sector == "other":
        update["sector_list_published"] = False
    return base.model_copy(update=update)


def _apply_item_answer(base: Facts, index: int, field: str, text: str) -> Facts:
    items = [i.model_copy() for i in base.data_items]
    while len(items) <= index:
        items.append(DataItem(description=""))
    update: dict[str, Any] = {}
    if field == "list_item_id":
        m = _LIST_ITEM_ID.search(normalize_width(text))
        if m:
            update = {"list_item_id": m.group(1), "on_list": True}
        elif _yes_no(text) is False:
            update = {"list_item_id": None}
    elif field == "description":
        update = {"description": text}
    else:
        value = _yes_no(text)
        if field == "on_list":
            m = _LIST_ITEM_ID.search(normalize_width(text))
            if m and value is not False:
                update["list_item_id"] = m.group(1)
                value = True
        if value is not None:
            update[field] = value
            if field == "contains_sensitive_pi" and value:
                update["contains_pi"] = True
    items[index] = items[index].model_copy(update=update)
    return base.model_copy(update={"data_items": items})
