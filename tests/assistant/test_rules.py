"""The rule check (SPEC §3) against the real parsed corpus: every branch, boundary and trap.

Each scenario below is a row (facts → expected verdict → articles it must rest on). The rows are also used
by the coverage test at the end: every article of the Measures and the Provisions that bears on a verdict
must be cited by at least one tested verdict, and every citation must be the corpus article verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.lists.load import load_list_file, load_lists
from assistant.lists.model import NegativeList
from assistant.models import DataItem, Facts, Verdict
from assistant.rules import apply_choice, decide, iter_articles, patch_facts

AS_OF = date(2026, 6, 1)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists"
M, P, PIPL = "sh-ftz-measures-2025", "cac-provisions-2024", "pipl-2021"

# Common fact sets.
LINGANG_REINSURER: dict[str, Any] = {
    "registered_zone": "lingang", "export_in_zone": True, "is_ciio": False, "sector": "reinsurance",
}
OUTSIDE: dict[str, Any] = {"registered_zone": "outside", "is_ciio": False}
PI_ONLY: dict[str, Any] = {"contains_pi": True, "contains_sensitive_pi": False}


@pytest.fixture(scope="module")
def corpus() -> Any:
    from ingest.corpus import load_corpus

    return load_corpus()


@pytest.fixture(scope="module")
def lists() -> list[NegativeList]:
    return load_lists()


@pytest.fixture(scope="module")
def lists_with_other_ftz(lists: list[NegativeList]) -> list[NegativeList]:
    return [*lists, load_list_file(FIXTURES / "other_ftz_official.yaml")]


def run(corpus: Any, lists: list[NegativeList], language: str = "zh", **facts: Any) -> Verdict:
    return decide(Facts(**facts), corpus, lists, AS_OF, language)  # type: ignore[arg-type]


def cited(verdict: Verdict) -> set[str]:
    """Article ids and '#N¶p(i)' refinements cited anywhere in the verdict."""
    out = set(iter_articles(verdict))
    for c in [*verdict.basis, *(s.citation for s in verdict.steps if s.citation), *(o.citation for o in verdict.obligations)]:
        if c.paragraph is not None:
            out.add(f"{c.id}¶{c.paragraph}" + (f"({c.item})" if c.item is not None else ""))
    return out


@dataclass
class Case:
    id: str
    facts: dict[str, Any]
    code: str
    must_cite: list[str] = field(default_factory=list)
    must_not_cite: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # keys that must be asked (needs_facts), in order
    other_ftz_list: bool = False
    assumed: dict[str, str] | None = None  # SPEC §3a: key → the verdict it would become (None: not checked)


def item(description: str = "", **kw: Any) -> DataItem:
    return DataItem(description=description, **kw)


CASES: list[Case] = [
    # ---- step 1: other laws first (M20¶1)
    Case("export-controlled", {**LINGANG_REINSURER, "export_controlled": True}, "other_law", [f"{M}#20¶1"]),
    Case("export-controlled-outside", {"export_controlled": True}, "other_law", [f"{M}#20¶1"]),
    # ---- step 2: the negative-list route
    Case("lingang-not-on-list", {**LINGANG_REINSURER, "data_items": [item("再保险业务统计报表", on_list=False)]},
         "exempt_negative_list", [f"{M}#8", f"{M}#2", f"{M}#10¶1", f"{M}#10¶2", f"{M}#14¶2"]),
    Case("shanghai-ftz-not-on-list", {**LINGANG_REINSURER, "registered_zone": "shanghai_ftz",
                                      "data_items": [item("产品条款", on_list=False)]}, "exempt_negative_list", [f"{M}#8"]),
    Case("on-list-entry-standard-contract", {**LINGANG_REINSURER,
                                             "data_items": [item("被保险人体检报告", on_list=True, list_item_id="RI-L-01")]},
         "standard_contract_or_certification", [f"{M}#8", f"{M}#10¶1"]),
    Case("on-list-entry-security-assessment", {**LINGANG_REINSURER,
                                               "data_items": [item("关基汇总理赔数据", list_item_id="RI-P-02")]},
         "security_assessment", [f"{M}#8"]),
    Case("on-list-entry-defers-to-national-small", {**LINGANG_REINSURER, **PI_ONLY, "pi_count_ytd": 20_000,
                                                    "data_items": [item("被保险人名单", list_item_id="RI-L-02")]},
         "exempt", [f"{M}#8", f"{P}#5¶1(4)"]),
    Case("on-list-entry-defers-to-national-large", {**LINGANG_REINSURER, **PI_ONLY, "pi_count_ytd": 300_000,
                                                    "data_items": [item("被保险人名单", list_item_id="RI-L-02")]},
         "standard_contract_or_certification", [f"{M}#8", f"{P}#8¶1"]),
    Case("important-data-off-list-still-assessed", {**LINGANG_REINSURER,
                                                    "data_items": [item("精算数据", on_list=False, important_data=True)]},
         "security_assessment", ["network-data-regulation-2024#37", f"{M}#9"]),
    Case("export-not-in-zone", {**LINGANG_REINSURER, "export_in_zone": False, **PI_ONLY, "pi_count_ytd": 50_000},
         "exempt", [f"{M}#2", f"{P}#5¶1(4)", f"{P}#11"], [f"{M}#10¶1", f"{M}#10¶2"]),
    Case("ciio-in-zone-uses-national", {**LINGANG_REINSURER, "is_ciio": True, **PI_ONLY, "pi_count_ytd": 1,
                                        "pi_count_bound": "exact"}, "security_assessment", [f"{P}#7¶1(1)"], [f"{M}#10¶1"]),
    Case("field-not-covered", {**LINGANG_REINSURER, "sector": "automotive", **PI_ONLY, "pi_count_ytd": 500_000},
         "standard_contract_or_certification", [f"{M}#20¶2", f"{P}#8¶1"], [f"{M}#10¶1"]),
    Case("field-covered-by-other-ftz-official-list", {**LINGANG_REINSURER, "sector": "automotive",
                                                      "data_items": [item("车辆道路测绘数据", on_list=False)]},
         "exempt_negative_list", [f"{M}#20¶3", f"{M}#8"], other_ftz_list=True),
    # M20¶3 with a list not loaded here: the user says another FTZ's official list covers the field
    Case("field-covered-by-named-other-ftz-list-off", {**LINGANG_REINSURER, "sector": "automotive", "sector_list_published": True,
                                                        "list_from_other_ftz": "beijing",
                                                        "data_items": [item("研发数据", on_list=False)]},
         "exempt_negative_list", [f"{M}#20¶3", f"{M}#8"]),
    Case("field-covered-by-named-other-ftz-list-ciio", {**LINGANG_REINSURER, "sector": "automotive", "is_ciio": True,
                                                         "sector_list_published": True, "list_from_other_ftz": "beijing",
                                                         **PI_ONLY, "pi_count_ytd": 10, "data_items": [item("研发数据", on_list=False)]},
         "security_assessment", [f"{P}#7¶1(1)"]),
    Case("other-ftz-off-list", {"registered_zone": "other_ftz", "other_ftz_name": "beijing", "is_ciio": False,
                                "sector_list_published": True, "data_items": [item("研发数据", on_list=False)]},
         "exempt_negative_list", [f"{P}#6¶2"], [f"{M}#10¶1", f"{M}#8"]),
    Case("other-ftz-checked-against-own-list", {"registered_zone": "other_ftz", "other_ftz_name": "tianjin", "is_ciio": False,
                                               "data_items": [item("融资租赁业务数据", on_list=False)]},
         "exempt_negative_list", [f"{P}#6¶2"], [f"{M}#10¶1"]),
    Case("other-ftz-list-unknown", {"registered_zone": "other_ftz", "is_ciio": False, **PI_ONLY, "pi_count_ytd": 500_000},
         "needs_facts", missing=["sector_list_published"]),
    Case("other-ftz-no-list", {"registered_zone": "other_ftz", "is_ciio": False, "sector_list_published": False,
                               **PI_ONLY, "pi_count_ytd": 2_000_000}, "security_assessment", [f"{P}#6¶2", f"{P}#7¶1(2)"]),
    Case("other-ftz-on-unknown-list-at-least-contract", {"registered_zone": "other_ftz", "is_ciio": False,
                                                         "sector_list_published": True, **PI_ONLY, "pi_count_ytd": 10,
                                                         "data_items": [item("车主信息", on_list=True)]},
         "standard_contract_or_certification", [f"{P}#6¶1"]),
    # SPEC §3a: a zone not named → national rules; 50,000 people is exempt either way (P5(4) or M8), so not asked.
    Case("zone-unknown", {**PI_ONLY, "pi_count_ytd": 50_000}, "exempt", [f"{P}#5¶1(4)"],
         assumed={"is_ciio": "security_assessment", "important_data": "security_assessment"}),
    # SPEC §3a: a zone company's export is taken as carried out in the zone; the list entry is then asked.
    Case("export-in-zone-unknown", {**LINGANG_REINSURER, "export_in_zone": None,
                                    "data_items": [item("被保险人体检报告")]}, "needs_facts",
         missing=["data_items[0].on_list|data_items[0].list_item_id"]),
    Case("export-in-zone-hedged", {**LINGANG_REINSURER, "export_in_zone": None, "unsure": ["export_in_zone"],
                                   **PI_ONLY, "pi_count_ytd": 500_000, "data_items": [item("分保业务数据", on_list=False)]},
         "needs_facts", missing=["export_in_zone"]),
    Case("sector-unknown", {**LINGANG_REINSURER, "sector": None, **PI_ONLY, "pi_count_ytd": 500_000},
         "needs_facts", missing=["sector"]),
    Case("on-list-unknown", {**LINGANG_REINSURER, "data_items": [item("被保险人体检报告")]}, "needs_facts",
         missing=["data_items[0].on_list"]),
    # ---- step 3: national rules
    Case("p3-trade-no-pi", {**OUTSIDE, "contains_pi": False, "purposes": ["trade_no_pi"]}, "exempt", [f"{P}#3"]),
    Case("p3-trap-trade-data-with-pi", {**OUTSIDE, **PI_ONLY, "purposes": ["trade_no_pi"], "pi_count_ytd": 200_000},
         "standard_contract_or_certification", [f"{P}#3", f"{P}#8¶1"]),
    Case("no-pi-no-important-otherwise", {**OUTSIDE, "contains_pi": False}, "exempt", [f"{P}#7", f"{P}#8"]),
    Case("p4-transit", {**OUTSIDE, **PI_ONLY, "purposes": ["foreign_collected_transit"], "domestic_data_added": False},
         "exempt", [f"{P}#4"]),
    Case("p4-transit-pi-unstated", {**OUTSIDE, "purposes": ["foreign_collected_transit"], "domestic_data_added": False},
         "exempt", [f"{P}#4"]),
    Case("p4-trap-domestic-added", {**OUTSIDE, **PI_ONLY, "purposes": ["foreign_collected_transit"],
                                    "domestic_data_added": True, "pi_count_ytd": 200_000},
         "standard_contract_or_certification", [f"{P}#4", f"{P}#8¶1"]),
    Case("p5-1-individual-party", {**OUTSIDE, **PI_ONLY, "purposes": ["contract_with_individual"],
                                   "individual_is_party": True, "pi_count_ytd": 5_000_000}, "exempt", [f"{P}#5¶1(1)"]),
    Case("p5-1-trap-company-contract", {**OUTSIDE, **PI_ONLY, "purposes": ["contract_with_individual"],
                                        "individual_is_party": False, "pi_count_ytd": 5_000_000},
         "security_assessment", [f"{P}#5¶1(1)", f"{P}#7¶1(2)"]),
    Case("p5-2-hr-lawful", {**OUTSIDE, **PI_ONLY, "purposes": ["hr_management"], "hr_rules_lawful": True,
                            "pi_count_ytd": 300_000}, "exempt", [f"{P}#5¶1(2)"]),
    Case("p5-2-trap-clients-staff", {**OUTSIDE, **PI_ONLY, "purposes": ["hr_management"], "hr_rules_lawful": True,
                                     "own_employees": False, "pi_count_ytd": 200_000},
         "standard_contract_or_certification", [f"{P}#5¶1(2)", f"{P}#8¶1"]),
    Case("p5-2-trap-no-rules", {**OUTSIDE, **PI_ONLY, "purposes": ["hr_management"], "hr_rules_lawful": False,
                                "pi_count_ytd": 300_000}, "standard_contract_or_certification", [f"{P}#5¶1(2)", f"{P}#8¶1"]),
    Case("p5-3-emergency", {**OUTSIDE, **PI_ONLY, "purposes": ["emergency"], "pi_count_ytd": 2_000_000},
         "exempt", [f"{P}#5¶1(3)"]),
    Case("p5-2-never-covers-important-data", {**OUTSIDE, **PI_ONLY, "purposes": ["contract_with_individual"],
                                              "individual_is_party": True, "important_data": True},
         "security_assessment", [f"{P}#5¶2", f"{P}#7¶1(2)"]),
    Case("important-data-without-pi", {**OUTSIDE, "contains_pi": False, "important_data": True},
         "security_assessment", [f"{P}#7¶1(2)"]),
    Case("ciio-one-person", {**OUTSIDE, "is_ciio": True, **PI_ONLY, "pi_count_ytd": 1},
         "security_assessment", [f"{P}#7¶1(1)"]),
    Case("ciio-important-data", {**OUTSIDE, "is_ciio": True, "important_data": True}, "security_assessment",
         [f"{P}#7¶1(1)"]),
    Case("pseudonymised-trap", {**OUTSIDE, "contains_pi": False, "pseudonymised": True, "contains_sensitive_pi": False,
                                "pi_count_ytd": 200_000}, "standard_contract_or_certification",
         [f"{PIPL}#4", f"{PIPL}#73¶1(3)", f"{P}#8¶1"]),
    # boundaries, non-sensitive
    Case("ns-99999", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 99_999}, "exempt", [f"{P}#5¶1(4)", f"{P}#13"]),
    Case("ns-100000", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 100_000}, "standard_contract_or_certification", [f"{P}#8¶1"]),
    Case("ns-999999", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 999_999}, "standard_contract_or_certification", [f"{P}#8¶1"]),
    Case("ns-1000000", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 1_000_000}, "security_assessment", [f"{P}#7¶1(2)"]),
    # boundaries, sensitive
    Case("s-1", {**OUTSIDE, "contains_pi": True, "contains_sensitive_pi": True, "sensitive_pi_count_ytd": 1,
                 "pi_count_ytd": 0}, "standard_contract_or_certification", [f"{P}#8¶1"]),
    Case("s-9999", {**OUTSIDE, "contains_pi": True, "sensitive_pi_count_ytd": 9_999, "pi_count_ytd": 0},
         "standard_contract_or_certification", [f"{P}#8¶1"]),
    Case("s-10000", {**OUTSIDE, "contains_pi": True, "sensitive_pi_count_ytd": 10_000, "pi_count_ytd": 0},
         "security_assessment", [f"{P}#7¶1(2)"]),
    Case("s-under-10000-with-small-ns-trap", {**OUTSIDE, "contains_pi": True, "contains_sensitive_pi": True,
                                              "sensitive_pi_count_ytd": 500, "pi_count_ytd": 50_000},
         "standard_contract_or_certification", [f"{P}#8¶1", f"{P}#5¶1(4)"]),
    # bounds
    Case("bound-under-100000", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 100_000, "pi_count_bound": "under"},
         "exempt", [f"{P}#5¶1(4)"]),
    Case("bound-at-most-99999", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 99_999, "pi_count_bound": "at_most"},
         "exempt", [f"{P}#5¶1(4)"]),
    Case("bound-at-least-1000000", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 1_000_000, "pi_count_bound": "at_least"},
         "security_assessment", [f"{P}#7¶1(2)"]),
    Case("bound-over-999999", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 999_999, "pi_count_bound": "over"},
         "security_assessment", [f"{P}#7¶1(2)"]),
    Case("bound-range-100k-1m", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 100_000, "pi_count_bound": "at_least",
                                 "pi_count_upper": 1_000_000}, "standard_contract_or_certification", [f"{P}#8¶1"]),
    Case("bound-at-least-100000-undecided", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 100_000, "pi_count_bound": "at_least"},
         "needs_facts", missing=["pi_count_ytd"]),
    Case("bound-under-1000000-undecided", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 1_000_000, "pi_count_bound": "under"},
         "needs_facts", missing=["pi_count_ytd"]),
    Case("count-unknown", {**OUTSIDE, **PI_ONLY}, "needs_facts", missing=["pi_count_ytd"]),
    # SPEC §3a: PI named in general is not sensitive; CIIO status is not assumed. Both stated as assumptions.
    Case("sensitive-unknown", {**OUTSIDE, "contains_pi": True, "pi_count_ytd": 50_000}, "exempt", [f"{P}#5¶1(4)"],
         assumed={"contains_sensitive_pi": "standard_contract_or_certification", "important_data": "security_assessment"}),
    Case("sensitive-hedged", {**OUTSIDE, "contains_pi": True, "pi_count_ytd": 50_000, "unsure": ["contains_sensitive_pi"]},
         "needs_facts", missing=["sensitive_pi_count_ytd"]),
    Case("ciio-unknown-assumed", {"registered_zone": "outside", **PI_ONLY, "pi_count_ytd": 50_000}, "exempt",
         [f"{P}#5¶1(4)"], assumed={"is_ciio": "security_assessment", "important_data": "security_assessment"}),
    Case("ciio-hedged-decisive", {"registered_zone": "outside", **PI_ONLY, "pi_count_ytd": 50_000, "unsure": ["is_ciio"]},
         "needs_facts", missing=["is_ciio"]),
    # SPEC §3a: an exemption's condition the question is silent on is asked when it changes the mechanism ...
    Case("individual-party-unknown", {**OUTSIDE, **PI_ONLY, "purposes": ["contract_with_individual"],
                                      "pi_count_ytd": 2_000_000}, "needs_facts", missing=["individual_is_party"]),
    Case("hr-rules-unknown", {**OUTSIDE, **PI_ONLY, "purposes": ["hr_management"], "pi_count_ytd": 500_000},
         "needs_facts", missing=["hr_rules_lawful"]),
    Case("domestic-added-unknown", {**OUTSIDE, **PI_ONLY, "purposes": ["foreign_collected_transit"],
                                    "pi_count_ytd": 500_000}, "needs_facts", missing=["domestic_data_added"]),
    # ... and so is one the user hedged
    Case("individual-party-hedged", {**OUTSIDE, **PI_ONLY, "purposes": ["contract_with_individual"], "unsure": ["individual_is_party"],
                                     "pi_count_ytd": 2_000_000}, "needs_facts", missing=["individual_is_party"]),
    Case("hr-rules-hedged", {**OUTSIDE, **PI_ONLY, "purposes": ["hr_management"], "pi_count_ytd": 500_000, "unsure": ["hr_rules_lawful"]},
         "needs_facts", missing=["hr_rules_lawful"]),
    Case("domestic-added-hedged", {**OUTSIDE, **PI_ONLY, "purposes": ["foreign_collected_transit"], "unsure": ["domestic_data_added"],
                                   "pi_count_ytd": 500_000}, "needs_facts", missing=["domestic_data_added"]),
    Case("important-data-unsure-is-asked", {**OUTSIDE, "contains_pi": False, "unsure": ["important_data"]},
         "needs_facts", missing=["important_data"]),
    Case("important-data-unsure-answered-no", {**OUTSIDE, "contains_pi": False, "important_data": False,
                                               "unsure": ["important_data"]}, "exempt", [f"{P}#2", f"{P}#7"]),
    Case("export-control-unsure-is-asked", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 10, "unsure": ["export_controlled"]},
         "needs_facts", missing=["export_controlled"]),
    Case("count-for-another-period", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 50_000, "counts_since_jan1": False},
         "needs_facts", missing=["pi_count_ytd"]),
    Case("zone-unknown-list-or-national-exemption", {"is_ciio": False, "sector": "reinsurance", "contains_pi": False,
                                                     "data_items": [item("分保业务数据", on_list=False)]},
         "exempt", assumed={"important_data": "security_assessment"}),  # exempt vs exempt_negative_list is one outcome (SPEC §3a): not asked
    # unknowns that do not change the outcome are not asked
    Case("ciio-unknown-but-important", {"registered_zone": "outside", "important_data": True}, "security_assessment",
         [f"{P}#7¶1(2)"]),
    Case("zone-unknown-but-no-pi-trade", {"contains_pi": False, "purposes": ["trade_no_pi"]}, "exempt", [f"{P}#3"]),
    # ---- step 4: several data items, the strictest wins
    Case("items-list-route-strictest", {**LINGANG_REINSURER, "data_items": [
        item("产品条款", on_list=False), item("体检报告", list_item_id="RI-L-01"), item("汇总理赔", list_item_id="RI-P-02")]},
        "security_assessment", [f"{M}#8", f"{M}#10¶1"]),
    Case("items-list-route-contract", {**LINGANG_REINSURER, "data_items": [
        item("产品条款", on_list=False), item("体检报告", list_item_id="RI-L-01")]},
        "standard_contract_or_certification", [f"{M}#8"]),
    Case("items-national-strictest", {**OUTSIDE, "pi_count_ytd": 200_000, "contains_sensitive_pi": False, "data_items": [
        item("运输单证", contains_pi=False), item("客户名单", contains_pi=True), item("港口数据", important_data=True)]},
        "security_assessment", [f"{P}#7¶1(2)", f"{P}#8¶1"]),
    # ---- SPEC §3a: what the user states is taken as said; purposes bind to their data item
    Case("entry-route-stated-sa", {**LINGANG_REINSURER, "data_items": [
        item("", on_list=True, list_route="security_assessment")]}, "security_assessment", [f"{M}#8"]),
    Case("entry-route-stated-sc", {**LINGANG_REINSURER, **PI_ONLY, "pi_count_ytd": 10, "data_items": [
        item("", on_list=True, list_route="standard_contract_or_certification")]}, "standard_contract_or_certification", [f"{M}#8"]),
    Case("entry-route-stated-important", {**LINGANG_REINSURER, "important_data": True, "data_items": [
        item("", on_list=True, list_route="standard_contract_or_certification")]}, "security_assessment", [f"{M}#8", f"{P}#7¶1(2)"]),
    # the entry agrees with national rules: both are the basis (b8-007)
    Case("entry-route-sa-important", {**LINGANG_REINSURER, "important_data": True, "data_items": [
        item("", on_list=True, list_route="security_assessment")]}, "security_assessment", [f"{M}#8", f"{P}#7¶1(2)"]),
    Case("purpose-bound-to-its-item", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 150_000, "individual_is_party": True,
                                       "purposes": ["contract_with_individual"], "data_items": [
        item("订单收件信息", contains_pi=True, purposes=["contract_with_individual"]),
        item("浏览记录", contains_pi=True, purposes=["other"])]},
         "standard_contract_or_certification", [f"{P}#5¶1(1)", f"{P}#8¶1"]),
    Case("purpose-covers-every-item", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 150_000, "individual_is_party": True,
                                       "purposes": ["contract_with_individual"], "data_items": [
        item("订单收件信息", contains_pi=True), item("支付信息", contains_pi=True)]}, "exempt", [f"{P}#5¶1(1)"]),
    Case("hr-rules-denied-sensitive-same-people", {**OUTSIDE, "contains_pi": True, "contains_sensitive_pi": True,
                                                   "sensitive_pi_count_ytd": 1_500, "purposes": ["hr_management"],
                                                   "hr_rules_lawful": False, "data_items": [
        item("员工身份证号", contains_pi=True, contains_sensitive_pi=True), item("体检结果", contains_pi=True, contains_sensitive_pi=True)]},
         "standard_contract_or_certification", [f"{P}#8¶1"]),
    Case("sensitive-count-with-other-pi-item", {**OUTSIDE, "contains_pi": True, "contains_sensitive_pi": True,
                                                "sensitive_pi_count_ytd": 1_500, "data_items": [
        item("员工身份证号", contains_pi=True, contains_sensitive_pi=True), item("客户联系方式", contains_pi=True)]},
         "needs_facts", missing=["pi_count_ytd"]),
    # ---- step 5: obligations
    Case("treaty-in-zone", {**LINGANG_REINSURER, "treaty_applies": True, "data_items": [item("产品条款", on_list=False)]},
         "exempt_negative_list", [f"{M}#15¶1"]),
    Case("treaty-outside-pi", {**OUTSIDE, **PI_ONLY, "pi_count_ytd": 10, "treaty_applies": True}, "exempt",
         [f"{PIPL}#38¶2", f"{P}#10", f"{PIPL}#39", f"{PIPL}#55¶1(4)"], [f"{M}#15"]),
]


def _lists_for(case: Case, lists: list[NegativeList], lists_with_other_ftz: list[NegativeList]) -> list[NegativeList]:
    return lists_with_other_ftz if case.other_ftz_list else lists


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, corpus: Any, lists: list[NegativeList], lists_with_other_ftz: list[NegativeList]) -> None:
    verdict = run(corpus, _lists_for(case, lists, lists_with_other_ftz), **case.facts)
    assert verdict.code == case.code, [s.finding for s in verdict.steps]
    got = cited(verdict)
    for ref in case.must_cite:
        assert ref in got, f"{ref} not cited; cited: {sorted(got)}"
    for ref in case.must_not_cite:
        assert not any(g == ref or g.startswith(ref + "¶") for g in got), f"{ref} must not be cited"
    if case.assumed is not None:
        assert {a.key: a.otherwise for a in verdict.assumptions} == case.assumed
    if case.code == "needs_facts":
        keys = [m.key for m in verdict.missing_facts]
        assert len(keys) >= len(case.missing)
        for key, expected in zip(keys, case.missing, strict=False):
            assert key in expected.split("|"), (keys, case.missing)
        assert 1 <= len(keys) <= 3
        assert not verdict.obligations
    else:
        assert not verdict.missing_facts
        assert verdict.basis, "a verdict must rest on cited articles"


def test_every_citation_is_the_corpus_article(corpus: Any, lists: list[NegativeList], lists_with_other_ftz: list[NegativeList]) -> None:
    for case in CASES:
        verdict = run(corpus, _lists_for(case, lists, lists_with_other_ftz), **case.facts)
        citations = [*verdict.basis, *(s.citation for s in verdict.steps if s.citation), *(o.citation for o in verdict.obligations)]
        assert citations, case.id
        for c in citations:
            article = corpus.get(c.id)
            assert c.text == article.text
            assert c.title == article.document.title
            assert c.status == article.document.status
            if c.paragraph is not None:
                assert 1 <= c.paragraph <= len(article.paragraphs)
            if c.item is not None:
                assert c.paragraph is not None
                assert 1 <= c.item <= len(article.paragraphs[c.paragraph - 1].items)


def test_tested_verdicts_cover_the_articles_that_bear_on_a_verdict(
    corpus: Any, lists: list[NegativeList], lists_with_other_ftz: list[NegativeList]
) -> None:
    seen: set[str] = set()
    for case in CASES:
        verdict = run(corpus, _lists_for(case, lists, lists_with_other_ftz), **case.facts)
        if verdict.code != "needs_facts":
            seen |= set(iter_articles(verdict))
    required = [f"{M}#{n}" for n in (2, 8, 9, 10, 14, 15, 20)] + [f"{P}#{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10)]
    missing = [r for r in required if r not in seen]
    assert not missing, f"articles never cited by a tested verdict: {missing}"


# ---------------------------------------------------------------------------------------- traps in text


def test_older_thresholds_never_presented_as_current(corpus: Any, lists: list[NegativeList]) -> None:
    for count in (50_000, 150_000, 2_000_000):
        verdict = run(corpus, lists, **OUTSIDE, **PI_ONLY, pi_count_ytd=count)
        text = " ".join(s.finding for s in verdict.steps) + " ".join(o.text for o in verdict.obligations)
        assert "自上年1月1日" not in text  # A4(3) / S4 counting period
        assert "处理个人信息不满100万人" not in text  # S4(2)
        ids = set(iter_articles(verdict))
        assert "cac-assessment-measures-2022#4" not in ids
        assert "cac-standard-contract-measures-2023#4" not in ids
        assert f"{P}#13" in ids  # P prevails over A and S


def test_no_secondary_source_figures(corpus: Any, lists: list[NegativeList]) -> None:
    """'Report within 15 working days' comes from secondary sources; no answer may state it."""
    verdict = run(corpus, lists, **LINGANG_REINSURER, data_items=[item("产品条款", on_list=False)])
    text = " ".join([*(s.finding for s in verdict.steps), *(o.text for o in verdict.obligations)])
    assert "15个工作日" not in text and "15 working days" not in text
    m10 = next(o for o in verdict.obligations if o.citation.id == f"{M}#10" and o.citation.paragraph == 1)
    for phrase in ("数据出境业务场景", "出境数据目录", "出境数据规模", "境外接收方"):
        assert phrase in m10.text and phrase in m10.citation.text


def _figures(text: str) -> set[int]:
    import re

    out = set()
    text = re.sub(r"(?<![A-Za-z0-9])[A-Z]{1,5}(?:-[A-Z]{1,5})*-\d+", " ", text)  # list entry ids name, not claim
    for number, wan in re.findall(r"(\d[\d,]*)(万)?", text):
        value = int(number.replace(",", ""))
        out.add(value * 10_000 if wan else value)
    return out


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_figure_is_stated_by_a_cited_article_or_the_user(
    corpus: Any, lists: list[NegativeList], lists_with_other_ftz: list[NegativeList], language: str
) -> None:
    """No number appears unless a cited article states it (or the user gave it) — SPEC §3."""
    for case in CASES:
        facts = Facts(**case.facts)
        verdict = decide(facts, corpus, _lists_for(case, lists, lists_with_other_ftz), AS_OF, language)  # type: ignore[arg-type]
        citations = [*verdict.basis, *(s.citation for s in verdict.steps if s.citation), *(o.citation for o in verdict.obligations)]
        allowed: set[int] = set()
        for c in citations:
            allowed |= _figures(c.text) | {c.article}
        allowed |= {n for n in (facts.pi_count_ytd, facts.sensitive_pi_count_ytd, facts.pi_count_upper) if n is not None}
        allowed |= {1}  # "1 January" is stated by P5/P7/P8 as 1月1日
        texts = [s.check + s.finding for s in verdict.steps] + [o.text for o in verdict.obligations]
        texts += [m.question + " ".join(m.choices) for m in verdict.missing_facts] + verdict.warnings
        for text in texts:
            stray = _figures(text) - allowed
            assert not stray, (case.id, language, stray, text)


# -------------------------------------------------------------------------------- list use and warnings


def test_illustrative_list_warning(corpus: Any, lists: list[NegativeList]) -> None:
    zh = run(corpus, lists, **LINGANG_REINSURER, data_items=[item("产品条款", on_list=False)])
    assert any("示例" in w and "非官方" in w for w in zh.warnings)
    en = run(corpus, lists, "en", **LINGANG_REINSURER, data_items=[item("product terms", on_list=False)])
    assert any("illustrative" in w and "not the official" in w for w in en.warnings)
    national = run(corpus, lists, **OUTSIDE, **PI_ONLY, pi_count_ytd=10)
    assert not any("示例" in w for w in national.warnings)


def test_candidate_matches_are_asked_not_assumed(corpus: Any, lists: list[NegativeList]) -> None:
    verdict = run(corpus, lists, **LINGANG_REINSURER, data_items=[item("被保险人体检报告")])
    assert verdict.code == "needs_facts"
    assert verdict.list_matches and verdict.list_matches[0].item_id == "RI-L-01"
    question = verdict.missing_facts[0]
    assert question.key == "data_items[0].on_list"
    assert any("RI-L-01" in c for c in question.choices)
    assert any(c.startswith("否") for c in question.choices) and question.choices[-1] == "不确定"
    assert any("示例" in w for w in verdict.warnings)
    # Confirming the candidate gives that entry's route.
    confirmed = apply_choice(Facts(**LINGANG_REINSURER, data_items=[item("被保险人体检报告")]), question,
                             next(c for c in question.choices if "RI-L-01" in c), corpus=corpus, lists=lists, as_of=AS_OF)
    assert confirmed is not None
    assert decide(confirmed, corpus, lists, AS_OF).code == "standard_contract_or_certification"
    denied = apply_choice(Facts(**LINGANG_REINSURER, data_items=[item("被保险人体检报告")]), question,
                          next(c for c in question.choices if c.startswith("否")), corpus=corpus, lists=lists, as_of=AS_OF)
    assert denied is not None
    assert decide(denied, corpus, lists, AS_OF).code == "exempt_negative_list"


def test_entry_threshold_from_list(corpus: Any, lists_with_other_ftz: list[NegativeList]) -> None:
    """An entry that covers data only from a stated volume: below it the data is outside the list."""
    base = {**LINGANG_REINSURER, "sector": "automotive", **PI_ONLY}
    below = run(corpus, lists_with_other_ftz, **base, pi_count_ytd=10_000, data_items=[item("车主信息", list_item_id="BJ-A-02")])
    assert below.code == "exempt_negative_list"
    above = run(corpus, lists_with_other_ftz, **base, pi_count_ytd=60_000, data_items=[item("车主信息", list_item_id="BJ-A-02")])
    assert above.code == "standard_contract_or_certification"
    unknown = run(corpus, lists_with_other_ftz, **base, data_items=[item("车主信息", list_item_id="BJ-A-02")])
    assert unknown.code == "needs_facts" and unknown.missing_facts[0].key == "pi_count_ytd"
    assert any("5万" in c for c in unknown.missing_facts[0].choices)


# ----------------------------------------------------------------------------------------- questions


def test_questions_in_user_language(corpus: Any, lists: list[NegativeList]) -> None:
    zh = run(corpus, lists, **OUTSIDE, **PI_ONLY)
    assert zh.missing_facts[0].choices == ["不满10万人", "10万至不满100万人", "100万人及以上", "不确定"]
    assert zh.label == "需补充事实后才能判断"
    en = run(corpus, lists, "en", **OUTSIDE, **PI_ONLY)
    assert en.missing_facts[0].choices == [
        "under 100,000 people", "100,000 to under 1,000,000 people", "1,000,000 people or more", "not sure"]
    assert en.label.startswith("More facts")
    yn = run(corpus, lists, "en", registered_zone="outside", **PI_ONLY, pi_count_ytd=5, unsure=["is_ciio"])
    assert yn.missing_facts[0].key == "is_ciio" and yn.missing_facts[0].choices == ["yes", "no", "not sure"]
    sens = run(corpus, lists, **OUTSIDE, contains_pi=True, pi_count_ytd=10, unsure=["contains_sensitive_pi"])
    assert sens.missing_facts[0].choices == ["不含敏感个人信息", "不满1万人", "1万人及以上", "不确定"]


def test_empty_facts_ask_at_most_three_most_decisive_first(corpus: Any, lists: list[NegativeList]) -> None:
    verdict = run(corpus, lists)
    assert verdict.code == "needs_facts"
    assert 1 <= len(verdict.missing_facts) <= 3
    # SPEC §3a: zone, CIIO, important data and sensitive PI have defaults; whether PI leaves at all has none.
    assert verdict.missing_facts[0].key == "contains_pi"
    for fact in verdict.missing_facts:
        assert fact.key in Facts.model_fields or fact.key.startswith("data_items[")
        assert fact.choices and fact.choices[-1] == "不确定"


def _answer_all(corpus: Any, lists: list[NegativeList], facts: Facts, answers: dict[str, str], limit: int = 6) -> Verdict:
    """Answer each question asked with the chosen choice (by key) until a verdict is reached."""
    for _ in range(limit):
        verdict = decide(facts, corpus, lists, AS_OF)
        if verdict.code != "needs_facts":
            return verdict
        question = verdict.missing_facts[0]
        assert question.key in answers, f"unexpected question {question.key}: {question.question}"
        new = apply_choice(facts, question, answers[question.key], corpus=corpus, lists=lists, as_of=AS_OF)
        assert new is not None, (question.key, answers[question.key], question.choices)
        facts = new
    raise AssertionError("no verdict after answering")


def test_answering_the_questions_yields_the_verdict(corpus: Any, lists: list[NegativeList]) -> None:
    facts = Facts(contains_pi=True, contains_sensitive_pi=False)
    verdict = decide(facts, corpus, lists, AS_OF)
    assert verdict.code == "needs_facts" and len(verdict.missing_facts) <= 3
    answers = {"registered_zone": "不在自由贸易试验区", "is_ciio": "否", "pi_count_ytd": "10万至不满100万人"}
    final = _answer_all(corpus, lists, facts, answers)
    assert final.code == "standard_contract_or_certification"
    # The same answers given as Facts directly.
    direct = run(corpus, lists, registered_zone="outside", is_ciio=False, contains_pi=True, contains_sensitive_pi=False,
                 pi_count_ytd=100_000, pi_count_bound="at_least", pi_count_upper=1_000_000)
    assert direct.code == final.code


def test_answering_list_route_questions(corpus: Any, lists: list[NegativeList]) -> None:
    facts = Facts(registered_zone="lingang", sector="reinsurance", data_items=[item("被保险人体检报告")])
    answers = {"is_ciio": "否", "export_in_zone": "是", "data_items[0].on_list": "否（不在负面清单上）"}
    final = _answer_all(corpus, lists, facts, answers)
    assert final.code == "exempt_negative_list"


def test_answering_in_english(corpus: Any, lists: list[NegativeList]) -> None:
    facts = Facts(registered_zone="outside", contains_pi=True, pi_count_ytd=50_000, unsure=["is_ciio", "contains_sensitive_pi"])
    first = decide(facts, corpus, lists, AS_OF, "en")
    keys = [m.key for m in first.missing_facts]
    assert keys[0] == "is_ciio" and "sensitive_pi_count_ytd" in keys
    facts2 = apply_choice(facts, "is_ciio", "no")
    assert facts2 is not None
    sens = decide(facts2, corpus, lists, AS_OF, "en").missing_facts[0]
    facts3 = apply_choice(facts2, sens, "under 10,000 people", corpus=corpus, lists=lists, as_of=AS_OF, language="en")
    assert facts3 is not None
    assert decide(facts3, corpus, lists, AS_OF, "en").code == "standard_contract_or_certification"


def test_count_for_another_period_is_asked_as_cumulative(corpus: Any, lists: list[NegativeList]) -> None:
    facts = Facts(**OUTSIDE, contains_pi=True, pi_count_ytd=50_000, sensitive_pi_count_ytd=3_000, counts_since_jan1=False)
    answers = {"pi_count_ytd": "不满10万人", "sensitive_pi_count_ytd": "1万人及以上"}
    final = _answer_all(corpus, lists, facts, answers)
    assert final.code == "security_assessment"


def test_not_sure_is_not_an_answer() -> None:
    facts = Facts()
    assert apply_choice(facts, "is_ciio", "不确定") is None
    assert apply_choice(facts, "is_ciio", "not sure") is None


def test_unknown_count_is_never_guessed(corpus: Any, lists: list[NegativeList]) -> None:
    verdict = run(corpus, lists, **OUTSIDE, **PI_ONLY)
    assert verdict.code == "needs_facts"
    assert verdict.missing_facts[0].key == "pi_count_ytd"


def test_unasked_unknown_is_stated(corpus: Any, lists: list[NegativeList]) -> None:
    verdict = run(corpus, lists, registered_zone="outside", important_data=True)
    assert verdict.code == "security_assessment"
    assert not any(s.check.startswith("未确认") for s in verdict.steps)  # CIIO answered by the finding itself
    verdict = run(corpus, lists, registered_zone="outside", contains_pi=True, contains_sensitive_pi=False,
                  pi_count_ytd=10, purposes=["emergency"])
    assert verdict.code == "exempt"  # P5(3) applies to CIIOs and others alike: never asked
    assert not any(s.check.startswith("未确认") for s in verdict.steps)
    # Zone unknown, important data: every place of registration leads to an assessment, so the zone default
    # does not bear on the verdict and is not listed as an assumption.
    verdict = run(corpus, lists, important_data=True, data_items=[item("港口设施布局", important_data=True)])
    assert verdict.code == "security_assessment"
    assert verdict.assumptions == []
    # Hedged zone: the rules explore every answer; all lead to an assessment, which the steps say.
    verdict = run(corpus, lists, important_data=True, unsure=["registered_zone"],
                  data_items=[item("港口设施布局", important_data=True)])
    assert verdict.code == "security_assessment"
    assert any(s.check.startswith("未确认") and "在哪里注册" in s.finding and "结论相同" in s.finding for s in verdict.steps)


def test_patch_facts_item_keys() -> None:
    facts = patch_facts(Facts(), {"data_items[0].on_list": True, "is_ciio": False})
    assert facts.data_items[0].on_list is True and facts.is_ciio is False
    with pytest.raises(KeyError):
        patch_facts(Facts(), {"no_such_field": 1})


def test_english_verdict(corpus: Any, lists: list[NegativeList]) -> None:
    verdict = run(corpus, lists, "en", **OUTSIDE, **PI_ONLY, pi_count_ytd=150_000)
    assert verdict.code == "standard_contract_or_certification"
    assert verdict.label.startswith("Standard contract")
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in s.finding) for s in verdict.steps)


# ------------------------------------------------------------------------------------------------ CLI


def test_cli_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from assistant.cli import app

    monkeypatch.setenv("CHUJING_DATA_DIR", str(tmp_path))
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({**OUTSIDE, **PI_ONLY, "pi_count_ytd": 150_000}), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["check", "--facts", str(facts), "--json", "--as-of", "2026-06-01"])
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.output)
    assert verdict["code"] == "standard_contract_or_certification"
    assert any(c["id"] == f"{P}#8" for c in verdict["basis"])
    english = runner.invoke(app, ["check", "--facts", str(facts), "--lang", "en"])
    assert english.exit_code == 0 and "standard_contract_or_certification" in english.output
    assert "Standard contract" in english.output
    asks = runner.invoke(app, ["check", "--facts", "-", "--json"], input=json.dumps({"contains_pi": True}))
    assert asks.exit_code == 0 and json.loads(asks.output)["missing_facts"][0]["key"] == "pi_count_ytd"
    bad = tmp_path / "bad.json"
    bad.write_text('{"registered_zone": "mars"}', encoding="utf-8")
    failed = runner.invoke(app, ["check", "--facts", str(bad)])
    assert failed.exit_code == 2


def test_labels_cover_every_code() -> None:
    from typing import get_args

    from assistant.answer.labels import verdict_label
    from assistant.models import VerdictCode

    for code in get_args(VerdictCode):
        assert verdict_label(code, "zh") and verdict_label(code, "en")
        assert verdict_label(code, "zh") != verdict_label(code, "en")
    # SPEC §5 gives this one verbatim.
    assert verdict_label("exempt_negative_list", "zh") == "可免予申报数据出境安全评估、订立标准合同、通过认证（负面清单外数据）"


def test_which_entry_offers_every_entry_of_the_field(corpus: Any, lists: list[NegativeList]) -> None:
    """On the list but the entry unknown: the entries differ in route, so ask which — offering all of them
    (best matches first), never assuming the best match."""
    verdict = run(corpus, lists, **LINGANG_REINSURER, data_items=[item("被保险人体检报告", on_list=True)])
    assert verdict.code == "needs_facts"
    question = verdict.missing_facts[0]
    assert question.key == "data_items[0].list_item_id"
    sector_ids = [it.id for s, _, it in lists[0].entries() if s.id == "reinsurance"]
    assert len(question.choices) == len(sector_ids) + 1
    assert question.choices[0].startswith("RI-L-01")
    for entry_id in sector_ids:
        assert any(c.startswith(entry_id + " ") for c in question.choices)
    answered = apply_choice(Facts(**LINGANG_REINSURER, data_items=[item("被保险人体检报告", on_list=True)]), question,
                            next(c for c in question.choices if c.startswith("RI-P-02")), corpus=corpus, lists=lists, as_of=AS_OF)
    assert answered is not None and decide(answered, corpus, lists, AS_OF).code == "security_assessment"


def test_same_route_entries_need_no_question(corpus: Any, lists: list[NegativeList]) -> None:
    """In the field of a test list whose entries all route alike, 'which entry' changes nothing."""
    only_sa = [lst.model_copy(update={"sectors": [s.model_copy(update={"scenarios": [
        c.model_copy(update={"items": [i for i in c.items if i.route == "security_assessment"]})
        for c in s.scenarios if any(i.route == "security_assessment" for i in c.items)]}) for s in lst.sectors]})
        for lst in lists]
    verdict = run(corpus, only_sa, **LINGANG_REINSURER, data_items=[item("某项数据", on_list=True)])
    assert verdict.code == "security_assessment"


def test_warns_when_a_cited_text_was_not_yet_in_force(corpus: Any, lists: list[NegativeList]) -> None:
    facts = Facts(**LINGANG_REINSURER, data_items=[item("产品条款", on_list=False)])
    early = decide(facts, corpus, lists, date(2024, 6, 1))
    measures = corpus.documents[M]
    assert measures.effective is not None and measures.effective > date(2024, 6, 1)
    assert any(measures.effective.isoformat() in w for w in early.warnings)
    assert not any(measures.effective.isoformat() in w for w in decide(facts, corpus, lists, AS_OF).warnings)
