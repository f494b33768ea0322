"""The informative part of a long question: legal clauses kept in order, the asker's self-description dropped."""

from __future__ import annotations

from retrieval.clauses import clause_weight, informative_part, split_clauses


def test_clauses_split_at_chinese_and_latin_punctuation_but_not_inside_numbers() -> None:
    assert split_clauses("我们在临港注册，数据不在清单上。需要申报吗？") == ["我们在临港注册，", "数据不在清单上。", "需要申报吗？"]
    assert split_clauses("We send 1,500 records. Is a filing needed?") == ["We send 1,500 records.", " Is a filing needed?"]


def test_legal_clauses_outweigh_self_description_and_courtesy() -> None:
    assert clause_weight("您好，") == 0
    assert clause_weight("今年累计向境外提供了15万人的个人信息，") > clause_weight("我们是一家在苏州的制造企业，")


def test_long_question_keeps_the_substance_within_the_budget() -> None:
    question = ("您好，我们是一家总部在苏州、成立十多年的家电制造企业，在全国有很多门店，"
                "今年以来累计向境外总部提供了约120万名会员的个人信息，需要申报安全评估吗？")
    part = informative_part(question, 96, 48)
    assert "120万名会员的个人信息" in part and "需要申报安全评估吗" in part
    assert "您好" not in part and "门店" not in part
    assert sum(ch >= "\u2e80" for ch in part) <= 48


def test_short_question_is_left_whole() -> None:
    assert informative_part("负面清单由谁批准？", 96, 48) == "负面清单由谁批准？"
