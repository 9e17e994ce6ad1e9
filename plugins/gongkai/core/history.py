"""Change history of catalogue entries, read from the repository the content lives in (git).

条例 asks that a changed disclosure be published and explained: the commits that touched an
entry's file are its change record (date and commit message).  One ``git log`` reads the whole
history of the content folder, so a site of 10,000 entries costs one process, not 10,000.
Dates come from the commits, never from the clock, so two builds of the same commit give the same
pages.  Without git (not a work tree, git not installed, a shallow clone) there is no history and
the build goes on without it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .privacy import find_personal_data

_RECORD = "\x1e"  # starts each commit in the log output
_FIELD = "\x1f"  # separates date and subject
GIT_TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Change:
    """One commit that touched an entry's file: its date (committer's own calendar day) and subject."""

    date: dt.date
    message: str


def entry_history(content_dir: Path, sources: list[str]) -> dict[str, list[Change]] | None:
    """The commits of each file in ``sources`` (paths relative to ``content_dir``), newest first.

    Renames are followed, so an entry moved to another folder keeps its history.  A file without
    commits (new, not yet committed) maps to an empty list.  Returns None when there is no usable
    history: git missing, ``content_dir`` not in a git work tree, or a shallow clone (its history
    stops at the clone depth, and every entry would seem to have been published that day).
    """
    git = shutil.which("git")
    if git is None or not sources:
        return None if git is None else {}
    probe = _git(git, content_dir, "rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
    if probe is None or probe.split() != ["true", "false"]:
        return None
    folders = sorted({PurePosixPath(source).parts[0] for source in sources})
    log = _git(git, content_dir, "log", "--date-order", "--date=short",
               f"--format={_RECORD}%cd{_FIELD}%s", "--name-status", "-M", "--relative",
               "-z", "--", *folders)
    if log is None:
        return None
    return _changes_by_file(log, sources)


def _git(git: str, cwd: Path, *args: str) -> str | None:
    try:
        proc = subprocess.run(
            [git, "-c", "core.quotePath=false", "-c", "log.showSignature=false", *args],
            cwd=cwd, capture_output=True, text=True, encoding="utf-8", errors="replace",
            timeout=GIT_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _changes_by_file(log: str, sources: list[str]) -> dict[str, list[Change]]:
    """Walk the log newest first and give each commit to the files it touched under their names.

    ``alias`` maps the name a file had at the current point of history to today's source; a rename
    hands the older name on, and an addition ends the file's history (an older file deleted under
    the same name was another document).
    """
    changes: dict[str, list[Change]] = defaultdict(list)
    alias = {source: source for source in sources}
    for record in log.split(_RECORD)[1:]:
        header, _, files = record.partition("\0")
        day, _, subject = header.partition(_FIELD)
        change = Change(dt.date.fromisoformat(day), subject.strip())
        tokens = files.lstrip("\n").split("\0")
        position = 0
        while position < len(tokens) and tokens[position]:
            status = tokens[position]
            if status[:1] == "R" and position + 2 < len(tokens):
                old, new = tokens[position + 1], tokens[position + 2]
                position += 3
                source = alias.pop(new, None)
                if source is not None:
                    changes[source].append(change)
                    alias[old] = source
                continue
            if status[:1] == "C":  # a copy begins a new file's history, like an addition
                position += 1
            if position + 1 >= len(tokens):
                break
            path = tokens[position + 1]
            position += 2
            source = alias.get(path)
            if source is None:
                continue
            changes[source].append(change)
            if status[:1] in ("A", "C"):
                del alias[path]
    return {source: changes.get(source, []) for source in sources}


PRIVATE_MESSAGE = "（说明含个人信息，不予公开）"
NO_HISTORY_MESSAGE = (
    "no change history: the content folder is not in a git repository with its full history (no "
    "git, not a work tree, or a shallow clone), so entry pages show no 修改记录 — build from a full "
    "clone (in CI: fetch the whole history, e.g. actions/checkout with fetch-depth: 0)")


def change_record(published: dt.date, changes: list[Change] | None) -> list[dict[str, object]]:
    """An entry's 修改记录 as its page shows it, oldest first.

    The first row is the publication (公开日期 from the entry; its explanation is the message of the
    commit that added the file); each later commit is a 修改 with its date and message.  Without
    history (None) there is nothing to show.
    """
    if changes is None:
        return []
    oldest_first = list(reversed(changes))
    first = public_message(oldest_first[0].message) if oldest_first else ""
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
