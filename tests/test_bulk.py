"""The collector is paused during bulk work, and resumed as it was, across threads."""

from __future__ import annotations

import gc
import threading

from sales_policy.bulk import paused_gc


def test_paused_inside_and_resumed_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_threads_resume_only_when_all_are_done() -> None:
    entered, release = threading.Event(), threading.Event()

    def worker() -> None:
        with paused_gc():
            entered.set()
            release.wait()

    thread = threading.Thread(target=worker)
    thread.start()
    entered.wait()
    with paused_gc():
        pass
    assert not gc.isenabled()  # the worker is still inside
    release.set()
    thread.join()
    assert gc.isenabled()
