"""The vocabulary of the rule engine: document ids, the answers a missing fact can take (`Option`), the
question itself (`NeedFact`), `patch_facts` (a chosen answer back into Facts) and the engine's core (`_Core`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from assistant.lists.model import NegativeList, Sector
from assistant.models import (
    Citation,
    DataItem,
    Facts,
    Language,
    ListMatch,
    MissingFact,
    Step,
)
from assistant.vocabulary import (
    ASSESSMENT_MEASURES,
    MEASURES,
    NETWORK_DATA_REGULATION,
    NON_SENSITIVE_PI_CUTS,
    PROVISIONS,
    SENSITIVE_PI_CUT,
    SHANGHAI_ZONES,
    STANDARD_CONTRACT_MEASURES,
)
from assistant.vocabulary import PIPL as PIPL_ID

# Document ids, zones and cut points have one home (assistant/vocabulary.py); the rules use SPEC §3's letters.
M = MEASURES
P = PROVISIONS
A = ASSESSMENT_MEASURES
S = STANDARD_CONTRACT_MEASURES
N = NETWORK_DATA_REGULATION
PIPL = PIPL_ID

SH_ZONES = SHANGHAI_ZONES
MAX_QUESTIONS = 3
# Engine runs allowed while trying the answers to unknown facts; beyond it an unknown counts as decisive
# (asking is always safe, guessing is not).
EXPLORATION_BUDGET = 3000

# National volume cut points (P5(4), P7, P8): non-sensitive PI people, sensitive PI people.
NON_SENSITIVE_CUTS = NON_SENSITIVE_PI_CUTS
SENSITIVE_CUTS = (1, SENSITIVE_PI_CUT)  # none / under 10,000 / 10,000 or more

_YES = {"zh": "是", "en": "yes"}
_NO = {"zh": "否", "en": "no"}
_UNSURE = {"zh": "不确定", "en": "not sure"}


class CorpusLike(Protocol):
    """What the engine needs of `ingest.corpus.Corpus`: resolving citations (KeyError/ValueError when absent)."""

    def cite(self, doc_id: str, number: int, paragraph: int | None = None, item: int | None = None) -> Citation: ...


# --------------------------------------------------------------------------------------- unknown facts


@dataclass(frozen=True)
class Option:
    """One answer to a clarifying question and the Facts change it makes."""

    zh: str
    en: str
    patch: dict[str, Any]
    explore: bool = True  # False for answers that lead exactly where another one does (临港 ≡ 上海自贸区)

    def label(self, language: Language) -> str:
        return self.zh if language == "zh" else self.en


class NeedFact(Exception):
    # A signal that a fact is missing, not a failure.
    """Raised by a rule that cannot go on without `key`."""

    def __init__(
        self,
        key: str,
        question: dict[Language, str],
        options: Sequence[Option],
        basis: Sequence[Citation] = (),
        matches: Sequence[ListMatch] = (),
        default: int = 0,
    ) -> None:
        super().__init__(key)
        self.key = key
        self.question = question
        self.options = list(options)
        self.basis = list(basis)
        self.matches = list(matches)
        self.default = default

    def missing_fact(self, language: Language) -> MissingFact:
        choices = [o.label(language) for o in self.options]
        return MissingFact(key=self.key, question=self.question[language], choices=[*choices, _UNSURE[language]])


def _yes_no(key: str) -> list[Option]:
    return [Option("是", "yes", {key: True}), Option("否", "no", {key: False})]


def _fmt_people(n: int, language: Language) -> str:
    if language == "zh":
        return f"{n // 10_000}万" if n >= 10_000 and n % 10_000 == 0 else f"{n:,}"
    return f"{n:,}"


def _range_label(lo: int, hi: int | None, language: Language, sensitive: bool) -> str:
    if sensitive and hi == 1:
        return "不含敏感个人信息" if language == "zh" else "no sensitive personal information"
    if language == "zh":
        if hi is None:
            return f"{_fmt_people(lo, 'zh')}人及以上"
        if lo <= 0 or (sensitive and lo == 1):
            return f"不满{_fmt_people(hi, 'zh')}人"
        return f"{_fmt_people(lo, 'zh')}至不满{_fmt_people(hi, 'zh')}人"
    if hi is None:
        return f"{_fmt_people(lo, 'en')} people or more"
    if lo <= 0 or (sensitive and lo == 1):
        return f"under {_fmt_people(hi, 'en')} people"
    return f"{_fmt_people(lo, 'en')} to under {_fmt_people(hi, 'en')} people"


def _count_range(count: int | None, bound: str, upper: int | None) -> tuple[int, int | None]:
    """[lo, hi) of the real figure; hi None = unbounded."""
    if count is None:
        return 0, None
    if bound == "exact":
        return count, count + 1
    if bound == "under":
        return 0, count
    if bound == "at_most":
        return 0, count + 1
    lo = count if bound == "at_least" else count + 1
    return lo, upper if upper is not None and upper > lo else None


def _range_patch(prefix: str, lo: int, hi: int | None) -> dict[str, Any]:
    if hi is not None and lo <= 0:
        return {f"{prefix}_count_ytd": hi, f"{prefix}_count_bound": "under", f"{prefix}_count_upper": None}
    return {f"{prefix}_count_ytd": lo, f"{prefix}_count_bound": "at_least", f"{prefix}_count_upper": hi}


def _bands(cuts: Sequence[int]) -> list[tuple[int, int | None]]:
    edges = [0, *cuts]
    return [(edges[i], edges[i + 1] if i + 1 < len(edges) else None) for i in range(len(edges))]


def _overlap(a: tuple[int, int | None], b: tuple[int, int | None]) -> tuple[int, int | None] | None:
    lo = max(a[0], b[0])
    his = [h for h in (a[1], b[1]) if h is not None]
    hi = min(his) if his else None
    return None if hi is not None and hi <= lo else (lo, hi)


_ITEM_KEY = re.compile(r"^data_items\[(\d+)\]\.(\w+)$")


def patch_facts(facts: Facts, patch: dict[str, Any]) -> Facts:
    """Apply `{key: value}` changes; keys are Facts fields or `data_items[i].field` (the item is created if
    the export had no items listed yet)."""
    top: dict[str, Any] = {}
    items = [i.model_copy() for i in facts.data_items]
    for key, value in patch.items():
        m = _ITEM_KEY.match(key)
        if m:
            index, name = int(m.group(1)), m.group(2)
            if name not in DataItem.model_fields:
                raise KeyError(key)
            while len(items) <= index:
                items.append(DataItem(description=""))
            items[index] = items[index].model_copy(update={name: value})
        else:
            if key not in Facts.model_fields:
                raise KeyError(key)
            top[key] = value
    return facts.model_copy(update={**top, "data_items": items})


# ------------------------------------------------------------------------------------------ the engine


@dataclass
class _ListRoute:
    """The negative-list route is open for this processor."""

    kind: str  # "shanghai" (M8) or "other_ftz" (P6¶2)
    lists: list[NegativeList]
    sector: Sector | None
    via_other_ftz_list: bool = False


@dataclass
class _Shared:
    corpus: CorpusLike
    lists: Sequence[NegativeList]
    as_of: date
    language: Language
    cites: dict[tuple[str, int, int | None, int | None], Citation] = field(default_factory=dict)
    runs: int = 0
    assumed: frozenset[str] = frozenset()  # Facts keys filled by a default of SPEC §3a, not by the user


# ------------------------------------------------------------------------------------ how a list is named


def _list_kind(lst: NegativeList, language: Language) -> str:
    """How a list is named in the text. Titles are left out on purpose: their editions and dates are not
    stated by any cited article, and the answer may state no figure that a cited article does not."""
    if lst.status == "illustrative":
        return "（示例清单，非官方文本）" if language == "zh" else " (an illustrative sample, not the official list)"
    return "（正式发布）" if language == "zh" else " (officially published)"


class _Core:
    """The engine's core: the facts, the steps and citations so far, and the helpers every rule uses."""

    def __init__(self, facts: Facts, shared: _Shared) -> None:
        self.f = facts
        self.sh = shared
        self.lang: Language = shared.language
        self.steps: list[Step] = []
        self.basis: list[Citation] = []
        self.lists_used: list[NegativeList] = []
        self.shanghai_list_used = False
        self.pi: bool | None = None
        self.noted: set[str] = set()

    # ---- helpers

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def cite(self, doc: str, number: int, paragraph: int | None = None, item: int | None = None) -> Citation:
        key = (doc, number, paragraph, item)
        if key not in self.sh.cites:
            try:
                self.sh.cites[key] = self.sh.corpus.cite(doc, number, paragraph, item)
            except ValueError:
                # The parsed article has a different 款/项 structure than expected: cite the whole article
                # rather than fail (the article itself must exist; a KeyError still propagates).
                self.sh.cites[key] = self.sh.corpus.cite(doc, number)
        return self.sh.cites[key]

    def step(self, check: str, finding: str, citation: Citation | None, decisive: bool = False) -> None:
        self.steps.append(Step(check=check, finding=finding, citation=citation))
        if decisive and citation is not None and all(c.id != citation.id or c.label != citation.label for c in self.basis):
            self.basis.append(citation)

    def list_published(self) -> bool | None:
        """Whether a published list covers the processor's field. A user who placed the data on or off a list has
        checked it against their field's list, so that list exists for them (SPEC §3a: taken as said, never
        re-asked) — for the Shanghai list (M8) and another zone's (P6¶2) alike."""
        if self.f.sector_list_published is None and any(i.on_list is not None or i.list_item_id for i in self.f.data_items):
            return True
        return self.f.sector_list_published

    def once(self, key: str) -> bool:
        if key in self.noted:
            return False
        self.noted.add(key)
        return True

    def purposes(self, item: DataItem) -> set[str]:
        """SPEC §3a: a purpose binds to its own data item; an item without purposes of its own takes the export's."""
        return set(item.purposes if item.purposes is not None else self.f.purposes)

    def items(self) -> list[tuple[int, DataItem]]:
        return list(enumerate(self.f.data_items)) or [(0, DataItem(description=""))]

    def item_name(self, index: int, item: DataItem) -> str:
        if len(self.f.data_items) <= 1:
            return ""
        # No ordinal: a figure in the answer must be stated by a cited article.
        name = item.description or self.t("未描述的数据", "undescribed data")
        return self.t(f"【{name}】", f"“{name}”: ")

    def _item_key(self, index: int, name: str) -> str:
        return name if len(self.f.data_items) <= 1 else f"data_items[{index}].{name}"

    def _need_ciio(self) -> NeedFact:
        return NeedFact(
            "is_ciio",
            {
                "zh": "贵单位是否为关键信息基础设施运营者（已被认定并告知）？",
                "en": "Is your organisation a critical information infrastructure operator (designated and notified)?",
            },
            _yes_no("is_ciio"),
            basis=[self.cite(P, 7, 1, 1), self.cite(P, 5, 1, 4)],
            default=1,
        )

