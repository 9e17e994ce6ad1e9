"""Work the build needs later, done meanwhile in a forked process (the search index, say).

MkDocs runs the steps of a build one after another on one core: reading the files, the
navigation, reading every page.  Work that only the end of the build needs — the search index is
written with the other data files, after the pages are read — can run beside those steps on the
second core.  The child process inherits the validated site (``fork``: nothing is copied or
pickled on the way in) and hands back its result through a pipe.  Without ``fork`` (or under
``mkdocs serve``, whose server threads do not mix with it) the work is done at once, in this
process: the same result, later.
"""

from __future__ import annotations

import atexit
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from ..core.parallel import can_fork, fork_context, fork_process

T = TypeVar("T")


# The processes still working: stopped when the build ends early (interrupted, failed).
_RUNNING: set[Background[Any]] = set()


def _child(function: Callable[..., Any], args: tuple[Any, ...], conn: Connection) -> None:
    try:
        conn.send(("ok", function(*args)))
    except BaseException as error:  # handed to the parent, which raises it where it waits
        conn.send(("error", "".join(traceback.format_exception(error))))
    finally:
        conn.close()


class Background(Generic[T]):
    """``function(*args)``, computed in a forked process when ``fork`` is true and available."""

    def __init__(self, function: Callable[..., T], *args: Any, fork: bool = True) -> None:
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._value: T | None = None
        if fork and can_fork():
            receive, send = fork_context().Pipe(duplex=False)
            # The arguments reach the child by fork (no pickling); only the result is pickled.
            # Not a daemon: a daemonic process may not start the workers of core/parallel.py.
            # A function that waits for the build must give up if the build process ends.
            self._process = fork_process(_child, (function, args, send))
            send.close()
            self._conn = receive
            _RUNNING.add(self)
        else:
            self._value = function(*args)

    def result(self) -> T:
        """The result; waits for the process if it is still working (its error is raised here)."""
        if self._process is not None:
            assert self._conn is not None
            try:
                status, value = self._conn.recv()
            except EOFError:
                status, value = "error", "the background process ended without a result"
            finally:
                self._conn.close()
                self._process.join()
                self._process = self._conn = None
                _RUNNING.discard(self)
            if status != "ok":
                raise RuntimeError(value)
            self._value = value
        return self._value  # type: ignore[return-value]

    def cancel(self) -> None:
        """Stop the process without waiting for its result (the build failed)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            assert self._conn is not None
            self._conn.close()
            self._process = self._conn = None
            _RUNNING.discard(self)


def cancel_all() -> None:
    """Stop every background process still working (the build was interrupted or failed)."""
    for job in list(_RUNNING):
        job.cancel()


# After an interrupted build (SIGTERM, Ctrl-C) nobody waits for the results; without this,
# multiprocessing's own exit handler would wait for the processes to end.
atexit.register(cancel_all)
