"""Checks every answer before it leaves: citations, numbers, quotes and the stated verdict.

The deterministic composer must always pass; the optional LLM rewrite falls back to it when it does not.
A failure lists every violation so a test (or the LLM fallback record) says exactly what was wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from pydantic import BaseModel, Field

from assistant.answer.labels import VERDICT_LABELS
from assistant.lists.cite import check_item_citation, cites_illustrative_list, says_illustrative
from assistant.lists.model import NegativeList
from assistant.models import Facts, VerdictCode
from ingest.models import Article, Citation
from ingest.numerals import parse_zh_numeral

# The line that states the verdict: "**结论：<label>** `code`" / "**Verdict: <label>** `code`".
_VERDICT_LINE = re.compile(r"^[\s>*_#-]*(结论|结\s*论|Verdict|Conclusion)\s*[:：]", re.IGNORECASE)
_MARKER = re.compile(r"\[(\d+)\]")
_ENUM = re.compile(r"^\s*\d+[.)、]\s", re.MULTILINE)
# Identifiers such as negative-list entry ids (RI-L-01) name things; their digits are not claims.
_IDENT = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,5}(?:-[A-Z]{1,5})*-\d+(?![\d])")
_ZH_NUM = "零〇一二三四五六七八九十百千万亿两"
_ARABIC = re.compile(r"(?<![A-Za-z])(\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*(万|亿|k\b|K\b|million|thousand)?", re.IGNORECASE)
_ZH_ORDINAL = re.compile(rf"第[（(]?([{_ZH_NUM}]+)[)）]?")
_ZH_COUNTED = re.compile(rf"([{_ZH_NUM}]+)(?=个|年|月|日|天|周|次|条|款|项|人|名|倍|家|%|％|小时|分钟)")
_ZH_PAREN = re.compile(rf"[（(]([{_ZH_NUM}]+)[)）]")
_DOC_REF = re.compile(rf"《([^《》]{{2,60}})》\s*第([{_ZH_NUM}]+|\d+)条")


class VerificationError(Exception):
    """The answer broke a rule of SPEC §3/§5; `violations` says which."""

    def __init__(self, violations: Sequence[str]) -> None:
        self.violations = list(violations)
        super().__init__("answer failed verification: " + "; ".join(self.violations))


class ArticleSource(Protocol):
    """What verification needs from the corpus: the indexed articles by id."""

    @property
    def articles(self) -> Mapping[str, Article]: ...


def _arabic_value(raw: str, unit: str | None) -> list[float]:
    value = float(raw.replace(",", "").replace("，", ""))
    scale = {"万": 10_000, "亿": 100_000_000, "k": 1_000, "thousand": 1_000, "million": 1_000_000}
    if unit:
        return [value * scale[unit.lower()], value]
    return [value]


def numbers_in(text: str, *, skip_markers: bool = False) -> list[float]:
    """Every number `text` states: Arabic (with 万/k/million), 第N条-style ordinals, counted Chinese numerals.

    With `skip_markers`, citation markers [n] and list enumerations "1." are not claims and are left out.
    A lone 一 is only a number as an ordinal (第一) — elsewhere it is usually a word (一方, 统一).
    """
    if skip_markers:
        text = _MARKER.sub(" ", text)
        text = _ENUM.sub(" ", text)
        text = _IDENT.sub(" ", text)
    found: list[float] = []
    for match in _ARABIC.finditer(text):
        found.extend(_arabic_value(match.group(1), match.group(2)))
    for pattern in (_ZH_ORDINAL, _ZH_COUNTED, _ZH_PAREN):
        for match in pattern.finditer(text):
            numeral = match.group(1)
            if pattern is not _ZH_ORDINAL and numeral in ("一", "两") and not match.group(0).startswith(("（", "(")):
                continue
            value = parse_zh_numeral(numeral)
            if value is not None:
                found.append(float(value))
    return found


def fact_numbers(facts: Facts) -> list[float]:
    """Numbers the user gave us (counts), which an answer may repeat."""
    counts = (facts.pi_count_ytd, facts.sensitive_pi_count_ytd, facts.pi_count_upper, facts.sensitive_pi_count_upper)
    return [float(n) for n in counts if n is not None]


def stated_verdicts(text: str) -> list[tuple[str, list[VerdictCode]]]:
    """Each verdict line of `text` with the verdict codes it states (by label, longest first, or by code)."""
    labels = sorted(
        ((label, code) for code, by_lang in VERDICT_LABELS.items() for label in by_lang.values()),
        key=lambda pair: -len(pair[0]),
    )
    out: list[tuple[str, list[VerdictCode]]] = []
    for line in text.splitlines():
        if not _VERDICT_LINE.match(line):
            continue
        rest = line
        codes: list[VerdictCode] = []
        for label, code in labels:
            pattern = re.compile(re.escape(label), re.IGNORECASE)
            if pattern.search(rest):
                rest = pattern.sub(" ", rest)
                if code not in codes:
                    codes.append(code)
        for code in VERDICT_LABELS:
            if re.search(rf"(?<![a-z_]){code}(?![a-z_])", rest) and code not in codes:
                codes.append(code)
        out.append((line, codes))
    return out


def labels_in(text: str) -> set[VerdictCode]:
    """Verdict codes whose label or code string appears anywhere in `text` (longest label first)."""
    rest = text
    codes: set[VerdictCode] = set()
    for label, code in sorted(
        ((label, code) for code, by_lang in VERDICT_LABELS.items() for label in by_lang.values()),
        key=lambda pair: -len(pair[0]),
    ):
        pattern = re.compile(re.escape(label), re.IGNORECASE)
        if pattern.search(rest):
            rest = pattern.sub(" ", rest)
            codes.add(code)
    for code in VERDICT_LABELS:
        if re.search(rf"(?<![a-z_]){code}(?![a-z_])", rest):
            codes.add(code)
    return codes


class VerifyInput(BaseModel):
    """One answer to check and what it may rest on."""

    answer: str
    citations: list[Citation]
    verdict_code: VerdictCode
    allowed_texts: list[str] = Field(default_factory=list, description="User text (question, list items shown) whose numbers the answer may repeat.")
    allowed_numbers: list[float] = Field(default_factory=list, description="Numbers from the user's facts.")
    reference: str | None = Field(default=None, description="The verified deterministic answer an LLM rewrite must not contradict.")
    required_markers: list[int] = Field(default_factory=list, description="Citation markers the answer must keep (the verdict's basis).")


class Verifier:
    """Raises `VerificationError` unless the answer passes every check against the indexed corpus."""

    def __init__(self, corpus: ArticleSource, lists: Sequence[NegativeList] = ()) -> None:
        self.corpus = corpus
        self.lists = list(lists)  # list-item citations are checked against these (none loaded: none accepted)

    def run(self, data: VerifyInput) -> None:
        violations = self.violations(data)
        if violations:
            raise VerificationError(violations)

    def violations(self, data: VerifyInput) -> list[str]:
        problems: list[str] = []
        problems += self._citations(data.citations)
        problems += self._markers(data.answer, len(data.citations), data.required_markers)
        problems += self._quotes(data.answer, data.citations)
        problems += self._numbers(data)
        problems += self._references(data)
        problems += self._verdict(data)
        if cites_illustrative_list(data.citations) and not says_illustrative(data.answer):
            problems.append("cites an illustrative list without saying it is illustrative (示例 / illustrative)")
        elif any(c.status == "illustrative" for c in data.citations) and not says_illustrative(data.answer):
            # an illustrative guideline or text: provenance must be as visible as for a list
            problems.append("cites an illustrative document without saying it is illustrative (示例 / illustrative)")
        return problems

    def _references(self, data: VerifyInput) -> list[str]:
        """Every 《document》第N条 the answer names (outside verbatim quotes) is one of its citations."""
        cited: set[tuple[str, int]] = set()
        names: dict[str, str] = {}
        for citation in data.citations:
            cited.add((citation.doc_id, citation.article))
            names[citation.title] = citation.doc_id
            article = self.corpus.articles.get(citation.id)
            if article is not None:
                for name in (article.document.short_title, *article.document.aliases):
                    names.setdefault(name, citation.doc_id)
        problems: list[str] = []
        for line in data.answer.splitlines():
            if line.strip().startswith(">"):
                continue
            for match in _DOC_REF.finditer(line):
                name, numeral = match.group(1).strip(), match.group(2)
                number = int(numeral) if numeral.isdigit() else parse_zh_numeral(numeral)
                doc_id = names.get(name) or next((d for title, d in names.items() if name in title), None)
                if doc_id is None or (doc_id, number) not in cited:
                    problems.append(f"refers to 《{name}》第{numeral}条, which is not among the citations")
        return problems

    def _citations(self, citations: Sequence[Citation]) -> list[str]:
        problems: list[str] = []
        for n, citation in enumerate(citations, start=1):
            if citation.kind == "list_item":
                problems += [f"citation [{n}] {p}" for p in check_item_citation(self.lists, citation)]
                continue
            article = self.corpus.articles.get(citation.id)
            if article is None:
                problems.append(f"citation [{n}] {citation.id} is not an indexed article")
                continue
            if citation.text != article.text:
                problems.append(f"citation [{n}] {citation.id}: text differs from the indexed article")
            try:
                expected = Citation.from_article(article, citation.paragraph, citation.item)
            except ValueError as exc:
                problems.append(f"citation [{n}] {citation.id}: {exc}")
                continue
            for field in ("doc_id", "title", "article", "label", "status"):
                if getattr(citation, field) != getattr(expected, field):
                    problems.append(f"citation [{n}] {citation.id}: {field} {getattr(citation, field)!r} != {getattr(expected, field)!r}")
        return problems

    @staticmethod
    def _markers(answer: str, count: int, required: Iterable[int]) -> list[str]:
        used = {int(m) for m in _MARKER.findall(answer)}
        problems = [f"marker [{m}] has no citation (only {count})" for m in sorted(used) if not 1 <= m <= count]
        problems += [f"citation [{m}] is never referenced in the answer" for m in range(1, count + 1) if m not in used]
        problems += [f"required citation marker [{m}] is missing" for m in required if m not in used]
        return problems

    @staticmethod
    def _quotes(answer: str, citations: Sequence[Citation]) -> list[str]:
        problems: list[str] = []
        for line in answer.splitlines():
            stripped = line.strip()
            if not stripped.startswith(">"):
                continue
            quoted = stripped.lstrip(">").strip()
            if quoted and not any(quoted in c.text for c in citations):
                problems.append(f"quoted text is not verbatim from a cited article: {quoted[:40]!r}")
        return problems

    def _numbers(self, data: VerifyInput) -> list[str]:
        allowed: set[float] = set(data.allowed_numbers)
        for citation in data.citations:
            allowed.update(numbers_in(citation.text))
            allowed.update(numbers_in(citation.label))
            allowed.update(numbers_in(citation.title))
            allowed.update(float(n) for n in (citation.article, citation.paragraph, citation.item) if n is not None)
            article = self.corpus.articles.get(citation.id)
            if article is not None:
                # "the 2024 Provisions": a cited document may be named by its dates
                for day in (article.document.issued, article.document.effective):
                    if day is not None:
                        allowed.update((float(day.year), float(day.month), float(day.day)))
        for text in data.allowed_texts:
            allowed.update(numbers_in(text))
        stray = sorted({n for n in numbers_in(data.answer, skip_markers=True) if n not in allowed})
        return [f"number {_fmt(n)} is not stated by any cited article or by the user" for n in stray]

    @staticmethod
    def _verdict(data: VerifyInput) -> list[str]:
        lines = stated_verdicts(data.answer)
        if not lines:
            return ["the answer has no verdict line"]
        problems: list[str] = []
        for line, codes in lines:
            if codes != [data.verdict_code]:
                stated = ", ".join(codes) or "nothing recognisable"
                problems.append(f"verdict line states {stated}, rule check says {data.verdict_code}: {line.strip()[:80]!r}")
        if data.reference is not None:
            extra = labels_in(data.answer) - labels_in(data.reference)
            problems += [f"the answer states verdict {code}, which the checked answer does not" for code in sorted(extra)]
        return problems


def _fmt(n: float) -> str:
    return str(int(n)) if n == int(n) else str(n)
