"""Bulk work without the cyclic garbage collector.

Loading and auditing a million records allocates millions of small, acyclic objects;
the collector would walk all of them again and again (a third of the load time). It is
paused while any bulk step runs, in any thread, and resumed as it was afterwards.
Nothing these steps build holds a reference cycle, so nothing is left for it to free.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_active = 0
_was_enabled = False


@contextmanager
def paused_gc() -> Iterator[None]:
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
