"""Helpdesk reply drafts: formal Chinese structure, the answer's citations quoted verbatim, .docx that opens."""

from __future__ import annotations

import io
from datetime import date

import pytest
from handbuilt import P5_ITEMS, HandCorpus

from assistant.answer.compose import ComposeInput, Composer
from assistant.answer.draft import DISCLAIMER, render_docx, render_draft
from assistant.answer.labels import verdict_label
from assistant.models import AskResponse, Facts, MissingFact, Obligation, Step, Verdict
from assistant.pipeline import Pipeline
from assistant.settings import Settings

DAY = date(2026, 5, 4)


@pytest.fixture()
def hand_pipeline() -> Pipeline:
    return Pipeline(Settings(), corpus=HandCorpus())  # type: ignore[arg-type]


def _response(code: str = "exempt") -> AskResponse:
    corpus = HandCorpus()
    p5_4 = corpus.cite("cac-provisions-2024", 5, 1, 4)
    m8 = corpus.cite("sh-ftz-measures-2025", 8)
    verdict = Verdict(
        code=code, label=verdict_label(code, "zh"), basis=[p5_4],  # type: ignore[arg-type]
        steps=[Step(check="数量", finding="不满10万人", citation=p5_4)],
        obligations=[Obligation(text="向管委会报告数据出境情况", citation=m8)],
        missing_facts=[MissingFact(key="is_ciio", question="贵单位是否为关键信息基础设施运营者？", choices=["是", "否", "不确定"])]
        if code == "needs_facts" else [],
        warnings=["所用负面清单为示例文本（非官方）"],
    )
    composed = Composer(corpus.articles).run(ComposeInput(verdict=verdict, language="zh"))
    return AskResponse(question="我们今年向境外提供3万人个人信息，需要签标准合同吗？", language="zh", verdict=verdict,
                       facts=Facts(pi_count_ytd=30000), answer=composed.answer, citations=composed.citations)


def test_markdown_has_every_part_in_order(hand_pipeline: Pipeline) -> None:
    text = render_draft(_response(), company="某某科技有限公司", today=DAY, pipeline=hand_pipeline)
    order = ["# 关于数据出境合规咨询的答复意见（草稿）", "**某某科技有限公司：**", "来函咨询", "## 一、结论", "## 二、依据",
             "## 三、仍需履行的义务", "## 四、建议", "## 五、免责声明", DISCLAIMER, "2026年5月4日"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert verdict_label("exempt", "zh") in text


def test_basis_quotes_each_citation_verbatim_with_its_number(hand_pipeline: Pipeline) -> None:
    response = _response()
    text = render_draft(response, today=DAY, pipeline=hand_pipeline)
    for n, citation in enumerate(response.citations, start=1):
        assert f"[{n}]《{citation.title}》{citation.label}" in text
    assert P5_ITEMS[3] in text  # the cited 项, verbatim
    assert "不满10万人[1]" in text  # the reasoning keeps the answer's numbering
    assert "向管委会报告数据出境情况[2]" in text


def test_default_salutation_and_warnings(hand_pipeline: Pipeline) -> None:
    text = render_draft(_response("needs_facts"), today=DAY, pipeline=hand_pipeline)
    assert "**贵单位：**" in text
    assert "请补充说明：贵单位是否为关键信息基础设施运营者？（是／否／不确定）" in text
    assert "请注意：所用负面清单为示例文本（非官方）" in text


def test_docx_opens_and_holds_the_same_text(hand_pipeline: Pipeline) -> None:
    from docx import Document

    data = render_docx(_response(), company="某某再保险有限公司", today=DAY, pipeline=hand_pipeline)
    assert data[:2] == b"PK"
    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "关于数据出境合规咨询的答复意见（草稿）"
    assert "某某再保险有限公司：" in paragraphs
    assert "一、结论" in paragraphs and "五、免责声明" in paragraphs
    assert paragraphs[-1] == "2026年5月4日"
    assert any(P5_ITEMS[3] in p for p in paragraphs)


def test_english_answer_is_restated_in_chinese() -> None:
    class Restating:
        corpus = HandCorpus()

        def restate(self, response: AskResponse, language: str) -> AskResponse:
            self.asked = (response.language, language)
            return _response()

    english = _response().model_copy(update={"language": "en"})
    restating = Restating()
    text = render_draft(english, today=DAY, pipeline=restating)  # type: ignore[arg-type]
    assert restating.asked == ("en", "zh")
    assert "## 一、结论" in text




def test_chinese_ordinals() -> None:
    from ingest.numerals import int_to_zh as zh_ordinal

    assert [zh_ordinal(n) for n in (1, 7, 10, 12, 20, 21)] == ["一", "七", "十", "十二", "二十", "二十一"]
