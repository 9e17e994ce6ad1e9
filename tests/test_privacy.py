"""Personal-data scanner: what is reported, what is left alone, and where it is."""

from __future__ import annotations

import pytest

from gongkai.core.privacy import (
    PersonalDataHit,
    find_personal_data,
    is_valid_id_number,
    mask,
    passes_luhn,
)

# The worked example of GB 11643-1999; its check character X is given by the standard itself.
ID_GB_EXAMPLE = "11010519491231002X"
# An all-digit ID that also passes Luhn, so it could be mistaken for an 18-digit card.
ID_ALSO_LUHN = "360102198503150200"
# Public test card numbers (Visa, UnionPay 16 and 19 digits), Luhn-valid by construction.
CARD_VISA = "4111111111111111"
CARD_UNIONPAY_16 = "6200000000000005"
CARD_UNIONPAY_19 = "6205500000000000004"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The plain case, glued to Chinese text as authors write it.
        (f"身份证号{ID_GB_EXAMPLE}，", [("身份证号", ID_GB_EXAMPLE)]),
        # A lowercase x is how many people type the check character.
        (f"证件号码：{ID_GB_EXAMPLE.lower()}", [("身份证号", ID_GB_EXAMPLE.lower())]),
        # Some forms print the ID grouped 6-8-4.
        ("身份证 110105 19491231 002X", [("身份证号", "110105 19491231 002X")]),
        # An ID that also passes Luhn is reported once, as an ID.
        (f"号码{ID_ALSO_LUHN}", [("身份证号", ID_ALSO_LUHN)]),
        # The plain mobile number.
        ("手机13812345678。", [("手机号码", "13812345678")]),
        # 19x is a mobile prefix too (1[3-9]).
        ("手机19912345678", [("手机号码", "19912345678")]),
        # 3-4-4 with spaces.
        ("手机 138 1234 5678", [("手机号码", "138 1234 5678")]),
        # 3-4-4 with hyphens.
        ("手机：138-1234-5678", [("手机号码", "138-1234-5678")]),
        # +86 glued on.
        ("Tel +8613812345678", [("手机号码", "+8613812345678")]),
        # +86 and a space, grouped.
        ("电话 +86 138 1234 5678", [("手机号码", "+86 138 1234 5678")]),
        # +86- and hyphens.
        ("电话 +86-139-1234-5678", [("手机号码", "+86-139-1234-5678")]),
        # 0086, the international prefix dialled from abroad.
        ("电话0086 138 1234 5678", [("手机号码", "0086 138 1234 5678")]),
        # 86 without the plus.
        ("电话86 13812345678", [("手机号码", "86 13812345678")]),
        # Full-width digits, as Chinese input methods type them.
        ("手机１３８１２３４５６７８", [("手机号码", "１３８１２３４５６７８")]),
        # Two numbers in one line, separated by ASCII punctuation, are both found.
        ("13812345678,13912345678", [("手机号码", "13812345678"), ("手机号码", "13912345678")]),
        # A 16-digit card.
        (f"卡号{CARD_VISA}", [("银行卡号", CARD_VISA)]),
        # A 19-digit card.
        (f"卡号：{CARD_UNIONPAY_19}", [("银行卡号", CARD_UNIONPAY_19)]),
        # Cards are printed in groups of four.
        ("卡号 4111 1111 1111 1111", [("银行卡号", "4111 1111 1111 1111")]),
        # Hyphens work as group separators too.
        ("卡号 6200-0000-0000-0005", [("银行卡号", "6200-0000-0000-0005")]),
        # A 19-digit card ends with a group of three.
        ("卡号 6205 5000 0000 0000 004", [("银行卡号", "6205 5000 0000 0000 004")]),
        # No-break spaces, as text pasted from Word has them (U+00A0) …
        ("手机139\u00a01234\u00a05678", [("手机号码", "139\u00a01234\u00a05678")]),
        # … en and em spaces, thin and zero-width spaces …
        ("手机139\u20021234\u20035678", [("手机号码", "139\u20021234\u20035678")]),
        ("手机139\u20091234\u200b5678", [("手机号码", "139\u20091234\u200b5678")]),
        # … and the ideographic space of Chinese input methods.
        ("手机139\u30001234\u30005678", [("手机号码", "139\u30001234\u30005678")]),
        # An ID grouped with no-break spaces.
        ("身份证 110105\u00a019491231\u00a0002X", [("身份证号", "110105\u00a019491231\u00a0002X")]),
        # Dots between the 3-4-4 groups, a business-card habit.
        ("手机139.1234.5678", [("手机号码", "139.1234.5678")]),
        # Latin labels glued to the number …
        ("Tel13912345678", [("手机号码", "13912345678")]),
        ("TEL:13912345678", [("手机号码", "13912345678")]),
        ("Mobile13912345678", [("手机号码", "13912345678")]),
        ("Ph.13912345678", [("手机号码", "13912345678")]),
        ("No.13912345678", [("手机号码", "13912345678")]),
        ("TelNo13912345678", [("手机号码", "13912345678")]),
        # … also in full-width letters.
        ("ＴＥＬ13912345678", [("手机号码", "13912345678")]),
        # Chinese labels glued to the number, with and without a colon.
        ("电话13912345678", [("手机号码", "13912345678")]),
        ("手机：13912345678", [("手机号码", "13912345678")]),
        (f"ID{ID_GB_EXAMPLE}", [("身份证号", ID_GB_EXAMPLE)]),
        (f"身份证号{ID_GB_EXAMPLE}", [("身份证号", ID_GB_EXAMPLE)]),
        # IDs grouped 6-8-4 with hyphens, 6-4-4-4 with spaces or hyphens.
        ("身份证 110105-19491231-002X", [("身份证号", "110105-19491231-002X")]),
        ("身份证 110105 1949 1231 002X", [("身份证号", "110105 1949 1231 002X")]),
        ("身份证 110105-1949-1231-002X", [("身份证号", "110105-1949-1231-002X")]),
        # A number broken across two lines (the value is given without the break) …
        ("手机1391234\n5678。", [("手机号码", "13912345678")]),
        # … with the next line indented …
        ("手机139 1234\n    5678", [("手机号码", "139 12345678")]),
        # … after a Markdown line continuation (backslash, two trailing spaces, <br>) …
        ("手机1391234\\\n5678", [("手机号码", "13912345678")]),
        ("手机1391234  \n5678", [("手机号码", "13912345678")]),
        ("手机1391234<br>\n5678", [("手机号码", "13912345678")]),
        # … after a group separator …
        ("手机139-1234-\n5678", [("手机号码", "139-1234-5678")]),
        # … and an ID broken before its check character.
        (f"身份证号{ID_GB_EXAMPLE[:12]}\n{ID_GB_EXAMPLE[12:]}", [("身份证号", ID_GB_EXAMPLE)]),
        # Two numbers on consecutive lines stay two numbers.
        ("13812345678\n13912345678",
         [("手机号码", "13812345678"), ("手机号码", "13912345678")]),
        # A mobile number next to a card (a space between) does not hide the card.
        (
            f"13812345678 {CARD_UNIONPAY_16}",
            [("手机号码", "13812345678"), ("银行卡号", CARD_UNIONPAY_16)],
        ),
    ],
)
def test_finds(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(hit.kind, hit.value) for hit in find_personal_data(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        # Wrong check character (the standard's example ends in X).
        "身份证号110105194912310021",
        # 1985 was no leap year, so 19850229 is no birth date, although the check digit fits.
        "号码360102198502290017",
        # Born 1899: outside 1900–2099, although the check digit fits.
        "号码362201189912311235",
        # Region code starting with 9 is not a province, although the check digit fits.
        "号码910101199003071232",
        # An ID-shaped part of a longer token is not an ID.
        f"编号A{ID_GB_EXAMPLE}",
        # Followed by another digit it is a 19-digit number, and that fails Luhn.
        f"编号{ID_GB_EXAMPLE[:-1]}01",
        # 统一社会信用代码 contain letters.
        "统一社会信用代码：91350100M000100Y43",
        # 索引号 with an all-digit code whose date part (00000000) is no date.
        "索引号：113601000000000000/2024-00012",
        # 索引号 with the usual lettered code.
        "索引号：11360100MB1234567X/2024-00012",
        # Landline with area code and hyphen.
        "电话：0794-8123456",
        # Landline with the area code in parentheses.
        "电话：(0794)8123456",
        # Beijing landline: 8 digits after 010.
        "电话：010-12345678",
        # Beijing landline grouped like a mobile, but mobiles start with 1.
        "电话：010 1234 5678",
        # 文号.
        "临市监规〔2024〕3号",
        # ISO date.
        "2024-03-08",
        # Compact date.
        "20240308",
        # An amount: digits after a decimal point.
        "金额12345.67元",
        # An 11-digit amount with fen is still an amount, not a phone.
        "合计13812345678.00元",
        # 11 digits, but 12x is no mobile prefix.
        "编号12012345678",
        # 11 digits, but 10x is no mobile prefix.
        "编号10012345678",
        # 15 digits: neither an 18-digit ID nor a 16–19-digit card.
        "编号123456789012345",
        # 12 digits that start like a mobile are part of a longer number.
        "编号138123456789",
        # A mobile-shaped run inside an 18-digit number (neither an ID nor Luhn-valid).
        "编号000013812345678001",
        # A serial continued through a hyphen is not a phone.
        "编号001-13812345678",
        # A card-shaped number failing Luhn (last digit of the Visa test card changed).
        "卡号4111111111111112",
        # 20 digits are longer than any card, even though the first 16 pass Luhn.
        f"编号{CARD_VISA}0000",
        # A list of years: "1991 1992 1993 1994" alone would pass Luhn, but here it goes on …
        "1991 1992 1993 1994 1995",
        # … or started before.
        "1990 1991 1992 1993 1994",
        # Letters that are no label make a code of the number …
        "编号ABC13912345678",
        # … even when they end like one ("Hotel" is no "Tel") …
        "Hotel13912345678",
        # … or when the run of letters is too long to be a label.
        "TelTelTelTelTelTelTelTelTel13912345678",
        # An ID-shaped code with letters before it is a code, unless they are a label.
        f"XYZ{ID_GB_EXAMPLE}",
        # A single dot is a decimal point: an amount, not a dotted phone number.
        "金额1391234.5678元",
        # A dotted number that goes on is a version or an address.
        "版本139.1234.5678.1",
        # A hyphenated ID-shaped number that fails the check is left alone.
        "编号110105-19491231-0021",
        # Two lines that join into something longer than any number.
        "编号2024\n13912345678001",
        # Numbers in consecutive lines of a table that only join into a longer run.
        "| 1380000 |\n| 0000 |",
        # A Luhn-valid run after a letter is part of a serial number.
        f"编号X{CARD_VISA}",
    ],
)
def test_leaves_alone(text: str) -> None:
    assert find_personal_data(text) == []


def test_reports_line_and_column_of_each_hit_in_reading_order() -> None:
    text = f"第一行没有\n  手机13812345678\n卡号{CARD_VISA}，证件{ID_GB_EXAMPLE}"
    assert find_personal_data(text) == [
        PersonalDataHit("手机号码", "13812345678", line=2, column=5),
        PersonalDataHit("银行卡号", CARD_VISA, line=3, column=3),
        PersonalDataHit("身份证号", ID_GB_EXAMPLE, line=3, column=22),
    ]


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        # The standard's own example.
        (ID_GB_EXAMPLE, True),
        # Lowercase x is accepted.
        (ID_GB_EXAMPLE.lower(), True),
        # 29 February 2000 existed (2000 is a leap year).
        ("360102200002290010", True),
        # Wrong check character.
        ("110105194912310021", False),
        # Born in 2100: outside 1900–2099, check digit fits.
        ("362201210001011235", False),
        # Region code starting with 0, check character fits.
        ("01010119900307123X", False),
        # Too short.
        (ID_GB_EXAMPLE[:-1], False),
        # Full-width digits are not accepted here; the scanner converts them first.
        ("１１０１０５１９４９１２３１００２X", False),
    ],
)
def test_is_valid_id_number(number: str, valid: bool) -> None:
    assert is_valid_id_number(number) is valid


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        # Public test card numbers.
        (CARD_VISA, True),
        (CARD_UNIONPAY_19, True),
        # One digit changed breaks the check.
        ("4111111111111121", False),
        # Two adjacent digits swapped break it too (what Luhn is designed to catch).
        ("6200000000000050", False),
        # Separators are not digits; callers strip them first.
        ("4111 1111 1111 1111", False),
    ],
)
def test_passes_luhn(digits: str, valid: bool) -> None:
    assert passes_luhn(digits) is valid


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        # First three and last two stay.
        ("13812345678", "138******78"),
        # Separators stay, so the shape is recognisable.
        ("138 1234 5678", "138 **** **78"),
        # An ID keeps its region prefix and check character only.
        (ID_GB_EXAMPLE, "110*************2X"),
        # Six characters: one is hidden.
        ("123456", "123*56"),
        # Five characters would be shown whole, so all are hidden.
        ("12345", "*****"),
    ],
)
def test_mask(value: str, masked: str) -> None:
    assert mask(value) == masked
