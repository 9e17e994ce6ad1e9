"""Split independent per-entry work over the machine's cores (forked processes): the one policy.

Every part of a build that uses more than one process — reading entries, indexing them, reading
attachments (:func:`fork_map`), rendering entry pages and checking links (:func:`fork_pool`), the
search index and charts beside the build (:func:`fork_process`) — asks this module how many
processes to use (:func:`worker_count`), from how many items it pays (:data:`PARALLEL_MIN_ITEMS`),
how to start them (``fork``) and makes them die with the build (:func:`die_with_parent`).

Reading 10,000 entries and cutting their texts into search terms is pure Python and CPU bound;
each entry's work needs nothing from the others.  :func:`fork_map` cuts a list into consecutive
chunks, computes the first in this process and each other in a forked child, and returns the
results in chunk order, so that merging them gives exactly what one sequential pass gives.

Forking copies the parent's memory: the children need no pickled input, only their results are
sent back.  Everything falls back to one sequential pass — no ``fork`` on the platform, one core
or no idle one, ``GONGKAI_WORKERS=1``, fewer than :data:`PARALLEL_MIN_ITEMS` items, a daemonic
process, or a child that fails (its chunk is then computed again here, so a failure costs time,
never output).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext
from multiprocessing.pool import Pool
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

# Below this many items (entries, pages) a fork costs more than it saves.
PARALLEL_MIN_ITEMS = 400
# More processes than this gain little: each costs a fork and sends its results back.
MAX_WORKERS = 8
WORKERS_VARIABLE = "GONGKAI_WORKERS"
_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>
# Child processes started so far (tests check that the parallel path was taken).
forks = 0


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended (for the build's log)."""
    try:
        import resource  # not on Windows
    except ImportError:
        return time.process_time()
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def can_fork() -> bool:
    """Whether this platform starts processes by fork (Linux; not Windows, not macOS' default)."""
    return "fork" in multiprocessing.get_all_start_methods()


def die_with_parent(parent: int) -> None:
    """Have this forked process killed when ``parent`` (the process that forked it) ends.

    A build that is killed (SIGKILL, or a crash) cannot stop its helpers itself; a helper blocked
    on a pipe or waiting for a signal from the build would stay forever.  Linux kills the child
    when its parent ends (``prctl(PR_SET_PDEATHSIG)``); elsewhere the helpers check the parent
    themselves where they wait.
    """
    # The build's own SIGTERM handler (unwind and clean up) is not the helper's: a pool stopping
    # its workers with SIGTERM must end them at once, even while one waits on the task queue's lock.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # it ended before prctl took effect
        os._exit(1)


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count(items: int | None = None, requested: int | None = None,
                 min_items: int | None = None) -> int:
    """Processes to share ``items`` pieces of work: the one answer for every part of a build.

    One process where there is no ``fork``, in a daemonic process (it may have no children), and,
    unless ``requested``, for fewer than ``min_items`` items (default :data:`PARALLEL_MIN_ITEMS`).
    Else ``requested`` (a caller's or an option's count), ``GONGKAI_WORKERS`` if set, or the idle
    cores this process may run on, at most :data:`MAX_WORKERS`.  A core counts as idle when the
    load average leaves it free (this build counts for one): on a machine shared with other jobs
    more processes only add the cost of forking and sending results back, they get no more CPU
    time.  A process with other threads (``mkdocs serve``'s server and watcher) is not forked
    unless asked to: a child could inherit a lock another thread holds.  Never more processes
    than items.
    """
    if not can_fork() or multiprocessing.current_process().daemon:
        return 1
    if min_items is not None or requested is None:
        threshold = PARALLEL_MIN_ITEMS if min_items is None else min_items
        if items is not None and items < max(threshold, 2):
            return 1
    if requested is not None:
        count = max(1, requested)
    else:
        count = _automatic_count()
    return count if items is None else max(1, min(count, items))


def _automatic_count() -> int:
    setting = os.environ.get(WORKERS_VARIABLE, "").strip()
    if setting.isdigit():
        return max(1, int(setting))
    if threading.active_count() > 1:
        return 1
    cores = usable_cores()
    try:
        idle = int(cores - os.getloadavg()[0] + 1)
    except OSError:  # no load average on this platform
        idle = cores
    return max(1, min(cores, idle, MAX_WORKERS))


def fork_context() -> ForkContext:
    """The start method of every helper process: ``fork`` (callers check :func:`can_fork`)."""
    return multiprocessing.get_context("fork")


def fork_pool(workers: int, initializer: Callable[..., None] | None = None,
              initargs: tuple[Any, ...] = ()) -> Pool:
    """A pool of ``workers`` forked processes that die with this one, each set up by
    ``initializer(*initargs)`` (which it inherits by fork: nothing is pickled)."""
    return fork_context().Pool(workers, initializer=_start_worker,
                               initargs=(os.getpid(), initializer, initargs))


def _start_worker(parent: int, initializer: Callable[..., None] | None,
                  initargs: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def fork_process(target: Callable[..., None], args: tuple[Any, ...], daemon: bool = False) -> BaseProcess:
    """A started forked process running ``target(*args)`` that dies with this one."""
    process = fork_context().Process(target=_run_dying_with_parent,
                                     args=(os.getpid(), target, args), daemon=daemon)
    process.start()
    return process


def _run_dying_with_parent(parent: int, target: Callable[..., None], args: tuple[Any, ...]) -> None:
    die_with_parent(parent)
    target(*args)


def chunks(items: Sequence[T], count: int) -> list[Sequence[T]]:
    """``items`` in ``count`` consecutive slices of nearly equal length (none empty)."""
    count = max(1, min(count, len(items)))
    size, extra = divmod(len(items), count)
    result = []
    start = 0
    for number in range(count):
        end = start + size + (1 if number < extra else 0)
        result.append(items[start:end])
        start = end
    return result


def _run_child(connection: Connection, func: Callable[[Any], Any], chunk: Any) -> None:
    # The inherited objects stay out of garbage collection: collecting would walk the whole
    # parent heap and copy every page it touches.
    gc.freeze()
    try:
        result: tuple[bool, Any] = (True, func(chunk))
    except BaseException:  # noqa: BLE001 - the parent computes the chunk again and raises then
        result = (False, None)
    try:
        connection.send(result)
    finally:
        connection.close()


def fork_map(func: Callable[[Sequence[T]], R], items: Sequence[T], workers: int | None = None,
             min_items: int | None = None) -> list[R]:
    """``func`` of consecutive chunks of ``items``, in order; one chunk per worker process.

    ``func`` must depend only on its chunk (and on state that existed before the call), so that
    the merged results are the same whichever way the list was cut.  How many chunks:
    :func:`worker_count`; with fewer than ``min_items`` items (default
    :data:`PARALLEL_MIN_ITEMS`) there is one chunk, done here.
    """
    global forks
    count = worker_count(len(items), workers,
                         PARALLEL_MIN_ITEMS if min_items is None else min_items)
    if count == 1:
        return [func(items)]
    parts = chunks(items, count)
    children: list[tuple[Any, Any, Sequence[T]]] = []
    for part in parts[1:]:
        receiver, sender = fork_context().Pipe(duplex=False)
        try:
            process = fork_process(_run_child, (sender, func, part), daemon=True)
            forks += 1
        except (OSError, AssertionError):  # cannot fork (no memory, process limit): do it here
            receiver.close()
            sender.close()
            children.append((None, None, part))
            continue
        sender.close()
        children.append((process, receiver, part))
    try:
        results = [func(parts[0])]
    except BaseException:
        for process, receiver, _ in children:
            if process is not None:
                process.terminate()
                process.join()
            if receiver is not None:
                receiver.close()
        raise
    for process, receiver, part in children:
        outcome: tuple[bool, Any] = (False, None)
        if receiver is not None:
            try:
                outcome = receiver.recv()
            except (EOFError, OSError):
                outcome = (False, None)
            receiver.close()
        if process is not None:
            process.join()
        ok, value = outcome
        results.append(cast(R, value) if ok else func(part))
    return results
