"""Parse and validate each catalogue entry once per version of its file.

``mkdocs serve`` rebuilds the whole site after every save, and with 10,000 entries reading and
validating every front matter again is most of the model's cost.  The cache keeps, per entry
file, the validated entry, its problems and the lines of its keys, and hands them back while
nothing they were derived from has changed:

- the file itself (a digest of its bytes: modification times are too coarse to tell two saves
  in the same clock tick apart, and reading 10,000 small files is cheap next to parsing them),
- every attachment the entry lists (whether it exists and its size, the only facts of it the
  entry holds),
- the settings and the agency code and name the entry was validated with.

An entry with an error is never kept: its problem may be fixed by a file it does not name (e.g.
an attachment added later).  The cache lives in the process, so a plain ``mkdocs build`` reads
every file once as before; only a long-running ``mkdocs serve`` gains.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .model import CatalogueEntry
from .problems import Problem, Problems


def content_digest(path: Path) -> bytes | None:
    """A digest of the bytes of ``path``, or ``None`` if it cannot be read."""
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


def file_size(path: Path) -> int | None:
    """The size of the file ``path``, or ``None`` if there is no such file."""
    try:
        return os.stat(path).st_size if os.path.isfile(path) else None
    except OSError:
        return None


@dataclass(frozen=True)
class CachedEntry:
    """What reading one entry file gave, and what it depended on."""

    digest: bytes
    context: object
    attachments: tuple[tuple[str, int | None], ...]
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
        key = (os.path.abspath(root), rel)
        digest = content_digest(root / rel)
        cached = self._entries.get(key)
        if (cached is not None and digest is not None and cached.digest == digest
                and cached.context == context
                and all(file_size(root / path) == seen for path, seen in cached.attachments)):
            self.hits += 1
        else:
            self.misses += 1
            own_problems = Problems()
            own_lines: dict[str, dict[str, int]] = {}
            entry = read(own_problems, own_lines)
            cached = CachedEntry(
                digest=digest or b"",
                context=context,
                attachments=tuple((a.path, file_size(root / a.path))
                                  for a in (entry.attachments if entry else ())),
                entry=entry,
                problems=tuple(own_problems.items),
                key_lines=own_lines.get(rel, {}),
            )
            if digest is not None and not own_problems.errors:
                self._entries[key] = cached
            else:
                self._entries.pop(key, None)
        problems.extend(list(cached.problems))
        if cached.key_lines:
            key_lines[rel] = cached.key_lines
        return cached.entry

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Forget every entry (the next read of each file parses it again)."""
        self._entries.clear()


# One per process: MkDocs builds a new plugin instance for every rebuild under ``mkdocs serve``.
ENTRY_CACHE = EntryCache()
