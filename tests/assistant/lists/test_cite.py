"""List items are cited like articles (issue 17) and checked against the loaded list."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.lists.cite import (
    check_item_citation,
    cites_illustrative_list,
    item_citation,
    says_illustrative,
)
from assistant.lists.load import load_lists
from ingest.models import Citation


@pytest.fixture(scope="module")
def lists() -> list[Any]:
    return load_lists()


def _crew(lists: list[Any]) -> Citation:
    lst = lists[0]
    entry = lst.find_item("SH-C-01")
    assert entry is not None
    return item_citation(lst, *entry)


def test_citation_shape(lists: list[Any]) -> None:
    c = _crew(lists)
    assert c.id == "sh-ftz-negative-list-2024-sample#SH-C-01"
    assert c.kind == "list_item" and c.title == lists[0].title and c.status == "illustrative"
    assert c.label == "国际航运 / 船员管理 / SH-C-01"
    assert c.text == "船员身份信息／证件信息：船员护照、海员证、身份证件号码及证件扫描件"


def test_article_citations_keep_their_kind() -> None:
    c = Citation(id="d#1", doc_id="d", title="t", article=1, label="第一条", text="x", status="in_force")
    assert c.kind == "article"


def test_check_accepts_the_item_and_rejects_edits(lists: list[Any]) -> None:
    c = _crew(lists)
    assert check_item_citation(lists, c) == []
    assert check_item_citation(lists, c.model_copy(update={"text": c.text + "及签证"}))
    assert check_item_citation(lists, c.model_copy(update={"status": "in_force"}))
    assert check_item_citation(lists, c.model_copy(update={"id": "sh-ftz-negative-list-2024-sample#XX-99"}))
    assert check_item_citation([], c)


def test_illustrative_note(lists: list[Any]) -> None:
    assert cites_illustrative_list([_crew(lists)])
    assert says_illustrative("…（示例清单，非官方）") and says_illustrative("an Illustrative sample")
    assert not says_illustrative("清单条目 SH-C-01")
