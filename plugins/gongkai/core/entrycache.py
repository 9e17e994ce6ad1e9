"""Parse and validate each catalogue entry once per version of its file.

``mkdocs serve`` rebuilds the whole site after every save, and with 10,000 entries reading and
validating every front matter again is most of the model's cost.  The cache keeps, per entry
file, the validated entry, its problems and the lines of its keys, and hands them back while
nothing they were derived from has changed:

- the file itself (size, modification time in nanoseconds, inode — an editor that saves by
  renaming gives a new inode),
- every attachment the entry lists (size and modification time: a missing or changed attachment
  is validated again),
- the settings and the agency code and name the entry was validated with.

An entry with an error is never kept: its problem may be fixed by a file it does not name (e.g.
an attachment added later).  The cache lives in the process, so a plain ``mkdocs build`` reads
every file once as before; only a long-running ``mkdocs serve`` gains.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .model import CatalogueEntry
from .problems import Problem, Problems

FileStamp = tuple[int, int, int]


def file_stamp(path: Path) -> FileStamp | None:
    """(size, mtime in ns, inode) of ``path``, or ``None`` if it is not a readable file."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


@dataclass(frozen=True)
class CachedEntry:
    """What reading one entry file gave, and what it depended on."""

    stamp: FileStamp
    context: object
    attachments: tuple[tuple[str, FileStamp | None], ...]
    entry: CatalogueEntry | None
    problems: tuple[Problem, ...]
    key_lines: dict[str, int]


ReadEntry = Callable[[Problems, dict[str, dict[str, int]]], CatalogueEntry | None]


class EntryCache:
    """Validated catalogue entries by content folder and file, checked against the files."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], CachedEntry] = {}
        self.hits = 0
        self.misses = 0

    def read(self, root: Path, rel: str, context: object, read: ReadEntry, problems: Problems,
             key_lines: dict[str, dict[str, int]]) -> CatalogueEntry | None:
        """The entry at ``root/rel``: from the cache if still valid, else from ``read``.

        ``read`` reads and validates the file into the problems and key-line maps it is given;
        ``context`` is everything besides the files that the result depends on (hashable).
        Problems and key lines are replayed into ``problems`` and ``key_lines`` either way.
        """
        key = (str(root.resolve()), rel)
        stamp = file_stamp(root / rel)
        cached = self._entries.get(key)
        if (cached is not None and stamp is not None and cached.stamp == stamp
                and cached.context == context
                and all(file_stamp(root / path) == seen for path, seen in cached.attachments)):
            self.hits += 1
        else:
            self.misses += 1
            own_problems = Problems()
            own_lines: dict[str, dict[str, int]] = {}
            entry = read(own_problems, own_lines)
            cached = CachedEntry(
                stamp=stamp or (0, 0, 0),
                context=context,
                attachments=tuple((a.path, file_stamp(root / a.path))
                                  for a in (entry.attachments if entry else ())),
                entry=entry,
                problems=tuple(own_problems.items),
                key_lines=own_lines.get(rel, {}),
            )
            if stamp is not None and not own_problems.errors:
                self._entries[key] = cached
            else:
                self._entries.pop(key, None)
        problems.extend(list(cached.problems))
        if cached.key_lines:
            key_lines[rel] = cached.key_lines
        return cached.entry

    def __len__(self) -> int:
        return len(self._entries)


# One per process: MkDocs builds a new plugin instance for every rebuild under ``mkdocs serve``.
ENTRY_CACHE = EntryCache()
