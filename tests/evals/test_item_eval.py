"""The item-retrieval cases of issue 17 load, cover both languages, and are scored as ranks."""

from __future__ import annotations

from types import SimpleNamespace

from evals.cases import load_cases
from evals.item_eval import ItemCase, item_scores, load_item_cases


def test_at_least_thirty_item_cases_in_both_languages() -> None:
    cases = load_item_cases()
    assert len(cases) >= 30
    assert {c.language for c in cases} == {"zh", "en"}
    assert all("#" in g for c in cases for g in c.gold)


def test_the_gate_loads_the_list_content_cases() -> None:
    ids = {c.id for c in load_cases() if c.source == "lists_contents.yaml"}
    assert "lists-zh-crew-passport-route" in ids and len(ids) >= 8


def test_scores() -> None:
    cases = [ItemCase(id="a", language="zh", style="item", question="q1", gold=["l#A"]),
             ItemCase(id="b", language="en", style="item", question="q2", gold=["l#B"])]
    ranked = {"q1": ["l#A", "l#B"], "q2": ["l#A", "l#B"]}
    index = SimpleNamespace(search=lambda q, k, editions=None: [SimpleNamespace(id=i) for i in ranked[q]])
    out = item_scores(index, cases)
    assert out["all"] == {"n": 2, "r1": 0.5, "r5": 1.0, "mrr": 0.75}
    assert out["misses"] == [{"id": "b", "rank": 2, "top3": ["l#A", "l#B"]}]
