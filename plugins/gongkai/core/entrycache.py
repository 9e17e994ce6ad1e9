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

Each file is read once: the bytes that give the digest are the bytes that are parsed.  Looking an
entry up (:meth:`EntryCache.resolve`) changes nothing, so it can run in a forked process
(:mod:`gongkai.core.parallel`); the cache is updated and the problems replayed in the parent
(:meth:`EntryCache.apply`), in file order.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import CatalogueEntry
from .problems import Problem, Problems


def content_digest(path: Path) -> bytes | None:
    """A digest of the bytes of ``path``, or ``None`` if it cannot be read."""
    data = read_bytes(path)
    return None if data is None else digest_of(data)


def read_bytes(path: Path | str) -> bytes | None:
    """The bytes of ``path``, or ``None`` if it cannot be read."""
    # os.open/os.read: half the system calls of open().read() (no buffer object, no isatty, no
    # fstat), which is measurable over the 10,000 files of a large catalogue.
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        chunks = []
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def digest_of(data: bytes) -> bytes:
    """The digest the cache compares files by."""
    return hashlib.blake2b(data, digest_size=16).digest()


def decode_text(data: bytes) -> str:
    """``data`` as ``Path.read_text(encoding="utf-8")`` reads it (universal newlines).

    Raises :class:`UnicodeDecodeError` as ``read_text`` does.
    """
    text = data.decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


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
    keep: bool = True  # the file could be read and had no error: it may be kept


# Reads and validates an entry from its bytes (``None``: could not be read, read the file itself).
ReadEntry = Callable[[bytes | None, Problems], CatalogueEntry | None]
# (hit, entry): ``hit`` when the cached entry is still valid (and ``entry`` is then ``None``).
Resolved = tuple[bool, CachedEntry | None]


class EntryCache:
    """Validated catalogue entries by content folder and file, checked against the files."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, str], CachedEntry] = {}
        self.hits = 0
        self.misses = 0

    def resolve(self, root: Path, rel: str, context: object, read: ReadEntry,
                folder: str | None = None) -> Resolved:
        """Whether the cached entry at ``root/rel`` is still valid, else the entry read afresh.

        Changes nothing in the cache (may run in a forked process); see :meth:`apply`.
        ``read`` reads and validates the file's bytes into the problems it is given; ``context`` is everything besides the files that the result depends on (hashable).
        ``folder`` is ``os.path.abspath(root)`` if the caller has it.
        """
        folder = folder or os.path.abspath(root)
        data = read_bytes(os.path.join(folder, rel))
        digest = None if data is None else digest_of(data)
        cached = self._entries.get((folder, rel))
        if (cached is not None and digest is not None and cached.digest == digest
                and cached.context == context
                and all(file_size(root / path) == seen for path, seen in cached.attachments)):
            return True, None
        own_problems = Problems()
        entry = read(data, own_problems)
        return False, CachedEntry(
            digest=digest or b"",
            context=context,
            attachments=tuple((a.path, file_size(root / a.path))
                              for a in (entry.attachments if entry else ())),
            entry=entry,
            problems=tuple(own_problems.items),
            keep=digest is not None and not own_problems.errors,
        )

    def resolve_many(self, root: Path, rels: Sequence[str], context: object,
                     read: Callable[[str], ReadEntry]) -> list[Resolved]:
        """:meth:`resolve` for each of ``rels`` (``read(rel)`` reads that file)."""
        folder = os.path.abspath(root)
        return [self.resolve(root, rel, context, read(rel), folder) for rel in rels]

    def apply(self, root: Path, rel: str, resolved: Resolved,
              problems: Problems) -> CatalogueEntry | None:
        """Update the cache with what :meth:`resolve` found and replay the entry's problems into
        ``problems``; returns the entry."""
        key = (os.path.abspath(root), rel)
        hit, cached = resolved
        if hit:
            self.hits += 1
            cached = self._entries[key]
        else:
            assert cached is not None
            self.misses += 1
            if cached.keep:
                self._entries[key] = cached
            else:
                self._entries.pop(key, None)
        problems.extend(list(cached.problems))
        return cached.entry

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Forget every entry (the next read of each file parses it again)."""
        self._entries.clear()


# One per process: MkDocs builds a new plugin instance for every rebuild under ``mkdocs serve``.
ENTRY_CACHE = EntryCache()
