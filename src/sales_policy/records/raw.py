"""The form every reader hands on: one record's plain data and where it came from.

Readers differ only in how they find records and positions; everything after
them (validation, references, indexing) is shared. A reader yields ``RawRecord``
values, and a ``FileError`` where a file cannot be read at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from sales_policy.records.problems import FileError

FieldPath = tuple[str | int, ...]
"""A path into a record: ``("terms", "price")``, ``("payments", 0, "amount")``."""


def path_text(path: FieldPath) -> str:
    """``("payments", 0, "amount")`` -> ``payments[0].amount``."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else step
    return text


Locator = Callable[[Any, FieldPath], tuple[int, int | None]]
"""Finds the line and column of a field, given a record's anchor; called only on errors."""


@dataclass(slots=True)
class RawRecord:
    """One record as read, before validation.

    ``collection`` is None when the reader could not tell which collection the
    record belongs to (a JSON Lines record without a known ``kind``); ``problem``
    is set when the reader already knows the record is bad, as ``(code, message,
    field path)``.
    """

    source: str
    collection: str | None
    data: Any
    line: int
    column: int | None
    anchor: Any = None
    locator: Locator | None = None
    problem: tuple[str, str, FieldPath] | None = None

    def locate(self, path: FieldPath) -> tuple[int, int | None]:
        """The position of ``path`` in the file, else of the record itself."""
        if self.locator is None or not path:
            return self.line, self.column
        try:
            return self.locator(self.anchor, path)
        except (LookupError, ValueError, OSError):
            # The field is absent (a missing field) or the file changed: point at the record.
            return self.line, self.column


DEFAULT_MAX_SIZE = 16 * 1024 * 1024
"""The largest JSON Lines line (bytes), CSV line, YAML or JSON document (characters) a
reader takes: one record's text is far smaller, and past it a reader stops before the
text is in memory (``docs/security.md``)."""


class Reader(Protocol):
    """A format: reads one file into raw records (and file errors); no line or document
    over ``max_size`` is read whole."""

    def __call__(
        self, path: str, source: str, max_size: int, /
    ) -> Iterator[RawRecord | FileError]: ...


def too_large(what: str, max_size: int, unit: str = "characters") -> str:
    """The message of text over the size limit."""
    return (
        f"{what} is longer than the limit of {max_size:,} {unit}: raise it with"
        " `--max-size` (`max_size` of `load_records`) if the file is trusted"
    )
