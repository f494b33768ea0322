"""Cleaning PDF damage and finding structure, on small hand-written texts (one rule per test)."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.clean import Cleaner, clean_text
from ingest.models import Document
from ingest.structure import ParsedText, StructureParser


def _doc(status: str = "in_force") -> Document:
    return Document(doc_id="t", title="测试办法", short_title="测试办法", kind="measures", issuer="x",
                    issued=date(2025, 1, 1), status=status, source="test")  # type: ignore[arg-type]


def parse(text: str, status: str = "in_force") -> ParsedText:
    return StructureParser().run(Cleaner(allow_gaps=status == "partial").run(text), _doc(status))


def test_hard_breaks_join_without_spaces_and_blank_lines_vanish() -> None:
    text = "第一条 为保障国家数据安全，保护个人\n\n信息权益，制定本办法。\n\n第二条 本办法适用于\n\n   数据处理者。\n"
    parsed = parse(text)
    assert [a.text for a in parsed.articles] == ["第一条 为保障国家数据安全，保护个人信息权益，制定本办法。", "第二条 本办法适用于数据处理者。"]


def test_paragraph_ends_at_terminal_punctuation() -> None:
    text = "第一条 第一款的文字，\n继续。\n第二款的文字；\n还有。\n第二条 只有一款。"
    art1 = parse(text).articles[0]
    assert [p.text for p in art1.paragraphs] == ["第一条 第一款的文字，继续。", "第二款的文字；", "还有。"]


def test_closing_quote_after_full_stop_still_ends_the_paragraph() -> None:
    art = parse("第一条 他说：“完。”\n第二款。").articles[0]
    assert len(art.paragraphs) == 2


def test_page_numbers_and_running_headers_are_dropped() -> None:
    text = (
        "某某委员会规章\n\n第一条 这是第一条的文字，它很长\n很长。\n第二条 第二条开始，跨\n\n- 1 -\n\n"
        "某某委员会规章\n页眉第二行\n页面继续的文字。\n第三条 第三条。\n\n- 2 -\n某某委员会规章\n页眉第二行\n"
    )
    parsed = parse(text)
    assert [a.text for a in parsed.articles] == ["第一条 这是第一条的文字，它很长很长。", "第二条 第二条开始，跨页面继续的文字。", "第三条 第三条。"]


def test_repeated_prose_is_not_taken_for_a_running_header() -> None:
    para = "法律、行政法规另有规定的，依照其规定。"
    text = f"第一条 甲。\n{para}\n- 1 -\n第二条 乙。\n{para}\n- 2 -\n"
    parsed = parse(text)
    assert [a.paragraphs[-1].text for a in parsed.articles] == [para, para]


@pytest.mark.parametrize("page", ["- 3 -", "－ 3 －", "— 12 —", "第3页 共6页", "3 / 6", "7"])
def test_page_number_shapes(page: str) -> None:
    parsed = parse(f"第一条 开始\n{page}\n结束。")
    assert parsed.articles[0].text == "第一条 开始结束。"


def test_trailing_table_of_contents_is_dropped() -> None:
    text = "第一章 总 则\n第一条 甲。\n第二章 其他\n第二条 乙。\n\n\n\t第一章 总 则\n\t第二章其他\n"
    parsed = parse(text)
    assert parsed.chapters == ["第一章 总 则", "第二章 其他"]
    assert parsed.articles[-1].text == "第二条 乙。"


def test_leading_table_of_contents_is_dropped() -> None:
    text = "目 录\n第一章 总则\n第二章 附则\n第一章 总则\n第一条 甲。\n第二章 附则\n第二条 乙。"
    parsed = parse(text)
    assert parsed.chapters == ["第一章 总则", "第二章 附则"]
    assert parsed.preamble == []


def test_page_break_indentation_inside_a_sentence() -> None:
    text = "第七条 上海市互联网信息办公室、上海市数据局、上海市发展和改\n 革委员会应当根据各自职责，加强指导。"
    assert parse(text).articles[0].text == "第七条 上海市互联网信息办公室、上海市数据局、上海市发展和改革委员会应当根据各自职责，加强指导。"


@pytest.mark.parametrize(
    "reference",
    [
        "第三条、第四条、第五条、第六条规定情形的，从其规定。",
        "第十条规定的情形除外。",
        "第二条第四项规定的机构外。",
        "第二条的规定适用。",
    ],
)
def test_cross_reference_at_paragraph_start_is_not_a_heading(reference: str) -> None:
    parsed = parse(f"第一条 甲。\n第二条 乙。\n{reference}\n第三条 丙。")
    assert [a.number for a in parsed.articles] == [1, 2, 3]
    assert parsed.articles[1].paragraphs[-1].text == reference


def test_reference_broken_onto_a_line_start_is_joined() -> None:
    text = "第一条 甲。\n第二条 依照本办法\n第一条 的规定办理。\n第三条 丙。"
    parsed = parse(text)
    assert [a.number for a in parsed.articles] == [1, 2, 3]
    assert parsed.articles[1].text == "第二条 依照本办法第一条 的规定办理。"


def test_unexpected_number_is_not_a_heading() -> None:
    # "第十条" right after article 2 is out of sequence: a reference that happens to open a paragraph.
    parsed = parse("第一条 甲。\n第二条 乙。\n第十条 规定的事项，从其规定。\n第三条 丙。")
    assert [a.number for a in parsed.articles] == [1, 2, 3]
    assert len(parsed.articles[1].paragraphs) == 2


def test_partial_documents_allow_gaps() -> None:
    text = "第三十七条 甲。\n\n第三十九条 乙。"
    assert [a.number for a in parse(text, "partial").articles] == [37, 39]
    assert [a.number for a in parse(text).articles] == [37]


def test_hundreds() -> None:
    lines = [f"第{n}条 文字{n}。" for n in ("九十九", "一百", "一百零一", "一百零二", "一百一十")]
    lines[-1] = "第一百零三条 文字。"
    parsed = parse("\n".join(lines))
    assert [(a.number, a.label) for a in parsed.articles] == [(99, "第九十九条"), (100, "第一百条"), (101, "第一百零一条"), (102, "第一百零二条"), (103, "第一百零三条")]


def test_tight_heading_without_space() -> None:
    parsed = parse("第一条为了规范活动，制定本办法。\n第二条本办法适用于数据处理者。")
    assert [a.number for a in parsed.articles] == [1, 2]


def test_label_alone_on_its_line_joins_its_text_with_one_space() -> None:
    parsed = parse("第一条\n为保障国家数据安全，\n制定本办法。\n第二条\n本办法适用。")
    assert [a.text for a in parsed.articles] == ["第一条 为保障国家数据安全，制定本办法。", "第二条 本办法适用。"]


def test_ideographic_space_after_label_is_kept() -> None:
    assert parse("第一条\u3000为了规范。").articles[0].text == "第一条\u3000为了规范。"


def test_items_belong_to_the_paragraph_that_introduces_them() -> None:
    text = (
        "第五条 符合下列条件之一的，免予申报：\n（一）为订立、履行个人作为一方当事人的合\n同，确需提供的；\n"
        "(二)紧急情况下确需提供的。\n前款所称个人信息，不包括重要数据。"
    )
    art = parse(text).articles[0]
    assert len(art.paragraphs) == 2
    items = art.paragraphs[0].items
    assert [(i.number, i.label) for i in items] == [(1, "（一）"), (2, "(二)")]
    assert items[0].text == "（一）为订立、履行个人作为一方当事人的合同，确需提供的；"
    assert art.paragraphs[0].text.count("\n") == 2


def test_item_marker_inside_a_broken_sentence_is_not_an_item() -> None:
    art = parse("第一条 依照前款第\n（一）项规定处理。").articles[0]
    assert art.text == "第一条 依照前款第（一）项规定处理。"
    assert art.paragraphs[0].items == []


def test_markdown_chapters_sections_and_comments() -> None:
    text = (
        "# 某法\n\n2021年8月20日 通过\n\n<!-- INFO END -->\n\n## 第一章 总 则\n\n第一条 甲。\n\n"
        "## 第二章 规则\n\n### 第一节 一般规定\n\n第二条 乙。\n\n### 第二节 特别规定\n\n第三条 丙。\n"
    )
    parsed = parse(text)
    assert parsed.chapters == ["第一章 总 则", "第二章 规则"]
    assert [(a.chapter, a.section) for a in parsed.articles] == [
        ("第一章 总 则", None), ("第二章 规则", "第一节 一般规定"), ("第二章 规则", "第二节 特别规定"),
    ]
    assert parsed.preamble == ["# 某法", "2021年8月20日 通过"]


def test_comment_line_closes_the_article() -> None:
    parsed = parse("第三十九条 甲。\n\n<!-- 以下不属于条文 -->\n（片段：）\n第三十九条规定，乙。", "partial")
    assert [a.text for a in parsed.articles] == ["第三十九条 甲。"]


def test_annex_ends_the_articles() -> None:
    parsed = parse("第十三条 本办法自公布之日起施行。\n附件： 标准合同.pdf\n合同正文。")
    assert parsed.articles[0].text == "第十三条 本办法自公布之日起施行。"


def test_latin_words_keep_a_space_numbers_do_not() -> None:
    art = parse("第一条 the Personal\nInformation rule 10\n0 persons。").articles[0]
    assert art.text == "第一条 the Personal Information rule 100 persons。"


def test_cleaning_is_idempotent_on_the_repo_corpus() -> None:
    from ingest_testkit import CORPUS_TEXTS

    from ingest.corpus import split_front_matter

    for path in CORPUS_TEXTS.glob("*.md"):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"), path)
        gaps = meta["status"] == "partial"
        once = clean_text(body, allow_gaps=gaps)
        assert clean_text(once, allow_gaps=gaps) == once, path.name


def test_crlf_and_form_feeds() -> None:
    parsed = parse("第一条 甲，\r\n乙。\f第二条 丙。\r")
    assert [a.text for a in parsed.articles] == ["第一条 甲，乙。", "第二条 丙。"]


def test_chapter_reference_at_a_line_start_is_prose() -> None:
    parsed = parse("第一章 总则\n第一条 依照本法\n第二章 规定的事项，从其规定。\n第二章 附则\n第二条 乙。")
    assert parsed.chapters == ["第一章 总则", "第二章 附则"]
    assert parsed.articles[0].text == "第一条 依照本法第二章 规定的事项，从其规定。"
