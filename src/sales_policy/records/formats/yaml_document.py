"""YAML documents, loaded safely, keeping the line and column of every record and field.

PyYAML's own constructor turns one impossible date (``2026-13-01``) into an error of
the whole document; here the document is only composed into nodes, and values are
built from them: an impossible date stays text, so validation rejects just its record.
Fractional numbers become ``Decimal`` from their text.

Aliases are composed on a budget (``Loader``): a few kilobytes of nested aliases would
otherwise stand for billions of values, and reading them would take the machine's
memory. An alias over the budget composes to a refused node, and only the record that
holds it is rejected (``yaml-alias``), at the alias.
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
from sales_policy.records.raw import FieldPath, RawRecord, too_large

_TAG = "tag:yaml.org,2002:"
_PLAIN_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"[-+]?(\d[\d_]*)?\.?\d[\d_]*([eE][-+]?\d+)?")
_CONSTRUCTOR = yaml.constructor.SafeConstructor()

_CHUNK = 1 << 16
ALIAS_LIMIT = 1_000
"""Values (scalars, lists and mappings, aliases inside counted expanded) one alias may
stand for: far more than a block of shared fields, far less than an alias bomb."""
ALIAS_ALLOWANCE = 10_000
"""Values the aliases of one document may add, together, beyond the values it writes out."""


class RefusedAlias(yaml.ScalarNode):
    """What an alias over the budget composes to: reading it raises ``AliasError``."""

    def __init__(self, event: Any, reason: str) -> None:
        super().__init__("!refused", "", event.start_mark, event.end_mark)
        self.reason = reason


class AliasError(ValueError):
    """A refused alias (``node``) was read; ``path`` leads to it."""

    def __init__(self, node: RefusedAlias, path: FieldPath = ()) -> None:
        super().__init__(node.reason)
        self.node, self.path = node, path


class DocumentTooLarge(Exception):
    """A document runs past ``max_size`` characters from ``start``."""

    def __init__(self, start: yaml.Mark, max_size: int) -> None:
        super().__init__(too_large("the YAML document starting here", max_size))
        self.start = start


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader, composing each alias only while it stays within the budget
    (``ALIAS_LIMIT``, ``ALIAS_ALLOWANCE``); an alias of the value it is inside is refused
    too. The sizes are counted as nodes are composed, so the check costs one pass.

    With ``max_size``, a document longer than that many characters raises
    ``DocumentTooLarge`` as soon as the reader passes the limit, before it is all read.
    """

    def __init__(self, stream: Any, max_size: int | None = None) -> None:
        self.max_size = max_size
        self._start_index = 0  # the reader reads its first chunk in the constructor
        super().__init__(stream)
        self._start = self.get_mark()
        self._sizes: dict[int, int] = {}  # id(node) -> values it stands for, expanded
        self._written = 0
        self._added = 0

    def update_raw(self, size: int = _CHUNK) -> None:
        # Read ahead at most one chunk past the scanner; a scalar is scanned before the
        # reader moves past it, so the check counts what was read. Chunks larger than
        # PyYAML's 4 KiB keep a long scalar from being copied once per 4 KiB.
        self._check_size(self.stream_pointer - _CHUNK)
        super().update_raw(size)

    def compose_document(self) -> yaml.Node | None:
        self._sizes, self._written, self._added = {}, 0, 0
        self._start = self.peek_event().start_mark  # type: ignore[no-untyped-call]
        self._start_index = self._start.index
        node = super().compose_document()
        if node is not None:
            self._check_size(node.end_mark.index)
        self._start_index = self.get_mark().index  # until the next document's start is read
        return node

    def _check_size(self, index: int) -> None:
        if self.max_size is not None and index - self._start_index > self.max_size:
            raise DocumentTooLarge(self._start, self.max_size)

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event: Any = self.peek_event()  # type: ignore[no-untyped-call]
            target = self.anchors.get(event.anchor)
            if target is None:  # undefined: PyYAML says so
                return super().compose_node(parent, index)
            self.get_event()  # type: ignore[no-untyped-call]
            size = self._sizes.get(id(target))
            if size is not None and size <= ALIAS_LIMIT:
                if self._added + size <= self._written + ALIAS_ALLOWANCE:
                    self._added += size
                    return target
                reason = (
                    f"alias `*{event.anchor}` refused: the document's aliases together stand"
                    f" for more than {ALIAS_ALLOWANCE:,} values beyond those written out"
                )
            elif size is None:
                reason = f"alias `*{event.anchor}` refused: it is inside the value it names"
            else:
                reason = (
                    f"alias `*{event.anchor}` refused: it stands for {size:,} values,"
                    f" more than {ALIAS_LIMIT:,} (nested aliases, as in an alias bomb?)"
                )
            refused = RefusedAlias(event, reason)
            self._sizes[id(refused)] = 1
            return refused
        node = super().compose_node(parent, index)
        if isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self._sizes[id(item)] for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            size = 1 + sum(self._sizes[id(k)] + self._sizes[id(v)] for k, v in node.value)
        else:
            size = 1
        self._sizes[id(node)] = size
        self._written += 1
        return node


class DuplicateKeyError(ValueError):
    """A mapping names ``key`` twice (``node``: the second); ``path`` leads to it."""

    def __init__(self, key: str, node: yaml.Node, path: FieldPath | None = None) -> None:
        super().__init__(key)
        self.key, self.node = key, node
        self.path: FieldPath = (key,) if path is None else path


def read(path: str, source: str, max_size: int) -> Iterator[RawRecord | FileError]:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            documents = _compose_all(Loader(handle, max_size))
    except (OSError, UnicodeDecodeError) as error:
        yield FileError(source, None, None, "unreadable-file", str(error))
        return
    except DocumentTooLarge as error:
        where = error.start.line + 1, error.start.column + 1
        yield FileError(source, *where, "too-large", str(error))
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


def _compose_all(loader: Loader) -> list[yaml.Node]:
    try:
        documents = []
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                documents.append(node)
        return documents
    finally:
        loader.dispose()


def _collections(document: yaml.MappingNode, source: str) -> Iterator[RawRecord | FileError]:
    for key_node, value_node in document.value:
        refused = next((n for n in (key_node, value_node) if isinstance(n, RefusedAlias)), None)
        if refused is not None:
            yield FileError(source, *position(refused), "yaml-alias", refused.reason)
            continue
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
                with contextlib.suppress(AliasError, RecursionError, TypeError):
                    record.data = plain(node, strict=False)  # the key's last value, as in JSON
            except AliasError as error:
                record.problem = record.problem or ("yaml-alias", str(error), error.path)
                record.data = record.data or _id_only(node)  # to name the record rejected
            except (RecursionError, TypeError):
                message = "the record nests too deeply, has a list as a key or merges no mapping"
                record.problem = ("wrong-type", message, ())
            yield record


def _id_only(node: yaml.Node) -> dict[str, Any] | None:
    """The record's ``id`` alone, where it is written as a plain value."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            plain_value = type(value) is yaml.ScalarNode
            if type(key) is yaml.ScalarNode and key.value == "id" and plain_value:
                return {"id": _scalar(value)}
    return None


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
    if isinstance(node, RefusedAlias):
        raise AliasError(node)
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
    except AliasError as error:
        raise AliasError(error.node, (step, *error.path)) from None


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
    if tag == _TAG + "bool":  # YAML 1.2's booleans; YAML 1.1's yes, no, on, off stay text
        return text.lower() == "true" if text.lower() in ("true", "false") else text
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "timestamp" and _PLAIN_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # an impossible date: validation rejects the record that holds it
    return text
