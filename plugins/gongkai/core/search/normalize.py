"""Text folding and term cutting shared by the index builder and the browser client.

A citizen types 繁体 or 简体, full-width or half-width, 文号 in any bracket style; entries are written
in 简体.  Both sides therefore fold text the same way before cutting it into terms:

1. NFKC (full-width letters, digits and brackets become ASCII) and lower case;
2. every 繁体 character to its 简体 form (OpenCC's TSCharacters, Taiwan and Hong Kong variants);
3. a few Taiwan/Hong Kong terms to the mainland word (政府資訊公開 → 政府信息公开), equal length only,
   so that positions in folded text are positions in the original (the client highlights with them).

Terms are character bigrams of Chinese runs (so 预算 is found inside 财政预算 without a dictionary),
single characters for one-character queries, and runs of Latin letters or of digits (GB2760 →
``gb``, ``2760``).  The browser gets the same tables as ``search/fold.json`` (see
:func:`fold_table_json`) and repeats these rules in ``search.js``.
"""

from __future__ import annotations

import json
import operator
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Taiwan / Hong Kong terms whose mainland word differs (not only the characters).  Kept short and
# unambiguous on purpose: OpenCC's TWPhrasesRev also maps e.g. 建立 → 创建 and 核心 → 内核, which
# would blur mainland text.  Keys are already in 简体 characters; values have the same length.
REGIONAL_TERMS: dict[str, str] = {
    "资讯": "信息",
    "网路": "网络",
    "软体": "软件",
    "硬体": "硬件",
    "数位": "数字",
    "线上": "在线",
    "位址": "地址",
    "列印": "打印",
    "资料库": "数据库",
    "伺服器": "服务器",
}

# Unit characters that follow a number in a query (2024年, 12号, 第3条); on their own they match
# almost every entry, so a query drops them when it has other terms.
UNIT_CHARACTERS = frozenset("年月日号第条款项期次个元")

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_TERM_RUNS = re.compile(f"[{CJK}]+|[a-z]+|[0-9]+")
_OPEN_BRACKETS = "〔【[(（［"
_CLOSE_BRACKETS = "〕】])）］"


def opencc_dictionary() -> Path:
    """The folder of OpenCC's text dictionaries (shipped by opencc-python-reimplemented)."""
    import opencc

    return Path(opencc.__file__).parent / "dictionary"


@lru_cache(maxsize=1)
def character_map() -> dict[str, str]:
    """One 繁体 (or regional variant) character → its 简体 character (first OpenCC candidate)."""
    folder = opencc_dictionary()
    simplified: dict[str, str] = {}
    for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        value = values.split(" ")[0]
        if len(key) == 1 and len(value) == 1 and key != value:
            simplified[key] = value
    result = dict(simplified)
    for variants in ("TWVariantsRev.txt", "HKVariantsRev.txt"):
        for line in (folder / variants).read_text(encoding="utf-8").splitlines():
            key, _, values = line.partition("\t")
            value = values.split(" ")[0]
            if len(key) == 1 and len(value) == 1:
                target = simplified.get(value, value)
                if target != key:
                    result.setdefault(key, target)
    return result


@lru_cache(maxsize=1)
def _translation() -> dict[int, str]:
    return {ord(key): value for key, value in character_map().items()}


@lru_cache(maxsize=1)
def _traditional() -> frozenset[str]:
    return frozenset(character_map())


@lru_cache(maxsize=1)
def _regional_pattern() -> re.Pattern[str]:
    keys = sorted(REGIONAL_TERMS, key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


# Full-width ASCII (！ … ～) and the ideographic space: NFKC maps each to one ASCII character.
# Chinese text is full of full-width punctuation (，：（）), which makes NFKC take its slow path;
# replaced first, most text then passes the quick check.  Same result: NFKC decomposes both
# forms to the same characters.  (str.replace per distinct character beats str.translate.)
_WIDE = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}
_WIDE_CHARACTERS = re.compile("[\uff01-\uff5e\u3000]")


def fold(text: str) -> str:
    """Text as the index sees it: NFKC, lower case, 简体, mainland terms."""
    # The checks skip work that most (简体, already normalised) text does not need.
    if not unicodedata.is_normalized("NFKC", text):
        for char in set(_WIDE_CHARACTERS.findall(text)):
            text = text.replace(char, _WIDE[char])
        if not unicodedata.is_normalized("NFKC", text):
            text = unicodedata.normalize("NFKC", text)
    folded = text.lower()
    if has_traditional(folded):
        folded = folded.translate(_translation())
    if _regional_pattern().search(folded):
        folded = _regional_pattern().sub(lambda m: REGIONAL_TERMS[m.group(0)], folded)
    return folded


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _traditional_bmp_pattern() -> re.Pattern[str]:
    """The 繁体 characters of the Basic Multilingual Plane as one character class (a table lookup
    per character; the few beyond it would make re test them one by one)."""
    return re.compile("[" + "".join(re.escape(c) for c in sorted(_traditional())
                                    if c <= "\uffff") + "]")


def has_traditional(text: str) -> bool:
    """Whether ``text`` holds a character :func:`fold` maps to 简体 (``not isdisjoint``, faster)."""
    if _traditional_bmp_pattern().search(text):
        return True
    return _ASTRAL.search(text) is not None and not _traditional().isdisjoint(text)


# The terms of runs cut so far, by run, without and with single characters.  Official texts
# repeat whole phrases (根据有关法律法规, 联系电话, 各县（区）市场监督管理局); a run cut once is
# only copied afterwards.  Bounded, so a long-lived ``mkdocs serve`` does not grow without end.
_RUN_TERMS: tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]] = ({}, {})
RUN_MEMO_LIMIT = 100_000


def _cut(run: str, single_characters: bool) -> tuple[str, ...]:
    if run[0].isascii():
        return (run,)
    bigrams = tuple(map(operator.add, run, run[1:]))
    return tuple(run) + bigrams if single_characters or len(run) == 1 else bigrams


def index_terms(folded: str, single_characters: bool = True) -> list[str]:
    """Every term of already folded text, with repeats: bigrams, Latin and digit runs, and the
    single characters too unless ``single_characters`` is false (they serve one-character
    queries, which are looked up in titles, summaries and keywords but not in full texts)."""
    memo = _RUN_TERMS[single_characters]
    terms: list[str] = []
    for run in _TERM_RUNS.findall(folded):
        cut = memo.get(run)
        if cut is None:
            cut = _cut(run, single_characters)
            if len(memo) < RUN_MEMO_LIMIT:
                memo[run] = cut
        terms += cut
    return terms


def query_terms(query: str) -> list[str]:
    """The terms a query looks up (bigrams; a single character only when it stands alone)."""
    terms: list[str] = []
    for match in _TERM_RUNS.finditer(fold(query)):
        run = match.group(0)
        if run[0].isascii() or len(run) == 1:
            terms.append(run)
        else:
            terms.extend(run[i:i + 2] for i in range(len(run) - 1))
    if any(t not in UNIT_CHARACTERS for t in terms):
        terms = [t for t in terms if t not in UNIT_CHARACTERS]
    return list(dict.fromkeys(terms))


def doc_no_key(doc_no: str) -> str:
    """A 文号 with one bracket style, no spaces and no trailing 号: 市财发〔2024〕12."""
    text = fold(doc_no)
    for bracket in _OPEN_BRACKETS:
        text = text.replace(bracket, "〔")
    for bracket in _CLOSE_BRACKETS:
        text = text.replace(bracket, "〕")
    text = re.sub(r"\s+", "", text)
    return text[:-1] if text.endswith("号") else text


def term_shard(term: str, shards: int) -> int:
    """The shard holding ``term``: 32-bit FNV-1a over code points (``search.js`` does the same)."""
    value = 0x811C9DC5
    for char in term:
        value ^= ord(char)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % shards


def fold_table_json() -> str:
    """The folding tables for the browser: ``{"chars": "繁简繁简…", "terms": {…}}``."""
    pairs = "".join(key + value for key, value in sorted(character_map().items()))
    return json.dumps({"chars": pairs, "terms": REGIONAL_TERMS}, ensure_ascii=False,
                      separators=(",", ":"))
