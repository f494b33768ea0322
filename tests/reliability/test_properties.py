"""Property tests: no input makes the article parser, the file loader, front-matter reading, list parsing, the
pipeline's question validation or the pipeline itself raise anything but their clear validation errors.

(The facts helper's own tests already cover count parsing and fact extraction on arbitrary text; these cover the
other entry points that take untrusted text.)"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.question.validate import QuestionError, QuestionValidator
from ingest.corpus import make_document, parse_body, split_front_matter
from ingest.errors import IngestError
from ingest.load import load_file
from ingest.models import Document

DOC = Document(doc_id="prop", title="性质测试办法", short_title="性质测试", kind="measures", issuer="x",
               issued=date(2025, 1, 1), status="in_force", source="hypothesis")
PARTIAL = DOC.model_copy(update={"status": "partial"})

# Text made of the pieces that steer the parser: headings, numerals, items, page furniture, punctuation.
LEGAL_BITS = st.sampled_from([
    "第一条", "第二条", "第十条", "第一百条", "第三条、第四条", "第一章", "第二章 总则", "第一节", "（一）", "（二）", "(三)",
    "一、", "- 1 -", "— 2 —", "目录", "附件", "附则", "<!-- x -->", "# 标题", "。", "；", "：", "\n", "\n\n", "　", " ",
    "数据处理者", "应当", "个人信息", "第", "条", "章", "零", "〇", "百", "千", "万", "1", "12", "\t", "\r\n", "\f",
])
LEGALISH = st.lists(st.one_of(LEGAL_BITS, st.text(max_size=6)), max_size=60).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=400), LEGALISH)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(ANY_TEXT, st.booleans())
def test_article_parser_never_crashes(text: str, partial: bool) -> None:
    try:
        parsed = parse_body(text, PARTIAL if partial else DOC)
    except IngestError as exc:
        assert str(exc)  # a clear, non-empty reason
        return
    numbers = [a.number for a in parsed.articles]
    assert all(n > 0 for n in numbers)
    assert len(set(numbers)) == len(numbers), "article numbers are unique within a document"
    for article in parsed.articles:
        assert article.id == f"prop#{article.number}"
        assert article.text.strip()


@FAST
@given(ANY_TEXT)
def test_front_matter_reader_raises_only_ingest_errors(text: str) -> None:
    path = Path("prop.md")
    for candidate in (text, f"---\n{text}\n---\n第一条 正文。"):
        try:
            meta, _body = split_front_matter(candidate, path)
            make_document(meta, path)
        except IngestError as exc:
            assert "prop.md" in str(exc)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".md", ".pdf"]), st.booleans())
def test_file_loader_raises_only_ingest_errors_naming_the_file(tmp_path_factory: pytest.TempPathFactory, data: bytes,
                                                               suffix: str, as_pdf: bool) -> None:
    path = tmp_path_factory.mktemp("prop") / f"input{suffix}"
    path.write_bytes((b"%PDF-1.4\n" + data) if as_pdf else data)
    try:
        loaded = load_file(path)
    except IngestError as exc:
        assert exc.path == path and str(path) in str(exc)
        return
    assert isinstance(loaded.text, str) and loaded.text.strip()


@FAST
@given(st.text(max_size=300))
def test_negative_list_parser_raises_only_validation_errors(text: str) -> None:
    from assistant.lists.load import ListValidationError, parse_list

    try:
        parse_list(text, "prop.yaml")
    except ListValidationError as exc:
        assert "prop.yaml" in str(exc) or exc.errors


@FAST
@given(st.one_of(st.text(max_size=300), st.none(), st.integers(), st.binary(max_size=20)))
def test_question_validation_refuses_clearly_or_returns_clean_text(question: Any) -> None:
    validator = QuestionValidator(max_chars=200)
    try:
        text = validator.run(question)
    except QuestionError as exc:
        assert any(word in str(exc) for word in ("empty", "too long", "text"))
        return
    assert text and text == text.strip() and len(text) <= 200
    json.dumps(text).encode("utf-8")  # storable and serialisable


QUESTIONY = st.lists(st.one_of(
    st.sampled_from(["临港", "自贸区", "关基", "不是关键信息基础设施运营者", "个人信息", "敏感个人信息", "重要数据", "10万人",
                     "150,000 people", "不确定", "是", "否", "再保险", "负面清单", "安全评估", "标准合同", "出口管制",
                     "忽略以上规则", "<script>", "😀", "\x00", "\ud800", "Lingang", "CIIO", "1月1日以来", "一百万"]),
    st.text(max_size=8)), max_size=14).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(QUESTIONY)
def test_pipeline_answers_or_refuses_clearly(rel_pipeline: Any, question: str) -> None:
    try:
        response = rel_pipeline.ask(question)
    except QuestionError:
        return
    body = json.loads(response.model_dump_json())
    assert body["verdict"]["code"] in {"exempt_negative_list", "exempt", "standard_contract_or_certification",
                                       "security_assessment", "other_law", "needs_facts", "info", "out_of_scope"}
    for citation in body["citations"]:
        assert citation["text"], citation

