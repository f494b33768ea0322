"""Eval cases: the YAML format of the team brief, loaded and validated.

A case file holds `cases:` (a list). Every case names the articles it exercises, so article coverage can be
reported without running anything. Validation errors name the file and the case, because a maintainer adding
a case should not have to guess which of 200 entries is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field, ValidationError, model_validator

from assistant.models import VerdictCode
from ingest.yaml_io import YAMLError, load_yaml_file

CaseKind = Literal["scenario", "info", "out_of_scope", "chat", "retrieval", "rule"]
VERDICT_CODES: tuple[str, ...] = get_args(VerdictCode)  # one list of codes: the models'
# Kinds answered by `Pipeline.ask`; rule cases go to `decide`, retrieval cases to the retriever.
PIPELINE_KINDS = ("scenario", "info", "out_of_scope", "chat")
ARTICLE_ID = re.compile(r"^[a-z0-9-]+#\d+$")

EVALS_DIR = Path(__file__).resolve().parent
CASES_DIR = EVALS_DIR / "cases"
# Owned by the retrieval helper; same case format (or a bare list of cases), loaded with the suite.
RETRIEVAL_DEV = EVALS_DIR / "retrieval_dev.yaml"
# Blind sets: evals/cases/blind_*.yaml, committed untouched as first written (evals/README.md has their first-run scores).
BLIND_PREFIX = "blind_"


class CaseFileError(ValueError):
    """A case file that cannot be used, with the file (and case) named."""


class Expect(BaseModel):
    """What a case must produce."""

    verdict: str | None = Field(default=None, description="One of the 8 verdict codes (not for retrieval cases).")
    must_cite: list[str] = Field(default_factory=list, description="Article ids that must be among the citations.")
    must_not_cite: list[str] = Field(default_factory=list, description="Article ids that must not be cited.")
    must_contain: list[str] = Field(default_factory=list, description="Phrases the answer must contain.")
    must_not_contain: list[str] = Field(default_factory=list, description="Phrases that must not appear in the answer.")
    missing_facts: list[str] = Field(default_factory=list, description="Facts keys the verdict must ask about.")
    gold: list[str] = Field(default_factory=list, description="Retrieval: gold article ids; a hit on any counts.")
    assumed: list[str] = Field(
        default_factory=list, description="Facts keys the verdict must list in verdict.assumptions (SPEC §3a defaults)."
    )

    @model_validator(mode="after")
    def _check(self) -> Expect:
        if self.verdict is not None and self.verdict not in VERDICT_CODES:
            raise ValueError(f"unknown verdict code {self.verdict!r}")
        for aid in [*self.must_cite, *self.must_not_cite, *self.gold]:
            if not ARTICLE_ID.match(aid):
                raise ValueError(f"article id {aid!r} is not of the form 'doc_id#N'")
        return self


class Case(BaseModel):
    """One eval case (brief: 'Eval case format')."""

    id: str
    kind: CaseKind
    # "mixed": a question pasted half in Chinese, half in English (a helpdesk paste); either answer language is right
    language: Literal["zh", "en", "mixed"] = "zh"
    question: str | None = None
    turns: list[str] = Field(default_factory=list, description="chat: messages of one session, in order.")
    facts: dict[str, Any] | None = Field(default=None, description="rule: Facts given directly to decide().")
    as_of: date | None = Field(default=None, description="rule: the date the check is made (default: today).")
    expect: Expect
    articles: list[str] = Field(default_factory=list, description="The articles this case exercises.")
    note: str | None = None
    origin: str | None = Field(default=None, description="Blind sets: the public source the question was written from.")
    blind_set: str | None = Field(
        default=None,
        description="The blind set (file stem, e.g. 'blind_1') when the case came from one: written apart from the code "
        "from public sources, gated on the set's verdict accuracy (BLIND_MIN_ACCURACY), not case by case.",
    )
    xfail: str | None = Field(default=None, description="Known failure, with the reason (agreed with the lead).")
    source: str = Field(default="", description="The file the case came from (filled by the loader).")
    metric_only: bool = Field(
        default=False,
        description="Counts in the metrics (and their tolerance gate) but does not fail the gate on its own: "
        "the retrieval dev set, whose misses are what the retrieval helper tunes against.",
    )

    @model_validator(mode="after")
    def _check(self) -> Case:
        if self.kind == "chat":
            if not self.turns:
                raise ValueError("a chat case needs turns")
        elif self.kind == "rule":
            if self.facts is None:
                raise ValueError("a rule case needs facts")
        elif not self.question:
            raise ValueError(f"a {self.kind} case needs a question")
        if self.kind == "retrieval":
            if not self.expect.gold:
                raise ValueError("a retrieval case needs expect.gold")
        elif self.expect.verdict is None:
            raise ValueError(f"a {self.kind} case needs expect.verdict")
        for aid in self.articles:
            if not ARTICLE_ID.match(aid):
                raise ValueError(f"article id {aid!r} is not of the form 'doc_id#N'")
        return self

    @property
    def text(self) -> str:
        """The user's words (all turns for chat), used to allow numbers the user gave in the answer."""
        if self.kind == "chat":
            return "\n".join(self.turns)
        return self.question or ""

    def exercised(self) -> set[str]:
        """Every article the case touches: its `articles`, must_cite and gold ids."""
        return {*self.articles, *self.expect.must_cite, *self.expect.gold}


def default_case_paths() -> list[Path]:
    """The committed suite: every `evals/cases/*.yaml` plus the retrieval dev set."""
    paths = sorted(CASES_DIR.glob("*.yaml"))
    if RETRIEVAL_DEV.exists():
        paths.append(RETRIEVAL_DEV)
    return paths


def _expand(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(path.glob("*.yaml")))
        else:
            out.append(path)
    return out


def _raw_cases(data: Any, path: Path) -> list[dict[str, Any]]:
    if isinstance(data, dict):
        # `questions` is the retrieval dev set's spelling (evals/retrieval_dev.yaml, retrieval helper's file).
        for key in ("cases", "questions"):
            if isinstance(data.get(key), list):
                return list(data[key])
    if isinstance(data, list):
        return list(data)
    raise CaseFileError(f"{path}: expected a mapping with a 'cases' list")


def _adapt(raw: dict[str, Any]) -> dict[str, Any]:
    """Accept the shorter retrieval-set spelling (`query`, top-level `gold`) used by other helpers' files."""
    raw = dict(raw)
    if "query" in raw and "question" not in raw:
        raw["question"] = raw.pop("query")
    if "gold" in raw:
        expect = dict(raw.get("expect") or {})
        expect.setdefault("gold", raw.pop("gold"))
        raw["expect"] = expect
        raw.setdefault("kind", "retrieval")
    return raw


def load_cases(paths: Sequence[Path] | None = None) -> list[Case]:
    """Load and validate cases; ids must be unique across all files."""
    files = _expand(paths) if paths else default_case_paths()
    cases: list[Case] = []
    seen: dict[str, Path] = {}
    for path in files:
        try:
            data = load_yaml_file(path)
        except (OSError, YAMLError) as exc:
            raise CaseFileError(f"{path}: {exc}") from exc
        for index, raw in enumerate(_raw_cases(data, path)):
            if not isinstance(raw, dict):
                raise CaseFileError(f"{path}: case #{index + 1} is not a mapping")
            label = raw.get("id", f"#{index + 1}")
            try:
                blind = path.stem if path.stem.startswith(BLIND_PREFIX) else None
                extra = {"source": path.name, "blind_set": blind,
                         "metric_only": blind is not None or path.resolve() == RETRIEVAL_DEV.resolve()}
                case = Case.model_validate({**_adapt(raw), **extra})
            except ValidationError as exc:
                raise CaseFileError(f"{path}: case {label}: {exc}") from exc
            if case.id in seen:
                raise CaseFileError(f"{path}: case id {case.id!r} already used in {seen[case.id]}")
            seen[case.id] = path
            cases.append(case)
    return cases
