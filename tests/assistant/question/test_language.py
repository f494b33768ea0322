"""zh / en detection (assistant.language)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.question.language import detect_language

CASES = [
    ("我们是临港新片区的再保险公司，需要做安全评估吗？", "zh"),
    ("请问关基需要申报吗", "zh"),
    ("临港", "zh"),
    ("我们是CIIO吗？", "zh"),
    ("我们是一家reinsurance company，需要transfer data to HK吗", "zh"),
    ("请问 PIPL 第38条 的 standard contract 怎么备案？", "zh"),
    ("Do we need a security assessment to send customer data to Singapore?", "en"),
    ("We are registered in 临港新片区 and want to send crew passport scans to our owner in Greece. Do we need anything?", "en"),
    ("Our company in 中国（上海）自由贸易试验区 needs to send customer data to the Singapore HQ.", "en"),
    ("", "en"),
    ("   ", "en"),
    ("😀🚢📦", "en"),
    ("12345", "en"),
    ("ＣＩＩＯ ｉｓ ｗｈａｔ", "en"),
    ("關鍵信息基礎設施運營者是什麼", "zh"),
    ("\x00\x01 数据出境 \x7f", "zh"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_detect(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_non_str_is_a_validation_error() -> None:
    with pytest.raises(TypeError):
        detect_language(None)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_always_zh_or_en(text: str) -> None:
    assert detect_language(text) in ("zh", "en")


def test_large_input() -> None:
    assert detect_language("数据" * 50_000) == "zh"
    assert detect_language("data " * 20_000) == "en"
