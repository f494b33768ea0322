"""Item retrieval on the list-content cases (issue 17): R@1 / R@5 / MRR over negative-list items.

    python -m evals.item_eval            # the table and the misses
    python -m evals.item_eval --json

Cases are the `item_cases:` of evals/cases/lists_*.yaml; the path scored is `retrieval.items.ItemIndex.search`
(what `chujing search --kind list_item` and `/api/search` with kind list_item use), over the lists the app loads,
with the dense model of the article index when it is up.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from evals.cases import CASES_DIR
from ingest.yaml_io import load_yaml_file


class ItemCase(BaseModel):
    id: str
    language: Literal["zh", "en"]
    style: Literal["item", "content"]
    question: str
    gold: list[str] = Field(min_length=1)


def load_item_cases(directory: Path = CASES_DIR) -> list[ItemCase]:
    out: list[ItemCase] = []
    for path in sorted(directory.glob("lists_*.yaml")):
        data = load_yaml_file(path) or {}
        out.extend(ItemCase.model_validate(raw) for raw in data.get("item_cases") or [])
    ids = [c.id for c in out]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate item case ids")
    return out


def item_scores(index: Any, cases: list[ItemCase], editions: dict[str, str] | None = None) -> dict[str, Any]:
    """R@1, R@5, MRR@10 for all / zh / en, and the misses (gold not first). `editions` as the app passes them
    (list_id → edition status today): search as users see it, another edition's unchanged items left out."""
    ranks: list[int | None] = []
    misses: list[dict[str, Any]] = []
    for case in cases:
        got = [h.id for h in index.search(case.question, k=10, editions=editions)]
        rank = next((i for i, hid in enumerate(got, 1) if hid in set(case.gold)), None)
        ranks.append(rank)
        if rank != 1:
            misses.append({"id": case.id, "rank": rank, "top3": got[:3]})
    out: dict[str, Any] = {}
    for subset in ("all", "zh", "en"):
        picked = [r for r, c in zip(ranks, cases, strict=True) if subset == "all" or c.language == subset]
        n = len(picked) or 1
        out[subset] = {
            "n": len(picked),
            "r1": round(sum(r == 1 for r in picked) / n, 3),
            "r5": round(sum(r is not None and r <= 5 for r in picked) / n, 3),
            "mrr": round(sum(1 / r for r in picked if r) / n, 3),
        }
    out["misses"] = misses
    return out


def run_item_eval(as_of: date, *, lexical_only: bool = False) -> dict[str, Any]:
    """The item-retrieval figures over the loaded lists as the app searches them on `as_of` (the edition in force
    first), with the dense model of the article index unless `lexical_only` or the index is down."""
    from assistant.lists.editions import edition_statuses
    from assistant.lists.load import load_lists
    from retrieval.index import RetrievalIndexError, load_retriever
    from retrieval.items import ItemIndex

    embeddings = None
    if not lexical_only:
        try:
            retriever = load_retriever()
            embeddings = retriever.dense.embeddings if retriever.dense is not None else None
        except RetrievalIndexError:
            embeddings = None
    lists = load_lists()
    index = ItemIndex(lists, embeddings)  # type: ignore[arg-type]
    return item_scores(index, load_item_cases(), edition_statuses(lists, as_of))  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--lexical-only", action="store_true", help="Score without the dense model.")
    args = parser.parse_args(argv)
    result = run_item_eval(date.today(), lexical_only=args.lexical_only)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    for subset in ("all", "zh", "en"):
        s = result[subset]
        print(f"{subset:>3}  n={s['n']:>2}  R@1 {s['r1']:.3f}  R@5 {s['r5']:.3f}  MRR {s['mrr']:.3f}")
    for miss in result["misses"]:
        print(f"  miss {miss['id']}: rank {miss['rank']}, top 3 {miss['top3']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
