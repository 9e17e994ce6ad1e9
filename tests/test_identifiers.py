"""统一社会信用代码, 索引号 patterns and slugs."""

from __future__ import annotations

import pytest

from gongkai.core.identifiers import (
    category_slug,
    describe_index_no_pattern,
    index_no_regex,
    index_no_slug,
    is_valid_uscc,
    uscc_check_char,
)

CODE = "11360100MB1234567X"
PATTERN = "<code>/<YYYY>-<NNNNN>"


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        # Real codes printed on business licences.
        ("91350100M000100Y43", True),
        ("9144030071526726XG", True),
        # Check character wrong (last character of a real code changed).
        ("91350100M000100Y44", False),
        # Two characters swapped: the weights make the check catch it.
        ("91350100M000010Y43", False),
        # Lowercase is not how the standard prints codes.
        ("91350100m000100y43", False),
        # I, O, S, V, Z are not in the character set.
        ("91350100O000100Y43", False),
        # 17 characters.
        ("91350100M000100Y4", False),
        # 19 characters.
        ("91350100M000100Y430", False),
        # Empty.
        ("", False),
    ],
)
def test_is_valid_uscc(code: str, valid: bool) -> None:
    assert is_valid_uscc(code) is valid


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        # A real code: its printed 18th character.
        ("91350100M000100Y4", "3"),
        # A real code whose check character is a letter.
        ("9144030071526726X", "G"),
        # All zeros: sum 0, 31 - 0 = 31 maps to 0.
        ("00000000000000000", "0"),
        # Only the first character 1 (weight 1): 31 - 1 = 30 → Y, the last character of the set.
        ("10000000000000000", "Y"),
    ],
)
def test_uscc_check_char(first17: str, check: str) -> None:
    assert uscc_check_char(first17) == check


@pytest.mark.parametrize(
    "first17",
    [
        # 16 characters.
        "91350100M000100Y",
        # A character outside the set.
        "91350100I000100Y4",
    ],
)
def test_uscc_check_char_rejects_bad_input(first17: str) -> None:
    with pytest.raises(ValueError, match="17 characters"):
        uscc_check_char(first17)


@pytest.mark.parametrize(
    ("index_no", "slug"),
    [
        # The default pattern: lowercase, '/' becomes '-'.
        ("11360100MB1234567X/2024-00012", "11360100mb1234567x-2024-00012"),
        # Chinese becomes pinyin, written together, and is kept apart from the digits.
        ("湖质监/2024-1", "huzhijian-2024-1"),
        # Pinyin and Latin letters next to each other still get a '-' between.
        ("ABC湖2024", "abc-hu-2024"),
        # Runs of other characters collapse to one '-', none at the ends.
        ("〔2024〕//3号", "2024-3-hao"),
        # Full-width letters and digits count as ASCII.
        ("ＡＢ１２", "ab12"),
        # Nothing sluggable is left.
        ("〔〕", ""),
    ],
)
def test_index_no_slug(index_no: str, slug: str) -> None:
    assert index_no_slug(index_no) == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        # Two-character chunks joined by '-'.
        ("部门动态", "bumen-dongtai"),
        ("人事信息", "renshi-xinxi"),
        # 多音字 read as in the phrase: 行 is xing in 行政 …
        ("行政执法", "xingzheng-zhifa"),
        # … and hang in 银行.
        ("银行", "yinhang"),
        # 重 is chong in 重庆.
        ("重庆", "chongqing"),
        # An odd length leaves a one-syllable chunk at the end.
        ("财务预决算", "caiwu-yujue-suan"),
        # ü is written v, so the slug stays ASCII.
        ("绿色", "lvse"),
        # Latin letters and digits are kept, lowercased, as words of their own.
        ("2024年度预算", "2024-niandu-yusuan"),
        ("PPP项目", "ppp-xiangmu"),
        # Punctuation only separates; chunks restart after it.
        ("规划、计划", "guihua-jihua"),
        # Nothing to make a slug from.
        ("、", ""),
    ],
)
def test_category_slug(name: str, slug: str) -> None:
    assert category_slug(name) == slug


@pytest.mark.parametrize(
    ("pattern", "code", "candidate", "matches"),
    [
        # The default pattern, a proper 索引号.
        (PATTERN, CODE, f"{CODE}/2024-00012", True),
        # Serial one digit short.
        (PATTERN, CODE, f"{CODE}/2024-0012", False),
        # Serial one digit long: the regex is anchored at the end.
        (PATTERN, CODE, f"{CODE}/2024-000120", False),
        # Something before the code: anchored at the start.
        (PATTERN, CODE, f"X{CODE}/2024-00012", False),
        # Another agency's code.
        (PATTERN, CODE, "91350100M000100Y43/2024-00012", False),
        # '/' must be '/', not another separator.
        (PATTERN, CODE, f"{CODE}-2024-00012", False),
        # A two-digit year is not <YYYY>.
        (PATTERN, CODE, f"{CODE}/24-00012", False),
        # The code is literal, not a regex: its '.' matches only a '.' …
        ("<code>-<NNN>", "A.B", "A.B-001", True),
        # … and not any character.
        ("<code>-<NNN>", "A.B", "AXB-001", False),
        # <MM> is a month 01–12.
        ("<code>-<YYYY><MM>-<NNN>", CODE, f"{CODE}-202403-001", True),
        ("<code>-<YYYY><MM>-<NNN>", CODE, f"{CODE}-202413-001", False),
        # <MM> needs two digits.
        ("<code>-<YYYY><MM>-<NNN>", CODE, f"{CODE}-20243-0001", False),
        # Regex metacharacters in the pattern are literal.
        ("<code>(<YYYY>)*<NN>", CODE, f"{CODE}(2024)*01", True),
        ("<code>(<YYYY>)*<NN>", CODE, f"{CODE}2024*01", False),
    ],
)
def test_index_no_regex(pattern: str, code: str, candidate: str, matches: bool) -> None:
    assert (index_no_regex(pattern, code).match(candidate) is not None) is matches


def test_index_no_regex_is_anchored_for_search_too() -> None:
    # Callers may use .search or .fullmatch as well as .match; all must check the whole 索引号.
    regex = index_no_regex(PATTERN, CODE)
    assert regex.search(f"X{CODE}/2024-00012") is None
    assert regex.search(f"{CODE}/2024-00012") is not None


def test_index_no_regex_captures_year_month_and_serial() -> None:
    match = index_no_regex("<code>/<YYYY><MM>-<NNNN>", CODE).match(f"{CODE}/202403-0042")
    assert match is not None
    assert match.groupdict() == {"year": "2024", "month": "03", "serial": "0042"}


def test_index_no_regex_allows_a_placeholder_twice_and_captures_the_first() -> None:
    match = index_no_regex("<YYYY>/<YYYY>-<NN>", CODE).match("2024/2025-01")
    assert match is not None
    assert match.group("year") == "2024"


@pytest.mark.parametrize(
    "pattern",
    [
        # A typo for <YYYY>.
        "<code>/<YYY>-<NNNNN>",
        # Placeholders are case-sensitive.
        "<CODE>/<YYYY>-<NNNNN>",
        # Not a placeholder we know.
        "<code>/<YYYY><DD>-<NNN>",
    ],
)
def test_unknown_placeholders_are_errors(pattern: str) -> None:
    with pytest.raises(ValueError, match="unknown placeholder"):
        index_no_regex(pattern, CODE)
    with pytest.raises(ValueError, match="unknown placeholder"):
        describe_index_no_pattern(pattern, CODE)


@pytest.mark.parametrize(
    ("pattern", "kwargs", "example"),
    [
        # The default pattern, with the default year.
        (PATTERN, {}, f"{CODE}/2024-00001"),
        # The year of the entry being reported on.
        (PATTERN, {"year": 2025}, f"{CODE}/2025-00001"),
        # Month zero-padded; serial as wide as its Ns.
        ("<code>-<YYYY><MM>-<NNN>", {"month": 3}, f"{CODE}-202403-001"),
        # Other characters are copied as they are.
        ("湖质监〔<YYYY>〕<N>号", {}, "湖质监〔2024〕1号"),
    ],
)
def test_describe_index_no_pattern(pattern: str, kwargs: dict[str, int], example: str) -> None:
    assert describe_index_no_pattern(pattern, CODE, **kwargs) == example


@pytest.mark.parametrize(
    "pattern",
    [PATTERN, "<code>-<YYYY><MM>-<NNN>", "湖质监〔<YYYY>〕<N>号", "<code>(<YYYY>)*<NN>"],
)
def test_described_example_matches_its_own_pattern(pattern: str) -> None:
    # The example in a message must be one the validator would accept.
    example = describe_index_no_pattern(pattern, CODE, year=2031, month=12)
    assert index_no_regex(pattern, CODE).match(example) is not None
