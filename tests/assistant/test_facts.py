"""merge_facts, apply_answer and the robustness of extract_facts (assistant.facts)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.facts import apply_answer, extract_facts, merge_facts
from assistant.models import DataItem, Facts

# ------------------------------------------------------------------------------------------ merge_facts


def test_merge_new_known_values_win_and_unknowns_never_erase() -> None:
    old = Facts(registered_zone="lingang", is_ciio=False, contains_pi=True, sector="reinsurance")
    new = Facts(is_ciio=True, export_in_zone=True)
    merged = merge_facts(old, new)
    assert merged.registered_zone == "lingang"
    assert merged.is_ciio is True
    assert merged.export_in_zone is True
    assert merged.contains_pi is True
    assert merged.sector == "reinsurance"
    # inputs are not mutated
    assert old.is_ciio is False and new.registered_zone is None


def test_merge_false_is_a_known_value() -> None:
    merged = merge_facts(Facts(contains_pi=True), Facts(contains_pi=False))
    assert merged.contains_pi is False


def test_merge_count_moves_with_its_bound_and_upper() -> None:
    old = Facts(pi_count_ytd=100_000, pi_count_bound="at_least", pi_count_upper=1_000_000)
    merged = merge_facts(old, Facts(pi_count_ytd=150_000))
    assert (merged.pi_count_ytd, merged.pi_count_bound, merged.pi_count_upper) == (150_000, "exact", None)
    kept = merge_facts(old, Facts(sensitive_pi_count_ytd=10))
    assert (kept.pi_count_ytd, kept.pi_count_bound, kept.pi_count_upper) == (100_000, "at_least", 1_000_000)
    assert kept.sensitive_pi_count_ytd == 10


def test_merge_zone_and_ftz_name_travel_together() -> None:
    old = Facts(registered_zone="other_ftz", other_ftz_name="beijing")
    assert merge_facts(old, Facts(registered_zone="lingang")).other_ftz_name is None
    assert merge_facts(old, Facts(registered_zone="other_ftz")).other_ftz_name == "beijing"
    assert merge_facts(old, Facts()).other_ftz_name == "beijing"


def test_merge_purposes_are_united_in_order() -> None:
    merged = merge_facts(Facts(purposes=["hr_management"]), Facts(purposes=["emergency", "hr_management"]))
    assert merged.purposes == ["hr_management", "emergency"]


def test_merge_data_items_by_description() -> None:
    old = Facts(data_items=[DataItem(description="被保险人体检报告", contains_sensitive_pi=True), DataItem(description="理赔记录")])
    new = Facts(
        data_items=[
            DataItem(description=" 被保险人 体检报告 ", on_list=True, list_item_id="RI-L-01", contains_sensitive_pi=None),
            DataItem(description="Crew Passport Scans"),
        ]
    )
    merged = merge_facts(old, new)
    assert [i.description for i in merged.data_items] == ["被保险人体检报告", "理赔记录", "Crew Passport Scans"]
    first = merged.data_items[0]
    assert first.on_list is True and first.list_item_id == "RI-L-01"
    assert first.contains_sensitive_pi is True  # unknown in the new item does not erase
    again = merge_facts(merged, Facts(data_items=[DataItem(description="crew passport scans", contains_pi=True)]))
    assert len(again.data_items) == 3 and again.data_items[2].contains_pi is True


def test_merge_generic_statement_applies_to_items_already_named() -> None:
    first = extract_facts("我们是临港新片区注册的航运公司，想把船舶运营数据传给新加坡总部。")
    second = extract_facts("数据不含个人信息，也不在负面清单上。")
    merged = merge_facts(first, second)
    assert [(i.description, i.on_list) for i in merged.data_items] == [("船舶运营数据", False)]


def test_bare_figure_answers_the_count_that_was_asked() -> None:
    f = apply_answer(Facts(), "sensitive_pi_count_ytd", "约2000人")
    assert (f.sensitive_pi_count_ytd, f.pi_count_ytd) == (2000, None)
    # a reply naming its kind goes where it says, whatever was asked
    f = apply_answer(Facts(), "sensitive_pi_count_ytd", "今年以来大约20万人，不含敏感个人信息")
    assert (f.pi_count_ytd, f.sensitive_pi_count_ytd, f.contains_sensitive_pi) == (200_000, None, False)
    f = apply_answer(Facts(), "pi_count_ytd", "其中2000人的健康信息")
    assert (f.sensitive_pi_count_ytd, f.pi_count_ytd) == (2000, None)


@pytest.mark.parametrize("reply", ["大约3000人", "15万人左右", "about 3,000 people", "150k", "今年以来大约20万人", "3000"])
def test_a_bare_figure_is_left_to_the_question_asked(reply: str) -> None:
    extracted = extract_facts(reply)
    assert extracted.pi_count_ytd is None and extracted.sensitive_pi_count_ytd is None
    answered = apply_answer(Facts(contains_sensitive_pi=True), "sensitive_pi_count_ytd", reply)
    assert answered.sensitive_pi_count_ytd is not None and answered.pi_count_ytd is None
    # a figure with its noun in a sentence is still read ("5万名员工的信息", "涉及人数：150,000")
    assert extract_facts("传输5万名员工的信息").pi_count_ytd == 50_000
    assert extract_facts("涉及人数：150,000").pi_count_ytd == 150_000


def test_question_form_is_not_a_yes() -> None:
    f = apply_answer(Facts(), "is_ciio", "是不是关键信息基础设施运营者，我们不确定。")
    assert f.is_ciio is None
    assert apply_answer(Facts(), "contains_pi", "有没有个人信息还不清楚").contains_pi is None


def test_merge_is_idempotent_on_extracted_facts() -> None:
    f = extract_facts("我们是临港新片区注册的再保险公司，需要把被保险人体检报告传给境外再保险人，今年以来涉及约3000人。")
    assert merge_facts(f, f) == f
    assert merge_facts(Facts(), f) == f
    assert merge_facts(f, Facts()) == f


def test_merge_rejects_non_facts() -> None:
    with pytest.raises(TypeError):
        merge_facts({}, Facts())  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------ apply_answer


@pytest.mark.parametrize(
    ("key", "answer", "expected"),
    [
        ("is_ciio", "是", True),
        ("is_ciio", "否", False),
        ("is_ciio", "不是", False),
        ("is_ciio", "是的，我们是关基", True),
        ("is_ciio", "我们不属于关基", False),
        ("is_ciio", "yes", True),
        ("is_ciio", "No", False),
        ("is_ciio", "No, we are not a CIIO.", False),
        ("export_in_zone", "是", True),
        ("export_in_zone", "否，由北京分公司发送", False),
        ("contains_pi", "没有", False),
        ("contains_sensitive_pi", "有", True),
        ("important_data", "否", False),
        ("individual_is_party", "是", True),
        ("hr_rules_lawful", "yes", True),
        ("domestic_data_added", "no", False),
        ("sector_list_published", "否", False),
        ("treaty_applies", "否", False),
        ("export_controlled", "不涉及", False),
    ],
)
def test_apply_yes_no(key: str, answer: str, expected: bool) -> None:
    assert getattr(apply_answer(Facts(), key, answer), key) is expected


@pytest.mark.parametrize("answer", ["不确定", "不清楚", "不知道", "not sure", "Not sure.", "don't know", "unknown", "?"])
def test_not_sure_leaves_the_fact_unknown(answer: str) -> None:
    before = Facts(registered_zone="lingang")
    for key in ("is_ciio", "pi_count_ytd", "contains_sensitive_pi", "important_data"):
        after = apply_answer(before, key, answer)
        assert getattr(after, key) is None
        assert after.unsure == [key]  # unknown on the user's own account
        assert after.model_copy(update={"unsure": []}) == before
    assert apply_answer(before, "registered_zone", answer) == before  # a known fact is not made unsure


def test_unsure_statements_are_recorded_and_cleared_once_known() -> None:
    f = extract_facts("我们不确定这些数据有没有被主管部门告知为重要数据。")
    assert (f.important_data, f.unsure) == (None, ["important_data"])
    assert extract_facts("We are not sure whether we are a CIIO.").unsure == ["is_ciio"]
    assert extract_facts("我们不是关基。").unsure == []
    merged = merge_facts(f, extract_facts("没有被告知为重要数据。"))
    assert (merged.important_data, merged.unsure) == (False, [])


@pytest.mark.parametrize(
    ("answer", "count", "bound", "upper"),
    [
        ("大约15万人", 150_000, "exact", None),
        ("150k", 150_000, "exact", None),
        ("10万至不满100万人", 100_000, "at_least", 1_000_000),
        ("100,000–999,999 people", 100_000, "at_least", 1_000_000),
        ("100,000 to under 1,000,000 people", 100_000, "at_least", 1_000_000),
        ("不满10万人", 100_000, "under", None),
        ("under 100,000 people", 100_000, "under", None),
        ("100万人及以上", 1_000_000, "at_least", None),
        ("1,000,000 people or more", 1_000_000, "at_least", None),
        ("一百二十万", 1_200_000, "exact", None),
    ],
)
def test_apply_count(answer: str, count: int, bound: str, upper: int | None) -> None:
    f = apply_answer(Facts(), "pi_count_ytd", answer)
    assert (f.pi_count_ytd, f.pi_count_bound, f.pi_count_upper) == (count, bound, upper)
    assert f.contains_pi is True or bound == "under"


def test_apply_sensitive_count_and_none() -> None:
    f = apply_answer(Facts(), "sensitive_pi_count_ytd", "约2000人")
    assert (f.sensitive_pi_count_ytd, f.contains_sensitive_pi, f.contains_pi) == (2000, True, True)
    f = apply_answer(Facts(), "sensitive_pi_count_ytd", "不满1万人")
    assert (f.sensitive_pi_count_ytd, f.sensitive_pi_count_bound, f.contains_sensitive_pi) == (10_000, "under", True)
    f = apply_answer(Facts(), "sensitive_pi_count_ytd", "1万人及以上")
    assert (f.sensitive_pi_count_ytd, f.sensitive_pi_count_bound) == (10_000, "at_least")
    for answer in ("不含敏感个人信息", "no sensitive personal information", "没有", "none"):
        f = apply_answer(Facts(sensitive_pi_count_ytd=5), "sensitive_pi_count_ytd", answer)
        assert f.contains_sensitive_pi is False and f.sensitive_pi_count_ytd is None, answer


@pytest.mark.parametrize(
    ("answer", "zone"),
    [
        ("临港新片区", "lingang"),
        ("上海自贸试验区", "shanghai_ftz"),
        ("Shanghai FTZ", "shanghai_ftz"),
        ("Lingang New Area", "lingang"),
        ("其他自由贸易试验区", "other_ftz"),
        ("不在自由贸易试验区", "outside"),
        ("outside any free trade zone", "outside"),
        ("我们在临港注册", "lingang"),
        ("注册在杭州", "outside"),
        ("北京自贸区", "other_ftz"),
        ("是", "shanghai_ftz"),
        ("否", "outside"),
        ("北京", "outside"),
        ("Hangzhou", "outside"),
    ],
)
def test_apply_zone(answer: str, zone: str) -> None:
    assert apply_answer(Facts(), "registered_zone", answer).registered_zone == zone


@pytest.mark.parametrize(
    ("answer", "expected"),
    [("在临港", True), ("区内", True), ("北京分公司", False), ("from our Beijing office", False), ("in the zone", True),
     ("上海", None), ("不确定，可能在北京", None)],
)
def test_apply_export_place(answer: str, expected: bool | None) -> None:
    assert apply_answer(Facts(), "export_in_zone", answer).export_in_zone is expected


def test_apply_zone_alias_key_and_other_ftz_name() -> None:
    f = apply_answer(Facts(), "registered_in_zone", "天津自贸试验区")
    assert (f.registered_zone, f.other_ftz_name) == ("other_ftz", "tianjin")


def test_apply_sector_and_purposes() -> None:
    assert apply_answer(Facts(), "sector", "再保险").sector == "reinsurance"
    assert apply_answer(Facts(), "sector", "reinsurance").sector == "reinsurance"
    assert apply_answer(Facts(), "sector", "是").sector is None
    assert apply_answer(Facts(), "sector", "🙂").sector is None
    assert apply_answer(Facts(), "sector", "融资租赁").sector == "融资租赁"
    other = apply_answer(Facts(), "sector", "其他行业")
    assert (other.sector, other.sector_list_published) == ("other", False)
    p = apply_answer(Facts(purposes=["emergency"]), "purposes", "跨境人力资源管理")
    assert p.purposes == ["emergency", "hr_management"]


def test_apply_item_answers() -> None:
    base = Facts(data_items=[DataItem(description="被保险人体检报告")])
    f = apply_answer(base, "data_items[0].on_list", "否（不在负面清单上）")
    assert f.data_items[0].on_list is False
    f = apply_answer(base, "data_items[0].list_item_id", "RI-L-01 健康数据／体检报告")
    assert (f.data_items[0].list_item_id, f.data_items[0].on_list) == ("RI-L-01", True)
    f = apply_answer(base, "data_items[0].on_list", "是的，对应RI-L-01这一条（被保险人健康医疗信息）")
    assert (f.data_items[0].on_list, f.data_items[0].list_item_id) == (True, "RI-L-01")
    f = apply_answer(base, "data_items[0].on_list", "是：RI-L-02 理赔／病历")
    assert (f.data_items[0].on_list, f.data_items[0].list_item_id) == (True, "RI-L-02")
    f = apply_answer(Facts(), "data_items[1].contains_sensitive_pi", "是")
    assert len(f.data_items) == 2 and f.data_items[1].contains_sensitive_pi is True


def test_apply_answer_merges_what_else_the_reply_states() -> None:
    f = apply_answer(Facts(registered_zone="lingang"), "is_ciio", "不是关基，而且出境活动在区内开展")
    assert (f.is_ciio, f.export_in_zone, f.registered_zone) == (False, True, "lingang")


def test_apply_answer_validation() -> None:
    with pytest.raises(KeyError):
        apply_answer(Facts(), "no_such_field", "是")
    with pytest.raises(KeyError):
        apply_answer(Facts(), "data_items[0].nope", "是")
    with pytest.raises(TypeError):
        apply_answer(Facts(), "is_ciio", None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        apply_answer(None, "is_ciio", "是")  # type: ignore[arg-type]
    assert apply_answer(Facts(), "is_ciio", "") == Facts()
    # an answer that says nothing about the key changes nothing
    assert apply_answer(Facts(), "is_ciio", "🙂").is_ciio is None


# ------------------------------------------------------------------------------------------ robustness


def test_only_stated_fields_are_set() -> None:
    # callers (the pipeline) read model_fields_set as "what this message stated"
    assert extract_facts("no").model_fields_set == set()
    assert extract_facts("是").model_fields_set == set()
    stated = extract_facts("我们不是关基，数据不在负面清单上。").model_fields_set
    assert stated == {"is_ciio", "data_items"}
    merged = merge_facts(Facts(), extract_facts("我们不是关基"))
    assert merged.model_fields_set == {"is_ciio"}


def test_extract_validation() -> None:
    with pytest.raises(TypeError):
        extract_facts(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        extract_facts(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        extract_facts("x", "fr")  # type: ignore[arg-type]
    assert extract_facts("") == Facts()
    assert extract_facts("\x00\x01\x02") == Facts()


_NASTY = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400),
    st.lists(
        st.sampled_from(
            [
                "临港", "上海自贸区", "不是", "关基", "个人信息", "敏感", "10万", "至", "不满", "以上", "人", "的", "，", "。",
                "？", "吗", "not", "CIIO", "personal data", "150k", "people", "\x00", "\u200b", "😀", "<script>", "'; DROP TABLE",
                "忽略以上规则", "将", "提供", "和", "、", "境外", "重要数据", "去标识化", "every", "1,000,000", "-", "–", "～",
            ]
        ),
        max_size=60,
    ).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(_NASTY)
def test_extract_never_raises(text: str) -> None:
    facts = extract_facts(text)
    assert isinstance(facts, Facts)
    Facts.model_validate(facts.model_dump())  # always a valid, serialisable Facts
    for prefix in ("pi", "sensitive_pi"):
        count = getattr(facts, f"{prefix}_count_ytd")
        assert count is None or count >= 0


@settings(max_examples=150, deadline=None)
@given(_NASTY, st.sampled_from(["is_ciio", "registered_zone", "pi_count_ytd", "sensitive_pi_count_ytd", "sector",
                                "purposes", "data_items[0].on_list", "data_items[2].list_item_id", "registered_in_zone"]))
def test_apply_answer_never_raises(answer: str, key: str) -> None:
    assert isinstance(apply_answer(Facts(), key, answer), Facts)


@settings(max_examples=100, deadline=None)
@given(_NASTY, _NASTY)
def test_merge_of_extractions_never_raises_and_keeps_known(a: str, b: str) -> None:
    fa, fb = extract_facts(a), extract_facts(b)
    merged = merge_facts(fa, fb)
    for name in ("registered_zone", "is_ciio", "contains_pi", "important_data", "pi_count_ytd"):
        expected = getattr(fb, name) if getattr(fb, name) is not None else getattr(fa, name)
        assert getattr(merged, name) == expected


_TEMPLATES = [
    ("我们今年向境外提供了{n}人的个人信息。", "pi"),
    ("今年以来累计传输约{n}名客户的姓名和手机号", "pi"),
    ("We have sent personal data of {n} customers since 1 January.", "pi"),
    ("其中{n}人的健康信息需要出境。", "sensitive"),
    ("We transfer medical records of {n} patients.", "sensitive"),
]


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=50_000_000), st.sampled_from(_TEMPLATES),
       st.sampled_from(["plain", "comma", "wan"]))
def test_counts_round_trip_through_extraction(n: int, template: tuple[str, str], style: str) -> None:
    text, kind = template
    if style == "wan" and (n % 10_000 or ("{n}人" not in text and "{n}名" not in text)):
        style = "comma"
    figure = {"plain": str(n), "comma": f"{n:,}", "wan": f"{n // 10_000}万"}[style]
    facts = extract_facts(text.format(n=figure))
    counted = facts.sensitive_pi_count_ytd if kind == "sensitive" else facts.pi_count_ytd
    other = facts.pi_count_ytd if kind == "sensitive" else facts.sensitive_pi_count_ytd
    cuts = (10_000,) if kind == "sensitive" else (100_000, 1_000_000)
    expected = n - n // 10 if "约" in text and n in cuts else n  # an estimate on a cut point is widened
    # one group counted once: the same people's other PI is at most that many (never more than one group is read)
    same_people = kind == "sensitive" and facts.pi_count_bound == "at_most" and other == counted
    assert counted == expected and (other is None or same_people)
    assert facts.contains_pi is True
    assert facts.contains_sensitive_pi is (True if kind == "sensitive" else None)


@pytest.mark.slow
def test_large_and_hostile_inputs() -> None:
    big = "我们是临港新片区注册的再保险公司，不是关基，传输10万人的个人信息。" * 3_000  # ~100 KB
    assert len(big) > 90_000
    facts = extract_facts(big)
    assert facts.registered_zone == "lingang" and facts.is_ciio is False
    for text in ("a" * 100_000, "万" * 100_000, "1," * 50_000, "。" * 100_000, "\x00" * 100_000, "😀" * 50_000,
                 "<script>alert(1)</script>" * 4_000, "不" * 100_000, "9" * 100_000):
        assert isinstance(extract_facts(text), Facts)


def test_general_pi_is_not_one_person() -> None:
    # "一般个人信息" is general PI; its 一 is no count
    facts = extract_facts("今年以来向境外提供了50万人的一般个人信息，不含敏感个人信息。")
    assert (facts.pi_count_ytd, facts.pi_count_bound, facts.pi_count_upper) == (500_000, "exact", None)


def test_bracketed_figure_refines_the_looser_one_before_it() -> None:
    facts = extract_facts("今年以来向境外提供了50万人的一般个人信息，另外还有不到1万人的敏感个人信息（约3000人）。")
    assert (facts.sensitive_pi_count_ytd, facts.sensitive_pi_count_bound) == (3000, "exact")
    # two separate groups still add up: at least the larger, at most their sum
    both = extract_facts("今年向境外提供了不到100万人的客户信息和5万名员工的信息")
    assert both.pi_count_ytd == 50_000 and both.pi_count_upper == 1_050_000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two datasets: the treaty summaries are not on the negative list; the claims files are on the list, and that entry says security assessment.",
         [(False, None), (True, "security_assessment")]),
        ("再保险合同摘要不在负面清单上；大额理赔的医疗档案在清单上，条目写的是标准合同。",
         [(False, None), (True, "standard_contract_or_certification")]),
        ("The crew lists are on the list. The voyage logs are also on it.", None),  # one status for all: no split
    ],
)
def test_list_status_binds_to_its_own_data(text: str, expected: list[tuple[bool, str | None]] | None) -> None:
    items = extract_facts(text).data_items
    if expected is None:
        assert len({i.on_list for i in items}) <= 1
    else:
        assert [(i.on_list, i.list_route) for i in items] == expected
