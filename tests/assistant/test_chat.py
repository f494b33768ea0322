"""Chat through the pipeline: facts carry across turns, clarifying questions are answered by short replies,
side questions do not disturb the scenario, sessions never see each other's facts."""

from __future__ import annotations

import pytest

from assistant.facts import adds_to_earlier, extract_facts, merge_facts, states_further_data
from assistant.models import Facts
from assistant.pipeline import Pipeline

VAGUE = "我们要把客户个人信息传给境外母公司，需要办什么手续？"
WHERE = "我们注册在上海市静安区，不在自贸区，也不是关键信息基础设施运营者。"
COUNT = "今年以来大约20万人，不含敏感个人信息，也没有重要数据。"


def test_three_turns_from_vague_question_to_verdict(assistant_pipeline: Pipeline) -> None:
    first = assistant_pipeline.ask(VAGUE, session_id="chat-three-turns")
    assert first.verdict.code == "needs_facts" and first.session_id == "chat-three-turns"
    # SPEC §3a: the zone and CIIO status have defaults; the count decides the mechanism and has none.
    assert [m.key for m in first.verdict.missing_facts] == ["pi_count_ytd"]
    second = assistant_pipeline.ask(WHERE, session_id="chat-three-turns")
    assert second.verdict.code == "needs_facts"
    assert second.facts.registered_zone == "outside" and second.facts.is_ciio is False
    assert second.facts.contains_pi is True  # carried from the first turn
    third = assistant_pipeline.ask(COUNT, session_id="chat-three-turns")
    assert third.verdict.code == "standard_contract_or_certification"
    assert "cac-provisions-2024#8" in {c.id for c in third.citations}
    session = assistant_pipeline.sessions.get("chat-three-turns")
    assert session is not None and len(session.transcript) == 6 and session.pending == []


def test_bare_replies_answer_the_pending_question(assistant_pipeline: Pipeline) -> None:
    sid = "chat-bare-replies"
    first = assistant_pipeline.ask("我们注册在上海市静安区，不在自贸区，要把3万名客户的个人信息传到境外，今年以来累计就这些，不含敏感个人信息，没有重要数据。是不是关基我们不太清楚。", session_id=sid)
    assert first.verdict.code == "needs_facts"
    assert first.verdict.missing_facts[0].key == "is_ciio"  # hedged, so asked (SPEC §3a)
    reply = assistant_pipeline.ask("否", session_id=sid)
    assert reply.facts.is_ciio is False
    assert reply.language == "zh"
    assert reply.verdict.code == "exempt"
    assert "cac-provisions-2024#5" in {c.id for c in reply.citations}


def test_not_sure_stays_unknown(assistant_pipeline: Pipeline) -> None:
    sid = "chat-not-sure"
    assistant_pipeline.ask("我们注册在上海市区，不在自贸区，今年要向境外提供3万人的个人信息，不含敏感个人信息。", session_id=sid)
    reply = assistant_pipeline.ask("是不是关键信息基础设施运营者，我们不确定。", session_id=sid)
    assert reply.facts.is_ciio is None
    assert reply.verdict.code == "needs_facts"
    assert "is_ciio" in [m.key for m in reply.verdict.missing_facts]


def test_registration_reply_moves_the_verdict_on(assistant_pipeline: Pipeline) -> None:
    sid = "chat-lingang"
    first = assistant_pipeline.ask("我们是再保险公司，不是关基，想把分保业务统计数据（不含个人信息）发给境外再保险人，这些数据不在负面清单上。", session_id=sid)
    # No PI, no important data: exempt wherever the company is registered (SPEC §3a: not asked).
    assert first.verdict.code == "exempt" and first.verdict.missing_facts == []
    reply = assistant_pipeline.ask("补充一下，我们在临港注册", session_id=sid)
    assert reply.facts.registered_zone == "lingang"
    if reply.verdict.code == "needs_facts":  # where the export happens may still be open: a bare 是 answers it
        assert reply.verdict.missing_facts[0].key == "export_in_zone"
        reply = assistant_pipeline.ask("是", session_id=sid)
        assert reply.facts.export_in_zone is True
    assert reply.verdict.code == "exempt_negative_list"
    assert "sh-ftz-measures-2025#8" in {c.id for c in reply.citations}


def test_side_questions_keep_the_scenario(assistant_pipeline: Pipeline) -> None:
    sid = "chat-side"
    assistant_pipeline.ask(VAGUE, session_id=sid)
    info = assistant_pipeline.ask("负面清单由谁批准？", session_id=sid)
    assert info.verdict.code == "info"
    off = assistant_pipeline.ask("顺便问一下，明天上海天气怎么样？", session_id=sid)
    assert off.verdict.code == "out_of_scope" and off.citations == []
    back = assistant_pipeline.ask(WHERE, session_id=sid)
    assert back.facts.contains_pi is True and back.facts.registered_zone == "outside"


def test_sessions_never_share_facts(assistant_pipeline: Pipeline) -> None:
    assistant_pipeline.ask(WHERE, session_id="chat-iso-a")
    other = assistant_pipeline.ask(VAGUE, session_id="chat-iso-b")
    assert other.facts.registered_zone is None and other.facts.is_ciio is None
    alone = assistant_pipeline.ask(COUNT)
    assert alone.session_id is None and alone.facts.registered_zone is None


def test_english_chat(assistant_pipeline: Pipeline) -> None:
    sid = "chat-english"
    first = assistant_pipeline.ask("Do we need a security assessment to send customer data to our US parent?", session_id=sid)
    assert first.verdict.code == "needs_facts" and first.language == "en"
    assistant_pipeline.ask("We're registered in Shanghai outside any free trade zone and we're not a CIIO.", session_id=sid)
    last = assistant_pipeline.ask("About 1.2 million people since January 1 this year, nothing sensitive.", session_id=sid)
    assert last.verdict.code == "security_assessment"
    assert "cac-provisions-2024#7" in {c.id for c in last.citations}


def test_no_to_the_on_list_question_moves_on(assistant_pipeline: Pipeline) -> None:
    # A bare "否" extracts an empty data_items list; that must not count as the message stating the fact itself.
    sid = "chat-on-list-no"
    first = assistant_pipeline.ask(
        "我们是临港新片区注册的再保险公司，出境活动也在临港开展，不是关基，要把再保险业务的分保数据传给境外再保险人，需要什么手续？",
        session_id=sid,
    )
    assert first.verdict.code == "needs_facts"
    assert first.verdict.missing_facts[0].key == "data_items[0].on_list"
    reply = assistant_pipeline.ask("否", session_id=sid)
    assert reply.verdict.code == "exempt_negative_list"
    assert reply.facts.data_items[0].on_list is False
    assert {"sh-ftz-measures-2025#8", "sh-ftz-measures-2025#10"} <= {c.id for c in reply.citations}


def test_pipeline_keeps_an_empty_session_store_it_is_given() -> None:
    from assistant.session.chats import SessionStore

    store = SessionStore(max_sessions=4)
    assert Pipeline(sessions=store).sessions is store


def test_not_sure_is_recorded_and_the_question_stays(assistant_pipeline: Pipeline) -> None:
    sid = "chat-unsure-recorded"
    first = assistant_pipeline.ask(
        "我们注册在上海市静安区，不在自贸区，要把客户的个人信息传到境外，不含敏感个人信息，没有重要数据。",
        session_id=sid,
    )
    assert [m.key for m in first.verdict.missing_facts] == ["pi_count_ytd"]
    reply = assistant_pipeline.ask("不确定", session_id=sid)
    assert reply.verdict.code == "needs_facts"
    assert reply.facts.pi_count_ytd is None and "pi_count_ytd" in reply.facts.unsure


@pytest.mark.parametrize(
    ("turns", "pi_count", "bound"),
    [
        # a further batch in a later turn adds to the earlier one (P7/P8 count everyone since 1 January)
        (["From January to June we sent 40,000 customers' contact details to our parent abroad.",
          "In the second half we plan to send another 70,000 different customers."], 110_000, "exact"),
        (["今年上半年向境外提供了4万人的个人信息。", "下半年还要再传7万人。"], 110_000, "exact"),
        (["今年上半年向境外提供了4万人的个人信息。", "下半年还要再传不到1万人。"], 40_000, "at_least"),  # 40,000 + 0–9,999: at least 40,000, under 50,000
        # a correction or a restated total replaces it
        (["今年以来向境外提供了5万人的个人信息。", "更正一下，今年实际累计是50万人。"], 500_000, "exact"),
        (["We sent 40,000 customers this year.", "Actually it is 70,000 customers in total."], 70_000, "exact"),
    ],
)
def test_a_further_batch_adds_to_the_count(turns: list[str], pi_count: int, bound: str) -> None:
    facts = Facts()
    for turn in turns:
        facts = merge_facts(facts, extract_facts(turn), adds_to_earlier(turn))
    assert (facts.pi_count_ytd, facts.pi_count_bound) == (pi_count, bound)


@pytest.mark.parametrize(
    ("turns", "verdict"),
    [
        # data added in a later turn keeps its own purpose: the earlier booking exemption does not cover marketing
        (["We're an online travel agency and send guests' names and passport numbers to overseas hotels to confirm their bookings.",
          "We'd also like to send the same guests' details, about 150,000 people this year, names and emails only, to a US partner for marketing."],
         "standard_contract_or_certification"),
        (["我们做跨境电商，买家下单后把收件人姓名、电话发给境外物流公司。",
          "另外，我们还要把约12万名国内供应商联系人的姓名和电话发给境外母公司做供应链管理。"],
         "standard_contract_or_certification"),
        # the same data described further keeps the exemption
        (["我们做跨境电商，买家下单后把收件人姓名、电话发给境外物流公司。", "今年大概30万名买家。"], "exempt"),
    ],
)
def test_further_data_in_a_later_turn_keeps_its_own_purpose(assistant_pipeline: Pipeline, turns: list[str], verdict: str) -> None:
    session = f"further-{abs(hash(turns[1]))}"
    for turn in turns:
        response = assistant_pipeline.ask(turn, session_id=session)
    assert response.verdict is not None and response.verdict.code == verdict


def test_records_numbering_the_people_stated_before_are_those_people() -> None:
    facts = Facts()
    for turn in ["We send about 50,000 customers' names and emails to our US parent each year.",
                 "The export also includes their national ID numbers — all 50,000 records."]:
        facts = merge_facts(facts, extract_facts(turn), adds_to_earlier(turn), states_further_data(turn))
    assert (facts.sensitive_pi_count_ytd, facts.sensitive_pi_count_bound) == (50_000, "exact")


def test_a_further_batch_naming_no_data_continues_the_earlier_kind() -> None:
    facts = Facts()
    for turn in ["CRO here. Sent 4,000 trial subjects' lab results to the sponsor in Boston in March.",
                 "In September another 7,000 subjects from a different study went to the same sponsor."]:
        facts = merge_facts(facts, extract_facts(turn), adds_to_earlier(turn), states_further_data(turn))
    assert facts.sensitive_pi_count_ytd is not None and facts.sensitive_pi_count_ytd >= 10_000


def test_payroll_run_for_clients_stays_outside_the_hr_exemption_in_later_turns(assistant_pipeline: Pipeline) -> None:
    """b5-055: a later "does the HR exemption help us?" asks about P5(2); it does not make client companies' staff
    the processor's own."""
    session = "hr-for-clients"
    turns = ["We're an HR outsourcing provider in Shanghai (Xuhui). We run payroll for client companies and send their "
             "employees' salary data to the clients' overseas HQs.",
             "Volume: roughly 140,000 employees across all clients this year; includes bank account numbers. We're not a CIIO.",
             "Does the HR-management exemption help us? It's HR data after all."]
    for turn in turns:
        response = assistant_pipeline.ask(turn, session_id=session)
    assert response.verdict is not None and response.verdict.code == "security_assessment"
    assert any("client companies" in s.finding for s in response.verdict.steps)


@pytest.mark.parametrize(
    ("turns", "verdict"),
    [
        # a further batch of unknown size: the earlier count is only a floor, so the count is asked
        (["We sent 80k loyalty members' names and emails to our US email-marketing vendor in January. Nothing sensitive. Not a CIIO.",
          "Marketing just told me there was a second campaign list sent to the same vendor in March, but nobody knows how many people were on it."],
         "needs_facts"),
        (["今年1月把8万名会员的姓名和邮箱发给了美国的邮件营销服务商，不含敏感信息，非关基。", "刚知道3月份又发了一批，人数不清楚。"], "needs_facts"),
        # a further batch of trial subjects continues the earlier (sensitive) kind and adds up
        (["We send de-identified trial data (subject ID, lab values, adverse events) to our US sponsor. 6,000 subjects so far this year.",
          "Update: a second study starts next month and will add about 4,500 new subjects' data -- same flow, same recipient."],
         "security_assessment"),
        # the same buyers' data for retargeting is further data with a purpose of its own
        (["Cross-border e-commerce platform in Guangzhou. When Chinese shoppers buy from our overseas merchants, we pass the buyer's name, "
          "phone and address to the merchant and the courier. About 500k buyers this year.",
          "Also, our Singapore ad-tech team wants the same buyers' browsing and click history for retargeting -- roughly 300k of them."],
         "standard_contract_or_certification"),
    ],
)
def test_later_turns_change_the_counts_or_the_data(assistant_pipeline: Pipeline, turns: list[str], verdict: str) -> None:
    session = f"later-{abs(hash(turns[1]))}"
    for turn in turns:
        response = assistant_pipeline.ask(turn, session_id=session)
    assert response.verdict is not None and response.verdict.code == verdict


@pytest.mark.parametrize(
    ("turns", "verdict"),
    [
        # a correction naming no data corrects the earlier (sensitive) count
        (["我们是北京的一家CRO，要把约3,000名受试者的去标识化数据（含病史、检验结果）传给美国申办方。需要什么手续？",
          "更正一下：不是3,000，是两个研究中心合计一万二千名受试者，都是今年传。"], "security_assessment"),
        # a count that names no data answers the sensitive count that was asked
        (["We're an EV startup in Changsha. Our Munich team wants owners' GPS trip logs to tune the range algorithm. Not a CIIO.",
          "About fifteen thousand owners since January."], "security_assessment"),
        # a rule question about the case under way keeps its verdict
        (["SaaS platform in Shenzhen, not a CIIO. We send supplier contacts' names and e-mails of about 120,000 people this year to Singapore.",
          "Out of interest - what's the threshold at which we'd need a security assessment instead?"], "standard_contract_or_certification"),
    ],
)
def test_later_turns_correct_answer_or_ask_about_the_case(assistant_pipeline: Pipeline, turns: list[str], verdict: str) -> None:
    session = f"b9-{abs(hash(turns[1]))}"
    for turn in turns:
        response = assistant_pipeline.ask(turn, session_id=session)
    assert response.verdict is not None and response.verdict.code == verdict
