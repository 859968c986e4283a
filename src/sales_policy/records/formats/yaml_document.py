"""YAML documents, loaded safely, keeping the line and column of every record and field.

PyYAML's own constructor turns one impossible date (``2026-13-01``) into an error of
the whole document; here the document is only composed into nodes, and values are
built from them: an impossible date stays text, so validation rejects just its record.
Fractional numbers become ``Decimal`` from their text.
"""

from __future__ import annotations

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


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str, node: yaml.Node) -> None:
        super().__init__(key)
        self.key, self.node = key, node


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
            yield FileError(source, *_position(document), "not-a-mapping", TOP_LEVEL)
            continue
        yield from _collections(document, source)


def _collections(document: yaml.MappingNode, source: str) -> Iterator[RawRecord | FileError]:
    for key_node, value_node in document.value:
        name = _value(key_node)
        if _is_null(value_node):
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            kind = "a mapping" if isinstance(value_node, yaml.MappingNode) else "a single value"
            message = not_a_list(str(name), kind)
            yield FileError(source, *_position(value_node), "not-a-list", message)
            continue
        problem = collection_problem(name)
        for node in value_node.value:
            record = RawRecord(
                source,
                str(name),
                None,
                *_position(node),
                anchor=node,
                locator=_locate,
                problem=problem,
            )
            try:
                record.data = _value(node)
            except _DuplicateKeyError as error:
                record.problem = record.problem or (
                    "duplicate-field",
                    "is given twice",
                    (error.key,),
                )
                record.line, record.column = _position(error.node)
            except (RecursionError, TypeError):
                message = "the record nests too deeply or uses a list as a key"
                record.problem = ("wrong-type", message, ())
            yield record


def _position(node: yaml.Node) -> tuple[int, int]:
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
            found = [(k, v) for k, v in node.value if _value(k) == step]
            if not found:
                raise LookupError(path)
            target, node = found[0]
        else:
            raise LookupError(path)
    return _position(target)


def _value(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        _CONSTRUCTOR.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _value(key_node)
            if key in result:
                raise _DuplicateKeyError(str(key), key_node)
            result[key] = _value(value_node)
        return result
    raise LookupError(node)  # pragma: no cover - the composer makes only these three


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
