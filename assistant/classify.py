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

QuestionKind = Literal["scenario", "info", "out_of_scope"]

M = "sh-ftz-measures-2025"
P = "cac-provisions-2024"


class Topic(BaseModel):
    """A question about the regime and the article(s) that answer it."""

    name: str
    pattern: str = Field(description="Regex (case-insensitive) over the question.")
    articles: list[str] = Field(description="Article ids that answer it, most relevant first.")
    key_phrases: dict[str, str] = Field(default_factory=dict, description="Article id → phrase whose sentence is quoted first.")


_ANY = r"[\s\S]{0,40}?"

# Ordered: the first matching topic wins. Patterns look for the subject and the question word together.
TOPICS: tuple[Topic, ...] = (
    Topic(name="interpretation", pattern=r"(谁|哪个|哪些|由谁|什么部门|which|who)" + _ANY + r"(解释|interpret)|(解释权|interpretation of the measures|interprets)",
          articles=[f"{M}#21"], key_phrases={f"{M}#21": "负责解释"}),
    Topic(name="list_approval", pattern=r"(清单|list)" + _ANY + r"(批准|审批|审核|备案|approv|sign[s]? off)|(批准|审批|approv)" + _ANY + r"(清单|list)",
          articles=[f"{M}#7"], key_phrases={f"{M}#7": "批准"}),
    Topic(name="zone_reporting", pattern=r"(多久|多长时间|频率|每半年|几次|how often|how frequently|frequency)" + _ANY + r"(报告|汇报|report)|(管委会|administration|zone)" + _ANY + r"(多久|how often)",
          articles=[f"{M}#13"], key_phrases={f"{M}#13": "每半年"}),
    Topic(name="guide_vs_list", pattern=r"(操作指引|指引|guide|guideline)" + _ANY + r"(不一致|冲突|矛盾|为准|优先|prevail|conflict|differ)|(不一致|冲突|conflict)" + _ANY + r"(操作指引|guide)",
          articles=[f"{M}#9"], key_phrases={f"{M}#9": "以负面清单为准"}),
    Topic(name="old_thresholds", pattern=r"(评估办法|标准合同办法|assessment measures|standard contract measures|2022|2023)" + _ANY + r"(不一致|冲突|还有效|仍然有效|为准|适用哪个|prevail|conflict|still (apply|valid|in force))",
          articles=[f"{P}#13"], key_phrases={f"{P}#13": "适用本规定"}),
    Topic(name="treaty", pattern=r"(国际条约|条约|协定|treaty|treaties|international agreement)",
          articles=[f"{M}#15"], key_phrases={f"{M}#15": "适用该国际条约"}),
    Topic(name="validity", pattern=r"(有效期|多久有效|valid for|validity|how long (is|does) .{0,30}(valid|last))",
          articles=[f"{P}#9"], key_phrases={f"{P}#9": "有效期为3年"}),
    Topic(name="other_ftz_list", pattern=r"(其他自贸区|其他自由贸易试验区|别的自贸区|other (pilot )?free trade zones?|other ftzs?)" + _ANY + r"(清单|list|参照|refer)",
          articles=[f"{M}#20", f"{P}#6"], key_phrases={f"{M}#20": "可参照执行"}),
    Topic(name="important_data_definition", pattern=r"(什么是重要数据|何为重要数据|重要数据(怎么|如何|由谁)?(认定|识别|界定|定义)|what (counts as|is) important data|important data.{0,20}(defin|identif|determin))",
          articles=[f"{P}#2", f"{M}#14"], key_phrases={f"{P}#2": "不需要作为重要数据申报", f"{M}#14": "不需要作为重要数据申报"}),
    Topic(name="joint_meeting", pattern=r"(联席会议|joint (conference|meeting))",
          articles=[f"{M}#6"], key_phrases={f"{M}#6": "联席会议制度"}),
    Topic(name="who_makes_list", pattern=r"(谁|哪些部门|哪个部门|由谁|who|which (body|bodies|department))" + _ANY + r"(制定|编制|更新|起草|draws? up|drafts?|updates?|compiles?|makes?)" + _ANY + r"(清单|list)",
          articles=[f"{M}#7", f"{M}#6"], key_phrases={f"{M}#7": "制定、更新负面清单"}),
    Topic(name="supervision", pattern=r"(监督检查|双随机|抽查|inspect|spot.check)",
          articles=[f"{M}#11"], key_phrases={f"{M}#11": "双随机抽查"}),
    Topic(name="platform", pattern=r"(功能平台|functional platform)",
          articles=[f"{M}#16"], key_phrases={f"{M}#16": "数据出境功能平台"}),
    Topic(name="company_reporting", pattern=r"(向谁报告|报告什么|报告哪些|需要报告|要报告|report (to whom|what)|what .{0,30}report|who .{0,30}report to|reporting (duty|obligation))",
          articles=[f"{M}#10"], key_phrases={f"{M}#10": "报告数据出境情况"}),
    Topic(name="scope", pattern=r"(适用于|适用范围|适用哪些|适用对象|哪些(企业|主体|数据处理者)(适用|可以用)|appl(y|ies) to (whom|which|what)|who (is|are) covered|scope of the measures|who can use the negative list)",
          articles=[f"{M}#2"], key_phrases={f"{M}#2": "适用本办法"}),
    Topic(name="who_is_responsible", pattern=r"(哪些部门|哪个部门|谁)" + _ANY + r"(负责|监管|主管)|(who|which (body|authority|authorities))" + _ANY + r"(responsible|supervis|oversee|in charge)",
          articles=[f"{M}#5"], key_phrases={f"{M}#5": "统称市级管理部门"}),
    Topic(name="how_to_apply_assessment", pattern=r"(向谁|向哪里|哪里|哪个部门|怎么|如何)" + _ANY + r"申报" + _ANY + r"安全评估|(where|whom|how) .{0,30}(apply|file) .{0,20}security assessment",
          articles=[f"{P}#7"], key_phrases={f"{P}#7": "申报数据出境安全评估"}),
)

# Terms that put a question inside the product's domain (data export and its regime).
_DOMAIN = re.compile(
    r"出境|境外|跨境|海外|国外|负面清单|安全评估|标准合同|个人信息|个保|重要数据|敏感|网信|自贸|临港|数据处理者|数据清单|数据安全|"
    r"传输|传到|传给|发给|发到|提供给|总部|母公司|管委会|管理办法|促进规定|第[一二三四五六七八九十百零〇\d]+条|"
    r"abroad|overseas|cross[- ]border|outside (of )?china|offshore|negative list|security assessment|standard contract|"
    r"certification|important data|personal (information|data)|\bpi\b|pipl|\bcac\b|\bftz\b|lingang|free trade zone|"
    r"data (export|transfer)|export(ing)? data|transfer(ring)? data|headquarters|parent company|\bhq\b|"
    r"\bmeasures\b|\bprovisions\b|article \d+",
    re.IGNORECASE,
)
# A concrete export: somebody (we, a company) sends data somewhere, or asks whether a mechanism applies to them.
_ACTION = re.compile(
    r"(向境外|往境外|出境|传到|传给|传至|发给|发到|发送|传输|提供给|共享给|同步到|上传到|存到|调取|回传|"
    r"send|transfer|share|export|move|upload|sync|provide|transmit|access)",
    re.IGNORECASE,
)
_ACTOR = re.compile(
    r"(我们|我司|本公司|公司|企业|集团|我单位|本单位|客户|员工|用户|\bwe\b|\bour\b|\bus\b|\bmy\b|\bi\b|company|firm|business|subsidiary)",
    re.IGNORECASE,
)
_NEED = re.compile(
    r"(需要|需不需要|要不要|是否|能否|可否|可以|必须|应当|要做|怎么办|吗|免于|免予|do (we|i)|must|need|required|have to|should|"
    r"can (we|i)|is it|are we|exempt)",
    re.IGNORECASE,
)


class Classification(BaseModel):
    """The kind of question and, for regime questions, the articles that answer it."""

    kind: QuestionKind
    reason: str = Field(description="Why, for logs and tests.")
    topic: str | None = Field(default=None, description="Regime topic name when kind == 'info'.")
    articles: list[str] = Field(default_factory=list, description="Article ids that answer an info question.")
    key_phrases: dict[str, str] = Field(default_factory=dict)


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
        `in_conversation`: the session is waiting for answers to clarifying questions."""
        known = _known_facts(facts)
        domain = bool(_DOMAIN.search(question))
        action = bool(_ACTION.search(question))
        actor = bool(_ACTOR.search(question))
        need = bool(_NEED.search(question))
        concrete = (action and actor) or (domain and need and actor)
        topic = self.topic_of(question)

        if topic is not None and not (concrete and len(known) >= 2):
            return Classification(kind="info", reason=f"regime topic {topic.name}", topic=topic.name,
                                   articles=list(topic.articles), key_phrases=dict(topic.key_phrases))
        if known and (concrete or domain or in_conversation):
            return Classification(kind="scenario", reason=f"facts stated: {', '.join(known)}")
        if concrete and domain:
            return Classification(kind="scenario", reason="an export by the asker, without decisive facts yet")
        if referenced and not concrete:
            return Classification(kind="info", reason="names an article", articles=list(referenced))
        if in_conversation and not domain:
            return Classification(kind="scenario", reason="a reply to a clarifying question")
        if domain and (action or need) and not top_hits:
            return Classification(kind="scenario", reason="about an export, nothing to quote")
        if domain and need and actor:
            return Classification(kind="scenario", reason="asks whether a mechanism applies")
        if domain and top_hits:
            return Classification(kind="info", reason="about the regime; answered from the best matching article",
                                   articles=list(top_hits[:1]))
        if domain:
            return Classification(kind="scenario", reason="about data export")
        if known:
            return Classification(kind="scenario", reason=f"facts stated: {', '.join(known)}")
        return Classification(kind="out_of_scope", reason="no data-export terms")
