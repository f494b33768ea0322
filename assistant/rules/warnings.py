"""Warnings the verdict carries: an illustrative list, a document not yet (or no longer) in force.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.lists.model import NegativeList
from assistant.models import (
    Citation,
    Language,
)
from assistant.rules.core import CorpusLike


def _illustrative_warning(lst: NegativeList, language: Language) -> str:
    if language == "zh":
        return "本结论使用的负面清单是示例清单（示例，非官方文本），不是官方公布的负面清单；请以官方发布的负面清单为准。"
    return "The negative list used here is an illustrative sample, not the official list; rely only on the officially published list."


def _document_warnings(citations: Sequence[Citation], as_of: date, corpus: CorpusLike, language: Language) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for c in citations:
        if c.doc_id in seen:
            continue
        seen.add(c.doc_id)
        if c.status in {"superseded", "partial"}:
            out.append(
                f"引用的《{c.title}》状态为“{c.status}”，请核对现行有效文本。" if language == "zh"
                else f"The cited '{c.title}' is marked '{c.status}'; check the text currently in force."
            )
        documents = getattr(corpus, "documents", None)
        doc = documents.get(c.doc_id) if isinstance(documents, dict) else None
        effective = getattr(doc, "effective", None)
        repealed = getattr(doc, "repealed", None)
        if isinstance(effective, date) and effective > as_of:
            out.append(f"《{c.title}》自{effective.isoformat()}起施行，晚于判断日期。" if language == "zh"
                       else f"'{c.title}' takes effect on {effective.isoformat()}, after the date of this check.")
        if isinstance(repealed, date) and repealed <= as_of:
            out.append(f"《{c.title}》已于{repealed.isoformat()}失效。" if language == "zh"
                       else f"'{c.title}' ceased to apply on {repealed.isoformat()}.")
    return out
