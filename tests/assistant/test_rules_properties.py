"""Properties of decide() over arbitrary facts: never info/out_of_scope, at most three questions that name real
fields, citations that are the corpus articles, and answers that never loosen a verdict."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.lists.load import load_lists
from assistant.lists.model import NegativeList
from assistant.models import DataItem, Facts, Verdict
from assistant.rules import decide, patch_facts

AS_OF = date(2026, 6, 1)
_ITEM_FIELDS = set(DataItem.model_fields)


@pytest.fixture(scope="module")
def corpus() -> Any:
    from ingest.corpus import load_corpus

    return load_corpus()


@pytest.fixture(scope="module")
def lists() -> list[NegativeList]:
    return load_lists()


maybe_bool = st.sampled_from([None, True, False])
counts = st.one_of(st.none(), st.sampled_from([0, 1, 9_999, 10_000, 50_000, 99_999, 100_000, 999_999, 1_000_000, 5_000_000]))
bounds = st.sampled_from(["exact", "under", "at_most", "at_least", "over"])
items = st.builds(
    DataItem,
    description=st.sampled_from(["", "被保险人体检报告", "船员护照扫描件", "会员手机号", "汇总理赔数据", "产品条款"]),
    on_list=maybe_bool,
    list_item_id=st.sampled_from([None, None, "RI-L-01", "RI-P-02", "SH-C-01", "TR-M-01"]),
    contains_pi=maybe_bool,
    contains_sensitive_pi=maybe_bool,
    important_data=st.sampled_from([None, None, True]),
)
facts_strategy = st.builds(
    Facts,
    registered_zone=st.sampled_from([None, "shanghai_ftz", "lingang", "other_ftz", "outside"]),
    export_in_zone=maybe_bool,
    is_ciio=maybe_bool,
    sector=st.sampled_from([None, "reinsurance", "shipping", "trade", "再保险", "automotive"]),
    sector_list_published=maybe_bool,
    data_items=st.lists(items, max_size=3),
    contains_pi=maybe_bool,
    contains_sensitive_pi=maybe_bool,
    important_data=st.sampled_from([None, None, True, False]),
    pseudonymised=st.sampled_from([None, None, True]),
    pi_count_ytd=counts,
    pi_count_bound=bounds,
    sensitive_pi_count_ytd=counts,
    sensitive_pi_count_bound=bounds,
    purposes=st.lists(st.sampled_from(["trade_no_pi", "foreign_collected_transit", "contract_with_individual",
                                       "hr_management", "emergency", "other"]), max_size=2, unique=True),
    individual_is_party=maybe_bool,
    hr_rules_lawful=maybe_bool,
    domestic_data_added=maybe_bool,
    export_controlled=st.sampled_from([None, None, None, True]),
    treaty_applies=st.sampled_from([None, True]),
    unsure=st.lists(st.sampled_from(["important_data", "export_controlled", "is_ciio"]), max_size=2, unique=True),
)


def _figures(text: str) -> set[int]:
    import re

    text = re.sub(r"(?<![A-Za-z0-9])[A-Z]{1,5}(?:-[A-Z]{1,5})*-\d+", " ", text)
    return {int(n.replace(",", "")) * (10_000 if w else 1) for n, w in re.findall(r"(\d[\d,]*)(万)?", text)}


def _check_figures(verdict: Verdict, facts: Facts) -> None:
    citations = [*verdict.basis, *(s.citation for s in verdict.steps if s.citation), *(o.citation for o in verdict.obligations)]
    allowed = {1} | {c.article for c in citations}
    for c in citations:
        allowed |= _figures(c.text)
    allowed |= {n for n in (facts.pi_count_ytd, facts.sensitive_pi_count_ytd, facts.pi_count_upper,
                            facts.sensitive_pi_count_upper) if n is not None}
    texts = [s.check + s.finding for s in verdict.steps] + [o.text for o in verdict.obligations]
    texts += [m.question + " ".join(m.choices) for m in verdict.missing_facts] + verdict.warnings
    for text in texts:
        assert not _figures(text) - allowed, text


def _check(verdict: Verdict, corpus: Any) -> None:
    assert verdict.code not in ("info", "out_of_scope")
    assert len(verdict.missing_facts) <= 3
    if verdict.code == "needs_facts":
        assert verdict.missing_facts
    else:
        assert not verdict.missing_facts and verdict.basis
    for fact in verdict.missing_facts:
        if fact.key.startswith("data_items["):
            assert fact.key.split(".", 1)[1] in _ITEM_FIELDS
        else:
            assert fact.key in Facts.model_fields
        assert fact.choices[-1] == "不确定" and len(fact.choices) >= 3
    for c in [*verdict.basis, *(s.citation for s in verdict.steps if s.citation), *(o.citation for o in verdict.obligations)]:
        assert c.text == corpus.get(c.id).text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=facts_strategy)
def test_decide_properties(facts: Facts, corpus: Any, lists: list[NegativeList]) -> None:
    verdict = decide(facts, corpus, lists, AS_OF)
    _check(verdict, corpus)
    _check_figures(verdict, facts)
    _check_figures(decide(facts, corpus, lists, AS_OF, "en"), facts)
    # Deterministic: the same facts give the same verdict.
    assert decide(facts, corpus, lists, AS_OF) == verdict


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=facts_strategy)
def test_every_answer_to_the_first_question_is_consistent(facts: Facts, corpus: Any, lists: list[NegativeList]) -> None:
    """Answering the first question never makes things worse: each answer leads to a verdict or more
    questions, all valid; and when the answers lead to different verdicts the question really mattered."""
    from assistant.rules import _explore, _Shared, with_law_defaults

    verdict = decide(facts, corpus, lists, AS_OF)
    if verdict.code != "needs_facts":
        return
    shared = _Shared(corpus=corpus, lists=lists, as_of=AS_OF, language="zh")
    explored = _explore(with_law_defaults(facts), shared, {})
    need = explored.needs[0]
    assert need.key == verdict.missing_facts[0].key
    outcomes = set()
    for option in need.options:
        answered = decide(patch_facts(facts, option.patch), corpus, lists, AS_OF)
        _check(answered, corpus)
        if answered.code != "needs_facts":
            outcomes.add(answered.code)
    # Only a question whose answers can lead to different outcomes is asked.
    assert len(outcomes) != 1 or any(
        decide(patch_facts(facts, o.patch), corpus, lists, AS_OF).code == "needs_facts" for o in need.options
    )
