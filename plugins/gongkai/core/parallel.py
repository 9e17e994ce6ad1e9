"""Split independent per-entry work over the machine's cores (forked processes).

Reading 10,000 entries and cutting their texts into search terms is pure Python and CPU bound;
each entry's work needs nothing from the others.  :func:`fork_map` cuts a list into consecutive
chunks, computes the first in this process and each other in a forked child, and returns the
results in chunk order, so that merging them gives exactly what one sequential pass gives.

Forking copies the parent's memory: the children need no pickled input, only their results are
sent back.  Everything falls back to one sequential pass — no ``fork`` on the platform, one core
or no idle one, ``GONGKAI_WORKERS=1``, fewer than :data:`PARALLEL_MIN_ITEMS` items, or a child
that fails (its chunk is then computed again here, so a failure costs time, never output).
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
from typing import Any, TypeVar, cast

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a fork costs more than it saves.
PARALLEL_MIN_ITEMS = 400
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


def worker_count() -> int:
    """Processes to use: ``GONGKAI_WORKERS`` if set, else the idle cores this process may run on.

    A core counts as idle when the load average leaves it free (this build counts for one): on a
    machine shared with other jobs more processes only add the cost of forking and sending
    results back, they get no more CPU time.  A process with other threads (``mkdocs serve``'s
    server and watcher) is not forked: a child could inherit a lock another thread holds.
    """
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


def _run_child(connection: Connection, func: Callable[[Any], Any], chunk: Any, parent: int) -> None:
    die_with_parent(parent)
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
    the merged results are the same whichever way the list was cut.  With fewer than
    ``min_items`` items (default :data:`PARALLEL_MIN_ITEMS`) there is one chunk, done here.
    """
    global forks
    count = worker_count() if workers is None else max(1, workers)
    if min_items is None:
        min_items = PARALLEL_MIN_ITEMS
    if (count == 1 or len(items) < max(min_items, 2)
            or not can_fork()
            # A daemonic process (the build's background search process) may have no children.
            or multiprocessing.current_process().daemon):
        return [func(items)]
    parts = chunks(items, count)
    context = multiprocessing.get_context("fork")
    children: list[tuple[Any, Any, Sequence[T]]] = []
    for part in parts[1:]:
        receiver, sender = context.Pipe(duplex=False)
        try:
            process = context.Process(target=_run_child, args=(sender, func, part, os.getpid()),
                                      daemon=True)
            process.start()
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
