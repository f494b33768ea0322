"""Small corpora for retrieval tests: a few real articles (verbatim from the sources) in a Corpus-shaped object.

A uniquely named module (not conftest) so test files can import it without clashing with other packages' conftests.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from ingest.models import Article, Document, DocumentKind, DocumentStatus, Paragraph


@dataclass
class MiniCorpus:
    """Implements the parts of `ingest.corpus.Corpus` that retrieval uses (documents, articles, version)."""

    documents: dict[str, Document] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)

    @property
    def version(self) -> str:
        h = hashlib.sha256()
        for article in self.articles.values():
            h.update(f"{article.id}:{article.content_hash}".encode())
        return h.hexdigest()

    def add_document(
        self,
        doc_id: str,
        title: str,
        short_title: str,
        *,
        kind: DocumentKind = "measures",
        status: DocumentStatus = "in_force",
        effective: date | None = None,
        repealed: date | None = None,
        aliases: tuple[str, ...] = (),
    ) -> Document:
        doc = Document(
            doc_id=doc_id, title=title, short_title=short_title, kind=kind, issuer="test", effective=effective,
            repealed=repealed, status=status, source="tests", aliases=list(aliases),
        )
        self.documents[doc_id] = doc
        return doc

    def add_article(self, doc: Document, number: int, label: str, text: str, chapter: str | None = None) -> Article:
        paragraphs = [Paragraph(number=i + 1, text=t) for i, t in enumerate(text.split("\n"))]
        article = Article(
            id=f"{doc.doc_id}#{number}", doc_id=doc.doc_id, number=number, label=label, chapter=chapter, text=text,
            paragraphs=paragraphs, content_hash=Article.hash_text(text), document=doc,
        )
        self.articles[article.id] = article
        return article


M_TITLE = "中国（上海）自由贸易试验区及临港新片区数据出境负面清单管理办法（试行）"


def build_mini_corpus() -> MiniCorpus:
    c = MiniCorpus()
    m = c.add_document("sh-ftz-measures-2025", M_TITLE, "上海自贸区负面清单管理办法", effective=date(2025, 2, 8),
                       aliases=("Shanghai Measures",))
    c.add_article(m, 2, "第二条",
                  "第二条 在上海自贸试验区及临港新片区内注册且在上海自贸试验区及临港新片区内开展数据出境活动的数据处理者，"
                  "以及相关促进、保障、监管工作，适用本办法。法律、法规和规章另有规定的，依照其规定执行。", "第一章 总 则")
    c.add_article(m, 8, "第八条",
                  "第八条 在上海自由贸易试验区及临港新片区注册的数据处理者，属于已公布负面清单的行业、领域，向境外提供负面清单外的数据"
                  "可以免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。", "第三章 负面清单实施与管理")
    c.add_article(m, 10, "第十条",
                  "第十条 使用负面清单开展数据出境活动的数据处理者，应按照所属区域及时向上海自贸试验区管委会、临港新片区管委会报告数据出境情况，"
                  "包括但不限于数据出境业务场景、出境数据目录、出境数据规模、境外接收方等情况。\n"
                  "数据处理者向境外传输重要数据和个人信息，应当遵守法律、法规的规定，履行数据安全保护义务，采取技术措施和其他必要措施，保障数据出境安全。"
                  "发生数据出境安全事件或者发现数据出境安全风险增大的，应当采取补救措施，并及时向上海市互联网信息办公室、上海市数据局、"
                  "上海市公安局、上海市国家安全局、上海自贸试验区管委会、临港新片区管委会报告。", "第三章 负面清单实施与管理")
    p = c.add_document("cac-provisions-2024", "促进和规范数据跨境流动规定", "促进和规范数据跨境流动规定", kind="regulation",
                       effective=date(2024, 3, 22), aliases=("促进规定", "the Provisions"))
    c.add_article(p, 5, "第五条",
                  "第五条 数据处理者向境外提供个人信息，符合下列条件之一的，免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证：\n"
                  "（一）为订立、履行个人作为一方当事人的合同，如跨境购物、跨境寄递、跨境汇款、跨境支付、跨境开户、机票酒店预订、签证办理、考试服务等，确需向境外提供个人信息的；\n"
                  "（二）按照依法制定的劳动规章制度和依法签订的集体合同实施跨境人力资源管理，确需向境外提供员工个人信息的；\n"
                  "（三）紧急情况下为保护自然人的生命健康和财产安全，确需向境外提供个人信息的；\n"
                  "（四）关键信息基础设施运营者以外的数据处理者自当年1月1日起累计向境外提供不满10万人个人信息（不含敏感个人信息）的。\n"
                  "前款所称向境外提供的个人信息，不包括重要数据。")
    c.add_article(p, 7, "第七条",
                  "第七条 数据处理者向境外提供数据，符合下列条件之一的，应当通过所在地省级网信部门向国家网信部门申报数据出境安全评估：\n"
                  "（一）关键信息基础设施运营者向境外提供个人信息或者重要数据；\n"
                  "（二）关键信息基础设施运营者以外的数据处理者向境外提供重要数据，或者自当年1月1日起累计向境外提供100万人以上个人信息（不含敏感个人信息）或者1万人以上敏感个人信息。\n"
                  "属于本规定第三条、第四条、第五条、第六条规定情形的，从其规定。")
    c.add_article(p, 8, "第八条",
                  "第八条 关键信息基础设施运营者以外的数据处理者自当年1月1日起累计向境外提供10万人以上、不满100万人个人信息（不含敏感个人信息）"
                  "或者不满1万人敏感个人信息的，应当依法与境外接收方订立个人信息出境标准合同或者通过个人信息保护认证。\n"
                  "属于本规定第三条、第四条、第五条、第六条规定情形的，从其规定。")
    pipl = c.add_document("pipl-2021", "中华人民共和国个人信息保护法", "个人信息保护法", kind="law", effective=date(2021, 11, 1),
                          aliases=("PIPL",))
    c.add_article(pipl, 39, "第三十九条",
                  "第三十九条 个人信息处理者向中华人民共和国境外提供个人信息的，应当向个人告知境外接收方的名称或者姓名、联系方式、处理目的、处理方式、"
                  "个人信息的种类以及个人向境外接收方行使本法规定权利的方式和程序等事项，并取得个人的单独同意。", "第三章 个人信息跨境提供的规则")
    csl = c.add_document("csl-2016", "中华人民共和国网络安全法", "网络安全法（2016）", kind="law", status="superseded",
                         effective=date(2017, 6, 1), repealed=date(2026, 1, 1))
    c.add_article(csl, 37, "第三十七条",
                  "第三十七条 关键信息基础设施的运营者在中华人民共和国境内运营中收集和产生的个人信息和重要数据应当在境内存储。"
                  "因业务需要，确需向境外提供的，应当按照国家网信部门会同国务院有关部门制定的办法进行安全评估；法律、行政法规另有规定的，依照其规定。")
    return c
