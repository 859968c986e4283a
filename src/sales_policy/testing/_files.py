"""Writing records as files of the interchange format, in any format the loader reads."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from sales_policy.records.models import RECORD_MODELS, BaseRecord, dump

_LINE_BREAKS = ("\x85", "\u2028", "\u2029")


class _Dumper(yaml.SafeDumper):
    """PyYAML writes NEL, LS and PS as they are inside a single-quoted scalar, where
    reading folds them into a space; double quotes write them escaped (``\\N``)."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(mark in value for mark in _LINE_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def write_records(records: Iterable[BaseRecord], path: str | os.PathLike[str]) -> Path:
    """Write ``records`` to ``path`` as YAML (``.yaml``, ``.yml``), a JSON document
    (``.json``) or JSON Lines (``.jsonl``, ``.ndjson``), by its suffix; returns the path.

    Turns a failing example into a file the command line can audit.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        lines = (
            json.dumps({"kind": record.kind, **dump(record)}, ensure_ascii=False)
            for record in records
        )
        target.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return target
    document: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        document.setdefault(type(record).collection, []).append(dump(record))
    ordered = {name: document[name] for name in RECORD_MODELS if name in document}
    if suffix in (".yaml", ".yml"):
        text = yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False)
    elif suffix == ".json":
        text = json.dumps(ordered, ensure_ascii=False, indent=2) + "\n"
    else:
        raise ValueError(f"unknown record file format `{suffix}` (.yaml, .json or .jsonl)")
    target.write_text(text, encoding="utf-8")
    return target
