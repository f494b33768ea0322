"""The deterministic composer on hand-built verdicts: layout, numbering, narrowed quotes, both languages."""

from __future__ import annotations

import re

import pytest
from handbuilt import P5_ITEMS, P5_LEAD, HandCorpus

from assistant.answer.compose import ComposeInput, Composer, t
from assistant.answer.labels import verdict_label
from assistant.models import Language, ListMatch, MissingFact, Obligation, Step, Verdict, VerdictCode
from assistant.verify.verifier import Verifier, VerifyInput


@pytest.fixture()
def corpus() -> HandCorpus:
    return HandCorpus()


def _verdict(corpus: HandCorpus, code: VerdictCode, language: Language) -> Verdict:
    p5_4 = corpus.cite("cac-provisions-2024", 5, 1, 4)
    m8 = corpus.cite("sh-ftz-measures-2025", 8)
    return Verdict(
        code=code, label=verdict_label(code, language), basis=[p5_4],
        steps=[Step(check="区域", finding="临港新片区注册", citation=m8), Step(check="数量", finding="不满10万人", citation=p5_4)],
        obligations=[Obligation(text="报告出境情况", citation=m8)],
        warnings=["所用负面清单为示例文本（非官方）"],
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_layout_and_numbering(corpus: HandCorpus, language: Language) -> None:
    verdict = _verdict(corpus, "exempt", language)
    composed = Composer(corpus.articles).run(ComposeInput(verdict=verdict, language=language))
    lines = composed.answer.splitlines()
    assert lines[0].startswith("**结论：" if language == "zh" else "**Verdict: ")
    assert verdict.label in lines[0] and "`exempt`" in lines[0]
    # basis first, then the Measures article first used in the steps; one number per (article, 款, 项)
    assert [c.id for c in composed.citations] == ["cac-provisions-2024#5", "sh-ftz-measures-2025#8"]
    assert composed.citations[0].label == "第五条第一款第（四）项"
    assert "临港新片区注册 [2]" in composed.answer and "不满10万人 [1]" in composed.answer
    assert t("obligations", language) in composed.answer and "报告出境情况 [2]" in composed.answer
    assert "⚠ 所用负面清单为示例文本" in composed.answer
    assert composed.answer.rstrip().endswith(t("disclaimer", language))


def test_quote_narrows_to_the_cited_item_with_its_lead(corpus: HandCorpus) -> None:
    composer = Composer(corpus.articles)
    lines = composer.quote_lines(corpus.cite("cac-provisions-2024", 5, 1, 4))
    assert lines == [P5_LEAD, P5_ITEMS[3]]
    assert composer.quote_lines(corpus.cite("cac-provisions-2024", 8, 2)) == ["属于本规定第三条、第四条、第五条、第六条规定情形的，从其规定。"]
    # without the article (unknown corpus) the whole article is quoted
    whole = Composer({}).quote_lines(corpus.cite("cac-provisions-2024", 8, 2))
    assert len(whole) == 2


def test_out_of_scope_is_short_and_uncited(corpus: HandCorpus) -> None:
    verdict = Verdict(code="out_of_scope", label=verdict_label("out_of_scope", "zh"))
    composed = Composer(corpus.articles).run(ComposeInput(verdict=verdict, language="zh"))
    assert composed.citations == []
    assert not re.search(r"\[\d+\]", composed.answer)
    assert len(composed.answer) < 300


def test_needs_facts_lists_questions_and_candidates(corpus: HandCorpus) -> None:
    verdict = Verdict(
        code="needs_facts", label=verdict_label("needs_facts", "zh"), basis=[corpus.cite("sh-ftz-measures-2025", 8)],
        missing_facts=[MissingFact(key="registered_zone", question="贵单位在哪里注册？", choices=["临港新片区", "不确定"])],
        list_matches=[ListMatch(list_id="x", item_id="RI-L-01", sector="再保险", scenario="人身险再保险", category="c", subcategory="s",
                                description="被保险人体检报告", route="standard_contract_or_certification", score=0.9, status="illustrative")],
    )
    composed = Composer(corpus.articles).run(ComposeInput(verdict=verdict, language="zh"))
    assert "1. 贵单位在哪里注册？（可选：临港新片区 / 不确定）" in composed.answer
    assert "RI-L-01" in composed.answer and "示例清单" in composed.answer


def test_info_key_passage_is_quoted_first(corpus: HandCorpus) -> None:
    m8 = corpus.cite("sh-ftz-measures-2025", 8)
    verdict = Verdict(code="info", label=verdict_label("info", "en"), basis=[m8])
    sentence = m8.text.split("第八条 ")[1]
    composed = Composer(corpus.articles).run(ComposeInput(verdict=verdict, language="en", key_passages={m8.id: [sentence, "not in the text"]}))
    assert f"> {sentence}" in composed.answer
    assert "not in the text" not in composed.answer
    assert composed.citations == [m8]


def test_degraded_note_and_status_flags(corpus: HandCorpus) -> None:
    m8 = corpus.cite("sh-ftz-measures-2025", 8).model_copy(update={"status": "superseded"})
    verdict = Verdict(code="exempt", label=verdict_label("exempt", "zh"), basis=[m8])
    composed = Composer(corpus.articles).run(ComposeInput(verdict=verdict, language="zh", degraded=True))
    assert t("degraded", "zh") in composed.answer
    assert t("superseded", "zh") in composed.answer


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("code", ["exempt_negative_list", "exempt", "standard_contract_or_certification", "security_assessment",
                                  "other_law", "needs_facts", "info", "out_of_scope"])
def test_every_code_passes_verification(corpus: HandCorpus, code: VerdictCode, language: Language) -> None:
    verdict = _verdict(corpus, code, language) if code != "out_of_scope" else Verdict(code=code, label=verdict_label(code, language))
    composed = Composer(corpus.articles).run(ComposeInput(verdict=verdict, language=language))
    Verifier(corpus).run(VerifyInput(answer=composed.answer, citations=composed.citations, verdict_code=code))


def test_a_step_restating_the_questions_is_not_repeated(corpus: HandCorpus) -> None:
    m8 = corpus.cite("sh-ftz-measures-2025", 8)
    question = "贵单位在哪里注册？"
    verdict = Verdict(
        code="needs_facts", label=verdict_label("needs_facts", "zh"), basis=[m8],
        steps=[Step(check="区域", finding="尚未说明", citation=m8), Step(check="尚缺的关键事实", finding=f"请补充：{question}", citation=m8)],
        missing_facts=[MissingFact(key="registered_zone", question=question, choices=["不确定"])],
    )
    answer = Composer(corpus.articles).run(ComposeInput(verdict=verdict, language="zh")).answer
    assert answer.count(question) == 1
    assert "**区域**" in answer and "尚缺的关键事实" not in answer
