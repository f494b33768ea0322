"""Counts of people in every usual form, with bounds and ranges (assistant.facts.numbers)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.facts.numbers import as_fact_count, find_counts, normalize_width, parse_count, parse_number

# (text, value, bound, low, high) — high None = no upper limit
TABLE = [
    ("5万人", 50_000, "exact", 50_000, 50_000),
    ("十五万", 150_000, "exact", 150_000, 150_000),
    ("1,200,000", 1_200_000, "exact", 1_200_000, 1_200_000),
    ("1，200，000人", 1_200_000, "exact", 1_200_000, 1_200_000),
    ("120万", 1_200_000, "exact", 1_200_000, 1_200_000),
    ("两万", 20_000, "exact", 20_000, 20_000),
    ("1.2万", 12_000, "exact", 12_000, 12_000),
    ("一百二十万", 1_200_000, "exact", 1_200_000, 1_200_000),
    ("1.2 million", 1_200_000, "exact", 1_200_000, 1_200_000),
    ("1.2M users", 1_200_000, "exact", 1_200_000, 1_200_000),
    ("150k", 150_000, "exact", 150_000, 150_000),
    ("150K customers", 150_000, "exact", 150_000, 150_000),
    ("3 thousand", 3_000, "exact", 3_000, 3_000),
    ("fifty thousand people", 50_000, "exact", 50_000, 50_000),
    ("one hundred and fifty thousand", 150_000, "exact", 150_000, 150_000),
    ("twenty-five thousand", 25_000, "exact", 25_000, 25_000),
    ("half a million", 500_000, "exact", 500_000, 500_000),
    ("a million users", 1_000_000, "exact", 1_000_000, 1_000_000),
    ("10 万人", 100_000, "exact", 100_000, 100_000),
    ("１０万人", 100_000, "exact", 100_000, 100_000),
    ("100万+", 1_000_000, "at_least", 1_000_000, None),
    ("一万零五", 10_005, "exact", 10_005, 10_005),
    ("两万五", 25_000, "exact", 25_000, 25_000),
    ("三千五百人", 3_500, "exact", 3_500, 3_500),
    ("1万2千", 12_000, "exact", 12_000, 12_000),
    ("12万5千人", 125_000, "exact", 125_000, 125_000),
    ("一亿二千万", 120_000_000, "exact", 120_000_000, 120_000_000),
    ("壹拾伍万", 150_000, "exact", 150_000, 150_000),
    ("九千九百九十九人", 9_999, "exact", 9_999, 9_999),
    ("99,999人", 99_999, "exact", 99_999, 99_999),
    ("999999", 999_999, "exact", 999_999, 999_999),
    # Chinese bounds
    ("不满10万人", 100_000, "under", 0, 99_999),
    ("少于1万人", 10_000, "under", 0, 9_999),
    ("低于100万", 1_000_000, "under", 0, 999_999),
    ("不到5万", 50_000, "under", 0, 49_999),
    ("不足一万人", 10_000, "under", 0, 9_999),
    ("10万不到", 100_000, "under", 0, 99_999),
    ("10万人以下", 100_000, "at_most", 0, 100_000),
    ("1万人以内", 10_000, "at_most", 0, 10_000),
    ("不超过10万人", 100_000, "at_most", 0, 100_000),
    ("最多5000人", 5_000, "at_most", 0, 5_000),
    ("超过100万人", 1_000_000, "over", 1_000_001, None),
    ("多于10万", 100_000, "over", 100_001, None),
    ("逾120万人", 1_200_000, "over", 1_200_001, None),
    # 多 / 余 / 出头 fill the place of the last figure named
    ("10万余人", 100_000, "over", 100_001, 199_999),
    ("10万多人", 100_000, "over", 100_001, 199_999),
    ("约3万多名", 30_000, "over", 30_001, 39_999),
    ("30多万人", 300_000, "over", 300_001, 399_999),
    ("一百多万人", 1_000_000, "over", 1_000_001, 1_999_999),
    ("两千多人", 2_000, "over", 2_001, 2_999),
    ("1万出头名患者", 10_000, "over", 10_001, 19_999),
    ("100万人以上", 1_000_000, "at_least", 1_000_000, None),
    ("1万人及以上", 10_000, "at_least", 10_000, None),
    ("至少1万人", 10_000, "at_least", 10_000, None),
    ("不少于10万人", 100_000, "at_least", 100_000, None),
    ("约15万人", 150_000, "exact", 150_000, 150_000),
    ("大约15万人左右", 150_000, "exact", 150_000, 150_000),
    ("10万上下", 100_000, "exact", 100_000, 100_000),
    ("将近10万人", 100_000, "under", 0, 99_999),
    # English bounds
    ("at least 10,000 people", 10_000, "at_least", 10_000, None),
    ("no fewer than 10,000", 10_000, "at_least", 10_000, None),
    ("over 1 million", 1_000_000, "over", 1_000_001, None),
    ("more than 100,000 users", 100_000, "over", 100_001, None),
    ("under 100,000 people", 100_000, "under", 0, 99_999),
    ("fewer than 10,000", 10_000, "under", 0, 9_999),
    ("less than 1m", 1_000_000, "under", 0, 999_999),
    ("up to 5,000", 5_000, "at_most", 0, 5_000),
    ("no more than 5,000", 5_000, "at_most", 0, 5_000),
    ("about 150,000", 150_000, "exact", 150_000, 150_000),
    ("approximately 1.5 million", 1_500_000, "exact", 1_500_000, 1_500_000),
    ("around 20k", 20_000, "exact", 20_000, 20_000),
    ("nearly 100,000", 100_000, "under", 0, 99_999),
    ("100,000 or more", 100_000, "at_least", 100_000, None),
    ("1,000,000+ users", 1_000_000, "at_least", 1_000_000, None),
    ("10,000 or fewer", 10_000, "at_most", 0, 10_000),
    ("10w用户", 100_000, "exact", 100_000, 100_000),
    ("1.2W人", 12_000, "exact", 12_000, 12_000),
    ("10w+", 100_000, "at_least", 100_000, None),
    ("超10万人", 100_000, "over", 100_001, None),
    ("突破100万", 1_000_000, "over", 1_000_001, None),
    ("过5万人", 50_000, "over", 50_001, None),
    ("2000多万用户", 20_000_000, "over", 20_000_001, 29_999_999),
    ("3千余万", 30_000_000, "over", 30_000_001, 39_999_999),
    ("三千多名员工", 3_000, "over", 3_001, 3_999),
]

RANGES = [
    ("10万到50万", 100_000, 500_000),
    ("10万至50万人", 100_000, 500_000),
    ("10-50万人", 100_000, 500_000),
    ("10~50万", 100_000, 500_000),
    ("10万～50万", 100_000, 500_000),
    ("5到10万", 50_000, 100_000),
    ("10万至不满100万人", 100_000, 999_999),
    ("100,000–999,999 people", 100_000, 999_999),
    ("100,000 to under 1,000,000 people", 100_000, 999_999),
    ("between 1,000 and 5,000", 1_000, 5_000),
    ("1-9,999人", 1, 9_999),
    ("100k-500k", 100_000, 500_000),
    ("不少于10万且不满100万人", 100_000, 999_999),
    ("at least 100,000 but fewer than 1,000,000", 100_000, 999_999),
    ("几十万用户", 100_000, 999_999),
    ("数万人", 10_000, 99_999),
    ("十几万", 100_000, 199_999),
    ("tens of thousands of users", 10_000, 99_999),
    ("hundreds of thousands of customers", 100_000, 999_999),
    ("几百名员工", 100, 999),
    ("a few hundred employees", 100, 999),
]


@pytest.mark.parametrize(("text", "value", "bound", "low", "high"), TABLE)
def test_count_table(text: str, value: int, bound: str, low: int, high: int | None) -> None:
    c = parse_count(text)
    assert c is not None, text
    assert (c.value, c.bound, c.low, c.high) == (value, bound, low, high)
    assert not c.is_range


@pytest.mark.parametrize(("text", "low", "high"), RANGES)
def test_ranges(text: str, low: int, high: int) -> None:
    c = parse_count(text)
    assert c is not None, text
    assert c.is_range
    assert (c.low, c.high) == (low, high)


def test_vague_at_least() -> None:
    for text, low in [("上万人", 10_000), ("上百万用户", 1_000_000), ("millions of users", 1_000_000),
                      ("逾万人", 10_001), ("超百万用户", 1_000_001), ("数以万计", 10_001)]:
        c = parse_count(text)
        assert c is not None and (c.bound, c.low, c.high) == ("at_least", low, None), text


def test_vague_ranges_and_via() -> None:
    c = parse_count("近万人")
    assert c is not None and (c.low, c.high) == (0, 9_999)
    c = parse_count("百万级用户")
    assert c is not None and (c.low, c.high) == (1_000_000, 9_999_999)
    c = parse_count("通过10万个接口")  # 通过 = "via", not "over"
    assert c is not None and c.bound == "exact"


def test_spans_point_into_original_text() -> None:
    text = "我们大约有１５万名客户，其中不满１万人的健康信息"
    counts = find_counts(text)
    assert [c.text for c in counts] == [text[c.span[0] : c.span[1]] for c in counts]
    assert counts[0].value == 150_000
    assert counts[1].bound == "under" and counts[1].value == 10_000
    assert text[counts[1].span[0] : counts[1].span[1]] == "不满１万"


def test_parse_count_passes_over_dates_and_articles() -> None:
    c = parse_count("2024年约15万人")
    assert c is not None and c.value == 150_000
    assert parse_count("第八条") is None
    c = parse_count("截至6月30日，共3万人")
    assert c is not None and c.value == 30_000


def test_not_counts() -> None:
    assert parse_count("万一出错怎么办") is None
    assert parse_count("千万不要") is None
    assert parse_count("no numbers here") is None
    assert parse_count("") is None
    # Dates are numbers but never ranges between day and month
    assert not any(c.is_range and c.low == 1 and c.high == 1 for c in find_counts("2024-01-01"))
    # "B2B" and "P5" are not counts
    assert find_counts("B2B and P5") == []


def test_sentence_final_figures() -> None:
    assert [c.value for c in find_counts("Number of people: about 800.")] == [800]
    assert [c.value for c in find_counts("We have 1,200,000. Then we stop.")] == [1_200_000]
    assert parse_number("2.3") is None  # a fraction of a person is not a count
    assert parse_number("2.3万") == 23_000


def test_parse_number_bare() -> None:
    assert parse_number("1.2万") == 12_000
    assert parse_number("一百二十万") == 1_200_000
    assert parse_number("150k") == 150_000
    assert parse_number("1,200,000") == 1_200_000
    assert parse_number("fifty thousand") == 50_000
    assert parse_number("二〇二四") == 2024
    assert parse_number("hello") is None
    assert parse_number("1.2万人") is None  # not a bare amount


def test_as_fact_count() -> None:
    def triple(text: str) -> tuple[int, str, int | None]:
        c = parse_count(text)
        assert c is not None
        return as_fact_count(c)

    assert triple("10万至不满100万人") == (100_000, "at_least", 1_000_000)
    assert triple("100,000–999,999 people") == (100_000, "at_least", 1_000_000)
    assert triple("不满10万人") == (100_000, "under", None)
    assert triple("100万人以上") == (1_000_000, "at_least", None)
    assert triple("约15万") == (150_000, "exact", None)
    assert triple("0-9,999人") == (10_000, "under", None)


def test_validation_errors() -> None:
    with pytest.raises(TypeError):
        find_counts(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_number(123)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        normalize_width(b"x")  # type: ignore[arg-type]


def test_normalize_width_keeps_length() -> None:
    text = "１２３，４５６人（约）～ＡＢＣ①㎡"
    assert len(normalize_width(text)) == len(text)
    assert normalize_width("１２３，４５６").startswith("123,456")


# ------------------------------------------------------------------------------------------ round trips

_CN_DIGITS = "零一二三四五六七八九"


def _cn_below_10k(n: int) -> str:
    """Standard Chinese numeral for 0 < n < 10,000 (with 零 for gaps)."""
    out = ""
    units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")]
    zero = False
    started = False
    for value, unit in units:
        d = n // value % 10
        if d:
            if zero and started:
                out += "零"
            out += _CN_DIGITS[d] + unit
            zero = False
            started = True
        else:
            zero = True
    return out


def _cn(n: int) -> str:
    if n == 0:
        return "零"
    parts = []
    yi, rest = divmod(n, 10**8)
    wan, low = divmod(rest, 10**4)
    if yi:
        parts.append(_cn_below_10k(yi) + "亿")
    if wan:
        if yi and wan < 1000:
            parts.append("零")
        parts.append(_cn_below_10k(wan) + "万")
    if low:
        if (yi or wan) and low < 1000:
            parts.append("零")
        parts.append(_cn_below_10k(low))
    return "".join(parts)


def _dec(n: int, unit: int) -> str:
    return format((Decimal(n) / Decimal(unit)).normalize(), "f")


def _styles(n: int) -> list[str]:
    styles = [str(n), f"{n:,}", f"{n:,}人", f"{n:,} people", f"约{n}人", _cn(n) + "人"]
    if n % 10_000 == 0:
        styles += [f"{n // 10_000}万", f"{n // 10_000}万人", f"{n // 10_000} 万人"]
    if n % 1_000 == 0:
        styles += [f"{n // 1000}k", f"{n // 1000} thousand people"]
    if n % 100_000 == 0:
        styles += [f"{_dec(n, 1_000_000)} million"]
    if n % 1_000 == 0 and n >= 10_000:
        styles += [f"{_dec(n, 10_000)}万"]
    return styles


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**10))
def test_round_trip_every_style(n: int) -> None:
    for text in _styles(n):
        c = parse_count(text)
        assert c is not None, text
        assert c.value == n, (text, c)
        assert c.bound == "exact"


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=0, max_value=10**9))
def test_round_trip_ranges_and_bounds(a: int, b: int) -> None:
    lo, hi = sorted((a, a + b))
    c = parse_count(f"{lo:,}–{hi:,}人")
    assert c is not None
    if lo < hi:
        assert (c.low, c.high) == (lo, hi)
    assert parse_count(f"不满{_cn(hi)}人") is not None
    under = parse_count(f"fewer than {hi:,} people")
    assert under is not None and (under.bound, under.value) == ("under", hi)
    at_least = parse_count(f"{hi}人以上")
    assert at_least is not None and (at_least.bound, at_least.value) == ("at_least", hi)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_text(text: str) -> None:
    for c in find_counts(text):
        assert 0 <= c.span[0] <= c.span[1] <= len(text)
        assert c.text == text[c.span[0] : c.span[1]]
        assert c.low >= 0 and (c.high is None or c.high >= c.low)
    parse_number(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789,.万亿千百十一二两三四五六七八九零〇~-至到不满以上以下约kKmM ", max_size=80))
def test_never_raises_on_number_soup(text: str) -> None:
    for c in find_counts(text):
        assert c.low >= 0 and (c.high is None or c.high >= c.low)
        as_fact_count(c)


@pytest.mark.slow
def test_large_inputs() -> None:
    big = "１２万人，" * 20_000  # 100 KB
    counts = find_counts(big)
    assert len(counts) == 20_000
    assert find_counts("9" * 100_000) is not None
    assert find_counts("万" * 100_000) == []
    assert find_counts("\x00\x01\u200b😀" * 25_000) == []


@pytest.mark.parametrize("text", ["一般个人信息", "统一处理", "之一", "一些客户", "进一步说明"])
def test_words_with_numeral_characters_are_not_counts(text: str) -> None:
    assert find_counts(text) == []


# ---------------------------------------------------------------------------------------------------------
# Everyday magnitude words (SPEC §3a, issue 13 item 4): each row a different phrasing, zh and en.

# (text, bound, low, high) as find_counts reads the one count in it
MAGNITUDES = [
    # hedged lower and upper bounds
    ("comfortably over a hundred thousand", "over", 100_001, None),
    ("well over 100k", "over", 100_001, None),
    ("nowhere near a million", "under", 0, 999_999),
    ("not even close to 10,000", "under", 0, 9_999),
    ("far below one million", "under", 0, 999_999),
    ("well under 10,000", "under", 0, 9_999),
    ("100万都不到", "under", 0, 999_999),
    ("离一百万还差得远", "under", 0, 999_999),
    ("超过了十万", "over", 100_001, None),
    ("不到1万", "under", 0, 9_999),
    ("上百万", "at_least", 1_000_000, None),
    ("over a million", "over", 1_000_001, None),
    ("32万余", "over", 320_001, 329_999),
    # vague amounts: ranges
    ("十几万", "exact", 100_000, 199_999),
    ("十多万", "exact", 100_000, 199_999),
    ("十来万", "exact", 100_000, 199_999),
    ("几万", "exact", 10_000, 99_999),
    ("几十", "exact", 10, 99),
    ("几百", "exact", 100, 999),
    ("a few hundred", "exact", 100, 999),
    ("several hundred thousand", "exact", 100_000, 999_999),
    ("a few million", "exact", 1_000_000, 9_999_999),
    # neighbouring digits are a range, never read digit by digit (两三万 is not 230,000)
    ("两三万", "exact", 20_000, 30_000),
    ("三五千", "exact", 3_000, 5_000),
    ("七八百", "exact", 700, 800),
    ("二三十万", "exact", 200_000, 300_000),
    ("五六十万", "exact", 500_000, 600_000),
    ("十五六万", "exact", 150_000, 160_000),
    ("3、4万", "exact", 30_000, 40_000),
    # estimates are taken as the figure
    ("约32万", "exact", 320_000, 320_000),
    ("about 320k", "exact", 320_000, 320_000),
    ("1.2m", "exact", 1_200_000, 1_200_000),
]


@pytest.mark.parametrize(("text", "bound", "low", "high"), MAGNITUDES)
def test_magnitude_words(text: str, bound: str, low: int, high: int | None) -> None:
    counts = find_counts(text)
    assert len(counts) == 1, (text, counts)
    c = counts[0]
    assert (c.bound, c.low, c.high) == (bound, low, high), text
    assert c.text == text[c.span[0] : c.span[1]]


# The same figure in every usual form (metamorphic): 15万 / 十五万 / 150,000 / 150k / 0.15 million …
SAME_150K = ["15万", "十五万", "一十五万", "150,000", "150000", "150k", "150K", "0.15 million", "0.15m", "150 thousand",
             "one hundred and fifty thousand", "15w", "１５万", "１５０，０００"]


@pytest.mark.parametrize("form", SAME_150K)
def test_every_form_of_150k_is_the_same_count(form: str) -> None:
    c = parse_count(f"{form}人")
    assert c is not None and (c.value, c.bound, c.low, c.high) == (150_000, "exact", 150_000, 150_000), form


def test_neighbouring_digits_need_a_unit_and_no_article() -> None:
    assert parse_count("第三四条") is None  # article numbers, not a range
    assert [c.value for c in find_counts("1、2、3万")][-1] == 30_000  # a list, not 20,000–30,000
    assert [(c.low, c.high) for c in find_counts("23万")] == [(230_000, 230_000)]
