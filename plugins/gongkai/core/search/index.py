"""Build the search index: postings sharded by term, small metadata chunks, texts in passages.

Layout below ``search/`` (all JSON, UTF-8, no ``\\uXXXX`` escapes):

- ``terms/<n>.json``  ``{term: postings, "@" + term: passages}`` for the terms hashing to shard n
  (:func:`~.normalize.term_shard`).  Postings are the pairs (Δentry number, weight) as varints
  (:func:`encode_postings`), one varint per entry after the term's table of weights
  (:func:`tabled_postings`) or, for a term in a large share of the entries, one packed code per
  entry (:func:`dense_postings`), whichever is shortest.  ``"@" + term`` lists, for the entries
  whose text holds the term first in a passage after the first, (Δentry, passage number) as
  varints; it is left out for frequent terms (see :data:`HINT_SHARE`).  A query fetches one shard
  per distinct term, never the whole index;
- ``meta/<k>.json``   ``[[title, url, 文号, 索引号, 公开日期, 文号 key, summary, first passage,
  passages, category code, 有效性 code], …]`` for entries 8k … 8k+7, fetched for the best
  candidates only (ranking by title and 文号, then display);
- ``text/<k>.json``   passages ``8k … 8k+7`` of all texts (about :data:`PASSAGE_CHARS` characters
  each, cut at the end of a sentence): an entry's body as its page shows it and its attachments'
  text, passage by passage.  A result's snippet is cut from the passage that holds the query's
  terms, so only the passages of the results shown are fetched;
- ``facets.json``     category, year and 有效性 of every entry as columns of codes (filters); a
  category or 有效性 column longer than :data:`~.facets.FACETS_INLINE_BYTES` goes to
  ``facets/<name>.json`` instead, fetched only when the visitor asks for that filter (a result
  shows its category and 有效性 from its metadata row);
- ``fold.json``       the 繁→简 folding tables, fetched once a query contains non-ASCII text;
- ``phrases.json``    the abbreviation groups and regional phrases the index needs, fetched with
  ``fold.json`` (see :mod:`.expand`); concept terms (``#发改委``) sit in the term shards;
- ``vocab/<n>.json``  title bigrams by character, fetched only for "您是不是要找".

:func:`query_files` names the files a query needs (the rule ``search.js`` follows), so that
tests and ``benchmarks/search.py`` can count the bytes a visitor fetches.

Entries are numbered in the catalogue's order (newest first).  Only ``site.entries`` — the entries
that passed 保密审查 — are read, so nothing unreviewed can reach any index file.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..bodytext import BodyText
from ..model import CatalogueEntry, Site
from ..pages import FileSpec, PageSpec, compact_json
from ..parallel import fork_map
from ..settings import Settings
from .expand import (
    ConceptFinder,
    abbreviation_groups,
    phrase_table,
    regional_forms_in,
    vocabulary_files,
)
from .extract import PAGE_BREAK, searchable_text
from .facets import facet_files, validity_code
from .normalize import (
    doc_no_key,
    fold,
    fold_table_json,
    has_traditional,
    index_terms,
    query_terms,
    term_shard,
)
from .postings import (
    PAIRS,
    joined_postings,
    pair,
    pair_key,
    shortest_postings,
    varint,
)

META_CHUNK = 8
PASSAGES_PER_FILE = 8
PASSAGE_CHARS = 300  # characters of text per passage at most (a snippet shows about 140)
PASSAGE_MIN = 100  # a long paragraph is cut at the last sentence end after this many characters
# Passage hints are written for terms in at most this share of the entries: for a frequent term
# the first passage holding it says little about where the query's words are, and costs bytes.
HINT_SHARE = 1 / 16
SHARD_TARGET_BYTES = 12_000
HINT_ALWAYS = 256  # …or in at most this many entries (a small site has hints for every term)
MAX_WEIGHT = 31  # a term's weight in one entry: field weight × occurrences, at most this
# What search.js fetches for one query besides the term shards and the fixed files: the metadata
# chunks of the best RERANK candidates and the passages of the PAGE results shown.
RERANK = 16
PAGE = 10


# How much a term counts by the field it occurs in.
FIELD_WEIGHTS = {"title": 8, "numbers": 6, "keywords": 4, "summary": 2, "body": 1, "facets": 1}

_SENTENCE_END = re.compile(r"[。！？；!?;]")
_NOT_TERM = re.compile(r"[^\w]")


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


def passages(text: str) -> list[str]:
    """``text`` in passages of at most :data:`PASSAGE_CHARS` characters: whole lines where they
    fit, a longer line cut after the last sentence end (else punctuation or space) that fits."""
    units: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        while len(line) > PASSAGE_CHARS:
            cut = _cut_at(line)
            units.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        if line:
            units.append(line)
    result: list[str] = []
    for unit in units:
        if result and len(result[-1]) + 1 + len(unit) <= PASSAGE_CHARS:
            result[-1] += "\n" + unit
        else:
            result.append(unit)
    return result


def _cut_at(line: str) -> int:
    """Where to cut a line longer than a passage: after a sentence end, else after a character no
    term holds (no word is cut in two), else at the limit."""
    window = line[:PASSAGE_CHARS]
    for pattern in (_SENTENCE_END, _NOT_TERM):
        ends = [m.end() for m in pattern.finditer(window, PASSAGE_MIN)]
        if ends:
            return ends[-1]
    return PASSAGE_CHARS


# Joins the fields of an entry so that they are folded in one go: :func:`fold` maps it to itself
# and no term or folding rule spans it (used only when no field contains it).
_FIELD_SEPARATOR = "\x00"
# The fields before the text's passages, by position; the passages follow them (weight 1 each,
# no single characters).
_FIELD_NAMES = ("title", "numbers", "keywords", "summary", "facets")
_COUNTED_FIELDS = tuple(n for n, name in enumerate(_FIELD_NAMES) if FIELD_WEIGHTS[name] == 1)
_WEIGHTED_FIELDS = tuple((n, FIELD_WEIGHTS[name]) for n, name in enumerate(_FIELD_NAMES)
                         if FIELD_WEIGHTS[name] != 1)
_ALL_WEIGHTS = tuple(FIELD_WEIGHTS[name] for name in _FIELD_NAMES)


@dataclass
class _Part:
    """The index of consecutive entries: what one worker gives back."""

    # term → (encoded postings, how many, first and last packed value): see :func:`joined`.
    postings: dict[str, tuple[str, int, int, int]]
    # term → (hints after the first, first entry number, its passage, last entry number).
    hints: dict[str, tuple[str, int, int, int]]
    texts: list[tuple[str, list[str]]]  # (summary, passages) of each entry, in order
    regional: set[str] = field(default_factory=set)  # Taiwan words in entries written in 繁体
    title_bigrams: Counter[str] = field(default_factory=Counter)  # by how many titles hold them


def build_search_index(site: Site, settings: Settings, workers: int | None = None) -> SearchIndex:
    """Index every published entry with its attachments' text (read, and scanned for personal
    data, when the content was read: ``site.attachment_texts``).

    Entries are indexed in ``workers`` processes (default: one per core, see
    :mod:`gongkai.core.parallel`); the files do not depend on how many.
    """
    index = SearchIndex(documents=len(site.entries))
    # Per term: encoded pieces, how many postings, last packed value (see joined).
    postings: dict[str, tuple[list[str], int, int]] = {}
    hints: dict[str, tuple[list[str], int]] = {}  # per term: encoded pieces, last entry number
    texts: list[tuple[str, list[str]]] = []
    regional: set[str] = set()
    title_bigrams: Counter[str] = Counter()
    entries, attachment_texts = site.entries, site.attachment_texts
    groups, _ = abbreviation_groups(settings.search_abbreviations)  # checked by the plugin
    finder = ConceptFinder(groups)
    body_text = BodyText(settings.markdown_extensions, settings.markdown_configs, settings.site_url)
    for part in fork_map(lambda numbers: _index_entries(entries, numbers, attachment_texts,
                                                        body_text, finder),
                         range(len(entries)), workers):
        regional |= part.regional
        title_bigrams.update(part.title_bigrams)
        for term, (text, count, first, last) in part.postings.items():
            known = postings.get(term)
            if known is None:
                postings[term] = ([text], count, last)
            else:
                known[0].append(joined_postings(text, first, known[2]))
                postings[term] = (known[0], known[1] + count, last)
        for term, (rest, number, passage, last_number) in part.hints.items():
            seen = hints.get(term)
            previous = seen[1] if seen is not None else 0
            pieces = seen[0] if seen is not None else []
            pieces += [varint(number - previous) + varint(passage), rest]
            hints[term] = (pieces, last_number)
        texts += part.texts

    documents = len(entries)
    shards = _shard_count({term: count for term, (_, count, _) in postings.items()})
    by_shard: dict[int, dict[str, str]] = defaultdict(dict)
    for term in sorted(postings):
        pieces, count, _ = postings[term]
        shard = by_shard[term_shard(term, shards)]
        shard[term] = shortest_postings("".join(pieces), documents)
        if term in hints and count <= max(documents * HINT_SHARE, HINT_ALWAYS):
            shard["@" + term] = "".join(hints[term][0])
    term_files = [FileSpec(f"search/terms/{n}.json", compact_json(by_shard.get(n, {})))
                  for n in range(shards)]
    index.files += term_files
    index.files += _meta_files(site.entries, texts, settings)
    index.files += _text_files(texts)
    index.files += facet_files(site.entries, settings)
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
                   attachment_texts: dict[str, str], body_text: BodyText,
                   finder: ConceptFinder | None = None) -> _Part:
    """Postings, passage hints and texts of some entries (with the concept terms of the
    abbreviation groups ``finder`` finds in them)."""
    # Per term: the packed base (number·32) of its last entry so far, then its encoded
    # (Δentry, weight) pairs.  Each pair is encoded as it is found: no list of numbers to encode
    # afterwards, and one dictionary look-up per posting.
    pieces: dict[str, list[Any]] = {}
    known_term = pieces.get
    # Per term: [last entry number, first entry number, its passage, encoded later pairs…].
    later: dict[str, list[Any]] = {}
    part = _Part({}, {}, [])
    pairs, known_pairs = PAIRS, len(PAIRS)
    first_passage = len(_FIELD_NAMES)
    for number in numbers:
        entry = entries[number]
        attachments = "\n".join(
            piece for attachment in entry.attachments
            for piece in (attachment.title,
                          searchable_text(attachment.path, attachment_texts.get(attachment.path, "")))
            if piece
        ).replace(PAGE_BREAK, "\n")
        text = passages(f"{body_text.text(entry.body)}\n{attachments}")
        fields = (
            entry.title,
            f"{entry.doc_no} {entry.index_no}",
            " ".join(entry.keywords),
            entry.summary,
            f"{' '.join(entry.categories)} {entry.published.year}年 {entry.form} {entry.issuer}",
            *text,
        )
        joined = _FIELD_SEPARATOR.join(fields)
        if joined.count(_FIELD_SEPARATOR) == len(fields) - 1:
            folded = fold(joined).split(_FIELD_SEPARATOR)
        else:
            folded = [fold(piece) for piece in fields]
        # A term's weight: the sum of its fields' weights over its occurrences.  The fields of
        # weight 1 (the long ones) are counted in C; the short weighted ones add their weight per
        # occurrence, which is cheaper than repeating their terms weight times.
        weights: Counter[str] = Counter()
        for field_number in _COUNTED_FIELDS:
            weights.update(index_terms(folded[field_number]))
        # Where each term first occurs in the text, when after the first passage (a snippet is
        # cut from the passage that holds the query's terms).
        body = folded[first_passage:]
        seen: set[str] = set()
        for passage, folded_passage in enumerate(body):
            terms = index_terms(folded_passage, False)
            weights.update(terms)
            if len(body) == 1:
                break
            if passage == 0:
                seen.update(terms)
                continue
            new = set(terms)
            new -= seen
            if passage + 1 < len(body):
                seen |= new
            for term in new:
                hint = later.get(term)
                if hint is None:
                    later[term] = [number, number, passage]
                else:  # (Δentry, passage) pairs are encoded like (Δentry, weight) pairs
                    key = (number - hint[0]) * 32 + passage
                    hint.append(pairs[key] if passage < 32 and key < known_pairs
                                else varint(number - hint[0]) + varint(passage))
                    hint[0] = number
        get = weights.get
        for field_number, field_weight in _WEIGHTED_FIELDS:
            for term in index_terms(folded[field_number]):
                weights[term] = get(term, 0) + field_weight
        if finder:  # the text counts once, as a field of weight 1 (passages joined again)
            fields_once = [*folded[:first_passage], "".join(body)]
            weights.update(finder.weights(weights, fields_once, (*_ALL_WEIGHTS, 1)))
        if has_traditional(joined):
            part.regional |= regional_forms_in(_FIELD_SEPARATOR.join(folded))
        part.title_bigrams.update({term for term in index_terms(folded[0], False)
                                   if len(term) == 2 and not term.isascii()})
        packed = number * 32
        for term, weight in weights.items():
            # Δentry·32 + weight = number·32 + weight − (previous number)·32, the previous
            # number counting as 0 for a term's first entry here (see joined).
            known = known_term(term)
            if known is None:
                key = packed + (weight if weight < MAX_WEIGHT else MAX_WEIGHT)
                pieces[term] = [packed, pairs[key] if key < known_pairs else pair(key)]
            else:
                key = packed + (weight if weight < MAX_WEIGHT else MAX_WEIGHT) - known[0]
                known[0] = packed
                known.append(pairs[key] if key < known_pairs else pair(key))
        summary = "" if entry.summary.strip() == entry.title.strip() else entry.summary
        part.texts.append((summary, text))
    # Joined here, in the worker: strings travel back to the parent much faster than lists.
    part.postings = {term: ("".join(known[1:]), len(known) - 1, pair_key(known[1]), known[0])
                     for term, known in pieces.items()}
    part.hints = {term: ("".join(hint[3:]), hint[1], hint[2], hint[0])
                  for term, hint in later.items()}
    return part


def query_files(query: str, shards: int) -> list[str]:
    """The index files ``search.js`` fetches for ``query`` before ranking: the facets (not the
    deferred columns: a filter the visitor asks for, or one in the address, fetches them), the
    folding tables and the index's phrases (for a query with non-ASCII text) and one shard per
    distinct term.  The best :data:`RERANK` candidates' metadata chunks and the :data:`PAGE`
    results' passages follow.  (A query naming an abbreviation group or a regional phrase also
    fetches the shards of their terms; one that finds no entry with every word, a vocabulary
    shard — see :mod:`.expand`.)"""
    files = ["facets.json"]
    if not query.isascii():
        files += ["fold.json", "phrases.json"]
    seen = dict.fromkeys(term_shard(term, shards) for term in query_terms(query))
    return files + [f"terms/{n}.json" for n in seen]


def search_page(index: SearchIndex) -> PageSpec:
    """The results page at ``/search/?q=…``; the client reads the index layout from its context."""
    return PageSpec(
        "search/", "搜索", "gongkai/search.html",
        {"kind": "search", "documents": index.documents, "shards": index.shards,
         "vocab_shards": index.vocab_shards, "meta_chunk": META_CHUNK,
         "passages_per_file": PASSAGES_PER_FILE, "version": index.version},
    )


def _shard_count(postings: dict[str, int]) -> int:
    """A power of two giving shards of about :data:`SHARD_TARGET_BYTES` (``postings``: how many
    postings each term has)."""
    estimate = sum(len(term) * 3 + 6 + 2.5 * count for term, count in postings.items())
    shards = 8
    while shards < 16384 and estimate / shards > SHARD_TARGET_BYTES:
        shards *= 2
    return shards


def _meta_files(entries: tuple[CatalogueEntry, ...], texts: list[tuple[str, list[str]]],
                settings: Settings) -> list[FileSpec]:
    files = []
    first = 0
    rows: list[list[Any]] = []
    categories = [c.name for c in settings.categories]
    for number, (e, (summary, text)) in enumerate(zip(entries, texts, strict=True)):
        rows.append([e.title, f"doc/{e.slug}/", e.doc_no, e.index_no, e.published.isoformat(),
                     doc_no_key(e.doc_no) if e.doc_no else "", summary, first, len(text),
                     categories.index(e.category), validity_code(e)])
        first += len(text)
        if len(rows) == META_CHUNK or number == len(entries) - 1:
            files.append(FileSpec(f"search/meta/{number // META_CHUNK}.json", compact_json(rows)))
            rows = []
    return files


def _text_files(texts: list[tuple[str, list[str]]]) -> list[FileSpec]:
    """The passages of every entry's text, numbered across entries, :data:`PASSAGES_PER_FILE`
    to a file."""
    every = [passage for _, text in texts for passage in text]
    return [FileSpec(f"search/text/{start // PASSAGES_PER_FILE}.json",
                     compact_json(every[start:start + PASSAGES_PER_FILE]))
            for start in range(0, len(every), PASSAGES_PER_FILE)]
