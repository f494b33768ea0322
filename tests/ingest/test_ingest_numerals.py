from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.numerals import int_to_zh, zh_to_int


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("十九", 19), ("二十", 20), ("二十一", 21),
        ("三十七", 37), ("三十九", 39), ("九十九", 99), ("一百", 100), ("一百零一", 101), ("一百一十", 110),
        ("一百一十一", 111), ("一百二十", 120), ("二百零五", 205), ("一千零一", 1001), ("两百", 200),
        ("101", 101), ("１２", 12),
    ],
)
def test_chinese_numerals(text: str, number: int) -> None:
    assert zh_to_int(text) == number


@pytest.mark.parametrize(("number", "text"), [(10, "十"), (15, "十五"), (101, "一百零一"), (110, "一百一十"), (1005, "一千零五")])
def test_writes_numerals_like_legal_headings(number: int, text: str) -> None:
    assert int_to_zh(number) == text


@pytest.mark.parametrize("bad", ["", "条", "十十", "百一十百", "一二"])
def test_rejects_non_numerals(bad: str) -> None:
    with pytest.raises(ValueError):
        zh_to_int(bad)


@given(st.integers(min_value=1, max_value=9999))
def test_round_trip(number: int) -> None:
    assert zh_to_int(int_to_zh(number)) == number
