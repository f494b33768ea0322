"""The rule check (SPEC §3): a deterministic verdict on one data export, every step citing its article.

Read it like the law: each rule is a small method named after the article it implements (`m8_…`, `p5_1_…`),
placed in the order SPEC §3 applies them — other laws first (M20¶1), then the negative-list route (M2, M8,
P6), then the national rules of the 2024 Provisions (P2–P8), then what still applies (M10, P10, PIPL 39/55,
M15).

Unknown facts. The engine never guesses: when a rule needs a fact that is unknown it raises `NeedFact` with
the answers the fact can take. `decide()` then tries every answer; if they all lead to the same outcome the
fact does not matter and the reasoning continues (saying so), otherwise the verdict is `needs_facts` and the
question is asked — so only questions that change the outcome are asked, the first one met in the order of
the rules first (the most decisive), at most three.

When the place of registration is unknown but a purpose exemption (P3, P4, P5(1)–(3)) settles every data
item, the zone is not asked: those exemptions apply to every processor (P7¶2, P8¶2).

Question keys are Facts field names, or `data_items[i].on_list` / `data_items[i].list_item_id` (and other
DataItem fields) for one data item; `apply_choice()` turns a clicked choice back into Facts.

Three unknowns are read the way the texts read them rather than asked: data is important data only once it
has been notified or published as such (P2, M14¶2, N37), and export-control matters (M20¶1) and treaties
(M15) only count when the facts say so.

One deliberate strict reading: important data that was notified but is not on a negative list still needs a
security assessment (N37, a State Council regulation; M9 defers to national rules), not the M8 exemption.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, Protocol

from assistant.labels import STRICTNESS, Route, route_label, verdict_label
from assistant.lists import NegativeList, Sector, match_items
from assistant.models import (
    Assumption,
    Citation,
    DataItem,
    Facts,
    Language,
    ListMatch,
    MissingFact,
    Obligation,
    Step,
    Verdict,
    VerdictCode,
)

# Document ids (BRIEF: fixed).
M = "sh-ftz-measures-2025"
P = "cac-provisions-2024"
A = "cac-assessment-measures-2022"
S = "cac-standard-contract-measures-2023"
N = "network-data-regulation-2024"
PIPL = "pipl-2021"

SH_ZONES = ("shanghai_ftz", "lingang")
MAX_QUESTIONS = 3
# Engine runs allowed while trying the answers to unknown facts; beyond it an unknown counts as decisive
# (asking is always safe, guessing is not).
EXPLORATION_BUDGET = 3000

# National volume cut points (P5(4), P7, P8): non-sensitive PI people, sensitive PI people.
NON_SENSITIVE_CUTS = (100_000, 1_000_000)
SENSITIVE_CUTS = (1, 10_000)

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


class _Engine:
    """One pass of the rules over fully given facts (raises NeedFact at the first decisive unknown)."""

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

    def _p5_condition_met(
        self, name: str, key: Literal["individual_is_party", "hr_rules_lawful"], *, item: int,
        question: dict[Language, str], check: str, met: str, unmet: str,
    ) -> bool:
        """P5(1)/(2): the exemption holds only when its condition (fact `key`) is met; unknown → ask."""
        value = getattr(self.f, key)
        citation = self.cite(P, 5, 1, item)
        if value is None:
            raise NeedFact(key, question, _yes_no(key), basis=[citation])
        self.step(name + check, met if value else unmet, citation, decisive=bool(value))
        return bool(value)

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

    # ---- the rules, in order

    def run(self) -> VerdictCode:
        self.sh.runs += 1
        code = self.m20_1_export_control()
        if code is not None:
            return code
        if self.f.registered_zone is None and self.exempt_everywhere():
            return "exempt"
        route = self.negative_list_route()
        codes = [(index, item, self.item_route(index, item, route)) for index, item in self.items()]
        final = max((c for _, _, c in codes), key=lambda c: (STRICTNESS[c], c == "exempt_negative_list"))
        if len(codes) > 1:
            parts = [
                f"{item.description or self.t('未描述的数据', 'undescribed data')} → {verdict_label(code, self.lang)}"
                for index, item, code in codes
            ]
            self.step(
                self.t("多项数据：取最严格的要求", "Several data items: the strictest requirement applies"),
                "; ".join(parts),
                None,
            )
        return final

    def exempt_everywhere(self) -> bool:
        """P3, P4, P5(1)–(3) exempt every processor, in a free trade zone or not (P7¶2, P8¶2 defer to them):
        when each data item is exempt by one of them, where the processor is registered does not matter."""
        if not any(self.purposes(item) - {"other"} for _, item in self.items()):
            return False
        for index, item in self.items():
            if self.important(index, item):
                return False
            if not self.contains_pi(index, item):
                if "trade_no_pi" not in self.purposes(item):
                    return False
            elif self.p4_p5_exemptions(index, item, self.item_name(index, item), record=False) is None:
                return False
        self.step(
            self.t("注册地是否影响结论", "Does the place of registration matter?"),
            self.t("以下豁免对任何数据处理者适用（无论是否在自由贸易试验区），注册地不影响结论。",
                   "The exemptions below apply to every processor, in a free trade zone or not, so the place of registration does not matter."),
            self.cite(P, 7, 2),
        )
        for index, item in self.items():
            self.national(index, item)
        return True

    def m20_1_export_control(self) -> VerdictCode | None:
        """M20¶1: technical data of export-controlled items / technology-export matters follow those laws."""
        if self.f.export_controlled is None and "export_controlled" in getattr(self.f, "unsure", ()):
            raise NeedFact(
                "export_controlled",
                {
                    "zh": "拟出境的数据是否涉及出口管制物项的相关技术资料，或者属于技术出口管理事项？",
                    "en": "Does the data include technical data on export-controlled items, or is it a technology-export matter?",
                },
                _yes_no("export_controlled"),
                basis=[self.cite(M, 20, 1)],
                default=1,
            )
        if self.f.export_controlled:
            self.step(
                self.t("是否涉及出口管制物项技术资料或技术出口管理事项", "Export-controlled technical data or technology export?"),
                self.t(
                    "涉及。此类数据出境按照《中华人民共和国出口管制法》《中华人民共和国对外贸易法》等法律法规、规章规定执行。",
                    "Yes. Such data is exported under the Export Control Law, the Foreign Trade Law and related rules.",
                ),
                self.cite(M, 20, 1),
                decisive=True,
            )
            return "other_law"
        return None

    def negative_list_route(self) -> _ListRoute | None:
        """M2, M8, M20, P6: may this processor use a negative list?"""
        zone = self.f.registered_zone
        if zone is None:
            raise NeedFact(
                "registered_zone",
                {"zh": "贵单位（数据处理者）在哪里注册？", "en": "Where is your organisation (the data processor) registered?"},
                [
                    Option("上海自贸试验区", "Shanghai FTZ", {"registered_zone": "shanghai_ftz"}),
                    Option("临港新片区", "Lingang New Area", {"registered_zone": "lingang"}, explore=False),
                    Option("其他自由贸易试验区", "another free trade zone", {"registered_zone": "other_ftz"}),
                    Option("不在自由贸易试验区", "outside any free trade zone", {"registered_zone": "outside"}),
                ],
                basis=[self.cite(M, 2), self.cite(M, 8), self.cite(P, 6, 2)],
                default=3,
            )
        if zone in SH_ZONES:
            return self.m2_m8_shanghai_route()
        if zone == "other_ftz":
            return self.p6_2_other_ftz_route()
        if "registered_zone" in self.sh.assumed:
            finding = self.t(
                "未述及在上海自贸试验区或临港新片区注册，按国家规定判断（《管理办法》及其负面清单只适用于区内注册并在区内开展数据出境活动的数据处理者）。",
                "No registration in the Shanghai FTZ or Lingang is mentioned, so the national rules decide (the Measures and their list apply only to processors registered and exporting there).",
            )
        else:
            finding = self.t(
                "不在上海自贸试验区及临港新片区注册，不适用《管理办法》及其负面清单，按国家规定判断。",
                "Not registered in the Shanghai FTZ or Lingang: the Measures and their list do not apply; the national rules decide.",
            )
        self.step(
            self.t("是否适用上海自贸试验区负面清单（注册地）", "Does the Shanghai FTZ negative list apply (registration)?"),
            finding,
            self.cite(M, 2),
        )
        return None

    def m2_m8_shanghai_route(self) -> _ListRoute | None:
        f = self.f
        self.step(
            self.t("注册地", "Registration"),
            self.t("在上海自贸试验区及临港新片区注册。", "Registered in the Shanghai FTZ / Lingang New Area."),
            self.cite(M, 2),
        )
        if f.is_ciio is None:
            raise self._need_ciio()
        if f.is_ciio:
            self.step(
                self.t("关键信息基础设施运营者能否使用负面清单", "Can a CIIO use the negative list?"),
                self.t(
                    "贵单位为关键信息基础设施运营者，负面清单不适用于关键信息基础设施运营者，按国家规定判断。",
                    "You are a CIIO; the negative list does not apply to CIIOs, so the national rules decide.",
                ),
                self.cite(P, 7, 1, 1),
            )
            return None
        if f.export_in_zone is None:
            raise NeedFact(
                "export_in_zone",
                {
                    "zh": "数据出境活动是否在上海自贸试验区及临港新片区内开展？",
                    "en": "Is the data export carried out within the Shanghai FTZ / Lingang New Area?",
                },
                _yes_no("export_in_zone"),
                basis=[self.cite(M, 2)],
                default=0,  # M2 reads registration and activity together; "in the zone" is the natural reading
            )
        if not f.export_in_zone:
            self.step(
                self.t("数据出境活动是否在区内开展", "Is the export carried out in the zone?"),
                self.t(
                    "数据出境活动不在区内开展，不适用《管理办法》，按国家规定判断。",
                    "The export is not carried out in the zone: the Measures do not apply; the national rules decide.",
                ),
                self.cite(M, 2),
            )
            return None
        self.step(
            self.t("数据出境活动是否在区内开展", "Is the export carried out in the zone?"),
            self.t("未述及在区外开展，按在区内开展判断，适用《管理办法》。", "No other place is mentioned, so the export is taken as carried out in the zone: the Measures apply.")
            if "export_in_zone" in self.sh.assumed
            else self.t("在区内开展，适用《管理办法》。", "Yes: the Measures apply."),
            self.cite(M, 2),
        )
        return self.m8_m20_sector_covered()

    def m8_m20_sector_covered(self) -> _ListRoute | None:
        """M8: the field must be covered by a published list; M20¶3: another FTZ's official list may be used;
        M20¶2: fields not covered follow the national rules."""
        f = self.f
        zone = f.registered_zone
        if f.sector_list_published is None and any(i.on_list is not None or i.list_item_id for i in f.data_items):
            # The user already checked the data against their field's list, so that list exists for them
            # (SPEC §3a: "the data is (not) on the list" is taken as said, never re-asked).
            f = f.model_copy(update={"sector_list_published": True})
        local = [lst for lst in self.sh.lists if lst.applies_in(zone)]
        if f.sector:
            for lst in local:
                sector = lst.find_sector(f.sector)
                if sector is not None:
                    self.step(
                        self.t("所属行业、领域是否已公布负面清单", "Is the field covered by a published negative list?"),
                        self.t(
                            f"“{sector.name}”领域已有负面清单{_list_kind(lst, 'zh')}，负面清单外的数据可以免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。",
                            f"The field '{sector.name}' is covered by a negative list{_list_kind(lst, 'en')}; data outside the list is exempt from the three mechanisms.",
                        ),
                        self.cite(M, 8),
                        decisive=True,
                    )
                    return _ListRoute("shanghai", [lst], sector)
            for lst in self.sh.lists:
                sector = lst.find_sector(f.sector)
                if sector is not None and lst.status == "official" and not lst.applies_in(zone):
                    self.step(
                        self.t("可否参照其他自贸区负面清单", "May another FTZ's list be referred to?"),
                        self.t(
                            f"“{sector.name}”领域由其他自由贸易试验区正式发布的负面清单覆盖，可参照执行。",
                            f"The field '{sector.name}' is covered by another FTZ's officially published list, which may be referred to.",
                        ),
                        self.cite(M, 20, 3),
                        decisive=True,
                    )
                    return _ListRoute("shanghai", [lst], sector, via_other_ftz_list=True)
            if f.sector_list_published:
                self.step(
                    self.t("所属行业、领域是否已公布负面清单", "Is the field covered by a published negative list?"),
                    self.t(
                        "据所述，贵单位所属领域已有公布的负面清单，但本系统未收录该清单，条目需由贵单位确认。",
                        "You say a published list covers your field, but it is not loaded here; its entries must be confirmed by you.",
                    ),
                    self.cite(M, 8),
                    decisive=True,
                )
                return _ListRoute("shanghai", [], None)
            return self._not_covered()
        if f.sector_list_published is False:
            return self._not_covered()
        if f.sector_list_published:
            # The user says their field has a list (or placed the data on/off it) without naming the field: the loaded
            # lists are searched across fields, and what they cannot confirm is taken as said (SPEC §3a).
            self.step(
                self.t("所属行业、领域是否已公布负面清单", "Is the field covered by a published negative list?"),
                self.t("据所述，贵单位所属领域已有公布的负面清单。", "You say a published list covers your field."),
                self.cite(M, 8),
                decisive=True,
            )
            return _ListRoute("shanghai", local, None)
        options = [
            Option(s.name, s.id, {"sector": s.id}) for lst in local for s in lst.sectors
        ]
        options.append(Option("其他行业", "another field", {"sector": "other", "sector_list_published": False}))
        raise NeedFact(
            "sector",
            {
                "zh": "贵单位属于哪个行业、领域？（负面清单目前覆盖的领域见选项）",
                "en": "Which field is your business in? (the fields the negative list covers are listed)",
            },
            options,
            basis=[self.cite(M, 8), self.cite(M, 20, 2)],
            default=len(options) - 1,
        )

    def _not_covered(self) -> _ListRoute | None:
        self.step(
            self.t("所属行业、领域是否已公布负面清单", "Is the field covered by a published negative list?"),
            self.t(
                "所属行业、领域未被负面清单覆盖，按《网络数据安全管理条例》《数据出境安全评估办法》《个人信息出境标准合同办法》《促进和规范数据跨境流动规定》等规定执行。",
                "The field is not covered by a negative list: the national rules (Network Data Regulation, Assessment Measures, Standard Contract Measures, the Provisions on Promoting and Regulating Cross-Border Data Flows) apply.",
            ),
            self.cite(M, 20, 2),
        )
        return None

    def p6_2_other_ftz_route(self) -> _ListRoute | None:
        """P6¶2: a processor in another FTZ uses its own zone's published list."""
        f = self.f
        self.step(
            self.t("是否适用上海《管理办法》", "Do the Shanghai Measures apply?"),
            self.t(
                "在其他自由贸易试验区注册，不适用上海《管理办法》；可适用本自由贸易试验区依法制定并备案的负面清单。",
                "Registered in another free trade zone: the Shanghai Measures do not apply, but that zone's own negative list may.",
            ),
            self.cite(M, 2),
        )
        if f.is_ciio is None:
            raise self._need_ciio()
        if f.is_ciio:
            self.step(
                self.t("关键信息基础设施运营者能否使用负面清单", "Can a CIIO use the negative list?"),
                self.t("关键信息基础设施运营者按国家规定判断。", "A CIIO follows the national rules."),
                self.cite(P, 7, 1, 1),
            )
            return None
        published = f.sector_list_published
        if published is None and any(i.on_list is not None or i.list_item_id for i in f.data_items):
            # The user already checked the data against their zone's list, so that list exists for them.
            published = True
        if published is None:
            raise NeedFact(
                "sector_list_published",
                {
                    "zh": "贵单位所在自由贸易试验区是否已正式公布覆盖贵单位所属行业、领域的数据出境负面清单？",
                    "en": "Has your free trade zone officially published a data-export negative list covering your field?",
                },
                _yes_no("sector_list_published"),
                basis=[self.cite(P, 6, 2)],
                default=1,
            )
        if not published:
            self.step(
                self.t("所在自贸区负面清单是否覆盖本领域", "Does the zone's list cover the field?"),
                self.t("未覆盖，按国家规定判断。", "No: the national rules decide."),
                self.cite(P, 6, 2),
            )
            return None
        own = [lst for lst in self.sh.lists if f.other_ftz_name and lst.applies_in(f.other_ftz_name)]
        sector = next((s for lst in own if f.sector for s in [lst.find_sector(f.sector)] if s), None)
        self.step(
            self.t("所在自贸区负面清单是否覆盖本领域", "Does the zone's list cover the field?"),
            self.t(
                "覆盖。自由贸易试验区内数据处理者向境外提供负面清单外的数据，可以免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。",
                "Yes. Data outside that zone's negative list is exempt from the three mechanisms.",
            ),
            self.cite(P, 6, 2),
            decisive=True,
        )
        return _ListRoute("other_ftz", own, sector)

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

    # ---- per data item

    def item_route(self, index: int, item: DataItem, route: _ListRoute | None) -> VerdictCode:
        if route is not None:
            return self.list_item(index, item, route)
        return self.national(index, item)

    def important(self, index: int, item: DataItem) -> bool:
        """P2 / M14¶2 / N37: only data notified or published as important data counts as important data."""
        value = item.important_data if item.important_data is not None else self.f.important_data
        if value is None and "important_data" in getattr(self.f, "unsure", ()):
            # The user said they do not know whether it was notified: that is a fact, and it decides.
            key = self._item_key(index, "important_data")
            raise NeedFact(
                key,
                {
                    "zh": "拟出境的数据是否已被相关部门、地区告知或者公开发布为重要数据？",
                    "en": "Has the data been notified to you, or published, as important data by the authorities?",
                },
                _yes_no(key),
                basis=[self.cite(M, 14, 2) if self.measures_apply() else self.cite(P, 2), self.cite(P, 7, 1, 2)],
                default=1,
            )
        if value is False and self.once("p2"):
            self.step(
                self.t("是否属于重要数据", "Important data?"),
                self.t(
                    "未被相关部门、地区告知或者公开发布为重要数据的，不需要作为重要数据申报数据出境安全评估。",
                    "Data not notified or published as important data need not be declared as important data for a security assessment.",
                ),
                self.cite(M, 14, 2) if self.measures_apply() else self.cite(P, 2),
            )
        if value is None and self.once("p2"):
            self.step(
                self.t("是否属于重要数据", "Important data?"),
                self.t(
                    "未述及被相关部门、地区告知或者公开发布为重要数据，不需要作为重要数据申报数据出境安全评估；如已被告知，结论会改变。",
                    "No notification or publication as important data is mentioned, so the data need not be declared as important data; if it was notified, the outcome changes.",
                ),
                self.cite(M, 14, 2) if self.measures_apply() else self.cite(P, 2),
            )
        return bool(value)

    def measures_apply(self) -> bool:
        """M2: registered in the Shanghai FTZ / Lingang and exporting from there."""
        return self.f.registered_zone in SH_ZONES and bool(self.f.export_in_zone)

    def list_item(self, index: int, item: DataItem, route: _ListRoute) -> VerdictCode:
        """M8 / P6¶2: data outside the list is exempt; data on it takes the entry's route."""
        name = self.item_name(index, item)
        important = self.important(index, item)
        entry = None
        on_list = item.on_list
        if item.list_item_id:
            for lst in route.lists or list(self.sh.lists):
                found = lst.find_item(item.list_item_id)
                if found is not None:
                    entry = (lst, *found)
                    break
            on_list = True
        art = self.cite(M, 8) if route.kind == "shanghai" else self.cite(P, 6, 2)
        if on_list is None:
            matches = (
                match_items(item.description, route.lists, sector=route.sector.id if route.sector else None)
                if item.description and route.lists
                else []
            )
            options = [
                Option(
                    f"是：{m.item_id} {m.category}／{m.subcategory}",
                    f"yes: {m.item_id} {m.category} / {m.subcategory}",
                    {f"data_items[{index}].on_list": True, f"data_items[{index}].list_item_id": m.item_id},
                )
                for m in matches
            ]
            if options:
                options.append(Option("是，但属于其他条目", "yes, under another entry", {f"data_items[{index}].on_list": True}))
            else:
                options = [Option("是", "yes", {f"data_items[{index}].on_list": True})]
            options.append(Option("否（不在负面清单上）" if matches else "否", "no (not on the list)" if matches else "no",
                                  {f"data_items[{index}].on_list": False}))
            what = item.description or self.t("拟出境的数据", "the data to be exported")
            raise NeedFact(
                f"data_items[{index}].on_list",
                {
                    "zh": f"“{what}”是否属于负面清单所列数据？" + ("以下为可能对应的条目，请确认。" if matches else ""),
                    "en": f"Is '{what}' data listed on the negative list?" + (" Possible entries are offered: please confirm." if matches else ""),
                },
                options,
                basis=[art],
                matches=matches,
                default=len(options) - 1,
            )
        if not on_list:
            if important:
                # N37 (a State Council regulation) requires an assessment for notified important data; M9 defers
                # to national rules. A list that omits notified important data does not lift that.
                self.step(
                    name + self.t("负面清单外的重要数据", "Important data not on the list"),
                    self.t(
                        "该数据不在负面清单上，但已被告知或者公开发布为重要数据；重要数据确需向境外提供的，应当通过数据出境安全评估，国家法律法规另有规定的依照其规定执行。",
                        "The data is not on the list but has been notified as important data; important data must pass a security assessment, and national rules prevail where they provide otherwise.",
                    ),
                    self.cite(N, 37),
                    decisive=True,
                )
                self.step(name + self.t("国家规定优先", "National rules prevail"), self.t("依照国家规定执行。", "National rules apply."),
                          self.cite(M, 9), decisive=True)
                self.p7_important_data(name, self.purposes(item))
                return "security_assessment"
            self.step(
                name + self.t("数据是否在负面清单上", "Is the data on the negative list?"),
                self.t(
                    "不在负面清单上：可以免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。",
                    "Not on the list: exempt from security assessment, standard contract and certification.",
                ),
                art,
                decisive=True,
            )
            if route.kind == "shanghai":
                self.shanghai_list_used = True
                self.lists_used.extend(route.lists)
                self.step(
                    name + self.t("负面清单制度的国家依据", "The national basis of FTZ negative lists"),
                    self.t("自由贸易试验区内数据处理者向境外提供负面清单外的数据，可以免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。",
                           "Processors in a free trade zone may export data outside the zone's negative list without the three mechanisms."),
                    self.cite(P, 6, 2),
                    decisive=True,
                )
            return "exempt_negative_list"

        # On the list.
        if route.kind == "shanghai":
            self.shanghai_list_used = True
        purpose_exempt = {"foreign_collected_transit", "contract_with_individual", "hr_management", "emergency"}
        if not important and self.purposes(item) & purpose_exempt and self.contains_pi(index, item):
            # P4, P5(1)-(3) exempt every processor, whatever a list says of the data (P7¶2 and P8¶2 defer to them, as
            # for CIIOs, who cannot use the lists at all): a listed item that one of them covers is exempt.
            exempt = self.p4_p5_exemptions(index, item, name)
            if exempt is not None:
                return exempt
        if entry is None and item.list_route is not None:
            return self.stated_entry_route(name, item.list_route, important, art, route)
        if entry is None:
            candidates = [e for lst in route.lists for e in lst.entries()
                          if route.sector is None or e[0].id == route.sector.id]
            if candidates:
                matches = match_items(item.description, route.lists, k=5,
                                      sector=route.sector.id if route.sector else None) if item.description else []
                # Every entry of the field is a possible answer (best matches first); entries that the rules
                # treat alike (same route, kind and conditions) are tried once.
                ranked = {m.item_id: n for n, m in enumerate(matches)}
                entries = sorted((it for _, _, it in candidates), key=lambda it: ranked.get(it.id, len(ranked)))
                seen_kinds: set[str] = set()
                options = []
                for it in entries:
                    kind = f"{it.route}|{it.data_kind}|{it.thresholds.model_dump_json()}"
                    options.append(Option(f"{it.id} {it.category}／{it.subcategory}", f"{it.id} {it.category} / {it.subcategory}",
                                          {f"data_items[{index}].list_item_id": it.id}, explore=kind not in seen_kinds))
                    seen_kinds.add(kind)
                raise NeedFact(
                    f"data_items[{index}].list_item_id",
                    {
                        "zh": f"“{item.description or '该数据'}”对应负面清单的哪一条目？",
                        "en": f"Which negative-list entry does '{item.description or 'the data'}' correspond to?",
                    },
                    options,
                    basis=[art],
                    matches=matches,
                )
            # The list is not loaded: P6¶1 — listed data is within the scope of the mechanisms; the national
            # thresholds choose between them, never less than a standard contract / certification.
            self.step(
                name + self.t("负面清单条目", "The list entry"),
                self.t(
                    "该数据在负面清单上，但本系统未收录该清单条目；负面清单所列数据需要纳入数据出境安全评估、个人信息出境标准合同、个人信息保护认证管理范围，下面按国家规定确定具体方式。",
                    "The data is on a list not loaded here; listed data falls within the three mechanisms, and the national rules choose which.",
                ),
                self.cite(P, 6, 1),
                decisive=True,
            )
            national = self.national(index, item, within_list=True)
            return max(national, "standard_contract_or_certification", key=lambda c: STRICTNESS[c])
        lst, sector, scenario, list_entry = entry
        self.lists_used.append(lst)
        where = self.t(
            f"负面清单{_list_kind(lst, 'zh')}：{sector.name}／{scenario.name}／{list_entry.id} {list_entry.category}／{list_entry.subcategory}",
            f"Negative list{_list_kind(lst, 'en')}: {sector.name} / {scenario.name} / {list_entry.id} {list_entry.category} / {list_entry.subcategory}",
        )
        th = list_entry.thresholds
        if th.people_at_least is not None or th.sensitive_people_at_least is not None:
            reached = False
            if th.sensitive_people_at_least is not None:
                reached = reached or self.sensitive_band((th.sensitive_people_at_least,)) == 1
            if not reached and th.people_at_least is not None:
                reached = self.non_sensitive_band((th.people_at_least,)) == 1
            if not reached:
                self.step(
                    name + self.t("负面清单条目的数量条件", "The entry's volume condition"),
                    self.t(f"{where}：未达到该条目列明的数量条件，不属于负面清单所列数据，可以免予三项机制。",
                           f"{where}: below the entry's stated volume, so the data is outside the list and exempt."),
                    art,
                    decisive=True,
                )
                return "exempt_negative_list"
        if th.defer_to_national:
            self.step(
                name + self.t("负面清单条目", "The list entry"),
                self.t(f"{where}：该条目按国家规定的数量门槛确定出境方式。", f"{where}: the entry defers to the national thresholds."),
                art,
                decisive=True,
            )
            return self.national(index, item, within_list=True)
        code: VerdictCode = list_entry.route
        if important and code != "security_assessment":
            code = "security_assessment"
        self.step(
            name + self.t("负面清单条目", "The list entry"),
            self.t(f"{where}：该条目要求{route_label(list_entry.route, 'zh')}。",
                   f"{where}: the entry requires {route_label(list_entry.route, 'en')}."),
            art,
            decisive=True,
        )
        if code != list_entry.route:
            self.step(name + self.t("重要数据", "Important data"),
                      self.t("该数据已被告知为重要数据，应当通过数据出境安全评估。", "Notified important data needs a security assessment."),
                      self.cite(N, 37), decisive=True)
        return code

    def stated_entry_route(self, name: str, stated: Route, important: bool, art: Citation, route: _ListRoute) -> VerdictCode:
        """M8 / P6¶2: the user read the entry and names its route (SPEC §3a: taken as said, never re-asked). The
        loaded list is illustrative, so the entry could not be checked against an official table: said so."""
        self.lists_used.extend(route.lists)
        self.step(
            name + self.t("负面清单条目", "The list entry"),
            self.t(f"据您所述，该数据在负面清单上，对应条目要求{route_label(stated, 'zh')}（本系统未能据官方清单核对该条目）。",
                   f"You say the data is on the list and its entry requires {route_label(stated, 'en')} (the entry could not be checked against an official list here)."),
            art,
            decisive=True,
        )
        if important and stated != "security_assessment":
            self.step(name + self.t("重要数据", "Important data"),
                      self.t("该数据已被告知为重要数据，应当通过数据出境安全评估。", "Notified important data needs a security assessment."),
                      self.cite(N, 37), decisive=True)
            return "security_assessment"
        return stated

    # ---- national rules (P)

    def national(self, index: int, item: DataItem, within_list: bool = False) -> VerdictCode:
        name = self.item_name(index, item)
        if self.important(index, item):
            return self.p7_important_data(name, self.purposes(item))
        pi = self.contains_pi(index, item)
        if not pi:
            if "trade_no_pi" in self.purposes(item):
                self.step(
                    name + self.t("国际贸易等活动中的非个人信息数据", "Trade data without PI or important data"),
                    self.t(
                        "国际贸易、跨境运输、学术合作、跨国生产制造和市场营销等活动中收集和产生的数据，不包含个人信息或者重要数据，免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证。",
                        "Data from international trade, cross-border transport, academic cooperation, transnational manufacturing or marketing with no PI or important data is exempt.",
                    ),
                    self.cite(P, 3),
                    decisive=True,
                )
                return "exempt"
            self.step(
                name + self.t("是否触发任何出境机制", "Does any mechanism apply?"),
                self.t(
                    "不含个人信息，也不属于重要数据：不触发数据出境安全评估、个人信息出境标准合同或个人信息保护认证的申报条件。",
                    "No personal information and no important data: none of security assessment, standard contract or certification is triggered.",
                ),
                self.cite(P, 7),
                decisive=True,
            )
            self.step(name + self.t("标准合同或认证的条件", "Standard contract / certification condition"),
                      self.t("以个人信息出境为条件，不适用。", "Applies to personal information only: not triggered."),
                      self.cite(P, 8), decisive=True)
            return "exempt"
        if "trade_no_pi" in self.purposes(item):
            self.step(
                name + self.t("国际贸易等活动中的数据", "Data from trade and similar activities"),
                self.t("该数据包含个人信息，不适用不含个人信息或者重要数据的豁免。",
                       "The data includes personal information, so the exemption for data without PI or important data does not apply."),
                self.cite(P, 3),
            )
        exempt = self.p4_p5_exemptions(index, item, name)
        if exempt is not None:
            return exempt
        return self.p5_4_p7_p8_volumes(name)

    def p7_important_data(self, name: str, purposes: set[str]) -> VerdictCode:
        """P7(1)/(2), N37: important data needs a security assessment, with or without PI; P5¶2."""
        ciio = self.f.is_ciio
        if ciio:
            self.step(
                name + self.t("关键信息基础设施运营者提供重要数据", "A CIIO exporting important data"),
                self.t("关键信息基础设施运营者向境外提供重要数据，应当通过所在地省级网信部门向国家网信部门申报数据出境安全评估。",
                       "A CIIO exporting important data must declare a security assessment to the national cyberspace authority through the provincial one."),
                self.cite(P, 7, 1, 1),
                decisive=True,
            )
        else:
            self.step(
                name + self.t("向境外提供重要数据", "Exporting important data"),
                self.t(
                    "已被告知或者公开发布的重要数据（即使不含个人信息）向境外提供，应当通过所在地省级网信部门向国家网信部门申报数据出境安全评估"
                    + ("（无论是否为关键信息基础设施运营者，结论相同）。" if ciio is None else "。"),
                    "Important data (even without any personal information) must go through a security assessment declared to the national cyberspace authority via the provincial one"
                    + (" (whether or not you are a CIIO)." if ciio is None else "."),
                ),
                self.cite(P, 7, 1, 2),
                decisive=True,
            )
        if purposes & {"contract_with_individual", "hr_management", "emergency"}:
            self.step(
                name + self.t("个人信息豁免是否覆盖重要数据", "Do the PI exemptions cover important data?"),
                self.t("不覆盖：第五条所称向境外提供的个人信息，不包括重要数据。",
                       "No: the personal information exemptions do not include important data."),
                self.cite(P, 5, 2),
                decisive=True,
            )
        return "security_assessment"

    def listed_kind(self, item_id: str) -> str | None:
        for lst in self.sh.lists:
            found = lst.find_item(item_id)
            if found is not None:
                return found[-1].data_kind
        return None

    def contains_pi(self, index: int, item: DataItem) -> bool:
        """PIPL 4, 73: pseudonymised data that can still identify a person with other information is PI."""
        f = self.f
        value = item.contains_pi if item.contains_pi is not None else f.contains_pi
        if item.list_item_id and self.listed_kind(item.list_item_id) == "personal_information":
            value = True  # the confirmed list entry is personal information, whatever a summary said of the export
        if f.pseudonymised:
            if self.once("pipl-pseudo"):
                self.step(
                    self.t("去标识化数据是否仍属个人信息", "Is pseudonymised data still personal information?"),
                    self.t(
                        "去标识化是使个人信息在不借助额外信息的情况下无法识别特定自然人的过程；借助额外信息仍可识别的，仍属于个人信息，只有匿名化处理后的信息才不属于个人信息。",
                        "Pseudonymisation only prevents identification without additional information; data that can identify a person with other information remains personal information — only anonymised information is excluded.",
                    ),
                    self.cite(PIPL, 73, 1, 3),
                    decisive=True,
                )
                self.step(self.t("个人信息的定义", "Definition of personal information"),
                          self.t("个人信息不包括匿名化处理后的信息，去标识化信息仍是个人信息。",
                                 "Personal information excludes only anonymised information."),
                          self.cite(PIPL, 4, 1), decisive=True)
            value = True
        if value is None and (f.pi_count_ytd or f.sensitive_pi_count_ytd or item.contains_sensitive_pi or f.contains_sensitive_pi):
            value = True
        if value is None:
            key = self._item_key(index, "contains_pi")
            what = item.description if len(self.f.data_items) > 1 and item.description else self.t("出境数据", "the data")
            raise NeedFact(
                key,
                {
                    "zh": f"{what}是否包含个人信息（包括去标识化后借助其他信息仍可识别个人的信息）？",
                    "en": f"Does {what} include personal information (including pseudonymised data that can still identify a person)?",
                },
                _yes_no(key),
                basis=[self.cite(P, 5, 1, 4), self.cite(P, 8, 1)],
                default=1,
            )
        self.pi = True if value else (self.pi if self.pi else False)
        return value

    def p4_p5_exemptions(self, index: int, item: DataItem, name: str, record: bool = True) -> VerdictCode | None:
        """P4, P5(1)–(3): exemptions for PI by purpose (they apply before the thresholds, P7¶2, P8¶2).
        With record=False only whether one applies is found (questions are still raised)."""
        steps, basis = len(self.steps), list(self.basis)
        code = self._p4_p5_exemptions(name, self.purposes(item))
        if not record:
            del self.steps[steps:]
            self.basis = basis
        return code

    def _p4_p5_exemptions(self, name: str, purposes: set[str]) -> VerdictCode | None:
        f = self.f
        if "foreign_collected_transit" in purposes:
            if f.domestic_data_added is None:
                raise NeedFact(
                    "domestic_data_added",
                    {"zh": "在境内处理过程中，是否引入了境内个人信息或者重要数据？",
                     "en": "During processing in China, was any domestic personal information or important data added?"},
                    _yes_no("domestic_data_added"),
                    basis=[self.cite(P, 4)],
                )
            if not f.domestic_data_added:
                self.step(
                    name + self.t("境外收集、境内处理后出境", "Collected abroad, processed here, sent back"),
                    self.t("在境外收集和产生的个人信息传输至境内处理后向境外提供，处理过程中没有引入境内个人信息或者重要数据，免予三项机制。",
                           "PI collected abroad, processed in China and sent back without adding domestic PI or important data is exempt."),
                    self.cite(P, 4),
                    decisive=True,
                )
                return "exempt"
            self.step(
                name + self.t("境外收集、境内处理后出境", "Collected abroad, processed here, sent back"),
                self.t("处理过程中引入了境内个人信息或者重要数据，不适用该项豁免。",
                       "Domestic PI or important data was added during processing: the exemption does not apply."),
                self.cite(P, 4),
            )
        if "contract_with_individual" in purposes and self._p5_condition_met(
            name, "individual_is_party", item=1,
            question={"zh": "个人本人是否为该合同的一方当事人（而不仅是两家企业之间的合同）？",
                      "en": "Is the individual personally a party to the contract (not just a contract between two companies)?"},
            check=self.t("为订立、履行个人作为一方当事人的合同", "Contract to which the individual is a party"),
            met=self.t("为订立、履行个人作为一方当事人的合同确需向境外提供个人信息的，免予三项机制（限于确需提供的个人信息）。",
                       "PI genuinely needed to conclude or perform a contract to which the individual is a party is exempt (only what is needed)."),
            unmet=self.t("个人不是合同一方当事人（如两家企业之间的合同），不适用该项豁免。",
                         "The individual is not a party (e.g. a contract between two companies): the exemption does not apply."),
        ):
            return "exempt"
        if "hr_management" in purposes and self._p5_condition_met(
            name, "hr_rules_lawful", item=2,
            question={"zh": "跨境人力资源管理是否按照依法制定的劳动规章制度和依法签订的集体合同实施？",
                      "en": "Is the cross-border HR management carried out under lawfully adopted labour rules and a lawfully concluded collective contract?"},
            check=self.t("跨境人力资源管理", "Cross-border HR management"),
            met=self.t("按照依法制定的劳动规章制度和依法签订的集体合同实施跨境人力资源管理，确需向境外提供员工个人信息的，免予三项机制。",
                       "Employee PI genuinely needed for cross-border HR management under lawful labour rules and a collective contract is exempt."),
            unmet=self.t("没有依法制定的劳动规章制度和依法签订的集体合同，不适用该项豁免。",
                         "Without lawfully adopted labour rules and collective contract the exemption does not apply."),
        ):
            return "exempt"
        if "emergency" in purposes:
            self.step(
                name + self.t("紧急情况", "Emergency"),
                self.t("紧急情况下为保护自然人的生命健康和财产安全确需向境外提供个人信息的，免予三项机制。",
                       "PI genuinely needed in an emergency to protect a person's life, health or property is exempt."),
                self.cite(P, 5, 1, 3),
                decisive=True,
            )
            return "exempt"
        return None

    def p5_4_p7_p8_volumes(self, name: str) -> VerdictCode:
        """P7(1) CIIO; P7(2) ≥1,000,000 non-sensitive or ≥10,000 sensitive; P8 100,000–<1,000,000 or <10,000
        sensitive; P5(4) <100,000 non-sensitive and no sensitive. Counts are cumulative since 1 January."""
        f = self.f
        if f.is_ciio is None:
            raise self._need_ciio()
        if f.is_ciio:
            self.step(
                name + self.t("关键信息基础设施运营者提供个人信息", "A CIIO exporting personal information"),
                self.t("关键信息基础设施运营者向境外提供个人信息（无论数量多少），应当通过所在地省级网信部门向国家网信部门申报数据出境安全评估。",
                       "A CIIO exporting any personal information, whatever the number of people, must declare a security assessment via the provincial cyberspace authority."),
                self.cite(P, 7, 1, 1),
                decisive=True,
            )
            return "security_assessment"
        sensitive = self.sensitive_band(SENSITIVE_CUTS)
        plain = self.non_sensitive_band(NON_SENSITIVE_CUTS)
        if self.once("p13"):
            self.step(
                self.t("适用哪一套数量门槛", "Which thresholds apply"),
                self.t(
                    "《数据出境安全评估办法》《个人信息出境标准合同办法》等相关规定与《促进和规范数据跨境流动规定》不一致的，适用《促进和规范数据跨境流动规定》；以下按其门槛判断。",
                    "Where the Assessment Measures or the Standard Contract Measures differ from the Provisions on Promoting and Regulating Cross-Border Data Flows, the Provisions apply; their thresholds are used below.",
                ),
                self.cite(P, 13),
            )
        counted = self.t("自当年1月1日起累计", "cumulative since 1 January of the current year")
        if sensitive == 2 or plain == 2:
            what = self.t("1万人以上敏感个人信息", "sensitive PI of 10,000 or more people") if sensitive == 2 else \
                self.t("100万人以上个人信息（不含敏感个人信息）", "non-sensitive PI of 1,000,000 or more people")
            self.step(
                name + self.t("数量门槛：安全评估", "Volume: security assessment"),
                self.t(f"非关键信息基础设施运营者{counted}向境外提供{what}，应当通过所在地省级网信部门向国家网信部门申报数据出境安全评估。",
                       f"A non-CIIO exporting {what} ({counted}) must declare a security assessment via the provincial cyberspace authority."),
                self.cite(P, 7, 1, 2),
                decisive=True,
            )
            return "security_assessment"
        if sensitive == 1 or plain == 1:
            what = self.t("不满1万人敏感个人信息", "sensitive PI of fewer than 10,000 people") if sensitive == 1 else \
                self.t("10万人以上、不满100万人个人信息（不含敏感个人信息）", "non-sensitive PI of 100,000 to under 1,000,000 people")
            extra = ""
            if sensitive == 1 and plain == 0:
                extra = self.t("（不满10万人的豁免仅适用于不含敏感个人信息的情形）", " (the under-100,000 exemption covers non-sensitive PI only)")
            self.step(
                name + self.t("数量门槛：标准合同或认证", "Volume: standard contract or certification"),
                self.t(f"非关键信息基础设施运营者{counted}向境外提供{what}{extra}，应当依法与境外接收方订立个人信息出境标准合同或者通过个人信息保护认证。",
                       f"A non-CIIO exporting {what} ({counted}){extra} must sign the standard contract with the recipient or obtain certification."),
                self.cite(P, 8, 1),
                decisive=True,
            )
            if sensitive == 1 and plain == 0:
                self.step(name + self.t("不满10万人豁免的范围", "Scope of the under-100,000 exemption"),
                          self.t("该项豁免限于不含敏感个人信息的个人信息。", "It covers non-sensitive PI only."),
                          self.cite(P, 5, 1, 4), decisive=True)
            return "standard_contract_or_certification"
        self.step(
            name + self.t("数量门槛：豁免", "Volume: exempt"),
            self.t(f"非关键信息基础设施运营者{counted}向境外提供不满10万人个人信息（不含敏感个人信息），免予三项机制。",
                   f"A non-CIIO exporting non-sensitive PI of fewer than 100,000 people ({counted}) and no sensitive PI is exempt."),
            self.cite(P, 5, 1, 4),
            decisive=True,
        )
        return "exempt"

    # ---- counts

    def same_people_as_sensitive(self) -> int | None:
        """Only a sensitive count is stated and every data item named is sensitive ("800名患者的病历", "1,500
        employees' ID numbers, bank cards and medical results"): the people whose other PI goes with it are those
        same people, so the non-sensitive count is below that figure's upper end (exclusive) — not an open question
        that could reach P7's million. Items not all sensitive (or none named besides a general mention of PI
        with "其中") leave the count unknown."""
        f = self.f
        if f.sensitive_pi_count_ytd is None or f.counts_since_jan1 is False or not f.data_items:
            return None
        if not all(i.contains_sensitive_pi for i in f.data_items):
            return None
        _, hi = _count_range(f.sensitive_pi_count_ytd, f.sensitive_pi_count_bound, f.sensitive_pi_count_upper)
        return hi

    def sensitive_band(self, cuts: Sequence[int]) -> int:
        """Index of the band (between `cuts`) holding the number of people whose sensitive PI is exported."""
        f = self.f
        flags = [i.contains_sensitive_pi for i in f.data_items]
        flag = f.contains_sensitive_pi
        if flag is None and any(flags):
            flag = True
        if flag is None and flags and all(x is False for x in flags):
            flag = False
        if f.sensitive_pi_count_ytd is not None and f.counts_since_jan1 is not False:
            lo, hi = _count_range(f.sensitive_pi_count_ytd, f.sensitive_pi_count_bound, f.sensitive_pi_count_upper)
            if flag:
                lo = max(lo, 1)
        elif flag is False:
            lo, hi = 0, 1
        elif flag:
            lo, hi = 1, None
        else:
            lo, hi = 0, None
        return self._band("sensitive_pi", (lo, hi), cuts, sensitive=True)

    def non_sensitive_band(self, cuts: Sequence[int]) -> int:
        f = self.f
        if f.counts_since_jan1 is False:  # a figure for another period says nothing of the cumulative count
            lo, hi = 0, None
        elif f.pi_count_ytd is None and self.same_people_as_sensitive() is not None:
            lo, hi = 0, self.same_people_as_sensitive()
        else:
            lo, hi = _count_range(f.pi_count_ytd, f.pi_count_bound, f.pi_count_upper)
        return self._band("pi", (lo, hi), cuts, sensitive=False)

    def _band(self, prefix: str, known: tuple[int, int | None], cuts: Sequence[int], sensitive: bool) -> int:
        bands = _bands(cuts)
        possible = [(i, ov) for i, band in enumerate(bands) if (ov := _overlap(band, known)) is not None]
        if len(possible) == 1:
            return possible[0][0]
        if not possible:  # contradictory facts (e.g. a count below a stated bound); treat as unknown
            possible = list(enumerate(bands))
        options = []
        for index, (lo, hi) in possible:
            # Labels name the band as the articles do; the patch keeps what the user already said.
            label_lo, label_hi = bands[index]
            patch = _range_patch(prefix, lo, hi)
            if sensitive:
                if hi == 1:
                    patch = {"contains_sensitive_pi": False, "sensitive_pi_count_ytd": None,
                             "sensitive_pi_count_bound": "exact", "sensitive_pi_count_upper": None}
                else:
                    patch["contains_sensitive_pi"] = True
            if self.f.counts_since_jan1 is False:
                # The answer is the cumulative count; the other figure (same wrong period) must be asked again.
                other = "pi" if sensitive else "sensitive_pi"
                patch.update({"counts_since_jan1": True, f"{other}_count_ytd": None, f"{other}_count_bound": "exact",
                              f"{other}_count_upper": None})
            options.append(Option(_range_label(label_lo, label_hi, "zh", sensitive),
                                  _range_label(label_lo, label_hi, "en", sensitive), patch))
        if sensitive:
            question: dict[Language, str] = {
                "zh": "自当年1月1日起，累计向境外提供了多少人的敏感个人信息（如医疗健康、金融账户、行踪轨迹、生物识别信息）？",
                "en": "Since 1 January this year, how many people's sensitive personal information (health, financial accounts, whereabouts, biometrics…) have you sent abroad in total?",
            }
        else:
            question = {
                "zh": "自当年1月1日起，累计向境外提供了多少人的个人信息（不含敏感个人信息）？",
                "en": "Since 1 January this year, how many people's personal information (not counting sensitive PI) have you sent abroad in total?",
            }
        raise NeedFact(
            f"{prefix}_count_ytd",
            question,
            options,
            basis=[self.cite(P, 8, 1), self.cite(P, 7, 1, 2), self.cite(P, 5, 1, 4)],
        )


# ------------------------------------------------------------------------------------------ exploration


def _rank(code: VerdictCode) -> int:
    """Outcomes that differ for the user are the mechanisms (SPEC §3a): `exempt` and `exempt_negative_list`
    are one outcome when deciding whether to ask — the answer gives the basis that holds and names the other."""
    return STRICTNESS[code]


@dataclass
class _Explored:
    ranks: frozenset[int]
    engine: _Engine | None = None
    code: VerdictCode = "needs_facts"
    needs: list[NeedFact] = field(default_factory=list)
    assumed: list[tuple[NeedFact, Option]] = field(default_factory=list)
    first: _Engine | None = None  # the partial run that met the first question


def _explore(facts: Facts, shared: _Shared, memo: dict[str, _Explored]) -> _Explored:
    key = facts.model_dump_json()
    if key in memo:
        return memo[key]
    engine = _Engine(facts, shared)
    try:
        code = engine.run()
        result = _Explored(frozenset({_rank(code)}), engine=engine, code=code)
    except NeedFact as need:
        subs: list[tuple[Option, _Explored]] = []
        ranks: set[int] = set()
        keys: list[str] = []
        for option in need.options:
            if not option.explore:
                continue
            if shared.runs > EXPLORATION_BUDGET:
                ranks.update({-1, -2})  # out of budget: treat as decisive
                break
            sub = _explore(patch_facts(facts, option.patch), shared, memo)
            subs.append((option, sub))
            ranks.update(sub.ranks)
            keys.extend(n.key for n in sub.needs)
            if len(ranks) > 1 and len({need.key, *keys}) > MAX_QUESTIONS:
                break
        if len(ranks) == 1:
            explored_options = [o for o in need.options if o.explore]
            chosen = need.options[need.default] if need.options[need.default].explore else explored_options[0]
            sub = next(s for o, s in subs if o is chosen)
            result = _Explored(frozenset(ranks), engine=sub.engine, code=sub.code, assumed=[(need, chosen), *sub.assumed])
        else:
            follow: list[NeedFact] = []
            seen = {need.key}
            for _, sub in subs:
                for n in sub.needs:
                    if n.key not in seen:
                        seen.add(n.key)
                        follow.append(n)
            result = _Explored(frozenset(ranks), needs=[need, *follow], first=engine)
    memo[key] = result
    return result


# ------------------------------------------------------------------------------------------- obligations


def _pi_from_facts(f: Facts, engine: _Engine) -> bool | None:
    """Whether the export includes PI, from the facts alone (when no rule had to ask)."""
    if f.pseudonymised:
        return True
    values = [item.contains_pi if item.contains_pi is not None else f.contains_pi for _, item in engine.items()]
    if any(values):
        return True
    if all(v is False for v in values):
        return False
    return None


def _obligations(engine: _Engine, code: VerdictCode) -> list[Obligation]:
    """SPEC §3.5: what still applies after the verdict."""
    f = engine.f
    t = engine.t
    out: list[Obligation] = []
    measures_apply = engine.measures_apply()
    if engine.shanghai_list_used:
        out.append(Obligation(
            text=t("使用负面清单开展数据出境活动的，应按照所属区域及时向上海自贸试验区管委会、临港新片区管委会报告数据出境情况，包括但不限于数据出境业务场景、出境数据目录、出境数据规模、境外接收方等情况。",
                   "When exporting under the negative list, report the export promptly to the Shanghai FTZ or Lingang administration (by zone), including the business scenario, the catalogue of exported data, its volume and the overseas recipients."),
            citation=engine.cite(M, 10, 1),
        ))
    if measures_apply:
        out.append(Obligation(
            text=t("向境外传输重要数据和个人信息，应当遵守法律、法规的规定，履行数据安全保护义务，采取技术措施和其他必要措施，保障数据出境安全；发生数据出境安全事件或者发现数据出境安全风险增大的，应当采取补救措施，并及时向上海市互联网信息办公室、上海市数据局、上海市公安局、上海市国家安全局、上海自贸试验区管委会、临港新片区管委会报告。",
                   "Fulfil data security duties and take technical and other necessary measures; on a data-export security incident or increased risk, take remedial measures and report promptly to the Shanghai Cyberspace Office, Shanghai Data Bureau, Shanghai Public Security Bureau, Shanghai State Security Bureau and the Shanghai FTZ / Lingang administrations."),
            citation=engine.cite(M, 10, 2),
        ))
    else:
        out.append(Obligation(
            text=t("向境外提供数据，应当遵守法律、法规的规定，履行数据安全保护义务，采取技术措施和其他必要措施，保障数据出境安全；发生或者可能发生数据安全事件的，应当采取补救措施，及时向省级以上网信部门和其他有关主管部门报告。",
                   "Fulfil data security duties and take technical and other necessary measures; on an actual or possible data security incident, take remedial measures and report promptly to the cyberspace authority at provincial level or above and other competent authorities."),
            citation=engine.cite(P, 11),
        ))
    pi = engine.pi if engine.pi is not None else _pi_from_facts(f, engine)
    if pi is not False:
        cond = "" if pi else t("如出境数据包含个人信息：", "If the data includes personal information, ")
        out.append(Obligation(
            text=cond + t("应当按照法律、行政法规的规定履行告知、取得个人单独同意、进行个人信息保护影响评估等义务。",
                          ("f" if cond else "F") + "ulfil the duties of notice, separate consent and a personal information protection impact assessment under laws and regulations."),
            citation=engine.cite(P, 10),
        ))
        out.append(Obligation(
            text=cond + t("应当向个人告知境外接收方的名称或者姓名、联系方式、处理目的、处理方式、个人信息的种类以及个人向境外接收方行使权利的方式和程序等事项，并取得个人的单独同意。",
                          ("t" if cond else "T") + "ell the individuals the overseas recipient's name and contact details, the purpose and manner of processing, the kinds of PI and how to exercise their rights against the recipient, and obtain their separate consent."),
            citation=engine.cite(PIPL, 39),
        ))
        out.append(Obligation(
            text=cond + t("向境外提供个人信息前，应当事前进行个人信息保护影响评估，并对处理情况进行记录。",
                          ("b" if cond else "B") + "efore providing PI abroad, carry out a personal information protection impact assessment and keep a record of the processing."),
            citation=engine.cite(PIPL, 55, 1, 4),
        ))
    if code == "standard_contract_or_certification":
        out.append(Obligation(
            text=t("如选择订立标准合同：应当在标准合同生效之日起10个工作日内向所在地省级网信部门备案。",
                   "If you choose the standard contract: file it with the provincial cyberspace authority within 10 working days of its taking effect."),
            citation=engine.cite(S, 7),
        ))
    if f.treaty_applies:
        if measures_apply:
            out.append(Obligation(
                text=t("我国缔结或者参加的国际条约、协定与国内法律法规有不同规定的，适用该国际条约、协定，但我国声明保留的条款除外。",
                       "Where a treaty or agreement China has concluded or joined provides differently from domestic law, the treaty applies, except clauses China has reserved."),
                citation=engine.cite(M, 15, 1),
            ))
        elif pi is not False:
            out.append(Obligation(
                text=t("我国缔结或者参加的国际条约、协定对向境外提供个人信息的条件等有规定的，可以按照其规定执行。",
                       "Where a treaty or agreement China has concluded or joined sets conditions for providing PI abroad, they may be followed."),
                citation=engine.cite(PIPL, 38, 2),
            ))
    return out


# --------------------------------------------------------------------------------------------- warnings


def _list_kind(lst: NegativeList, language: Language) -> str:
    """How a list is named in the text. Titles are left out on purpose: their editions and dates are not
    stated by any cited article, and the answer may state no figure that a cited article does not."""
    if lst.status == "illustrative":
        return "（示例清单，非官方文本）" if language == "zh" else " (an illustrative sample, not the official list)"
    return "（正式发布）" if language == "zh" else " (officially published)"


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


# ------------------------------------------------------------------------------------------------ decide


def _citation_stating(basis: Sequence[Citation], text: str) -> Citation | None:
    """The first of `basis` whose article states every figure in `text` (so no figure goes uncited)."""
    figures = re.findall(r"\d+万", text)
    for citation in basis:
        if all(f in citation.text for f in figures):
            return citation
    return basis[0] if basis else None


# ---------------------------------------------------------------------------- defaults the law gives (§3a)


@dataclass(frozen=True)
class _LawDefault:
    """One row of SPEC §3a: when the question is silent on `key`, decide as if `patch`; `alternative` is the
    other case, whose verdict the answer names; `cite` the article that decides that other case."""

    key: str
    assumed: Any
    patch: dict[str, Any]
    alternative: dict[str, Any]
    cite: tuple[str, int, int | None, int | None]
    zh: str
    en: str
    other_zh: str
    other_en: str


def _silent(facts: Facts, key: str) -> bool:
    """Neither stated nor hedged: a hedged fact ("应该不是关基") stays unknown and is asked when it matters."""
    return getattr(facts, key) is None and key not in facts.unsure


def _law_defaults(facts: Facts) -> list[_LawDefault]:
    """The defaults that apply to `facts` (none overrides a stated or hedged fact)."""
    out: list[_LawDefault] = []
    if _silent(facts, "is_ciio"):
        # CIIOs are designated and told so (关基条例 art. 10): an operator not told is not one.
        out.append(_LawDefault(
            "is_ciio", False, {"is_ciio": False}, {"is_ciio": True}, (P, 7, 1, 1),
            "未述及贵单位已被认定为关键信息基础设施运营者，按非关基运营者判断",
            "You did not say you have been designated a critical information infrastructure operator, so you are treated as a non-CIIO",
            "已被认定为关键信息基础设施运营者", "you have been designated one",
        ))
    if _silent(facts, "important_data") and all(i.important_data is None for i in facts.data_items):
        # P2, M14¶2, N37: data is important data once notified or published as such.
        out.append(_LawDefault(
            "important_data", False, {}, {"important_data": True}, (P, 7, 1, 2),
            "未述及数据被相关部门、地区告知或者公开发布为重要数据，按非重要数据判断",
            "You did not say the data has been notified or published as important data, so it is treated as not important data",
            "已被告知或者公开发布为重要数据", "it has been notified or published as important data",
        ))
    listed = any(i.on_list or i.list_item_id or i.list_route for i in facts.data_items)
    if _silent(facts, "registered_zone") and not listed:
        # M2: the Measures apply only to processors registered in the zone. Not when the user says the data is on a
        # list: which list (and so which route) depends on where they are registered, so that is asked instead.
        alt: dict[str, Any] = {"registered_zone": "shanghai_ftz", "export_in_zone": True, "sector_list_published": True}
        if facts.sector is None:
            alt["sector"] = "other"  # a field whose list is published but not loaded here: the user's own check
        # the other case keeps what the user said of each item; an item not placed is taken as off the list
        alt.update({f"data_items[{i}].on_list": False for i in range(max(1, len(facts.data_items)))
                    if i >= len(facts.data_items) or facts.data_items[i].on_list is None})
        out.append(_LawDefault(
            "registered_zone", "outside", {"registered_zone": "outside"}, alt, (M, 8, None, None),
            "未述及在上海自贸试验区或临港新片区注册，按国家规定判断",
            "You did not say you are registered in the Shanghai FTZ or Lingang, so the national rules decide",
            "贵单位在区内注册、在区内开展数据出境活动，所属领域已公布负面清单且数据不在清单上",
            "you are registered and export in the zone, your field has a published list and the data is not on it",
        ))
    if facts.registered_zone in SH_ZONES and _silent(facts, "export_in_zone"):
        out.append(_LawDefault(
            "export_in_zone", True, {"export_in_zone": True}, {"export_in_zone": False}, (M, 2, None, None),
            "未述及数据出境活动在区外开展，按在区内开展判断",
            "You did not say the export is carried out outside the zone, so it is taken as carried out there",
            "数据出境活动在区外开展（不适用《管理办法》）", "the export is carried out outside the zone (the Measures then do not apply)",
        ))
    if (
        _silent(facts, "contains_sensitive_pi")
        and facts.sensitive_pi_count_ytd is None
        and facts.contains_pi is not False
        and all(i.contains_sensitive_pi is None for i in facts.data_items)
    ):
        # PIPL 28: PI described in general (names, contacts, orders…) is not sensitive unless a sensitive kind is named.
        out.append(_LawDefault(
            "contains_sensitive_pi", False, {"contains_sensitive_pi": False},
            {"contains_sensitive_pi": True, "sensitive_pi_count_ytd": 1, "sensitive_pi_count_bound": "at_least",
             "sensitive_pi_count_upper": 10_000},
            (P, 8, 1, None),
            "未述及敏感个人信息（如医疗健康、金融账户、行踪轨迹、生物识别、身份证件号码、未成年人信息），按不含敏感个人信息判断",
            "No sensitive personal information (health, financial accounts, whereabouts, biometrics, ID numbers, minors' data) is mentioned, so none is assumed",
            "含有不满1万人的敏感个人信息", "it includes sensitive PI of fewer than 10,000 people",
        ))
    return out


def with_law_defaults(facts: Facts) -> Facts:
    """`facts` with every default of SPEC §3a filled in: what the verdict is decided on."""
    return _with_defaults(facts, _law_defaults(facts))


def _with_defaults(facts: Facts, defaults: Sequence[_LawDefault]) -> Facts:
    patch: dict[str, Any] = {}
    for d in defaults:
        patch.update(d.patch)
    return patch_facts(facts, patch) if patch else facts


def _assumptions(facts: Facts, defaults: Sequence[_LawDefault], code: VerdictCode, corpus: CorpusLike,
                 lists: Sequence[NegativeList], as_of: date, language: Language) -> list[Assumption]:
    """The defaults that bear on the verdict: with the other case the outcome is another mechanism."""
    out: list[Assumption] = []
    for d in defaults:
        others = [x for x in defaults if x is not d]
        alt_facts = patch_facts(_with_defaults(facts, others), d.alternative)
        shared = _Shared(corpus=corpus, lists=lists, as_of=as_of, language=language,
                         assumed=frozenset(x.key for x in others))
        other = _explore(alt_facts, shared, {}).code
        if other == "needs_facts" or _rank(other) == _rank(code):
            continue
        doc, number, paragraph, item = d.cite
        try:
            citation = corpus.cite(doc, number, paragraph, item)
        except ValueError:
            citation = corpus.cite(doc, number)
        label = verdict_label(other, language)
        text = (f"{d.zh}；如{d.other_zh}，结论为“{label}”。" if language == "zh"
                else f"{d.en}; if {d.other_en}, the outcome is: {label}.")
        out.append(Assumption(key=d.key, assumed=d.assumed, text=text, otherwise=other, citation=citation))
    return out


def decide(
    facts: Facts,
    corpus: CorpusLike,
    lists: Sequence[NegativeList],
    as_of: date,
    language: Language = "zh",
) -> Verdict:
    """Apply SPEC §3 steps 1–5 to `facts`. Pure and deterministic; never returns `info` or `out_of_scope`
    (the pipeline decides those before the rule check)."""
    stated = facts
    defaults = _law_defaults(stated)
    facts = _with_defaults(stated, defaults)
    shared = _Shared(corpus=corpus, lists=lists, as_of=as_of, language=language,
                     assumed=frozenset(d.key for d in defaults))
    explored = _explore(facts, shared, {})

    def t(zh: str, en: str) -> str:
        return zh if language == "zh" else en

    if explored.code == "needs_facts":
        first = explored.first
        assert first is not None
        # "Which entry" only follows a "yes, under another entry" to the on-list question: don't ask both.
        asked_on_list = {n.key.rsplit(".", 1)[0] for n in explored.needs if n.key.endswith(".on_list")}
        needs = [n for n in explored.needs
                 if not (n.key.endswith(".list_item_id") and n.key.rsplit(".", 1)[0] in asked_on_list)][:MAX_QUESTIONS]
        steps = list(first.steps)
        basis: list[Citation] = []
        for need in needs:
            for c in need.basis:
                if all(b.id != c.id or b.label != c.label for b in basis):
                    basis.append(c)
        steps.append(Step(
            check=t("尚缺的关键事实", "Facts still missing"),
            finding=t("以下事实会改变结论，请补充：", "These facts change the outcome; please supply them: ")
            + t("；", " ").join(n.question[language] for n in needs),
            citation=needs[0].basis[0] if needs[0].basis else None,
        ))
        matches = list({m.item_id: m for n in needs for m in n.matches}.values())
        warnings: list[str] = []
        for list_id in {m.list_id: m for m in matches}:
            found = next((x for x in lists if x.list_id == list_id), None)
            if found is not None and found.status == "illustrative":
                warnings.append(_illustrative_warning(found, language))
        return Verdict(
            code="needs_facts",
            label=verdict_label("needs_facts", language),
            basis=basis,
            steps=steps,
            missing_facts=[n.missing_fact(language) for n in needs],
            warnings=warnings,
            list_matches=matches,
        )

    engine = explored.engine
    assert engine is not None
    code = explored.code
    steps = []
    for need, option in explored.assumed:
        steps.append(Step(
            check=t("未确认但不影响结论的事实", "An unconfirmed fact that does not change the outcome"),
            finding=t(
                f"{need.question['zh']}——无论如何回答，结论相同；以下按“{option.zh}”的情形说明理由。",
                f"{need.question['en']} — every answer leads to the same outcome; the reasoning below takes '{option.en}'.",
            ),
            citation=_citation_stating(need.basis, option.zh),
        ))
    for step in engine.steps:
        if step not in steps:
            steps.append(step)
    obligations = [] if code == "other_law" else _obligations(engine, code)
    warnings = []
    for lst in {x.list_id: x for x in engine.lists_used}.values():
        if lst.status == "illustrative":
            warnings.append(_illustrative_warning(lst, language))
    cited = [s.citation for s in steps if s.citation is not None] + [o.citation for o in obligations]
    warnings.extend(_document_warnings(cited, as_of, corpus, language))
    assumptions = [] if code == "other_law" else _assumptions(stated, defaults, code, corpus, lists, as_of, language)
    return Verdict(
        code=code,
        label=verdict_label(code, language),
        basis=engine.basis,
        steps=steps,
        obligations=obligations,
        warnings=warnings,
        assumptions=assumptions,
    )


# ---------------------------------------------------------------------------------------- answering


_NOT_SURE = {"不确定", "不知道", "不清楚", "not sure", "unsure", "don't know", "unknown"}


def apply_choice(facts: Facts, missing: MissingFact | str, choice: str, *, corpus: CorpusLike | None = None,
                 lists: Sequence[NegativeList] = (), as_of: date | None = None,
                 language: Language = "zh") -> Facts | None:
    """Fill Facts from one of the `choices` offered for a missing fact (exact choice text, either language).

    Returns None when the choice is "not sure" or not one of the offered answers (the caller then falls back
    to free-text extraction). With `corpus` the question is re-derived so range and list-entry choices map
    exactly; without it the plain yes/no and zone choices still work.
    """
    key = missing.key if isinstance(missing, MissingFact) else missing
    text = choice.strip()
    if text.casefold() in _NOT_SURE:
        return None
    if corpus is not None:
        shared = _Shared(corpus=corpus, lists=lists, as_of=as_of or date.today(), language=language)
        need = _find_need(facts, shared, key)
        if need is not None:
            for option in need.options:
                if text in {option.zh, option.en}:
                    return patch_facts(facts, option.patch)
    yes_no = {"是": True, "yes": True, "否": False, "no": False}
    if text.casefold() in yes_no or text in yes_no:
        value = yes_no.get(text, yes_no.get(text.casefold()))
        try:
            return patch_facts(facts, {key: value})
        except KeyError:
            return None
    zones = {"上海自贸试验区": "shanghai_ftz", "Shanghai FTZ": "shanghai_ftz", "临港新片区": "lingang",
             "Lingang New Area": "lingang", "其他自由贸易试验区": "other_ftz", "another free trade zone": "other_ftz",
             "不在自由贸易试验区": "outside", "outside any free trade zone": "outside"}
    if key == "registered_zone" and text in zones:
        return patch_facts(facts, {"registered_zone": zones[text]})
    return None


def _find_need(facts: Facts, shared: _Shared, key: str) -> NeedFact | None:
    """The question about `key` that the rules would ask for these facts (searching the unknowns in order)."""
    memo: dict[str, _Explored] = {}
    explored = _explore(facts, shared, memo)
    for need in explored.needs:
        if need.key == key:
            return need
    for result in memo.values():
        for need in result.needs:
            if need.key == key:
                return need
    return None


def iter_articles(verdict: Verdict) -> Iterator[str]:
    """Article ids a verdict cites (steps, basis, obligations)."""
    for c in verdict.basis:
        yield c.id
    for s in verdict.steps:
        if s.citation is not None:
            yield s.citation.id
    for o in verdict.obligations:
        yield o.citation.id
