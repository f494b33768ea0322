"""Question classes the export rules answer in one place, mapped to that place's statutory wording.

Long real questions describe a business and ask a question of a known kind: "does remote access count as an export?",
"is the 2022 threshold still valid?", "when does our approval expire?", "we are in the Tianjin FTZ…", "registered in
Lingang but the transfers run from Hangzhou". The words that decide the class ("算不算", "still valid", "到期",
"天津自贸") are everyday words the governing article does not use, while the company description shares many bigrams
with articles on volumes and lists. Each class below is recognised by its question pattern, never by a topic word
alone, and adds the wording of the provision that settles that kind of question (the wording only, never an article
id), so both signals can find it. This is the one home for question-class wording; phrase-level synonyms live in
`retrieval.glossary`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class QuestionClass:
    name: str
    trigger: re.Pattern[str]
    wording: str
    # Also required (when set) / vetoing (when set) patterns, over the same text.
    requires: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I | re.S)


_SHANGHAI_ZONE = r"上海|临港|外高桥|洋山|陆家嘴|张江|浦东|lingang|waigaoqiao|shanghai"
_OTHER_ZONES_ZH = r"北京|天津|海南|浙江|广东|福建|江苏|湖北|四川|重庆|辽宁|河南|陕西|山东|广西|云南|黑龙江|河北|湖南|安徽|新疆|前海|南沙|横琴|平潭"
_OTHER_ZONES_EN = (
    r"beijing|tianjin|hainan|zhejiang|guangdong|fujian|jiangsu|hubei|sichuan|chongqing|liaoning|henan|shaanxi|shandong|"
    r"guangxi|yunnan|heilongjiang|hebei|hunan|anhui|xinjiang|qianhai|nansha|hengqin"
)
_ZONE_WORD = r"自贸|自由贸易|free trade|ftz|negative list|清单"
_NOT_IN_ZONE = _re(r"不在(?:任何)?自贸|非自贸|not (?:in|inside) (?:a |an |the |any )?(?:pilot )?(?:free trade|ftz)")

CLASSES: tuple[QuestionClass, ...] = (
    # "Is X an export?" — access from abroad, visiting staff, storage offshore: PIPL 38 (providing outside the PRC) and
    # A2 (data collected and generated in operations inside China provided abroad).
    QuestionClass(
        name="counts_as_export",
        trigger=_re(
            r"(?:算不算|算是|算作|是否属于|属不属于|属于|视为|视同|认定为|是不是|算)\s*(?:数据)?(?:出境|向境外提供|跨境传输|跨境提供)"
            r"|(?:远程|登录|登陆|访问|查看|查阅|调取|查询).{0,30}(?:算|属于|视为)"
            r"|\b(?:count|counts|counted|treated|regarded|considered|deemed|constitutes?|amounts? to)\b.{0,40}"
            r"\b(?:export|transfer|transferring|providing|provision|cross-border)"
            r"|\bis (?:this|that|it|such|access|storing|hosting|remote access)\b.{0,50}\b(?:an? )?(?:export|transfer)\b"
            r"|\baccess\b.{0,40}\b(?:an? )?export of data\b"
        ),
        wording="向中华人民共和国境外提供个人信息 境内运营中收集和产生的重要数据和个人信息",
    ),
    # "Are the 2022 thresholds still valid?", "which prevails when they differ?": P13 (the Provisions apply where the
    # 2022 and 2023 measures differ).
    QuestionClass(
        name="which_rule_prevails",
        trigger=_re(
            r"还有效|仍然有效|仍有效|是否有效|还适用|仍适用|还算数|以哪个为准|哪个为准|以谁为准|冲突|不一致|过时|旧规|旧办法|老规定"
            r"|\bstill (?:valid|apply|applies|in force|good|the rule|current)\b|\breplaced\b|\bsuperseded\b|\bprevails?\b"
            r"|\bconflict|\boutdated\b|\bwhich (?:rule|one|counting|version) (?:applies|governs|should)"
        ),
        wording="相关规定与本规定不一致的，适用本规定",
    ),
    # "When does our approval expire?", "can it be extended?": P9 (3 years, extension within 60 working days before).
    QuestionClass(
        name="validity_period",
        trigger=_re(
            r"有效期(?!内)|到期|过期|续期|延期|延长|届满|失效|管多久"
            r"|\bexpir(?:e|es|y|ed|ation)\b|\bvalid for\b|\bhow long\b.{0,40}\bvalid\b|\bextend|\bextension\b|\brenew"
        ),
        wording="有效期届满 延长有效期 有效期为3年",
    ),
    # A company in another FTZ relying on its zone's list: P6 (FTZs may draw up lists; data off them is exempt).
    QuestionClass(
        name="other_free_trade_zone",
        trigger=_re(rf"(?:{_OTHER_ZONES_ZH}).{{0,12}}(?:{_ZONE_WORD})|\b(?:{_OTHER_ZONES_EN})\b.{{0,40}}(?:{_ZONE_WORD})"),
        unless=_re(_SHANGHAI_ZONE),
        wording="自由贸易试验区 自行制定 负面清单 经省级网络安全和信息化委员会批准 负面清单外的数据 免予申报",
    ),
    # A Shanghai zone company looking to another zone's list: M20¶3 (other FTZs' official lists may be followed).
    QuestionClass(
        name="shanghai_uses_other_zone_list",
        trigger=_re(rf"(?:{_OTHER_ZONES_ZH}).{{0,12}}(?:{_ZONE_WORD})|\b(?:{_OTHER_ZONES_EN})\b.{{0,40}}(?:{_ZONE_WORD})"),
        requires=_re(_SHANGHAI_ZONE),
        wording="其他自贸区正式发布的数据出境负面清单 参照执行",
    ),
    # Registered in the Shanghai zone but exporting from elsewhere (or the reverse): M2 (registered AND exporting there).
    QuestionClass(
        name="zone_registration_vs_operation",
        trigger=_re(
            r"注册.{0,40}(?:但|实际|其实|却).{0,40}(?:操作|完成|开展|发出|发往|处理|进行|负责|执行)"
            r"|(?:实际|其实).{0,20}(?:由|在|从).{0,20}(?:完成|发出|发往|开展|操作)"
            r"|\bregistered\b.{0,120}\b(?:but|while|whereas)\b.{0,120}\b(?:run|runs|handled|carried out|operated|performed|sent|sits|based|done)\b"
        ),
        requires=_re(_SHANGHAI_ZONE),
        wording="在上海自贸试验区及临港新片区内注册且在上海自贸试验区及临港新片区内开展数据出境活动的数据处理者",
    ),
    # A designated critical information infrastructure operator: P7(1) (any personal information or important data
    # it provides abroad goes to the security assessment, whatever the count). Negated statuses ("不是关基", "not a
    # CIIO") are the usual case in scenario questions and say nothing of the kind.
    QuestionClass(
        name="ciio_operator",
        trigger=_re(
            r"(?:被认定为|认定为|属于|作为|是)(?:一家)?(?:关基|关键信息基础设施运营者|关键信息基础设施)"
            r"|\b(?:designated|identified|classified|recognised|recognized) as (?:a |an )?(?:critical information infrastructure|ciio)"
            r"|\bwe are (?:a |an )?ciio\b"
        ),
        unless=_re(
            r"(?:不是|不属于|并非|没有被认定为|未被认定为|非)(?:一家)?(?:关基|关键信息基础设施)"
            r"|\bnot (?:been )?(?:designated as )?(?:a |an )?(?:critical information infrastructure|ciio)"
        ),
        wording="关键信息基础设施运营者向境外提供个人信息或者重要数据",
    ),
    # Changing an approved transfer (more people, new purpose or recipient): NDR 38 (not beyond what was assessed) and
    # A14 (re-declare when purpose, scope or recipient change).
    QuestionClass(
        name="change_after_approval",
        trigger=_re(
            r"(?:通过|拿到|获得|取得)(?:了)?.{0,8}(?:评估|批复|批准).{0,60}(?:扩大|增加|变更|改变|换了|新增|变了|增至|调整)"
            r"|\b(?:approved|approval|passed)\b.{0,120}\b(?:expand|increase|double|add|adding|change|new purpose|new recipient)"
        ),
        wording="不得超出评估时明确的数据出境目的、方式、范围和种类、规模 重新申报评估",
    ),
)


@lru_cache(maxsize=64)
def question_classes(query: str) -> tuple[str, ...]:
    """Names of the classes `query` belongs to, in `CLASSES` order."""
    names: list[str] = []
    for cls in CLASSES:
        if not cls.trigger.search(query):
            continue
        if cls.requires is not None and not cls.requires.search(query):
            continue
        if cls.unless is not None and cls.unless.search(query):
            continue
        if cls.name in ("other_free_trade_zone", "shanghai_uses_other_zone_list") and _NOT_IN_ZONE.search(query):
            continue
        names.append(cls.name)
    return tuple(names)


_BY_NAME = {c.name: c for c in CLASSES}


def class_wording(query: str) -> str:
    """The statutory wording of every class `query` belongs to, space-joined ('' when none)."""
    return " ".join(_BY_NAME[name].wording for name in question_classes(query))
