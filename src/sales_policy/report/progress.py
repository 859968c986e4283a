"""A spinner with the elapsed time on standard error while a long step runs, for a person
at a terminal. Never shown when standard error is not a terminal (piped, redirected,
CI logs), whatever the environment says about colours."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)


@contextmanager
def shown(step: str, stream: TextIO | None = None) -> Iterator[None]:
    """Show ``step`` (``loading records``) until the block ends; then it disappears."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield
        return
    console = Console(file=stream, force_terminal=True, highlight=False)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        progress.add_task(step, total=None)
        yield


@contextmanager
def counted(step: str, stream: TextIO | None = None) -> Iterator[Callable[[int, int], None]]:
    """Show ``step`` with a count of what is done (``3/8``), told by the function given
    as ``(done, total)``; a spinner until the total is known. Nothing off a terminal."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield lambda done, total: None
        return
    console = Console(file=stream, force_terminal=True, highlight=False)
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(step, total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update
