from __future__ import annotations

import pytest

from retrieval.tokenize import (
    BigramJiebaTokenizer,
    BigramTokenizer,
    JiebaTokenizer,
    Tokenizer,
    char_bigrams,
    get_tokenizer,
    latin_tokens,
    stem,
    without_question_words,
)


def test_char_bigrams_overlap_within_cjk_runs_and_stop_at_punctuation() -> None:
    assert char_bigrams("数据出境，是") == ["数据", "据出", "出境", "是"]
    assert char_bigrams("负面清单") == ["负面", "面清", "清单"]


def test_char_bigrams_ignore_latin_and_digits() -> None:
    assert char_bigrams("PIPL 第39条") == ["第", "条"]
    assert char_bigrams("") == []


def test_latin_tokens_lowercase_stem_and_drop_stopwords() -> None:
    assert latin_tokens("The Security Assessments of PIPL") == ["security", "assessment", "pipl"]
    assert latin_tokens("1,000,000 people") == ["1000000", "people"]


def test_stem_is_light() -> None:
    assert stem("transfers") == stem("transfer") == "transfer"
    assert stem("transferred") != ""
    assert stem("class") == "class"  # no over-stripping of -ss words
    assert stem("companies") == "company"


def test_bigram_tokenizer_mixes_both_scripts() -> None:
    tokens = BigramTokenizer()("PIPL 第三十九条 separate consent")
    assert "三十" in tokens and "pipl" in tokens and "consent" in tokens


def test_jieba_tokenizers_produce_words() -> None:
    words = JiebaTokenizer()("个人信息处理者向境外提供个人信息")
    assert "个人信息" in words
    both = BigramJiebaTokenizer()("向境外提供个人信息")
    # bigrams plus only the jieba words of 3+ characters (shorter ones duplicate the bigrams)
    assert "个人" in both and "个人信息" in both and "境外" in both and both.count("个人") == 1


@pytest.mark.parametrize("name", ["bigram", "jieba", "bigram+jieba"])
def test_registry_returns_named_tokenizers(name: str) -> None:
    tok = get_tokenizer(name)
    assert isinstance(tok, Tokenizer)
    assert tok.name == name


def test_registry_rejects_unknown_names() -> None:
    with pytest.raises(ValueError, match="bigram"):
        get_tokenizer("whitespace")


def test_question_words_leave_a_gap_so_no_bigram_spans_them() -> None:
    text = without_question_words("我们公司需要申报吗？请问是否适用")
    assert "我们" not in text and "需要" not in text and "吗" not in text and "是否" not in text
    assert char_bigrams(text) == ["公司", "申报", "适用"]
    # Legal wording without question words is untouched.
    assert without_question_words("免予申报数据出境安全评估") == "免予申报数据出境安全评估"


def test_statutory_count_brackets_become_single_tokens() -> None:
    from retrieval.tokenize import BigramBracketTokenizer, bracket_tokens

    assert bracket_tokens("自当年1月1日起累计向境外提供100万人以上个人信息（不含敏感个人信息）或者1万人以上敏感个人信息") == ["≥100万人", "≥1万人"]
    assert bracket_tokens("累计向境外提供10 万人以上、不满 100 万人个人信息或者不满1万人敏感个人信息") == ["≥10万人", "<100万人", "<1万人"]
    assert bracket_tokens("约120万名消费者的会员信息") == []  # a user's count is mapped to the wording by retrieval.counts
    tokens = BigramBracketTokenizer()("不满10万人个人信息")
    assert "<10万人" in tokens and "个人" in tokens
