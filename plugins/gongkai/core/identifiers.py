"""Identifiers: 统一社会信用代码 checks, 索引号 patterns and the URL slugs derived from them.

Slugs become permanent URLs, so every function here is deterministic and its rule is written down:
the same input gives the same slug on every machine and every build.
"""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

# GB 32100-2015: the 31 characters a code may contain (no I, O, S, V, Z, which read like digits).
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# CJK Unified Ideographs with Extension A, the compatibility block and Extensions B–F; the
# rare characters of place and person names live in the extensions.
_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_LATIN_RUN = re.compile(r"[a-z0-9]+")

_PLACEHOLDER = re.compile(r"<([^<>]*)>")
_SERIAL = re.compile(r"N+")


def uscc_check_char(first17: str) -> str:
    """Return the check character (the 18th) of a 统一社会信用代码 from its first 17 characters.

    Raises ValueError when ``first17`` is not 17 characters of the GB 32100 character set
    (digits and capitals except I, O, S, V, Z).
    """
    if len(first17) != 17 or any(c not in USCC_CHARSET for c in first17):
        raise ValueError(f"{first17!r} is not 17 characters of 0-9 and A-H J-N P-R T-U W-Y")
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    # 31 - 0 would be 31, outside the charset; the standard maps it to 0.
    return USCC_CHARSET[(31 - total % 31) % 31]


def is_valid_uscc(code: str) -> bool:
    """Tell whether ``code`` is a 统一社会信用代码 with a correct GB 32100-2015 check character.

    Only capital letters are accepted, as the standard prints them; lowercase input is invalid so
    that the validator can tell the author to write the code exactly as on the licence.
    """
    if len(code) != 18 or any(c not in USCC_CHARSET for c in code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def _han_to_pinyin(match: re.Match[str]) -> str:
    # Surround with '-' so pinyin never runs into neighbouring Latin letters or digits.
    return "-" + "".join(lazy_pinyin(match.group(), style=Style.NORMAL)) + "-"


def index_no_slug(index_no: str) -> str:
    """Return the permanent URL segment for a 索引号.

    Rule: full-width letters and digits count as their ASCII forms (NFKC); each run of Chinese
    characters becomes its toneless pinyin, written together, as one word; the result is lowercased;
    ASCII letters and digits are kept; every run of anything else becomes a single ``-``; leading and
    trailing ``-`` are removed.  ``"11360100MB1234567X/2024-00012"`` →
    ``"11360100mb1234567x-2024-00012"``; ``"湖质监/2024-1"`` → ``"huzhijian-2024-1"``.

    Different 索引号 can share a slug (``A/1`` and ``A-1``), so callers must check slugs for
    uniqueness, not only the 索引号.  The result is empty when nothing sluggable is left.
    """
    text = _HAN_RUN.sub(_han_to_pinyin, unicodedata.normalize("NFKC", index_no))
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def category_slug(name: str) -> str:
    """Return an ASCII URL slug for a category name, e.g. 部门动态 → ``bumen-dongtai``.

    Rule: full-width letters and digits count as their ASCII forms (NFKC).  Each run of Chinese
    characters is turned into toneless pinyin as a whole, so pypinyin's phrase dictionary picks
    the right reading of 多音字 (行政 → xingzheng, 银行 → yinhang); its syllables are then cut into
    chunks of two characters, written together within a chunk and joined by ``-`` between chunks
    (财务预决算 → ``caiwu-yujue-suan``).  Runs of ASCII letters and digits are lowercased and kept as
    words (2024年度预算 → ``2024-niandu-yusuan``); everything else only separates words.
    Two-character chunks rather than a word segmenter keep slugs stable when a dictionary changes.
    The result is empty when the name has nothing to make a slug from.
    """
    text = unicodedata.normalize("NFKC", name).lower()
    words: list[str] = []
    position = 0
    for han in _HAN_RUN.finditer(text):
        words.extend(_LATIN_RUN.findall(text[position : han.start()]))
        syllables = lazy_pinyin(han.group(), style=Style.NORMAL)
        for start in range(0, len(syllables), 2):
            words.extend(_LATIN_RUN.findall("".join(syllables[start : start + 2])))
        position = han.end()
    words.extend(_LATIN_RUN.findall(text[position:]))
    return "-".join(words)


def _unknown_placeholder(name: str) -> ValueError:
    return ValueError(
        f"unknown placeholder <{name}>; use <code>, <YYYY>, <MM> or <N…> (one N per digit)"
    )


def index_no_parts(pattern: str, strict: bool = True) -> list[tuple[str, str]]:
    """A 索引号 pattern such as ``<code>/<YYYY>-<NNNNN>`` cut into its parts, in order.

    The one reading of the pattern language: each part is ``(kind, text)`` with kind ``"text"``
    (literal characters), ``"code"`` (``<code>``), ``"YYYY"``, ``"MM"`` or ``"serial"`` (``<N…>``,
    ``text`` its Ns: one per digit), and ``text`` as written.  Any other ``<…>`` raises
    ValueError, or with ``strict`` false is taken as literal text.
    """
    parts: list[tuple[str, str]] = []
    position = 0
    for placeholder in _PLACEHOLDER.finditer(pattern):
        if placeholder.start() > position:
            parts.append(("text", pattern[position : placeholder.start()]))
        name = placeholder.group(1)
        if name in ("code", "YYYY", "MM"):
            parts.append((name, name))
        elif _SERIAL.fullmatch(name):
            parts.append(("serial", name))
        elif strict:
            raise _unknown_placeholder(name)
        else:
            parts.append(("text", placeholder.group(0)))
        position = placeholder.end()
    if position < len(pattern):
        parts.append(("text", pattern[position:]))
    return parts


def serial_width(pattern: str) -> int:
    """Digits of the pattern's first ``<N…>`` serial; 0 when it has none."""
    return next((len(text) for kind, text in index_no_parts(pattern, strict=False)
                 if kind == "serial"), 0)


_GROUPS = {"YYYY": ("year", r"\d{4}"), "MM": ("month", r"(?:0[1-9]|1[0-2])")}


def index_no_regex(pattern: str, code: str) -> re.Pattern[str]:
    """Compile a 索引号 pattern such as ``<code>/<YYYY>-<NNNNN>`` into an anchored regex.

    Placeholders: ``<code>`` is ``code`` literally; ``<YYYY>`` any four digits; ``<MM>`` a month
    01–12; ``<N…>`` exactly as many digits as there are Ns.  Every other character is literal.
    The first ``<YYYY>``, ``<MM>`` and ``<N…>`` are captured as the groups ``year``, ``month`` and
    ``serial``.  The regex is anchored at both ends, so ``.match`` checks the whole 索引号.
    Raises ValueError for any other ``<…>`` placeholder, which is almost always a typo.
    """
    seen: set[str] = set()
    regex: list[str] = []
    for kind, text in index_no_parts(pattern):
        if kind == "text":
            regex.append(re.escape(text))
            continue
        if kind == "code":
            regex.append(re.escape(code))
            continue
        group, body = _GROUPS[kind] if kind in _GROUPS else ("serial", rf"\d{{{len(text)}}}")
        # A group name may occur once in a regex; repeats of a placeholder match without capturing.
        regex.append(body if group in seen else f"(?P<{group}>{body})")
        seen.add(group)
    return re.compile(r"\A" + "".join(regex) + r"\Z")


def fill_index_no(pattern: str, code: str, year: int, month: int, serial: int) -> str:
    """The 索引号 ``pattern`` gives for ``code``, ``year``, ``month`` and ``serial`` (zero-padded
    to its width).  Raises ValueError like :func:`index_no_regex` for unknown placeholders."""
    values = {"code": code, "YYYY": f"{year:04d}", "MM": f"{month:02d}"}
    return "".join(text if kind == "text" else str(serial).rjust(len(text), "0")
                   if kind == "serial" else values[kind]
                   for kind, text in index_no_parts(pattern))


def describe_index_no_pattern(pattern: str, code: str, *, year: int = 2024, month: int = 1) -> str:
    """Return an example 索引号 for ``pattern``, for messages: ``11360100MB1234567X/2024-00001``.

    ``year`` and ``month`` fill ``<YYYY>`` and ``<MM>`` (pass the entry's own to make the example
    fit the entry); serials are 1, zero-padded to their width.  Raises ValueError like
    :func:`index_no_regex` for unknown placeholders.
    """
    return fill_index_no(pattern, code, year, month, 1)
