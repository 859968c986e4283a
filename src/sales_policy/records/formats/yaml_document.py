"""YAML documents, loaded safely, keeping the line and column of every record and field.

PyYAML's own constructor turns one impossible date (``2026-13-01``) into an error of
the whole document; here the document is only composed into nodes, and values are
built from them: an impossible date stays text, so validation rejects just its record.
Fractional numbers become ``Decimal`` from their text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import yaml

from sales_policy.records.formats.documents import TOP_LEVEL, collection_problem, not_a_list
from sales_policy.records.problems import FileError
from sales_policy.records.raw import FieldPath, RawRecord

_TAG = "tag:yaml.org,2002:"
_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"[-+]?(\d[\d_]*)?\.?\d[\d_]*([eE][-+]?\d+)?")
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


class DuplicateKeyError(ValueError):
    """A mapping names ``key`` twice (``node``: the second); ``path`` leads to it."""

    def __init__(self, key: str, node: yaml.Node, path: FieldPath | None = None) -> None:
        super().__init__(key)
        self.key, self.node = key, node
        self.path: FieldPath = (key,) if path is None else path


def read(path: str, source: str) -> Iterator[RawRecord | FileError]:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            documents = list(yaml.compose_all(handle, Loader=yaml.SafeLoader))
    except (OSError, UnicodeDecodeError) as error:
        yield FileError(source, None, None, "unreadable-file", str(error))
        return
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        message = " ".join(part for part in (error.context, error.problem) if part)
        yield FileError(source, line, column, "parse-error", message or "not valid YAML")
        return
    except yaml.YAMLError as error:
        yield FileError(source, None, None, "parse-error", str(error))
        return
    for document in documents:
        if _is_null(document):
            continue
        if not isinstance(document, yaml.MappingNode):
            yield FileError(source, *position(document), "not-a-mapping", TOP_LEVEL)
            continue
        yield from _collections(document, source)


def _collections(document: yaml.MappingNode, source: str) -> Iterator[RawRecord | FileError]:
    for key_node, value_node in document.value:
        name = plain(key_node)
        if _is_null(value_node):
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            kind = "a mapping" if isinstance(value_node, yaml.MappingNode) else "a single value"
            message = not_a_list(str(name), kind)
            yield FileError(source, *position(value_node), "not-a-list", message)
            continue
        problem = collection_problem(name)
        for node in value_node.value:
            record = RawRecord(
                source,
                str(name),
                None,
                *position(node),
                anchor=node,
                locator=_locate,
                problem=problem,
            )
            try:
                record.data = plain(node)
            except DuplicateKeyError as error:
                record.problem = record.problem or ("duplicate-field", "is given twice", error.path)
                with contextlib.suppress(RecursionError, TypeError):
                    record.data = plain(node, strict=False)  # the key's last value, as in JSON
            except (RecursionError, TypeError):
                message = "the record nests too deeply, has a list as a key or merges no mapping"
                record.problem = ("wrong-type", message, ())
            yield record


def position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column where a node starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null"


def _locate(anchor: Any, path: FieldPath) -> tuple[int, int | None]:
    node = anchor
    for step in path:
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode):
            node = node.value[step]
            target = node
        elif isinstance(node, yaml.MappingNode):
            found = [(k, v) for k, v in node.value if plain(k) == step]
            if not found:
                raise LookupError(path)
            target, node = found[-1]  # of a repeated key, the one whose value was read
        else:
            raise LookupError(path)
    return position(target)


def plain(node: yaml.Node, *, strict: bool = True) -> Any:
    """The value a node stands for; dates that do not exist stay text, fractions are Decimal.

    ``strict`` refuses a key written twice in one mapping (else its last value counts);
    a key merged in with ``<<: *base`` may be overridden: that is what merging is for.
    """
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_item(index, item, strict) for index, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        merged: dict[Any, Any] = {}
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merged = {**_merged(value_node, strict), **merged}
                continue
            key = plain(key_node)
            if strict and key in result:
                raise DuplicateKeyError(str(key), key_node)
            result[key] = _item(str(key), value_node, strict)
        return {**merged, **result}
    raise LookupError(node)  # pragma: no cover - the composer makes only these three


def _item(step: str | int, node: yaml.Node, strict: bool) -> Any:
    """The value of ``node``, at ``step`` of its parent: a repeated key inside gets its path."""
    try:
        return plain(node, strict=strict)
    except DuplicateKeyError as error:
        raise DuplicateKeyError(error.key, error.node, (step, *error.path)) from None


def _merged(node: yaml.Node, strict: bool) -> dict[Any, Any]:
    """The fields ``<<: *base`` (or ``<<: [*first, *second]``) merges in; the first wins."""
    bases = node.value if isinstance(node, yaml.SequenceNode) else [node]
    merged: dict[Any, Any] = {}
    for base in reversed(bases):
        value = plain(base, strict=strict)
        if not isinstance(value, dict):
            raise TypeError("only mappings can be merged")
        merged.update(value)
    return merged


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, text = node.tag, node.value
    if tag == _TAG + "str":
        return text
    if tag == _TAG + "int":
        return _CONSTRUCTOR.construct_yaml_int(node)
    if tag == _TAG + "float":
        return Decimal(text.replace("_", "")) if _DECIMAL.fullmatch(text) else text
    if tag == _TAG + "bool":
        return _CONSTRUCTOR.construct_yaml_bool(node)
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "timestamp" and _PLAIN_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # an impossible date: validation rejects the record that holds it
    return text
