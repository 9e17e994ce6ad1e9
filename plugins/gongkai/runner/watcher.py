"""``mkdocs serve``: notice edits by the system's file events instead of polling the folders.

MkDocs' live-reload server polls every watched folder twice a second with watchdog's
``PollingObserver``: each poll lists and ``stat``s every file below ``content/``.  With 10,000
entries one poll takes a good part of the half second, so the poller competes with the rebuild for
the interpreter the whole time (a rebuild ran about 1.8× slower beside it) and an edit waits for the
next poll before anything starts.  Here the server's observer is replaced, before it starts, by
watchdog's native observer for the platform (inotify on Linux, FSEvents on macOS, the directory
change API on Windows), which costs nothing between edits and reports a save at once.

Two differences from polling are handled: native observers also report files being *read*
(opened, closed without writing) — the build itself reads every entry, which would trigger a
rebuild after each rebuild — so only changes are subscribed to; and a folder moved or deleted as a
whole arrives as a folder event, which MkDocs ignores, so it is passed on as a change of a file.

Folders on network shares or mounted into some containers send no events: ``serve_watcher:
polling`` keeps MkDocs' poller, and if the native observer cannot start (no inotify, too many
watches) the poller stays, with a log line saying why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

# What an edit, a new file, a deletion or a rename produce; never an open or a read.
CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent,
    DirCreatedEvent, DirDeletedEvent, DirMovedEvent,
]


class _FolderAsFile(FileSystemEventHandler):
    """Pass a folder created, deleted or moved on as a file change (MkDocs skips folder events).

    With ``only``, just the events of that one file (watched through its folder) are passed on.
    """

    def __init__(self, inner: FileSystemEventHandler, only: str | None = None) -> None:
        self.inner = inner
        self.only = only

    def dispatch(self, event: FileSystemEvent) -> None:
        if self.only is not None and self.only not in (_path(event.src_path),
                                                       _path(event.dest_path)):
            return
        if event.is_directory:
            if not isinstance(event, (DirCreatedEvent, DirDeletedEvent, DirMovedEvent)):
                return  # "a folder's contents changed": its files' own events follow
            event = FileModifiedEvent(event.src_path)
        self.inner.dispatch(event)


def _path(path: str | bytes) -> str:
    return path.decode() if isinstance(path, bytes) else path


class ChangeObserver(Observer):  # type: ignore[misc, valid-type]  # the platform's native observer
    """The platform's native observer, subscribed to changes only; ``start`` may be called twice."""

    def schedule(self, event_handler: FileSystemEventHandler, path: str | Path, *,
                 recursive: bool = False, event_filter: list[type[FileSystemEvent]] | None = None,
                 follow_symlink: bool = False) -> ObservedWatch:
        only = None
        if Path(path).is_file():
            # A file is watched through its folder: an editor that saves by writing a new file and
            # renaming it over the old one would end a watch on the file itself at the first save.
            only, path, recursive = str(path), str(Path(path).parent), False
        watch: ObservedWatch = super().schedule(
            _FolderAsFile(event_handler, only), path, recursive=recursive,
            event_filter=event_filter or CHANGES, follow_symlink=follow_symlink)
        return watch

    def start(self) -> None:
        if not self.is_alive():  # started early by use_native_watcher; MkDocs starts it again
            super().start()


def native_observer_available() -> bool:
    """Whether this platform has an observer other than polling."""
    return Observer is not PollingObserver


def use_native_watcher(server: Any) -> str:
    """Swap the live-reload ``server``'s polling observer for a native one; the log line to print.

    ``server`` is MkDocs' ``LiveReloadServer`` before ``serve()``: its ``observer`` has the watches
    MkDocs scheduled (``docs_dir``, ``mkdocs.yml``) and has not started.  The watches are made
    again through ``server.watch`` so that MkDocs' own callback and bookkeeping are kept.
    """
    old: BaseObserver = server.observer
    if not isinstance(old, PollingObserver) or not native_observer_available():
        return "mkdocs serve: the folders are polled for changes (no native file events here)"
    watched: dict[str, int] = dict(server._watched_paths)
    refs: dict[str, Any] = dict(server._watch_refs)
    new = ChangeObserver()
    server.observer = new
    server._watched_paths.clear()
    server._watch_refs.clear()
    try:
        for path, count in watched.items():
            for _ in range(count):
                server.watch(path)
        new.start()  # here, so that a failure (no inotify, too many watches) is caught
    except (OSError, RuntimeError) as error:
        new.unschedule_all()
        server.observer = old
        server._watched_paths.clear()
        server._watched_paths.update(watched)
        server._watch_refs.clear()
        server._watch_refs.update(refs)
        return (f"mkdocs serve: native file events unavailable ({error}); the folders are polled "
                "for changes instead")
    old.unschedule_all()
    return (f"mkdocs serve: changes are noticed by the system's file events "
            f"({type(new).__mro__[1].__name__}) — set serve_watcher: polling where none arrive "
            "(network shares, some container mounts)")
