"""Parts of a run made at once, one per core: in this process and in child processes, copies of it.

Why processes and not threads: the projection is thousands of small numpy calls, and two
threads making them hand the interpreter lock back and forth (measured: slower than one
thread). A child made by ``fork`` starts with everything the parent has loaded (the scenario,
its factors, the draws already sampled), so it costs milliseconds, and what it sends back is
small (counts and the few draws near each percentile). Only where ``fork`` is safe: Linux,
and no other Python thread running that could hold a lock the child would need.
"""

from __future__ import annotations

import atexit
import functools
import mmap
import os
import pickle
import sys
import threading
import time
from multiprocessing import Lock, Pipe
from multiprocessing.connection import wait
from typing import Callable, TypeVar

T = TypeVar("T")
TELL_EVERY = 0.1  # seconds between looks at what the children have told, while this process works
MAX_PROCESSES = 4  # each holds a block of draws' working arrays; beyond a few the run is bound by memory, not cores
# glibc's mallopt parameters (malloc.h) and the values ``steady_allocator`` gives them, in bytes: blocks under 4 MiB
# come from the heap, and up to 32 MiB of freed heap is kept for the next block rather than handed back
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD, TRIM_THRESHOLD = 4 << 20, 32 << 20
PIPE_BYTES = 1 << 20  # a child's pipe to its parent (Linux's /proc/sys/fs/pipe-max-size, for any process)
# children that sent their result, left to end on their own: a child ends by handing its memory back to the system,
# a few milliseconds (3-4 ms for a child of a 100,000-draw run) that the caller, holding the result, need not wait
# for; reaped by the next run, or at exit
ENDING: list[int] = []
ENDING_WAIT = 5.0  # seconds a child that sent its result is waited for, at most, before it is stopped


def usable_processes(asked: int | None = None) -> int:
    """How many processes a run may use here: ``asked`` (None: one per core this process may run on, at
    most ``MAX_PROCESSES``), or 1 where forking is not safe (not Linux, or another Python thread runs)."""
    if sys.platform != "linux" or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    if asked is not None:
        return max(1, int(asked))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_PROCESSES))


class Tickets:
    """The numbers 0 to ``count`` - 1, each handed out once to whichever process asks first: this one or a child
    forked after the tickets were made (``at_once``), from the front (ascending) or from the back (descending), so
    that parts of a run go to whichever process is free rather than being shared out beforehand.

    Why: on a machine whose cores are shared (a virtual machine, a laptop's fast and slow cores) one process can
    run half as fast as another for a while, and a run shared out in equal halves waits for the slower one; taken
    part by part, the faster process takes more. Why two ends: a process taking from the front needs only the
    parts up to where the ends meet (a run's draws are sampled from the first)."""

    def __init__(self, count: int):
        self._ends = mmap.mmap(-1, 16)  # anonymous and shared: the children forked later see the same bytes
        self._ends[8:16] = count.to_bytes(8, "little")  # [front, back): the numbers not handed out yet
        self._lock = Lock()

    def take(self, from_back: bool = False) -> int | None:
        """The next number from the front (or the back), or None once every number has been handed out."""
        with self._lock:
            front, back = int.from_bytes(self._ends[:8], "little"), int.from_bytes(self._ends[8:16], "little")
            if front >= back:
                return None
            if from_back:
                self._ends[8:16] = (back - 1).to_bytes(8, "little")
                return back - 1
            self._ends[:8] = (front + 1).to_bytes(8, "little")
            return front


def tickets(count: int) -> Tickets | None:
    """Tickets for ``count`` parts, or None where the system gives no lock shared between processes."""
    try:
        return Tickets(count)
    except (OSError, ImportError):  # no shared semaphores (some containers): the caller shares out beforehand
        return None


class ChildFailed(RuntimeError):
    """A child process ended without a result (killed, out of memory)."""


def at_once(tasks: list[Callable[[Callable[[int], None]], T]],
            progress: Callable[[int], None] | None = None) -> list[T]:
    """Each task run at the same time: the first in this process, each other in a child process of its own;
    their results in the tasks' order.

    A task is called with a ``tell(count)`` it may call as work is done; every count, the children's
    included (passed on whenever this process tells its own), reaches ``progress``. An error in a task
    reaches the caller as the same exception (the children are stopped first); a child that dies
    without a word raises ``ChildFailed``."""
    children = []  # (pid, connection)
    done = False  # every child sent its result: let them end on their own
    steady_allocator()
    reap_ended()
    try:
        for task in tasks[1:]:
            receiving, sending = Pipe(duplex=False)
            _roomy(sending)
            pid = os.fork()
            if pid == 0:  # the child: never returns into the caller's code
                receiving.close()
                _run_child(task, sending)
            sending.close()
            children.append((pid, receiving))
        inbox = _Inbox(children, progress)
        told = [time.monotonic()]

        def tell(count: int) -> None:  # the children's counts passed on too, a few times a second
            progress(count)
            if time.monotonic() - told[0] > TELL_EVERY:
                inbox.read(block=False)
                told[0] = time.monotonic()

        first = tasks[0](tell if progress is not None else lambda count: None)
        inbox.read(block=True)
        results = [first] + [inbox.results[k] for k in range(len(children))]
        done = True
        return results
    finally:
        for pid, connection in children:
            connection.close()
            if not done:
                _stop(pid)
        if done and children:  # left to end: see ENDING
            ENDING.extend(pid for pid, _ in children)
            reap_ended()
            _reap_at_exit()


@functools.lru_cache(maxsize=None)
def steady_allocator() -> bool:
    """Fix the C allocator's thresholds for this process (and the children it forks); whether it took them.

    Why: a forked child shares its parent's heap page by page, and the first write to a page afterwards,
    in either process, is a page fault that copies it. glibc by default moves the size above which a block
    gets a mapping of its own as blocks are freed, and hands freed memory back to the system, so a run's
    blocks of draws kept landing on pages not touched since the fork: 37,000 to 64,000 page faults a process
    in 100,000 draws of the Xiaomi plan, against 14,600 with the thresholds fixed (0.05 to 0.1 s of system time
    a process, in runs of 0.5 s). The values lie within the range glibc's own adjustment reaches (up to a
    32 MiB mapping threshold); elsewhere than glibc the call does nothing."""
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no C library to ask, or one without mallopt
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) & bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))


def _roomy(connection) -> None:
    """The pipe a child sends its result through made 1 MiB long (what Linux lets any process ask for), where it
    was 64 KiB: a result of a few MB then crosses in a few turns rather than sixty, each waiting for the other
    process to be scheduled (4-5 ms to read a 100,000-draw run's counts against 7-9 ms)."""
    import fcntl

    try:
        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (OSError, AttributeError):  # not Linux, or a system that allows less: the pipe as it is
        pass


def _run_child(task: Callable, sending) -> None:
    status = 1
    try:
        try:
            result = task(lambda count: sending.send(("progress", count)))
            sending.send(("done", result))
            status = 0
        except BaseException as exc:  # noqa: BLE001 - every error goes to the parent, which raises it
            sending.send(("error", exc if _travels(exc) else RuntimeError(f"{type(exc).__name__}: {exc}")))
        sending.close()
    finally:
        os._exit(status)  # no exit handlers, no flushing the parent's buffers twice


def _travels(exc: BaseException) -> bool:
    """Whether the parent can rebuild the exception from its pickle (one whose __init__ takes other
    arguments than it keeps cannot): else its words are sent instead."""
    try:
        return type(pickle.loads(pickle.dumps(exc))) is type(exc)
    except Exception:  # noqa: BLE001 - any failure means: send the words
        return False


class _Inbox:
    """What the children have sent: their counts passed on to ``progress``, their results kept."""

    def __init__(self, children: list, progress: Callable[[int], None] | None):
        self.children, self.progress, self.results = children, progress, {}
        self.waiting = {connection: k for k, (_, connection) in enumerate(children)}

    def read(self, block: bool) -> None:
        """Every message waiting (``block``: until every child has sent its result)."""
        while self.waiting:
            ready = wait(list(self.waiting), timeout=None if block else 0)
            if not ready:
                return
            for connection in ready:
                self._take(connection)

    def _take(self, connection) -> None:
        k = self.waiting[connection]
        try:
            kind, value = connection.recv()
        except EOFError:
            raise ChildFailed(_ended(self.children[k][0])) from None
        if kind == "progress":
            if self.progress is not None:
                self.progress(value)
        elif kind == "error":
            raise value
        else:
            self.results[k] = value
            del self.waiting[connection]


def _ended(pid: int) -> str:
    """Why a child ended without a result, in words."""
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return f"a process projecting part of the draws was stopped by signal {os.WTERMSIG(status)} (out of memory?)"
    return f"a process projecting part of the draws ended with exit code {os.waitstatus_to_exitcode(status)}"


@functools.lru_cache(maxsize=None)
def _reap_at_exit() -> None:
    """Children still ending when this process exits are waited for, so that none is left to whatever adopts it
    (its CPU time uncounted)."""
    atexit.register(reap_ended, wait=True)


def reap_ended(wait: bool = False) -> None:
    """The children left to end by earlier runs reaped: those that have ended (they all end within milliseconds), or
    with ``wait`` all of them, waiting for each to end (at exit; for a caller that counts its children's CPU time).

    Why a limit: a child that does not end (stopped by a signal) must not keep this process from ending; after
    ``ENDING_WAIT`` seconds it is stopped and reaped."""
    deadline = time.monotonic() + ENDING_WAIT
    for pid in list(ENDING):
        while True:
            try:
                ended = os.waitpid(pid, os.WNOHANG)[0] != 0
            except ChildProcessError:  # reaped already
                ended = True
            if ended or not wait:
                break
            if time.monotonic() > deadline:
                _stop(pid)
                ended = True
                break
            time.sleep(0.001)
        if ended:
            ENDING.remove(pid)


def _stop(pid: int) -> None:
    """The child ended and reaped, stopping it first if it still runs (the caller gave up on it)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
    except ChildProcessError:  # reaped already (_ended)
        pass
