"""The question classifier alone (deterministic patterns + facts + retrieval hints), zh and en."""

from __future__ import annotations

import pytest

from assistant.facts import extract_facts
from assistant.question.classify import Classifier
from assistant.question.language import detect_language

M, P = "sh-ftz-measures-2025", "cac-provisions-2024"

INFO = [
    ("负面清单由谁批准？", f"{M}#7"),
    ("Who approves the Shanghai FTZ data export negative list?", f"{M}#7"),
    ("请问《数据出境负面清单管理办法》的解释权在哪个部门？", f"{M}#21"),
    ("管委会多久向市网信办报告一次负面清单的落实情况？", f"{M}#13"),
    ("How often do the FTZ and Lingang administrations report on the negative list?", f"{M}#13"),
    ("操作指引和负面清单规定不一致的时候，以哪个为准？", f"{M}#9"),
    ("If the operational guide for our sector says something different from the negative list, which one should we follow?", f"{M}#9"),
    ("负面清单管理办法适用于哪些企业？", f"{M}#2"),
    ("How long is a security assessment result valid for, and can it be extended?", f"{P}#9"),
    ("《数据出境安全评估办法》和《促进和规范数据跨境流动规定》规定不一致的时候适用哪个？", f"{P}#13"),
    ("自由贸易试验区可以自行制定数据出境负面清单吗？", f"{P}#6"),
    ("在上海自贸区开展数据出境，如果我国缔结的国际条约和国内法规定不一样，适用哪个？", f"{M}#15"),
    # asking for a figure or a period is about the rules, even in the first person, when no facts are stated
    ("According to the Shanghai FTZ Measures, within how many working days after exporting must we report to the Lingang administration?", f"{M}#10"),
    ("使用负面清单出境后，我们要在多少个工作日内向管委会报告？", f"{M}#10"),
    ("How many people can we send before we need a standard contract?", f"{P}#8"),
    ("个人信息出境多少人以上需要签标准合同？", f"{P}#8"),
    # regime questions without the usual export words (held-out misses that were refused as out of scope)
    ("Do we have to ask users for a separate opt-in before moving their data out of China?", f"{P}#10"),
    # a rule question about data described by a missing notice (P2); old thresholds asked at length (P13)
    ("尚未被主管部门告知为重要数据的数据，出境前还要按重要数据申报吗？", f"{P}#2"),
    ("Data that has never been notified as important data — must it still be declared as important data?", f"{P}#2"),
    ("The 2023 standard contract measures mention counting from 1 January of the previous year and a 100,000-person line. "
     "Are those rules still applicable today?", f"{P}#13"),
    # a rule's wording quoted in the first person ("I'm reading… they say… if you've transferred…") is not the asker's export
    ("I'm reading the 2023 Standard Contract Measures -- they say the SCC route applies if you've transferred PI of fewer than "
     "100,000 people since 1 January of the previous year. Is that still the test, or has it changed?", f"{P}#13"),
    ("标准合同办法里说前一年1月1日起累计不满10万人可以签标准合同，现在还是这样吗？", f"{P}#13"),
    # routes, notice and impact assessment, and how important data is identified
    ("In general terms, what legal routes does the PIPL give a company for sending personal information outside mainland China?", "pipl-2021#38"),
    ("个人信息出境有哪些途径？", "pipl-2021#38"),
    ("Under the new PI export certification measures, how long is a certificate valid, and how early do we have to apply to keep using it?",
     "cac-certification-measures-2025#8"),
    ("个人信息出境认证证书的有效期是多久？", "cac-certification-measures-2025#8"),
    ("向境外提供个人信息时，对个人需要告知哪些内容？是不是还要取得单独同意、做个人信息保护影响评估？", "pipl-2021#39"),
    ("Before sending personal information abroad, do we need a personal information protection impact assessment?", "pipl-2021#55"),
    ("重要数据到底怎么认定？如果主管部门从来没有通知过我们，企业是不是要自己把某些数据当重要数据去申报安全评估？", f"{P}#2"),
]
SCENARIO = [
    # a described company's counted export, with no first person
    "SaaS公司（南京江宁），CRM里客户企业联系人的姓名、手机要同步到新加坡。今年同步了多少人还没统计，可能几万，也可能二三十万。需要签标准合同吗？",
    "A Chengdu retailer sends about 150,000 members' names and phone numbers to its Hong Kong affiliate each year. Is a standard contract needed?",
    "我们要把客户个人信息传给境外母公司，需要签标准合同吗？",
    "Do we need a security assessment to send customer data to our parent company overseas?",
    "我们大学和境外高校开展学术合作，需要交换一些实验测量数据，数据不含个人信息，也没有被认定为重要数据，需要申报吗？",
    "我们在临港新片区注册并在区内开展业务，已被认定为关键信息基础设施运营者，要向境外提供客户个人信息，可以用负面清单免予评估吗？",
]
OUT = [
    "明天上海天气怎么样？",
    "在临港新片区注册一家公司需要多少注册资本？",
    "临港新片区的企业所得税优惠税率是多少？",
    "How do I renew my work visa for Shanghai?",
    "Can you recommend a good dumpling restaurant near the Bund?",
    "Tell me a joke.",
    # a P5 word with no data named
    "我们下周去日本出差，订机票需要注意什么？",
    "What documents do I need for a Schengen visa application?",
    "Please review our CCPA privacy notice for the US site; no China data is involved.",
]


def _run(question: str, **hints: object):  # type: ignore[no-untyped-def]
    language = detect_language(question)
    return Classifier().run(question, language, extract_facts(question, language), **hints)  # type: ignore[arg-type]


@pytest.mark.parametrize(("question", "article"), INFO)
def test_regime_questions_map_to_their_article(question: str, article: str) -> None:
    result = _run(question)
    assert result.kind == "info", result.reason
    assert article in result.articles


@pytest.mark.parametrize("question", SCENARIO)
def test_the_askers_own_export_is_a_scenario(question: str) -> None:
    assert _run(question).kind == "scenario"


@pytest.mark.parametrize("question", OUT)
def test_other_questions_are_out_of_scope(question: str) -> None:
    assert _run(question).kind == "out_of_scope"


def test_direct_article_reference_is_info() -> None:
    result = _run("促进规定第五条是怎么规定的？", referenced=[f"{P}#5"])
    assert result.kind == "info" and result.articles == [f"{P}#5"]


def test_unmatched_regime_question_uses_the_best_hit() -> None:
    result = _run("违反数据出境负面清单要求的后果由哪部法律规定？", top_hits=[f"{M}#17", f"{M}#18"])
    assert result.kind == "info" and result.articles[0] == f"{M}#17"


@pytest.mark.parametrize("reply", ["那这样还需要备案吗？", "What's the overall answer?", "Does the exemption still hold?", "是", "否", "不确定", "yes", "大概15万人", "about 3,000", "roughly 250k people", "It's needed to perform our contract with them."])
def test_replies_in_a_conversation_continue_the_scenario(reply: str) -> None:
    assert _run(reply, in_conversation=True).kind == "scenario"


def test_off_topic_message_in_a_conversation_is_still_out_of_scope() -> None:
    assert _run("顺便问一下，明天上海天气怎么样？", in_conversation=True).kind == "out_of_scope"


@pytest.mark.parametrize("fact", ["刚收到主管部门的书面通知，这批数据被认定为重要数据。", "We were just told that this data is important data."])
def test_a_stated_fact_in_a_conversation_continues_the_scenario(fact: str) -> None:
    assert _run(fact, in_conversation=True).kind == "scenario"


@pytest.mark.parametrize("question", ["数据被黑客窃取了，作为自贸区企业要第一时间告诉谁？", "海南自贸港发布的清单在上海能不能直接用？",
                                      "清单之外的地方如果法律另有规定怎么办？"])
def test_regime_questions_without_export_words_are_not_refused(question: str) -> None:
    # held-out misses: answered from the best search hit, not refused as out of scope
    assert _run(question, top_hits=["sh-ftz-measures-2025#10"]).kind == "info"


@pytest.mark.parametrize(("question", "article"), [
    ("好的。那评估通过以后，结果有效期是多久？到期了怎么办？", f"{P}#9"),
    ("And how long would the assessment result be valid for?", f"{P}#9"),
])
def test_a_rule_question_about_the_case_under_way_keeps_the_scenario_and_adds_its_article(question: str, article: str) -> None:
    result = _run(question, in_conversation=True)
    assert result.kind == "scenario" and article in result.articles, result.reason
