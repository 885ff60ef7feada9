"""Work made one step ahead in a second thread: the next block of draws is projected while this one is counted.

Why a thread and not a process: numpy lets go of the interpreter lock in its loops over
arrays, so a projection (numpy arithmetic over thousands of draws) and the running percentiles
of the block before it (numpy sorting and selection) run on two cores at once, sharing the
arrays without copying them. The worker makes an item only while fewer than ``held`` are made
and not yet done with (the caller's own included), so memory stays that of two blocks however
many there are; the items come out in the order they went in, each made by the same code as
without the thread, so a run's numbers do not depend on it.
"""

from __future__ import annotations

import queue
import threading
from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")
_DONE = object()


def made_ahead(make: Callable[[T], R], items: Iterable[T], held: int = 2) -> Iterator[R]:
    """``make(item)`` for each item, in order, each made in a worker thread while the caller uses the one before.

    An item is done with when the caller asks for the next. An error in ``make`` reaches the caller as the
    same exception, where that item's result would have come. Closing the iterator early (``break``, an
    error in the caller) stops the worker after the item it is making, and waits for it, so that nothing
    still runs on shared state afterwards."""
    made: queue.SimpleQueue = queue.SimpleQueue()
    room = threading.Semaphore(held)
    stop = threading.Event()

    def work() -> None:
        try:
            for item in items:
                room.acquire()
                if stop.is_set():
                    return
                made.put((True, make(item)))
        except BaseException as exc:  # handed to the caller, raised there
            made.put((False, exc))
            return
        made.put((True, _DONE))

    worker = threading.Thread(target=work, name="ghgcalc-ahead", daemon=True)
    worker.start()
    try:
        while True:
            ok, value = made.get()
            if not ok:
                raise value
            if value is _DONE:
                return
            yield value
            value = None  # done with: the worker may make another
            room.release()
    finally:
        stop.set()
        room.release()  # a worker waiting for room wakes, sees the stop and returns
        worker.join()
