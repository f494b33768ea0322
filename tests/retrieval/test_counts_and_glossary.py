from __future__ import annotations

import pytest

from retrieval.counts import bracket_terms, people_counts
from retrieval.glossary import expand_english, expand_lay_chinese
from retrieval.query import expand_query


@pytest.mark.parametrize(
    ("query", "counts"),
    [
        ("一年内往境外传15万人的客户信息", [150_000]),
        ("已经传了一百多万人的个人信息", [1_000_000]),
        ("只有几千人的敏感个人信息", [5000]),
        ("五十万会员的数据", [500_000]),
        ("10万+用户", [100_000]),
        ("We will share 200,000 customers' data", [200_000]),
        ("more than one million people", [1_000_000]),
        ("150k users", [150_000]),
        ("over 1.2 million users", [1_200_000]),
        ("第二十条第一款", []),
        ("第13条", []),
        ("2024年3月", []),
    ],
)
def test_people_counts(query: str, counts: list[int]) -> None:
    assert people_counts(query) == counts


def test_brackets_follow_the_statutory_thresholds() -> None:
    assert bracket_terms("15万人的客户信息") == "累计10万人以上、不满100万人个人信息"
    assert bracket_terms("120万用户") == "累计100万人以上个人信息"
    assert bracket_terms("3万人") == "累计不满10万人个人信息"
    assert bracket_terms("两万人的敏感个人信息") == "1万人以上敏感个人信息"
    assert bracket_terms("5000 patients' health records") == "不满1万人敏感个人信息"
    assert bracket_terms("数据出境要申报吗") == ""


def test_glossaries_map_to_legal_wording() -> None:
    assert expand_english("Do we need a security assessment for personal information?") == "安全评估 个人信息"
    assert "标准合同" in expand_english("standard contract")
    assert expand_lay_chinese("把客户资料传到国外") == "个人信息 提供 境外"
    assert expand_lay_chinese("第八条") == ""


def test_expand_query_keeps_the_question_first() -> None:
    expanded = expand_query("员工资料发到海外总部")
    assert expanded.startswith("员工资料发到海外总部 ")
    assert "人力资源管理" in expanded and "境外" in expanded
    assert expand_query("第八条") == "第八条"


def test_english_inflections_expand_like_the_base_word() -> None:
    from retrieval.glossary import expand_english

    assert expand_english("Who approves the negative list?") == expand_english("Who approve the negative list?")
    assert "解释" in expand_english("Which body interprets the Shanghai FTZ Measures?")
    assert "报告" in expand_english("The zone administration reported it")


def _regex_expand_english(query: str) -> str:
    """The regex formulation `expand_english` replaced (one compiled pattern per phrase): the reference."""
    import re

    from retrieval.glossary import _ORDERED, EN_ZH_TERMS

    text = query.lower()
    found: list[tuple[int, str]] = []
    for phrase in _ORDERED:
        pattern = re.compile(rf"(?<![a-z]){re.escape(phrase)}(?:s|es|d|ed)?(?![a-z])")
        found += [(m.start(), EN_ZH_TERMS[phrase]) for m in pattern.finditer(text)]
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    found.sort()
    return " ".join(zh for _, zh in found)


def test_expand_english_matches_the_regex_formulation_on_every_known_question() -> None:
    from pathlib import Path

    import yaml

    from retrieval.glossary import expand_english

    evals = Path(__file__).resolve().parents[2] / "evals"
    questions: list[str] = []
    for path in [*evals.glob("retrieval_*.yaml"), *(evals / "cases").glob("*.yaml")]:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("questions", []) + data.get("cases", []):
            if isinstance(item.get("question"), str):
                questions.append(item["question"])
    questions += ["Reported approvals; the approves-approved", "transfers transferred transferring", "a hr-led ftz's"]
    assert len(questions) > 300
    for q in questions:
        assert expand_english(q) == _regex_expand_english(q), q
