"""What loading found, as JSON (the audit result's ``records``, ``rejected``, ``warnings``
and ``file_errors`` sections) and as a terminal table."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from rich.console import Console
from rich.table import Table

from sales_policy.records import LoadResult


def load_sections(result: LoadResult) -> dict[str, Any]:
    """The audit result's sections about loading, as plain JSON data."""
    return {
        "records": {
            "loaded": len(result.records),
            "rejected": len(result.rejected),
            "by_type": result.records.counts(),
        },
        "rejected": [_rejection(r) for r in result.rejected],
        "warnings": [dataclasses.asdict(w) for w in result.warnings],
        "file_errors": [dataclasses.asdict(e) for e in result.file_errors],
    }


def _rejection(rejection: Any) -> dict[str, Any]:
    data = dataclasses.asdict(rejection)
    if not data["more"]:
        del data["more"]
    return data


def to_json(result: LoadResult) -> str:
    return json.dumps(load_sections(result), ensure_ascii=False, indent=2) + "\n"


def render_table(result: LoadResult, console: Console) -> None:
    """A summary by source and record type, then every problem on its own line."""
    kinds = sorted({kind for s in result.sources for kind in s.by_collection})
    table = Table(title="Records loaded", title_justify="left")
    table.add_column("source", overflow="fold")
    for kind in kinds:
        table.add_column(kind, justify="right")
    table.add_column("rejected", justify="right", style="red")
    for source in result.sources:
        cells = [str(source.by_collection.get(kind, 0)) for kind in kinds]
        table.add_row(source.source, *cells, str(source.rejected))
    console.print(table)
    loaded, rejected = len(result.records), len(result.rejected)
    console.print(f"{loaded} loaded, {rejected} rejected, {result.read} read", highlight=False)
    for error in result.file_errors:
        console.print(f"[red]error[/red] {error}", highlight=False, markup=True)
    for rejection in result.rejected:
        console.print(f"[red]rejected[/red] {_escape(str(rejection))}", highlight=False)
    for warning in result.warnings:
        console.print(f"[yellow]warning[/yellow] {_escape(str(warning))}", highlight=False)


def _escape(text: str) -> str:
    return text.replace("[", r"\[")
