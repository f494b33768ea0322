"""The deterministic composer: turns a verdict into a cited Markdown answer in Chinese or English.

No model is involved, so the answer can only say what the rule check found and what the cited articles state.
Citations are numbered in order of first use; [1] is `citations[0]`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, Field

from assistant.answer.labels import route_label
from assistant.models import Language, ListEdition, ListMatch, Verdict
from ingest.models import Article, Citation

VERDICT_PREFIX: dict[Language, str] = {"zh": "**结论：", "en": "**Verdict: "}

TEXT: dict[str, dict[Language, str]] = {
    "basis": {"zh": "主要依据", "en": "Based on"},
    "assumptions": {"zh": "判断前提（您未说明，按法定默认情形判断）", "en": "Assumed (you did not say; the default the rules give)"},
    "steps": {"zh": "判断过程", "en": "How we got there"},
    "obligations": {"zh": "仍需履行的义务", "en": "Obligations that still apply"},
    "missing": {"zh": "请补充以下信息", "en": "Please tell us"},
    "missing_intro": {
        "zh": "以下事实会改变结论，请逐项回答：",
        "en": "The answer depends on these facts; please reply to each:",
    },
    "choices": {"zh": "可选", "en": "choices"},
    "matches": {"zh": "可能对应的负面清单条目（请确认后再据此判断）", "en": "Possible negative-list entries (please confirm before relying on them)"},
    "warnings": {"zh": "提示", "en": "Note"},
    "quotes": {"zh": "依据原文", "en": "The articles, verbatim"},
    "info_intro": {"zh": "以下条文回答了您的问题：", "en": "The following provision(s) answer your question:"},
    "key_point": {"zh": "要点", "en": "Key passage"},
    "out_of_scope": {
        "zh": "抱歉，这个问题不属于数据出境合规的范围，本助手无法回答。本助手可以帮助判断向境外提供数据是否需要申报安全评估、订立标准合同、通过认证或适用负面清单，以及解答相关制度问题。",
        "en": "Sorry, this question is not about cross-border data export, so I can't help with it. I can tell you whether sending data abroad needs a security assessment, a standard contract or certification, or falls under a negative list, and answer questions about that regime.",
    },
    "degraded": {
        "zh": "（检索服务部分不可用：本回答只引用了规则检查所依据的条文，可能不够全面。）",
        "en": "(Search is partly unavailable: this answer cites only the articles the rule check rests on and may be incomplete.)",
    },
    "disclaimer": {
        "zh": "*本回答为合规指引，不构成法律意见；请以主管部门的解释和最新规定为准。*",
        "en": "*This is compliance guidance, not legal advice; the authorities' interpretation and the latest rules prevail.*",
    },
    "superseded": {"zh": "（已被修订或废止，仅供参考）", "en": " (superseded — for reference only)"},
    "partial": {"zh": "（节选）", "en": " (excerpt)"},
    "illustrative": {"zh": "（示例文本，非官方）", "en": " (illustrative sample, not official)"},
    "illustrative_list": {"zh": "示例清单，非官方", "en": "illustrative sample list, not official"},
    "editions": {"zh": "负面清单版本", "en": "Negative-list edition"},
    "edition_in_force": {"zh": "本结论适用", "en": "Applied (in force on the date of the check)"},
    "edition_superseded": {"zh": "已被新版本替代，判断日不适用", "en": "superseded on the date of the check, not applied"},
    "edition_not_yet_in_force": {"zh": "判断日尚未施行，不适用", "en": "not yet in force on the date of the check, not applied"},
    "edition_repealed": {"zh": "判断日已失效，不适用", "en": "no longer in force on the date of the check, not applied"},
}

def t(key: str, language: Language) -> str:
    return TEXT[key][language]


class Composed(BaseModel):
    """A composed answer and its numbered citations."""

    answer: str = Field(description="Markdown; citation markers [n] refer to citations[n-1].")
    citations: list[Citation] = Field(default_factory=list)


class ComposeInput(BaseModel):
    """What the composer needs: the verdict and how to present it."""

    verdict: Verdict
    language: Language
    degraded: bool = Field(default=False, description="Whether retrieval failed, so the answer says it may be incomplete.")
    key_passages: dict[str, list[str]] = Field(
        default_factory=dict, description="For info answers: article id → verbatim sentences that answer the question."
    )


class CitationNumbers:
    """Numbers citations in order of first use; one number per (article, 款, 项)."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self._index: dict[tuple[str, int | None, int | None], int] = {}

    def mark(self, citation: Citation | None) -> str:
        if citation is None:
            return ""
        key = (citation.id, citation.paragraph, citation.item)
        if key not in self._index:
            self.citations.append(citation)
            self._index[key] = len(self.citations)
        return f"[{self._index[key]}]"


class Composer:
    """Deterministic Markdown answers. `articles` (the corpus's) lets a quote narrow to the cited 款/项."""

    def __init__(self, articles: Mapping[str, Article] | None = None) -> None:
        self.articles = articles or {}

    def run(self, data: ComposeInput) -> Composed:
        verdict, lang = data.verdict, data.language
        numbers = CitationNumbers()
        parts: list[str] = [f"{VERDICT_PREFIX[lang]}{verdict.label}** `{verdict.code}`"]
        if verdict.code == "out_of_scope":
            parts.append(t("out_of_scope", lang))
            parts.append(t("disclaimer", lang))
            return Composed(answer="\n\n".join(parts))

        if verdict.assumptions:
            # First, before the basis (SPEC §3a): a wrong assumption changes the outcome named in each line.
            lines = [f"- {a.text} {numbers.mark(a.citation)}" for a in verdict.assumptions]
            parts.append(f"### {t('assumptions', lang)}\n" + "\n".join(lines))

        basis_marks = "".join(numbers.mark(c) for c in verdict.basis)
        if verdict.code == "info":
            parts.append(t("info_intro", lang) + (f" {basis_marks}" if basis_marks else ""))
            parts += self._key_passages(verdict.basis, data.key_passages, numbers, lang)
        elif basis_marks:
            parts.append(f"{t('basis', lang)}：{basis_marks}" if lang == "zh" else f"{t('basis', lang)}: {basis_marks}")

        # a step that only restates the clarifying questions is left to the questions section below
        steps = [s for s in verdict.steps if not restates_questions(s.finding, verdict)]
        # an info answer shows its steps only when they cite list items (a question about a list's contents)
        if steps and (verdict.code != "info" or any(s.citation is not None and s.citation.kind == "list_item" for s in steps)):
            lines = []
            for n, step in enumerate(steps, start=1):
                mark = numbers.mark(step.citation)
                sep = "：" if lang == "zh" else ": "
                lines.append(f"{n}. **{step.check}**{sep}{step.finding}" + (f" {mark}" if mark else ""))
            parts.append(f"### {t('steps', lang)}\n" + "\n".join(lines))

        if verdict.obligations:
            lines = [f"- {o.text} {numbers.mark(o.citation)}" for o in verdict.obligations]
            parts.append(f"### {t('obligations', lang)}\n" + "\n".join(lines))

        if verdict.missing_facts:
            lines = [t("missing_intro", lang)]
            for n, missing in enumerate(verdict.missing_facts, start=1):
                choices = f"（{t('choices', lang)}：{' / '.join(missing.choices)}）" if lang == "zh" and missing.choices else ""
                if lang == "en" and missing.choices:
                    choices = f" ({t('choices', lang)}: {' / '.join(missing.choices)})"
                lines.append(f"{n}. {missing.question}{choices}")
            parts.append(f"### {t('missing', lang)}\n" + "\n".join(lines))

        if verdict.list_matches:
            parts.append(f"### {t('matches', lang)}\n" + "\n".join(_match_line(m, lang) for m in verdict.list_matches))

        if verdict.list_editions:
            parts.append(f"### {t('editions', lang)}\n" + "\n".join(edition_line(e, lang) for e in verdict.list_editions))

        if verdict.warnings:
            parts.append(f"### {t('warnings', lang)}\n" + "\n".join(f"- ⚠ {w}" for w in verdict.warnings))

        if data.degraded:
            parts.append(t("degraded", lang))

        if numbers.citations:
            parts.append(f"### {t('quotes', lang)}\n" + "\n\n".join(self._quote(n, c, lang) for n, c in enumerate(numbers.citations, 1)))

        parts.append(t("disclaimer", lang))
        return Composed(answer="\n\n".join(parts), citations=numbers.citations)

    def _key_passages(
        self, basis: Sequence[Citation], passages: Mapping[str, list[str]], numbers: CitationNumbers, lang: Language
    ) -> list[str]:
        out: list[str] = []
        for citation in basis:
            for sentence in passages.get(citation.id, []):
                if sentence and sentence in citation.text:
                    out.append(f"**{t('key_point', lang)}** {numbers.mark(citation)}\n> {sentence}")
        return out

    def quote_lines(self, citation: Citation) -> list[str]:
        """The verbatim lines to quote: the cited 项 (with its lead-in), the cited 款, else the whole article."""
        article = self.articles.get(citation.id)
        lines: list[str] = []
        if article is not None and citation.paragraph is not None and 1 <= citation.paragraph <= len(article.paragraphs):
            paragraph = article.paragraphs[citation.paragraph - 1]
            if citation.item is not None and 1 <= citation.item <= len(paragraph.items):
                item = paragraph.items[citation.item - 1]
                start = paragraph.text.find(item.text)
                lead = paragraph.text[:start].strip().splitlines() if start > 0 else []
                lines = [*(lead[:1] if lead else []), *item.text.splitlines()]
            else:
                lines = paragraph.text.splitlines()
        lines = [line.strip() for line in lines if line.strip()]
        if not lines or not all(line in citation.text for line in lines):
            lines = [line.strip() for line in citation.text.splitlines() if line.strip()]
        return lines

    def _quote(self, n: int, citation: Citation, lang: Language) -> str:
        note = t(citation.status, lang) if citation.status in ("superseded", "partial", "illustrative") else ""
        head = f"**[{n}]** 《{citation.title}》{citation.label}{note}"
        if lang == "en" and citation.kind == "article":
            head += f" — Art. {citation.article}"
        return head + "\n" + "\n".join(f"> {line}" for line in self.quote_lines(citation))


def restates_questions(finding: str, verdict: Verdict) -> bool:
    return bool(verdict.missing_facts) and all(m.question in finding for m in verdict.missing_facts)


def _match_line(match: ListMatch, lang: Language) -> str:
    route = route_label(match.route, lang)
    status = f"；{t('illustrative_list', lang)}" if match.status == "illustrative" and lang == "zh" else ""
    if lang == "en":
        status = f"; {t('illustrative_list', lang)}" if match.status == "illustrative" else ""
        return f"- {match.item_id} — {match.sector} / {match.scenario}: {match.description} ({route}{status})"
    return f"- {match.item_id}｜{match.sector}／{match.scenario}：{match.description}（{route}{status}）"


def list_match_texts(matches: Sequence[ListMatch]) -> list[str]:
    """Text of list entries the answer shows, so verification accepts their ids (RI-L-01)."""
    return [f"{m.item_id} {m.sector} {m.scenario} {m.description}" for m in matches]


def edition_line(edition: ListEdition, lang: Language) -> str:
    """'本结论适用：《title》（2024版；示例清单，非官方）' or the other edition and why it was not applied."""
    kind = f"；{t('illustrative_list', lang)}" if edition.status == "illustrative" else ""
    since = f"，自{edition.effective.isoformat()}起施行" if edition.effective else ""
    if lang == "en":
        kind = f"; {t('illustrative_list', lang)}" if edition.status == "illustrative" else ""
        since = f", effective {edition.effective.isoformat()}" if edition.effective else ""
        if edition.edition_status == "in_force":
            return f"- {t('edition_in_force', lang)}: {edition.title} (edition {edition.edition}{since}{kind})"
        return f"- {edition.title} (edition {edition.edition}{since}{kind}): {t('edition_' + edition.edition_status, lang)}"
    if edition.edition_status == "in_force":
        return f"- {t('edition_in_force', lang)}：《{edition.title}》（{edition.edition}版{since}{kind}）"
    return f"- 《{edition.title}》（{edition.edition}版{since}{kind}）：{t('edition_' + edition.edition_status, lang)}"


def shown_texts(verdict: Verdict) -> list[str]:
    """Text the answer shows from the loaded lists (entries to confirm, the editions), whose ids, years and dates
    verification accepts like the user's words: the one list of them for the pipeline and for tests."""
    return [*list_match_texts(verdict.list_matches), *list_edition_texts(verdict.list_editions)]


def list_edition_texts(editions: Sequence[ListEdition]) -> list[str]:
    """Text of the list editions the answer names (title, edition, effective date), from the loaded lists, so
    verification accepts their years and dates."""
    return [f"{e.title} {e.edition} {e.effective.isoformat() if e.effective else ''}" for e in editions]
