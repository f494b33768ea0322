"""Retrieval quality on the dev set: R@1, R@5 and MRR for lexical, dense and fused retrieval, all / zh / en.

    python -m evals.retrieval_eval            # the table (builds the index in the data dir if missing or stale)
    python -m evals.retrieval_eval --grid     # also the fusion grid the default weights were chosen from
    python -m evals.retrieval_eval --json     # machine-readable
    python -m evals.retrieval_eval --dev-set evals/retrieval_holdout.yaml   # the held-out check (never tuned on)

Lexical and dense rows are each signal alone; the fused row is `HybridRetriever.search`, the path users get
(direct article lookup first, then the fused ranking). Latency is the warm per-query time of that path.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from ingest.yaml_io import load_yaml_file
from retrieval.hybrid import FusionSettings, HybridRetriever, fuse_scores

DEV_SET = Path(__file__).with_name("retrieval_dev.yaml")
Subset = Literal["all", "zh", "en"]
SUBSETS: tuple[Subset, ...] = ("all", "zh", "en")


class DevQuestion(BaseModel):
    id: str
    language: Literal["zh", "en"]
    style: Literal["lay", "legal", "reference"]
    question: str
    gold: list[str] = Field(min_length=1, description="Article ids that answer the question; a hit on any counts.")


class Scores(BaseModel):
    n: int
    r1: float = Field(description="Share of questions with a gold article first.")
    r5: float = Field(description="Share of questions with a gold article in the top 5.")
    mrr: float = Field(description="Mean reciprocal rank of the first gold article (0 beyond rank 10).")


def load_dev_set(path: Path = DEV_SET) -> list[DevQuestion]:
    data = load_yaml_file(path)
    questions = [DevQuestion.model_validate(q) for q in data["questions"]]
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: duplicate question ids")
    return questions


def score(rankings: Sequence[Sequence[str]], questions: Sequence[DevQuestion]) -> Scores:
    r1 = r5 = rr = 0.0
    for ranked, q in zip(rankings, questions, strict=True):
        gold = set(q.gold)
        rank = next((i for i, aid in enumerate(ranked[:10], 1) if aid in gold), None)
        if rank is not None:
            r1 += rank == 1
            r5 += rank <= 5
            rr += 1.0 / rank
    n = len(questions) or 1
    return Scores(n=len(questions), r1=round(r1 / n, 3), r5=round(r5 / n, 3), mrr=round(rr / n, 3))


def by_subset(rankings: Sequence[Sequence[str]], questions: Sequence[DevQuestion]) -> dict[Subset, Scores]:
    out: dict[Subset, Scores] = {}
    for subset in SUBSETS:
        picked = [(r, q) for r, q in zip(rankings, questions, strict=True) if subset == "all" or q.language == subset]
        out[subset] = score([r for r, _ in picked], [q for _, q in picked])
    return out


def evaluate(retriever: HybridRetriever, questions: Sequence[DevQuestion]) -> tuple[dict[str, dict[Subset, Scores]], list[float]]:
    """Scores per system and subset, and the warm latencies (ms) of the fused path."""
    systems: dict[str, Callable[[str], list[str]]] = {
        "lexical": lambda q: [a.id for a, _ in retriever.rank(q, mode="lexical")[:10]],
        "dense": lambda q: [a.id for a, _ in retriever.rank(q, mode="dense")[:10]],
        "fused": lambda q: [h.id for h in retriever.search(q, k=10)],
    }
    retriever.search("预热 warm-up", k=5)
    results: dict[str, dict[Subset, Scores]] = {}
    latencies: list[float] = []
    for name, fn in systems.items():
        rankings = []
        for q in questions:
            start = time.perf_counter()
            rankings.append(fn(q.question))
            if name == "fused":
                latencies.append((time.perf_counter() - start) * 1000)
        results[name] = by_subset(rankings, questions)
    return results, latencies


def fusion_grid(retriever: HybridRetriever, questions: Sequence[DevQuestion]) -> list[tuple[FusionSettings, dict[Subset, Scores]]]:
    """Every candidate fusion setting scored on the same per-question signals (computed once)."""
    mask = retriever._mask(("in_force",), None, None, None)
    where = {"status": {"$in": ["in_force"]}}
    # Signals as fused with a document boost (the named document's name blanked out) and without one (raw query).
    cached: dict[bool, list[tuple[np.ndarray, np.ndarray | None, list[str]]]] = {True: [], False: []}
    for q in questions:
        lookups = [a.id for a in retriever.lookup(q.question)]
        for boosted in (True, False):
            if boosted or retriever.signal_query(q.question) != q.question:
                lex = retriever.lexical_scores(q.question, mask, fused=boosted)
                dense = retriever.dense_scores(q.question, mask, where, fused=boosted)
                cached[boosted].append((lex, dense, lookups))
            else:
                cached[boosted].append(cached[True][-1])
    candidates = [
        FusionSettings(
            method="score", lexical_weight=round(1 - w, 2), dense_weight=round(w, 2), named_document_boost=boost, core_prior=prior
        )
        for w in (0.0, 0.1, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.8, 1.0)
        for boost in (0.0, 0.5, 1.0, 2.0)
        for prior in (0.0, 0.05, 0.1)
    ]
    candidates += [
        FusionSettings(method="rrf", lexical_weight=lw, dense_weight=dw, rrf_k=k, named_document_boost=boost, core_prior=prior)
        for lw, dw in ((1, 1), (2, 1), (3, 1))
        for k in (10, 60)
        for boost in (0.0, 2.0)
        for prior in (0.0, 0.05)
    ]
    out = []
    ids = retriever.lexical.ids
    original = retriever.fusion
    try:
        for fusion in candidates:
            retriever.fusion = fusion
            rankings = []
            for q, (lex, dense, lookups) in zip(questions, cached[fusion.named_document_boost > 0], strict=True):
                fused = fuse_scores(lex, dense, mask, fusion) * retriever._document_weights(q.question)
                signal = (lex > 0) | (~np.isnan(dense) if dense is not None else False)
                fused = retriever._below_replacements(np.where(signal, fused, -np.inf))
                order = [ids[i] for i in np.argsort(-fused, kind="stable")[:10] if np.isfinite(fused[i])]
                rankings.append(lookups + [a for a in order if a not in lookups])
            out.append((fusion, by_subset(rankings, questions)))
    finally:
        retriever.fusion = original
    return out


def _table(results: dict[str, dict[Subset, Scores]]) -> str:
    head = f"{'system':<9}" + "".join(f"| {s:<3} R@1   R@5   MRR  " for s in SUBSETS)
    lines = [head, "-" * len(head)]
    for name, subsets in results.items():
        lines.append(f"{name:<9}" + "".join(f"| {'':<3} {v.r1:.3f} {v.r5:.3f} {v.mrr:.3f} " for v in subsets.values()))
    n = results[next(iter(results))]
    lines.append(f"questions: all {n['all'].n}, zh {n['zh'].n}, en {n['en'].n}")
    return "\n".join(lines)


def _fusion_label(f: FusionSettings) -> str:
    if f.method == "rrf":
        label = f"rrf lex={f.lexical_weight:g} dense={f.dense_weight:g} k={f.rrf_k}"
    else:
        label = f"score lex={f.lexical_weight:g} dense={f.dense_weight:g}"
    return f"{label} named={f.named_document_boost:g} core={f.core_prior:g}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.retrieval_eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("--grid", action="store_true", help="also score the fusion grid")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    parser.add_argument("--dev-set", type=Path, default=DEV_SET)
    args = parser.parse_args(argv)

    from ingest.corpus import default_corpus
    from retrieval.index import build_index, index_status, load_retriever
    from retrieval.settings import RetrievalSettings

    settings = RetrievalSettings.from_env(query_cache_size=0)  # the latency line times embeddings, not cache hits
    corpus = default_corpus()
    status = index_status(settings, corpus)
    if status.problem is not None or not status.up_to_date:
        build_index(corpus, settings)
    retriever = load_retriever(settings)
    return report(retriever, load_dev_set(args.dev_set), grid=args.grid, as_json=args.json)


def report(retriever: HybridRetriever, questions: Sequence[DevQuestion], *, grid: bool = False, as_json: bool = False) -> int:
    results, latencies = evaluate(retriever, questions)
    grid_rows = fusion_grid(retriever, questions) if grid else []
    latency = {
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(sorted(latencies)[max(0, int(len(latencies) * 0.95) - 1)], 1),
        "max_ms": round(max(latencies), 1),
    }
    if as_json:
        payload = {
            "results": {k: {s: v.model_dump() for s, v in sub.items()} for k, sub in results.items()},
            "fusion": retriever.fusion.model_dump(),
            "latency": latency,
            "degraded": retriever.degraded,
            "grid": [{"fusion": f.model_dump(), "scores": {s: v.model_dump() for s, v in sc.items()}} for f, sc in grid_rows],
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(_table(results))
    print(f"fusion: {_fusion_label(retriever.fusion)}; warm fused query: p50 {latency['p50_ms']} ms, "
          f"p95 {latency['p95_ms']} ms, max {latency['max_ms']} ms")
    for note in retriever.degraded:
        print(f"degraded: {note}")
    if grid_rows:
        print("\nfusion grid (all questions; en in brackets):")
        for fusion, sc in sorted(grid_rows, key=lambda r: (-r[1]["all"].r1, -r[1]["all"].mrr))[:25]:
            a, e = sc["all"], sc["en"]
            print(f"  {_fusion_label(fusion):<44} R@1 {a.r1:.3f} R@5 {a.r5:.3f} MRR {a.mrr:.3f}  [en R@1 {e.r1:.3f} R@5 {e.r5:.3f}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
