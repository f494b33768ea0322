"""The "what I understood" card and corrections (issue 14) through the real pipeline: where each fact came from,
only the facts the verdict uses, every assumption, and a facts_patch that decides again and says what changed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from assistant.answer.card import PatchError, apply_patch, normalise_patch
from assistant.answer.draft import render_draft
from assistant.models import Facts
from assistant.pipeline import Pipeline

# CIIO and important data unstated: both are assumed (SPEC §3a) and shown on the card.
QUESTION = "一家上海浦东（不在自贸区）的电商公司，今年向境外传输了约15万人的个人信息，不含敏感个人信息，需要走什么程序？"


def test_card_shows_stated_facts_and_every_assumption(assistant_pipeline: Pipeline) -> None:
    r = assistant_pipeline.ask(QUESTION, session_id="card-1")
    assert r.verdict.code == "standard_contract_or_certification"
    keys = {f.key: f for f in r.understood}
    for a in r.verdict.assumptions:
        assert keys[a.key].source == "assumed" and r.facts_source[a.key] == "assumed"
    assert "is_ciio" in keys and "默认" in keys["is_ciio"].text
    assert keys["pi_count_ytd"].source == "stated" and "150,000" in keys["pi_count_ytd"].text
    assert keys["registered_zone"].text.startswith("不在自贸试验区")
    # nothing the verdict does not use: every non-assumed line is a fact that another value would change
    assert all(f.key in r.facts_source for f in r.understood)
    assert "export_controlled" not in keys and "treaty_applies" not in keys


def test_correction_round_trip_in_the_pipeline(assistant_pipeline: Pipeline) -> None:
    first = assistant_pipeline.ask(QUESTION, session_id="card-2")
    assert first.verdict.code == "standard_contract_or_certification"
    fixed = assistant_pipeline.ask(None, session_id="card-2", facts_patch={"is_ciio": "是"})
    assert fixed.verdict.code == "security_assessment"
    assert fixed.change is not None and fixed.change.before == "standard_contract_or_certification"
    assert fixed.change.text.startswith("结论由 ") and "变为 应申报数据出境安全评估" in fixed.change.text
    assert fixed.change.read == {"is_ciio": False} and fixed.change.corrected == {"is_ciio": True}
    assert fixed.facts_source["is_ciio"] == "corrected"
    assert fixed.facts_source["pi_count_ytd"] == "stated"
    assert {f.key: f.source for f in fixed.understood}["is_ciio"] == "corrected"
    # the correction survives the next turn
    later = assistant_pipeline.ask("接收方是境外母公司，那需要办什么手续？", session_id="card-2")
    assert later.facts.is_ciio is True and later.facts_source["is_ciio"] == "corrected"
    assert later.verdict.code == "security_assessment"
    # a count in plain numbers, and back to not a CIIO
    again = assistant_pipeline.ask(None, session_id="card-2", facts_patch={"is_ciio": False, "pi_count_ytd": 50000})
    assert again.verdict.code == "exempt" and again.change is not None and again.change.before == "security_assessment"


def test_patch_with_a_message(assistant_pipeline: Pipeline) -> None:
    r = assistant_pipeline.ask(QUESTION, session_id="card-3", facts_patch={"important_data": True})
    assert r.verdict.code == "security_assessment"
    assert r.facts_source["important_data"] == "corrected" and r.facts_source["pi_count_ytd"] == "stated"


@pytest.mark.parametrize(("patch", "fragment"), [
    ({"is_cio": True}, "'is_cio'"),
    ({"is_ciio": "perhaps"}, "'is_ciio'"),
    ({"pi_count_ytd": "many"}, "'pi_count_ytd'"),
    ({"pi_count_ytd": -5}, "'pi_count_ytd'"),
    ({"registered_zone": "mars"}, "'registered_zone'"),
    ({"data_items[0].colour": "red"}, "'data_items[0].colour'"),
])
def test_bad_patches_name_the_key(patch: dict[str, Any], fragment: str) -> None:
    with pytest.raises(PatchError, match=re.escape(fragment)):
        normalise_patch(patch)


def test_plain_word_values_and_unsure() -> None:
    assert normalise_patch({"is_ciio": "yes", "important_data": "否", "pi_count_ytd": "150000"}) == {
        "is_ciio": True, "important_data": False, "pi_count_ytd": 150000}
    facts = apply_patch(Facts(is_ciio=True), normalise_patch({"is_ciio": "不确定"}))
    assert facts.is_ciio is None and "is_ciio" in facts.unsure


def test_draft_lists_the_facts_and_the_assumptions(assistant_pipeline: Pipeline) -> None:
    r = assistant_pipeline.ask(QUESTION, session_id="card-4")
    draft = render_draft(r, pipeline=assistant_pipeline)
    section = draft.split("根据来函所述及以下前提", 1)[1].split("、结论", 1)[0]
    assert "注册地：不在自贸试验区" in section
    assert "个人信息人数（今年以来）：约150,000人" in section
    for a in r.verdict.assumptions:
        assert a.text in section
