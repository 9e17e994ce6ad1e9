"""How search reads text and queries: folding, terms and 文号 keys (browser and build share these)."""

from __future__ import annotations

import pytest

from gongkai.core.search.extract import UnreadableAttachment, attachment_text
from gongkai.core.search.normalize import doc_no_key, fold, index_terms, query_terms
from search_fixture import docx_bytes, pdf_bytes


@pytest.mark.parametrize(("text", "folded"), [
    ("政府資訊公開", "政府信息公开"),        # 繁体 characters and the Taiwan term 資訊
    ("政府信息公開", "政府信息公开"),        # mixed 简/繁
    ("食品安全監督抽檢", "食品安全监督抽检"),
    ("ＧＢ　７５８８", "gb 7588"),           # full-width letters, digits and space
    ("临市财发（2024）12号", "临市财发(2024)12号"),
    ("临市财发〔2024〕12号", "临市财发〔2024〕12号"),  # 〔〕 has no ASCII form: kept
    ("网路资讯", "网络信息"),
])
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


QUERY_TERMS = [
    ("预算", ["预算"]),                                        # a word is one bigram
    ("共和国", ["共和", "和国"]),
    ("税", ["税"]),                                            # a single character stands alone
    ("2024年", ["2024"]),                                      # unit characters drop beside other terms
    ("年", ["年"]),
    ("市财发〔2024〕12号", ["市财", "财发", "2024", "12"]),
    ("市财发 [2024] 12", ["市财", "财发", "2024", "12"]),      # any bracket, spaces, no 号
    ("GB7588-2020", ["gb", "7588", "2020"]),                   # letters and digits split
    ("ISO9001认证", ["iso", "9001", "认证"]),
    ("政府資訊公開", ["政府", "府信", "信息", "息公", "公开"]),
    ("预算 预算", ["预算"]),                                    # each term once
]


@pytest.mark.parametrize(("query", "terms"), QUERY_TERMS)
def test_query_terms(query: str, terms: list[str]) -> None:
    assert query_terms(query) == terms


def test_index_terms_keep_single_characters_and_bigrams() -> None:
    assert index_terms(fold("财政预算 GB2760")) == [
        "财", "政", "预", "算", "财政", "政预", "预算", "gb", "2760"]


DOC_NO_KEYS = [
    ("临市财发〔2024〕12号", "临市财发〔2024〕12"),
    ("临市财发[2024]12号", "临市财发〔2024〕12"),
    ("临市财发【2024】12号", "临市财发〔2024〕12"),
    ("临市财发(2024)12号", "临市财发〔2024〕12"),
    ("临市财发（2024）12号", "临市财发〔2024〕12"),
    ("临市财发 〔2024〕 12 号", "临市财发〔2024〕12"),
    ("臨市財發〔2024〕12", "临市财发〔2024〕12"),
]


@pytest.mark.parametrize(("doc_no", "key"), DOC_NO_KEYS)
def test_doc_no_key_ignores_bracket_style_spaces_and_hao(doc_no: str, key: str) -> None:
    assert doc_no_key(doc_no) == key


def test_attachment_text_of_docx_and_pdf(tmp_path) -> None:
    docx = tmp_path / "table.docx"
    docx.write_bytes(docx_bytes(["锅炉压力容器安全检查表", "安全阀是否按期校验"]))
    assert attachment_text(docx) == "锅炉压力容器安全检查表\n安全阀是否按期校验"
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(pdf_bytes(["电梯维保单位名录", "GB 7588"]))
    assert attachment_text(pdf).split() == ["电梯维保单位名录", "GB", "7588"]
    archive = tmp_path / "photos.zip"
    archive.write_bytes(b"PK\x03\x04")
    assert attachment_text(archive) == ""  # no reader: the scan reports it as not scanned


@pytest.mark.parametrize(("name", "data"), [
    ("broken.pdf", b"%PDF-1.4\nnot a pdf"),
    ("broken.docx", b"PK not a zip"),
])
def test_unreadable_attachment_raises_one_clear_exception(tmp_path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableAttachment):
        attachment_text(path)


def test_postings_are_varint_pairs_of_entry_gap_and_weight() -> None:
    from gongkai.core.search.postings import encode_postings

    # Alphabet 0-9A-Za-z-_: the first 32 characters end a number, the last 32 continue it.
    # entries 0 (weight 3), 1 (weight 5), 40 (weight 31), 5000 (weight 2):
    # gaps 0, 1, 39 = 1·32 + 7 → "X7" ("X" is 32+1), 4960 = 4·1024 + 27·32 + 0 → "a" (32+4),
    # then 27 continues → "x" (32+27), then 0 ends → "0".
    assert encode_postings([0 * 32 + 3, 1 * 32 + 5, 40 * 32 + 31, 5000 * 32 + 2]) == (
        "03" + "15" + "X7" + "V" + "ax0" + "2")


def test_postings_with_few_weights_are_one_varint_per_entry_after_a_weight_table() -> None:
    import numpy as np

    # entries 0 (14), 3 (14), 4 (9), 40 (14): table "9E" (weights 9 and 14: places 0 and 1);
    # Δentry × 2 + place: 0·2+1 = 1 → "1", 3·2+1 = 7 → "7", 1·2+0 = 2 → "2",
    # 36·2+1 = 73 = 2·32 + 9 → "Y" (32+2) "9".
    from gongkai.core.search.postings import (
        decode_postings,
        encode_postings,
        shortest_postings,
        tabled_postings,
    )
    assert tabled_postings(np.array([0, 3, 4, 40]), np.array([14, 14, 9, 14])) == "!9E!172Y9"
    assert decode_postings("!9E!172Y9", 100) == {0: 14, 3: 14, 4: 9, 40: 14}
    # A title word in every ninth of 3,000 entries: one character per entry instead of two, and
    # shorter than the packed form's sixth of a character per entry of the site.
    numbers = list(range(0, 3000, 9))
    pairs = encode_postings([n * 32 + 8 for n in numbers])
    chosen = shortest_postings(pairs, 3000)
    assert chosen.startswith("!8!") and len(chosen) == 3 + len(numbers) and len(pairs) == 2 * len(numbers)
    assert decode_postings(chosen, 3000) == dict.fromkeys(numbers, 8)
    # A few entries stay pairs: a table would cost more than it saves.
    assert shortest_postings("03" + "15", 3000) == "03" + "15"
