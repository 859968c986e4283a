"""One module per input format; each exposes ``read(path, source)`` yielding raw records.

A new format is one module with a ``read`` function and one line in ``READERS``.
"""

from __future__ import annotations

from sales_policy.records.formats import (
    csv_table,
    json_document,
    json_lines,
    xlsx_workbook,
    yaml_document,
)
from sales_policy.records.raw import Reader

READERS: dict[str, Reader] = {
    ".yaml": yaml_document.read,
    ".yml": yaml_document.read,
    ".json": json_document.read,
    ".jsonl": json_lines.read,
    ".ndjson": json_lines.read,
    ".csv": csv_table.read,
    ".xlsx": xlsx_workbook.read,
}
"""File suffix (lower case) -> reader."""
