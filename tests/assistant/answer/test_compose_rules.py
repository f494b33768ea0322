"""The deterministic composer always passes verification, over many verdicts of the real rule check
(generated facts, both languages): the composer can only state what the rules and the cited articles say."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.answer.compose import ComposeInput, Composer, shown_texts
from assistant.models import DataItem, Facts, Language
from assistant.verify.verifier import Verifier, VerifyInput, fact_numbers

AS_OF = date(2026, 6, 1)
_bool = st.one_of(st.none(), st.booleans())
_items = st.lists(
    st.builds(
        DataItem,
        description=st.sampled_from(["被保险人体检报告", "分保业务统计数据", "船员护照扫描件", "crew passport scans", "会员订单记录", "设备运行日志"]),
        on_list=_bool, contains_pi=_bool, contains_sensitive_pi=_bool, important_data=_bool,
    ),
    max_size=2,
)
facts_strategy = st.builds(
    Facts,
    registered_zone=st.sampled_from([None, "shanghai_ftz", "lingang", "other_ftz", "outside"]),
    other_ftz_name=st.sampled_from([None, "beijing", "hainan"]),
    export_in_zone=_bool, is_ciio=_bool,
    sector=st.sampled_from([None, "reinsurance", "shipping", "trade", "retail"]),
    sector_list_published=_bool,
    data_items=_items,
    contains_pi=_bool, contains_sensitive_pi=_bool, important_data=_bool, pseudonymised=_bool,
    pi_count_ytd=st.sampled_from([None, 0, 3000, 99_999, 100_000, 250_000, 999_999, 1_000_000, 1_500_000]),
    pi_count_bound=st.sampled_from(["exact", "under", "at_least", "over", "at_most"]),
    sensitive_pi_count_ytd=st.sampled_from([None, 0, 1, 2_000, 9_999, 10_000, 20_000]),
    purposes=st.lists(st.sampled_from(["trade_no_pi", "foreign_collected_transit", "contract_with_individual", "hr_management", "emergency", "other"]),
                      max_size=2, unique=True),
    individual_is_party=_bool, hr_rules_lawful=_bool, domestic_data_added=_bool, export_controlled=_bool, treaty_applies=_bool,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(facts=facts_strategy, language=st.sampled_from(["zh", "en"]))
def test_composer_passes_verification_for_any_verdict(assistant_corpus: Any, facts: Facts, language: Language) -> None:
    from assistant.lists.load import load_lists
    from assistant.rules import decide

    verdict = decide(facts, assistant_corpus, _lists(load_lists), AS_OF, language)
    composed = Composer(assistant_corpus.articles).run(ComposeInput(verdict=verdict, language=language))
    Verifier(assistant_corpus).run(VerifyInput(
        answer=composed.answer, citations=composed.citations, verdict_code=verdict.code,
        allowed_texts=shown_texts(verdict),
        allowed_numbers=fact_numbers(facts),
    ))


_cache: dict[str, Any] = {}


def _lists(load: Any) -> Any:
    if "lists" not in _cache:
        _cache["lists"] = load()
    return _cache["lists"]
