"""A build writes into a fresh folder beside the site and swaps it in only when everything passed.

MkDocs empties site/ right after ``on_pre_build`` and writes into it file by file; a problem
found later (a broken link, a --strict warning, a YAML file in the output), an interrupted or a
killed build would leave a half-written site where the last good one was.  :class:`StagedSite`
lets the build write into ``.<site>.building-<pid>`` beside site/ (same filesystem: the swap is
two renames), then puts it in place: site/ → ``.<site>.old-<pid>``, the new folder → site/, the
old one deleted.  Until then site/ is not touched; a failed build only removes its own folder.

Folders left by a build that was killed (SIGKILL, power cut) are removed by the next build; if
one died between the two renames, the next build puts the old site back first.
"""

from __future__ import annotations

import atexit
import errno
import logging
import os
import re
import shutil
import signal
import threading
from collections.abc import Iterable
from typing import Any

from ..core.problems import Problem


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a folder of this process: from an earlier build in it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class StagedSite:
    """The working folder of one build of ``site_dir`` and its swap into place."""

    def __init__(self, site_dir: str) -> None:
        self.target = os.path.abspath(site_dir).rstrip(os.sep)
        self.parent, self.name = os.path.split(self.target)
        pid = os.getpid()
        self.work = os.path.join(self.parent, f".{self.name}.building-{pid}")
        self.aside = os.path.join(self.parent, f".{self.name}.old-{pid}")
        self.active = False

    def open(self, seed: bool = False, skip: Iterable[str] = ()) -> str:
        """Create the working folder and return it; with ``seed`` it starts as a copy of the
        current site (``mkdocs build --dirty``: unchanged pages are not written again) without
        the top-level folders in ``skip``."""
        self._clean_leftovers()
        shutil.rmtree(self.work, ignore_errors=True)
        if seed and os.path.isdir(self.target):
            skipped = set(skip)
            # copy2 keeps modification times, which --dirty compares with the sources'.
            shutil.copytree(self.target, self.work, symlinks=True,
                            ignore=lambda folder, names: [n for n in names if folder == self.target
                                                          and n in skipped])
        else:
            os.makedirs(self.work)
        self.active = True
        atexit.register(self.discard)  # an interrupted build (SIGTERM, Ctrl-C) removes its folder
        return self.work

    def commit(self) -> None:
        """Put the working folder in place of the site and delete the old site."""
        if not self.active:
            return
        if os.path.lexists(self.target):
            try:
                os.rename(self.target, self.aside)
            except OSError as error:
                if error.errno not in (errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES):
                    raise
                self._replace_contents()  # site/ is a mount point: its contents are swapped
                return
        os.rename(self.work, self.target)
        self.active = False
        atexit.unregister(self.discard)
        shutil.rmtree(self.aside, ignore_errors=True)

    def discard(self) -> None:
        """Remove the working folder; the site stays as it was."""
        if os.path.isdir(self.aside) and not os.path.lexists(self.target):
            os.rename(self.aside, self.target)  # interrupted between the two renames
        if self.active:
            shutil.rmtree(self.work, ignore_errors=True)
            self.active = False
        atexit.unregister(self.discard)

    def _replace_contents(self) -> None:
        """The swap when site/ itself cannot be renamed (a mount point): its entries are moved
        out and the new ones in (not one step, but nothing is deleted before the new site is
        complete)."""
        os.makedirs(self.aside, exist_ok=True)
        for name in os.listdir(self.target):
            shutil.move(os.path.join(self.target, name), os.path.join(self.aside, name))
        for name in os.listdir(self.work):
            shutil.move(os.path.join(self.work, name), os.path.join(self.target, name))
        shutil.rmtree(self.work, ignore_errors=True)
        shutil.rmtree(self.aside, ignore_errors=True)
        self.active = False
        atexit.unregister(self.discard)

    def _clean_leftovers(self) -> None:
        pattern = re.compile(rf"\.{re.escape(self.name)}\.(building|old)-(\d+)")
        try:
            names = sorted(os.listdir(self.parent))
        except OSError:
            return
        for name in names:
            match = pattern.fullmatch(name)
            if match is None or _alive(int(match.group(2))):
                continue
            path = os.path.join(self.parent, name)
            if match.group(1) == "old" and not os.path.lexists(self.target):
                os.rename(path, self.target)  # the last good site, put back
            else:
                shutil.rmtree(path, ignore_errors=True)


def drop_stale(site_dir: str, outputs: set[str], folders: tuple[str, ...]) -> None:
    """Delete the files in ``folders`` of ``site_dir`` that are not among ``outputs`` (a --dirty
    build: pages and attachments of entries withdrawn or deleted since the last build)."""
    for folder in folders:
        for directory, _dirs, names in os.walk(os.path.join(site_dir, folder), topdown=False):
            rel_dir = os.path.relpath(directory, site_dir).replace(os.sep, "/")
            for name in names:
                if f"{rel_dir}/{name}" not in outputs:
                    os.remove(os.path.join(directory, name))
            if not os.listdir(directory):
                os.rmdir(directory)


Log = logging.Logger | logging.LoggerAdapter[Any]


def report(problems: list[Problem], log: Log) -> None:
    """Log ``problems`` at their severity (MkDocs' --strict fails on warnings)."""
    for problem in problems:
        if problem.severity == "error":
            log.error(str(problem))
        elif problem.severity == "warning":
            log.warning(str(problem))
        else:
            log.info(str(problem))


def unwind_on_sigterm() -> None:
    """SIGTERM (a CI job cancelled, systemd stopping) unwinds the build like Ctrl-C does, so that
    its working folder and helper processes are removed (on_shutdown, atexit)."""
    if threading.current_thread() is threading.main_thread() \
            and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit_on_signal)


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
