"""The helpdesk inbox (evals/cases/helpdesk.yaml) through the real pipeline: expected verdict code, articles that
must be cited, clarifying questions that must be asked, phrases that must not appear."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.pipeline import Pipeline

CASES = yaml.safe_load((Path(__file__).resolve().parents[2] / "evals" / "cases" / "helpdesk.yaml").read_text(encoding="utf-8"))["cases"]


def test_the_inbox_covers_every_code_in_both_languages() -> None:
    codes = {c["expect"]["verdict"] for c in CASES}
    assert len(CASES) >= 40
    assert codes == {"exempt_negative_list", "exempt", "standard_contract_or_certification", "security_assessment",
                     "other_law", "needs_facts", "info", "out_of_scope"}
    assert {c["language"] for c in CASES} == {"zh", "en"}


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_helpdesk_case(assistant_pipeline: Pipeline, case: dict[str, Any]) -> None:
    response = assistant_pipeline.ask(case["question"])
    expect = case["expect"]
    assert response.language == case["language"]
    assert response.verdict.code == expect["verdict"], f"{case['id']}: facts {response.facts.model_dump(exclude_defaults=True)}"
    cited = {c.id for c in response.citations}
    assert set(expect.get("must_cite", [])) <= cited, f"missing {set(expect.get('must_cite', [])) - cited}"
    assert not set(expect.get("must_not_cite", [])) & cited
    asked = [m.key for m in response.verdict.missing_facts]
    for key in expect.get("missing_facts", []):
        assert key in asked, f"did not ask {key} (asked {asked})"
    for phrase in expect.get("must_not_contain", []):
        assert phrase not in response.answer
    assert not any("failed verification" in d for d in response.degraded), response.degraded
