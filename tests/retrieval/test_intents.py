from __future__ import annotations

import pytest

from retrieval.intents import class_wording, question_classes
from retrieval.query import expand_query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("境外同事出差时在国内办公室登录系统查看数据，这算不算出境？", "counts_as_export"),
        ("Does remote access from our US office count as a cross-border transfer?", "counts_as_export"),
        ("旧办法里的门槛还有效吗？", "which_rule_prevails"),
        ("Is the 2023 contract threshold still valid?", "which_rule_prevails"),
        ("我们的评估结果什么时候到期？", "validity_period"),
        ("Can we extend our approval?", "validity_period"),
        ("我们是天津自贸区的企业，清单外的数据要申报吗？", "other_free_trade_zone"),
        ("We are in the Hainan free trade port and our data is off the Hainan negative list.", "other_free_trade_zone"),
        ("临港的企业能不能参照北京自贸区的清单？", "shanghai_uses_other_zone_list"),
        ("公司注册在临港，但实际的出境操作由苏州的团队完成，能用清单吗？", "zone_registration_vs_operation"),
        ("通过了安全评估以后想增加一个境外接收方，怎么办？", "change_after_approval"),
        ("我们已被认定为关键信息基础设施运营者，员工信息能出境吗？", "ciio_operator"),
        ("A hospital designated as a CIIO wants to share 500 patients' records abroad.", "ciio_operator"),
    ],
)
def test_question_classes(query: str, expected: str) -> None:
    assert expected in question_classes(query)


@pytest.mark.parametrize(
    "query",
    [
        "我们要向境外提供10万人的客户信息，需要签标准合同吗？",
        "Do we need a security assessment for 2 million users?",
        "标准合同有效期内境外接收方变了怎么办？",  # within the term: a change, not an expiry
        "我们在北京海淀，不在自贸区，要备案吗？",  # a city that has an FTZ, but the company is not in it
    ],
)
def test_no_class_for_plain_questions(query: str) -> None:
    assert "validity_period" not in question_classes(query)
    assert "other_free_trade_zone" not in question_classes(query)
    assert "counts_as_export" not in question_classes(query)


def test_other_zone_wording_depends_on_the_shanghai_side() -> None:
    assert "负面清单外的数据" in class_wording("我们是天津自贸区的企业")
    assert "参照执行" in class_wording("临港企业能用天津自贸区的清单吗")
    assert "负面清单外的数据" not in class_wording("临港企业能用天津自贸区的清单吗")


def test_expansion_carries_the_class_wording_once() -> None:
    expanded = expand_query("这算不算出境？")
    assert expanded.startswith("这算不算出境？")
    assert expanded.count("向中华人民共和国境外提供个人信息") == 1


@pytest.mark.parametrize("query", ["我们不是关基，要签标准合同吗？", "We are not a CIIO; is a contract enough?", "没有被认定为关键信息基础设施运营者"])
def test_negated_ciio_status_is_no_ciio_question(query: str) -> None:
    assert "ciio_operator" not in question_classes(query)
