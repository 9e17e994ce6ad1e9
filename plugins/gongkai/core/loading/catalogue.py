"""Checks across the catalogue: every 索引号 and URL once, 替代文件 and 政策解读 name existing
published entries, no loop of ``superseded_by``."""

from __future__ import annotations

from collections.abc import Callable

from .. import zh
from ..model import CatalogueEntry
from ..problems import Problems


def check_catalogue(entries: list[CatalogueEntry], problems: Problems) -> None:
    """Checks across ``entries``: unique 索引号 and URLs, 替代文件 and 政策解读 targets, loops."""
    def line(entry: CatalogueEntry, key: str) -> int:
        return entry.lines.line(key)

    by_index: dict[str, CatalogueEntry] = {}
    by_slug: dict[str, CatalogueEntry] = {}
    for entry in entries:
        other = by_index.get(entry.index_no)
        if other is not None:
            problems.error(entry.source, line(entry, "index_no"), "index_no",
                           f"索引号 '{entry.index_no}' is already used by "
                           f"{other.source}:{line(other, 'index_no')}",
                           "every entry needs its own permanent 索引号; give this one the next free number")
            continue
        by_index[entry.index_no] = entry
        clash = by_slug.get(entry.slug)
        if clash is not None:
            problems.error(entry.source, line(entry, "index_no"), "index_no",
                           f"索引号 '{entry.index_no}' gives the same URL as '{clash.index_no}' "
                           f"({clash.source})", "make the 索引号 differ in letters or digits")
        by_slug[entry.slug] = entry
    for entry in entries:
        for key, target in (("superseded_by", entry.superseded_by), ("interprets", entry.interprets)):
            if not target:
                continue
            if target == entry.index_no:
                what = "replaced by" if key == "superseded_by" else "an interpretation of"
                problems.error(entry.source, line(entry, key), key,
                               f"names the entry's own 索引号 '{target}': a document cannot be {what} "
                               "itself", f"name another entry's 索引号 or remove '{key}'")
                continue
            found = by_index.get(target)
            if found is None:
                near = zh.nearest(target, list(by_index))
                problems.error(entry.source, line(entry, key), key, f"names 索引号 '{target}', which no entry has",
                               f"did you mean '{near}'?" if near else "use the 索引号 of an existing entry")
            elif entry.is_published and not found.is_published:
                problems.error(entry.source, line(entry, key), key,
                               f"names '{target}' ({found.source}), which has not passed 保密审查",
                               "link only to published entries, or complete that entry's review")
    _check_supersession_cycles(entries, by_index, problems, line)


def _check_supersession_cycles(entries: list[CatalogueEntry], by_index: dict[str, CatalogueEntry],
                               problems: Problems, line: Callable[[CatalogueEntry, str], int]) -> None:
    """Report each entry on a loop of ``superseded_by`` (A → B → A): no document of it is current.

    Each chain is followed once (entries already followed are skipped), so a catalogue of long
    chains costs one step per entry.
    """
    followed: set[str] = set()
    for start in entries:
        chain: list[CatalogueEntry] = []
        on_chain: dict[str, int] = {}
        current: CatalogueEntry | None = start
        while (current is not None and current.index_no not in followed
               and current.index_no not in on_chain):
            on_chain[current.index_no] = len(chain)
            chain.append(current)
            target = current.superseded_by
            current = by_index.get(target) if target and target != current.index_no else None
        if current is not None and current.index_no in on_chain:
            loop = chain[on_chain[current.index_no]:]
            names = " → ".join(e.index_no for e in [*loop, loop[0]])
            for entry in loop:
                problems.error(entry.source, line(entry, "superseded_by"), "superseded_by",
                               f"replacements go round in a circle ({names}): none of these "
                               "documents would be the current one",
                               "remove 'superseded_by' from the entry that is in force")
        followed.update(on_chain)
