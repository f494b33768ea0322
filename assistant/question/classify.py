"""Which kind of question is this: a concrete export scenario, a question about the regime, or not about data export?

Deterministic: keyword patterns in Chinese and English, the facts the extractor found, and whether retrieval or
a direct article reference found anything. Regime questions map to the article(s) that answer them, with the
phrase whose sentence is the key passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import Facts, Language
from assistant.vocabulary import MEASURES, NO_WORDS, PIPL, PROVISIONS, UNSURE_WORDS, YES_WORDS, words_pattern

QuestionKind = Literal["scenario", "info", "out_of_scope"]

M = MEASURES
P = PROVISIONS


class Topic(BaseModel):
    """A question about the regime and the article(s) that answer it."""

    name: str
    pattern: str = Field(description="Regex (case-insensitive) over the question.")
    articles: list[str] = Field(description="Article ids that answer it, most relevant first.")
    key_phrases: dict[str, str] = Field(default_factory=dict, description="Article id → phrase whose sentence is quoted first.")


_ANY = r"[\s\S]{0,60}?"

# Ordered: the first matching topic wins, so the specific come before the general. Patterns look for the
# subject and the question word together.
_PROV = r"(促进和规范数据跨境流动规定|促进规定|跨境流动规定|provisions)"


LIST_CONTENTS = (
    r"(清单|名单)[\s\S]{0,20}?(有哪些|有什么|列了|列出|列明|包括哪些|包含哪些|涵盖)|(在不在|是否在|是不是在|在没在|有没有在)[\s\S]{0,8}?清单|"
    r"清单(上|里|中|内)(吗|有没有|的数据)|哪些数据[\s\S]{0,12}?清单|"
    r"\b(is|are)\b[\s\S]{0,80}?\b(on|in) the [\s\S]{0,30}?list\b|"
    r"\b(what|which)\b[\s\S]{0,60}?\b(is|are) (on|in) the [\s\S]{0,30}?list\b|"
    r"\b(what|which)\b[\s\S]{0,60}?\b(does|do) the [\s\S]{0,30}?list (cover|contain|include|name)|"
    r"\blist (contains?|includes?|covers?)\b"
)


def _topic(name: str, pattern: str, articles: list[str], **phrases: str) -> Topic:
    keys = {article: phrase for article, phrase in zip(articles, phrases.values(), strict=False)}
    return Topic(name=name, pattern=pattern, articles=articles, key_phrases=keys)


TOPICS: tuple[Topic, ...] = (
    _topic("effective_provisions", _PROV + _ANY + r"(施行|生效|effective|in force|take effect)", [f"{P}#14"], a="施行"),
    _topic("purpose_provisions", _PROV + _ANY + r"(目的|为什么|purpose|why)", [f"{P}#1"], a="制定本规定"),
    _topic("duties_provisions", _PROV + _ANY + r"(安全保护义务|安全事件|security (duties|obligations)|incident)", [f"{P}#11"], a="履行数据安全保护义务"),
    _topic("cac_supervision", r"(网信部门|cyberspace (administration|authorities|offices))" + _ANY + r"(监管|监督|指导|处理|supervis|oversee)", [f"{P}#12"], a="指导监督"),
    _topic("pi_duties", r"单独同意|告知义务|履行告知|告知、取得|个人信息保护影响评估|notice and (separate )?consent|separate consent|separate opt-?in|opt-?in consent|impact assessment|(duties|obligations) towards individuals",
           [f"{P}#10", f"{PIPL}#39", f"{PIPL}#55"], a="单独同意"),
    # "what legal routes does the PIPL give for sending personal information abroad?": the conditions of PIPL 38
    _topic("pipl_routes", r"(legal routes?|routes?|mechanisms?|options|ways|legal bases|conditions|pathways?)[\s\S]{0,80}(send|transfer|provid|export)\w*"
           r"[\s\S]{0,40}personal (information|data)[\s\S]{0,40}(outside|abroad|overseas|out of)|"
           r"(哪些|几种|什么|几条)(途径|方式|路径|条件|机制)[\s\S]{0,30}(向境外提供|出境)|(向境外提供个人信息|个人信息出境)[\s\S]{0,12}(哪些|几种|什么)(途径|方式|路径|条件)",
           [f"{PIPL}#38"], a="确需向中华人民共和国境外提供个人信息"),
    # the certificate of PI export certification (its own Measures, art. 8), before the assessment result's validity (P9)
    _topic("certification_validity", r"((认证证书|个人信息保护认证|出境认证)[\s\S]{0,20}(有效期|多久有效|到期|续)|certificat\w*[\s\S]{0,60}(valid|expir|renew|keep using))",
           ["cac-certification-measures-2025#8"], a="认证证书的有效期为"),
    _topic("validity", r"(有效期|多久有效|valid for|validity|how long (is|does) .{0,60}(valid|last))", [f"{P}#9"], a="有效期为3年"),
    _topic("effective_measures", r"(施行|生效|什么时候开始|何时开始|effective|take effect|in force since|start to apply)", [f"{M}#21"], a="施行"),
    _topic("interpretation", r"(谁|哪个|哪些|由谁|什么部门|which|who)" + _ANY + r"(解释|interpret)|(解释权|interpretation of the measures|interprets)",
           [f"{M}#21"], a="负责解释"),
    _topic("ftz_own_list", r"(自行制定|自己制定|自主制定|draw up (its|their) own|make (its|their) own|set (its|their) own|"
           r"(zone|ftz|自贸(试验)?区|自由贸易试验区)('s|s')?\s*(own|自己的|自身的)\s*(data[- ]export\s+)?(negative\s+)?(list|清单|负面清单))",
           [f"{P}#6"], a="自行制定"),
    _topic("list_approval", r"(清单|list)" + _ANY + r"(批准|审批|审核|备案|approv|sign[s]? off)|(批准|审批|approv)" + _ANY + r"(清单|list)",
           [f"{M}#7"], a="批准"),
    _topic("zone_reporting", r"(多久|多长时间|频率|每半年|几次|how often|how frequently|frequency)" + _ANY + r"(报告|汇报|report)|(管委会|administrations?)" + _ANY + r"(多久|how often)",
           [f"{M}#13"], a="每半年"),
    _topic("guide_vs_list", r"(操作指引|指引|guide|guidelines?)" + _ANY + r"(不一致|冲突|矛盾|为准|优先|prevail|conflict|differ|disagree)|(不一致|冲突|conflict)" + _ANY + r"(操作指引|guide)",
           [f"{M}#9"], a="以负面清单为准"),
    _topic("old_thresholds", r"(评估办法|标准合同办法|assessment measures|standard contract measures|2022|2023)[\s\S]{0,240}?(不一致|冲突|还有效|仍然有效|还适用|还算数|为准|适用哪个|prevail|conflict|differ|which (rules?|one|measures) appl|still (the )?(apply|applies|valid|in force|the rule|true|current|hold|applicable|test|threshold|case|law)|has (it|that|this) changed|changed since|变了吗|改了吗|还是这样吗|现在还是)",
           [f"{P}#13", f"{P}#8"], a="适用本规定"),
    _topic("treaty", r"(国际条约|条约|协定|treaty|treaties|international (trade )?agreements?)", [f"{M}#15"], a="适用该国际条约"),
    _topic("other_ftz_list", r"(其他自贸区|其他自由贸易试验区|别的自贸区|other (pilot )?free trade zones?|other ftzs?)" + _ANY + r"(清单|list|参照|refer)|"
           r"(参照|借用|使用|适用|refer|rely on|use|follow|apply)" + _ANY + r"(其他自贸区|other (pilot )?free trade zones?|other ftzs?)",
           [f"{M}#20", f"{P}#6"], a="可参照执行"),
    _topic("not_covered_sectors", r"(未涉及|没有涉及|不涉及|not covered)" + _ANY + r"(行业|领域|sectors?|fields?)" + _ANY + r"(分类分级|classif|规则|rules)",
           [f"{M}#19"], a="数据分类分级参考规则"),
    _topic("important_data_zone", r"(自贸|ftz|shanghai|上海)" + _ANY + r"(重要数据|important data)" + _ANY + r"(识别|认定|申报|目录|identif|catalog)|(识别|认定|申报)\S{0,8}重要数据",
           [f"{M}#14", f"{P}#2"], a="重要数据目录", b="不需要作为重要数据申报"),
    # "没有被告知为重要数据的数据，还要按重要数据申报吗？": data described by the missing notice, a rule question (P2)
    _topic("important_data_not_notified", r"(未被|没有被|没被|未经|尚未被)\S{0,16}(告知|通知|公开发布|公布)\S{0,12}重要数据的|"
           r"data (that|which) (has|have|had) (not|never) been (notified|told|published)[\s\S]{0,60}important data",
           [f"{P}#2"], a="不需要作为重要数据申报"),
    _topic("important_data_definition", r"(什么是重要数据|何为重要数据|(怎么|如何|怎样)(判断|确定|识别|认定)[^？?]{0,12}重要数据|算不算\S{0,12}重要数据|重要数据\S{0,4}?(怎么|如何|由谁)?(认定|识别|界定|定义)|what (counts as|is) important data|counts? as ['\u2018\u201c]?important data|important data.{0,20}(defin|identif|determin))",
           [f"{P}#2", f"{M}#14"], a="不需要作为重要数据申报", b="不需要作为重要数据申报"),
    _topic("how_to_apply_assessment", r"(向谁|向哪里|哪里|哪个部门|怎么|如何)" + _ANY + r"申报" + _ANY + r"安全评估|(where|whom|how) .{0,30}(apply|file) .{0,20}security assessment",
           [f"{P}#7"], a="申报数据出境安全评估"),
    _topic("joint_meeting", r"(联席会议|joint (conference|meeting))", [f"{M}#6"], a="联席会议制度"),
    _topic("risk_handling", r"(较大安全风险|较大风险|significant risk)" + _ANY + r"(怎么|如何|处理|会|how)", [f"{M}#12"], a="立即采取补救措施"),
    _topic("liability", r"(法律责任|追究|处罚|penalt|liabilit|violat)", [f"{M}#17"], a="追究法律责任"),
    _topic("confidentiality", r"(保密|商业秘密|confidential|trade secrets?)", [f"{M}#18"], a="依法予以保密"),
    _topic("legal_basis", r"(根据哪些|依据哪些|依据什么|上位法|legal basis|based on which)", [f"{M}#1"], a="制定本办法"),
    _topic("mechanism", r"(什么样的|什么)\S{0,6}(合规出境机制|机制)|what (kind of )?mechanism", [f"{M}#3"], a="合规出境机制"),
    _topic("principles", r"(原则|principles)", [f"{M}#4"], a="原则"),
    _topic("who_makes_list", r"(谁|哪些部门|哪个部门|由谁|who|which (body|bodies|department))" + _ANY + r"(制定|编制|更新|起草|draws? up|drafts?|updates?|compiles?|makes?)" + _ANY + r"(清单|list)|(清单|list)" + _ANY + r"(由|by)" + _ANY + r"(制定|更新|drawn up|updated)",
           [f"{M}#7", f"{M}#6"], a="制定、更新负面清单"),
    _topic("supervision", r"(监督检查|双随机|抽查|inspect|spot.check)", [f"{M}#11"], a="双随机抽查"),
    _topic("platform", r"(功能平台|functional platform|platform)", [f"{M}#16"], a="数据出境功能平台"),
    _topic("company_reporting", r"((多少|几)\S{0,4}(工作日|天|日)\S{0,30}报告|报告\S{0,10}(期限|时限)|how many (working )?days[\s\S]{0,80}report|deadline[\s\S]{0,40}report|report[\s\S]{0,40}(deadline|within)|向谁报告|向哪些部门报告|向哪个部门报告|向哪里报告|报告什么|报告哪些|需要报告|要报告|安全事件[\s\S]{0,20}报告|report (to whom|what)|what [\s\S]{0,60}report|who [\s\S]{0,30}report to|reporting (duty|obligation))",
           [f"{M}#10"], a="报告数据出境情况"),
    _topic("city_bodies", r"(市级管理部门|municipal (management )?(departments|authorities))", [f"{M}#5"], a="统称市级管理部门"),
    _topic("thresholds", r"(多少人|多少个人|多少条|人数|门槛|阈值|how many (people|persons|individuals)|threshold)" + _ANY + r"(标准合同|安全评估|认证|standard contract|security assessment|certification)|(标准合同|安全评估|认证|standard contract|security assessment|certification)" + _ANY + r"(多少人|人数|门槛|阈值|how many (people|persons|individuals)|threshold)",
           [f"{P}#8", f"{P}#7", f"{P}#5"], a="10万人以上、不满100万人", b="100万人以上", c="不满10万人"),
    _topic("scope", r"(适用于|适用范围|适用哪些|适用对象|哪些(企业|主体|数据处理者)(适用|可以用)|appl(y|ies) to (whom|which|what)|(which|what) [\s\S]{0,40}(do|does) [\s\S]{0,60}appl(y|ies) to|who (is|are) covered|scope of the measures|who can use the negative list)",
           [f"{M}#2"], a="适用本办法"),
    _topic("who_is_responsible", r"(哪些部门|哪个部门|谁)" + _ANY + r"(负责|监管|主管)|(who|which (body|authority|authorities))" + _ANY + r"(responsible|supervis|oversee|in charge)",
           [f"{M}#5"], a="统称市级管理部门"),
    # Issue 17: what a negative list holds ("X领域的负面清单有哪些数据", "is crew medical data on the shipping list?").
    # Last, so every more specific regime topic that mentions the list wins; answered from the list (answer/list_info.py)
    # with M8 (on the list: its route; off it: exempt) and M9 (the list prevails over a guideline).
    _topic("list_contents", LIST_CONTENTS, [f"{M}#8", f"{M}#9"], a="负面清单外", b="以负面清单为准"),
)

_LIST_QUESTION = re.compile(LIST_CONTENTS, re.IGNORECASE)
# Terms that by themselves put a question inside the product's domain (data export and its regime).
_REGIME = re.compile(
    r"负面清单|安全评估|标准合同|保护认证|数据出境|个人信息|重要数据|敏感信息|网信|数据处理|市级管理部门|行业主管|管委会|管理办法|操作指引|"
    r"促进规定|数据跨境|跨境流动|数据安全|网络安全|关键信息基础设施|关基|隐私|第[一二三四五六七八九十百零〇\d]+条|"
    r"negative list|security assessment|standard contract|certification|important data|personal (information|data)|"
    r"\bpi\b|pipl|\bcac\b|data export|cross-border data|data transfer|ciio|critical information infrastructure|"
    r"\bmeasures\b|\bprovisions\b|guidelines?|article \d+|data security|cybersecurity|privacy|"
    # a list or a data incident named with a free trade zone: "海南自贸港发布的清单", "自贸区企业数据被窃取"
    r"(?:自贸|自由贸易|临港|ftz|free[- ]trade)[^。？?]{0,30}(?:清单|数据|泄露|窃取)|(?:清单|数据)[^。？?]{0,30}(?:自贸|自由贸易|ftz)|"
    r"清单之外|清单外|清单以外|opt-?in|separate consent|单独同意|数据(?:被)?(?:泄露|窃取|篡改)|data (?:breach|leak)",
    re.IGNORECASE,
)
# Data words and destinations: together (or data + a sending verb) they are about data export too.
_DATA = re.compile(r"数据|信息|资料|记录|名单|档案|日志|报表|病历|体检|\bdata\b|information|records|files|logs|database|details|scans", re.IGNORECASE)
_ABROAD = re.compile(
    r"出境|跨境|境外|海外|国外|总部|母公司|外方|\babroad\b|overseas|foreign|offshore|outside (of )?china|out of china|headquarters|parent|\bhq\b",
    re.IGNORECASE,
)
# A concrete export: somebody sends data somewhere.
_ACTION = re.compile(
    r"(向境外|往境外|传到|传给|传至|发给|发到|发送|传输|提供给|共享给|同步到|上传到|存到|调取|回传|出境|交换|共享|交给|交由|移交|报给|"
    r"\bsend|transfer|\bshare|export|\bmove|upload|\bsync|provide|transmit|\baccess)",
    re.IGNORECASE,
)
# The asker speaking about their own case (generic 企业 / 数据处理者 are the regime's subjects, not the asker).
# Asking for a figure or a period ("how many items", "within how many days", "多久") is a question about what the
# rules say, not a description of one's own export, unless the message also states facts of that export.
_HOW_MUCH = re.compile(r"多少|几个|几天|几日|多久|多长时间|how many|how much|how long|how often", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"我们|我司|本公司|我单位|本单位|我方|咱们|我公司|\bwe\b|\bour\b|\bus\b|\bi\b|\bmy\b|\bwe're\b|\bi'm\b", re.IGNORECASE)
_NEED = re.compile(
    r"(需要|需不需要|要不要|是否|能否|可否|可以免|必须|应当|要做|怎么办|免于|免予|do (we|i)|must|need|required|have to|should|"
    r"can (we|i)|is it|are we|exempt)",
    re.IGNORECASE,
)
# Asking about the regime: who / which / what / when.
_WH = re.compile(
    r"谁|哪|什么|何时|多久|多长|如何|怎么|怎样|是指|指的是|\bwho\b|\bwhich\b|\bwhat\b|\bwhen\b|\bhow\b|\bwhere\b",
    re.IGNORECASE,
)
# Words of a reply that adds to the scenario under way ("it's needed to perform our contract").
_SCENARIO_WORDS = re.compile(
    r"合同|员工|人力资源|劳动|紧急|同意|注册|关基|敏感|客户|用户|会员|患者|人数|万人|境外|总部|"
    r"contract|employee|staff|\bhr\b|labou?r|emergenc|consent|registered|ciio|sensitive|customers?|users?|members?|patients?|people|abroad|overseas",
    re.IGNORECASE,
)
# A bare reply to a clarifying question.
# A bare 有 / y / n also starts a reply here (a prefix match: "有的", "nope" are replies too).
_REPLY = re.compile(rf"^({words_pattern(YES_WORDS + NO_WORDS + UNSURE_WORDS + ('有', 'y', 'n'))})\W*", re.IGNORECASE)


# A follow-up question about the case under way: "那这种情况还需要备案吗？", "Does the transit exemption still hold?",
# "What's the overall answer?" (an off-topic question such as the weather has none of these words)
_FOLLOW_UP = re.compile(
    r"备案|申报|豁免|免予|免除|还是免|需要什么|要做什么|怎么办|结论|总体|整体|加起来|合计|这种情况|这样的话|"
    r"\b(?:exempt\w*|filing|file|assessment|standard\s+contract|certification|overall|altogether|in\s+total|verdict|outcome|"
    r"still\s+(?:hold|apply|applies|ok|fine|exempt)|what\s+do\s+we\s+need|do\s+we\s+need)\b",
    re.IGNORECASE,
)
# "No China data involved", "不涉及中国境内的数据": a question about other countries' law only
_NO_CHINA_DATA = re.compile(r"no\s+(?:china|chinese|prc)\s+(?:personal\s+)?data|不涉及(?:中国|境内|国内)(?:的)?(?:个人信息|数据)", re.IGNORECASE)
# Rule questions about the case under way ("结果有效期是多久？", "what threshold would need an assessment instead?"): in a
# conversation they keep the case's verdict and add their article; questions about the regime itself ("负面清单由谁批准？") are info.
_CASE_TOPICS = {"thresholds", "validity", "certification_validity", "old_thresholds", "pi_duties", "company_reporting", "how_to_apply_assessment"}
_DUTY_TOPICS = {"pi_duties", "company_reporting", "duties_provisions"}
_CLAUSE_SPLIT = re.compile(r"[，,。？?；;！!]")
_CONDITIONAL = re.compile(r"的话|如果|假如|假设|倘若|要是|万一|\bif\b|\bsuppose\b|\bassuming\b|\bwhat\s+if\b", re.IGNORECASE)
_OTHER_DOMAIN = re.compile(r"个税|个人所得税|纳税|税务|税率|报税|社保缴纳|公积金|签证材料|tax\s+(?:return|filing|rate)|income\s+tax|withholding\s+tax", re.IGNORECASE)
_ASKS = re.compile(r"[?？]|吗|么|呢|是否|能否|可否|怎么|如何|哪|什么|\b(?:what|which|how|whether)\b|^\s*(?:can|do|does|is|are)\b", re.IGNORECASE)
# Facts that read a purpose, not data: alone they do not make a message about data.
_PURPOSE_FACTS = {"purposes", "individual_is_party", "hr_rules_lawful", "own_employees"}
# Facts that only restate or qualify another fact.
_DEPENDENT_FACTS = {"data_items", "pi_count_bound", "pi_count_upper", "sensitive_pi_count_bound", "sensitive_pi_count_upper",
                    "counts_since_jan1", "unsure"}
# Facts that describe the company rather than an export.
_CONTEXT_FACTS = {"registered_zone", "other_ftz_name", "sector", "export_in_zone", "sector_list_published", "list_from_other_ftz",
                  "counts_since_jan1"}


class Classification(BaseModel):
    """The kind of question and, for regime questions, the articles that answer it."""

    kind: QuestionKind
    reason: str = Field(description="Why, for logs and tests.")
    topic: str | None = Field(default=None, description="Regime topic name when kind == 'info', or of a follow-up question in a scenario.")
    articles: list[str] = Field(default_factory=list, description="Article ids that answer an info question.")
    key_phrases: dict[str, str] = Field(default_factory=dict)
    question: str = Field(default="", description="The question, for a list_contents topic (answered from the list).")


def _own_export(data_known: Sequence[str], first_person: bool, own_action: bool, acts: bool) -> bool:
    """SPEC §3a: facts stated about the asker's own export. A bare mention of personal information is not yet one: it
    needs a further fact (a count, a kind, a purpose) or a clause where the asker sends it ("I'm reading the Measures --
    they say… if you've transferred…" is not). A described company's counted export is one too ("SaaS公司……同步了多少人
    还没统计，可能几万……需要签标准合同吗？")."""
    if not data_known:
        return False
    counted = any(k in data_known for k in ("pi_count_ytd", "sensitive_pi_count_ytd"))
    return (first_person and (bool(set(data_known) - {"contains_pi", "data_items"}) or own_action)) or (counted and acts)


def _acts_in_own_clause(question: str) -> bool:
    """A clause, not a condition, where the asker sends data ("我们要把客户数据传给总部"), not "PI export certification
    measures … how early do we have to apply"."""
    return any(_FIRST_PERSON.search(c) and _ACTION.search(c) for c in _CLAUSE_SPLIT.split(question) if not _CONDITIONAL.search(c))


def _follow_up(topic: Topic) -> Classification:
    """A rule question asked about the scenario under way: the scenario's verdict stands, the topic's articles are added."""
    return Classification(kind="scenario", reason=f"a follow-up rule question ({topic.name}) about the scenario under way",
                          topic=topic.name, articles=list(topic.articles), key_phrases=dict(topic.key_phrases))


def _known_facts(facts: Facts | None) -> list[str]:
    if facts is None:
        return []
    dumped = facts.model_dump(exclude_defaults=True)
    return sorted(dumped)


class Classifier:
    """scenario / info / out_of_scope for one message."""

    def __init__(self, topics: Sequence[Topic] = TOPICS) -> None:
        self.topics = [(topic, re.compile(topic.pattern, re.IGNORECASE)) for topic in topics]

    def topic_of(self, question: str) -> Topic | None:
        for topic, pattern in self.topics:
            if pattern.search(question):
                return topic
        return None

    def _outside_the_domain(self, question: str, in_conversation: bool, stated: bool) -> Classification:
        """A message with no data-export terms: in a conversation, a reply or a rule question about the case; else out of scope."""
        if in_conversation:
            follow_up = self.topic_of(question)
            if follow_up is not None and follow_up.name in _CASE_TOPICS:
                # "那评估通过以后，结果有效期是多久？": a rule question about the case under way keeps its verdict and quotes the rule
                return _follow_up(follow_up)
            short_figure = len(question) <= 40 and bool(re.search(r"\d", question))  # "about 3,000" answers a count question
            if (_REPLY.match(question.strip()) or len(re.sub(r"\W", "", question)) <= 8 or stated or short_figure
                    or _SCENARIO_WORDS.search(question) or _FOLLOW_UP.search(question)):
                return Classification(kind="scenario", reason="a reply to a clarifying question")
        return Classification(kind="out_of_scope", reason="no data-export terms")

    def run(
        self,
        question: str,
        language: Language,
        facts: Facts | None = None,
        *,
        referenced: Sequence[str] = (),
        top_hits: Sequence[str] = (),
        in_conversation: bool = False,
    ) -> Classification:
        """`referenced`: article ids the question names directly; `top_hits`: ids of the best search hits;
        `in_conversation`: the session has a scenario under way (facts or pending questions)."""
        known = _known_facts(facts)
        if _OTHER_DOMAIN.search(question) and not _REGIME.search(question):
            return Classification(kind="out_of_scope", reason="tax, visa or payroll administration, not data export")
        if _NO_CHINA_DATA.search(question):
            return Classification(kind="out_of_scope", reason="says no data from China is involved")
        data_export = bool(_DATA.search(question)) and bool(_ABROAD.search(question) or _ACTION.search(question))
        # "船员护照扫描件在不在清单上？" asks about the negative list without naming it in full
        list_question = bool(_LIST_QUESTION.search(question)) and ("清单" in question or bool(_DATA.search(question)))
        domain = bool(_REGIME.search(question)) or data_export or list_question
        # "没人通知我们的话……", "if we were told…": a first person inside a condition states no fact about the asker
        first_person = any(_FIRST_PERSON.search(c) for c in _CLAUSE_SPLIT.split(question) if not _CONDITIONAL.search(c))
        action = bool(_ACTION.search(question))
        need = bool(_NEED.search(question))
        # the asker's own case, or a described company ("一家临港注册的再保险公司…"); a data item and a count's bound
        # repeat what another fact says ("personal information" alone gives contains_pi and a data item)
        personal = first_person or len([k for k in known if k not in _DEPENDENT_FACTS]) >= 2

        # Where a company is registered or what it does is not by itself about data export.
        data_known = [k for k in known if k not in _CONTEXT_FACTS]
        if not _DATA.search(question):
            # "申请商务签证需要准备哪些材料": a P5 word (签证, 机票) with no data named is no data fact
            data_known = [k for k in data_known if k not in _PURPOSE_FACTS]
        if not domain and not data_known:
            return self._outside_the_domain(question, in_conversation, bool(known) or first_person)
        topic = self.topic_of(question)
        if in_conversation and topic is not None and not data_known and topic.name in _CASE_TOPICS:
            # "what's the threshold at which we'd need a security assessment instead?" asked about the case under way
            return _follow_up(topic)
        if in_conversation and data_known and not _ASKS.search(question):
            # "刚收到通知，这类数据被认定为重要数据。": a new fact for the scenario under way, not a regime question
            return Classification(kind="scenario", reason="states a fact in the scenario under way")
        # SPEC §3a: a question that states facts about the asker's own export is a scenario whatever its grammar
        # ("人数这么少，也要安全评估吗？", "can we skip the filing?"): the rule check runs, never an info answer.
        own_action = _acts_in_own_clause(question)
        own_export = _own_export(data_known, first_person, own_action, action or need)
        # a duty that holds whatever the facts ("do we have to ask for separate consent before moving data?") is
        # answered from its article when no fact about the data is stated
        duty = topic is not None and topic.name in _DUTY_TOPICS and not set(data_known) - {"contains_pi", "data_items"}
        if topic is not None and not own_export and (duty or not own_action):
            return Classification(kind="info", reason=f"regime topic {topic.name}", topic=topic.name,
                                  articles=list(topic.articles), key_phrases=dict(topic.key_phrases),
                                  question=question if topic.name == "list_contents" else "")
        if referenced and not personal:
            return Classification(kind="info", reason="names an article", articles=list(referenced[:2]))
        if in_conversation:
            return Classification(kind="scenario", reason="continues the scenario under way")
        if not known and _HOW_MUCH.search(question) and (topic is not None or top_hits):
            if topic is not None:
                return Classification(kind="info", reason=f"asks for a figure or period: regime topic {topic.name}",
                                      topic=topic.name, articles=list(topic.articles), key_phrases=dict(topic.key_phrases))
            return Classification(kind="info", reason="asks for a figure or period the rules state (or do not)",
                                  articles=list(referenced[:1] or top_hits[:1]))
        if personal and (action or need or known):
            return Classification(kind="scenario", reason="the asker's own export" + (f" (facts: {', '.join(known)})" if known else ""))
        if _WH.search(question) and top_hits:
            return Classification(kind="info", reason="a question about the regime, answered from the best matching article",
                                  articles=list(top_hits[:1]))
        if action or need or known:
            return Classification(kind="scenario", reason="about an export")
        if top_hits:
            return Classification(kind="info", reason="about the regime, answered from the best matching article",
                                  articles=list(top_hits[:1]))
        return Classification(kind="scenario", reason="about data export, nothing to quote")
