"""The personal-data scan in long bodies: it reads only the runs of digits (and their neighbours),
so a number deep inside a long text, and the characters right next to it, must count exactly as
they do in a short one."""

from __future__ import annotations

from gongkai.core.privacy import PersonalDataHit, find_personal_data

PARAGRAPH = "为进一步做好市场监督管理工作，根据有关法律法规，结合本市实际，制定本办法。" * 20  # 740 characters


def test_numbers_deep_in_a_long_body_are_found_with_their_line_and_column() -> None:
    text = (PARAGRAPH + "联系电话：0794-8123451。\n"  # a landline: 11 digits, looked at, not reported
            + PARAGRAPH + "经办人手机13812345678。\n"
            + "身份证号１１０１０５１９４９１２３１００２Ｘ，" + PARAGRAPH + "\n"
            + PARAGRAPH + "卡号 4111 1111 1111 1111")
    assert find_personal_data(text) == [
        PersonalDataHit("手机号码", "13812345678", line=2, column=746),
        PersonalDataHit("身份证号", "１１０１０５１９４９１２３１００２Ｘ", line=3, column=5),
        PersonalDataHit("银行卡号", "4111 1111 1111 1111", line=4, column=744),
    ]


def test_the_characters_next_to_a_number_decide_as_in_a_short_text() -> None:
    # Part of an amount, of a code with a letter, of a serial with a hyphen: left alone.
    for inside in ("金额3.13812345678元", "编号A13812345678", "编号13812345678-2", "第13812345678.5号"):
        assert find_personal_data(PARAGRAPH + inside + PARAGRAPH) == [], inside
    # A list of years is no card, however long the run of digits and spaces.
    assert find_personal_data(PARAGRAPH + "2019 2020 2021 2022 2023年" + PARAGRAPH) == []
    # Spaces around the number are no part of it; +86 and full-width separators are.
    text = PARAGRAPH + "电话 +86 138－1234－5678 。"
    assert find_personal_data(text) == [
        PersonalDataHit("手机号码", "+86 138－1234－5678", line=1, column=744)]


def test_a_text_that_starts_or_ends_with_a_number() -> None:
    assert find_personal_data("13812345678" + PARAGRAPH + "11010519491231002X") == [
        PersonalDataHit("手机号码", "13812345678", line=1, column=1),
        PersonalDataHit("身份证号", "11010519491231002X", line=1, column=752),
    ]
