"""Guidelines beside the negative list (issue 17, M9): a guideline article naming a list item the answer rests on is
cited; where its route differs from the list's, the answer applies M9 (the list prevails) and says so, in zh and
en; an answer citing the illustrative guideline says it is illustrative."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assistant.answer.guidelines import guideline_articles, stated_route, with_guidelines
from assistant.lists.cite import item_citation
from assistant.models import Step, Verdict
from assistant.pipeline import Pipeline
from assistant.verify.verifier import Verifier, VerifyInput

GUIDE = "sh-ftz-reinsurance-guideline-sample"
M9 = "sh-ftz-measures-2025#9"


@pytest.mark.parametrize(("text", "route"), [
    ("可以订立个人信息出境标准合同，无需申报数据出境安全评估。", "standard_contract_or_certification"),
    ("可以订立个人信息出境标准合同或者通过个人信息保护认证。", "standard_contract_or_certification"),
    ("应当申报数据出境安全评估。", "security_assessment"),
    ("操作指引与负面清单不一致的，以负面清单为准。", None),
])
def test_the_route_a_guideline_states(text: str, route: str | None) -> None:
    assert stated_route(text) == route


def test_the_fixture_guideline_is_indexed_as_an_illustrative_guideline(assistant_corpus: Any) -> None:
    doc = assistant_corpus.documents[GUIDE]
    assert (doc.kind, doc.status) == ("guideline", "illustrative")
    assert "示例" in doc.title and "written for" in doc.source.lower() and "not an official text" in doc.source.lower()
    assert [a.id for a in guideline_articles(assistant_corpus, "RI-L-04")] == [f"{GUIDE}#3"]
    assert guideline_articles(assistant_corpus, "RI-L-0") == []  # an id, not a prefix


def _item_verdict(corpus: Any, lists: Any, list_id: str, item_id: str) -> Verdict:
    lst = next(x for x in lists if x.list_id == list_id)
    entry = lst.find_item(item_id)
    assert entry is not None
    citation = item_citation(lst, *entry)
    return Verdict(code="info", label="制度说明", basis=[corpus.cite("sh-ftz-measures-2025", 8)],
                   steps=[Step(check=f"清单条目 {item_id}", finding="…", citation=citation)])


def test_a_differing_guideline_brings_m9(assistant_corpus: Any, assistant_lists: Any) -> None:
    verdict = _item_verdict(assistant_corpus, assistant_lists, "sh-ftz-negative-list-2024-sample", "RI-L-04")
    out = with_guidelines(verdict, assistant_corpus, assistant_lists, "zh")
    added = out.steps[len(verdict.steps):]
    assert [s.citation.id for s in added if s.citation] == [f"{GUIDE}#3", M9]
    assert "不一致" in added[0].check and "以负面清单为准" in added[1].finding and "数据出境安全评估" in added[1].finding
    assert M9 in [c.id for c in out.basis]
    assert any("示例文本" in w for w in out.warnings)


def test_an_agreeing_guideline_is_cited_without_m9(assistant_corpus: Any, assistant_lists: Any) -> None:
    verdict = _item_verdict(assistant_corpus, assistant_lists, "sh-ftz-negative-list-2024-sample", "RI-L-01")
    out = with_guidelines(verdict, assistant_corpus, assistant_lists, "en")
    added = out.steps[len(verdict.steps):]
    assert [s.citation.id for s in added if s.citation] == [f"{GUIDE}#2"]
    assert "agrees" in added[0].finding and M9 not in [c.id for c in out.basis]


def test_no_guideline_no_change(assistant_corpus: Any, assistant_lists: Any) -> None:
    verdict = _item_verdict(assistant_corpus, assistant_lists, "sh-ftz-negative-list-2024-sample", "SH-C-01")
    assert with_guidelines(verdict, assistant_corpus, assistant_lists, "zh") == verdict


@pytest.fixture(scope="module")
def later_pipeline(assistant_corpus: Any, assistant_index: Any) -> Pipeline:
    from assistant.settings import Settings

    data_dir, retriever = assistant_index
    return Pipeline(Settings(data_dir=data_dir), corpus=assistant_corpus, retriever_loader=lambda: retriever,
                    as_of=date(2027, 8, 1))


@pytest.mark.parametrize(("question", "language", "says"), [
    ("人身险再保险的被保险人基因及生物识别信息在负面清单上吗？走什么路径？", "zh", ("以负面清单为准", "示例")),
    ("Are insured persons' genetic test results and fingerprints on the reinsurance negative list? Which route?", "en",
     ("the list prevails", "illustrative")),
])
def test_the_answer_applies_m9_and_says_so(assistant_pipeline: Pipeline, question: str, language: str,
                                            says: tuple[str, str]) -> None:
    response = assistant_pipeline.ask(question)
    assert response.language == language and response.verdict.code == "info"
    ids = [c.id for c in response.citations]
    assert f"{GUIDE}#3" in ids and M9 in ids and "sh-ftz-negative-list-2024-sample#RI-L-04" in ids
    assert all(word in response.answer for word in says), response.answer
    assert response.degraded == []  # the deterministic answer passed verification with the guideline cited


def test_a_guideline_that_agrees_with_one_edition_differs_from_the_next(assistant_pipeline: Pipeline,
                                                                        later_pipeline: Pipeline) -> None:
    question = "人身险再保险的被保险人体检报告、病历在负面清单上吗？走什么路径？"
    before = assistant_pipeline.ask(question)
    after = later_pipeline.ask(question)
    assert "操作指引与负面清单不一致（RI-L-01）" not in before.answer and "一致" in before.answer
    assert "操作指引与负面清单不一致（RI-L-01）" in after.answer and "2027版" in after.answer
    assert after.degraded == []


def test_the_verifier_wants_an_illustrative_guideline_said(assistant_corpus: Any, assistant_lists: Any) -> None:
    citation = assistant_corpus.cite(GUIDE, 3)
    base = VerifyInput(answer="**结论：制度说明** `info`\n\n见 [1]", citations=[citation], verdict_code="info")
    problems = Verifier(assistant_corpus, assistant_lists).violations(base)
    assert any("illustrative document" in p for p in problems)
    said = base.model_copy(update={"answer": base.answer + "（示例文本，非官方）"})
    assert Verifier(assistant_corpus, assistant_lists).violations(said) == []
