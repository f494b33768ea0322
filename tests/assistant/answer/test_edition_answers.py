"""An answer names the list edition the rule check applied and flags the other edition (issue 17), in zh and
en, and passes verification (the edition's year and date come from the loaded list)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from assistant.pipeline import Pipeline

ZH = "我们是临港新片区注册的再保险公司，在区内开展数据出境，不是关基运营者，要向境外再保险人提供3000名被保险人的体检报告，这些数据在负面清单上。需要做什么？"
EN = ("We are a reinsurer registered in Lingang and export from there, not a CIIO; we send 3,000 insured persons' "
      "medical reports to a foreign reinsurer, and this data is on the negative list. What do we need?")
PATCH = {"data_items[0].list_item_id": "RI-L-01", "data_items[0].on_list": True}


def _pipeline(assistant_corpus: Any, assistant_index: Any, day: date) -> Pipeline:
    from assistant.settings import Settings

    data_dir, retriever = assistant_index
    return Pipeline(Settings(data_dir=data_dir), corpus=assistant_corpus, retriever_loader=lambda: retriever, as_of=day)


@pytest.mark.parametrize(("day", "code", "zh_says", "en_says"), [
    (date(2026, 12, 1), "standard_contract_or_certification",
     ("本结论适用：《中国（上海）自由贸易试验区及临港新片区数据出境管理清单（负面清单）（2024版）", "2027版，自2027-07-01起施行", "判断日尚未施行"),
     ("Applied (in force on the date of the check)", "(edition 2024", "not yet in force on the date of the check")),
    (date(2027, 8, 1), "security_assessment",
     ("本结论适用：《中国（上海）自由贸易试验区及临港新片区数据出境管理清单（负面清单）（2027版）", "已被新版本替代"),
     ("(edition 2027, effective 2027-07-01", "superseded on the date of the check")),
])
def test_the_answer_names_the_edition(assistant_corpus: Any, assistant_index: Any, day: date, code: str,
                                      zh_says: tuple[str, ...], en_says: tuple[str, ...]) -> None:
    pipeline = _pipeline(assistant_corpus, assistant_index, day)
    for question, says in ((ZH, zh_says), (EN, en_says)):
        response = pipeline.ask(question, facts_patch=PATCH)
        assert response.verdict.code == code, response.answer
        assert all(s in response.answer for s in says), response.answer
        assert response.degraded == [], response.degraded
