"""What a query means beyond its characters: abbreviations, regional phrases, the vocabulary.

Three small tables the index ships beside the postings (``search.js`` reads them):

- **abbreviations** (``data/abbreviations.yml`` merged with the site's ``search_abbreviations``):
  every name of a group (发改委, 发展改革委, 发展和改革委员会) is one word.  The build posts one
  *concept term* (``#`` + the group's short name) for every entry containing any of its names, and
  the browser looks a query's name up as that term: a document saying 国家发展改革委 is found by
  发改委 and the other way round, with one posting list instead of a list per name.
- **regional phrases** from OpenCC's ``TWPhrases.txt`` (互联网 ↔ 網際網路, 信息 ↔ 資訊, 视频 ↔
  視訊), for words the character table alone cannot turn into each other.  They are alternatives
  of a query word, never applied to the documents (TWPhrasesRev would turn mainland 建立 into
  创建): a 繁体 query gets the mainland word when that word occurs in the index, a 简体 query
  gets the Taiwan word when it occurs in an entry written in 繁体.  Only such pairs are shipped.
- **vocabulary** for "您是不是要找": the character bigrams of all titles, by character
  (``search/vocab/<n>.json``), fetched only after a query found nothing or only partial matches.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..pages import FileSpec, compact_json
from .normalize import fold, opencc_dictionary, term_shard

ABBREVIATIONS_FILE = Path(__file__).resolve().parents[2] / "data" / "abbreviations.yml"
CONCEPT_PREFIX = "#"  # no term cut from folded text starts with it (terms are CJK, a-z or 0-9)
VOCAB_SHARD_TARGET = 4_000  # characters per vocabulary shard (about 12 KB)
OPTION = "mkdocs.yml: plugins.gongkai.search_abbreviations"

_TERM_CHARACTERS = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffffa-z0-9]+")


def compact(text: str) -> str:
    """``text`` folded as search folds it, with everything but letters, digits and Chinese left out
    (双随机、一公开 and 双随机一公开 are the same name)."""
    return "".join(_TERM_CHARACTERS.findall(fold(text)))


@dataclass(frozen=True)
class AbbreviationGroup:
    """The names of one body or programme, compacted; ``key`` is the short name as configured."""

    key: str
    names: tuple[str, ...]

    @property
    def term(self) -> str:
        """The concept term the index posts for entries containing any of the names."""
        return CONCEPT_PREFIX + compact(self.key)


def shipped_abbreviations() -> dict[str, list[str]]:
    """The table shipped with gongkai (``data/abbreviations.yml``)."""
    data = yaml.safe_load(ABBREVIATIONS_FILE.read_text(encoding="utf-8"))
    return {str(key): [str(name) for name in names] for key, names in data.items()}


def abbreviation_groups(option: object) -> tuple[tuple[AbbreviationGroup, ...], list[str]]:
    """The shipped table with the site's ``search_abbreviations`` applied, and the problems of
    that option (one message each).

    The option maps a short name to its other names: a new short name adds a line, a shipped one
    is replaced, and an empty list (or null) removes it.
    """
    table = shipped_abbreviations()
    problems: list[str] = []
    if option is None:
        option = {}
    if not isinstance(option, Mapping):
        problems.append(f"{OPTION}: is not a mapping — write one line per short name, "
                        "e.g. '发改委: [发展改革委, 发展和改革委员会]'")
        option = {}
    for key, names in option.items():
        where = f"{OPTION}: '{key}'"
        if not isinstance(key, str) or len(compact(key)) < 2:
            problems.append(f"{where}: the short name needs at least two characters — "
                            "write e.g. '人社局: [人力资源和社会保障局]'")
            continue
        if names is None or names == []:
            table.pop(key, None)
            continue
        if isinstance(names, str):
            names = [names]
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            problems.append(f"{where}: is not a list of names — write '{key}: [全称, 另一个名称]'")
            continue
        short = [n for n in names if len(compact(n)) < 2]
        if short:
            problems.append(f"{where}: '{short[0]}' has fewer than two characters — "
                            "a one-character name would match almost every document; remove it")
            continue
        table[key] = names
    groups = []
    for key, names in table.items():
        unique = tuple(dict.fromkeys(compact(name) for name in [key, *names]))
        if len(unique) > 1:
            groups.append(AbbreviationGroup(key, unique))
    return tuple(groups), problems


def _bigrams(text: str) -> tuple[str, ...]:
    """The character bigrams of ``text`` (a name of Chinese characters)."""
    return tuple(text[i:i + 2] for i in range(len(text) - 1))


class ConceptFinder:
    """Finds which abbreviation groups a document names, from its terms and folded fields."""

    def __init__(self, groups: Iterable[AbbreviationGroup]) -> None:
        # By the first bigram of a name: its last bigram, the name and its group's concept term.
        # A document holding both bigrams is searched for the name; not for every bigram, since
        # a document may write a name with punctuation inside (双随机、一公开).
        self._names: dict[str, list[tuple[str, str, str]]] = {}
        for group in groups:
            for name in group.names:
                if len(name) >= 2:
                    self._names.setdefault(name[:2], []).append((name[-2:], name, group.term))
        self._firsts = frozenset(self._names)

    def __bool__(self) -> bool:
        return bool(self._names)

    def weights(self, terms: Mapping[str, int], fields: Sequence[str],
                field_weights: Sequence[int]) -> dict[str, int]:
        """Concept term → weight (the weights of the fields naming the group) for a document
        whose terms are ``terms`` and whose folded fields are ``fields``."""
        found: dict[str, int] = {}
        compacted: list[str | None] = [None] * len(fields)  # each field compacted when needed
        for first in self._firsts.intersection(terms):  # in C: most first bigrams are absent
            for last, name, term in self._names[first]:
                if last not in terms:
                    continue
                weight = 0
                for number, (text, field_weight) in enumerate(zip(fields, field_weights, strict=True)):
                    # As written, else without punctuation (双随机、一公开): seldom needed.
                    if name not in text:
                        if first not in text:
                            continue
                        squeezed = compacted[number]
                        if squeezed is None:
                            squeezed = compacted[number] = "".join(_TERM_CHARACTERS.findall(text))
                        if name not in squeezed:
                            continue
                    weight += field_weight
                if weight > found.get(term, 0):
                    found[term] = weight
        return found


def concept_table(groups: Iterable[AbbreviationGroup], postings: Mapping[str, object]) -> dict[str, list[str]]:
    """Concept term → names, for the groups some entry names (the browser needs no others)."""
    return {group.term: list(group.names) for group in groups if group.term in postings}


@lru_cache(maxsize=1)
def regional_phrases() -> tuple[tuple[str, str], ...]:
    """(mainland word, Taiwan word) pairs from OpenCC's TWPhrases, both folded, where folding alone
    does not make them equal (互联网, 网际网路)."""
    pairs: dict[tuple[str, str], None] = {}
    text = (opencc_dictionary() / "TWPhrases.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        mainland, _, taiwan = line.partition("\t")
        for variant in taiwan.split(" "):
            a, b = compact(mainland), compact(variant)
            if len(a) >= 2 and len(b) >= 2 and a != b:
                pairs[(a, b)] = None
    return tuple(pairs)


def regional_forms_in(text: str) -> set[str]:
    """The Taiwan words of :func:`regional_phrases` that occur in folded ``text``."""
    return {taiwan for _, taiwan in regional_phrases() if taiwan in text}


def phrase_table(groups: Sequence[AbbreviationGroup], postings: Mapping[str, object],
                 regional_in_entries: set[str]) -> str:
    """``search/phrases.json``: the concept names and the regional pairs this index needs.

    ``tw`` pairs turn a 繁体 query's Taiwan word into the mainland word (kept when every bigram of
    the mainland word is a term of the index); ``cn`` pairs give a query's mainland word the
    Taiwan word of entries written in 繁体 (``regional_in_entries``).
    """
    tw = [[taiwan, mainland] for mainland, taiwan in regional_phrases()
          if all(b in postings for b in _bigrams(mainland))]
    cn = [[mainland, taiwan] for mainland, taiwan in regional_phrases()
          if taiwan in regional_in_entries]
    data = {"concepts": concept_table(groups, postings), "tw": tw, "cn": cn}
    return compact_json(data)


def vocabulary_files(title_bigrams: Counter[str]) -> tuple[list[FileSpec], int]:
    """``search/vocab/<n>.json`` — per character, the characters that follow it in a title bigram
    and those that precede it, most frequent first — and the number of shards (a power of two)."""
    after: dict[str, list[str]] = {}
    before: dict[str, list[str]] = {}
    for bigram, _ in sorted(title_bigrams.items(), key=lambda item: (-item[1], item[0])):
        after.setdefault(bigram[0], []).append(bigram[1])
        before.setdefault(bigram[1], []).append(bigram[0])
    characters = sorted(set(after) | set(before))
    size = 2 * len(title_bigrams) + 8 * len(characters)
    shards = 1
    while shards < 1024 and size / shards > VOCAB_SHARD_TARGET:
        shards *= 2
    by_shard: dict[int, dict[str, list[str]]] = {n: {} for n in range(shards)}
    for character in characters:
        by_shard[term_shard(character, shards)][character] = [
            "".join(after.get(character, [])), "".join(before.get(character, []))]
    files = [FileSpec(f"search/vocab/{n}.json",
                      compact_json(by_shard[n]))
             for n in range(shards)]
    return files, shards
