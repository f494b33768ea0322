"""What the data contains: personal information, sensitive PI (PIPL 28), pseudonymised / anonymised data,
important data (P2), export-controlled technology (M20¶1) and treaties (M15).

Documented decisions:

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
* Treaties (M15): only an international treaty or agreement counts; a reinsurance "treaty" (合约, "treaty
  terms") is a contract, not a treaty.
"""

from __future__ import annotations

import re

from assistant.facts.polarity import _FORM_VALUE, _rx, _Text

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
    r"病假|病休|孕期|怀孕|生育|伤残|工伤|心理咨询|精神疾病|残疾证|患者|病人|疾病|病情|肿瘤|癌症|糖尿病|心率|血压|血糖|睡眠数据|睡眠监测|"
    r"化验|基因|遗传|生物识别|人脸|面部|面容|指纹|声纹|虹膜|掌纹|步态|宗教|信仰|特定身份|金融账户|银行账户|银行账号|"
    r"银行卡|信用卡|借记卡|账户信息|支付账户|证券账户|账户流水|银行流水|征信|行踪|行动轨迹|出行轨迹|位置轨迹|个人轨迹|"
    r"活动轨迹|行程轨迹|行驶轨迹|轨迹数据|实时位置|位置数据|精准定位|精确定位|定位信息|不满(?:十四|14)周岁|未满(?:十四|14)周岁|(?:十四|14)周岁以下|(?:十四|14)岁以下|"
    r"未成年人|儿童|小朋友|小学生|幼儿|少儿|"
    r"(?:[1-9]|1[0-3]|[一二两三四五六七八九]|十[一二三]?)\s*(?:周)?岁(?:以下|及以下|之下|以内)|"
    r"身份证|护照|证件号|证件信息|犯罪记录|违法犯罪|性取向|残疾|残障|驾驶证号|驾驶证|驾照号|社保卡号|社会保障号|港澳通行证|"
    # whereabouts in any wording ("实时GPS轨迹", "行车轨迹"); trial data's lab values and adverse events are health data
    r"轨迹|不良事件|检验值|化验值|临床试验数据|"
    r"sensitive\s+personal\s+(?:data|information)|sensitive\s+(?:data|information|pi)|special\s+categor(?:y|ies)|"
    r"(?<!bench\s)(?<!bench-)lab(?:oratory)?\s+(?:results|reports)|(?:blood|medical|clinical|covid|pcr)\s+test\s+results|检验结果|化验结果|"
    r"health|medical|patients?|diagnos\w*|clinical|prescriptions?|biometric\w*|facial|face\s+(?:images?|photos?|scans?|recognition|data|templates?|prints?|features?)|"
    r"fingerprints?|iris|voiceprints?|genetic|dna|religio\w*|bank\s+(?:accounts?|cards?|statements?|details)|credit\s+cards?|"
    r"debit\s+cards?|payment\s+cards?|financial\s+accounts?|card\s+numbers?|account\s+numbers?|"
    r"location\s+(?:data|history|tracking|traces?)|precise\s+location|whereabouts|travel\s+history|trajector(?:y|ies)|"
    r"gps\s+(?:[a-z]+\s+)?(?:data|traces?|tracks?|logs?|history|records?|locations?|positions?)|(?:trip|driving|ride)\s+(?:logs?|traces?|routes?|trajector(?:y|ies))|children|minors|kids|pupils|under\s+(?:the\s+age\s+of\s+)?(?:[1-9]|1[0-4])(?![\d,.])\b|"
    r"aged\s+(?:[1-9]|1[0-3])\s*(?:-|–|to)\s*(?:[1-9]|1[0-3])\b|criminal\s+records?|"
    r"sick\s+leave|pregnan\w*|maternity|disabilit\w*|mental\s+health|occupational\s+injur\w*|illness\w*|diseases?|medical\s+conditions?|"
    r"heart[- ]rate|blood\s+(?:pressure|glucose|sugar|tests?)|sleep\s+(?:data|patterns?|tracking|records?)|"
    r"sexual\s+orientation|passports?|id[\s-]+(?:cards?|numbers?|documents?)|national\s+id|identity\s+(?:cards?|documents?|numbers?)|blood\s+type|"
    r"driver'?s'?\s+licen[cs]e\s+(?:numbers?|nos?\b|details)|social\s+security\s+numbers?|lab\s+values|adverse\s+events?|trial\s+data"
)
_SENSITIVE_BARE = _rx(r"(?<!非)敏感(?!个人信息|信息|数据)|\bsensitive\b")
_PI = _rx(
    r"个人信息|个人数据|个人隐私|隐私数据|姓名|昵称|人体受试者|human\s+(?:subjects|participants)|浏览记录|浏览历史|点击记录|行为日志|通话录音|客服录音|订单信息|收货信息|手机号|电话号码|联系电话|联系方式|电子邮箱|邮箱地址|家庭住址|住址|收货地址|"
    r"简历|工资|薪资|薪酬|人事档案|人事数据|人事信息|(?:员工|雇员|职工)(?:的)?(?:信息|数据|档案|资料|名单|花名册|记录)|"
    r"(?:客户|用户|会员|乘客|旅客|游客|住客|患者|病人|消费者|学员|考生|船员|海员|人员|联系人|买家|顾客|学生|司机|员工|玩家)(?:的)?"
    r"(?:个人|报名|订单|收货|收件|联系|身份|预订|注册|浏览|消费|购买|交易|账号|登录)?"
    r"(?:信息|数据|资料|名单|档案|记录|姓名|联系方式|客服工单|工单|投诉单|订单|账号|\s*personal\s+(?:data|information)|\s*\bpi\b)|"
    r"被保险人|投保人|受益人|收件人|寄件人|持卡人|汇款人|收款人|付款人|申请人|乘机人|入住人|联系人|个人客户|自然人|"
    r"personal\s+(?:data|information|info|details)|\bpii\b|\bpi\b|browsing\s+(?:and\s+click\s+)?(?:history|data)|click\s*(?:stream|history)|"
    r"behaviou?ral\s+data|nicknames?|usernames?|contact\s+(?:details|information|info|data|persons?)|"
    r"\bnames?\s*(?:[,/+&]|and)\s*(?:mobile|phone|e-?mail|title)|[(（]\s*(?:full\s+)?names?\s*[,、/]|employee\s+(?:numbers|ids)|"
    r"(?:customer|client|employee|staff|passenger|patient|user|member|crew|seafarer|traveller|traveler|guest|policyholder|"
    r"consumer|student|candidate|applicant|buyer|shopper|recipient|sender)s?'?\s+(?:crm\s+|account\s+|personal\s+|contact\s+|order\s+|booking\s+)?(?:names?|data|information|info|records?|details|profiles?|files?|contacts?|"
    r"lists?|emails?|addresses|phone\s+numbers?)|"
    r"phone\s+numbers?|mobile\s+numbers?|e-?mail\s+addresses|\bnames\s*(?:and|,)\s*(?:(?:work|job|home|personal)\s+)?(?:e-?mails?|phones?|mobile|addresses|contact|titles?|positions?|ages?|ids?|dates?\s+of\s+birth)|home\s+address(?:es)?|payroll|salar(?:y|ies)|"
    r"hr\s+(?:data|records|files)|personnel\s+(?:files|records|data)|resumes?|\bcvs?\b|cardholders?|data\s+subjects?|"
    r"(?:names|addresses|phone\s+numbers|e-?mails|details|records|recordings|transcripts|photos|scans|files|data|information)\s+of\s+"
    r"(?:(?:about|around|some|roughly)?\s*[\d,.]+\s*k?\s+of\s+)?(?:our\s+|the\s+|their\s+|all\s+)?(?:[a-z]+\s+)?"
    r"(?:customers|clients|employees|users|members|passengers|guests|patients|staff|travell?ers|seafarers|crew|individuals|people|"
    r"students|learners|pupils|children|kids|players|subscribers|applicants|candidates|respondents)|"
    r"natural\s+persons?|insured\s+persons?|policyholders?|(?:their|his|her|guests'?|customers'?|passengers'?|travell?ers'?)\s+names|"
    # any group's names or contacts in the possessive: "truck drivers' names", "shippers' phone numbers"
    r"\b[a-z]+s'\s+(?:full\s+)?(?:names|contact\s+(?:details|names|numbers)|phone\s+numbers|mobile\s+numbers|e-?mails|home\s+addresses)"
)
# "签个人信息出境标准合同", "个人信息保护认证", "the PIPL": the name of a mechanism or a law, not data that is sent.
_PI_MASK = _rx(
    r"个人信息出境标准合同|personal\s*information\s*出境(?:标准合同|认证)|个人信息保护认证|个人信息保护影响评估|个人信息保护法|个人信息出境认证|"
    r"联系人(?:一栏|栏|栏位|字段)?[^，,。；;]{0,8}?(?:公司|企业|单位)(?:的)?(?:公共|通用|公用|统一|官方)?(?:邮箱|电话|号码|地址)|"
    r"contact\s+(?:field|line|box)[^.;]{0,24}?(?:generic|shared|company|corporate|general)\s+(?:mailbox|inbox|e-?mail|address|number)|"
    r"personal\s+information\s+protection\s+(?:certification|impact\s+assessment|law)|standard\s+contract\s+for\s+(?:the\s+)?(?:outbound|cross-border)"
)
_PSEUDO = _rx(r"去标识化|假名化|脱敏|pseudonymi[sz]\w*|de-?identified|de-?identification|masked|hashed|tokeni[sz]ed")
_ANON = _rx(r"匿名化|anonymi[sz]\w*")
_TRULY_ANON = _rx(
    r"(?:无法|不能|不可)(?:再)?识别特定(?:的)?(?:自然人|个人)(?:且|并且|，|,)?(?:不能|无法|不可)复原|不能复原|不可复原|无法复原|无法再识别|不可逆|"
    r"irreversibl\w*|cannot\s+be\s+(?:re-?identified|reversed|linked|restored)|(?:can\s+)?no\s+longer\s+identify\s+(?:any\s+)?(?:person|individual|one)|"
    r"truly\s+anonymi[sz]\w*|fully\s+anonymi[sz]\w*"
)
_IMPORTANT = _rx(r"重要数据|核心数据|important[\s-]+data|core[\s-]+data")
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


_IMPORTANT_ASSERT = _rx(
    r"(?:包含|包括|含有|含|有|属于|是|为|涉及|构成|认定为|告知为|公布为|列为|识别为|确定为|作为|列入)(?:了)?(?:一些|部分|少量|大量)?\s*$|"
    r"(?:includes?|including|contains?|containing|involves?|involving|is|are|as|has|have|some|holds?)\s+(?:some\s+)?$"
)


# "no regulator has ever notified us or published it as such", "未被告知或公开发布为重要数据": P2 reads important data
# by notification or publication, so the denial decides whatever the user suspects of the data.
_NOT_NOTIFIED = _rx(
    r"(?:no|none\s+of\s+the)\s+(?:regulators?|authorit(?:y|ies)|department|agency|local\s+authorit(?:y|ies))[^.;]{0,40}?(?:has|have)\s+(?:ever\s+)?"
    r"(?:notified|told|informed)|(?:never|not)\s+(?:been\s+)?(?:notified|told|informed)\s+(?:by|that|of)|has\s+not\s+been\s+(?:notified|published)|"
    r"(?:从未|没有|未|并未|尚未)(?:被)?(?:有关部门|相关部门|主管部门|监管部门|任何部门)?(?:告知|通知|公开发布|公布|认定)|"
    # "没有任何主管部门、地区告知或者公开发布过", "nobody has told us": who did not tell may be named at length
    r"(?:从未|没有|并未|尚未)(?:被)?任何[^，,。；;？?]{0,12}?(?:告知|通知|公开发布|公布|认定)|"
    r"\b(?:nobody|no\s+one|no\s+body)\b[^.;]{0,20}?(?:has|have|had)\s+(?:ever\s+)?(?:told|notified|informed)"
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


# "…is in the sector's important-data catalogue", "已列入行业重要数据目录": the data sits in a catalogue of important data
_IN_CATALOGUE_BEFORE = _rx(r"(?:\b(?:in|on|into|under|within)\s+(?:the\s+|our\s+|its\s+|a\s+)?(?:[\w'-]+\s+){0,3}|(?:列入|纳入|属于|在|进入)[^，,。；;]{0,6})$")
_CATALOGUE_AFTER = _rx(r"^\s*(?:catalog(?:ue)?s?|lists?|inventory|目录|清单|名录)")


def _important_asserted(t: _Text, start: int, end: int) -> bool:
    """"包含重要数据", "已被告知为重要数据", "includes important data", "is in the sector's important-data catalogue" —
    not "重要数据出境需要评估吗"."""
    if _IMPORTANT_ASSERT.search(t.low[max(0, start - 10) : start]) or _FORM_VALUE.match(t.low[end : end + 16]):
        return True
    if _CATALOGUE_AFTER.match(t.low[end : end + 12]) and _IN_CATALOGUE_BEFORE.search(t.low[max(0, start - 40) : start]):
        return True
    return bool(re.match(r"^\s*[:：]\s*(?:有|是|包含|涉及|yes|included)", t.low[end : end + 12]))
