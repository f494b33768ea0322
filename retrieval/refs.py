"""Direct article references in a query: "第八条", "第二十条第一款", "促进规定第五条", "Article 8 of the Shanghai
Measures", "PIPL art. 39", "P5".

A reference names an article number and, optionally, a document. The document is resolved through the names the
corpus gives it (doc_id, title, short title, aliases) plus the common names below; a bare "第八条" means the
Shanghai Measures, the document this product is about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ingest.models import Document

DEFAULT_DOC_ID = "sh-ftz-measures-2025"

# Names users give the fixed documents (SPEC abbreviations, English titles, Chinese short forms). Merged with the
# corpus's own aliases; a name maps to several documents when users use it for several (网络安全法 2016 / 2025).
COMMON_NAMES: dict[str, tuple[str, ...]] = {
    "上海办法": ("sh-ftz-measures-2025",),
    "管理办法": ("sh-ftz-measures-2025",),
    "负面清单管理办法": ("sh-ftz-measures-2025",),
    "负面清单办法": ("sh-ftz-measures-2025",),
    "本办法": ("sh-ftz-measures-2025",),
    "办法": ("sh-ftz-measures-2025",),
    "shanghai measures": ("sh-ftz-measures-2025",),
    "ftz measures": ("sh-ftz-measures-2025",),
    "negative list measures": ("sh-ftz-measures-2025",),
    "the measures": ("sh-ftz-measures-2025",),
    "measures": ("sh-ftz-measures-2025",),
    "促进规定": ("cac-provisions-2024",),
    "跨境流动规定": ("cac-provisions-2024",),
    "数据跨境流动规定": ("cac-provisions-2024",),
    "促进和规范数据跨境流动规定": ("cac-provisions-2024",),
    "provisions": ("cac-provisions-2024",),
    "the provisions": ("cac-provisions-2024",),
    "cross-border data flow provisions": ("cac-provisions-2024",),
    "评估办法": ("cac-assessment-measures-2022",),
    "安全评估办法": ("cac-assessment-measures-2022",),
    "数据出境安全评估办法": ("cac-assessment-measures-2022",),
    "assessment measures": ("cac-assessment-measures-2022",),
    "security assessment measures": ("cac-assessment-measures-2022",),
    "标准合同办法": ("cac-standard-contract-measures-2023",),
    "个人信息出境标准合同办法": ("cac-standard-contract-measures-2023",),
    "standard contract measures": ("cac-standard-contract-measures-2023",),
    "认证办法": ("cac-certification-measures-2025",),
    "个人信息出境认证办法": ("cac-certification-measures-2025",),
    "certification measures": ("cac-certification-measures-2025",),
    "网络数据安全管理条例": ("network-data-regulation-2024",),
    "网数条例": ("network-data-regulation-2024",),
    "network data regulation": ("network-data-regulation-2024",),
    "network data regulations": ("network-data-regulation-2024",),
    "network data security management regulations": ("network-data-regulation-2024",),
    "个人信息保护法": ("pipl-2021",),
    "个保法": ("pipl-2021",),
    "pipl": ("pipl-2021",),
    "personal information protection law": ("pipl-2021",),
    "数据安全法": ("dsl-2021",),
    "数安法": ("dsl-2021",),
    "dsl": ("dsl-2021",),
    "data security law": ("dsl-2021",),
    "网络安全法": ("csl-2025-excerpt", "csl-2016"),
    "网安法": ("csl-2025-excerpt", "csl-2016"),
    "csl": ("csl-2025-excerpt", "csl-2016"),
    "cybersecurity law": ("csl-2025-excerpt", "csl-2016"),
    "关键信息基础设施安全保护条例": ("ciio-regulation-2021",),
    "关保条例": ("ciio-regulation-2021",),
    "关基条例": ("ciio-regulation-2021",),
    "ciio regulation": ("ciio-regulation-2021",),
    "ciio regulations": ("ciio-regulation-2021",),
    "critical information infrastructure regulations": ("ciio-regulation-2021",),
    "上海市数据条例": ("sh-data-regulation-2021",),
    "shanghai data regulations": ("sh-data-regulation-2021",),
    "shanghai data regulation": ("sh-data-regulation-2021",),
}

# Names too generic to mean a document outside an article reference ("有什么办法", "what measures apply").
GENERIC_NAMES = frozenset({"办法", "本办法", "管理办法", "measures", "the measures", "provisions"})

# SPEC shorthand: M8, P5(1), A4, S4, N37.
SHORTHAND: dict[str, str] = {
    "M": "sh-ftz-measures-2025",
    "P": "cac-provisions-2024",
    "A": "cac-assessment-measures-2022",
    "S": "cac-standard-contract-measures-2023",
    "N": "network-data-regulation-2024",
}

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_NUM = "零〇一二两三四五六七八九十百"
_NUM = rf"[{_ZH_NUM}]+|\d+"

_ZH_REF_RE = re.compile(rf"第\s*({_NUM})\s*条(?:\s*第\s*({_NUM})\s*款)?(?:\s*第?\s*[（(]\s*({_NUM})\s*[）)]\s*项)?")
_EN_REF_RE = re.compile(r"(?<![a-z])(?:article|art\.?|arts\.?)\s*(\d{1,3})(?:\s*\((\d{1,2})\))?(?:\s*\((\d{1,2})\))?", re.I)
_SHORT_REF_RE = re.compile(r"(?<![A-Za-z0-9])([MPASN])\s?(\d{1,2})(?:\s?\((\d{1,2})\))?(?![\d])")
_NUMBER_AFTER_NAME_RE = re.compile(r"\s*(?:art(?:icle)?\.?\s*)?(\d{1,3})(?![\d.,%])(?:\s*\((\d{1,2})\))?")
_NAME_BEFORE_RE_GAP = re.compile(r"[\s《》〈〉\"“”'‘’的之]*$")


def zh_to_int(text: str) -> int:
    """Chinese or Arabic numeral to int: '二十一' → 21, '一百零一' → 101, '39' → 39 (ValueError if neither)."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _ZH_NUM for c in text):
        raise ValueError(f"not a numeral: {text!r}")
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _ZH_DIGITS[char]
    return total + current


@dataclass(frozen=True)
class ArticleRef:
    """One reference found in a query; `doc_ids` are candidates in preference order."""

    doc_ids: tuple[str, ...]
    number: int
    paragraph: int | None = None
    item: int | None = None
    explicit_document: bool = False


class ReferenceParser:
    """Finds article references in free text, resolving document names against the corpus's documents."""

    def __init__(self, documents: Iterable[Document], default_doc_id: str = DEFAULT_DOC_ID) -> None:
        known = {d.doc_id for d in documents}
        names: dict[str, list[str]] = {}

        def add(name: str, doc_ids: Iterable[str]) -> None:
            key = name.strip().lower()
            if len(key) < 2:
                return
            for doc_id in doc_ids:
                if doc_id in known and doc_id not in names.setdefault(key, []):
                    names[key].append(doc_id)

        # Corpus-given names come first so they win when a common name would point elsewhere.
        for doc in documents:
            for name in (doc.doc_id, doc.title, doc.short_title, *doc.aliases):
                add(name, [doc.doc_id])
        for name, ids in COMMON_NAMES.items():
            add(name, ids)
        self._names = names
        self._ordered = sorted(names, key=len, reverse=True)
        self._default = default_doc_id if default_doc_id in known else None
        self._shorthand = {k: v for k, v in SHORTHAND.items() if v in known}

    def _names_in(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, name) of every document name in `text`, longer names shadowing the names inside them."""
        low = text.lower()
        found: list[tuple[int, int, str]] = []
        for name in self._ordered:
            start = 0
            while (pos := low.find(name, start)) >= 0:
                end = pos + len(name)
                ascii_name = name.isascii()
                bounded = not ascii_name or (
                    (pos == 0 or not low[pos - 1].isalnum()) and (end == len(low) or not low[end].isalnum())
                )
                if bounded:
                    found.append((pos, end, name))
                    low = low[:pos] + "\0" * len(name) + low[end:]
                start = end
        return sorted(found)

    def parse(self, query: str) -> list[ArticleRef]:
        refs: list[ArticleRef] = []
        names = self._names_in(query)

        def doc_before(pos: int) -> tuple[str, ...] | None:
            for _start, end, name in reversed(names):
                if end <= pos and _NAME_BEFORE_RE_GAP.fullmatch(query[end:pos]) is not None:
                    return tuple(self._names[name])
                if end <= pos:
                    break
            return None

        # A query that names exactly one document binds references that don't sit next to a name ("Article 8 of
        # the Shanghai Measures", "第八条，促进规定里的").
        named_docs = {tuple(self._names[n]) for _, _, n in names}
        only_doc = next(iter(named_docs)) if len(named_docs) == 1 else None

        for m in _ZH_REF_RE.finditer(query):
            try:
                number = zh_to_int(m.group(1))
                paragraph = zh_to_int(m.group(2)) if m.group(2) else None
                item = zh_to_int(m.group(3)) if m.group(3) else None
            except ValueError:
                continue
            docs = doc_before(m.start()) or only_doc
            refs.append(self._ref(docs, number, paragraph, item))
        for m in _EN_REF_RE.finditer(query):
            number = int(m.group(1))
            paragraph = int(m.group(2)) if m.group(2) else None
            item = int(m.group(3)) if m.group(3) else None
            docs = doc_before(m.start()) or only_doc
            refs.append(self._ref(docs, number, paragraph, item))
        # "PIPL 39", "DSL 31", "PIPL art 38(1)": an English short name directly followed by a number.
        for _start, end, name in names:
            if name.isascii() and name not in GENERIC_NAMES:
                after = _NUMBER_AFTER_NAME_RE.match(query, end)
                if after and not re.match(r"\s*(?:art|article)\b", query[end:], re.I):
                    item = int(after.group(2)) if after.group(2) else None
                    refs.append(ArticleRef(tuple(self._names[name]), int(after.group(1)), None, item, explicit_document=True))
        for m in _SHORT_REF_RE.finditer(query):
            doc_id = self._shorthand.get(m.group(1))
            if doc_id:
                item = int(m.group(3)) if m.group(3) else None
                refs.append(ArticleRef((doc_id,), int(m.group(2)), None, item, explicit_document=True))
        return [r for r in refs if r.doc_ids]

    def _ref(self, docs: tuple[str, ...] | None, number: int, paragraph: int | None, item: int | None) -> ArticleRef:
        if docs:
            return ArticleRef(docs, number, paragraph, item, explicit_document=True)
        return ArticleRef((self._default,) if self._default else (), number, paragraph, item)

    def documents_named(self, query: str) -> list[str]:
        """Documents the query names outright (generic words like 办法 / measures excluded), in order of mention."""
        out: list[str] = []
        for _start, _end, name in self._names_in(query):
            if name in GENERIC_NAMES:
                continue
            for doc_id in self._names[name]:
                if doc_id not in out:
                    out.append(doc_id)
        return out

    def without_document_names(self, query: str) -> str:
        """`query` with the names of the documents it names blanked out (generic words like 办法 kept).

        The lexical side uses this when the document boost already carries the name: otherwise the name's bigrams
        match the "document › chapter › article" prefix of every article of that document, favouring its short
        articles over the one whose wording answers the question.
        """
        names = [(start, end) for start, end, name in self._names_in(query) if name not in GENERIC_NAMES]
        for start, end in reversed(names):
            query = f"{query[:start]} {query[end:]}"
        return query

    @property
    def names(self) -> Mapping[str, list[str]]:
        return self._names
