"""Bulk work without the cyclic garbage collector, for whoever owns the process.

Loading and auditing a million records allocates millions of small, acyclic objects;
the collector would walk all of them again and again (a third of the load time).
Pausing it is a switch for the whole process, every thread of it, so the library never
throws it by itself: the ``sales-policy`` program pauses it from loading to exit, and a
program that embeds the library may opt in around its own bulk work::

    with paused_gc():
        loaded = load_records(paths)
        result = engine.audit(loaded, as_of=day)

Nothing these steps build holds a reference cycle, so nothing is left for it to free.
Pauses nest and overlap across threads; the collector resumes, as it was, when the last
one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_active = 0
_was_enabled = False


__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector of the whole process inside the block."""
    global _active, _was_enabled  # noqa: PLW0603 - one process-wide switch, counted
    with _lock:
        if _active == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
            if _active == 0 and _was_enabled:
                gc.enable()
