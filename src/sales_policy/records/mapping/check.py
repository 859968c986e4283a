"""Reading a mapping file into a checked ``Mapping``, or refusing it whole with every
problem listed (``file:line:col: code: message``), before any row is read.

The file is read as a policy is (``yaml_positions``: the safe loader, the alias budget,
a size limit), checked against the model (``model.py``), then against the records:
each table's collection, each field it fills, each value map's values, each date
format, and the fields its records require.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from collections.abc import Mapping as Map
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel, ValidationError

from sales_policy.errors import (
    Location,
    Problem,
    ProblemsError,
    with_choices,
    with_suggestion,
)
from sales_policy.records.formats.yaml_positions import Positions, read_yaml
from sales_policy.records.mapping.model import FieldMap, MappingFile, Table
from sales_policy.records.mapping.targets import Target, list_fields, required, targets
from sales_policy.records.models import RECORD_MODELS
from sales_policy.records.raw import DEFAULT_MAX_SIZE

FORMATS = (".csv", ".xlsx", ".jsonl", ".ndjson")
"""The kinds of file a table may be: one table per CSV or JSON Lines file, one per
workbook sheet."""

_SAMPLE = dt.datetime(2026, 11, 26, 9, 30, 15, tzinfo=dt.timezone(dt.timedelta(hours=8)))
_DAY_CODES = ("%Y", "%m", "%d")


class MappingError(ProblemsError):
    """A mapping file refused as a whole; ``problems`` lists every reason, by location."""


@dataclass(frozen=True, slots=True)
class FieldRule:
    """How one field of a record is filled: a checked ``FieldMap`` with its target."""

    name: str
    target: Target
    column: str | None
    value: Any
    default: Any
    values: Map[str, Any] | None
    formats: tuple[str, ...]
    split: str | None
    entry: Location
    """Where the field's entry stands in the mapping file."""


@dataclass(frozen=True, slots=True)
class TableRule:
    """One checked table of the mapping."""

    file: str
    sheet: str | None
    collection: str
    items_of: str | None
    fields: tuple[FieldRule, ...]
    entry: Location
    extends: bool = False

    @property
    def joined(self) -> bool:
        """Whether the rows join records read from another table (by their ``id``)."""
        return self.items_of is not None or self.extends

    def matches(self, file_name: str) -> bool:
        return fnmatch.fnmatchcase(file_name, self.file)

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns the table reads, in the order its fields name them."""
        return tuple(dict.fromkeys(f.column for f in self.fields if f.column is not None))


@dataclass(frozen=True, slots=True)
class Mapping:
    """A checked mapping file (``load_mapping``): give it to ``load_records(...,
    mapping=...)`` to read the files its tables name."""

    source: str
    tables: tuple[TableRule, ...]

    def tables_of(self, path: str | os.PathLike[str]) -> tuple[TableRule, ...]:
        """The tables of the file at ``path``, by its name; none: an interchange file."""
        name = PurePath(path).name
        return tuple(table for table in self.tables if table.matches(name))


def load_mapping(path: str | os.PathLike[str], *, max_size: int = DEFAULT_MAX_SIZE) -> Mapping:
    """The mapping file at ``path``, checked whole; raises ``MappingError`` listing every
    problem (``docs/integrating.md``). A file over ``max_size`` bytes is not read."""
    source = str(path)
    data, positions, problems = read_yaml(Path(path), source, max_size)
    if problems:
        raise MappingError(f"mapping {source}", problems)
    try:
        parsed = MappingFile.model_validate(data)
    except ValidationError as error:
        problems += _model_problems(error, positions)
        raise MappingError(f"mapping {source}", problems) from None
    tables = []
    seen: dict[tuple[str, str | None], int] = {}
    for index, table in enumerate(parsed.tables):
        checked = _Check(positions, ("tables", index), problems).table(table)
        key = (table.file, table.sheet)
        if key in seen:
            message = f"table {seen[key] + 1} already maps `{table.file}`" + (
                f", sheet `{table.sheet}`" if table.sheet else ""
            )
            problems.append(
                Problem(positions.of(("tables", index, "file")), "duplicate-table", message)
            )
        seen.setdefault(key, index)
        if checked is not None:
            tables.append(checked)
    problems += _given_twice(tables)
    if problems:
        raise MappingError(f"mapping {source}", problems)
    return Mapping(source, tuple(tables))


def _given_twice(tables: list[TableRule]) -> list[Problem]:
    """A field an `extends` table gives that a table of the record's own also gives: which
    of the two would count?"""
    own: dict[str, dict[str, TableRule]] = {}
    for table in tables:
        if not table.joined:
            for rule in table.fields:
                own.setdefault(table.collection, {}).setdefault(rule.name, table)
    problems = []
    for table in tables:
        if not table.extends:
            continue
        for rule in table.fields:
            other = own.get(table.collection, {}).get(rule.name)
            if rule.name != "id" and other is not None:
                message = f"`{rule.name}` is given by the table at {other.entry} too: give it once"
                problems.append(Problem(rule.entry, "conflicting-keys", message))
    return problems


def _key_path(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """A pydantic error's path as a path in the document: without the union member names
    pydantic adds (``str``, ``FieldMap``)."""
    return tuple(step for step in loc if isinstance(step, int) or not _is_member(str(step)))


def _is_member(step: str) -> bool:
    return step in ("str", "FieldMap", "bool", "int", "decimal", "list[str]") or step.startswith(
        ("function-", "constrained-")
    )


def _model_problems(error: ValidationError, positions: Positions) -> list[Problem]:
    """One problem per place: a value that fits no member of a union (text or a field
    mapping) is said once, and a field mapping is judged as one, not as text."""
    problems = []
    said: set[tuple[str | int, ...]] = set()
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        path = _key_path(loc)
        member = next((str(s) for s in loc if isinstance(s, str) and _is_member(s)), None)
        if member == "str" and isinstance(detail.get("input"), dict):
            continue  # a field mapping: its own errors say what is wrong in it
        if member is not None and detail["type"] != "extra_forbidden":
            if path in said:
                continue
            said.add(path)
        problems.append(Problem(positions.of(path), *_model_problem(path, member, detail)))
    return problems


def _model_problem(path: tuple[str | int, ...], member: str | None, detail: Any) -> tuple[str, str]:
    kind, name = detail["type"], str(path[-1]) if path else ""
    if kind == "extra_forbidden":
        known = _keys(path[:-1])
        return "unknown-key", with_suggestion(f"unknown key `{name}`", name, known)
    if kind == "missing":
        return "missing-key", f"`{name}` is required"
    found = detail.get("input")
    if member in ("str", "FieldMap"):
        return "wrong-type", (
            f"`{name}`: expected a column's header text or a mapping of `column`, `value`, ..."
            f" (found `{found}`)"
        )
    if member is not None:
        return "wrong-type", f"`{name}`: expected text, a number or true or false (found `{found}`)"
    return "wrong-type", f"`{name}`: {detail['msg'].lower()} (found `{found}`)"


def _keys(path: tuple[Any, ...]) -> list[str]:
    """The keys the mapping at ``path`` may hold."""
    model: type[BaseModel] = MappingFile
    if len(path) >= 2:
        model = Table
    if len(path) >= 4:
        model = FieldMap
    return list(model.model_fields)


@dataclass(frozen=True, slots=True)
class _Check:
    positions: Positions
    path: tuple[str | int, ...]
    problems: list[Problem]

    def report(self, code: str, message: str, *steps: str | int) -> None:
        self.problems.append(Problem(self.positions.of((*self.path, *steps)), code, message))

    def where(self, *steps: str | int) -> Location:
        return self.positions.of((*self.path, *steps))

    def table(self, table: Table) -> TableRule | None:
        suffix = PurePath(table.file).suffix.lower()
        if suffix not in FORMATS:
            known = ", ".join(FORMATS)
            message = f"`{table.file}`: a table is a file of one of {known}"
            self.report("unknown-format", message, "file")
        elif suffix == ".xlsx" and table.sheet is None:
            self.report("bad-sheet", f"`{table.file}` is a workbook: name its `sheet`", "file")
        elif suffix != ".xlsx" and table.sheet is not None:
            self.report("bad-sheet", "`sheet` is for a workbook (`.xlsx`) only", "sheet")
        if table.collection not in RECORD_MODELS:
            message = f"unknown collection `{table.collection}`"
            self.report(
                "unknown-collection",
                with_choices(message, table.collection, RECORD_MODELS),
                "collection",
            )
            return None
        if table.items_of is not None and table.items_of not in list_fields(table.collection):
            lists = list_fields(table.collection)
            message = f"`{table.collection}` has no list of records `{table.items_of}`"
            if lists:
                message = with_choices(message, table.items_of, lists)
            self.report("unknown-field", message, "items_of")
            return None
        fields = targets(table.collection, table.items_of)
        rules = []
        for name, spec in table.fields.items():
            rule = self.field(table, name, spec, fields)
            if rule is not None:
                rules.append(rule)
        if table.extends and table.items_of is not None:
            message = "`extends` adds fields to a record, `items_of` items to a list: not both"
            self.report("conflicting-keys", message, "extends")
            return None
        needs = ("id",) if table.extends else required(table.collection, table.items_of)
        missing = [name for name in needs if name not in table.fields]
        if missing:
            what = (
                f"items of `{table.items_of}`"
                if table.items_of
                else f"`{table.collection}` records"
            )
            names = ", ".join(f"`{name}`" for name in missing)
            message = f"{what} require {names}: map each from a column, or give it a `value`"
            self.report("missing-field", message, "fields")
        return TableRule(
            table.file,
            table.sheet,
            table.collection,
            table.items_of,
            tuple(rules),
            self.where(),
            table.extends,
        )

    def field(
        self, table: Table, name: str, spec: str | FieldMap, fields: dict[str, Target]
    ) -> FieldRule | None:
        at = ("fields", name)
        target = fields.get(name)
        if target is None:
            owner = f"items of `{table.items_of}`" if table.items_of else f"`{table.collection}`"
            message = with_suggestion(f"{owner} have no field `{name}`", name, fields)
            if table.items_of is None and name in list_fields(table.collection):
                message = f"`{name}` is a list of records: fill it from a table of its own"
                message += f" with `items_of: {name}`"
            self.report("unknown-field", message, *at)
            return None
        if isinstance(spec, str):
            spec = FieldMap(column=spec)
        if not self._keys_agree(spec, target, at):
            return None
        ok = True
        for key in ("value", "default"):
            given = getattr(spec, key)
            if given is not None:
                ok &= self._choice(target, given, *at, key)
        for text, given in (spec.values or {}).items():
            ok &= self._choice(target, given, *at, "values", text)
        formats = (spec.format,) if isinstance(spec.format, str) else tuple(spec.format or ())
        for index, form in enumerate(formats):
            steps = (*at, "format") if isinstance(spec.format, str) else (*at, "format", index)
            ok &= self._format(form, steps)
        if not ok:
            return None
        return FieldRule(
            name,
            target,
            spec.column,
            spec.value,
            spec.default,
            spec.values,
            formats,
            spec.split,
            self.where(*at),
        )

    def _keys_agree(self, spec: FieldMap, target: Target, at: tuple[str, str]) -> bool:
        """``column`` or ``value``, and the keys that go with a column only where it is."""
        if (spec.column is None) == (spec.value is None):
            both = "not both" if spec.column is not None else "one of them"
            self.report("conflicting-keys", f"give `column` or `value`, {both}", *at)
            return False
        if spec.column is None:
            given = [
                key
                for key in ("default", "values", "format", "split")
                if getattr(spec, key) is not None
            ]
            if given:
                message = f"`{given[0]}` is for a field read from a `column`, not a `value`"
                self.report("conflicting-keys", message, *at, given[0])
                return False
        if spec.format is not None and target.kind == "other":
            message = f"`format` is for a date or timestamp field; `{at[1]}` is neither"
            self.report("conflicting-keys", message, *at, "format")
            return False
        if spec.split is not None and target.shape.kind != "list":
            self.report(
                "conflicting-keys",
                f"`split` is for a list field; `{at[1]}` is not one",
                *at,
                "split",
            )
            return False
        if spec.split is not None and not spec.split.strip():
            self.report(
                "conflicting-keys", "`split` must be visible text, not spaces", *at, "split"
            )
            return False
        return True

    def _choice(self, target: Target, given: Any, *steps: str | int) -> bool:
        if not target.choices or str(given) in target.choices:
            return True
        message = with_choices(
            f"`{given}` is not a value of `{steps[1]}`", str(given), target.choices
        )
        self.report("unknown-value", message, *steps)
        return False

    def _format(self, form: str, steps: tuple[str | int, ...]) -> bool:
        """A format that writes and reads back a date (and time) with every part of a day."""
        try:
            written = _SAMPLE.strftime(form)
            parsed = dt.datetime.strptime(written, form)
        except ValueError as error:
            self.report("bad-format", f"`{form}` is not a date format: {error}", *steps)
            return False
        if parsed.date() != _SAMPLE.date() or not all(code in form for code in _DAY_CODES):
            message = f"`{form}` does not give a whole date: it needs `%Y`, `%m` and `%d`"
            self.report("bad-format", message, *steps)
            return False
        return True
