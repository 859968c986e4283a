"""A spinner with the elapsed time on standard error while a long step runs, for a person
at a terminal. Never shown when standard error is not a terminal (piped, redirected,
CI logs), whatever the environment says about colours."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


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
