"""The verifier checks list-item citations against the loaded lists and wants an illustrative list named so."""

from __future__ import annotations

from typing import Any

import pytest
from handbuilt import HandCorpus

from assistant.answer.compose import ComposeInput, Composer
from assistant.answer.labels import verdict_label
from assistant.answer.list_info import list_steps
from assistant.lists.load import load_lists
from assistant.models import Verdict
from assistant.verify.verifier import Verifier, VerifyInput


@pytest.fixture(scope="module")
def lists() -> list[Any]:
    return load_lists()


def _answer(lists: list[Any]) -> VerifyInput:
    corpus = HandCorpus()
    verdict = Verdict(code="info", label=verdict_label("info", "zh"), basis=[corpus.cite("cac-provisions-2024", 8, 1)],
                      steps=list_steps("船员护照扫描件在不在清单上？", lists, "zh"))
    composed = Composer(corpus.articles).run(ComposeInput(verdict=verdict, language="zh"))
    return VerifyInput(answer=composed.answer, citations=composed.citations, verdict_code="info", required_markers=[1])


def test_a_list_item_citation_verifies_against_the_list(lists: list[Any]) -> None:
    data = _answer(lists)
    assert any(c.kind == "list_item" for c in data.citations)
    assert "SH-C-01" in data.answer and "示例" in data.answer
    assert Verifier(HandCorpus(), lists).violations(data) == []


def test_without_the_list_loaded_the_item_is_rejected(lists: list[Any]) -> None:
    problems = Verifier(HandCorpus()).violations(_answer(lists))
    assert any("not an item of a loaded list" in p for p in problems)


def test_altered_item_text_is_rejected(lists: list[Any]) -> None:
    data = _answer(lists)
    cites = [c.model_copy(update={"text": c.text.replace("护照", "驾照")}) if c.kind == "list_item" else c for c in data.citations]
    problems = Verifier(HandCorpus(), lists).violations(data.model_copy(update={"citations": cites}))
    assert any("text" in p for p in problems)


def test_an_illustrative_list_must_be_named_so(lists: list[Any]) -> None:
    data = _answer(lists)
    bare = data.answer.replace("（示例文本，非官方）", "").replace("示例清单，非官方", "正式清单").replace("示例", "")
    problems = Verifier(HandCorpus(), lists).violations(data.model_copy(update={"answer": bare}))
    assert any("illustrative" in p for p in problems)
