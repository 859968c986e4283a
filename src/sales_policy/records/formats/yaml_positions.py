"""A whole YAML document (a policy file, a mapping file) read safely into plain data, with
the line and column of every value."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sales_policy.errors import Location, Problem
from sales_policy.records.formats.yaml_document import (
    AliasError,
    DuplicateKeyError,
    Loader,
    RefusedAlias,
    plain,
    position,
)
from sales_policy.records.raw import too_large

Path_ = tuple[str | int, ...]


class Positions:
    """Where each value of a YAML document stands, by its path from the root."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._at: dict[Path_, tuple[int, int]] = {}

    def record(self, path: Path_, node: yaml.Node) -> None:
        # A mapping's value is placed at its key, where a reader looks first.
        self._at.setdefault(path, position(node))

    def of(self, path: Path_) -> Location:
        """The location of ``path``, or of its nearest enclosing value that has one."""
        for end in range(len(path), -1, -1):
            found = self._at.get(tuple(path[:end]))
            if found is not None:
                return Location(self.source, *found)
        return Location(self.source, 1, 1)


def read_yaml(
    path: Path, source: str, max_size: int | None = None
) -> tuple[Any, Positions, list[Problem]]:
    """The document at ``path``, its positions, and the problems that kept it from loading.
    A file over ``max_size`` bytes is refused (``too-large``) before it is read."""
    positions = Positions(source)
    try:
        if max_size is not None and path.stat().st_size > max_size:
            message = too_large("the file", max_size, "bytes")
            return None, positions, [Problem(Location(source), "too-large", message)]
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return None, positions, [Problem(Location(source), "unreadable-file", str(error))]
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow; no mark
        line = text.count("\n", 0, error.position) + 1
        column = error.position - text.rfind("\n", 0, error.position)
        message = f"character #x{error.character:04x} is not allowed in YAML"
        return None, positions, [Problem(Location(source, line, column), "parse-error", message)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = Location(source, mark.line + 1, mark.column + 1) if mark else Location(source)
        message = " ".join(p for p in (error.context, error.problem) if p) or "not valid YAML"
        return None, positions, [Problem(where, "parse-error", message)]
    if node is None:
        return None, positions, [Problem(Location(source, 1, 1), "empty-file", "the file is empty")]
    try:
        return _walk(node, (), positions), positions, []
    except DuplicateKeyError as error:
        where = Location(source, *position(error.node))
        return None, positions, [Problem(where, "duplicate-key", f"`{error.key}` is given twice")]
    except AliasError as error:
        where = Location(source, *position(error.node))
        return None, positions, [Problem(where, "yaml-alias", str(error))]


def _walk(node: yaml.Node, path: Path_, positions: Positions) -> Any:
    positions.record(path, node)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            # Keys are names: `on` or `no` stay text (YAML 1.1 would make them booleans).
            plain_key = isinstance(key_node, yaml.ScalarNode) and not isinstance(
                key_node, RefusedAlias
            )
            key = key_node.value if plain_key else plain(key_node)
            if key in result:
                raise DuplicateKeyError(str(key), key_node)
            positions.record((*path, key), key_node)
            result[key] = _walk(value_node, (*path, key), positions)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*path, i), positions) for i, item in enumerate(node.value)]
    return plain(node)
