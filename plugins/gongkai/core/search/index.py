"""Build the search index: postings sharded by term and small metadata chunks.

Layout below ``search/`` (all JSON, UTF-8, no ``\\uXXXX`` escapes):

- ``terms/<n>.json``  ``{term: postings}`` for the terms hashing to shard n, postings being the
  pairs (Δentry number, weight) as varints (:func:`encode_postings`); a query fetches one shard per
  distinct term, never the whole index;
- ``meta/<k>.json``   ``[[title, url, 文号, 索引号, 公开日期, 文号 key, summary, text], …]`` for
  entries 8k … 8k+7, fetched for the best candidates only (ranking by title and 文号, then
  display with a snippet of the summary and text);
- ``facets.json``     category, year and 有效性 of every entry as three characters each (filters);
- ``fold.json``       the 繁→简 folding tables, fetched once a query contains non-ASCII text;
- ``phrases.json``    the abbreviation groups and regional phrases the index needs, fetched with
  ``fold.json`` (see :mod:`.expand`); concept terms (``#发改委``) sit in the term shards;
- ``vocab/<n>.json``  title bigrams by character, fetched only for "您是不是要找".

Entries are numbered in the catalogue's order (newest first).  Only ``site.entries`` — the entries
that passed 保密审查 — are read, so nothing unreviewed can reach any index file.
"""

from __future__ import annotations

import hashlib
import json
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from typing import Any

from ..model import VALIDITIES, CatalogueEntry, Site
from ..pages import FileSpec, PageSpec
from ..parallel import fork_map
from ..settings import Settings
from .expand import (
    ConceptFinder,
    abbreviation_groups,
    phrase_table,
    regional_forms_in,
    vocabulary_files,
)
from .extract import PAGE_BREAK
from .normalize import doc_no_key, fold, fold_table_json, has_traditional, index_terms, term_shard

META_CHUNK = 8
UNSTATED = "未注明"  # the 有效性 facet of an entry whose source did not state it
SNIPPET_TEXT_LIMIT = 1500  # characters of full text kept per entry for snippets
SHARD_TARGET_BYTES = 12_000
MAX_WEIGHT = 31  # a term's weight in one entry: field weight × occurrences, at most this

# Postings are strings of base-32 varints, most significant group first: a character of the first
# half of the alphabet ends a number, one of the second half continues it (search.js decodes them).
# Two characters per (Δentry, weight) pair for dense terms, against about five in JSON numbers.
VARINT_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

# How much a term counts by the field it occurs in.
FIELD_WEIGHTS = {"title": 8, "numbers": 6, "keywords": 4, "summary": 2, "body": 1, "facets": 1}

_MARKDOWN_NOISE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), " "),          # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),        # links keep their text
    (re.compile(r"<[^>]+>"), " "),                       # inline HTML
    (re.compile(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", re.M), ""),
    (re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.M), ""),     # table rules
    (re.compile(r"[*_`|]+"), " "),
    (re.compile(r"[ \t]+"), " "),
    (re.compile(r"\n{2,}"), "\n"),
]

# Per pattern above: texts one of which any match contains (the pattern is skipped in text
# without them, most plain paragraphs), or None when it must always run.
_NOISE_NEEDS: list[tuple[str, ...] | None] = [
    ("](",), ("](",), ("<",), None, ("---",), ("*", "_", "`", "|"), ("\t", "  "), ("\n\n",),
]


@dataclass
class SearchIndex:
    """The files of the index and what the build should report about it."""

    files: list[FileSpec] = field(default_factory=list)
    documents: int = 0
    terms: int = 0
    shards: int = 0
    vocab_shards: int = 0
    version: str = ""

    @property
    def size(self) -> int:
        """Bytes on disk of all index files."""
        return sum(len(f.content.encode("utf-8") if isinstance(f.content, str) else f.content)
                   for f in self.files)


def plain_text(markdown: str) -> str:
    """Markdown full text as readable plain text (markup removed, link texts kept)."""
    text = markdown
    for (pattern, replacement), needed in zip(_MARKDOWN_NOISE, _NOISE_NEEDS, strict=True):
        if needed is None or any(part in text for part in needed):
            text = pattern.sub(replacement, text)
    return text.strip()


# Joins the fields of an entry so that they are folded in one go: :func:`fold` maps it to itself
# and no term or folding rule spans it (used only when no field contains it).
_FIELD_SEPARATOR = "\x00"
_FIELD_NAMES = ("title", "numbers", "keywords", "summary", "body", "facets")
# Per field (by position in _FIELD_NAMES): whether its single characters are terms; the fields
# of weight 1, and (position, weight) of the others.
_SINGLES = tuple(name != "body" for name in _FIELD_NAMES)
_COUNTED_FIELDS = tuple(n for n, name in enumerate(_FIELD_NAMES) if FIELD_WEIGHTS[name] == 1)
_WEIGHTED_FIELDS = tuple((n, FIELD_WEIGHTS[name]) for n, name in enumerate(_FIELD_NAMES)
                         if FIELD_WEIGHTS[name] != 1)
_ALL_WEIGHTS = tuple(FIELD_WEIGHTS[name] for name in _FIELD_NAMES)


@dataclass
class _Part:
    """The index of consecutive entries: what one worker gives back."""

    # term → (encoded postings, how many, first and last packed value): see :func:`_joined`.
    postings: dict[str, tuple[str, int, int, int]]
    texts: list[tuple[str, str]]  # (summary, snippet text) of each entry, in order
    regional: set[str] = field(default_factory=set)  # Taiwan words in entries written in 繁体
    title_bigrams: Counter[str] = field(default_factory=Counter)  # by how many titles hold them


def build_search_index(site: Site, settings: Settings, workers: int | None = None) -> SearchIndex:
    """Index every published entry with its attachments' text (read, and scanned for personal
    data, when the content was read: ``site.attachment_texts``).

    Entries are indexed in ``workers`` processes (default: one per core, see
    :mod:`gongkai.core.parallel`); the files do not depend on how many.
    """
    index = SearchIndex(documents=len(site.entries))
    # Per term: encoded pieces, how many postings, last packed value (see _joined).
    postings: dict[str, tuple[list[str], int, int]] = {}
    snippets: list[tuple[str, str]] = []
    regional: set[str] = set()
    title_bigrams: Counter[str] = Counter()
    entries, attachment_texts = site.entries, site.attachment_texts
    groups, _ = abbreviation_groups(settings.search_abbreviations)  # checked by the plugin
    finder = ConceptFinder(groups)
    for part in fork_map(lambda numbers: _index_entries(entries, numbers, attachment_texts, finder),
                         range(len(entries)), workers):
        regional |= part.regional
        title_bigrams.update(part.title_bigrams)
        for term, (text, count, first, last) in part.postings.items():
            known = postings.get(term)
            if known is None:
                postings[term] = ([text], count, last)
            else:
                known[0].append(_joined(text, first, known[2]))
                postings[term] = (known[0], known[1] + count, last)
        snippets += part.texts

    shards = _shard_count({term: count for term, (_, count, _) in postings.items()})
    by_shard: dict[int, dict[str, str]] = defaultdict(dict)
    for term in sorted(postings):
        by_shard[term_shard(term, shards)][term] = "".join(postings[term][0])
    term_files = [FileSpec(f"search/terms/{n}.json", _json(by_shard.get(n, {})))
                  for n in range(shards)]
    index.files += term_files
    index.files += _meta_files(site.entries, snippets)
    index.files.append(FileSpec("search/facets.json", _facets(site.entries, settings)))
    index.files.append(FileSpec("search/fold.json", fold_table_json()))
    index.files.append(FileSpec("search/phrases.json", phrase_table(groups, postings, regional)))
    vocabulary, index.vocab_shards = vocabulary_files(title_bigrams)
    index.files += vocabulary
    # The version browsers cache the files under (?v=): any file's change makes a new one — a
    # new category changes only the facets, a new date or snippet only a meta chunk.
    digest = hashlib.sha1()
    for spec in index.files:
        digest.update(spec.path.encode("utf-8"))
        digest.update(spec.content.encode("utf-8") if isinstance(spec.content, str) else spec.content)
    index.terms = len(postings)
    index.shards = shards
    index.version = digest.hexdigest()[:10]
    return index


def _index_entries(entries: Sequence[CatalogueEntry], numbers: Sequence[int],
                   attachment_texts: dict[str, str], finder: ConceptFinder | None = None) -> _Part:
    """Postings and snippet texts of some entries (with the concept terms of the abbreviation
    groups ``finder`` finds in them)."""
    # Per term: the packed base (number·32) of its last entry so far, then its encoded
    # (Δentry, weight) pairs.  Each pair is encoded as it is found: no list of numbers to encode
    # afterwards, and one dictionary look-up per posting.
    pieces: dict[str, list[Any]] = {}
    known_term = pieces.get
    part = _Part({}, [])
    pairs, known_pairs = _PAIRS, len(_PAIRS)
    for number in numbers:
        entry = entries[number]
        attachments = "\n".join(
            piece for attachment in entry.attachments
            for piece in (attachment.title, attachment_texts.get(attachment.path, "")) if piece
        ).replace(PAGE_BREAK, "\n")
        body = plain_text(entry.body)
        full_text = f"{body}\n{attachments}"
        texts = (
            entry.title,
            f"{entry.doc_no} {entry.index_no}",
            " ".join(entry.keywords),
            entry.summary,
            full_text,
            f"{' '.join(entry.categories)} {entry.published.year}年 {entry.form} {entry.issuer}",
        )
        joined = _FIELD_SEPARATOR.join(texts)
        if joined.count(_FIELD_SEPARATOR) == len(texts) - 1:
            folded = fold(joined).split(_FIELD_SEPARATOR)
        else:
            folded = [fold(text) for text in texts]
        # A term's weight: the sum of its fields' weights over its occurrences.  The fields of
        # weight 1 (the long ones) are counted in C; the short weighted ones add their weight per
        # occurrence, which is cheaper than repeating their terms weight times.
        weights: Counter[str] = Counter()
        for field_number in _COUNTED_FIELDS:
            weights.update(index_terms(folded[field_number], _SINGLES[field_number]))
        get = weights.get
        for field_number, field_weight in _WEIGHTED_FIELDS:
            for term in index_terms(folded[field_number], _SINGLES[field_number]):
                weights[term] = get(term, 0) + field_weight
        if finder:
            weights.update(finder.weights(weights, folded, _ALL_WEIGHTS))
        if has_traditional(joined):
            part.regional |= regional_forms_in(_FIELD_SEPARATOR.join(folded))
        part.title_bigrams.update({term for term in index_terms(folded[0], False)
                                   if len(term) == 2 and not term.isascii()})
        packed = number * 32
        for term, weight in weights.items():
            # Δentry·32 + weight = number·32 + weight − (previous number)·32, the previous
            # number counting as 0 for a term's first entry here (see _joined).
            known = known_term(term)
            if known is None:
                key = packed + (weight if weight < MAX_WEIGHT else MAX_WEIGHT)
                pieces[term] = [packed, pairs[key] if key < known_pairs else _pair(key)]
            else:
                key = packed + (weight if weight < MAX_WEIGHT else MAX_WEIGHT) - known[0]
                known[0] = packed
                known.append(pairs[key] if key < known_pairs else _pair(key))
        part.texts.append((entry.summary, full_text.strip()[:SNIPPET_TEXT_LIMIT]))
    # Joined here, in the worker: strings travel back to the parent much faster than lists.
    part.postings = {term: ("".join(known[1:]), len(known) - 1, _pair_key(known[1]), known[0])
                     for term, known in pieces.items()}
    return part


def _pair_key(pair: str) -> int:
    """Δentry·32 + weight of one encoded pair (the inverse of :func:`_pair`)."""
    values, value = [], 0
    for char in pair:
        digit = VARINT_ALPHABET.index(char)
        value = value * 32 + (digit & 31)
        if digit < 32:
            values.append(value)
            value = 0
    return values[0] * 32 + values[1]


def _pair(key: int) -> str:
    """One encoded (Δentry, weight) pair, from Δentry·32 + weight."""
    return _PAIRS[key] if key < len(_PAIRS) else _varint(key >> 5) + _varint(key & 31)


def _joined(encoded: str, first: int, previous: int) -> str:
    """Postings of later entries, encoded on their own (``first`` their first packed value), as
    they continue postings whose last packed value is ``previous``: only the first pair differs,
    its Δentry counting from the previous entry instead of from 0."""
    return _pair(first - (previous & ~31)) + encoded[len(_pair(first)):]


def _varint(value: int) -> str:
    groups = [value & 31]
    value >>= 5
    while value:
        groups.append(value & 31)
        value >>= 5
    return "".join(VARINT_ALPHABET[32 + g] for g in reversed(groups[1:])) + VARINT_ALPHABET[groups[0]]


# Encoded (Δentry, weight) pairs, by Δentry·32 + weight, for Δentry below 1024.
_PAIRS = [_varint(n >> 5) + _varint(n & 31) for n in range(1024 * 32)]


def encode_postings(packed: list[int]) -> str:
    """Pairs (Δentry, weight) as varints, from ascending ``number·32 + weight`` values."""
    # value − (previous number)·32 = Δentry·32 + weight
    keys = list(map(operator.sub, packed, chain((0,), map(operator.and_, packed, repeat(~31)))))
    if max(keys) < len(_PAIRS):
        return "".join(map(_PAIRS.__getitem__, keys))
    return "".join(_PAIRS[k] if k < len(_PAIRS) else _varint(k >> 5) + _varint(k & 31) for k in keys)


def search_page(index: SearchIndex) -> PageSpec:
    """The results page at ``/search/?q=…``; the client reads the index layout from its context."""
    return PageSpec(
        "search/", "搜索", "gongkai/search.html",
        {"kind": "search", "documents": index.documents, "shards": index.shards,
         "vocab_shards": index.vocab_shards, "meta_chunk": META_CHUNK, "version": index.version},
    )


def _shard_count(postings: dict[str, int]) -> int:
    """A power of two giving shards of about :data:`SHARD_TARGET_BYTES` (``postings``: how many
    postings each term has)."""
    estimate = sum(len(term) * 3 + 6 + 2.5 * count for term, count in postings.items())
    shards = 8
    while shards < 16384 and estimate / shards > SHARD_TARGET_BYTES:
        shards *= 2
    return shards


def _meta_files(entries: tuple[CatalogueEntry, ...],
                snippets: list[tuple[str, str]]) -> list[FileSpec]:
    files = []
    for start in range(0, len(entries), META_CHUNK):
        rows = [[e.title, f"doc/{e.slug}/", e.doc_no, e.index_no, e.published.isoformat(),
                 doc_no_key(e.doc_no) if e.doc_no else "", summary, text]
                for e, (summary, text) in zip(entries[start:start + META_CHUNK],
                                              snippets[start:start + META_CHUNK], strict=True)]
        files.append(FileSpec(f"search/meta/{start // META_CHUNK}.json", _json(rows)))
    return files


def _facets(entries: tuple[CatalogueEntry, ...], settings: Settings) -> str:
    """Three characters per entry: category, year and 有效性 as offsets from ``0``.

    The few entries also listed under other columns (``also_in``) have those columns' codes in
    ``also``, by entry number, so that each column's filter finds them; an unstated 有效性 is the
    last value of ``validities``, 未注明.
    """
    categories = [c.name for c in settings.categories]
    validities = [*VALIDITIES, UNSTATED]
    years = sorted({e.published.year for e in entries})
    first_year = years[0] if years else 0
    codes = "".join(
        chr(48 + categories.index(e.category)) + chr(48 + e.published.year - first_year)
        + chr(48 + (VALIDITIES.index(e.validity) if e.validity_stated else len(VALIDITIES)))
        for e in entries)
    also = {str(number): "".join(chr(48 + categories.index(name)) for name in e.also_in)
            for number, e in enumerate(entries) if e.also_in}
    data: dict[str, Any] = {"categories": categories, "validities": validities,
                            "first_year": first_year, "years": years, "entries": codes, "also": also}
    return _json(data)


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
