"""Helpdesk reply drafts: a formal Chinese reply (标题、称谓、正文、免责声明、落款日期) from one answer.

The draft says nothing the answer does not: the same verdict, the same numbered citations quoted verbatim,
the same obligations and questions. An English answer is restated in Chinese from the same facts first.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from datetime import date

from pydantic import BaseModel, Field

from assistant.answer.compose import Composer, restates_questions
from assistant.models import AskResponse
from assistant.pipeline import Pipeline, get_pipeline
from ingest.models import Article, Citation
from ingest.numerals import int_to_zh

SIGNATURE = "数据出境合规咨询服务窗口"
DISCLAIMER = "本答复系根据来函所述情况作出的合规指引，不构成法律意见；具体以主管部门的解释和最新规定为准。如所述情况与实际不符或发生变化，结论可能不同。"


class DraftParagraph(BaseModel):
    """One block of the draft: a heading, a body paragraph or a verbatim quote."""

    kind: str = Field(description="'title', 'salutation', 'heading', 'body', 'quote', 'signature'.")
    text: str


def zh_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _ensure_chinese(response: AskResponse, pipeline: Pipeline | None) -> AskResponse:
    if response.language == "zh":
        return response
    if pipeline is None:
        pipeline = get_pipeline()
    return pipeline.restate(response, "zh")


def _quote(citation: Citation, composer: Composer) -> str:
    return "".join(composer.quote_lines(citation))


def draft_blocks(response: AskResponse, company: str | None = None, *, today: date | None = None,
                 pipeline: Pipeline | None = None) -> list[DraftParagraph]:
    """The draft as ordered blocks (shared by the Markdown and .docx renderers)."""
    response = _ensure_chinese(response, pipeline)
    verdict = response.verdict
    composer = Composer(_articles(pipeline) if response.citations else {})
    numbers = {(c.id, c.paragraph, c.item): n for n, c in enumerate(response.citations, start=1)}

    def mark(citation: Citation | None) -> str:
        if citation is None:
            return ""
        n = numbers.get((citation.id, citation.paragraph, citation.item))
        return f"[{n}]" if n else f"（《{citation.title}》{citation.label}）"

    blocks = [
        DraftParagraph(kind="title", text="关于数据出境合规咨询的答复意见（草稿）"),
        DraftParagraph(kind="salutation", text=f"{company.strip() if company and company.strip() else '贵单位'}："),
        DraftParagraph(kind="body", text=f"来函咨询：“{response.question}”。经研究，现答复如下。"),
    ]
    sections: list[tuple[str, list[DraftParagraph]]] = []
    premises = _premises(response, mark)
    if premises:
        # First (SPEC §3a): the reply holds only while these facts and defaults hold.
        sections.append(("根据来函所述及以下前提", premises))

    conclusion = [DraftParagraph(kind="body", text=f"{verdict.label}。" + (
        "现有信息尚不足以作出判断，需补充下列事实后方可确定。" if verdict.code == "needs_facts" else ""))]
    if verdict.code == "out_of_scope":
        conclusion.append(DraftParagraph(kind="body", text="所询问题不属于数据出境合规咨询的范围，本窗口无法就此作出答复。"))
    shown = [s for s in verdict.steps if verdict.code != "info" and not restates_questions(s.finding, verdict)]
    for n, step in enumerate(shown):
        conclusion.append(DraftParagraph(kind="body", text=f"{n + 1}. {step.check}：{step.finding}{mark(step.citation)}"))
    sections.append(("结论", conclusion))

    if response.citations:
        basis = [
            DraftParagraph(kind="quote", text=f"（{int_to_zh(n + 1)}）[{n + 1}]《{c.title}》{c.label}：“{_quote(c, composer)}”")
            for n, c in enumerate(response.citations)
        ]
        sections.append(("依据", basis))

    if verdict.obligations:
        sections.append(("仍需履行的义务", [
            DraftParagraph(kind="body", text=f"{n}. {o.text}{mark(o.citation)}") for n, o in enumerate(verdict.obligations, start=1)
        ]))

    advice: list[DraftParagraph] = []
    for missing in verdict.missing_facts:
        choices = f"（{'／'.join(missing.choices)}）" if missing.choices else ""
        advice.append(DraftParagraph(kind="body", text=f"请补充说明：{missing.question}{choices}"))
    advice += [DraftParagraph(kind="body", text=f"请注意：{w}") for w in verdict.warnings]
    if verdict.code == "out_of_scope":
        advice.append(DraftParagraph(kind="body", text="建议就所询事项向相关主管部门咨询。"))
    else:
        advice.append(DraftParagraph(kind="body", text="建议对照上述条文原文，结合实际出境的数据种类、数量和接收方逐项核实；情况发生变化的，请重新咨询。"))
    sections.append(("建议", advice))
    sections.append(("免责声明", [DraftParagraph(kind="body", text=DISCLAIMER)]))

    for n, (heading, body) in enumerate(sections):
        blocks.append(DraftParagraph(kind="heading", text=f"{int_to_zh(n + 1)}、{heading}"))
        blocks += body
    blocks.append(DraftParagraph(kind="signature", text=SIGNATURE))
    blocks.append(DraftParagraph(kind="signature", text=zh_date(today or date.today())))
    return blocks


def _premises(response: AskResponse, mark: Callable[[Citation | None], str]) -> list[DraftParagraph]:
    """The facts the verdict rests on (as read, answered or corrected), then each stated assumption with its article."""
    facts = [f for f in response.understood if f.source != "assumed"]
    lines = [f"{f.label}：{f.text}" for f in facts]
    lines += [f"{a.text}{mark(a.citation)}" for a in response.verdict.assumptions]
    out = [DraftParagraph(kind="body", text=f"{n}. {line}") for n, line in enumerate(lines, start=1)]
    if facts:
        out.insert(0, DraftParagraph(kind="body", text="本答复基于来函所述的以下情况及前提；如有不符，结论可能不同："))
    return out


def _articles(pipeline: Pipeline | None) -> Mapping[str, Article]:
    try:
        if pipeline is None:
            from assistant.pipeline import get_pipeline

            pipeline = get_pipeline()
        return pipeline.corpus.articles
    except Exception:
        return {}  # quotes fall back to the whole article text, which the citation carries


def render_blocks_markdown(blocks: Sequence[DraftParagraph]) -> str:
    out: list[str] = []
    for block in blocks:
        if block.kind == "title":
            out.append(f"# {block.text}")
        elif block.kind == "heading":
            out.append(f"## {block.text}")
        elif block.kind == "quote":
            out.append(f"> {block.text}")
        elif block.kind == "signature":
            out.append(f"<p align=\"right\">{block.text}</p>")
        elif block.kind == "salutation":
            out.append(f"**{block.text}**")
        else:
            out.append(block.text)
    return "\n\n".join(out) + "\n"


def render_draft(response: AskResponse, company: str | None = None, *, today: date | None = None,
                 pipeline: Pipeline | None = None) -> str:
    """The reply draft as Markdown."""
    return render_blocks_markdown(draft_blocks(response, company, today=today, pipeline=pipeline))


def render_docx(response: AskResponse, company: str | None = None, *, today: date | None = None,
                pipeline: Pipeline | None = None) -> bytes:
    """The reply draft as a .docx file (bytes)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    for block in draft_blocks(response, company, today=today, pipeline=pipeline):
        if block.kind == "title":
            paragraph = document.add_heading(block.text, level=1)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "heading":
            document.add_heading(block.text, level=2)
        elif block.kind == "quote":
            paragraph = document.add_paragraph(block.text)
            paragraph.paragraph_format.left_indent = Pt(21)
            for run in paragraph.runs:
                run.italic = True
        elif block.kind == "signature":
            paragraph = document.add_paragraph(block.text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            paragraph = document.add_paragraph(block.text)
            if block.kind == "body":
                paragraph.paragraph_format.first_line_indent = Pt(21)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
