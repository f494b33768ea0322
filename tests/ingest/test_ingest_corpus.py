"""The repo corpus parses into the article counts its sources state, verbatim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ingest_testkit import CORPUS_TEXTS, MEASURES

from ingest.corpus import Corpus, load_corpus, split_front_matter

EXPECTED_COUNTS = {
    "sh-ftz-measures-2025": 21,
    "cac-provisions-2024": 14,
    "cac-assessment-measures-2022": 20,
    "cac-standard-contract-measures-2023": 13,
    "cac-certification-measures-2025": 19,
    "network-data-regulation-2024": 64,
    "pipl-2021": 74,
    "dsl-2021": 55,
    "csl-2016": 79,
    "ciio-regulation-2021": 51,
    "sh-data-regulation-2021": 91,
    "sh-ftz-reinsurance-guideline-sample": 4,  # illustrative guideline written for tests (issue 17)
}

ARTICLE_8 = (
    "第八条 在上海自由贸易试验区及临港新片区注册的数据处理者，属于已公布负面清单的行业、领域，向境外提供负面清单外的数据"
    "可以免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。"
)


def test_the_corpus_documents_are_indexed(repo_corpus: Corpus) -> None:
    assert set(repo_corpus.documents) == {*EXPECTED_COUNTS, "csl-2025-excerpt"}


@pytest.mark.parametrize(("doc_id", "count"), sorted(EXPECTED_COUNTS.items()))
def test_article_count_and_numbering(repo_corpus: Corpus, doc_id: str, count: int) -> None:
    numbers = [a.number for a in repo_corpus.articles_of(doc_id)]
    assert numbers == list(range(1, count + 1))


def test_csl_2025_excerpt_holds_articles_37_and_39_only(repo_corpus: Corpus) -> None:
    articles = repo_corpus.articles_of("csl-2025-excerpt")
    assert [a.number for a in articles] == [37, 39]
    art39 = articles[1]
    assert art39.text.startswith("第三十九条 关键信息基础设施的运营者在中华人民共和国境内运营中收集和产生的个人信息和重要数据应当在境内存储。")
    # The penalty-clause fragment after the HTML comment belongs to no article.
    assert len(art39.paragraphs) == 1
    assert "第三十九条规定" not in art39.text
    assert repo_corpus.documents["csl-2025-excerpt"].status == "partial"


def test_measures_structure(repo_corpus: Corpus) -> None:
    articles = repo_corpus.articles_of(MEASURES)
    assert len(articles) == 21
    chapters = list(dict.fromkeys(a.chapter for a in articles))
    assert chapters == ["第一章 总 则", "第二章 工作机制与职责", "第三章 负面清单实施与管理", "第四章 数据出境促进措施", "第五章 监督管理", "第六章 附 则"]
    assert repo_corpus.article(MEASURES, 8).text == ARTICLE_8
    assert repo_corpus.article(MEASURES, 8).chapter == "第三章 负面清单实施与管理"
    paragraphs = {a.number: len(a.paragraphs) for a in articles}
    assert (paragraphs[5], paragraphs[10], paragraphs[20], paragraphs[8]) == (3, 2, 4, 1)


def test_measures_paragraph_texts(repo_corpus: Corpus) -> None:
    art20 = repo_corpus.article(MEASURES, 20)
    assert art20.paragraphs[0].text.startswith("第二十条 负面清单和操作指引涉及的行业、领域中，如涉及《中华人民共和国出口管制法》")
    assert art20.paragraphs[2].text == "其他自贸区正式发布的数据出境负面清单，上海自贸试验区及临港新片区可参照执行。"
    art10 = repo_corpus.article(MEASURES, 10)
    assert art10.paragraphs[1].text.startswith("数据处理者向境外传输重要数据和个人信息，应当遵守法律、法规的规定")
    assert art10.text == "\n".join(p.text for p in art10.paragraphs)


def test_items_of_provisions_article_5(repo_corpus: Corpus) -> None:
    art5 = repo_corpus.article("cac-provisions-2024", 5)
    assert len(art5.paragraphs) == 2
    first = art5.paragraphs[0]
    assert [i.label for i in first.items] == ["（一）", "（二）", "（三）", "（四）"]
    assert [i.number for i in first.items] == [1, 2, 3, 4]
    assert first.items[3].text == "（四）关键信息基础设施运营者以外的数据处理者自当年1月1日起累计向境外提供不满10万人个人信息（不含敏感个人信息）的。"
    assert art5.paragraphs[1].text == "前款所称向境外提供的个人信息，不包括重要数据。"
    assert art5.paragraphs[1].items == []


def test_cross_reference_paragraph_is_not_a_heading(repo_corpus: Corpus) -> None:
    # P7¶2 begins "属于本规定第三条、第四条…": it stays a paragraph of article 7.
    art7 = repo_corpus.article("cac-provisions-2024", 7)
    assert art7.paragraphs[-1].text == "属于本规定第三条、第四条、第五条、第六条规定情形的，从其规定。"
    assert [i.label for i in art7.paragraphs[0].items] == ["（一）", "（二）"]


def test_sections_and_markdown_chapters(repo_corpus: Corpus) -> None:
    art40 = repo_corpus.article("pipl-2021", 38)
    assert art40.chapter == "第三章 个人信息跨境提供的规则"
    art28 = repo_corpus.article("pipl-2021", 28)
    assert art28.chapter == "第二章 个人信息处理规则"
    assert art28.section == "第二节 敏感个人信息的处理规则"
    assert repo_corpus.article("ciio-regulation-2021", 2).chapter == "第一章　总则"  # ideographic space kept


def test_annex_line_is_not_article_text(repo_corpus: Corpus) -> None:
    art13 = repo_corpus.article("cac-standard-contract-measures-2023", 13)
    assert "附件" not in art13.text
    assert art13.text.endswith("应当自本办法施行之日起6个月内完成整改。")


def test_pdf_damaged_certification_measures(repo_corpus: Corpus) -> None:
    doc = "cac-certification-measures-2025"
    texts = [a.text for a in repo_corpus.articles_of(doc)]
    assert not any("国家市场监督管理总局规章" in t or "- 1 -" in t or "总局发布" in t for t in texts)
    art1 = repo_corpus.article(doc, 1).text
    assert art1 == (
        "第一条 为了保护个人信息权益，规范个人信息出境认证活动，促进个人信息高效安全跨境流动，根据《中华人民共和国个人信息保护法》、"
        "《网络数据安全管理条例》、《中华人民共和国认证认可条例》等法律法规，制定本办法。"
    )
    art4 = repo_corpus.article(doc, 4)  # runs across the page break after "国家市场监督管"
    assert "国家市场监督管理部门会同国家网信部门制定个人信息保护认证规则" in art4.text
    art5 = repo_corpus.article(doc, 5)
    assert len(art5.paragraphs) == 4
    assert [i.label for i in art5.paragraphs[0].items] == ["（一）", "（二）"]
    art6 = repo_corpus.article(doc, 6)  # items continue on the next page
    assert [i.number for i in art6.paragraphs[0].items] == [1, 2, 3, 4, 5, 6]


def _visible(text: str) -> str:
    return re.sub(r"\s+", "", text)


# Page furniture of the certification Measures' PDF extraction, removed here by an independent rule.
_CERT_FURNITURE = re.compile(r"^\s*(- \d+ -|国家互联网信息办公室、国家市|场监督管理总局发布|国家互联网信息办公室、国家市场监督管理总局规章)\s*$", re.M)


@pytest.mark.parametrize("path", sorted(CORPUS_TEXTS.glob("*.md")), ids=lambda p: p.stem)
def test_article_wording_is_verbatim_from_the_file(repo_corpus: Corpus, path: Path) -> None:
    """Every article's characters (whitespace aside) appear in the corpus file exactly as written."""
    _meta, body = split_front_matter(path.read_text(encoding="utf-8"), path)
    if path.stem == "cac-certification-measures-2025":
        body = _CERT_FURNITURE.sub("", body)
    source = _visible(body)
    articles = repo_corpus.articles_of(path.stem)
    assert articles
    for article in articles:
        assert _visible(article.text) in source, article.id
        assert article.text.startswith(article.label)
        assert article.content_hash == article.hash_text(article.text)
        assert article.text == "\n".join(p.text for p in article.paragraphs)


def test_label_and_body_keep_the_source_spacing(repo_corpus: Corpus) -> None:
    for article in repo_corpus.articles.values():
        rest = article.text[len(article.label) :]
        assert rest[:1] in (" ", "\u3000"), article.id


def test_registry_lookups(repo_corpus: Corpus) -> None:
    assert repo_corpus.get(f"{MEASURES}#8").number == 8
    with pytest.raises(KeyError):
        repo_corpus.get(f"{MEASURES}#22")
    with pytest.raises(KeyError):
        repo_corpus.article("no-such-doc", 1)
    citation = repo_corpus.cite("cac-provisions-2024", 5, paragraph=1, item=4)
    assert citation.label == "第五条第一款第（四）项"
    assert citation.text == repo_corpus.article("cac-provisions-2024", 5).text
    assert citation.status == "in_force"
    with pytest.raises(ValueError):
        repo_corpus.cite("cac-provisions-2024", 5, paragraph=1, item=5)
    with pytest.raises(ValueError):
        repo_corpus.cite(MEASURES, 8, paragraph=2)
    assert [a.number for a in repo_corpus.articles_of("dsl-2021")][:3] == [1, 2, 3]
    assert repo_corpus.articles_of("nothing") == []


@pytest.mark.parametrize(
    ("name", "doc_id"),
    [
        ("sh-ftz-measures-2025", MEASURES), ("上海自贸区负面清单管理办法", MEASURES), ("负面清单管理办法", MEASURES),
        ("Shanghai Measures", MEASURES), ("the measures", MEASURES),
        ("《促进和规范数据跨境流动规定》", "cac-provisions-2024"), ("促进规定", "cac-provisions-2024"),
        ("CAC Provisions 2024", "cac-provisions-2024"), ("PIPL", "pipl-2021"), ("中华人民共和国个人信息保护法", "pipl-2021"),
        ("数据出境安全评估办法", "cac-assessment-measures-2022"), ("网络安全法（2016）", "csl-2016"),
    ],
)
def test_find_document(repo_corpus: Corpus, name: str, doc_id: str) -> None:
    found = repo_corpus.find_document(name)
    assert found is not None and found.doc_id == doc_id


def test_find_document_unknown(repo_corpus: Corpus) -> None:
    assert repo_corpus.find_document("民法典") is None


def test_statuses_and_notes(repo_corpus: Corpus) -> None:
    docs = repo_corpus.documents
    assert docs["csl-2016"].status == "superseded" and "art. 39" in (docs["csl-2016"].notes or "")
    for doc_id in ("cac-assessment-measures-2022", "cac-standard-contract-measures-2023"):
        assert docs[doc_id].status == "in_force"
        assert "art. 13" in (docs[doc_id].notes or "")
    assert all(d.title and d.source and d.issuer for d in docs.values())


def test_version_is_stable_and_tracks_wording(repo_corpus: Corpus, tmp_path: Path) -> None:
    again = load_corpus(CORPUS_TEXTS.parent)
    assert again.version == repo_corpus.version
    copy = tmp_path / "corpus" / "texts"
    copy.mkdir(parents=True)
    for path in CORPUS_TEXTS.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if path.stem == "dsl-2021":
            text = text.replace("本法自2021年9月1日起施行。", "本法自2021年9月2日起施行。")
        (copy / path.name).write_text(text, encoding="utf-8")
    changed = load_corpus(copy.parent)
    assert changed.version != repo_corpus.version
    assert changed.article("dsl-2021", 55).content_hash != repo_corpus.article("dsl-2021", 55).content_hash
