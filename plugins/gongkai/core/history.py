"""Change history of catalogue entries, read from the repository the content lives in (git).

条例 asks that a changed disclosure be published and explained: the commits that changed the
document in an entry's file are its change record (date and commit message).  A commit that only
moved the file, or only changed what is about the document rather than the document itself (the
保密审查 record, the privacy allow-list, the 清理 decision, the import's notes on unstated and
inferred fields: :data:`REVIEW_KEYS`), is not a change of the document and is left out.  One
``git log`` reads the whole history of the content folder and one ``git cat-file`` the versions
to compare, so a site of 10,000 entries costs two processes, not 10,000.
Dates come from the commits, never from the clock, so two builds of the same commit give the same
pages.  Without git (not a work tree, git not installed, a shallow clone) there is no history and
the build goes on without it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

import yaml

from .loading.entry import CHINESE_KEY_ALIASES
from .privacy import find_personal_data
from .yamlsource import split_front_matter_text

_RECORD = "\x1e"  # starts each commit in the log output
_FIELD = "\x1f"  # separates date and subject
GIT_TIMEOUT_SECONDS = 300
# Front-matter keys about a document, not of it: a commit changing only these is no 修改.
REVIEW_KEYS = ("review", "privacy_allow", "cleanup", "unstated", "inferred")
_IGNORED_KEYS = frozenset(REVIEW_KEYS) | {label for label, key in CHINESE_KEY_ALIASES.items()
                                          if key in REVIEW_KEYS}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's: a few times faster
# Decisions on pairs of file versions (blobs never change): a preview rebuild reads none again.
_SAME_DOCUMENT: dict[tuple[str, str], bool] = {}


@dataclass(frozen=True)
class Change:
    """One commit that touched an entry's file: its date (committer's own calendar day) and subject."""

    date: dt.date
    message: str


@dataclass(frozen=True)
class _Touch:
    """A commit's change to one file: the status letter and the blobs before and after."""

    change: Change
    status: str
    old: str
    new: str


def entry_history(content_dir: Path, sources: list[str]) -> dict[str, list[Change]] | None:
    """The commits that added or changed the document of each file in ``sources`` (paths relative
    to ``content_dir``), newest first.

    Renames are followed, so an entry moved to another folder keeps its history; the move itself
    and a commit that changed only :data:`REVIEW_KEYS` are not changes.  A file without commits
    (new, not yet committed) maps to an empty list.  Returns None when there is no usable history:
    git missing, ``content_dir`` not in a git work tree, or a shallow clone (its history stops at
    the clone depth, and every entry would seem to have been published that day).
    """
    git = shutil.which("git")
    if git is None or not sources:
        return None if git is None else {}
    probe = _git(git, content_dir, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    if probe is None or probe.split() != ["true", "false"]:
        return None
    folders = sorted({PurePosixPath(source).parts[0] for source in sources})
    log = _git(git, content_dir, "log", "--date-order", "--date=short",
               f"--format={_RECORD}%cd{_FIELD}%s", "--raw", "--no-abbrev", "-M", "--relative",
               "-z", "--", *folders)
    if log is None:
        return None
    touches = _touches_by_file(log, sources)
    pending = sorted({(t.old, t.new) for found in touches.values() for t in found
                      if _needs_comparison(t) and (t.old, t.new) not in _SAME_DOCUMENT})
    if pending and not _compare_versions(git, content_dir, pending):
        return None
    return {source: [t.change for t in found if _is_document_change(t)]
            for source, found in touches.items()}


def _git(git: str, cwd: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(
            [git, "-c", "core.quotePath=false", "-c", "log.showSignature=false", *args],
            cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace",
            timeout=GIT_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _touches_by_file(log: str, sources: list[str]) -> dict[str, list[_Touch]]:
    """Walk the log newest first and give each commit to the files it touched under their names.

    Each file of a commit is one ``:<mode> <mode> <old blob> <new blob> <status>`` token and its
    path (two for a rename or copy).  ``alias`` maps the name a file had at the current point of
    history to today's source; a rename hands the older name on, and an addition ends the file's
    history (an older file deleted under the same name was another document).
    """
    touches: dict[str, list[_Touch]] = defaultdict(list)
    alias = {source: source for source in sources}
    for record in log.split(_RECORD)[1:]:
        header, _, files = record.partition("\0")
        day, _, subject = header.partition(_FIELD)
        change = Change(dt.date.fromisoformat(day), subject.strip())
        tokens = files.lstrip("\n").split("\0")
        position = 0
        while position + 1 < len(tokens) and tokens[position].startswith(":"):
            fields = tokens[position].split()
            old, new, status = fields[2], fields[3], fields[4][:1]
            if status in ("R", "C"):
                if position + 2 >= len(tokens):
                    break
                path, earlier = tokens[position + 2], tokens[position + 1]
                position += 3
            else:
                path, earlier = tokens[position + 1], ""
                position += 2
            source = alias.pop(path, None) if status == "R" else alias.get(path)
            if source is None:
                continue
            touches[source].append(_Touch(change, status, old, new))
            if status == "R":
                alias[earlier] = source
            elif status in ("A", "C"):  # a copy begins a new file's history, like an addition
                del alias[path]
    return {source: touches.get(source, []) for source in sources}


def _needs_comparison(touch: _Touch) -> bool:
    """A change whose two versions must be read to know whether the document changed."""
    return touch.status in ("M", "R", "T") and touch.old != touch.new


def _is_document_change(touch: _Touch) -> bool:
    if touch.status in ("A", "C"):
        return True  # the publication
    if touch.old == touch.new:
        return False  # moved or renamed, not edited
    return not _SAME_DOCUMENT.get((touch.old, touch.new), False)


def _compare_versions(git: str, cwd: Path, pairs: list[tuple[str, str]]) -> bool:
    """Read both versions of each pair with one ``git cat-file --batch`` and record in
    :data:`_SAME_DOCUMENT` whether they hold the same document.  False when git fails."""
    try:
        proc = subprocess.Popen(
            [git, "cat-file", "--batch"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL)
    except OSError:
        return False
    assert proc.stdin is not None and proc.stdout is not None
    # Written from a thread while this one reads: both pipes would fill up otherwise.
    writer = threading.Thread(target=_write_names, args=(proc.stdin, pairs), daemon=True)
    writer.start()
    try:
        blobs = _read_blobs(proc.stdout)
        for old, new in pairs:
            before, after = next(blobs), next(blobs)
            if before is None or after is None:
                return False
            _SAME_DOCUMENT[(old, new)] = same_document(before, after)
    except (StopIteration, OSError, ValueError):
        return False
    finally:
        proc.kill()
        proc.wait()
        writer.join()
    return True


def _write_names(stdin: IO[bytes], pairs: list[tuple[str, str]]) -> None:
    try:
        for old, new in pairs:
            stdin.write(f"{old}\n{new}\n".encode())
        stdin.close()
    except OSError:
        pass  # git stopped early; the reader sees the stream end


def _read_blobs(stdout: IO[bytes]) -> Iterator[str | None]:
    """The objects ``git cat-file --batch`` prints: each ``<name> blob <size>`` and the content."""
    while True:
        header = stdout.readline().split()
        if len(header) != 3:
            yield None  # "<name> missing", or the end of the stream
            return
        data = stdout.read(int(header[2]) + 1)[:-1]
        yield data.decode("utf-8", errors="replace")


def same_document(before: str, after: str) -> bool:
    """Whether two versions of an entry file hold the same document: the same body and the same
    front matter apart from :data:`REVIEW_KEYS` (and their Chinese labels).

    Compared as data, so that a review added in block style instead of flow style, or keys in
    another order, change nothing; front matter that is not valid YAML is compared as text.
    """
    if before == after:
        return True
    meta_before, body_before = split_front_matter_text(before)
    meta_after, body_after = split_front_matter_text(after)
    if body_before != body_after:
        return False
    return bool(_document_fields(meta_before) == _document_fields(meta_after))


def _document_fields(meta: str) -> Any:
    try:
        data = yaml.load(meta, Loader=_LOADER) if meta else {}
    except yaml.YAMLError:
        return meta
    if not isinstance(data, dict):
        return data
    return {key: value for key, value in data.items() if str(key) not in _IGNORED_KEYS}


PRIVATE_MESSAGE = "（说明含个人信息，不予公开）"
NO_HISTORY_MESSAGE = (
    "no change history: the content folder is not in a git repository with its full history (no "
    "git, not a work tree, or a shallow clone), so entry pages show no 修改记录 — build from a full "
    "clone (in CI: fetch the whole history, e.g. actions/checkout with fetch-depth: 0)")


def change_record(published: dt.date, changes: list[Change] | None) -> list[dict[str, object]]:
    """An entry's 修改记录 as its page shows it, oldest first.

    The first row is the publication (公开日期 from the entry); its explanation is the message of
    the commit that added the file, unless that commit came after the 公开日期 — an old document
    brought in by an import, whose commit message ("导入旧目录") says nothing about the document.
    Each later change of the document is a 修改 with its date and message.  Without history (None)
    there is nothing to show.
    """
    if changes is None:
        return []
    oldest_first = list(reversed(changes))
    first = ""
    if oldest_first and oldest_first[0].date <= published:
        first = public_message(oldest_first[0].message)
    rows: list[dict[str, object]] = [{"date": published, "kind": "首次公开", "message": first}]
    rows += [{"date": c.date, "kind": "修改", "message": public_message(c.message)}
             for c in oldest_first[1:]]
    return rows


def public_message(message: str) -> str:
    """A commit message as it may be published: one with personal data is replaced as a whole.

    Commits cannot be edited once pushed, so the build cannot ask the author to fix it; the number
    simply never reaches the site.
    """
    return PRIVATE_MESSAGE if find_personal_data(message) else message
