"""What loading reports besides records: rejected records, warnings and file errors.

Field names follow ``shared/spec/audit-output.md`` (``rejected``, ``warnings``,
``file_errors``), so these serialise into the audit result unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sales_policy.errors import Location


@dataclass(frozen=True, slots=True)
class Issue:
    """One further problem of a rejected record, after its first."""

    field: str | None
    code: str
    error: str


@dataclass(frozen=True, slots=True)
class Rejection:
    """A record that did not load, where it is and why (its first problem, then the rest)."""

    source: str
    line: int | None
    column: int | None
    collection: str | None
    id: str | None
    field: str | None
    code: str
    error: str
    more: tuple[Issue, ...] = ()

    @property
    def location(self) -> Location:
        return Location(self.source, self.line, self.column)

    def __str__(self) -> str:
        record = " ".join(p for p in (self.collection, self.id and f"`{self.id}`") if p)
        what = ", ".join(p for p in (record, self.field and f"`{self.field}`") if p)
        return f"{self.location}: {self.code}: {what + ': ' if what else ''}{self.error}"


@dataclass(frozen=True, slots=True)
class LoadWarning:
    """Something loaded but worth a look, counted once per source, collection and field."""

    source: str
    collection: str | None
    field: str | None
    code: str
    count: int
    message: str

    def __str__(self) -> str:
        times = f" ({self.count} records)" if self.count > 1 else ""
        return f"{self.source}: {self.code}: {self.collection}: {self.message}{times}"


@dataclass(frozen=True, slots=True)
class FileError:
    """A file that could not be read or parsed at all; its records are not loaded."""

    source: str
    line: int | None
    column: int | None
    code: str
    message: str

    def __str__(self) -> str:
        return f"{Location(self.source, self.line, self.column)}: {self.code}: {self.message}"


@dataclass(slots=True)
class SourceCount:
    """How many records a file held, and what became of them."""

    source: str
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    by_collection: dict[str, int] = field(default_factory=dict)
