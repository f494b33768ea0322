from __future__ import annotations

import pytest
from retrieval_testkit import MiniCorpus

from retrieval.refs import ReferenceParser, zh_to_int


@pytest.mark.parametrize(
    ("text", "value"),
    [("八", 8), ("十", 10), ("十一", 11), ("二十", 20), ("三十九", 39), ("一百", 100), ("一百零一", 101), ("九十一", 91), ("12", 12)],
)
def test_zh_to_int(text: str, value: int) -> None:
    assert zh_to_int(text) == value


def test_zh_to_int_rejects_non_numerals() -> None:
    with pytest.raises(ValueError):
        zh_to_int("条")


@pytest.mark.parametrize(
    ("query", "doc_id", "number", "paragraph", "item"),
    [
        ("第八条是什么意思", "sh-ftz-measures-2025", 8, None, None),
        ("第二十条第一款", "sh-ftz-measures-2025", 20, 1, None),
        ("促进规定第五条", "cac-provisions-2024", 5, None, None),
        ("《促进和规范数据跨境流动规定》第五条第一款第（四）项", "cac-provisions-2024", 5, 1, 4),
        ("个人信息保护法的第三十九条", "pipl-2021", 39, None, None),
        ("Article 8 of the Shanghai Measures", "sh-ftz-measures-2025", 8, None, None),
        ("PIPL art. 39", "pipl-2021", 39, None, None),
        ("what does Art. 5(1) of the Provisions require", "cac-provisions-2024", 5, 1, None),
        ("P5", "cac-provisions-2024", 5, None, None),
        ("M10 reporting", "sh-ftz-measures-2025", 10, None, None),
        ("what does PIPL 39 require", "pipl-2021", 39, None, None),
    ],
)
def test_references_resolve_document_and_numbers(
    mini_corpus: MiniCorpus, query: str, doc_id: str, number: int, paragraph: int | None, item: int | None
) -> None:
    refs = ReferenceParser(mini_corpus.documents.values()).parse(query)
    assert len(refs) == 1
    ref = refs[0]
    assert ref.doc_ids[0] == doc_id
    assert (ref.number, ref.paragraph) == (number, paragraph)
    if item is not None:
        assert ref.item == item


def test_several_references_in_order(mini_corpus: MiniCorpus) -> None:
    refs = ReferenceParser(mini_corpus.documents.values()).parse("促进规定第七条和第八条有什么区别")
    assert [(r.doc_ids[0], r.number) for r in refs] == [("cac-provisions-2024", 7), ("cac-provisions-2024", 8)]


def test_no_reference_in_plain_questions(mini_corpus: MiniCorpus) -> None:
    parser = ReferenceParser(mini_corpus.documents.values())
    assert parser.parse("我们要把员工信息传到海外总部，需要申报吗？") == []
    assert parser.parse("Do we need a security assessment for 200,000 customers?") == []


def test_shorthand_for_documents_missing_from_the_corpus_is_ignored(mini_corpus: MiniCorpus) -> None:
    # A (the Assessment Measures) is not in the mini corpus, so "A4" must not resolve to anything.
    assert ReferenceParser(mini_corpus.documents.values()).parse("A4 thresholds") == []


def test_numbers_after_a_name_that_are_not_articles_are_ignored(mini_corpus: MiniCorpus) -> None:
    parser = ReferenceParser(mini_corpus.documents.values())
    assert [r.number for r in parser.parse("PIPL art. 39")] == [39]  # not counted twice
    assert parser.parse("PIPL 1.5 million people") == []


def test_without_document_names_blanks_specific_names_only(mini_corpus: MiniCorpus) -> None:
    parser = ReferenceParser(mini_corpus.documents.values())
    assert parser.without_document_names("促进规定第五条说了什么") == " 第五条说了什么"
    assert parser.without_document_names("What are the penalties under the Shanghai Measures?").split() == [
        "What", "are", "the", "penalties", "under", "the", "?"
    ]
    # Generic words name no document and stay.
    assert parser.without_document_names("本办法由谁解释") == "本办法由谁解释"
