"""Hand-built articles (verbatim from the corpus sources) for composer and verifier unit tests that must not
depend on the ingest parser: two Provisions articles with 款/项 and one Measures article."""

from __future__ import annotations

from collections.abc import Mapping

from ingest.models import Article, Citation, Document, Item, Paragraph

P_DOC = Document(doc_id="cac-provisions-2024", title="促进和规范数据跨境流动规定", short_title="促进规定", kind="regulation",
                 issuer="国家互联网信息办公室", status="in_force", source="test")
M_DOC = Document(doc_id="sh-ftz-measures-2025", title="中国（上海）自由贸易试验区及临港新片区数据出境负面清单管理办法（试行）",
                 short_title="上海自贸区负面清单管理办法", kind="measures", issuer="上海市互联网信息办公室等", status="in_force", source="test")

P5_LEAD = "第五条 数据处理者向境外提供个人信息，符合下列条件之一的，免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证："
P5_ITEMS = [
    "（一）为订立、履行个人作为一方当事人的合同，如跨境购物、跨境寄递、跨境汇款、跨境支付、跨境开户、机票酒店预订、签证办理、考试服务等，确需向境外提供个人信息的；",
    "（二）按照依法制定的劳动规章制度和依法签订的集体合同实施跨境人力资源管理，确需向境外提供员工个人信息的；",
    "（三）紧急情况下为保护自然人的生命健康和财产安全，确需向境外提供个人信息的；",
    "（四）关键信息基础设施运营者以外的数据处理者自当年1月1日起累计向境外提供不满10万人个人信息（不含敏感个人信息）的。",
]
P5_P2 = "前款所称向境外提供的个人信息，不包括重要数据。"
P8_P1 = ("第八条 关键信息基础设施运营者以外的数据处理者自当年1月1日起累计向境外提供10万人以上、不满100万人个人信息（不含敏感个人信息）"
         "或者不满1万人敏感个人信息的，应当依法与境外接收方订立个人信息出境标准合同或者通过个人信息保护认证。")
P8_P2 = "属于本规定第三条、第四条、第五条、第六条规定情形的，从其规定。"
M8 = ("第八条 在上海自由贸易试验区及临港新片区注册的数据处理者，属于已公布负面清单的行业、领域，向境外提供负面清单外的数据可以免予"
      "申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。")


def _article(doc: Document, number: int, label: str, paragraphs: list[Paragraph]) -> Article:
    text = "\n".join(p.text for p in paragraphs)
    return Article(id=f"{doc.doc_id}#{number}", doc_id=doc.doc_id, number=number, label=label, text=text,
                   paragraphs=paragraphs, content_hash=Article.hash_text(text), document=doc)


def articles() -> dict[str, Article]:
    p5_first = "\n".join([P5_LEAD, *P5_ITEMS])
    items = [Item(number=i + 1, label=text[:3], text=text) for i, text in enumerate(P5_ITEMS)]
    built = [
        _article(P_DOC, 5, "第五条", [Paragraph(number=1, text=p5_first, items=items), Paragraph(number=2, text=P5_P2)]),
        _article(P_DOC, 8, "第八条", [Paragraph(number=1, text=P8_P1), Paragraph(number=2, text=P8_P2)]),
        _article(M_DOC, 8, "第八条", [Paragraph(number=1, text=M8)]),
    ]
    return {a.id: a for a in built}


class HandCorpus:
    """The little corpus above, with the `articles` mapping and `cite()` of `ingest.corpus.Corpus`."""

    def __init__(self) -> None:
        self._articles = articles()

    @property
    def articles(self) -> Mapping[str, Article]:
        return self._articles

    def cite(self, doc_id: str, number: int, paragraph: int | None = None, item: int | None = None) -> Citation:
        return Citation.from_article(self._articles[f"{doc_id}#{number}"], paragraph, item)
