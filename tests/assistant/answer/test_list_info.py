"""Questions about what a list holds are answered from the list (issue 17)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.answer.list_info import list_steps, question_entries
from assistant.lists.load import load_lists
from assistant.question.classify import Classifier


@pytest.fixture(scope="module")
def lists() -> list[Any]:
    return load_lists()


def _ids(entries: list[Any]) -> list[str]:
    return [e[3].id for e in entries]


def test_a_field_question_lists_the_field(lists: list[Any]) -> None:
    assert _ids(question_entries("再保险领域的负面清单列了哪些数据？", lists)) == [
        "RI-L-01", "RI-L-02", "RI-L-03", "RI-L-04", "RI-L-05", "RI-P-01", "RI-P-02", "RI-P-03", "RI-P-04"]
    assert _ids(question_entries("船员管理场景的负面清单有哪些数据", lists)) == ["SH-C-01", "SH-C-02", "SH-C-03", "SH-C-04"]


def test_a_data_question_gets_the_matching_items(lists: list[Any]) -> None:
    assert _ids(question_entries("is crew medical data on the shipping list?", lists)) == ["SH-C-02"]
    assert _ids(question_entries("船员护照扫描件在不在清单上？对应什么路径？", lists))[0] == "SH-C-01"


def test_steps_name_route_edition_and_status(lists: list[Any]) -> None:
    zh = list_steps("船员护照扫描件在不在清单上？", lists, "zh")[0]
    assert "个人信息出境标准合同" in zh.finding and "2024版" in zh.finding and "示例清单" in zh.finding
    assert zh.citation is not None and zh.citation.kind == "list_item"
    en = list_steps("is crew medical data on the shipping list?", lists, "en")[0]
    assert "edition 2024" in en.finding and "illustrative" in en.finding


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("再保险领域的负面清单列了哪些数据？", "zh"),
        ("船员护照扫描件在不在清单上？对应什么路径？", "zh"),
        ("is crew medical data on the shipping list?", "en"),
        ("What reinsurance data is on the negative list?", "en"),
    ],
)
def test_classified_as_list_contents(question: str, language: Any) -> None:
    c = Classifier().run(question, language)
    assert (c.kind, c.topic) == ("info", "list_contents")
    assert c.question == question and c.articles[0] == "sh-ftz-measures-2025#8"
