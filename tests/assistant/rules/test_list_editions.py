"""The rule check decides on the list edition in force on `as_of` (issue 17), and the verdict names it and the
other edition. RI-L-01 (insured persons' health data) routes to a standard contract in the 2024 sample and to a
security assessment in the 2027 sample edition, in force from 2027-07-01."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assistant.models import DataItem, Facts
from assistant.rules import decide

OLD, NEW = "sh-ftz-negative-list-2024-sample", "sh-ftz-negative-list-2027-sample"


def _facts(item_id: str | None = "RI-L-01", on_list: bool | None = True) -> Facts:
    return Facts(registered_zone="lingang", export_in_zone=True, is_ciio=False, sector="再保险",
                 data_items=[DataItem(description="被保险人体检报告", on_list=on_list, list_item_id=item_id)],
                 pi_count_ytd=3000)


@pytest.mark.parametrize(("day", "code", "applied", "other", "other_status"), [
    (date(2026, 12, 1), "standard_contract_or_certification", OLD, NEW, "not_yet_in_force"),
    (date(2027, 6, 30), "standard_contract_or_certification", OLD, NEW, "not_yet_in_force"),
    (date(2027, 7, 1), "security_assessment", NEW, OLD, "superseded"),
    (date(2027, 8, 1), "security_assessment", NEW, OLD, "superseded"),
])
def test_the_edition_in_force_decides(assistant_corpus: Any, assistant_lists: Any, day: date, code: str,
                                      applied: str, other: str, other_status: str) -> None:
    verdict = decide(_facts(), assistant_corpus, assistant_lists, day, "zh")
    assert verdict.code == code
    assert [(e.list_id, e.edition_status) for e in verdict.list_editions] == [(applied, "in_force"), (other, other_status)]
    entry = next(s for s in verdict.steps if "RI-L-01" in s.finding)
    assert ("安全评估" in entry.finding) == (code == "security_assessment")


def test_off_the_list_either_edition_is_named(assistant_corpus: Any, assistant_lists: Any) -> None:
    verdict = decide(_facts(None, on_list=False), assistant_corpus, assistant_lists, date(2027, 8, 1), "en")
    assert verdict.code == "exempt_negative_list"
    assert verdict.list_editions[0].list_id == NEW and verdict.list_editions[0].edition_status == "in_force"


def test_no_edition_loaded_means_no_list_route_not_an_exemption(assistant_corpus: Any, assistant_lists: Any) -> None:
    # Only the 2027 edition loaded and the check made before it takes effect: no list is in force for the field,
    # so the national rules decide (3,000 people's health data is sensitive PI → standard contract), never
    # "not on the list".
    only_new = [x for x in assistant_lists if x.list_id == NEW]
    facts = Facts(registered_zone="lingang", export_in_zone=True, is_ciio=False, sector="再保险",
                  data_items=[DataItem(description="被保险人体检报告")], pi_count_ytd=3000, sensitive_pi_count_ytd=3000,
                  contains_pi=True)
    verdict = decide(facts, assistant_corpus, only_new, date(2026, 12, 1), "zh")
    assert verdict.code == "standard_contract_or_certification"
    assert verdict.list_editions == []
    assert any("未被负面清单覆盖" in s.finding for s in verdict.steps)
