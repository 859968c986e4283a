"""The collector is paused only when asked, and resumed as it was, across threads; the
library never pauses it for its host."""

from __future__ import annotations

import datetime as dt
import gc
import sys
import threading
from pathlib import Path

import pytest

from sales_policy import Engine, load_policy, load_records
from sales_policy.bulk import paused_gc

ROOT = Path(__file__).resolve().parents[1]
PACK = ROOT / "policies" / "sales-staff"
EXAMPLE = ROOT / "examples" / "company"


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


def test_the_library_leaves_the_collector_to_its_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading, auditing and writing JSON in one thread never switch the collector off
    for the host's other threads: only the program, or a caller who asks, pauses it."""
    done = threading.Event()
    failed: list[BaseException] = []
    disabled: list[str] = []
    disable = gc.disable

    def spied() -> None:
        disabled.append(threading.current_thread().name)
        disable()

    monkeypatch.setattr(gc, "disable", spied)

    def audit() -> None:
        try:
            engine = Engine(load_policy(PACK), "native")
            for _ in range(3):
                loaded = load_records([EXAMPLE])
                engine.audit(loaded, as_of=dt.date(2026, 11, 26)).to_json()
        except BaseException as error:  # reported by the host thread below
            failed.append(error)
        finally:
            done.set()

    seen_off = 0
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # the host thread looks often while the audit runs
    try:
        worker = threading.Thread(target=audit)
        worker.start()
        while not done.is_set():
            seen_off += not gc.isenabled()
        worker.join()
    finally:
        sys.setswitchinterval(interval)
    assert not failed, failed
    assert seen_off == 0
    assert disabled == []
