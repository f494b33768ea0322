"""The retrieval dev set is well-formed and its gold articles exist; the metrics compute what they claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.retrieval_eval import DEV_SET, DevQuestion, by_subset, load_dev_set, score

HOLDOUT = DEV_SET.with_name("retrieval_holdout.yaml")
DEV2 = DEV_SET.with_name("retrieval_dev2.yaml")


def _q(qid: str, gold: list[str], language: str = "zh") -> DevQuestion:
    return DevQuestion(id=qid, language=language, style="lay", question="…", gold=gold)  # type: ignore[arg-type]


def test_metrics() -> None:
    questions = [_q("a", ["x"]), _q("b", ["y", "z"]), _q("c", ["w"], "en")]
    rankings = [["x", "q"], ["q", "q2", "z"], ["q"] * 12 + ["w"]]
    s = score(rankings, questions)
    assert (s.n, s.r1, s.r5) == (3, round(1 / 3, 3), round(2 / 3, 3))
    assert s.mrr == round((1 + 1 / 3 + 0) / 3, 3)  # beyond rank 10 counts as a miss
    subsets = by_subset(rankings, questions)
    assert subsets["en"].n == 1 and subsets["en"].r5 == 0.0 and subsets["zh"].r1 == 0.5


def test_score_counts_any_gold_hit() -> None:
    # (moved from the bench's tests: the bench now scores with this function)
    dev = [_q("a", ["x#1"]), _q("b", ["y#2", "y#3"], "en"), _q("c", ["z#9"])]
    rankings = [["x#1", "x#2"], ["y#9", "y#3"], ["z#1"] * 12]
    s = score(rankings, dev)
    assert (s.r1, s.r5, s.mrr) == (round(1 / 3, 3), round(2 / 3, 3), round((1 + 0.5) / 3, 3))


def test_dev_set_meets_the_brief() -> None:
    questions = load_dev_set()
    assert len(questions) >= 80
    assert sum(q.language == "en" for q in questions) >= 20
    assert sum(q.style == "lay" for q in questions) >= len(questions) / 2
    covered = {g.split("#")[0] for q in questions for g in q.gold}
    assert {"sh-ftz-measures-2025", "cac-provisions-2024", "pipl-2021", "network-data-regulation-2024", "dsl-2021"} <= covered
    gold = {g for q in questions for g in q.gold}
    assert {"pipl-2021#38", "pipl-2021#39", "pipl-2021#55", "network-data-regulation-2024#37", "dsl-2021#31"} <= gold


def test_second_dev_set_meets_issue_15() -> None:
    questions = load_dev_set(DEV2)
    assert len(questions) >= 60
    english = sum(q.language == "en" for q in questions) / len(questions)
    assert 0.35 <= english <= 0.5  # "~40% English"
    # long, real-style questions: most are full scenarios, not keyword probes
    assert sum(len(q.question) >= 60 for q in questions) >= len(questions) * 0.7
    # each miss class the issue names is represented
    gold = [set(q.gold) for q in questions]
    for article in ("cac-provisions-2024#6", "cac-provisions-2024#13", "cac-provisions-2024#9", "pipl-2021#38",
                    "sh-ftz-measures-2025#8", "cac-provisions-2024#7"):
        assert sum(article in g for g in gold) >= 3, article


@pytest.mark.parametrize("path", [DEV_SET, DEV2, HOLDOUT])
def test_gold_articles_exist_in_the_corpus(path: Path) -> None:
    from ingest.corpus import load_corpus

    corpus = load_corpus()
    missing = [(q.id, g) for q in load_dev_set(path) for g in q.gold if g not in corpus.articles]
    assert missing == []


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(
        "questions:\n"
        "  - {id: a, language: zh, style: lay, question: q, gold: [x#1]}\n"
        "  - {id: a, language: en, style: lay, question: q, gold: [x#2]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="duplicate"):
        load_dev_set(path)
