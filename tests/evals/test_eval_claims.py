"""The independent unsupported-claim check (evals.claims)."""

from __future__ import annotations

from evals.claims import article_labels_in, numbers_in, unsupported_claims
from ingest.numerals import parse_zh_numeral as cn_to_int

P5 = (
    "第五条 数据处理者向境外提供个人信息，符合下列条件之一的，免予申报数据出境安全评估……\n"
    "（四）关键信息基础设施运营者以外的数据处理者自当年1月1日起累计向境外提供不满10万人个人信息（不含敏感个人信息）的。"
)
P7 = "第七条 ……属于本规定第三条、第四条、第五条、第六条规定情形的，从其规定。"
M10 = "第十条 使用负面清单开展数据出境活动的数据处理者，应按照所属区域及时向上海自贸试验区管委会、临港新片区管委会报告数据出境情况。"


def test_chinese_numerals() -> None:
    assert [cn_to_int(t) for t in ("十", "二十一", "一百零一", "三")] == [10, 21, 101, 3]
    assert cn_to_int("abc") is None


def test_numbers_normalise_across_notations() -> None:
    assert {100_000.0} <= numbers_in("不满10万人")
    assert {100_000.0} <= numbers_in("fewer than 100,000 people")
    assert {100_000.0} <= numbers_in("about 100k people")
    assert {1_000_000.0} <= numbers_in("1 million people")
    assert {3.0} <= numbers_in("valid for three years")


def test_invented_deadline_is_flagged() -> None:
    answer = "使用负面清单的企业应在15个工作日内向管委会报告[1]。"
    claims = unsupported_claims(answer, [(10, M10, "管理办法")])
    assert [str(c) for c in claims] == ["number 15"]


def test_supported_numbers_and_labels_pass() -> None:
    answer = "根据第五条第一款第（四）项[1]，自当年1月1日起累计不满10万人的，可以免予申报。Under Article 5(4), fewer than 100,000 people."
    assert unsupported_claims(answer, [(5, P5, "促进和规范数据跨境流动规定")]) == []


def test_user_numbers_are_not_claims_about_the_law() -> None:
    answer = "贵司今年累计向境外提供了15万人的个人信息[1]。"
    assert unsupported_claims(answer, [(5, P5, "规定")], user_text="我们今年有15万人") == []
    assert [str(c) for c in unsupported_claims(answer, [(5, P5, "规定")])] == ["number 150000"]


def test_article_labels_need_a_cited_article_or_a_cross_reference() -> None:
    assert article_labels_in("第八条 and Articles 3 and 4, P7") == {8, 3, 4, 7}
    # P7 refers to 第三条…第六条, so naming Article 3 while citing P7 is supported; Article 9 is not.
    claims = unsupported_claims("见第七条和第三条；另见第九条。", [(7, P7, "规定")])
    assert [str(c) for c in claims] == ["article 9"]


def test_citation_markers_and_list_numbering_are_not_claims() -> None:
    answer = "1. 结论[1]\n2. 义务[2]\n- 条目 RI-L-01\n见 sh-ftz-measures-2025#8"
    assert unsupported_claims(answer, [(10, M10, "管理办法")]) == []


def test_a_list_editions_effective_date_is_a_name_not_a_claim() -> None:
    answer = "本结论适用：《清单（2024版）》；《清单（2027版）》（2027版，自2027-07-01起施行）：判断日尚未施行。"
    names = ["清单（2024版）", "清单（2027版）"]
    assert [str(c) for c in unsupported_claims(answer, [], names=names)] == ["number 1", "number 7"]
    assert unsupported_claims(answer, [], names=names, dates=["2027-07-01"]) == []
