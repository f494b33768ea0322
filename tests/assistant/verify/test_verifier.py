"""Verification catches each kind of bad answer: unknown or altered citations, stray numbers, edited quotes,
a verdict line that differs from the rule check, dangling markers."""

from __future__ import annotations

import pytest
from handbuilt import HandCorpus

from assistant.answer.compose import ComposeInput, Composer
from assistant.answer.labels import verdict_label
from assistant.models import Facts, Obligation, Step, Verdict
from assistant.verify.verifier import (
    VerificationError,
    Verifier,
    VerifyInput,
    fact_numbers,
    labels_in,
    numbers_in,
    stated_verdicts,
)
from ingest.models import Citation
from ingest.numerals import parse_zh_numeral as zh_numeral


@pytest.fixture()
def corpus() -> HandCorpus:
    return HandCorpus()


def _good(corpus: HandCorpus) -> tuple[str, list[Citation]]:
    verdict = Verdict(
        code="standard_contract_or_certification",
        label=verdict_label("standard_contract_or_certification", "zh"),
        basis=[corpus.cite("cac-provisions-2024", 8, 1)],
        steps=[Step(check="数量", finding="自当年1月1日起累计150000人个人信息", citation=corpus.cite("cac-provisions-2024", 8, 1))],
        obligations=[Obligation(text="免予情形不适用", citation=corpus.cite("cac-provisions-2024", 5, 1, 4))],
    )
    composed = Composer(corpus.articles).run(ComposeInput(verdict=verdict, language="zh"))
    return composed.answer, composed.citations


def _check(answer: str, citations: list[Citation], **extra: object) -> VerifyInput:
    return VerifyInput(answer=answer, citations=citations, verdict_code="standard_contract_or_certification",
                       allowed_numbers=[150000.0], **extra)  # type: ignore[arg-type]


def test_zh_numerals() -> None:
    assert zh_numeral("二十一") == 21
    assert zh_numeral("十万") == 100000
    assert zh_numeral("一百零一") == 101
    assert zh_numeral("十五") == 15
    assert zh_numeral("abc") is None


def test_numbers_in_reads_arabic_chinese_and_units() -> None:
    found = set(numbers_in("累计向境外提供不满10万人个人信息，第二十一条，十五个工作日，1,000,000 people, 150k"))
    assert {100000.0, 10.0, 21.0, 15.0, 1000000.0, 150000.0} <= found
    # a lone 一 in running text is a word, not a claim
    assert numbers_in("个人作为一方当事人的合同") == []
    # markers and list numbering are not claims
    assert numbers_in("1. 结论 [3]", skip_markers=True) == []


def test_composed_answer_passes(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    assert Verifier(corpus).violations(_check(answer, citations)) == []


def test_unknown_citation_is_caught(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    fake = citations[0].model_copy(update={"id": "cac-provisions-2024#40", "article": 40, "label": "第四十条"})
    problems = Verifier(corpus).violations(_check(answer, [*citations[:-1], fake]))
    assert any("not an indexed article" in p for p in problems)


def test_altered_citation_text_is_caught(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    altered = citations[0].model_copy(update={"text": citations[0].text.replace("10万人", "20万人")})
    problems = Verifier(corpus).violations(_check(answer, [altered, *citations[1:]]))
    assert any("text differs" in p for p in problems)


def test_wrong_label_is_caught(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    wrong = citations[0].model_copy(update={"label": "第九条"})
    assert any("label" in p for p in Verifier(corpus).violations(_check(answer, [wrong, *citations[1:]])))


@pytest.mark.parametrize("claim", ["请在15个工作日内报告", "须在十五个工作日内报告", "有效期为7年", "see Article 40", "第四十条另有规定"])
def test_invented_numbers_are_caught(corpus: HandCorpus, claim: str) -> None:
    answer, citations = _good(corpus)
    problems = Verifier(corpus).violations(_check(answer + "\n\n" + claim, citations))
    assert any(p.startswith("number") for p in problems), problems


def test_numbers_from_the_user_are_allowed(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    extra = "\n\n您提到的 150,000 人"
    assert Verifier(corpus).violations(_check(answer + extra, citations)) == []
    facts = Facts(pi_count_ytd=150000)
    assert 150000.0 in fact_numbers(facts)
    problems = Verifier(corpus).violations(_check(answer + "\n\n共 3210 人", citations, allowed_texts=["我们有3210名员工"]))
    assert problems == []


def test_edited_quote_is_caught(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    edited = answer.replace("应当依法与境外接收方订立", "可以自愿与境外接收方订立")
    assert edited != answer
    assert any("verbatim" in p for p in Verifier(corpus).violations(_check(edited, citations)))


def test_wrong_verdict_line_is_caught(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    wrong = answer.replace(verdict_label("standard_contract_or_certification", "zh"), verdict_label("exempt", "zh"), 1)
    wrong = wrong.replace("`standard_contract_or_certification`", "`exempt`", 1)
    problems = Verifier(corpus).violations(_check(wrong, citations))
    assert any("verdict line states exempt" in p for p in problems), problems


def test_missing_verdict_line_is_caught(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    body = "\n".join(answer.splitlines()[1:])
    assert "the answer has no verdict line" in Verifier(corpus).violations(_check(body, citations))


def test_other_verdict_in_prose_is_caught_against_reference(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    rewritten = answer + "\n\n总之，贵司应申报数据出境安全评估。"
    assert Verifier(corpus).violations(_check(rewritten, citations)) == []  # alone it reads as prose…
    problems = Verifier(corpus).violations(_check(rewritten, citations, reference=answer))  # …but the LLM added it
    assert any("security_assessment" in p for p in problems)


def test_dangling_marker_is_caught(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    problems = Verifier(corpus).violations(_check(answer + " [9]", citations))
    assert any("marker [9]" in p for p in problems)


def test_unreferenced_and_required_markers(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    extra = [*citations, corpus.cite("sh-ftz-measures-2025", 8)]
    assert any("never referenced" in p for p in Verifier(corpus).violations(_check(answer, extra)))
    stripped = answer.replace("[1]", "")
    assert any("required citation marker [1]" in p for p in Verifier(corpus).violations(_check(stripped, citations, required_markers=[1])))


def test_run_raises_with_all_violations(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    with pytest.raises(VerificationError) as info:
        Verifier(corpus).run(_check(answer + "\n\n15个工作日 [7]", citations))
    assert len(info.value.violations) >= 2


def test_stated_verdicts_prefers_the_longest_label() -> None:
    line = "**Verdict: " + verdict_label("exempt_negative_list", "en") + "**"
    assert stated_verdicts(line) == [(line, ["exempt_negative_list"])]
    assert labels_in(verdict_label("exempt", "zh")) == {"exempt"}
    assert labels_in("`security_assessment`") == {"security_assessment"}


def test_identifiers_are_not_numbers() -> None:
    assert numbers_in("条目 RI-L-01 与 SH-P-12", skip_markers=True) == []
    assert 1.0 in numbers_in("RI-L-01")  # without skip_markers it is just text


def test_cited_documents_may_be_named_by_their_dates(corpus: HandCorpus) -> None:
    from datetime import date

    answer, citations = _good(corpus)
    text = answer + "\n\nThe 2024 Provisions apply."
    assert any("2024" in p for p in Verifier(corpus).violations(_check(text, citations)))
    dated = HandCorpus()
    for article in dated.articles.values():
        if article.doc_id == "cac-provisions-2024":
            article.document = article.document.model_copy(update={"issued": date(2024, 3, 22)})
    assert Verifier(dated).violations(_check(text, citations)) == []


def test_references_to_uncited_articles_are_caught(corpus: HandCorpus) -> None:
    answer, citations = _good(corpus)
    # P8's own text mentions 第三条…第六条, so the number check alone would let "第三条" through
    claim = "\n\n另依据《促进和规范数据跨境流动规定》第三条，亦可免予申报。"
    problems = Verifier(corpus).violations(_check(answer + claim, citations))
    assert problems == ["refers to 《促进和规范数据跨境流动规定》第三条, which is not among the citations"]
    fine = "\n\n即《促进和规范数据跨境流动规定》第八条所说的情形。"
    assert Verifier(corpus).violations(_check(answer + fine, citations)) == []
