"""scripts/derive/charsets.py: the docs' charset phrases -> character classes."""

from __future__ import annotations

import re

import pytest
from derive import charsets


@pytest.mark.parametrize(
    ("phrase", "body"),
    [
        ("中文、英文字母、数字、“_”", "\\u4e00-\\u9fa5A-Za-z0-9_"),
        ("英文字母、数字、“_”、“-”、“.”", "A-Za-z0-9_\\-."),
        ("中文、英文字母、数字、中划线、下划线", "\\u4e00-\\u9fa5A-Za-z0-9\\-_"),
        ("字母、数字、下划线、连线、点", "A-Za-z0-9_\\-."),
        ("英文和汉字", "\\u4e00-\\u9fa5A-Za-z"),
        ("英文和+、/", "A-Za-z+/"),
        ("英文字母、数字、英文格式的下划线、中划线，斜线（/）、点、冒号", "A-Za-z0-9_\\-/.:"),
    ],
)
def test_charset_reads_the_docs_lists(phrase: str, body: str) -> None:
    assert charsets.charset(phrase) == body


@pytest.mark.parametrize("phrase", ["英文、HTTP", "“APIG-SN-”", "中文、“”"])
def test_charset_refuses_what_is_not_a_charset(phrase: str) -> None:
    assert charsets.charset(phrase) is None


def test_tokens_keep_quoted_commas_and_split_before_qie() -> None:
    assert charsets.tokens("英文，“,”,“%”且只能以英文开头") == ["英文", "“,”", "“%”", "只能以英文开头"]


def test_pattern_matches_chinese_names_and_refuses_a_wrong_first_character() -> None:
    allowed = charsets.charset("中文、英文字母、数字、“_”")
    first = charsets.charset("英文或中文")
    assert allowed is not None and first is not None
    pat = charsets.pattern(allowed, first)
    assert re.fullmatch(pat, "分组_1a")
    assert re.fullmatch(pat, "group_01")
    assert not re.fullmatch(pat, "1group")
    assert not re.fullmatch(pat, "_group")
    assert not re.fullmatch(pat, "group-1")
    assert not re.fullmatch(pat, "grou p")


def test_describe_says_the_classes_in_words() -> None:
    assert charsets.describe("A-Za-z0-9_\\-", "A-Za-z") == "only letters, digits, _, -; starts with letters"


def test_a_list_ends_at_a_clause_or_a_length_only() -> None:
    assert charsets.ends_list("只能以英文开头")
    assert charsets.ends_list("3 ~ 64字符")
    assert charsets.ends_list("")
    assert not charsets.ends_list("“”")
    assert not charsets.ends_list("中英文格式下的小括号")
