"""The assistant's types: facts about an export, the verdict of the rule check, and the answer (SPEC §4–5).

Every fact may be unknown (None). Unknown is a fact too: when it changes the outcome the verdict is
`needs_facts`, never a guess.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from ingest.models import Citation
from retrieval.hits import SearchHit

VerdictCode = Literal[
    "exempt_negative_list",
    "exempt",
    "standard_contract_or_certification",
    "security_assessment",
    "other_law",
    "needs_facts",
    "info",
    "out_of_scope",
]
Language = Literal["zh", "en"]
CountBound = Literal["exact", "under", "at_most", "at_least", "over"]
Zone = Literal["shanghai_ftz", "lingang", "other_ftz", "outside"]
Route = Literal["security_assessment", "standard_contract_or_certification"]
"""The two transfer mechanisms a negative-list item (or the national thresholds) can require."""
Purpose = Literal[
    "trade_no_pi",  # P3: international trade, cross-border transport, academic cooperation, manufacturing, marketing
    "foreign_collected_transit",  # P4: PI collected abroad, processed here, sent back
    "contract_with_individual",  # P5(1)
    "hr_management",  # P5(2)
    "emergency",  # P5(3)
    "other",
]


class DataItem(BaseModel):
    """One kind of data the company wants to send abroad."""

    description: str = Field(description="The data in the user's words, e.g. '被保险人体检报告'.")
    on_list: bool | None = Field(default=None, description="Whether it is on the applicable negative list.")
    list_item_id: str | None = Field(default=None, description="The confirmed negative-list item, e.g. 'RI-L-01'.")
    list_route: Literal["security_assessment", "standard_contract_or_certification"] | None = Field(
        default=None,
        description="The route the user says the list entry names (taken as said, SPEC §3a; not checked against an "
        "official table when only the illustrative list is loaded).",
    )
    contains_pi: bool | None = Field(default=None, description="Whether it contains personal information.")
    contains_sensitive_pi: bool | None = Field(default=None, description="Whether it contains sensitive PI.")
    important_data: bool | None = Field(
        default=None, description="Whether it has been notified or published as important data (P2, M14¶2, N37)."
    )
    purposes: list[Purpose] | None = Field(
        default=None,
        description="Purposes stated for this item alone (SPEC §3a: a purpose binds to its own data item); None: the "
        "export's purposes (Facts.purposes) apply.",
    )


class Facts(BaseModel):
    """What the rule check needs to know about one export. None = unknown."""

    registered_zone: Zone | None = Field(
        default=None, description="Where the processor is registered: Shanghai FTZ, Lingang, another FTZ, or outside any FTZ."
    )
    other_ftz_name: str | None = Field(default=None, description="Which other FTZ (beijing, tianjin, hainan…), when registered_zone is other_ftz.")
    export_in_zone: bool | None = Field(default=None, description="Whether the export activity is carried out in the zone (M2).")
    is_ciio: bool | None = Field(default=None, description="Whether the processor is a critical information infrastructure operator.")
    sector: str | None = Field(default=None, description="The processor's field, e.g. reinsurance, shipping, trade (a list sector id when known).")
    sector_list_published: bool | None = Field(
        default=None, description="Whether a published negative list covers the processor's field (M8, M20¶3)."
    )
    list_from_other_ftz: str | None = Field(
        default=None,
        description="The other FTZ (beijing, tianjin…) whose officially published list the user says covers the field, "
        "referred to by a Shanghai-zone processor (M20¶3).",
    )
    data_items: list[DataItem] = Field(default_factory=list, description="The kinds of data to be sent, each with its own route.")
    contains_pi: bool | None = Field(default=None, description="Whether the export includes personal information at all.")
    contains_sensitive_pi: bool | None = Field(default=None, description="Whether it includes sensitive PI.")
    important_data: bool | None = Field(default=None, description="Whether it includes data notified or published as important data.")
    pseudonymised: bool | None = Field(default=None, description="Whether the PI is pseudonymised (still PI: PIPL 4, 73).")
    pi_count_ytd: int | None = Field(default=None, description="People whose non-sensitive PI was sent since 1 January this year.")
    pi_count_bound: CountBound = Field(default="exact", description="How pi_count_ytd bounds the real figure.")
    pi_count_upper: int | None = Field(
        default=None,
        description="Exclusive upper bound when only a range is known, with pi_count_bound at_least/over "
        "(e.g. 10万至不满100万 → pi_count_ytd=100000, at_least, pi_count_upper=1000000).",
    )
    sensitive_pi_count_ytd: int | None = Field(default=None, description="People whose sensitive PI was sent since 1 January this year.")
    sensitive_pi_count_bound: CountBound = Field(default="exact", description="How sensitive_pi_count_ytd bounds the real figure.")
    sensitive_pi_count_upper: int | None = Field(
        default=None, description="Exclusive upper bound on the sensitive count when only a range is known (see pi_count_upper)."
    )
    counts_since_jan1: bool | None = Field(
        default=None,
        description="Whether the user said the counts are cumulative since 1 January this year (今年以来 / 自1月1日起累计): "
        "True; False when they gave another period (per month, last year); None when not stated (counts are still used).",
    )
    purposes: list[Purpose] = Field(default_factory=list, description="Purposes that may ground an exemption (P3–P5).")
    individual_is_party: bool | None = Field(default=None, description="P5(1): whether the individual is a party to the contract.")
    hr_rules_lawful: bool | None = Field(
        default=None, description="P5(2): whether lawfully adopted labour rules or a collective contract govern the HR transfer."
    )
    own_employees: bool | None = Field(
        default=None,
        description="P5(2): whether the employees whose data is sent are the processor's own; False when HR or payroll is run "
        "as a service for client companies (their staff are not the processor's employees).",
    )
    domestic_data_added: bool | None = Field(
        default=None, description="P4: whether domestic PI or important data was added while processing in China."
    )
    export_controlled: bool | None = Field(
        default=None, description="M20¶1: technical data of export-controlled items or technology-export matters."
    )
    treaty_applies: bool | None = Field(default=None, description="M15: whether a treaty China concluded governs this export.")
    unsure: list[str] = Field(
        default_factory=list,
        description="Facts the user said they are not sure about (e.g. 'important_data', 'is_ciio'): unknown on the user's "
        "own account, so a rule that would otherwise read the unknown by its default (important data only once notified) "
        "can ask instead. A key leaves this list once its value becomes known.",
    )


class Step(BaseModel):
    """One check of the rule engine, with the article it applies."""

    check: str = Field(description="What was checked, in the answer's language.")
    finding: str = Field(description="What was found.")
    citation: Citation | None = Field(default=None, description="The article the check applies.")


class Obligation(BaseModel):
    """A duty that remains after the verdict (SPEC §3.5)."""

    text: str = Field(description="The duty, in the answer's language.")
    citation: Citation = Field(description="The article that states it.")


class MissingFact(BaseModel):
    """A clarifying question whose answer changes the outcome."""

    key: str = Field(description="The Facts field the answer fills, e.g. 'registered_zone'.")
    question: str = Field(description="The question in the user's language.")
    choices: list[str] = Field(default_factory=list, description="Answer choices to click, e.g. ['是', '否', '不确定'].")


class Assumption(BaseModel):
    """A default the law itself provides, used because the question was silent (SPEC §3a); shown first."""

    key: str = Field(description="The Facts field assumed, e.g. 'is_ciio'.")
    assumed: Any = Field(description="The value the verdict rests on, e.g. False.")
    text: str = Field(description="What was assumed and what would change, in the answer's language.")
    otherwise: VerdictCode = Field(description="The verdict if the assumption is wrong.")
    citation: Citation = Field(description="The article that decides the other case.")


EditionStatus = Literal["in_force", "superseded", "not_yet_in_force", "repealed"]


class ListEdition(BaseModel):
    """One edition of a negative list as an answer names it: the edition the rule check applied, or another
    edition of the same list flagged as superseded / not yet in force (assistant/lists/editions.py)."""

    list_id: str
    title: str
    edition: str
    status: str = Field(description="official or illustrative (the list's own status).")
    effective: date | None = None
    edition_status: EditionStatus = Field(description="In force on the date of the check, or why not.")


class ListMatch(BaseModel):
    """A candidate negative-list item for a user's data description; the user confirms it before it is relied on."""

    list_id: str
    item_id: str
    sector: str
    scenario: str
    category: str
    subcategory: str
    description: str
    route: Route
    score: float
    status: Literal["official", "illustrative"]


class Verdict(BaseModel):
    """The outcome of the deterministic rule check."""

    code: VerdictCode
    label: str = Field(description="Human label of the code in the answer's language.")
    basis: list[Citation] = Field(default_factory=list, description="The articles the outcome rests on.")
    steps: list[Step] = Field(default_factory=list, description="The reasoning, in order.")
    obligations: list[Obligation] = Field(default_factory=list, description="Duties that still apply.")
    missing_facts: list[MissingFact] = Field(default_factory=list, description="At most three, most decisive first.")
    warnings: list[str] = Field(default_factory=list, description="E.g. that an illustrative list was used.")
    list_matches: list[ListMatch] = Field(default_factory=list, description="Negative-list candidates to confirm.")
    list_editions: list[ListEdition] = Field(
        default_factory=list, description="The list edition(s) the check applied, then the other editions of those lists."
    )
    assumptions: list[Assumption] = Field(
        default_factory=list, description="Defaults of SPEC §3a that bear on the verdict (the verdict would differ without them)."
    )


FactSource = Literal["stated", "answered", "assumed", "corrected"]
"""Where a fact came from: the user's words, a clarifying answer, a default of SPEC §3a, or a correction (facts_patch)."""


class UnderstoodFact(BaseModel):
    """One line of the "我理解的情况 / What I understood" card: a fact the verdict rests on, in plain words."""

    key: str = Field(description="The Facts key, e.g. 'is_ciio', 'pi_count_ytd', 'data_items[0].on_list'.")
    label: str = Field(description="What the fact is, in the answer's language, e.g. '关基运营者'.")
    value: Any = Field(default=None, description="The value the verdict rests on (the assumed one for an assumption).")
    text: str = Field(description="The value in plain words, e.g. '否（默认）'.")
    source: FactSource = Field(description="stated, answered, assumed or corrected.")
    kind: Literal["bool", "count", "zone"] = Field(description="How the page edits it: 是/否/不确定, a count or band, a zone.")


class VerdictChange(BaseModel):
    """What a correction changed: the verdict before and after."""

    before: VerdictCode
    after: VerdictCode
    text: str = Field(description="E.g. '结论由 标准合同或认证 变为 安全评估', or that it stayed the same.")
    corrected: dict[str, Any] = Field(default_factory=dict, description="The facts_patch that was applied.")
    read: dict[str, Any] = Field(
        default_factory=dict, description="For each corrected key, the value the verdict rested on before (a default when assumed)."
    )


class LLMReport(BaseModel):
    """What happened on the optional LLM path."""

    used: bool = Field(description="Whether the returned answer text came from the LLM.")
    model: str | None = None
    fallback_reason: str | None = Field(default=None, description="Why the deterministic answer was kept instead.")


class AskResponse(BaseModel):
    """The stable machine interface (SPEC §5)."""

    question: str
    language: Language
    verdict: Verdict
    facts: Facts
    answer: str = Field(description="Markdown in the question's language, citations marked [1] [2] …")
    citations: list[Citation] = Field(default_factory=list, description="Numbered as in the answer: [1] is citations[0].")
    sources: list[SearchHit] = Field(default_factory=list, description="Search hits, then every article the verdict cites that search did not return (score 0).")
    degraded: list[str] = Field(default_factory=list, description="Parts that failed and were worked around (e.g. dense retrieval down).")
    llm: LLMReport | None = None
    session_id: str | None = None
    facts_source: dict[str, FactSource] = Field(
        default_factory=dict, description="For each fact the verdict rests on: stated, answered, assumed or corrected."
    )
    understood: list[UnderstoodFact] = Field(
        default_factory=list, description="The 'What I understood' card: the facts that bear on the verdict, assumptions included."
    )
    change: VerdictChange | None = Field(default=None, description="Set when the turn applied a facts_patch.")


__all__ = [
    "AskResponse",
    "Assumption",
    "Citation",
    "DataItem",
    "FactSource",
    "Facts",
    "LLMReport",
    "ListMatch",
    "MissingFact",
    "Obligation",
    "Route",
    "SearchHit",
    "Step",
    "UnderstoodFact",
    "Verdict",
    "VerdictChange",
    "VerdictCode",
]
